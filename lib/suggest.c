// SPDX-License-Identifier: LGPL-2.1-or-later
/* How far a mistyped word is from a known one, for "did you mean". */
#include <string.h>

#include "lockdown/suggest.h"

unsigned ld_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[LD_EDIT_DISTANCE_MAX];

	if (lb >= LD_EDIT_DISTANCE_MAX || la >= LD_EDIT_DISTANCE_MAX)
		return LD_EDIT_DISTANCE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned prev = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cur = row[j], best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}
