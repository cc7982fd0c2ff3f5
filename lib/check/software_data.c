// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * data/software.json, built into the library: the knowledge base is
 * lockdownctl's own, never read from the root being checked.
 */
#include <stddef.h>

#include "software_data.h"

#ifndef LD_SOFTWARE_JSON
#error "LD_SOFTWARE_JSON: the path of data/software.json (set by the Makefile)"
#endif

__asm__(".pushsection .rodata\n"
	".balign 8\n"
	".globl ld_software_json_start\n"
	".type ld_software_json_start, @object\n"
	"ld_software_json_start:\n"
	".incbin \"" LD_SOFTWARE_JSON "\"\n"
	".globl ld_software_json_end\n"
	".type ld_software_json_end, @object\n"
	"ld_software_json_end:\n"
	".byte 0\n"
	".popsection\n");

size_t ld_software_json_size(void)
{
	return (size_t)(ld_software_json_end - ld_software_json_start);
}
