#!/usr/bin/env bash
# The web client in a real browser (issue 18): .ci/browser_test.py drives headless Chromium
# through chromedriver against a freshly started LivePet (a guest, a new account made through
# the page, adopt, visit from the pet list, a tick on the hunger bar, Feed, Treat, a telnet
# player's say and the page's answer) and saves screenshots of the page.
#
# Needs: chromium and chromium-driver (Debian), python3 with selenium (PyPI; .ci/run installs
# it in a venv at /opt/selenium).
#   apt-get install -y chromium chromium-driver python3-venv
#   python3 -m venv /opt/selenium && /opt/selenium/bin/pip install selenium==4.40.0
#
# Environment:
#   LIVEPET_BIN=path      the server binary (default: build one with swift build)
#   SELENIUM_PYTHON=path  a python with selenium (default: /opt/selenium/bin/python if present, else python3)
#   CI_ARTIFACTS=dir      where the screenshots go (default: .ci/artifacts): web-client.png, web-client-phone.png
#   BROWSER_TIMEOUT=s     seconds to wait for each expected change (default 20)
#
# Prints one line per check and a final "N passed, N failed"; exits 1 if any check failed.
set -euo pipefail
# A relative LIVEPET_BIN means relative to where the script was started.
case "${LIVEPET_BIN:-/}" in /*) ;; *) LIVEPET_BIN="$PWD/$LIVEPET_BIN" ;; esac
cd "$(dirname "$0")/.."
if [ -z "${LIVEPET_BIN:-}" ]; then
    LIVEPET_BIN="$(swift build --show-bin-path)/livepet"
    swift build --product livepet >/dev/null
fi
export LIVEPET_BIN
export CI_ARTIFACTS="${CI_ARTIFACTS:-$PWD/.ci/artifacts}"
mkdir -p "$CI_ARTIFACTS"
python="${SELENIUM_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x /opt/selenium/bin/python ]; then python=/opt/selenium/bin/python; else python=python3; fi
fi
exec "$python" .ci/browser_test.py
