#!/usr/bin/env bash
# Usage: bench/cancel-latency.sh [RUNS]
#
# Measures how fast a batch's first failure stops every worker. The latency runs from the aggregator's decision that
# the batch failed to the moment the last of three worker processes has aborted its fetches of that batch. Both are
# read from the processes' logs, which carry millisecond timestamps of one machine's clock. Each of RUNS batches (default 20) contains one URL that
# fails after 300 ms and 30 URLs whose responses take 5 s, served by slow_server.py on 127.0.0.1. Prints p50, p99
# and the maximum, and appends them to docs/benchmarks.md.
set -euo pipefail

runs="${1:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLEET_LOG_DIR="$(mktemp -d /tmp/wordfleet-cancel.XXXXXX)"
CONCURRENCY="${CONCURRENCY:-4}"
source "$here/fleet.sh"
fleet_init

corpus_www="${CORPUS_DIR:-/tmp/wordfreq-corpus-dev}/www"
slow_port="${SLOW_PORT:-28090}"
slow_server="$fleet_root/../shared/corpus/slow_server.py"
DELAY_MS=5000 FAIL_PATHS=/fail.html FAIL_DELAY_MS=300 PORT="$slow_port" \
  python3 "$slow_server" "$corpus_www" > "$FLEET_LOG_DIR/slow_server.log" 2>&1 &
slow_pid=$!
stop_everything() {
  kill "$slow_pid" 2>/dev/null || true
  fleet_stop_all
}
trap stop_everything EXIT

fleet_start_broker "$FLEET_LOG_DIR/broker-data"
fleet_start_aggregator
for i in 1 2 3; do
  fleet_start_worker "worker-$i"
done
fleet_await_aggregator
# Let the three workers join the group before the first batch.
sleep 10

pages=()
for path in "$corpus_www"/*.html; do
  pages+=("$(basename "$path")")
  [ "${#pages[@]}" -lt 30 ] || break
done
latencies="$FLEET_LOG_DIR/latencies.txt"
: > "$latencies"
# Run 0 warms the JVMs up (class loading and JIT on the cancel path) and is reported apart.
for run in $(seq 0 "$runs"); do
  urls="$FLEET_LOG_DIR/urls-$run.txt"
  echo "http://127.0.0.1:$slow_port/fail.html?run=$run" > "$urls"
  for page in "${pages[@]}"; do
    echo "http://127.0.0.1:$slow_port/$page?run=$run" >> "$urls"
  done
  batch_id="$("$fleet_launcher" submit --bootstrap-servers "$fleet_servers" "$urls" 2>> "$FLEET_LOG_DIR/submit.log")"
  for _ in $(seq 1 60); do
    [ "$(fleet_batch_status "$batch_id")" = FAILED ] && break
    sleep 0.5
  done
  # The workers log the abort right after they read the cancel; give them a moment to write it.
  sleep 2
  target="$latencies"
  [ "$run" -gt 0 ] || target="$FLEET_LOG_DIR/warm-up.txt"
  python3 - "$FLEET_LOG_DIR" "$batch_id" >> "$target" <<'PYTHON'
import datetime, glob, re, sys
log_dir, batch = sys.argv[1], sys.argv[2]
def stamp(line):
    return datetime.datetime.fromisoformat(line.split()[0].replace("Z", "+00:00")).timestamp()
decided = [stamp(l) for l in open(f"{log_dir}/aggregator.log") if f"Batch {batch} failed" in l]
aborted = []
for path in glob.glob(f"{log_dir}/worker-*.log"):
    times = [stamp(l) for l in open(path) if f"cancelled batch {batch}" in l or f"Cancelling batch {batch}" in l]
    if times:
        aborted.append(max(times))
if decided and len(aborted) == 3:
    print(f"{(max(aborted) - decided[0]) * 1000:.0f}")
else:
    print(f"missing decided={len(decided)} workers={len(aborted)}", file=sys.stderr)
PYTHON
done

summary="$(python3 - "$latencies" <<'PYTHON'
import math, sys
values = sorted(float(v) for v in open(sys.argv[1]) if v.strip())
def pct(p):
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]
print(f"| {len(values)} | {pct(50):.0f} | {pct(99):.0f} | {values[-1]:.0f} |")
PYTHON
)"
table="| measured runs | p50 (ms) | p99 (ms) | max (ms) |
| --- | --- | --- | --- |
$summary

The warm-up batch before them, the first cancel each JVM handles, took $(cat "$FLEET_LOG_DIR/warm-up.txt" 2>/dev/null || echo "an unknown number of") ms."
echo "$table"
{
  echo
  echo "## Cancel latency, $(date -u +%Y-%m-%d)"
  echo
  echo "From the aggregator's decision that a batch failed to the last of 3 worker processes aborting its fetches"
  echo "of that batch (concurrency $CONCURRENCY each), over $runs batches of one URL failing after 300 ms and 30"
  echo "URLs answering after 5 s, after one warm-up batch. Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB."
  echo "Command: \`bench/cancel-latency.sh $runs\`."
  echo
  echo "$table"
} >> "$fleet_root/docs/benchmarks.md"
