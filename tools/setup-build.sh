#!/bin/sh
# Configures ./build, or brings an existing one up to date. Warnings are
# errors (-Dwerror=true): run-tests.sh, and so CI, builds through here, and
# the whole tree is kept free of them. Extra arguments go to meson setup
# (for example -Dgui=false).
set -eu
cd "$(dirname "$0")/.."

if [ -f build/build.ninja ]; then
  meson setup --reconfigure build -Dwerror=true "$@"
else
  rm -rf build
  meson setup build -Dwerror=true "$@"
fi
