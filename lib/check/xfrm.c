// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 10: IPsec. Confidentiality zeroes the keys in every XFRM SA dump
 * (ip xfrm state, monitoring tools): nothing fails, but tools that read keys
 * back, such as for debugging or failover, see zeros. A warning, not a
 * blocker. Needs the live system and CAP_NET_ADMIN (a netlink dump).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

#include "detectors.h"
#include "lockdown/root.h"

#define D "xfrm"

/* Number of SAs in the kernel's table, or -errno. */
static int count_sas(void)
{
	struct {
		struct nlmsghdr nh;
		struct xfrm_usersa_id id;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = XFRM_MSG_GETSA,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
	};
	char buf[16384];
	int fd, n = 0, done = 0;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
		return -errno;
	if (send(fd, &req, sizeof(req), 0) < 0) {
		n = -errno;
		goto out;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				n = e->error ? e->error : n;
				done = 1;
				break;
			}
			if (nh->nlmsg_type == XFRM_MSG_NEWSA)
				n++;
		}
	}
out:
	close(fd);
	return n;
}

int ld_detect_xfrm(struct check_state *st)
{
	char ev[160];
	int n;

	if (!ld_root_is_live(st->ctx->root))
		return ld_check_unseen(st->ctx, D, "IPsec SAs (needs the live system)", -EOPNOTSUPP);
	n = count_sas();
	if (n < 0)
		return ld_check_unseen(st->ctx, D, "IPsec SAs (netlink XFRM dump)", n);
	if (n == 0)
		return 0;
	snprintf(ev, sizeof(ev), "%d IPsec SA%s in the kernel: %s read back as zeros", n,
		 n == 1 ? "" : "s", n == 1 ? "its keys" : "their keys");
	return ld_check_add(st->ctx, D, "xfrm.sa-keys", "LOCKDOWN_XFRM_SECRET", LD_SEVERITY_WARNING,
			    ev, "ip xfrm state shows the keys as zeros",
			    "keep keys in the IKE daemon's configuration, not read back from the kernel");
}
