#!/bin/sh
# Installs what Backorder Desk needs to build, run and test on Debian 12.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev sqlite3 tzdata libjson-glib-dev libsoup-3.0-dev libsecret-1-dev
  python3
  libcurl4-openssl-dev
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

if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
fi
