#!/usr/bin/env bash
# big-page.sh - counts one generated HTML page of 1 GiB end to end with ./wordfleet run, with the body cap raised
# above it and a small worker heap, and reports the time, the peak resident memory and the largest heap in use after
# a garbage collection.
#
# Usage (from anywhere):
#   bench/big-page.sh [BYTES]
#     BYTES  least size of the page (default 1073741824, 1 GiB)
#
# big_page_server.py writes the page on 127.0.0.1 while the worker reads it, so neither side holds it whole. The run
# is `./wordfleet run --workers 1 --max-body-size 2047MB --fetch-timeout 30m` with WORDFLEET_JAVA_OPTS="-Xmx$HEAP"
# and a GC log. The whole fleet (broker, aggregator, worker, producer) shares that JVM and heap. The script checks
# that each of the page's five words was counted once per paragraph, and reads the peak heap after collections from
# the GC log.
#
# Environment: HEAP (256m), PORT (18091), RUN_TIMEOUT_S (1800) and those of lib.sh. The figures are printed as a
# markdown table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BYTES="${1:-1073741824}"
HEAP="${HEAP:-256m}"
PORT="${PORT:-18091}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-1800}"
[[ "$BYTES" =~ ^[1-9][0-9]*$ ]] || die "BYTES must be a positive number of bytes, but was $BYTES"
[ "$BYTES" -lt 2146435072 ] || die "BYTES must be below 2047 MiB, the largest body cap, but was $BYTES"
[[ "$HEAP" =~ ^[1-9][0-9]*[kmg]$ ]] || die "HEAP must be a heap size such as 256m, but was $HEAP"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package: time)"
port_open "$PORT" && die "port $PORT on 127.0.0.1 is already taken; set PORT to a free one"

ensure_wordfleet_built
server_out="$BENCH_WORK_DIR/big_page_server.out"
PORT="$PORT" BYTES="$BYTES" python3 "$(dirname "${BASH_SOURCE[0]}")/big_page_server.py" >"$server_out" 2>&1 &
server_pid=$!
BENCH_PIDS+=("$server_pid")
wait_for_port "$PORT" "$server_pid"
paragraphs="$(sed -nE 's/^paragraphs=([0-9]+) .*/\1/p' "$server_out")"
page_bytes="$(sed -nE 's/.* bytes=([0-9]+)$/\1/p' "$server_out")"
[ -n "$paragraphs" ] || die "big_page_server.py printed no paragraph count ($server_out)"
log "serving a page of $page_bytes bytes ($paragraphs paragraphs) on http://127.0.0.1:$PORT/big.html"

gc_log="$BENCH_WORK_DIR/big-page-gc.log"
rss_file="$BENCH_WORK_DIR/big-page.rss"
counts="$BENCH_WORK_DIR/big-page-counts.tsv"
wordfleet_args=(run --allow-private-networks --progress never --workers 1 --max-body-size 2047MB
  --fetch-timeout 30m --top 0 --format tsv -o "$counts")
echo "http://127.0.0.1:$PORT/big.html" >"$BENCH_WORK_DIR/big-page-urls.txt"
WORDFLEET_WRAPPER=(/usr/bin/time -f %M -o "$rss_file")
WORDFLEET_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$gc_log" \
  run_wordfleet big-page "$RUN_TIMEOUT_S" "${wordfleet_args[@]}" "$BENCH_WORK_DIR/big-page-urls.txt"

expected="$(printf '%s\t%s\n' alpha "$paragraphs" beta "$paragraphs" delta "$paragraphs" epsilon "$paragraphs" \
  gamma "$paragraphs")"
actual="$(sort "$counts")"
[ "$actual" = "$expected" ] || die "counts differ from the page's: expected $(tr '\n\t' '; ' <<<"$expected"), got \
$(tr '\n\t' '; ' <<<"$actual")"
peak_rss_mib="$(awk '{ printf "%.0f", $1 / 1024 }' <(tail -n 1 "$rss_file"))"
# Unified GC log lines end with "Pause ... 120M->35M(256M) 4.2ms": the figure after the arrow is the heap in use
# after the collection.
peak_heap_mib="$(sed -nE 's/.*->([0-9]+)M\([0-9]+M\).*/\1/p' "$gc_log" | sort -n | tail -n 1)"
collections="$(grep -c 'Pause' "$gc_log" || true)"
batch_s="$(summary_batch_s "$RUN_SUMMARY")"
rate="$(awk -v b="$page_bytes" -v s="$batch_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
log "batch $batch_s s ($rate MB/s), peak RSS $peak_rss_mib MiB, peak heap after GC $peak_heap_mib MiB, $collections GCs"

body="$BENCH_WORK_DIR/big-page-body.md"
{
  printf 'One page of %s bytes (%s paragraphs) from `bench/big_page_server.py` on loopback, counted by ' \
    "$page_bytes" "$paragraphs"
  printf '`WORDFLEET_JAVA_OPTS="-Xmx%s" ./wordfleet %s URLS`. Broker, aggregator, worker and producer share the ' \
    "$HEAP" "${wordfleet_args[*]}"
  printf 'one JVM. Counts checked: each word once per paragraph.\n\n'
  printf '| page bytes | batch (s) | MB/s | peak RSS (MiB) | peak heap after GC (MiB) | GCs |\n'
  printf '|---:|---:|---:|---:|---:|---:|\n'
  printf '| %s | %s | %s | %s | %s | %s |\n' "$page_bytes" "$batch_s" "$rate" "$peak_rss_mib" \
    "${peak_heap_mib:-?}" "$collections"
} >"$body"
append_record "One 1 GiB page end to end" "HEAP=$HEAP bench/big-page.sh $BYTES" "$body"
