#!/usr/bin/env bash
# startup.sh - how long ./wordfleet run takes to start its fleet, and what the whole process costs beyond the batch.
#
# Usage (from anywhere; the development corpus server must run, see ../shared/corpus/serve.sh):
#   bench/startup.sh [RUNS]
#     RUNS  runs over the development corpus (default 5)
#
# Each run counts the development corpus with the fleet's defaults (an embedded broker, 2 workers of 16 fetches) and
# is timed as a whole process. Its summary line gives "fleet started in" (from the command's start until the broker,
# aggregator, workers and producer are up) and the batch time (from publishing the batch until its result). What is
# left of the wall time is the launcher script, the JVM's start and the shutdown. The wall time of ./wordfleet --help
# is measured too, as the floor of launcher and JVM start alone.
#
# Environment: RUN_TIMEOUT_S (600, per run) and those of lib.sh. The figures are printed as a markdown table and
# appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-5}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-600}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"

require_corpus_server
ensure_wordfleet_built
urls="$CORPUS_DIR/urls.txt"
wordfleet_args=(run --allow-private-networks --per-host-concurrency 32 --progress never --top 0 --format tsv -o /dev/null "$urls")

results="$BENCH_WORK_DIR/startup-results.tsv"
: >"$results"
help_walls="$BENCH_WORK_DIR/startup-help.txt"
: >"$help_walls"
for run in $(seq 1 "$RUNS"); do
  WORDFLEET_SKIP_BUILD=1 run_timed "startup-help-$run" 60 "$ROOT_DIR/wordfleet" --help
  [ "$RUN_STATUS" -eq 0 ] || die "./wordfleet --help exited with status $RUN_STATUS"
  [ "$RUN_REBUILT" -eq 1 ] || echo "$RUN_WALL" >>"$help_walls"

  run_wordfleet "startup-$run" "$RUN_TIMEOUT_S" "${wordfleet_args[@]}"
  started="$(summary_startup_s "$RUN_SUMMARY")"
  batch="$(summary_batch_s "$RUN_SUMMARY")"
  rest="$(awk -v w="$RUN_WALL" -v s="$started" -v b="$batch" 'BEGIN { printf "%.1f", w - s - b }')"
  log "run $run: $RUN_WALL s in all, fleet started in $started s, batch $batch s"
  printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$RUN_WALL" "$started" "$batch" "$rest" >>"$results"
done

column_median() { cut -f "$1" "$results" | median "$2"; }
body="$BENCH_WORK_DIR/startup-body.md"
{
  printf '%s over the development corpus (%s pages) served by nginx: `./wordfleet %s`.\n\n' \
    "$(pluralize "$RUNS" run)" "$(corpus_page_count)" "${wordfleet_args[*]}"
  printf '| run | wall time (s) | fleet started in (s) | batch (s) | launcher, JVM start and shutdown (s) |\n'
  printf '|---:|---:|---:|---:|---:|\n'
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$results"
  printf '| median | %s | %s | %s | %s |\n\n' "$(column_median 2 3)" "$(column_median 3 1)" \
    "$(column_median 4 1)" "$(column_median 5 1)"
  printf 'Median wall time of `./wordfleet --help` (launcher and JVM start only): %s s over %s.\n' \
    "$(median 3 <"$help_walls")" "$(pluralize "$(grep -c . "$help_walls")" run)"
} >"$body"
append_record "Start-up" "bench/startup.sh $RUNS" "$body"
