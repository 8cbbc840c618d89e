#!/bin/sh
# The system packages tongbao's run and tests need, checked by what they provide; installed with
# apt-get when something is missing and we may (root, or sudo without a password), otherwise one line
# naming what to install. `make run` and `make test` call this first, so a fresh Debian machine needs
# nothing done by hand.  Usage: system-packages.sh [--check]   (--check: report only, never install)
set -u

missing=""
need() { missing="$missing $1"; }

python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv
command -v tesseract >/dev/null 2>&1 || need tesseract-ocr
langs=$(tesseract --list-langs 2>/dev/null || true)
echo "$langs" | grep -qx chi_sim || need tesseract-ocr-chi-sim
echo "$langs" | grep -qx chi_tra || need tesseract-ocr-chi-tra
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need fonts-noto-cjk
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need fonts-arphic-uming
[ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || need fonts-arphic-ukai
command -v soffice >/dev/null 2>&1 || need "libreoffice-writer-nogui libreoffice-calc-nogui"

[ -z "$missing" ] && exit 0
missing=$(echo $missing)  # one space between names
if [ "${1:-}" = "--check" ]; then
    echo "tongbao: missing system packages: $missing"
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
fi
if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "tongbao needs these system packages, which this user cannot install: $missing (on Debian or Ubuntu: sudo apt-get install $missing)" >&2
    exit 1
fi
echo "installing system packages: $missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null || {
    echo "tongbao: apt-get could not install: $missing" >&2
    exit 1
}
