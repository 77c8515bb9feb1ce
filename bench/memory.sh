#!/usr/bin/env bash
# memory.sh - peak resident memory of ./wordfleet run with one worker of 64 fetches over the development corpus.
#
# Usage (from anywhere; the development corpus server must run, see ../shared/corpus/serve.sh):
#   bench/memory.sh [RUNS]
#     RUNS  runs (default 3)
#
# The peak is the maximum resident set size that GNU time (/usr/bin/time -f %M) reports for the process, in KiB,
# shown here in MiB. The JVM runs with its default heap limit (a quarter of the machine's memory) unless
# WORDFLEET_JAVA_OPTS sets one, so the figure shows how much the default settings take, not the least they need.
#
# Environment: RUN_TIMEOUT_S (600, per run), WORDFLEET_JAVA_OPTS (passed to the JVM by ./wordfleet) and those of
# lib.sh. The figures are printed as a markdown table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-3}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-600}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package: time)"

require_corpus_server
ensure_wordfleet_built
urls="$CORPUS_DIR/urls.txt"
wordfleet_args=(run --allow-private-networks --progress never --workers 1 --concurrency 64 --per-host-concurrency 64 --top 0 --format tsv
  -o /dev/null "$urls")
max_heap_mib="$("$JAVA_HOME/bin/java" ${WORDFLEET_JAVA_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null \
  | awk '$2 == "MaxHeapSize" { printf "%.0f", $4 / 1048576 }')"

results="$BENCH_WORK_DIR/memory-results.tsv"
: >"$results"
for run in $(seq 1 "$RUNS"); do
  rss_file="$BENCH_WORK_DIR/memory-$run.rss"
  WORDFLEET_WRAPPER=(/usr/bin/time -f %M -o "$rss_file")
  run_wordfleet "memory-$run" "$RUN_TIMEOUT_S" "${wordfleet_args[@]}"
  peak_kib="$(tail -n 1 "$rss_file")"
  [[ "$peak_kib" =~ ^[0-9]+$ ]] || die "no peak RSS in $rss_file"
  peak_mib="$(awk -v k="$peak_kib" 'BEGIN { printf "%.0f", k / 1024 }')"
  log "run $run: peak RSS $peak_mib MiB, $RUN_WALL s"
  printf '%s\t%s\t%s\n' "$run" "$peak_mib" "$RUN_WALL" >>"$results"
done

body="$BENCH_WORK_DIR/memory-body.md"
{
  printf '%s over the development corpus (%s pages) served by nginx: `/usr/bin/time -f %%M ./wordfleet %s`. ' \
    "$(pluralize "$RUNS" run)" "$(corpus_page_count)" "${wordfleet_args[*]}"
  printf 'JVM options: `%s`; the resulting maximum heap size is %s MiB.\n\n' \
    "${WORDFLEET_JAVA_OPTS:-none}" "${max_heap_mib:-unknown}"
  printf '| run | peak RSS (MiB) | wall time (s) |\n'
  printf '|---:|---:|---:|\n'
  awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$results"
  printf '| median | %s | %s |\n' "$(cut -f 2 "$results" | median 0)" "$(cut -f 3 "$results" | median 3)"
  printf '| max | %s | |\n' "$(cut -f 2 "$results" | sort -n | tail -n 1)"
} >"$body"
append_record "Peak memory" "WORDFLEET_JAVA_OPTS='${WORDFLEET_JAVA_OPTS:-}' bench/memory.sh $RUNS" "$body"
