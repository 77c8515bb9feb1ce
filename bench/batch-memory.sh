#!/usr/bin/env bash
# batch-memory.sh - the aggregator's heap as batches accumulate, with and without dropping old word counts.
#
# Usage (from anywhere; the development corpus server must run, see ../shared/corpus/serve.sh):
#   bench/batch-memory.sh [BATCHES]
#     BATCHES  batches of the development corpus submitted one after the other to one aggregator (default 20)
#
# For each retention in $RETENTIONS (default "5s 24h"), a fleet of separate processes starts on 127.0.0.1: a broker,
# an aggregator with wordfleet.aggregator.finished-batch-retention set to that retention, and one worker. Each batch
# is submitted once the one before has completed. Then jcmd GC.run makes the aggregator collect garbage, and jstat
# reads the heap in use. With a short retention the word counts of finished batches leave the heap;
# with a long one every batch's counts stay. The figures are printed as a markdown table and appended to
# docs/benchmarks.md.
#
# Environment: RETENTIONS, BATCH_TIMEOUT_S (180, per batch), and those of lib.sh and fleet.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BATCHES="${1:-20}"
RETENTIONS="${RETENTIONS:-5s 24h}"
BATCH_TIMEOUT_S="${BATCH_TIMEOUT_S:-180}"
[[ "$BATCHES" =~ ^[1-9][0-9]*$ ]] && [ "$BATCHES" -le 200 ] || die "BATCHES must be 1 to 200, but was $BATCHES"
require_corpus_server
ensure_wordfleet_built
jdk_bin="$(dirname "$(readlink -f "$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}java")")")"

FLEET_LOG_DIR="$BENCH_WORK_DIR/batch-memory"
rm -rf "$FLEET_LOG_DIR"
CONCURRENCY=16
source "$BENCH_DIR/fleet.sh"
fleet_init

results="$BENCH_WORK_DIR/batch-memory-results.tsv"
: >"$results"

# heap_used_mib PID: collects garbage in the JVM and prints the heap in use afterwards, in MiB.
heap_used_mib() {
  "$jdk_bin/jcmd" "$1" GC.run >/dev/null
  "$jdk_bin/jstat" -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i }
    NR == 2 { printf "%.1f", ($(column["S0U"]) + $(column["S1U"]) + $(column["EU"]) + $(column["OU"])) / 1024 }'
}

for retention in $RETENTIONS; do
  log "retention $retention: starting a broker, an aggregator and a worker"
  fleet_start_broker "$FLEET_LOG_DIR/broker-data-$retention"
  fleet_start_aggregator "--wordfleet.aggregator.finished-batch-retention=$retention"
  fleet_start_worker "worker-$retention"
  fleet_await_aggregator
  # Let the worker join its group before the first batch.
  sleep 5
  for batch in $(seq 1 "$BATCHES"); do
    batch_id="$("$fleet_launcher" submit --bootstrap-servers "$fleet_servers" "$CORPUS_DIR/urls.txt" \
      2>>"$FLEET_LOG_DIR/submit.log")"
    status=""
    for _ in $(seq 1 "$BATCH_TIMEOUT_S"); do
      status="$(fleet_batch_status "$batch_id")"
      [ "$status" = COMPLETED ] || [ "$status" = FAILED ] && break
      sleep 1
    done
    [ "$status" = COMPLETED ] || die "batch $batch ($batch_id) ended as '$status' with retention $retention"
    heap="$(heap_used_mib "$fleet_aggregator_pid")"
    log "retention $retention, batch $batch: aggregator heap after GC $heap MiB"
    printf '%s\t%s\t%s\n' "$retention" "$batch" "$heap" >>"$results"
  done
  fleet_stop_all
done

body="$BENCH_WORK_DIR/batch-memory-body.md"
{
  printf '%s of the development corpus (%s pages each), one after the other, to one aggregator process; ' \
    "$(pluralize "$BATCHES" batch batches)" "$(corpus_page_count)"
  printf 'heap in use after `jcmd PID GC.run`, read with `jstat -gc` once each batch has completed.\n\n'
  printf '| batch |'
  for retention in $RETENTIONS; do printf ' retention %s (MiB) |' "$retention"; done
  printf '\n|---:|'
  for _ in $RETENTIONS; do printf -- '---:|'; done
  printf '\n'
  for batch in $(seq 1 "$BATCHES"); do
    printf '| %s |' "$batch"
    for retention in $RETENTIONS; do
      printf ' %s |' "$(awk -F'\t' -v r="$retention" -v b="$batch" '$1 == r && $2 == b { print $3 }' "$results")"
    done
    printf '\n'
  done
} >"$body"
append_record "Aggregator heap over many batches" "bench/batch-memory.sh $BATCHES" "$body"
