#!/bin/sh
# Debian packages some tests need, installed by `make test` where missing and apt can be
# used (root, or sudo without a password):
#   chromium    the browser tests (Playwright drives it; it never downloads a browser)
#   postgresql  the store tests against PostgreSQL (a throwaway server per test run)
# Where a package cannot be installed this says why and its tests skip; it never fails
# the test run itself. NEWSPRISM_SYSTEM_PACKAGES=no skips the install.
set -u
missing=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "${NEWSPRISM_SYSTEM_PACKAGES:-yes}" = "no" ]; then
    echo "test set-up: not installing$missing (NEWSPRISM_SYSTEM_PACKAGES=no): their tests will be skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "test set-up:$missing not installed and there is no apt-get here: their tests will be skipped"
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "test set-up:$missing not installed and apt needs root: their tests will be skipped (apt-get install$missing)"
    exit 0
fi
echo "test set-up: installing$missing with apt-get (once)"
log="${TMPDIR:-/tmp}/newsprism-apt.log"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 - the package names are words
if $SUDO apt-get install -y -q --no-install-recommends $missing >"$log" 2>&1 \
   || { $SUDO apt-get update -q >>"$log" 2>&1 && $SUDO apt-get install -y -q --no-install-recommends $missing >>"$log" 2>&1; }; then
    echo "test set-up:$missing installed"
else
    echo "test set-up: apt-get could not install$missing (see $log): their tests will be skipped"
fi
exit 0
