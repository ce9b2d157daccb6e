#!/bin/sh
# Fuzzes the CSV reader and the date, money and integer parsers with
# libFuzzer, each for a bounded time, in build-fuzz/ (clang, -Dfuzzing=true).
# Never part of .ci/run: the normal suite replays the corpora instead.
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    (csv date money int)
# A crash is kept in build-fuzz/tests/fuzz/artifacts/TARGET/; to keep it for
# good, copy it to tests/fuzz/corpus/TARGET/crash-WHAT.
set -eu
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets="$*"

./tools/install-deps.sh

# Debian's clang and its libFuzzer
missing=""
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
fi

if [ -f build-fuzz/build.ninja ]; then
  meson setup --reconfigure build-fuzz -Dfuzzing=true >/dev/null
else
  rm -rf build-fuzz
  CC=clang meson setup build-fuzz -Dfuzzing=true >/dev/null
fi

# only what the fuzzers need, not the application
export BD_FUZZ_SECONDS="$seconds"
export BD_FUZZ_TARGETS="$targets"
exec meson compile -C build-fuzz fuzz
