#!/bin/sh
# Installs what `npm run gallery:screenshots` needs from Debian's packages: chromium (driven
# headless) and the colour-emoji font the rendered messages use. Idempotent: installs only
# what is missing, and nothing at all when /usr/bin/chromium and the font are there.
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing="$missing fonts-noto-color-emoji"
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-chromium: missing$missing and this is not root; run: apt-get install -y$missing" >&2
  exit 1
fi

# A fresh image may have no package lists yet.
for pkg in $missing; do
  apt-cache show "$pkg" >/dev/null 2>&1 || { $SUDO apt-get update; break; }
done
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
