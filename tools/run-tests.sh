#!/bin/sh
# Installs what is needed, builds Backorder Desk and runs every test; the UI
# tests open real windows on a virtual X server with a session bus.
set -eu
cd "$(dirname "$0")/.."

./tools/install-deps.sh
./tools/setup-build.sh >/dev/null
exec xvfb-run -a dbus-run-session -- meson test -C build --print-errorlogs "$@"
