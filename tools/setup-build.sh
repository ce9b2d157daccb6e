#!/bin/sh
# Configures ./build, or brings an existing one up to date.
set -eu
cd "$(dirname "$0")/.."

if [ -f build/build.ninja ]; then
  meson setup --reconfigure build
else
  rm -rf build
  meson setup build
fi
