/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Text formats the check detectors read, as pure functions (tested and fuzzed). */
#ifndef LOCKDOWN_CHECKPARSE_H
#define LOCKDOWN_CHECKPARSE_H

#include <stddef.h>

/*
 * A /proc/modules line: "name size refs deps state addr [(TAINTS)]".
 * Copies the name and the taint letters (empty when none). -EBADMSG if it is
 * not of that form, -ENAMETOOLONG if a field does not fit.
 */
int ld_proc_modules_line(const char *line, size_t len, char *name, size_t name_size, char *taints,
			 size_t taints_size);

/* Called per "param[=value]" of an options line; value is NULL without '='. */
typedef int (*ld_modprobe_param_fn)(const char *module, const char *param, const char *value,
				    void *userdata);

/*
 * A modprobe.d line "options MODULE param=value ..." (blanks or tabs, '#'
 * starts a comment). Other commands and blank lines are skipped (0). The
 * line is copied, not modified.
 */
int ld_modprobe_options_line(const char *line, size_t len, ld_modprobe_param_fn fn,
			     void *userdata);

/*
 * How sure we are that a module parameter sets a hardware resource
 * (module_param_hw): 2 certain by name, 1 probable, 0 not.
 */
int ld_hw_param_certainty(const char *name);

#endif
