#!/bin/sh
# Installs the Debian packages gongshi needs that are missing.
#   sh scripts/deps.sh          what building gongshi needs
#   sh scripts/deps.sh --test   also what every test needs: a headless
#                               browser judges the search box and prints
#                               the boards, poppler and zbar read the PDFs
#                               back, Noto CJK is the font boards assume;
#                               curl talks to gongshi serve;
#                               openssh-client's ssh-keygen makes the
#                               keys that sign publications, and git
#                               verifies their signatures (git's own
#                               package holds git daemon, which serves
#                               the central repository to the hook
#                               test, and git http-backend, which
#                               lighttpd serves with a login to the
#                               push-http test);
#                               util-linux holds locks (flock) and makes
#                               small full disks (unshare, mount);
#                               bsdutils's script(1) gives the progress
#                               test a pseudo-terminal; clang
#                               and its runtime build the sanitizer and
#                               libFuzzer runs; node runs the layout and
#                               accessibility checks, with axe-core from
#                               npm (npm ci in tests/browser)
# As root it runs apt-get; otherwise it prints the exact command to run.

set -u

# Building: a C compiler, make, pkg-config, the libraries (libmicrohttpd
# is gongshi serve's; libqpdf cuts and joins printed boards' PDFs;
# libssl-dev's libcrypto hashes the page memo's fingerprints) and
# gettext's msgfmt (the message catalogues); OpenCC's data and Rime's
# pinyin dictionary, which a site build reads for search; patch replays
# the demo city's history (make demo).
pkgs="gcc make pkg-config libc6-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
libyaml-dev libgit2-dev libqrencode-dev libxlsxwriter-dev libzip-dev
libexpat1-dev libopencc-dev libopencc-data rime-data-pinyin-simp
libmicrohttpd-dev libqpdf-dev libssl-dev gettext patch"

case "${1:-}" in
--test)	pkgs="$pkgs git chromium fonts-noto-cjk poppler-utils zbar-tools
	    util-linux bsdutils mount clang libclang-rt-dev python3
	    python3-openpyxl python3-uno libreoffice-calc-nogui
	    python3-feedparser nodejs curl openssh-client lighttpd"
	# Debian's npm is a package of its own; NodeSource's nodejs has
	# it inside (and conflicts with Debian's).
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm" ;;
"")	;;
*)	echo "usage: sh scripts/deps.sh [--test]" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# axe-core, at the version tests/browser/package-lock.json pins, for
# tests/a11y.test.sh (node_modules is not kept in git).
browser_modules() {
	[ "${1:-}" = --test ] || return 0
	if [ -f tests/browser/node_modules/axe-core/axe.min.js ]; then
		return 0
	fi
	if ! command -v npm >/dev/null 2>&1; then
		echo "deps: npm is missing; then run: (cd tests/browser && npm ci)" >&2
		return 1
	fi
	echo "deps: npm ci in tests/browser"
	(cd tests/browser && npm ci --no-audit --no-fund)
}
cd "$(dirname "$0")/.." || exit 2

if [ -z "$missing" ]; then
	echo "deps: all packages are installed"
	browser_modules "${1:-}"
	exit
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing &&
    browser_modules "${1:-}"
