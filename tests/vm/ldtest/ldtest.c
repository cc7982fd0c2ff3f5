// SPDX-License-Identifier: GPL-2.0
/*
 * ldtest: the unsigned, out-of-tree module the VM tests plant. Its "io"
 * parameter is declared as a hardware I/O port, which integrity refuses to
 * set (module_param_hw, KERNEL_PARAM_FL_HWPARAM).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

static int io;
module_param_hw(io, int, ioport, 0644);
MODULE_PARM_DESC(io, "a fake I/O port");
MODULE_DESCRIPTION("lockdownctl test module");
MODULE_LICENSE("GPL");
