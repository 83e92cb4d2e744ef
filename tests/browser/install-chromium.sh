#!/bin/sh
# The browser tests drive Debian's chromium with Playwright (which never downloads a
# browser). `make test` runs this first: it installs the chromium package with apt where
# it is missing and apt can be used (root, or sudo without a password), and otherwise
# says why the browser tests will skip. It never fails the test run itself.
# NEWSPRISM_BROWSER_INSTALL=no skips the install.
set -u
for exe in chromium chromium-browser; do
    if command -v "$exe" >/dev/null 2>&1; then exit 0; fi
done
if [ "${NEWSPRISM_BROWSER_INSTALL:-yes}" = "no" ]; then
    echo "browser tests: chromium is not installed (NEWSPRISM_BROWSER_INSTALL=no): they will be skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: chromium is not installed and there is no apt-get here: they will be skipped"
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "browser tests: chromium is not installed and apt needs root: they will be skipped (apt-get install chromium)"
    exit 0
fi
echo "browser tests: installing Debian's chromium with apt-get (once)"
log="${TMPDIR:-/tmp}/newsprism-chromium-install.log"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get install -y -q --no-install-recommends chromium >"$log" 2>&1 \
   || { $SUDO apt-get update -q >>"$log" 2>&1 && $SUDO apt-get install -y -q --no-install-recommends chromium >>"$log" 2>&1; }; then
    echo "browser tests: chromium installed"
else
    echo "browser tests: apt-get could not install chromium (see $log): they will be skipped"
fi
exit 0
