#!/bin/sh
# check_modes.sh SAYSO-BINARY: the proof that checking pieces skips nothing.
#
# Builds the example site, every bad-input case, the sites with markup faults
# in tests/check_modes/ and a 300-pack bench corpus
# twice, with `--check=full` (tidy reads every page whole) and with
# `--check=piecewise` (each distinct shell and content once), and requires
# the same exit code, the same messages (every finding: file, line, level,
# message, rule, page) and the same files, report.json and the review
# report among them.
set -u
sayso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
export SAYSO_DATADIR="$here"
work=$(mktemp -d "${TMPDIR:-/tmp}/sayso-check-modes.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
failed=0
sites=0

# build NAME SITE NOW: builds SITE in both modes and compares them.
build() {
    name=$1 site=$2 now=$3
    for mode in full piecewise; do
        "$sayso" build "$site" -o "$work/$mode/$name" --now "$now" --no-cache --check=$mode \
            >"$work/$mode/$name.out" 2>&1
        echo "exit $?" >>"$work/$mode/$name.out"
        # The output folder is named in messages; the cache holds stat times.
        sed -i "s#$work/$mode/#OUT/#g" "$work/$mode/$name.out"
        # Workers print a pack's own messages as they finish it, in no fixed
        # order between packs: the same lines, sorted, are the same findings.
        sort -o "$work/$mode/$name.out" "$work/$mode/$name.out"
        # A failed build writes nothing: an empty folder stands for that.
        mkdir -p "$work/$mode/$name"
        rm -rf "$work/$mode/$name/.sayso-cache"
    done
    sites=$((sites + 1))
    if ! diff -r "$work/full/$name" "$work/piecewise/$name" >"$work/diff" 2>&1 ||
       ! diff "$work/full/$name.out" "$work/piecewise/$name.out" >>"$work/diff" 2>&1; then
        echo "check_modes: $name: --check=piecewise differs from --check=full:"
        head -${CHECK_MODES_SHOW:-20} "$work/diff"
        failed=$((failed + 1))
    fi
}

mkdir -p "$work/full" "$work/piecewise"
build content "$here/content" 2026-12-07
for case in "$here"/tests/bad/cases/*/; do
    [ -d "$case/site" ] || continue
    build "bad-$(basename "$case")" "$case/site" 2026-12-07
done
# Sites with faults tidy reports, in the content and in the theme's shell:
# the bad-input cases have few, and the other sites none.
# shell-fault's theme is the default layout with an element HTML does not
# have: made here from the real one, so it never falls behind it.
cp -R "$here/tests/check_modes" "$work/check_modes"
mkdir -p "$work/check_modes/shell-fault/themes/default/templates"
sed 's|^<footer class="site-footer">$|&\n  <blink>A theme element HTML does not have.</blink>|' \
    "$here/themes/default/templates/layout.html" \
    >"$work/check_modes/shell-fault/themes/default/templates/layout.html"
grep -q '<blink>' "$work/check_modes/shell-fault/themes/default/templates/layout.html" ||
    { echo "check_modes: could not put the shell fault into layout.html"; exit 1; }
for site in "$work"/check_modes/*/; do
    build "faults-$(basename "$site")" "$site" 2026-12-07
done
python3 "$here/bench/corpus.py" 300 "$work/corpus" >/dev/null
python3 "$here/bench/pack_files.py" "$work/corpus/site" >/dev/null
build corpus300 "$work/corpus/site" 2025-06-01

if [ "$failed" -ne 0 ]; then
    echo "check_modes: $failed of $sites sites differ between --check=full and --check=piecewise"
    exit 1
fi
echo "check_modes: $sites sites, the same findings and files with --check=full and --check=piecewise"
