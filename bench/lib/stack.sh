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
