#!/bin/sh
# Builds Backorder Desk with AddressSanitizer and UndefinedBehaviorSanitizer
# in build-sanitize/ and runs the whole test suite under them, on a virtual
# X server with a session bus as run-tests.sh does. Any ASan or UBSan report,
# or a leak, aborts the program and fails its test. tests/lsan.supp names
# leaks inside system libraries only, never in the project's code.
# Extra arguments go to meson test.
set -eu
cd "$(dirname "$0")/.."

./tools/install-deps.sh

dir=build-sanitize
# Frame pointers give the fast unwinder stacks through our code, but system
# libraries have none: a leak's stack may stop at g_malloc. For the whole
# stack, run that test again with LSAN_OPTIONS=...:fast_unwind_on_malloc=0
# (add GDK_DEBUG=gl-disable for the UI test: the slow unwinder deadlocks in
# libgcc when Mesa's llvmpipe registers its JIT code).
options="-Db_sanitize=address,undefined -Dc_args=-fno-omit-frame-pointer"
if [ -f "$dir/build.ninja" ]; then
  # shellcheck disable=SC2086
  meson setup --reconfigure $options "$dir" >/dev/null
else
  rm -rf "$dir"
  # shellcheck disable=SC2086
  meson setup $options "$dir" >/dev/null
fi
meson compile -C "$dir"

# meson test puts in its own ASAN_OPTIONS and UBSAN_OPTIONS only when these
# are unset.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1
UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
# print_suppressions=0: a program whose stderr a test reads (the CLI) must
# not gain a report of the suppressions it used
LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
# GLib's slice allocator would keep freed blocks from ASan and leaks from LSan.
G_SLICE=always-malloc
# Under Xvfb GDK tries EGL and then settles on GLX; Mesa leaks a table in the
# driver that the EGL attempt loads and unloads, and a leak in an unloaded
# library names no module a suppression could match. Same renderer (GL over
# GLX), without the attempt.
GDK_DEBUG=gl-glx
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS G_SLICE GDK_DEBUG

# The instrumented programs run two to three times slower than the plain
# ones the timeouts in tests/meson.build are set for (test-ui-sync, eleven
# windows each with its own PouchDB Server, took 343 s of its 300 under a
# load of 6): the timeouts are multiplied, so that only a hang fails.
set +e
xvfb-run -a dbus-run-session -- meson test -C "$dir" --print-errorlogs --timeout-multiplier 3 "$@"
status=$?

# LeakSanitizer stops every thread of the program at its exit with a tracer
# of its own; now and then that tracer itself crashes ("Tracer caught signal
# 11 ... LeakSanitizer has encountered a fatal error"), which aborts a
# program that passed its tests and leaked nothing: two UI tests in one CI
# run, both passing when run again. When every test that failed failed so,
# and only then, those run once more; a leak report, a sanitizer's finding
# or a failed assertion anywhere fails the run as before.
if [ $status -ne 0 ] && [ -f "$dir/meson-logs/testlog.json" ]; then
  again=$(python3 tools/lsan-tracer-crashes.py "$dir/meson-logs/testlog.json")
  if [ -n "$again" ]; then
    echo "=== LeakSanitizer's own tracer crashed (no leak was reported) in: $again; running those once more"
    # shellcheck disable=SC2086
    xvfb-run -a dbus-run-session -- meson test -C "$dir" --no-rebuild --print-errorlogs --timeout-multiplier 3 $again
    status=$?
  fi
fi
exit $status
