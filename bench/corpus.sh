#!/usr/bin/env bash
# corpus.sh - counts the development corpus end to end with ./wordfleet run and checks every word against the
# expected counts.
#
# Usage (from anywhere; the development corpus server must run, see ../shared/corpus/serve.sh):
#   bench/corpus.sh [RUNS]
#     RUNS  runs (default 3)
#
# Each run is `./wordfleet run --allow-private-networks --top 0 --format tsv URLS` with the fleet's defaults, timed as
# a whole process. Its output (every word with its count) is compared byte for byte with the expected counts of
# $EXPECTED_COUNTS (default ../shared/corpus/dev-counts.tsv) without its "#" header lines. The script stops before the
# first run when the served manual is another version than the one its "# corpus: version=" line names, and compares
# without that check when the file has no such line.
#
# Environment: EXPECTED_COUNTS, RUN_TIMEOUT_S (600, per run) and those of lib.sh. The figures are printed as a markdown
# table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-3}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-600}"
EXPECTED_COUNTS="${EXPECTED_COUNTS:-$ROOT_DIR/../shared/corpus/dev-counts.tsv}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"
[ -f "$EXPECTED_COUNTS" ] || die "expected counts not found: $EXPECTED_COUNTS"

require_corpus_server

# The expected counts belong to one version of the manual, and every other version has other words.
expected_version="$(sed -nE 's/^# corpus: version=(.+)$/\1/p' "$EXPECTED_COUNTS")"
served_version="$(sed -nE 's/^version=(.+)$/\1/p' "$CORPUS_DIR/corpus.txt" 2>/dev/null || true)"
if [ -n "$expected_version" ] && [ "$served_version" != "$expected_version" ]; then
  die "the corpus server serves postgresql-doc-15 ${served_version:-of an unknown version}, but $EXPECTED_COUNTS" \
    "contains the counts of $expected_version: as root, run 'apt-get update && apt-get install" \
    "postgresql-doc-15=$expected_version', then 'bash $(cd "$ROOT_DIR/.." && pwd)/shared/corpus/serve.sh' again"
fi

ensure_wordfleet_built
urls="$CORPUS_DIR/urls.txt"
pages="$(corpus_page_count)"
expected="$BENCH_WORK_DIR/corpus-expected.tsv"
grep -v '^#' "$EXPECTED_COUNTS" >"$expected"

results="$BENCH_WORK_DIR/corpus-results.tsv"
: >"$results"
for run in $(seq 1 "$RUNS"); do
  name="corpus-$run"
  run_wordfleet "$name" "$RUN_TIMEOUT_S" run --allow-private-networks --top 0 --format tsv "$urls"
  if cmp -s "$expected" "$BENCH_WORK_DIR/$name.out"; then
    match=yes
  else
    match="no ($(diff "$expected" "$BENCH_WORK_DIR/$name.out" | grep -c '^[<>]') differing lines)"
  fi
  batch="$(summary_batch_s "$RUN_SUMMARY")"
  batch_rate="$(sed -nE 's/.*\(([0-9.]+) pages\/s\).*/\1/p' <<<"$RUN_SUMMARY")"
  process_rate="$(awk -v p="$pages" -v w="$RUN_WALL" 'BEGIN { printf "%.0f", p / w }')"
  log "run $run: $RUN_WALL s, batch $batch s ($batch_rate pages/s), output matches: $match"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$RUN_WALL" "$process_rate" "$batch" "$batch_rate" "$match" >>"$results"
done

body="$BENCH_WORK_DIR/corpus-body.md"
{
  printf '%s of `./wordfleet run --allow-private-networks --top 0 --format tsv %s` over the %s pages ' \
    "$(pluralize "$RUNS" run)" "$urls" "$pages"
  printf 'served by nginx. "Matches" compares the output with the expected counts without their "#" lines.\n\n'
  printf '| run | wall time (s) | pages/s (whole process) | batch (s) | pages/s (batch) | matches |\n'
  printf '|---:|---:|---:|---:|---:|---|\n'
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$results"
  printf '| median | %s | %s | %s | %s | |\n' "$(cut -f 2 "$results" | median 3)" "$(cut -f 3 "$results" | median 0)" \
    "$(cut -f 4 "$results" | median 1)" "$(cut -f 5 "$results" | median 0)"
} >"$body"
append_record "Development corpus, end to end" "bench/corpus.sh $RUNS" "$body"
