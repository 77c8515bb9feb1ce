#!/usr/bin/env bash
# stream-memory.sh - counts one generated HTML page of 1 GiB through PageCounter.count(InputStream, ...) in a JVM
# with a small heap, and reports the time, the rate and the largest heap in use after a garbage collection.
#
# Usage (from anywhere):
#   bench/stream-memory.sh [BYTES]
#     BYTES  least size of the page (default 1073741824, 1 GiB)
#
# Builds the JMH module bench/jmh (not part of the root build) against the wordfleet-worker jar in the local Maven
# repository and runs its StreamMemoryBenchmark. That program writes the page while the counter reads it, so the page
# is never in memory whole, and checks every count against the generator. The peak heap is the largest sum of the
# heap pools' usage right after a collection, as GC notifications report it. It is the memory that the count keeps
# alive, without the garbage between collections.
#
# The worker jar comes from the local repository, so install the current sources first:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -DskipTests -pl worker -am install
#
# Environment: HEAP (64m, the JVM's -Xmx), RUN_TIMEOUT_S (1800) and those of lib.sh. The figures are printed as a
# markdown table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BYTES="${1:-1073741824}"
HEAP="${HEAP:-64m}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-1800}"
[[ "$BYTES" =~ ^[1-9][0-9]*$ ]] || die "BYTES must be a positive number of bytes, but was $BYTES"
[[ "$HEAP" =~ ^[1-9][0-9]*[kmg]$ ]] || die "HEAP must be a heap size such as 64m, but was $HEAP"
[[ "$RUN_TIMEOUT_S" =~ ^[1-9][0-9]*$ ]] || die "RUN_TIMEOUT_S must be a positive number of seconds, but was $RUN_TIMEOUT_S"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "set JAVA_HOME to a JDK 21 or newer"

build_jmh_benchmarks
worker_jar="$WORKER_JAR"
benchmarks_jar="$BENCHMARKS_JAR"

java_command=("$JAVA_HOME/bin/java" "-Xmx$HEAP" -cp "$benchmarks_jar" dev.wordfleet.bench.StreamMemoryBenchmark "$BYTES")
log "counting a page of $BYTES bytes: ${java_command[*]}"
run_timed stream-memory "$RUN_TIMEOUT_S" "${java_command[@]}"
output="$BENCH_WORK_DIR/stream-memory.out"
[ "$RUN_STATUS" -eq 0 ] || { tail -n 20 "$BENCH_WORK_DIR/stream-memory.err" "$output" >&2; \
  die "the count exited with status $RUN_STATUS (output in $output and stream-memory.err)"; }
line="$(grep -E '^bytes=' "$output" | tail -n 1)"
[ -n "$line" ] || die "no result line in $output"
field() { sed -nE "s/.*(^| )$1=([^ ]+).*/\\2/p" <<<"$line"; }

body="$BENCH_WORK_DIR/stream-memory-body.md"
{
  printf 'One generated HTML page counted through `PageCounter.count(InputStream, "text/html", ...)` on one thread, '
  printf 'written while it is read: `%s`. The worker jar is %s, built %s.\n\n' \
    "java -Xmx$HEAP -cp bench/jmh/target/benchmarks.jar dev.wordfleet.bench.StreamMemoryBenchmark $BYTES" \
    "$(basename "$worker_jar")" "$(date -u -r "$worker_jar" '+%Y-%m-%d %H:%M UTC')"
  printf '| page (bytes) | paragraphs | words | distinct words | counts exact | time (s) | MB/s | peak heap after GC (MiB) | max heap (MiB) | collections |\n'
  printf '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n'
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(field bytes)" "$(field paragraphs)" \
    "$(field words)" "$(field distinct)" "$(field exact)" "$(field seconds)" "$(field megabytes_per_second)" \
    "$(awk -v b="$(field peak_heap_after_gc_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" \
    "$(awk -v b="$(field max_heap_bytes)" 'BEGIN { printf "%.0f", b / 1048576 }')" "$(field collections)"
} >"$body"
append_record "Streaming count of one large page" "HEAP=$HEAP bench/stream-memory.sh $BYTES" "$body"
