#!/usr/bin/env bash
# cpu-split.sh - where the CPU time of ./wordfleet run goes, by thread group, over copies of the development corpus.
#
# Usage (from anywhere; the development corpus server must run, see ../shared/corpus/serve.sh):
#   bench/cpu-split.sh [COPIES] [RUNS]
#     COPIES  times the corpus is listed, each copy made distinct by a "?copy=N" query that nginx ignores (default 20)
#     RUNS    runs (default 3)
#
# Each run goes through thread_cpu.py, which reads the CPU time of every thread of the JVM from /proc while it runs.
# The threads are grouped by name. The groups are the JIT compilers, the counting threads, the carriers of the virtual
# threads and the embedded broker. Then come the aggregator's consumer of batch events, the other Kafka consumers, the
# Kafka producers' network threads, the main thread, the garbage collector, OkHttp's own threads and the rest. The
# virtual threads fetch pages, count bodies too large to read whole and publish outcomes. The main thread reads the URL
# file and publishes the jobs. The table gives each group's median CPU seconds over the runs, its share and its CPU
# time per page. The figures include the start and the end of the process, but not nginx's CPU time.
# For comparison, the Go anchor runs over the same URLs as often (-workers $ANCHOR_WORKERS -html), alternating with
# wordfleet, and the table ends with the median CPU time of its whole process.
#
# Environment: ANCHOR_WORKERS (32, the fleet's default total concurrency), RUN_TIMEOUT_S (1800, per run),
# WORDFLEET_JAVA_OPTS (passed to the JVM by ./wordfleet) and those of lib.sh. The figures are printed as a markdown
# table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COPIES="${1:-20}"
RUNS="${2:-3}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-1800}"
ANCHOR_WORKERS="${ANCHOR_WORKERS:-32}"
[[ "$ANCHOR_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "ANCHOR_WORKERS must be a positive integer, but was $ANCHOR_WORKERS"
[[ "$COPIES" =~ ^[1-9][0-9]*$ ]] && [ "$COPIES" -le 1000 ] || die "COPIES must be 1 to 1000, but was $COPIES"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"

require_corpus_server
ensure_anchor
ensure_wordfleet_built

corpus_port="$(head -n 1 "$CORPUS_DIR/urls.txt" | sed -E 's|^http://127\.0\.0\.1:([0-9]+)/.*|\1|')"
urls="$BENCH_WORK_DIR/cpu-split-urls.txt"
write_copied_urls "$corpus_port" "$COPIES" "$urls"
pages="$(grep -c . "$urls")"

wordfleet_args=(run --allow-private-networks --per-host-concurrency 32 --progress never --top 0 --format tsv -o /dev/null "$urls")

anchor_args=(-workers "$ANCHOR_WORKERS" -urls "$urls" -html)

# measure_wordfleet RUN and measure_anchor RUN: one run through thread_cpu.py, whose figures go to
# $BENCH_WORK_DIR/cpu-split-RUN.tsv and cpu-split-anchor-RUN.tsv.
measure_wordfleet() {
  local threads="$BENCH_WORK_DIR/cpu-split-$1.tsv"
  WORDFLEET_WRAPPER=(python3 "$BENCH_DIR/thread_cpu.py" "$threads" --)
  run_wordfleet "cpu-split-$1" "$RUN_TIMEOUT_S" "${wordfleet_args[@]}"
  [ -s "$threads" ] || die "no thread figures in $threads"
  log "wordfleet run $1: $RUN_WALL s; $RUN_SUMMARY"
}
measure_anchor() {
  local threads="$BENCH_WORK_DIR/cpu-split-anchor-$1.tsv"
  run_timed "cpu-split-anchor-$1" "$RUN_TIMEOUT_S" python3 "$BENCH_DIR/thread_cpu.py" "$threads" -- "$ANCHOR_BIN" \
    "${anchor_args[@]}"
  [ "$RUN_STATUS" -eq 0 ] \
    || die "the anchor exited with status $RUN_STATUS (see $BENCH_WORK_DIR/cpu-split-anchor-$1.err)"
  [ -s "$threads" ] || die "no thread figures in $threads"
  log "anchor run $1: $RUN_WALL s"
}

threads_files=()
anchor_files=()
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then
    measure_wordfleet "$run"
    measure_anchor "$run"
  else
    measure_anchor "$run"
    measure_wordfleet "$run"
  fi
  threads_files+=("$BENCH_WORK_DIR/cpu-split-$run.tsv")
  anchor_files+=("$BENCH_WORK_DIR/cpu-split-anchor-$run.tsv")
done

body="$BENCH_WORK_DIR/cpu-split-body.md"
{
  printf '%s pages (%s of the development corpus) served by nginx; runs: %s; each run: ' "$pages" \
    "$(pluralize "$COPIES" copy copies)" "$RUNS"
  printf '`python3 bench/thread_cpu.py FILE -- ./wordfleet %s`. JVM options: `%s`. ' "${wordfleet_args[*]}" \
    "${WORDFLEET_JAVA_OPTS:-none}"
  printf 'Anchor, alternating with it: `wordcount %s`.\n\n' "${anchor_args[*]}"
  python3 - "$pages" "${#threads_files[@]}" "${threads_files[@]}" "${anchor_files[@]}" <<'EOF'
import re
import statistics
import sys

# The first match wins. The patterns match thread names as Linux keeps them, cut to 15 characters.
GROUPS = [
    ("JIT compilers", r"C[12] CompilerThre"),
    ("counting threads", r"page-counter-"),
    ("virtual thread carriers: fetch, publish", r"ForkJoinPool-\d"),
    ("aggregator: batch events consumer", r"batchEventConta"),
    ("other Kafka consumers", r"worker-\d+-C-|cancelContainer|submission-ledg|kafka-coordinat"),
    ("Kafka producer network threads", r"kafka-producer-"),
    ("embedded broker", r"data-plane-kafk|group-coordinat|kafka-\d|kafka-scheduler|kafka-log-clean|quorum-controll"
        r"|broker-\d|controller-\d|raft-|ExpirationReape|share-|transaction-log|TxnMarkerSender|LogDirFailure"
        r"|AddPartitionsTo|PersisterState|persister-state|network-partiti|client-metrics"),
    ("main thread: URL file, publishing jobs", r"java$"),
    ("garbage collector", r"GC Thread|G1 "),
    ("OkHttp and Okio threads", r"OkHttp|Okio"),
]
OTHER = "other JVM and library threads"

pages = int(sys.argv[1])
run_count = int(sys.argv[2])
wordfleet_files, anchor_files = sys.argv[3:3 + run_count], sys.argv[3 + run_count:]
runs = []
for path in wordfleet_files:
    totals = {}
    with open(path) as threads:
        for line in threads:
            _, name, cpu_s = line.rstrip("\n").split("\t")
            group = next((label for label, pattern in GROUPS if re.match(pattern, name)), OTHER)
            totals[group] = totals.get(group, 0.0) + float(cpu_s)
    runs.append(totals)

labels = [label for label, _ in GROUPS] + [OTHER]
median_of = {label: statistics.median(run.get(label, 0.0) for run in runs) for label in labels}
total = statistics.median(sum(run.values()) for run in runs)
print("| thread group | CPU (s), median | share | CPU per page (ms) |")
print("|---|---:|---:|---:|")
for label in sorted(labels, key=lambda label: -median_of[label]):
    seconds = median_of[label]
    print(f"| {label} | {seconds:.1f} | {100 * seconds / total:.0f}% | {1000 * seconds / pages:.3f} |")
print(f"| all threads | {total:.1f} | 100% | {1000 * total / pages:.3f} |")


def process_cpu_s(path):
    with open(path) as threads:
        return sum(float(line.rstrip("\n").split("\t")[2]) for line in threads)


anchor = statistics.median(process_cpu_s(path) for path in anchor_files)
print(f"| anchor, whole process, for comparison | {anchor:.1f} | {100 * anchor / total:.0f}% of wordfleet's "
      f"| {1000 * anchor / pages:.3f} |")
EOF
} >"$body"
command="WORDFLEET_JAVA_OPTS='${WORDFLEET_JAVA_OPTS:-}' ANCHOR_WORKERS=$ANCHOR_WORKERS bench/cpu-split.sh $COPIES $RUNS"
append_record "CPU time by thread group" "$command" "$body"
