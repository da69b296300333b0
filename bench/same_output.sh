#!/usr/bin/env bash
# Compare `newsgraph analyze` output of two revisions on the example and on
# 50 documents of each development set (WCXB HTML, PolNeAR text, and
# IndiaPoliceEvents as text files; the text sets also with --plain): a refactoring
# must leave every byte the same.
#
#   bash bench/same_output.sh REV_BEFORE [REV_AFTER]     (default after: the working tree)
#
# Needs ../shared; writes to ${OUT:-/tmp/same_output}.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1
after=${2:-}
out=${OUT:-/tmp/same_output}
shared=../shared/data
rm -rf "$out" && mkdir -p "$out/ipe"
python - "$shared" "$out/ipe" <<'PY'
import json, sys
src, dest = sys.argv[1], sys.argv[2]
with open(f"{src}/events/india-police-events/docs.jsonl") as f:
    for i, line in enumerate(f):
        if i == 50:
            break
        doc = json.loads(line)
        open(f"{dest}/{i:03d}.txt", "w").write(doc.get("doc_text") or doc.get("text") or "")
PY
ls "$shared"/extraction/wcxb-dev/html/* | sed -n 1,50p > "$out/wcxb.list"
ls "$shared"/quotes/polnear/dev/text/*.txt | sed -n 1,50p > "$out/polnear.list"
ls "$out"/ipe/*.txt > "$out/ipe.list"
run() {  # run NAME SRC
    for set in wcxb polnear ipe; do
        PYTHONPATH=$2 python -m newsgraph.cli analyze examples/ $(cat "$out/$set.list") --quiet > "$out/$1.$set.jsonl" 2>/dev/null || true
    done
    # --plain takes each input as a clean body: the text sets only (raw HTML as a body is no test).
    for set in polnear ipe; do
        PYTHONPATH=$2 python -m newsgraph.cli analyze $(cat "$out/$set.list") --plain --quiet > "$out/$1.$set.plain.jsonl" 2>/dev/null || true
    done
}
git worktree add -f "$out/before-src" "$before" -q
run before "$out/before-src/src"
if [ -n "$after" ]; then
    git worktree add -f "$out/after-src" "$after" -q
    run after "$out/after-src/src"
else
    run after "$PWD/src"
fi
status=0
for f in "$out"/before.*.jsonl; do
    g=${f/before./after.}
    if cmp -s "$f" "$g"; then echo "identical: $(basename "${f#*/before.}") ($(wc -l < "$f") documents)"; else echo "DIFFERENT: $(basename "$f")"; status=1; fi
done
git worktree remove --force "$out/before-src"
[ -n "$after" ] && git worktree remove --force "$out/after-src"
exit $status
