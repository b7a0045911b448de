#!/bin/sh
# Scores `sayso check` against the W3C ACT rules test cases in
# ../shared/act (beside the checkout) and fails below 97.5% agreement.
# usage: act.sh SAYSO-BINARY
set -u
sayso=$1
here=$(cd "$(dirname "$0")/.." && pwd)
cases="$here/../shared/act"
if [ ! -f "$cases/run.py" ]; then
    echo "act: no ACT cases at $cases; skipped"
    exit 0
fi
out=$(python3 "$cases/run.py" --verbose -- "$sayso" check --format json) || exit 1
printf '%s\n' "$out" | grep -E '^[0-9a-z]{6} ' | awk '{ split($2, a, "/"); if (a[1] != a[2]) print }'
printf '%s\n' "$out" | grep -E 'missed|false alarm|crash' | head -20
last=$(printf '%s\n' "$out" | tail -1)
echo "$last"
agreed=$(echo "$last" | sed -n 's/^ACT agreement: \([0-9]*\)\/\([0-9]*\).*/\1/p')
total=$(echo "$last" | sed -n 's/^ACT agreement: \([0-9]*\)\/\([0-9]*\).*/\2/p')
[ -n "$agreed" ] && [ -n "$total" ] || { echo "act: could not read the score"; exit 1; }
echo "act: $agreed of $total cases agree with the expected outcome (target 97.5%)"
# The target: at least 97.5% agreement (agreed/total >= 0.975).
[ $((agreed * 1000)) -ge $((total * 975)) ]
