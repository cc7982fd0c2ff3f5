/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/check: the bytes of data/software.json (see software_data.c). */
#ifndef LIB_CHECK_SOFTWARE_DATA_H
#define LIB_CHECK_SOFTWARE_DATA_H

#include <stddef.h>

extern const char ld_software_json_start[];
extern const char ld_software_json_end[];
size_t ld_software_json_size(void);

#endif
