# lib.sh - functions shared by the benchmark scripts in this folder; sourced by them, not run.
#
# Every server these functions start listens on 127.0.0.1 and is stopped by its PID when the sourcing script exits.
# Environment read here:
#   JAVA_HOME       JDK that ./wordfleet runs on (default /usr/lib/jvm/temurin-25-jdk-amd64 when present)
#   CORPUS_DIR      folder of the development corpus written by serve.sh (default /tmp/wordfreq-corpus-dev)
#   BENCH_WORK_DIR  scratch folder for URL lists, logs and server configs (default /tmp/wordfleet-bench)
#   ANCHOR_BIN      the Go anchor's wordcount binary (default $BENCH_WORK_DIR/bin/wordcount, built on first use)
#   BENCH_DOC       record file the results are appended to (default docs/benchmarks.md)

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_DOC="${BENCH_DOC:-$ROOT_DIR/docs/benchmarks.md}"
CORPUS_DIR="${CORPUS_DIR:-/tmp/wordfreq-corpus-dev}"
BENCH_WORK_DIR="${BENCH_WORK_DIR:-/tmp/wordfleet-bench}"
ANCHOR_BIN="${ANCHOR_BIN:-$BENCH_WORK_DIR/bin/wordcount}"
ANCHOR_SOURCE_DIR="${ANCHOR_SOURCE_DIR:-$ROOT_DIR/../shared/anchors/seed-go}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

# Maximum wait for one build of the wordfleet command, in seconds.
BUILD_TIMEOUT_S=900
# Builds attempted before giving up, because a build fails while someone else's change is half written.
BUILD_ATTEMPTS=4
BUILD_RETRY_PAUSE_S=60

# PIDs of the servers started by this script, stopped on exit.
BENCH_PIDS=()

mkdir -p "$BENCH_WORK_DIR"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints the time since the epoch in seconds, with nanoseconds.
now_s() { date +%s.%N; }

# Prints $1 - $2 with three decimals.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# pluralize COUNT SINGULAR [PLURAL]: prints the count and the noun that agrees with it, such as "1 run" or "3 runs".
# The plural is SINGULAR plus "s" unless given.
pluralize() {
  if [ "$1" = 1 ]; then printf '%s %s' "$1" "$2"; else printf '%s %s' "$1" "${3:-${2}s}"; fi
}

# median [DECIMALS]: prints the median of the numbers on standard input, one a line, with DECIMALS decimals
# (default 3). Prints "n/a" when there is no number.
median() {
  python3 -c '
import statistics, sys
values = [float(line) for line in sys.stdin if line.strip() and line.strip() != "n/a"]
print(f"{statistics.median(values):.{int(sys.argv[1])}f}" if values else "n/a")' "${1:-3}"
}

# Prints $1 / $2 with two decimals, or "n/a" when either is not a positive number.
ratio() {
  python3 -c '
import sys
try:
    a, b = float(sys.argv[1]), float(sys.argv[2])
    print(f"{a / b:.2f}" if a > 0 and b > 0 else "n/a")
except ValueError:
    print("n/a")' "$1" "$2"
}

stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "process $pid still alive 5 s after TERM; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_started_servers() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    stop_pid "$pid"
  done
  BENCH_PIDS=()
}
trap stop_started_servers EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT PID: waits up to 10 s for PORT to accept connections while PID lives.
wait_for_port() {
  local port="$1" pid="$2" i
  for i in $(seq 1 100); do
    port_open "$port" && return 0
    kill -0 "$pid" 2>/dev/null || die "the server on port $port (PID $pid) exited during start-up"
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$port 10 s after starting PID $pid"
}

require_corpus_pages() {
  [ -d "$CORPUS_DIR/www" ] && [ -s "$CORPUS_DIR/urls.txt" ] \
    || die "no development corpus in $CORPUS_DIR: run 'bash ../shared/corpus/serve.sh' from the project root"
}

require_corpus_server() {
  require_corpus_pages
  local first
  first="$(head -n 1 "$CORPUS_DIR/urls.txt")"
  case "$first" in
    http://127.0.0.1:*) ;;
    *) die "$CORPUS_DIR/urls.txt does not list loopback URLs (first line: $first)" ;;
  esac
  local port="${first#http://127.0.0.1:}"
  port="${port%%/*}"
  port_open "$port" || die "the corpus server on 127.0.0.1:$port is not running: run 'bash ../shared/corpus/serve.sh'"
}

# Prints the number of pages of the development corpus.
corpus_page_count() { grep -c . "$CORPUS_DIR/urls.txt"; }

# rewrite_urls PORT [SUFFIX]: prints the corpus URLs pointed at 127.0.0.1:PORT, each followed by SUFFIX.
rewrite_urls() {
  sed -E "s|^http://127\.0\.0\.1:[0-9]+/|http://127.0.0.1:$1/|; s|\$|${2:-}|" "$CORPUS_DIR/urls.txt"
}

# write_copied_urls PORT COPIES FILE: writes COPIES copies of the corpus URLs to FILE, pointed at 127.0.0.1:PORT and
# made distinct by a "?copy=N" query that nginx ignores, and logs how many there are.
write_copied_urls() {
  local port="$1" copies="$2" file="$3" copy
  : >"$file"
  for copy in $(seq 1 "$copies"); do
    rewrite_urls "$port" "?copy=$copy" >>"$file"
  done
  log "$(grep -c . "$file") URLs ($copies copies of $(corpus_page_count) pages) in $file"
}

# start_logging_nginx PORT LOG_FILE: serves the corpus pages with nginx on 127.0.0.1:PORT, one access log line per
# response: "$msec $request_time $status $request_uri". $msec is when the line is written (seconds, millisecond
# resolution) and $request_time the seconds since the first request byte was read, so their difference is the
# arrival time of the request. Sets NGINX_PID.
start_logging_nginx() {
  local port="$1" access_log="$2" nginx conf_dir
  nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  [ -x "$nginx" ] || die "nginx not found; run 'bash ../shared/corpus/serve.sh', which installs it"
  port_open "$port" && die "port $port on 127.0.0.1 is already taken; choose another port"
  conf_dir="$BENCH_WORK_DIR/nginx-$port"
  mkdir -p "$conf_dir/logs" "$conf_dir/tmp"
  local user_line=""
  [ "$(id -u)" -ne 0 ] || user_line="user root;"
  cat >"$conf_dir/nginx.conf" <<EOF
# Written by bench/lib.sh: the development corpus with an access log of arrival times.
$user_line
daemon off;
worker_processes auto;
pid $conf_dir/nginx.pid;
error_log $conf_dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    types { text/html html; }
    default_type application/octet-stream;
    charset utf-8;
    log_format arrivals '\$msec \$request_time \$status \$request_uri';
    access_log $access_log arrivals;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path $conf_dir/tmp/body;
    proxy_temp_path $conf_dir/tmp/proxy;
    fastcgi_temp_path $conf_dir/tmp/fastcgi;
    uwsgi_temp_path $conf_dir/tmp/uwsgi;
    scgi_temp_path $conf_dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $CORPUS_DIR/www;
        location / { try_files \$uri =404; }
    }
}
EOF
  "$nginx" -p "$conf_dir/" -c "$conf_dir/nginx.conf" -e "$conf_dir/logs/error.log" -t -q \
    || die "nginx rejected $conf_dir/nginx.conf"
  "$nginx" -p "$conf_dir/" -c "$conf_dir/nginx.conf" -e "$conf_dir/logs/error.log" &
  NGINX_PID=$!
  BENCH_PIDS+=("$NGINX_PID")
  wait_for_port "$port" "$NGINX_PID"
  log "nginx $NGINX_PID serves $CORPUS_DIR/www on http://127.0.0.1:$port/, access log $access_log"
}

# start_slow_server PORT DELAY_MS LOG_FILE: serves the corpus pages with slow_server.py on 127.0.0.1:PORT, each
# response delayed by DELAY_MS, and every request received and response sent logged to LOG_FILE. Sets SLOW_PID.
start_slow_server() {
  local port="$1" delay_ms="$2" request_log="$3"
  local server="$ROOT_DIR/../shared/corpus/slow_server.py"
  [ -f "$server" ] || die "slow_server.py not found at $server"
  port_open "$port" && die "port $port on 127.0.0.1 is already taken; choose another port"
  PORT="$port" DELAY_MS="$delay_ms" REQUEST_LOG="$request_log" \
    python3 "$server" "$CORPUS_DIR/www" 2>>"$BENCH_WORK_DIR/slow_server-$port.err" &
  SLOW_PID=$!
  BENCH_PIDS+=("$SLOW_PID")
  wait_for_port "$port" "$SLOW_PID"
  log "slow_server.py $SLOW_PID serves $CORPUS_DIR/www on http://127.0.0.1:$port/ with ${delay_ms} ms per response"
}

# Builds the Go anchor into $ANCHOR_BIN unless it is there.
ensure_anchor() {
  [ -x "$ANCHOR_BIN" ] && return 0
  [ -f "$ANCHOR_SOURCE_DIR/build.sh" ] || die "no anchor sources in $ANCHOR_SOURCE_DIR"
  log "building the Go anchor into $(dirname "$ANCHOR_BIN")"
  BIN_DIR="$(dirname "$ANCHOR_BIN")" timeout 600 bash "$ANCHOR_SOURCE_DIR/build.sh" >&2
  [ -x "$ANCHOR_BIN" ] || die "the anchor build did not produce $ANCHOR_BIN"
}

# The jar that ./wordfleet runs, extracted from the standalone module's fat jar.
WORDFLEET_JAR="$ROOT_DIR/standalone/target/wordfleet/wordfleet.jar"

# Makes sure ./wordfleet is built, so that no timed run includes a build. The launcher rebuilds whenever a source is
# newer than its jar, and a build that fails (someone's change half written) is retried after a pause. With
# WORDFLEET_SKIP_BUILD=1 in the environment nothing is built, and the runs use the jar as it is.
ensure_wordfleet_built() {
  local attempt
  if [ "${WORDFLEET_SKIP_BUILD:-}" = 1 ]; then
    [ -f "$WORDFLEET_JAR" ] || die "WORDFLEET_SKIP_BUILD=1, but there is no $WORDFLEET_JAR: build ./wordfleet first"
    log "WORDFLEET_SKIP_BUILD=1: using $WORDFLEET_JAR as built at $(date -u -r "$WORDFLEET_JAR" '+%Y-%m-%d %H:%M UTC')"
    return 0
  fi
  for attempt in $(seq 1 "$BUILD_ATTEMPTS"); do
    if timeout "$BUILD_TIMEOUT_S" "$ROOT_DIR/wordfleet" --help >/dev/null 2>"$BENCH_WORK_DIR/build.err"; then
      return 0
    fi
    log "building ./wordfleet failed (attempt $attempt of $BUILD_ATTEMPTS); see $BENCH_WORK_DIR/build.err"
    [ "$attempt" -lt "$BUILD_ATTEMPTS" ] && sleep "$BUILD_RETRY_PAUSE_S"
  done
  die "./wordfleet could not be built after $BUILD_ATTEMPTS attempts"
}

# The wordfleet-worker jar in the local Maven repository, which the JMH module bench/jmh is built against.
WORKER_JAR="$HOME/.m2/repository/dev/wordfleet/wordfleet-worker/0.1.0-SNAPSHOT/wordfleet-worker-0.1.0-SNAPSHOT.jar"

# Builds the JMH module bench/jmh, which is not part of the root build, against $WORKER_JAR, and sets BENCHMARKS_JAR
# to its runnable jar. Install the current worker sources first:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -DskipTests -pl worker -am install
build_jmh_benchmarks() {
  [ -f "$WORKER_JAR" ] || die "no $WORKER_JAR: install the worker first (see the usage at the top of $0)"
  if [ -n "$(find "$ROOT_DIR/worker/src/main" "$ROOT_DIR/protocol/src/main" -newer "$WORKER_JAR" -type f -print \
    -quit)" ]; then
    die "$WORKER_JAR is older than the sources in worker/src/main or protocol/src/main: install the worker again" \
      "(see the usage at the top of $0)"
  fi
  local module="$BENCH_DIR/jmh"
  log "building $module"
  (cd "$ROOT_DIR" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    timeout "$BUILD_TIMEOUT_S" ./mvnw -B -q -f "$module/pom.xml" -DskipTests package) >&2
  BENCHMARKS_JAR="$module/target/benchmarks.jar"
  [ -f "$BENCHMARKS_JAR" ] || die "the build did not produce $BENCHMARKS_JAR"
}

# run_timed NAME TIMEOUT_S COMMAND...: runs COMMAND with a time limit, standard output and error into
# $BENCH_WORK_DIR/NAME.out and NAME.err. Sets RUN_STATUS (exit status), RUN_WALL (seconds, three decimals),
# RUN_STARTED and RUN_ENDED (epoch seconds) and RUN_REBUILT (1 when the launcher rebuilt itself during the run).
run_timed() {
  local name="$1" limit="$2"
  shift 2
  RUN_STARTED="$(now_s)"
  if timeout --kill-after=30 "$limit" "$@" >"$BENCH_WORK_DIR/$name.out" 2>"$BENCH_WORK_DIR/$name.err"; then
    RUN_STATUS=0
  else
    RUN_STATUS=$?
  fi
  RUN_ENDED="$(now_s)"
  RUN_WALL="$(seconds_between "$RUN_ENDED" "$RUN_STARTED")"
  RUN_REBUILT=0
  if grep -q '^wordfleet: building the command' "$BENCH_WORK_DIR/$name.err"; then
    RUN_REBUILT=1
  fi
}

# Command words put before ./wordfleet by run_wordfleet, such as /usr/bin/time and its options.
WORDFLEET_WRAPPER=()

# run_wordfleet NAME TIMEOUT_S ARGS...: runs ./wordfleet ARGS like run_timed, and fails the script when the run fails.
# WORDFLEET_SKIP_BUILD=1 keeps the launcher on the jar that ensure_wordfleet_built made, so that every run of a script
# measures the same code and none waits for a build; a run during which the launcher built anyway is run again (at
# most twice more). Sets the RUN_* variables of run_timed, and RUN_SUMMARY to the batch's summary line.
run_wordfleet() {
  local name="$1" limit="$2" attempt
  shift 2
  for attempt in 1 2 3; do
    WORDFLEET_SKIP_BUILD=1 run_timed "$name" "$limit" "${WORDFLEET_WRAPPER[@]}" "$ROOT_DIR/wordfleet" "$@"
    [ "$RUN_REBUILT" -eq 0 ] && break
    log "./wordfleet rebuilt itself during run $name (sources changed); discarding it and running again"
    ensure_wordfleet_built
  done
  [ "$RUN_REBUILT" -eq 0 ] || die "./wordfleet rebuilt itself during three attempts of run $name"
  if [ "$RUN_STATUS" -ne 0 ]; then
    tail -n 20 "$BENCH_WORK_DIR/$name.err" >&2
    die "./wordfleet $* exited with status $RUN_STATUS (output in $BENCH_WORK_DIR/$name.err)"
  fi
  RUN_SUMMARY="$(grep -E '^Batch .* (completed|failed|cancelled)' "$BENCH_WORK_DIR/$name.err" | tail -n 1 || true)"
  [ -n "$RUN_SUMMARY" ] || die "no summary line on the standard error of run $name ($BENCH_WORK_DIR/$name.err)"
}

# Prints the seconds of the "fleet started in" part of a summary line.
summary_startup_s() { sed -nE 's/.*fleet started in ([0-9.]+) s.*/\1/p' <<<"$1"; }
# Prints the seconds of the batch, from the "in X s (N pages/s)" part of a summary line.
summary_batch_s() { sed -nE 's/.* in ([0-9.]+) s \([0-9.]+ pages\/s\).*/\1/p' <<<"$1"; }

# Prints one line describing this machine: cores, CPU model, memory, kernel.
machine_description() {
  local model memory
  model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)"
  memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  printf '%s cores (nproc), %s, %s memory, Linux %s' "$(nproc)" "${model:-unknown CPU}" "$memory" "$(uname -r)"
}

# Prints the 1, 5 and 15 minute load averages.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

java_description() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | sed -n 1p
}

code_description() {
  local commit dirty
  commit="$(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  dirty="$(git -C "$ROOT_DIR" status --porcelain --untracked-files=no 2>/dev/null | sed -n 1p)"
  if [ -n "$dirty" ]; then
    printf 'commit %s plus uncommitted changes in the working tree' "$commit"
  else
    printf 'commit %s' "$commit"
  fi
  if [ -f "$WORDFLEET_JAR" ]; then
    printf ', wordfleet jar built %s' "$(date -u -r "$WORDFLEET_JAR" '+%Y-%m-%d %H:%M UTC')"
  fi
}

# The load average at the start of a benchmark, which append_record prints next to the one at the end.
LOAD_BEFORE="$(load_average)"

# append_record TITLE COMMAND BODY_FILE: prints BODY_FILE and appends it to $BENCH_DOC under a dated heading with the
# machine, load, JDK, code version and the command that produced it.
append_record() {
  local title="$1" command="$2" body="$3" record
  record="$BENCH_WORK_DIR/record.md"
  {
    printf '\n### %s, %s\n\n' "$title" "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Command: `%s`\n' "$command"
    printf -- '- Machine: %s\n' "$(machine_description)"
    printf -- '- Load average (1, 5, 15 min): %s at the start, %s at the end\n' "$LOAD_BEFORE" "$(load_average)"
    printf -- '- JDK: %s; code: %s\n\n' "$(java_description)" "$(code_description)"
    cat "$body"
  } >"$record"
  cat "$record"
  mkdir -p "$(dirname "$BENCH_DOC")"
  [ -f "$BENCH_DOC" ] || printf '# Benchmarks\n' >"$BENCH_DOC"
  cat "$record" >>"$BENCH_DOC"
  log "appended to $BENCH_DOC"
}
