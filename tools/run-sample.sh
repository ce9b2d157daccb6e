#!/bin/sh
# Installs what is needed, builds Backorder Desk and starts it on a database
# of sample data (made once, in the user data folder).
set -eu
cd "$(dirname "$0")/.."

./tools/install-deps.sh
./tools/setup-build.sh >/dev/null
meson compile -C build

data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/backorder-desk"
sample="$data_dir/sample.sqlite3"
if [ ! -e "$sample" ]; then
  mkdir -p "$data_dir"
  build/src/cli/backorder-desk-cli --database "$sample" demo --orders 5000
fi

# The schema of the build, not an installed one.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
exec build/src/app/backorder-desk --database "$sample"
