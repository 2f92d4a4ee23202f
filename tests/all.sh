#!/bin/sh
# The whole test suite: a normal build (build/) and an ASan+UBSan build
# (build-asan/), each configured, built (incrementally if the directory is
# there already) and run with ctest.  Used by the README and by .ci/run.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure)
# Sanitizers: leak checking is off because fontconfig and Poppler keep
# process-lifetime caches that LeakSanitizer reports as leaks.
cmake -S . -B build-asan -DSARABAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure)
