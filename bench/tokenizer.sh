#!/usr/bin/env bash
# tokenizer.sh - text extraction and word splitting rate of the worker on one core, with JMH.
#
# Usage (from anywhere):
#   bench/tokenizer.sh
#
# Builds the JMH module bench/jmh (not part of the root build) against the wordfleet-worker jar in the local Maven
# repository, then runs PageCounterBenchmark on one thread: each operation reads every .html page of $CORPUS_PAGES
# (default /usr/share/doc/postgresql-doc-15/html) from memory. countPages is the whole word policy per page, with a
# Content-Type that names no charset, and countPagesWithCharset the same with the header that nginx sends;
# extractText (jsoup) and countText (word splitting and the tally) are its two steps. The rate is the pages' bytes
# divided by the time of one operation, in MB/s (1 MB = 10^6 bytes). The default forks and iterations take about
# three minutes on two cores.
#
# The worker jar comes from the local repository, so install the current sources first:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -o -q -DskipTests -pl worker -am install
#
# Environment: CORPUS_PAGES; JMH_FORKS (2), JMH_WARMUP_ITERATIONS (3), JMH_ITERATIONS (5), JMH_ITERATION_TIME (3s)
# and those of lib.sh. The figures are printed as a markdown table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CORPUS_PAGES="${CORPUS_PAGES:-/usr/share/doc/postgresql-doc-15/html}"
JMH_FORKS="${JMH_FORKS:-2}"
JMH_WARMUP_ITERATIONS="${JMH_WARMUP_ITERATIONS:-3}"
JMH_ITERATIONS="${JMH_ITERATIONS:-5}"
JMH_ITERATION_TIME="${JMH_ITERATION_TIME:-3s}"
for count in "$JMH_FORKS" "$JMH_WARMUP_ITERATIONS" "$JMH_ITERATIONS"; do
  [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -le 50 ] || die "JMH counts must be 0 to 50, but one was $count"
done
[[ "$JMH_ITERATION_TIME" =~ ^[1-9][0-9]*(ms|s)$ ]] \
  || die "JMH_ITERATION_TIME must be a time such as 3s or 500ms, but was $JMH_ITERATION_TIME"
[ -d "$CORPUS_PAGES" ] || die "no pages at $CORPUS_PAGES (Debian package postgresql-doc-15)"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "set JAVA_HOME to a JDK 21 or newer"

build_jmh_benchmarks
worker_jar="$WORKER_JAR"
benchmarks_jar="$BENCHMARKS_JAR"

pages="$(find "$CORPUS_PAGES" -type f -name '*.html' | wc -l)"
bytes="$(find "$CORPUS_PAGES" -type f -name '*.html' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')"
result_json="$BENCH_WORK_DIR/tokenizer-jmh.json"
jmh_options=(-f "$JMH_FORKS" -wi "$JMH_WARMUP_ITERATIONS" -w "$JMH_ITERATION_TIME" -i "$JMH_ITERATIONS"
  -r "$JMH_ITERATION_TIME" -t 1 -p "corpusDir=$CORPUS_PAGES")
log "running JMH over $pages pages ($bytes bytes): ${jmh_options[*]}"
(cd "$BENCH_WORK_DIR" && timeout 1200 "$JAVA_HOME/bin/java" -jar "$benchmarks_jar" "${jmh_options[@]}" \
  -rf json -rff "$result_json" PageCounterBenchmark) >"$BENCH_WORK_DIR/tokenizer-jmh.out" 2>&1 \
  || { tail -n 30 "$BENCH_WORK_DIR/tokenizer-jmh.out" >&2; die "JMH failed (output in $BENCH_WORK_DIR/tokenizer-jmh.out)"; }

body="$BENCH_WORK_DIR/tokenizer-body.md"
{
  printf '%s pages (%s bytes) of %s, in memory, one thread. JMH 1.37, average time per operation over ' \
    "$pages" "$bytes" "$CORPUS_PAGES"
  printf '%s of %s warm-up and %s measured iterations of %s; the error is JMH'"'"'s 99.9%% interval. ' \
    "$(pluralize "$JMH_FORKS" fork)" "$JMH_WARMUP_ITERATIONS" "$JMH_ITERATIONS" "$JMH_ITERATION_TIME"
  printf 'Worker jar: %s, built %s.\n\n' "$(basename "$worker_jar")" "$(date -u -r "$worker_jar" '+%Y-%m-%d %H:%M UTC')"
  printf '| benchmark | what it runs | ms per pass, mean ± error | ms per pass, median | MB/s on one core, median |\n'
  printf '|---|---|---:|---:|---:|\n'
  python3 - "$result_json" "$bytes" <<'EOF'
import json, statistics, sys
results = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
megabytes = int(sys.argv[2]) / 1e6
steps = [("countPages", "PageCounter.count: jsoup text extraction, then word splitting and the tally"),
         ("countPagesWithCharset", "the same, with the Content-Type of nginx, which names the charset"),
         ("extractText", "PageTextExtractor.extractText only"),
         ("countText", "PageCounter.countText on text extracted beforehand")]
for name, description in steps:
    metric = results.get(name)
    if metric is None:
        continue
    median = statistics.median(score for fork in metric["rawData"] for score in fork)
    print(f"| {name} | {description} | {metric['score']:.1f} ± {metric['scoreError']:.1f} | {median:.1f} "
          f"| {megabytes / (median / 1000):.1f} |")
EOF
  printf '\nThe median is over every measured iteration of every fork, so one fork slowed down by other work on the '
  printf 'machine moves it less than the mean. The rates of extractText and countText are per byte of HTML as well, '
  printf 'so their times compare directly with that of countPages.\n'
} >"$body"
append_record "Text extraction and word splitting (JMH)" \
  "JMH_FORKS=$JMH_FORKS JMH_WARMUP_ITERATIONS=$JMH_WARMUP_ITERATIONS JMH_ITERATIONS=$JMH_ITERATIONS JMH_ITERATION_TIME=$JMH_ITERATION_TIME bench/tokenizer.sh" \
  "$body"
