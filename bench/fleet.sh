# Functions for scripts that run a multi-process fleet on 127.0.0.1: source this file, set the variables below if
# the defaults do not suit, and call fleet_start_broker, fleet_start_aggregator and fleet_start_worker. Every process
# is tracked by PID, and fleet_stop_all (registered on EXIT by fleet_init) stops them, broker last.
#
# Variables: FLEET_LOG_DIR (required), BROKER_PORT (29092), AGGREGATOR_PORT (28081), CONCURRENCY (8).

fleet_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fleet_launcher="$fleet_root/wordfleet"
fleet_broker_port="${BROKER_PORT:-29092}"
fleet_aggregator_port="${AGGREGATOR_PORT:-28081}"
fleet_concurrency="${CONCURRENCY:-8}"
fleet_servers="127.0.0.1:$fleet_broker_port"
# Short session timeouts let the groups notice a killed member within seconds instead of 45.
fleet_group_timeouts=(--spring.kafka.consumer.properties.session.timeout.ms=6000
  --spring.kafka.consumer.properties.heartbeat.interval.ms=1000)
fleet_worker_pids=()
fleet_aggregator_pid=""
fleet_broker_pid=""

fleet_init() {
  mkdir -p "$FLEET_LOG_DIR"
  "$fleet_launcher" --version >/dev/null
  trap fleet_stop_all EXIT
  # One build before the processes start; they must not rebuild while sources change.
  export WORDFLEET_SKIP_BUILD=1
}

# fleet_start_broker DATA_DIR: starts a broker and waits up to 60 s until it is ready.
fleet_start_broker() {
  local log="$FLEET_LOG_DIR/broker-$(basename "$1").log"
  "$fleet_launcher" broker --port "$fleet_broker_port" --data-dir "$1" >> "$log" 2>&1 &
  fleet_broker_pid=$!
  disown "$fleet_broker_pid"
  for _ in $(seq 1 60); do
    grep -q "Kafka broker ready on $fleet_servers" "$log" 2>/dev/null && return 0
    sleep 1
  done
  echo "fleet: the broker did not start within 60 s; see $log" >&2
  return 1
}

# fleet_start_aggregator [ARG...]: starts the aggregator, with any further arguments, such as property settings.
fleet_start_aggregator() {
  "$fleet_launcher" aggregator --bootstrap-servers "$fleet_servers" --server.port="$fleet_aggregator_port" \
    "${fleet_group_timeouts[@]}" "$@" >> "$FLEET_LOG_DIR/aggregator.log" 2>&1 &
  fleet_aggregator_pid=$!
  disown "$fleet_aggregator_pid"
}

# fleet_start_worker NAME: starts a worker process logging to NAME.log.
fleet_start_worker() {
  "$fleet_launcher" worker --bootstrap-servers "$fleet_servers" --allow-private-networks \
    --concurrency "$fleet_concurrency" --per-host-concurrency "$fleet_concurrency" --server.port=0 "${fleet_group_timeouts[@]}" \
    >> "$FLEET_LOG_DIR/$1.log" 2>&1 &
  fleet_worker_pids+=($!)
  disown "$!"
}

# fleet_await_aggregator: waits up to 90 s until the aggregator responds to HTTP requests.
fleet_await_aggregator() {
  for _ in $(seq 1 90); do
    curl -sf --max-time 2 "http://127.0.0.1:$fleet_aggregator_port/batches" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "fleet: the aggregator did not respond within 90 s" >&2
  return 1
}

# fleet_batch_status BATCH_ID: prints the batch's status, or nothing while the aggregator does not respond.
fleet_batch_status() {
  curl -sf --max-time 2 "http://127.0.0.1:$fleet_aggregator_port/batches/$1" 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true
}

fleet_stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

fleet_stop_all() {
  local pid
  for pid in "${fleet_worker_pids[@]}" "$fleet_aggregator_pid"; do
    [ -n "$pid" ] && fleet_stop_pid "$pid"
  done
  [ -n "$fleet_broker_pid" ] && fleet_stop_pid "$fleet_broker_pid"
  fleet_worker_pids=()
  fleet_aggregator_pid=""
  fleet_broker_pid=""
}
