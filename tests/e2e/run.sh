#!/bin/sh
# run.sh: proves a built site with tools nobody here wrote.
#
#   sh tests/e2e/run.sh [SAYSO]        (SAYSO defaults to build/sayso)
#
# 1. makes sure Chromium, Node, npm and Java are there (installing Debian's
#    packages when run as root) and the npm packages pinned in
#    tests/e2e/package-lock.json: axe-core, playwright-core, vnu-jar;
# 2. builds the example site in content/ with `sayso build`;
# 3. runs the W3C Nu HTML Checker on every page and stylesheet;
# 4. serves the site on 127.0.0.1 and runs axe-core (WCAG 2.0-2.2 A and AA)
#    on every page in headless Chromium;
# 5. saves screenshots of one pack in each format, desktop and phone
#    width, into tests/artifacts/ for a person to look at, and warns when
#    a phone-width page scrolls sideways (counted; E2E_REFLOW=warn only reports it);
#    reflow.mjs checks every page at 320 and 390px at every text size and
#    spacing, the title on a phone's first screen, and the format buttons
#    in one row on a desktop;
# 6. prints "e2e: N passed, M failed" (one test per page per tool) and
#    exits 1 when anything failed.
#
# It needs no
# terminal, and no network but Debian's and npm's registries (only when
# something is missing).  It takes about a minute.
set -u

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/../.." && pwd)
sayso=${1:-build/sayso}
case $sayso in /*) ;; *) sayso="$PWD/$sayso" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/sayso-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
results="$work/results"
: >"$results"

finish() {
    passed=$(grep -c '^pass ' "$results")
    failed=$(grep -c '^fail ' "$results")
    if grep -q '^warn ' "$results"; then
        echo "e2e: warnings (not counted):"
        sed -n 's/^warn /  /p' "$results"
    fi
    if [ "$failed" -gt 0 ]; then
        echo "e2e: failed:"
        sed -n 's/^fail /  /p' "$results"
    fi
    echo "e2e: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# ---- 1. Tools -----------------------------------------------------------

missing=""
for pair in chromium:chromium node:nodejs npm:npm java:default-jre-headless; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "e2e: installing$missing"
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } </dev/null; then
            echo "fail setup apt-get install$missing" >>"$results"
            finish
        fi
    else
        echo "e2e: these Debian packages are missing. Ask someone with root to run:" >&2
        echo "  apt-get install -y$missing" >&2
        echo "fail setup missing$missing" >>"$results"
        finish
    fi
fi

# npm ci only when the packages are missing or the lock file changed.
# --ignore-scripts: vnu-jar's install script would download a JDK from
# GitHub; the machine's Java is used instead.
if [ ! -f "$here/node_modules/.package-lock.json" ] ||
   [ -n "$(find "$here/package-lock.json" -newer "$here/node_modules/.package-lock.json")" ]; then
    echo "e2e: installing npm packages from tests/e2e/package-lock.json"
    if ! (cd "$here" && CI=true npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null); then
        echo "fail setup npm ci" >>"$results"
        finish
    fi
fi

# ---- 2. The site ----------------------------------------------------------

site="$work/site"
if [ ! -x "$sayso" ]; then
    echo "e2e: $sayso is not built"
    echo "fail build $sayso" >>"$results"
    finish
fi
build_log="$work/build.log"
(cd "$root" && "$sayso" build content -o "$site" --now 2026-11-23) >"$build_log" 2>&1 </dev/null
status=$?
if [ $status -eq 0 ]; then
    echo "pass build content" >>"$results"
    echo "e2e: built content/ into a temporary folder"
else
    echo "e2e: sayso build content failed (exit $status):"
    tail -n 40 "$build_log"
    echo "fail build content" >>"$results"
    finish
fi

# ---- 3-5. The checkers ------------------------------------------------------

cd "$here" || exit 2
timeout 600 node nu.mjs "$site" "$results" </dev/null ||
    echo "fail nu (the checker stopped with status $?)" >>"$results"
timeout 900 node axe.mjs "$site" "$results" "$root/tests/artifacts" </dev/null ||
    echo "fail axe (the browser run stopped with status $?)" >>"$results"
timeout 300 node search.mjs "$site" "$results" </dev/null ||
    echo "fail search (the browser run stopped with status $?)" >>"$results"
# Reflow (WCAG 1.4.10): every page at 320 and 390px and every text size
# and spacing the settings offer; screenshots at Largest for a person.
timeout 900 node reflow.mjs "$site" "$results" "$root/tests/artifacts/largest" </dev/null ||
    echo "fail reflow (the browser run stopped with status $?)" >>"$results"
# A second opinion: agree.mjs runs axe-core and sayso check on the site and
# on tests/e2e/broken/ and prints how far they agree, rule by rule.
timeout 600 node agree.mjs "$site" "$here/broken" "$sayso" "$results" </dev/null ||
    echo "fail agree (the comparison stopped with status $?)" >>"$results"

finish
