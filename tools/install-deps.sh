#!/bin/sh
# Installs what Backorder Desk needs to build, run and test on Debian 12.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev sqlite3 tzdata libjson-glib-dev libsoup-3.0-dev libsecret-1-dev
  python3 nodejs
  libcurl4-openssl-dev curl
  libpango1.0-dev libcairo2-dev poppler-utils
  python3-aiosmtpd openssl gnome-keyring
  desktop-file-utils appstream
  xvfb xauth dbus dbus-x11 at-spi2-core xdotool
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme librsvg2-common
"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

# Debian's npm is a package of its own; other builds of nodejs (NodeSource's)
# carry npm and conflict with it: asked for only when no npm is there.
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
fi

# The CouchDB-compatible server the sync tests run against, pinned by
# tests/package-lock.json into tests/node_modules (not committed). npm ci
# only when the installed one is missing or not the pinned version.
cd "$(dirname "$0")/../tests"
if ! node -e 'process.exit(require("./node_modules/pouchdb-server/package.json").version === require("./package-lock.json").packages["node_modules/pouchdb-server"].version ? 0 : 1)' 2>/dev/null; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
