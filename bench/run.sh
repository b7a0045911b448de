#!/bin/sh
# bench/run.sh: time sayso against Hugo on the same synthetic corpus, in the
# same run, so the ratios hold whatever the machine.
#
#   sh bench/run.sh [path/to/sayso]
#
#   BENCH_N     packs in the corpus (default 5000)
#   BENCH_DIR   where the corpus and the outputs go (default build/bench)
#   BENCH_JOBS  sayso -j (default: one worker per core, as sayso does)
#
# Prints, each beside Hugo's full build of the same Markdown:
#   cold build       no output and no cache: everything rendered and checked
#   no-change        the same build again, nothing changed
#   one pack         one pack's index.md changed
#   peak memory      of the cold build (maximum resident set, /usr/bin/time)
#   cost per page    CPU seconds of the cold build per HTML page it wrote
#   serve            edit to served page with `sayso serve`, and its memory
# Timings are wall-clock seconds.  Not part of `make test`: timings vary.
set -eu

SAYSO=${1:-build/sayso}
N=${BENCH_N:-5000}
DIR=${BENCH_DIR:-build/bench}
JOBS=${BENCH_JOBS:-$(nproc)}
NOW=2025-06-01                 # a fixed build date: the status text depends on it
HERE=$(cd "$(dirname "$0")" && pwd)

need() {   # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing Debian's $2" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
    else
        echo "bench: $1 is missing: install Debian's $2 (apt-get install $2)" >&2
        exit 2
    fi
}
need hugo hugo
need /usr/bin/time time
need python3 python3

[ -x "$SAYSO" ] || { echo "bench: no sayso at $SAYSO: run make first" >&2; exit 2; }
SAYSO=$(cd "$(dirname "$SAYSO")" && pwd)/$(basename "$SAYSO")
export SAYSO_DATADIR="${SAYSO_DATADIR:-$(cd "$HERE/.." && pwd)}"

CORPUS="$DIR/corpus-$N"
if [ ! -f "$CORPUS/.complete" ]; then
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS"
    python3 "$HERE/corpus.py" "$N" "$CORPUS"
    python3 "$HERE/pack_files.py" "$CORPUS/site"
    touch "$CORPUS/.complete"
fi
OUT="$DIR/out"
mkdir -p "$OUT"
LOG="$OUT/log"
: >"$LOG"

# timed NAME COMMAND...: runs it, keeps "seconds kilobytes" in $OUT/NAME.time.
timed() {
    name=$1
    shift
    sync
    if ! /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$@" >>"$LOG" 2>&1; then
        echo "bench: '$name' failed (see $LOG):" >&2
        tail -5 "$LOG" >&2
        exit 1
    fi
}
# The last line: /usr/bin/time puts "Command exited with..." above it.
seconds() { tail -n 1 "$OUT/$1.time" | cut -d' ' -f1; }
kilobytes() { tail -n 1 "$OUT/$1.time" | cut -d' ' -f2; }

# sayso's copy of the corpus, made before Hugo runs: a site's files are
# not written in the second before it is built, and sayso trusts a file's
# stat (in its caches) only once it is a second old (make trusts it at once).
SITE="$OUT/site"
rm -rf "$SITE" "$OUT/public" "$OUT/.sayso-cache"
cp -R "$CORPUS/site" "$SITE"

# Hugo: a cold build of the same Markdown, one plain page each.
rm -rf "$OUT/hugo-public" "$CORPUS/hugo/resources"
timed hugo hugo --quiet -s "$CORPUS/hugo" -d "$(cd "$OUT" && pwd)/hugo-public"

# sayso, cold: no previous output, no cache.
timed cold "$SAYSO" build "$SITE" -o "$OUT/public" --now "$NOW" -j "$JOBS"

# Nothing changed.
timed nochange "$SAYSO" build "$SITE" -o "$OUT/public" --now "$NOW" -j "$JOBS"

# One pack's text changed (its front matter, and so the hub, did not).
PACK=$(ls "$SITE/consultations" | sed -n '1p')
printf '\nWe added this sentence to time a rebuild after one change.\n' >>"$SITE/consultations/$PACK/index.md"
timed onepack "$SAYSO" build "$SITE" -o "$OUT/public" --now "$NOW" -j "$JOBS"

HUGO_S=$(seconds hugo)
HUGO_KB=$(kilobytes hugo)
python3 - "$N" "$HUGO_S" "$HUGO_KB" "$(seconds cold)" "$(seconds nochange)" "$(seconds onepack)" \
    "$(kilobytes cold)" "$(nproc)" <<'PY'
import sys
n, hugo, hugo_kb, cold, nochange, onepack, cold_kb, cores = sys.argv[1:]
hugo, cold, nochange, onepack = map(float, (hugo, cold, nochange, onepack))
hugo_mb, cold_mb = int(hugo_kb) / 1024, int(cold_kb) / 1024
def ratio(x):
    return f"{x / hugo:6.3f} x Hugo" if hugo > 0 else "   n/a"
def verdict(ok):
    return "ok" if ok else "MISSED"
print(f"\nsayso against Hugo, {n} packs, {cores} cores (wall seconds; ratio = sayso / Hugo full build)")
print(f"  Hugo full build            {hugo:8.3f} s   {hugo_mb:7.1f} MB peak")
print(f"  sayso cold build           {cold:8.3f} s   {ratio(cold)}   target <= 1.0     {verdict(cold <= hugo)}")
print(f"  sayso rebuild, no change   {nochange:8.3f} s   {ratio(nochange)}   target <= 0.1     {verdict(nochange <= hugo / 10)}")
print(f"  sayso rebuild, one pack    {onepack:8.3f} s   {ratio(onepack)}   target < 0.100 s  {verdict(onepack < 0.1)}")
print(f"  sayso peak memory (cold)   {cold_mb:8.1f} MB  {cold_mb / hugo_mb:6.3f} x Hugo   target < 256 MB   {verdict(cold_mb < 256)}")
PY

# Cost per published page: CPU seconds (user + system) of each cold build
# over the HTML pages it wrote.  sayso writes about seven pages a pack, each
# checked (WCAG, writing, tidy); Hugo one, unchecked.  Target: at most half
# Hugo's cost per page.
cpu() { tail -n 1 "$OUT/$1.time" | awk '{ print $3 + $4 }'; }
html_pages() { find "$1" -name '*.html' | wc -l; }
python3 - "$(cpu hugo)" "$(html_pages "$OUT/hugo-public")" "$(cpu cold)" "$(html_pages "$OUT/public")" <<'PY'
import sys
hugo_cpu, hugo_pages, cold_cpu, cold_pages = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
hugo_each = hugo_cpu / hugo_pages if hugo_pages else 0
each = cold_cpu / cold_pages if cold_pages else 0
ratio = each / hugo_each if hugo_each else float("inf")
print(f"\ncost per published page (CPU seconds, user + system, of the cold build / its HTML pages)")
print(f"  Hugo                       {hugo_each * 1000:8.3f} ms   {hugo_cpu:7.2f} s / {hugo_pages} pages")
print(f"  sayso                      {each * 1000:8.3f} ms   {cold_cpu:7.2f} s / {cold_pages} pages")
print(f"  sayso / Hugo per page      {ratio:8.3f} x     target <= 0.5     {'ok' if ratio <= 0.5 else 'MISSED'}")
PY
# sayso serve: from saving a pack's index.md to its new page being served,
# and serve's resident memory (bench/serve_latency.py).
python3 "$HERE/serve_latency.py" "$SAYSO" "$SITE" "$NOW" "$JOBS"

# What a phone fetches to answer a search, from the cold build's index.
python3 "$HERE/search_bytes.py" "$OUT/public"

# What generated audio costs, on the example site (bench/audio.sh).
sh "$HERE/audio.sh" "$SAYSO"
# Time against count, doubling: what front matter can make thousands of.
sh "$HERE/scaling.sh" "$SAYSO"
