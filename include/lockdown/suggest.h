/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_SUGGEST_H
#define LOCKDOWN_SUGGEST_H

#define LD_EDIT_DISTANCE_MAX 64u

/*
 * The Levenshtein distance between a and b (insertions, deletions and
 * substitutions of bytes); LD_EDIT_DISTANCE_MAX when either is that long.
 */
unsigned ld_edit_distance(const char *a, const char *b);

#endif
