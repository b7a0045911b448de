#!/bin/sh
# bench/scaling.sh: time against count, doubling, for what a council's
# front matter can make many of (issue 22: 4,000 topics took 267 s).
#
#   sh bench/scaling.sh [path/to/sayso]
#
# One pack with N topics and N areas, N doubling; each row is a cold build
# and its time over the row before.  Linear work doubles (ratio about 2);
# a ratio near 4 is quadratic, and is marked.
set -eu

SAYSO=${1:-build/sayso}
DIR=${BENCH_DIR:-build/bench}/scaling
NOW=2025-06-01
[ -x "$SAYSO" ] || { echo "bench: no sayso at $SAYSO: run make first" >&2; exit 2; }

rm -rf "$DIR"
mkdir -p "$DIR"
echo "time against count, doubling (one pack; N topics and N areas; cold builds)"
previous=""
for n in 500 1000 2000 4000; do
    site="$DIR/site-$n"
    mkdir -p "$site/consultations/many-topics" "$site/pages"
    printf 'title: Scaling\norganisation: Scaling Council\nbase_url: https://scaling.example/\ncontact:\n  email: a@scaling.example\n' \
        > "$site/site.yml"
    python3 - "$n" "$site/consultations/many-topics/index.md" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
terms = lambda word: ", ".join(f"{word} {i}" for i in range(n))
with open(path, "w") as f:
    f.write(f"---\ntitle: Many topics\nsummary: A consultation with many topics.\n"
            f"opens: 2025-05-01\ncloses: 2025-07-01\ntopics: [{terms('topic')}]\n"
            f"areas: [{terms('area')}]\n---\n\nWe want to hear from you.\n")
PY
    start=$(date +%s.%N)
    "$SAYSO" build "$site" -o "$DIR/out-$n" --now "$NOW" --no-cache -q >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    python3 - "$n" "$start" "$end" "$previous" <<'PY'
import sys
n, start, end, previous = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
took = end - start
line = f"  {n:>5} topics   {took:8.2f} s"
if previous:
    ratio = took / max(float(previous), 1e-3)
    line += f"   x{ratio:4.2f} the row before   {'ok' if ratio < 3 else 'QUADRATIC?'}"
print(line)
PY
    previous=$(python3 -c "print($end - $start)")
done
