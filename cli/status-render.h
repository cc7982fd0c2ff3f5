/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_STATUS_RENDER_H
#define CLI_STATUS_RENDER_H

#include "cli.h"

struct json_object;
struct ld_status;

int status_render_text(const struct ld_status *st);
int status_render_reasons_text(const struct ld_status *st);
/* the reason catalogue as a JSON array, from the same columns as the table */
struct json_object *status_reasons_json(const struct ld_status *st);
int status_render_json(const struct ld_status *st, const struct cli_opts *opts, bool reasons_only);

#endif
