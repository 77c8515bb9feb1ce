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
broker_port="${BROKER_PORT:-29092}"
aggregator_port="${AGGREGATOR_PORT:-28081}"
concurrency="${CONCURRENCY:-8}"
log_dir="${LOG_DIR:-$(mktemp -d /tmp/wordfleet-chaos.XXXXXX)}"
mkdir -p "$log_dir"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$root/wordfleet"
"$launcher" --version >/dev/null
# The processes below must not rebuild the command while sources change.
export WORDFLEET_SKIP_BUILD=1

servers="127.0.0.1:$broker_port"
# Short session timeouts let the group notice a killed member within seconds instead of 45.
group_timeouts=(--spring.kafka.consumer.properties.session.timeout.ms=6000
  --spring.kafka.consumer.properties.heartbeat.interval.ms=1000)

pids=()
worker_pids=()
aggregator_pid=""
broker_pid=""

start_worker() {
  local name="worker-$1"
  "$launcher" worker --bootstrap-servers "$servers" --allow-private-networks --concurrency "$concurrency" \
    --server.port=0 "${group_timeouts[@]}" >> "$log_dir/$name.log" 2>&1 &
  disown $!
  worker_pids+=($!)
}

start_aggregator() {
  "$launcher" aggregator --bootstrap-servers "$servers" --server.port="$aggregator_port" "${group_timeouts[@]}" \
    >> "$log_dir/aggregator.log" 2>&1 &
  disown $!
  aggregator_pid=$!
}

stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${worker_pids[@]}" "$aggregator_pid"; do
    [ -n "$pid" ] && stop_pid "$pid"
  done
  [ -n "$broker_pid" ] && stop_pid "$broker_pid"
  worker_pids=()
  aggregator_pid=""
  broker_pid=""
}
trap stop_all EXIT

# Prints the batch's status, or nothing while the aggregator does not answer.
batch_status() {
  curl -sf --max-time 2 "http://127.0.0.1:$aggregator_port/batches/$1" 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true
}

grep -v '^#' "$expected_file" > "$log_dir/expected.tsv"
exact=0
stuck=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  data_dir="$log_dir/broker-data-$run"
  "$launcher" broker --port "$broker_port" --data-dir "$data_dir" > "$log_dir/broker-$run.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 60); do
    grep -q "Kafka broker ready" "$log_dir/broker-$run.log" && break
    sleep 1
  done

  start_aggregator
  for i in $(seq 1 "$workers"); do
    start_worker "$run-$i"
  done
  for _ in $(seq 1 90); do
    curl -sf --max-time 2 "http://127.0.0.1:$aggregator_port/batches" >/dev/null 2>&1 && break
    sleep 1
  done

  batch_id="$("$launcher" submit --bootstrap-servers "$servers" "$urls_file" 2>> "$log_dir/submit.log")"

  # Kill a random worker or the aggregator every 1 to 4 seconds, KILLS times, and start a replacement.
  killed_workers=0
  killed_aggregators=0
  for k in $(seq 1 "$kills"); do
    sleep $((1 + RANDOM % 4))
    if [ $((RANDOM % 3)) -eq 0 ]; then
      kill -9 "$aggregator_pid" 2>/dev/null || true
      killed_aggregators=$((killed_aggregators + 1))
      start_aggregator
    else
      index=$((RANDOM % ${#worker_pids[@]}))
      kill -9 "${worker_pids[$index]}" 2>/dev/null || true
      killed_workers=$((killed_workers + 1))
      unset "worker_pids[$index]"
      worker_pids=("${worker_pids[@]}")
      start_worker "$run-r$k"
    fi
  done

  status=""
  while [ $(($(date +%s) - started)) -lt "$run_timeout" ]; do
    status="$(batch_status "$batch_id")"
    case "$status" in
      COMPLETED|FAILED|CANCELLED) break ;;
    esac
    sleep 1
  done

  result="stuck"
  case "$status" in
    COMPLETED|FAILED|CANCELLED)
      curl -sf --max-time 30 "http://127.0.0.1:$aggregator_port/batches/$batch_id/words?format=tsv" \
        > "$log_dir/counts-$run.tsv" || true
      if [ "$status" = COMPLETED ] && cmp -s "$log_dir/expected.tsv" "$log_dir/counts-$run.tsv"; then
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
  stop_all
  rm -rf "$data_dir"
done

echo "runs $runs, exact $exact, stuck $stuck (logs in $log_dir)"
[ "$exact" -eq "$runs" ] && [ "$stuck" -eq 0 ]
