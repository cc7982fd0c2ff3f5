// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fdhog: hold COUNT open file descriptors, spread over the given paths, and
 * wait to be killed. bench/check.sh runs thousands of these to give the
 * process scan of `lockdownctl check` a busy host to look at.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int count;

	if (argc < 3 || (count = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: fdhog COUNT PATH...\n");
		return 2;
	}
	for (int i = 0; i < count; i++)
		if (open(argv[2 + i % (argc - 2)], O_RDONLY) < 0) {
			perror(argv[2 + i % (argc - 2)]);
			return 1;
		}
	pause();
	return 0;
}
