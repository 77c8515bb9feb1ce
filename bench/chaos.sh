#!/usr/bin/env bash
# Usage: bench/chaos.sh URLS_FILE EXPECTED_TSV RUNS
#
# Runs a multi-process fleet on 127.0.0.1 (a broker, an aggregator and WORKERS worker processes) over the URLs RUNS
# times. During each run it kills workers and the aggregator with SIGKILL at random moments and starts new ones, then
# waits for the batch to end and compares its counts with EXPECTED_TSV (word<TAB>count lines; lines starting with #
# are ignored). Prints one line per run and ends with "runs R, exact E, stuck S"; exits 0 only when every run was
# exact and none was stuck.
#
# Environment: WORKERS (3), KILLS (4, kills per run), RUN_TIMEOUT (300 seconds per run), BROKER_PORT (29092),
# AGGREGATOR_PORT (28081), CONCURRENCY (8 fetches per worker), LOG_DIR (a new temporary folder).
set -euo pipefail

if [ $# -ne 3 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
urls_file="$(realpath "$1")"
expected_file="$(realpath "$2")"
runs="$3"
workers="${WORKERS:-3}"
kills="${KILLS:-4}"
run_timeout="${RUN_TIMEOUT:-300}"
FLEET_LOG_DIR="${LOG_DIR:-$(mktemp -d /tmp/wordfleet-chaos.XXXXXX)}"
source "$(dirname "${BASH_SOURCE[0]}")/fleet.sh"
fleet_init

grep -v '^#' "$expected_file" > "$FLEET_LOG_DIR/expected.tsv"
exact=0
stuck=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  data_dir="$FLEET_LOG_DIR/broker-data-$run"
  fleet_start_broker "$data_dir"
  fleet_start_aggregator
  for i in $(seq 1 "$workers"); do
    fleet_start_worker "worker-$run-$i"
  done
  fleet_await_aggregator

  batch_id="$("$fleet_launcher" submit --bootstrap-servers "$fleet_servers" "$urls_file" \
    2>> "$FLEET_LOG_DIR/submit.log")"

  # Kill a random worker or the aggregator every 1 to 4 seconds, KILLS times, and start a replacement.
  killed_workers=0
  killed_aggregators=0
  for k in $(seq 1 "$kills"); do
    sleep $((1 + RANDOM % 4))
    if [ $((RANDOM % 3)) -eq 0 ]; then
      kill -9 "$fleet_aggregator_pid" 2>/dev/null || true
      killed_aggregators=$((killed_aggregators + 1))
      fleet_start_aggregator
    else
      index=$((RANDOM % ${#fleet_worker_pids[@]}))
      kill -9 "${fleet_worker_pids[$index]}" 2>/dev/null || true
      killed_workers=$((killed_workers + 1))
      unset "fleet_worker_pids[$index]"
      fleet_worker_pids=("${fleet_worker_pids[@]}")
      fleet_start_worker "worker-$run-r$k"
    fi
  done

  status=""
  while [ $(($(date +%s) - started)) -lt "$run_timeout" ]; do
    status="$(fleet_batch_status "$batch_id")"
    case "$status" in
      COMPLETED|FAILED|CANCELLED) break ;;
    esac
    sleep 1
  done

  result="stuck"
  case "$status" in
    COMPLETED|FAILED|CANCELLED)
      curl -sf --max-time 30 "http://127.0.0.1:$fleet_aggregator_port/batches/$batch_id/words?format=tsv" \
        > "$FLEET_LOG_DIR/counts-$run.tsv" || true
      if [ "$status" = COMPLETED ] && cmp -s "$FLEET_LOG_DIR/expected.tsv" "$FLEET_LOG_DIR/counts-$run.tsv"; then
        result="exact"
        exact=$((exact + 1))
      else
        result="inexact"
      fi
      ;;
    *)
      stuck=$((stuck + 1))
      ;;
  esac
  echo "run $run: $result, status ${status:-unknown}, killed $killed_workers workers and $killed_aggregators" \
    "aggregators, $(($(date +%s) - started)) s, batch $batch_id"
  fleet_stop_all
  rm -rf "$data_dir"
done

echo "logs in $FLEET_LOG_DIR"
echo "runs $runs, exact $exact, stuck $stuck"
[ "$exact" -eq "$runs" ] && [ "$stuck" -eq 0 ]
