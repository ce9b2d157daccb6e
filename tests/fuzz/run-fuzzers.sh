#!/bin/sh
# Runs each fuzz target for a bounded time (the `fuzz` run target of a
# -Dfuzzing=true build; tools/fuzz.sh is the way in).
#   run-fuzzers.sh SEED_DIR BUILD_DIR NAME PROGRAM [NAME PROGRAM...]
# BD_FUZZ_SECONDS: seconds per target (default 60); BD_FUZZ_TARGETS: the
# names to run (default all). Inputs that add coverage collect in
# BUILD_DIR/corpus/NAME, crashes in BUILD_DIR/artifacts/NAME; a crash worth
# keeping goes into SEED_DIR/NAME/crash-WHAT, which the test suite replays.
set -eu

seeds=$1
out=$2
shift 2
seconds=${BD_FUZZ_SECONDS:-60}
found=""

while [ $# -ge 2 ]; do
  name=$1
  program=$2
  shift 2

  case " ${BD_FUZZ_TARGETS:-$name} " in
    *" $name "*) ;;
    *) continue ;;
  esac

  mkdir -p "$out/corpus/$name"
  rm -rf "$out/artifacts/$name"
  mkdir -p "$out/artifacts/$name"

  echo "== fuzz-$name for $seconds s"
  # -fork with -ignore_crashes goes on after a crash (the known ones come
  # back at once, the seeds hold them) and keeps each crash it meets; the
  # first corpus directory is the one libFuzzer adds to, the seeds stay as
  # they are.
  "$program" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/artifacts/$name/" \
    "$out/corpus/$name" "$seeds/$name" 2>"$out/artifacts/$name.log" || true
  tail -n 3 "$out/artifacts/$name.log"

  for crash in "$out/artifacts/$name"/*; do
    [ -e "$crash" ] || continue
    found="$found $crash"
  done
done

if [ -n "$found" ]; then
  echo
  echo "Inputs that crashed or broke an invariant (replay one with PROGRAM FILE):"
  for crash in $found; do
    echo "  $crash"
  done
  exit 1
fi
echo "No crashes."
