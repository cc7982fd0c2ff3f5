# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the test tiers. Under CI every tool the tests use is installed by
# scripts/install-deps.sh, so a missing one is a failure, never a skip. CI=1,
# CI=yes and CI=true all mean CI (as GitHub, GitLab and Buildkite spell it).
is_ci() { case ${CI:-} in true | TRUE | True | 1 | yes | YES) return 0 ;; esac; return 1; }
