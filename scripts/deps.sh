#!/bin/sh
# Installs the Debian packages sayso needs to build and test.
# As root it installs what is missing; otherwise it prints the exact
# apt-get line for someone who can. Run by `make deps` (and so by `make site`).
set -eu

# Build: compiler, pkg-config and the libraries sayso links against
# (espeak-ng speaks `audio: generate` pages, with its voices in espeak-ng-data;
# libopusenc writes them as Ogg Opus).
BUILD="build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev
libxml2-dev liblua5.4-dev libtidy-dev libyaml-dev libcsv-dev libmicrohttpd-dev libxxhash-dev
libespeak-ng-dev espeak-ng-data libopusenc-dev"
# Test: the C test framework, sanitizers' runtimes, valgrind, python for the
# ACT scorer, and the browser and Java the end-to-end checks use.
# python3-icalendar parses the calendars sayso writes (tests/follow.py); it is
# Debian's, so that script runs with /usr/bin/python3 whatever else is on PATH.
TEST="libcmocka-dev clang libclang-rt-14-dev valgrind poppler-utils python3-icalendar"
# Tools that may already be on the machine from elsewhere (a newer node, a
# JDK): install Debian's package only when the command itself is missing.
TEST_COMMANDS="python3:python3 chromium:chromium node:nodejs npm:npm java:default-jre-headless"

want="$BUILD"
[ "${1:-}" = "test" ] && want="$BUILD $TEST"

missing=""
for p in $want; do
    # dpkg-query says "install ok installed" only for a fully installed package.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ "${1:-}" = "test" ]; then
    for pair in $TEST_COMMANDS; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
    done
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "deps: these Debian packages are missing. Ask someone with root to run:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
