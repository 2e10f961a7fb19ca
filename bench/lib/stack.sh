# Sourced by the benchmark scripts: the local stack (a KRaft broker and Redis in one JVM, plus the services
# asked for) on the benchmark's ports, its data in DATA and its output in LOG.
#
# start_stack SERVICES [launcher options...]: starts it in the background, sets STACK (its pid; its CPU is
# the broker's) and returns once it says it is running; if it could not start, prints its log and exits.
# Variables set before the call (VAR=value start_stack ...) reach the launcher and its services.
start_stack() {
  local services=$1
  shift
  java -Xmx512m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar --data-dir "$DATA" \
    --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" --services "$services" "$@" > "$LOG" 2>&1 &
  STACK=$!
  until grep -q "is running\|could not start" "$LOG"; do sleep 1; done
  grep -q "is running" "$LOG" || { cat "$LOG"; exit 1; }
}

# stop_stack [PIDS...]: the scripts' exit trap. Lets go of and stops each process given (one held with
# SIGSTOP by a drain would keep SIGTERM pending until let go), then the stack, and removes DATA. A process
# ended by SIGTERM exits non-zero, so nothing here may stop at the first one (set -e).
stop_stack() {
  set +e
  local pid
  for pid in "$@"; do
    kill -CONT "$pid" 2>/dev/null; kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  if [ -n "${STACK:-}" ]; then
    kill -TERM "$STACK" 2>/dev/null; wait "$STACK" 2>/dev/null
  fi
  rm -rf "$DATA"
}
