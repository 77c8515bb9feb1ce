#!/usr/bin/env bash
# latency.sh - how well wordfleet and the Go anchor keep their fetch slots busy when every response is slow.
#
# Usage (from anywhere; the development corpus must be in place, see ../shared/corpus/serve.sh):
#   bench/latency.sh [RUNS]
#     RUNS  runs of each program at each concurrency, alternating between the programs (default 3)
#
# The first $PAGES corpus pages are served by slow_server.py on 127.0.0.1:$PORT, which delays every response by
# $DELAY_MS and logs each request received and response sent. At a total concurrency C the ideal time is
# ceil(PAGES / C) x DELAY_MS; the efficiency is that ideal divided by the measured time from the first request
# received to the last response sent, both read from the server's log. wordfleet runs 2 workers of C/2 fetches each
# (--workers 2 --concurrency C/2), the anchor C goroutines (-workers C).
#
# Environment: PAGES (400), DELAY_MS (100), CONCURRENCIES ("16 64", each even), PORT (18091), RUN_TIMEOUT_S (600, per
# run), and those of lib.sh. The figures are printed as a markdown table and appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-3}"
PAGES="${PAGES:-400}"
DELAY_MS="${DELAY_MS:-100}"
CONCURRENCIES="${CONCURRENCIES:-16 64}"
PORT="${PORT:-18091}"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-600}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNS" -le 20 ] || die "RUNS must be 1 to 20, but was $RUNS"
[[ "$PAGES" =~ ^[1-9][0-9]*$ ]] || die "PAGES must be a positive integer, but was $PAGES"
[[ "$DELAY_MS" =~ ^[1-9][0-9]*$ ]] || die "DELAY_MS must be a positive integer, but was $DELAY_MS"
for concurrency in $CONCURRENCIES; do
  [[ "$concurrency" =~ ^[1-9][0-9]*$ ]] && [ $((concurrency % 2)) -eq 0 ] \
    || die "each of CONCURRENCIES must be an even positive integer, but one was $concurrency"
done

require_corpus_pages
[ "$PAGES" -le "$(corpus_page_count)" ] || die "PAGES is $PAGES, but the corpus has only $(corpus_page_count) pages"
ensure_anchor
ensure_wordfleet_built

urls="$BENCH_WORK_DIR/latency-urls.txt"
# Through a file, because head closing the pipe early would end rewrite_urls with SIGPIPE, a failure under pipefail.
rewrite_urls "$PORT" >"$urls.all"
head -n "$PAGES" "$urls.all" >"$urls"

request_log="$BENCH_WORK_DIR/latency-requests.log"
: >"$request_log"
start_slow_server "$PORT" "$DELAY_MS" "$request_log"

# request_stats FIRST_LINE CONCURRENCY: prints "requests measured_s efficiency mean_in_flight all_busy_after_s" for the
# request log lines from FIRST_LINE on. Requests in flight are those received and not yet answered, and their mean is
# taken over the measured time. all_busy_after_s is when CONCURRENCY of them were first in flight ("never" if not).
request_stats() {
  tail -n +"$1" "$request_log" | python3 -c '
import math, sys
pages, concurrency, delay_s = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000
events = []
for line in sys.stdin:
    fields = line.split()
    # robots.txt, which wordfleet fetches once per host before the first page, is not a page.
    if len(fields) >= 4 and fields[3] == "/robots.txt":
        continue
    if len(fields) >= 3 and fields[1] in ("recv", "sent", "aborted"):
        events.append((float(fields[0]), fields[1], fields[2]))
received = [t for t, kind, _ in events if kind == "recv"]
sent = [t for t, kind, status in events if kind == "sent" and status == "200"]
if not received or len(sent) < pages:
    print(len(received), "n/a", "n/a", "n/a", "n/a")
    sys.exit()
start, end = min(received), max(sent)
measured = end - start
ideal = math.ceil(pages / concurrency) * delay_s
in_flight, area, previous, all_busy_after = 0, 0.0, start, "never"
for time, kind, _ in sorted(events):
    area += in_flight * (time - previous)
    previous = time
    in_flight += 1 if kind == "recv" else -1
    if in_flight >= concurrency and all_busy_after == "never":
        all_busy_after = f"{time - start:.2f}"
print(len(received), f"{measured:.3f}", f"{ideal / measured:.3f}", f"{area / measured:.1f}", all_busy_after)' \
    "$PAGES" "$2" "$DELAY_MS"
}

results="$BENCH_WORK_DIR/latency-results.tsv"
: >"$results"

# measure PROGRAM CONCURRENCY RUN: runs one program once and appends
# "program concurrency run wall requests measured efficiency mean_in_flight all_busy_after" to $results.
measure() {
  local program="$1" concurrency="$2" run="$3" first_line requests measured efficiency mean_in_flight all_busy_after
  local name="latency-$program-$concurrency-$run"
  first_line=$(($(wc -l <"$request_log") + 1))
  if [ "$program" = wordfleet ]; then
    run_wordfleet "$name" "$RUN_TIMEOUT_S" run --allow-private-networks --progress never --top 0 --format tsv \
      -o /dev/null --workers 2 --concurrency $((concurrency / 2)) --per-host-concurrency "$concurrency" "$urls"
  else
    run_timed "$name" "$RUN_TIMEOUT_S" "$ANCHOR_BIN" -workers "$concurrency" -urls "$urls" -html
    [ "$RUN_STATUS" -eq 0 ] || die "the anchor exited with status $RUN_STATUS (see $BENCH_WORK_DIR/$name.err)"
  fi
  read -r requests measured efficiency mean_in_flight all_busy_after < <(request_stats "$first_line" "$concurrency")
  [ "$requests" -eq "$PAGES" ] || log "WARNING: $program made $requests requests for $PAGES URLs in run $name"
  [ "$efficiency" != n/a ] || die "$program run $name: fewer than $PAGES responses with status 200 in $request_log"
  log "$program at concurrency $concurrency, run $run: $measured s from first request to last response," \
    "efficiency $efficiency, $mean_in_flight requests in flight on average, all $concurrency after $all_busy_after s"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$program" "$concurrency" "$run" "$RUN_WALL" "$requests" \
    "$measured" "$efficiency" "$mean_in_flight" "$all_busy_after" >>"$results"
}

# One pass of the anchor, not recorded, so that the server has read every page into its cache before the first run.
run_timed latency-warm-up "$RUN_TIMEOUT_S" "$ANCHOR_BIN" -workers 64 -urls "$urls" -html

for run in $(seq 1 "$RUNS"); do
  for concurrency in $CONCURRENCIES; do
    if [ $((run % 2)) -eq 1 ]; then
      measure wordfleet "$concurrency" "$run"
      measure anchor "$concurrency" "$run"
    else
      measure anchor "$concurrency" "$run"
      measure wordfleet "$concurrency" "$run"
    fi
  done
done

# pick_column PROGRAM CONCURRENCY COLUMN: prints that column of the matching result lines.
pick_column() {
  awk -F'\t' -v p="$1" -v c="$2" -v k="$3" '$1 == p && $2 == c { print $k }' "$results"
}

body="$BENCH_WORK_DIR/latency-body.md"
{
  printf '%s pages served by slow_server.py on 127.0.0.1:%s with %s ms per response; %s of each program ' \
    "$PAGES" "$PORT" "$DELAY_MS" "$(pluralize "$RUNS" run)"
  printf 'at each concurrency, alternating. Measured: first request received to last response sent, from the '
  printf "server's log. Ideal: ceil(pages / concurrency) x delay. Requests above %s are pages fetched more than " "$PAGES"
  printf 'once. Mean in flight: requests received and not yet answered, averaged over the measured time. All slots '
  printf 'busy after: when the concurrency was first reached, counted from the first request.\n\n'
  printf -- '- wordfleet: `./wordfleet run --allow-private-networks --progress never --top 0 --format tsv '
  printf -- '-o /dev/null --workers 2 --concurrency C/2 --per-host-concurrency C URLS`\n'
  printf -- '- anchor: `wordcount -workers C -urls URLS -html`\n\n'
  printf '| program | concurrency | run | wall time (s) | requests | measured (s) | efficiency | mean in flight '
  printf '| all slots busy after (s) |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' \
    "$results"
  printf '\n| median | concurrency | ideal (s) | measured (s) | efficiency | wall time (s) |\n'
  printf '|---|---:|---:|---:|---:|---:|\n'
  for concurrency in $CONCURRENCIES; do
    ideal="$(awk -v p="$PAGES" -v c="$concurrency" -v d="$DELAY_MS" \
      'BEGIN { n = int(p / c); if (n * c < p) n++; printf "%.3f", n * d / 1000 }')"
    for program in wordfleet anchor; do
      printf '| %s | %s | %s | %s | %s | %s |\n' "$program" "$concurrency" "$ideal" \
        "$(pick_column "$program" "$concurrency" 6 | median 3)" "$(pick_column "$program" "$concurrency" 7 | median 3)" \
        "$(pick_column "$program" "$concurrency" 4 | median 3)"
    done
  done
} >"$body"
append_record "Latency" \
  "PAGES=$PAGES DELAY_MS=$DELAY_MS CONCURRENCIES='$CONCURRENCIES' PORT=$PORT bench/latency.sh $RUNS" "$body"
