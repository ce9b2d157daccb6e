#!/bin/sh
# Every source file with a string marked for translation is in POTFILES.in,
# and every file POTFILES.in names exists.
set -eu
top="${1:-$(dirname "$0")/..}"
cd "$top"

status=0
# The sources in folders below src/*/ (the queue page's parts) too.
for f in $(grep -rlE --include='*.c' '(^|[^a-z_])(_|N_|C_|g_dngettext) ?\(' src) $(find src/app -name '*.ui'); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done

for f in $(grep -v '^#' po/POTFILES.in); do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a missing file: $f"
    status=1
  fi
done

[ $status -eq 0 ] && echo "po/POTFILES.in is complete"
exit $status
