/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Inputs beyond this are not interesting and only slow the fuzzer down. Each
 * harness also names the largest input its parser meets in real use, on a
 * line "fuzz-options: -max_len=N" in a comment of its own, and
 * tests/fuzz/run.sh passes that to libFuzzer: beyond it the inputs are only
 * slower, not different (a harness without one gets 65536). The corpus is
 * replayed whole, whatever its size.
 */
#define FUZZ_MAX_INPUT (256u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
