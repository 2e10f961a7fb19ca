#!/usr/bin/env bash
# Agent processor benchmark: messages/s one instance drains from a pre-filled
# ingestion.normalized.messages with dedup, identity and ticketing on, and the Redis commands it issues
# per message. In the same run, Kafka's own consumer performance tool reads the same topic on the same
# broker. Not part of CI.
#
#   bench/agent.sh [messages=50000] [customers=5000]
#   AGENT_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/agent.jfr' bench/agent.sh   (to profile)
#   FLOOR=off bench/agent.sh   (without the floor runs: StageOneFloor, the transport stage one needs)
#   AGENT_STAGES=tickets bench/agent.sh   (stage one alone: dedup, identity and ticketing, no replies,
#                                          as a Deployment that runs only that stage)
#   WARMUP=off bench/agent.sh   (only the drain from a cold start, without the warm drain after it)
#
# The agent first drains the pre-filled topic from a cold start, as it would a backlog after a deploy.
# Then, as the other benchmarks do, it is warmed up (bench/lib/warm-up.sh): rounds of WARMUP_MESSAGES more
# messages until the JIT compilers of the agent and of the broker settle; then the topic is filled again
# with as many messages from as many customers it has not seen, and that warm drain is measured too. On 2
# cores the JIT takes a large share of the CPU for the first minutes (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-50000}
CUSTOMERS=${2:-5000}
WARMUP=${WARMUP:-on}
WARMUP_MESSAGES=${WARMUP_MESSAGES:-30000}
AGENT_STAGES=${AGENT_STAGES:-both}
case "$AGENT_STAGES" in
  # With both stages, a drain ends when stage two has also caught up with the ticket requests stage one wrote.
  both) STAGE_ARGS=""; WHAT="dedup + identity + ticketing + replies"
    THEN="then=agent-processor-replies:processing.tickets.in" ;;
  tickets) STAGE_ARGS="--tributary.agent.replies.enabled=false"; WHAT="stage one alone: dedup + identity + ticketing"
    THEN="" ;;
  *) echo "AGENT_STAGES must be both or tickets" >&2; exit 2 ;;
esac
KAFKA_PORT=19092
REDIS_PORT=16379
AGENT_PORT=18081

./mvnw -q -DskipTests package
DATA=$(mktemp -d /tmp/tributary-bench-XXXX)
LOG="$DATA/local-stack.out"
# A process ended by SIGTERM exits non-zero; cleanup must not stop at the first one (set -e).
cleanup() {
  set +e
  # A held agent (see drain) would keep SIGTERM pending until let go.
  [ -n "${AGENT:-}" ] && kill -CONT "$AGENT" 2>/dev/null
  [ -n "${AGENT:-}" ] && kill -TERM "$AGENT" 2>/dev/null; [ -n "${AGENT:-}" ] && wait "$AGENT" 2>/dev/null
  [ -n "${STACK:-}" ] && kill -TERM "$STACK" 2>/dev/null; [ -n "${STACK:-}" ] && wait "$STACK" 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT

java -Xmx512m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar --data-dir "$DATA" \
  --kafka-port $KAFKA_PORT --redis-port $REDIS_PORT --services none > "$LOG" 2>&1 &
STACK=$!
until grep -q "is running\|could not start" "$LOG"; do sleep 1; done
grep -q "is running" "$LOG" || { cat "$LOG"; exit 1; }

CP=$(cat benchmarks/target/benchmark.classpath):benchmarks/target/classes
source bench/lib/cpu.sh
echo "Filling ingestion.normalized.messages with $MESSAGES messages from $CUSTOMERS customers..."
java -cp "$CP" io.tributary.benchmarks.NormalizedMessageFiller 127.0.0.1:$KAFKA_PORT "$MESSAGES" "$CUSTOMERS" > /dev/null

echo "Kafka's consumer tool on the same topic..."
KAFKA_RESULT=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server 127.0.0.1:$KAFKA_PORT \
  --topic ingestion.normalized.messages --messages "$MESSAGES" --group bench-kafka-consumer --hide-header | tail -1)

# The floor under stage one (StageOneFloor): the same consumer group reading, Kafka transactions, JSON
# decoding, records written per message and (redis) the agent's own placement script, without Spring or
# building events; and each without transactions (at least once). Measured as the agent is, on the same
# topic, each in its own consumer group (and, with Redis, its own Redis database).
FLOOR=${FLOOR:-on}
SCRIPT=agent-processor-service/src/main/resources/scripts/place-message.lua
declare -A FLOOR_RESULT
if [ "$FLOOR" = on ]; then
  for layer in kafka kafka-at-least-once redis redis-at-least-once; do
    echo "The floor under stage one: $layer..."
    java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP" io.tributary.benchmarks.StageOneFloor 127.0.0.1:$KAFKA_PORT \
      "floor-$layer" $layer 2 $REDIS_PORT $SCRIPT > "$DATA/floor-$layer.log" 2>&1 &
    FLOOR_PID=$!
    FLOOR_RESULT[$layer]=$(java -cp "$CP" io.tributary.benchmarks.DrainWatcher 127.0.0.1:$KAFKA_PORT "floor-$layer" \
      ingestion.normalized.messages $REDIS_PORT 900 | grep '^RESULT')
    wait $FLOOR_PID
  done
fi

echo "Starting one agent processor and watching it drain..."
SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT SPRING_DATA_REDIS_PORT=$REDIS_PORT \
TRIBUTARY_TOPICS_REPLICATION_FACTOR=1 TRIBUTARY_TOPICS_MIN_INSYNC_REPLICAS=1 \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -Dspring.aot.enabled=true ${AGENT_JAVA_OPTS:-} -jar agent-processor-service/target/agent-processor-service-0.1.0-SNAPSHOT.jar \
  --server.port=$AGENT_PORT $STAGE_ARGS > "$DATA/agent.log" 2>&1 &
AGENT=$!
# Prints the RESULT line of the agent's drain of the topic. With arguments (count, customers, customer set)
# it first fills the topic while the running agent is held (SIGSTOP), so that the filler does not share the
# cores with the drain, and lets it go on (SIGCONT) once the watcher has read where the group stands. A hold
# longer than the consumer's session timeout (45 s) would cost a rebalance; the script says so.
drain() {
  local watch="$DATA/watch.out" held cpu_before=0 broker_before
  if [ -n "${1:-}" ]; then
    held=$SECONDS
    kill -STOP "$AGENT"
    java -cp "$CP" io.tributary.benchmarks.NormalizedMessageFiller 127.0.0.1:$KAFKA_PORT "$@" > /dev/null
  fi
  broker_before=$(cpu_seconds "$STACK")
  # Emptied here, not by the watcher's redirection: that happens in the child, and the wait below could
  # read the last drain's WATCHING first and let the agent go before this watcher has looked.
  : > "$watch"
  java -cp "$CP" io.tributary.benchmarks.DrainWatcher 127.0.0.1:$KAFKA_PORT agent-processor \
    ingestion.normalized.messages $REDIS_PORT 900 $THEN > "$watch" &
  if [ -n "${1:-}" ]; then
    until grep -q '^WATCHING\|^RESULT' "$watch"; do sleep 0.1; done
    cpu_before=$(cpu_seconds "$AGENT")
    kill -CONT "$AGENT"
    [ $((SECONDS - held)) -lt 40 ] || echo "The agent was held $((SECONDS - held)) s: close to its session timeout." >&2
  fi
  wait $!
  # The agent's own CPU per message over the drain (its whole life for the cold one, start-up included), and
  # the broker's (the local stack's JVM) from the watcher's start.
  local n; n=$(grep '^RESULT' "$watch" | tr ' ' '\n' | grep '^drained=' | cut -d= -f2)
  echo "$(grep '^RESULT' "$watch") agent_cpu_us_per_message=$(per_message "$cpu_before" "$(cpu_seconds "$AGENT")" "$n")" \
    "broker_cpu_us_per_message=$(per_message "$broker_before" "$(cpu_seconds "$STACK")" "$n")"
}
# Microseconds of CPU per message between two cpu_seconds readings.
per_message() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {if (n > 0) printf "%.0f", (b - a) * 1e6 / n; else printf "n/a"}'
}
value() { echo "${2:-$RESULT}" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
RESULT=$(drain)
if [ "$WARMUP" = on ]; then
  echo "Cold drain: $(value per_second) messages/s. Warming up with rounds of $WARMUP_MESSAGES messages..."
  . bench/lib/warm-up.sh
  warm_up_round() { echo "$(value per_second "$(drain "$WARMUP_MESSAGES" "$CUSTOMERS" warm-up)") messages/s"; }
  WARM_JVMS="agent=$AGENT broker=$STACK" warm_up_until_compiled warm_up_round
  echo "The warm drain: $MESSAGES messages from $CUSTOMERS customers it has not seen..."
  WARM_RESULT=$(drain "$MESSAGES" "$CUSTOMERS" warm)
fi
KAFKA_RATE=$(echo "$KAFKA_RESULT" | awk -F', *' '{print $6}')
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -r)"
printf '%-62s %12s\n' "what" "messages/s"
printf '%-62s %12s\n' "agent processor, one instance ($WHAT), from a cold start" "$(value per_second)"
if [ "$WARMUP" = on ]; then
  printf '%-62s %12s\n' "the same agent, warm (${WARM/#no/JIT still compiling})" "$(value per_second "$WARM_RESULT")"
fi
printf '%-62s %12.0f\n' "Kafka ConsumerPerformance, same topic and broker" "$KAFKA_RATE"
if [ "$FLOOR" = on ]; then
  printf '%-62s %12s\n' "floor: transactional read + JSON decode + 3 records/message" "$(value per_second "${FLOOR_RESULT[kafka]}")"
  printf '%-62s %12s\n' "floor: the same, at least once (no transactions)" "$(value per_second "${FLOOR_RESULT[kafka-at-least-once]}")"
  printf '%-62s %12s\n' "floor: transactional + the agent's placement script and marks" "$(value per_second "${FLOOR_RESULT[redis]}")"
  printf '%-62s %12s\n' "floor: the same, at least once (no transactions)" "$(value per_second "${FLOOR_RESULT[redis-at-least-once]}")"
fi
drain_line() {
  echo "drained $(value drained "$1") messages in $(value seconds "$1") s (stage one done after $(value first_stage_seconds "$1") s); Redis commands per message: $(value redis_commands_per_message "$1"), in $(value redis_script_calls_per_message "$1") script calls sent in pipelines; Redis CPU per message: $(value redis_cpu_us_per_message "$1") µs; the agent's CPU per message: $(value agent_cpu_us_per_message "$1") µs, the broker's: $(value broker_cpu_us_per_message "$1") µs"
}
echo "cold: $(drain_line "$RESULT")"
[ "$WARMUP" != on ] || echo "warm: $(drain_line "$WARM_RESULT")"
echo "ratio agent/Kafka consumer: $(awk -v a="$(value per_second)" -v b="$KAFKA_RATE" 'BEGIN {print a / b}') cold$(
  [ "$WARMUP" != on ] || awk -v a="$(value per_second "$WARM_RESULT")" -v b="$KAFKA_RATE" 'BEGIN {print ", " a / b " warm"}')"
if [ "$FLOOR" = on ]; then
  echo "ratio agent/floor (transactional, with the placement script), both cold: $(awk -v a="$(value per_second)" \
    -v b="$(value per_second "${FLOOR_RESULT[redis]}")" 'BEGIN {print a / b}')"
fi
