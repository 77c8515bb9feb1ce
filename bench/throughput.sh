#!/usr/bin/env bash
# throughput.sh - pages per second of wordfleet and of the Go anchor over many copies of the development corpus.
#
# Usage (from anywhere; the development corpus must be in place, see ../shared/corpus/serve.sh):
#   bench/throughput.sh [COPIES] [RUNS]
#     COPIES  times the corpus is listed, each copy made distinct by a "?copy=N" query that nginx ignores (default 20)
#     RUNS    runs of each program, alternating between them (default 3)
#
# The pages are served by a second nginx of this script's own on 127.0.0.1:$PORT (default 18090), from the same
# folder as the corpus server, with an access log of request arrival times. Each run is timed as a whole process
# (JVM or Go start-up included), and its steady-state rate is the number of requests that arrived between the 10th
# and the 90th percentile of arrival times, divided by the time between those two arrivals.
#
# Environment: PORT (18090), ANCHOR_WORKERS (32, the fleet's default total concurrency: 2 workers x 16 fetches),
# RUN_TIMEOUT_S (1800, per run), and those of lib.sh. The figures are printed as a markdown table and appended to
# docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COPIES="${1:-20}"
RUNS="${2:-3}"
PORT="${PORT:-18090}"
ANCHOR_WORKERS="${ANCHOR_WORKERS:-32}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-1800}"
[[ "$COPIES" =~ ^[1-9][0-9]*$ ]] && [ "$COPIES" -le 1000 ] || die "COPIES must be 1 to 1000, but was $COPIES"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"

require_corpus_pages
ensure_anchor
ensure_wordfleet_built

urls="$BENCH_WORK_DIR/throughput-urls.txt"
write_copied_urls "$PORT" "$COPIES" "$urls"
pages="$(grep -c . "$urls")"

access_log="$BENCH_WORK_DIR/throughput-access.log"
: >"$access_log"
start_logging_nginx "$PORT" "$access_log"

wordfleet_args=(run --allow-private-networks --per-host-concurrency 32 --progress never --top 0 --format tsv -o /dev/null "$urls")
anchor_args=(-workers "$ANCHOR_WORKERS" -urls "$urls" -html)

# arrival_stats FIRST_LINE: prints "requests non_200 steady_rate" for the access log lines from FIRST_LINE on.
arrival_stats() {
  tail -n +"$1" "$access_log" | python3 -c '
import sys
arrivals, non_ok = [], 0
for line in sys.stdin:
    fields = line.split()
    if len(fields) < 3:
        continue
    # robots.txt, which wordfleet fetches once per host before the first page, is not a page.
    if len(fields) >= 4 and fields[3] == "/robots.txt":
        continue
    arrivals.append(float(fields[0]) - float(fields[1]))
    non_ok += fields[2] != "200"
arrivals.sort()
n = len(arrivals)
low, high = round(0.1 * (n - 1)), round(0.9 * (n - 1))
span = arrivals[high] - arrivals[low] if n else 0.0
rate = f"{(high - low) / span:.0f}" if span > 0 else "n/a"
print(n, non_ok, rate)'
}

results="$BENCH_WORK_DIR/throughput-results.tsv"
: >"$results"

# measure PROGRAM RUN: runs one program once and appends "program run wall requests steady" to $results.
measure() {
  local program="$1" run="$2" first_line requests non_ok steady
  first_line=$(($(wc -l <"$access_log") + 1))
  log "run $run: $program"
  if [ "$program" = wordfleet ]; then
    run_wordfleet "throughput-wordfleet-$run" "$RUN_TIMEOUT_S" "${wordfleet_args[@]}"
  else
    run_timed "throughput-anchor-$run" "$RUN_TIMEOUT_S" "$ANCHOR_BIN" "${anchor_args[@]}"
    [ "$RUN_STATUS" -eq 0 ] || die "the anchor exited with status $RUN_STATUS (see $BENCH_WORK_DIR/throughput-anchor-$run.err)"
  fi
  # nginx writes a response's log line after sending it; give the last lines time to land.
  sleep 1
  read -r requests non_ok steady < <(arrival_stats "$first_line")
  [ "$requests" -ge "$pages" ] || die "$program run $run made $requests requests for $pages URLs"
  [ "$non_ok" -eq 0 ] || die "$program run $run received $non_ok responses other than 200"
  log "run $run: $program took $RUN_WALL s, $requests requests, steady state $steady pages/s"
  printf '%s\t%s\t%s\t%s\t%s\n' "$program" "$run" "$RUN_WALL" "$requests" "$steady" >>"$results"
}

# Alternate the order (ABBA) so that a drift in the machine's load touches both programs alike.
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then
    measure wordfleet "$run"
    measure anchor "$run"
  else
    measure anchor "$run"
    measure wordfleet "$run"
  fi
done

# column_median PROGRAM COLUMN DECIMALS
column_median() { awk -F'\t' -v p="$1" -v c="$2" '$1 == p { print $c }' "$results" | median "$3"; }
fleet_wall="$(column_median wordfleet 3 3)"
anchor_wall="$(column_median anchor 3 3)"
fleet_steady="$(column_median wordfleet 5 0)"
anchor_steady="$(column_median anchor 5 0)"

body="$BENCH_WORK_DIR/throughput-body.md"
{
  printf '%s pages (%s of the development corpus), served by nginx on 127.0.0.1:%s; %s of each, ' \
    "$pages" "$(pluralize "$COPIES" copy copies)" "$PORT" "$(pluralize "$RUNS" run)"
  printf 'alternating.\n\n'
  printf -- '- wordfleet: `./wordfleet %s`\n' "${wordfleet_args[*]}"
  printf -- '- anchor: `wordcount %s`\n\n' "${anchor_args[*]}"
  printf '| program | run | wall time (s) | requests | steady state (pages/s) |\n'
  printf '|---|---:|---:|---:|---:|\n'
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$results"
  printf '\n| median | wall time (s) | steady state (pages/s) |\n'
  printf '|---|---:|---:|\n'
  printf '| wordfleet | %s | %s |\n' "$fleet_wall" "$fleet_steady"
  printf '| anchor | %s | %s |\n' "$anchor_wall" "$anchor_steady"
  printf '| wordfleet / anchor | %s | %s |\n' "$(ratio "$fleet_wall" "$anchor_wall")" \
    "$(ratio "$fleet_steady" "$anchor_steady")"
} >"$body"
append_record "Throughput" "PORT=$PORT ANCHOR_WORKERS=$ANCHOR_WORKERS bench/throughput.sh $COPIES $RUNS" "$body"
