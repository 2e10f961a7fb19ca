#!/usr/bin/env bash
# Agent processor benchmark: messages/s one instance drains from a pre-filled
# ingestion.normalized.messages with dedup, identity and ticketing on, and the Redis commands it issues
# per message. In the same run, Kafka's own consumer performance tool reads the same topic on the same
# broker. Not part of CI.
#
#   bench/agent.sh [messages=50000] [customers=5000]
#   AGENT_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/agent.jfr' bench/agent.sh   (to profile)
#   FLOOR=off bench/agent.sh   (without the floor runs: StageOneFloor, the transport stage one needs)
#   FLOOR_LAYERS="kafka redis" bench/agent.sh   (only these floor layers; all four by default)
#   AGENT_STAGES=tickets bench/agent.sh   (stage one alone: dedup, identity and ticketing, no replies,
#                                          as a Deployment that runs only that stage)
#   WARMUP=off bench/agent.sh   (only the drain from a cold start, without the warm drain after it)
#
# The agent first drains the pre-filled topic from a cold start, as it would a backlog after a deploy.
# Then, as the other benchmarks do, it is warmed up (bench/lib/warm-up.sh): rounds of WARMUP_MESSAGES more
# messages until the JIT compilers of the agent and of the broker settle; then the topic is filled again
# with as many messages from as many customers it has not seen, and that warm drain is measured too. On 2
# cores the JIT takes a large share of the CPU for the first minutes (docs/BENCHMARKS.md). The floor
# layers (StageOneFloor) run after the agent is stopped, each on a topic of its own filled with the same
# messages, and are measured the same way: cold, then warmed up, then warm.
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
source bench/lib/stack.sh
trap 'stop_stack ${AGENT:-} ${FLOOR_PID:-}' EXIT

start_stack none

CP=$(cat benchmarks/target/benchmark.classpath):benchmarks/target/classes
source bench/lib/cpu.sh
source bench/lib/drain.sh
echo "Filling ingestion.normalized.messages with $MESSAGES messages from $CUSTOMERS customers..."
java -cp "$CP" io.tributary.benchmarks.NormalizedMessageFiller 127.0.0.1:$KAFKA_PORT "$MESSAGES" "$CUSTOMERS" > /dev/null

echo "Kafka's consumer tool on the same topic..."
KAFKA_RESULT=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server 127.0.0.1:$KAFKA_PORT \
  --topic ingestion.normalized.messages --messages "$MESSAGES" --group bench-kafka-consumer --hide-header | tail -1)

echo "Starting one agent processor and watching it drain..."
SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT SPRING_DATA_REDIS_PORT=$REDIS_PORT \
TRIBUTARY_TOPICS_REPLICATION_FACTOR=1 TRIBUTARY_TOPICS_MIN_INSYNC_REPLICAS=1 \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -Dspring.aot.enabled=true ${AGENT_JAVA_OPTS:-} -jar agent-processor-service/target/agent-processor-service-0.1.0-SNAPSHOT.jar \
  --server.port=$AGENT_PORT $STAGE_ARGS > "$DATA/agent.log" 2>&1 &
AGENT=$!
[ "$WARMUP" != on ] || . bench/lib/warm-up.sh
# Measures a process draining a topic already filled (cold), then, unless WARMUP=off, warms it up with
# fills of WARMUP_MESSAGES and measures a drain of as many messages as the first from customers it has not
# seen (warm): measure NAME PID GROUP TOPIC THEN. Sets COLD and WARM_RESULT.
measure() {
  local name=$1 pid=$2; shift 2
  DRAINING=("$pid" "$@")
  COLD=$(drain "${DRAINING[@]}")
  WARM_RESULT=""
  [ "$WARMUP" = on ] || return 0
  echo "$name, cold: $(result_field per_second "$COLD") messages/s. Warming up with rounds of $WARMUP_MESSAGES messages..."
  WARM_JVMS="$name=$pid broker=$STACK" warm_up_until_compiled warm_up_round
  echo "$name, the warm drain: $MESSAGES messages from $CUSTOMERS customers it has not seen..."
  WARM_RESULT=$(drain "${DRAINING[@]}" "$MESSAGES" "$CUSTOMERS" warm)
}
# One warm-up round of what measure is measuring.
warm_up_round() {
  echo "$(result_field per_second "$(drain "${DRAINING[@]}" "$WARMUP_MESSAGES" "$CUSTOMERS" warm-up)") messages/s"
}
measure agent "$AGENT" agent-processor ingestion.normalized.messages "$THEN"
RESULT=$COLD AGENT_WARM=$WARM_RESULT AGENT_WARMED=${WARM:-}
kill -TERM "$AGENT"; wait "$AGENT" || true; AGENT=""

# The floor under stage one (StageOneFloor): the same consumer group reading, Kafka transactions, JSON
# decoding, records written per message and (redis) the agent's own placement script, without Spring or
# building events; and each without transactions (at least once). Each layer drains a topic of its own,
# filled with the same messages, in its own consumer group (and, with Redis, its own Redis database).
FLOOR=${FLOOR:-on}
FLOOR_LAYERS=${FLOOR_LAYERS:-kafka kafka-at-least-once redis redis-at-least-once}
SCRIPT=agent-processor-service/src/main/resources/scripts/place-message.lua
declare -A FLOOR_COLD FLOOR_WARM FLOOR_WARMED FLOOR_WHAT
if [ "$FLOOR" = on ]; then
  for layer in $FLOOR_LAYERS; do
    echo "The floor under stage one: $layer..."
    java -cp "$CP" io.tributary.benchmarks.NormalizedMessageFiller 127.0.0.1:$KAFKA_PORT "$MESSAGES" "$CUSTOMERS" \
      customer "bench.floor.in.$layer" > /dev/null
    java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP" io.tributary.benchmarks.StageOneFloor 127.0.0.1:$KAFKA_PORT \
      "floor-$layer" $layer 2 $REDIS_PORT $SCRIPT "input=bench.floor.in.$layer" idle=0 > "$DATA/floor-$layer.log" 2>&1 &
    FLOOR_PID=$!
    measure "floor-$layer" "$FLOOR_PID" "floor-$layer" "bench.floor.in.$layer" ""
    FLOOR_COLD[$layer]=$COLD FLOOR_WARM[$layer]=$WARM_RESULT FLOOR_WARMED[$layer]=${WARM:-}
    kill -TERM "$FLOOR_PID"; wait "$FLOOR_PID" || true; FLOOR_PID=""
  done
fi
KAFKA_RATE=$(echo "$KAFKA_RESULT" | awk -F', *' '{print $6}')
# "warm" as the warm-up left it: "after N rounds", or "no" when the compilers were still busy.
warmth() { [ "${1:-no}" = no ] && echo "JIT still compiling" || echo "$1"; }
row() { printf '%-78s %8s %8s\n' "$1" "$(result_field per_second "$2")" "$( [ -z "$3" ] || result_field per_second "$3")"; }
FLOOR_WHAT=([kafka]="floor: transactional read + JSON decode + 3 records/message"
  [kafka-at-least-once]="floor: the same, at least once (no transactions)"
  [redis]="floor: transactional + the agent's placement script and marks"
  [redis-at-least-once]="floor: the same with the script, at least once")
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -r)"
printf '%-78s %8s %8s\n' "messages/s" "cold" "warm"
row "agent processor, one instance ($WHAT)" "$RESULT" "$AGENT_WARM"
printf '%-78s %8.0f\n' "Kafka ConsumerPerformance, same topic and broker" "$KAFKA_RATE"
if [ "$FLOOR" = on ]; then
  for layer in $FLOOR_LAYERS; do row "${FLOOR_WHAT[$layer]:-floor: $layer}" "${FLOOR_COLD[$layer]}" "${FLOOR_WARM[$layer]}"; done
fi
drain_line() {
  echo "drained $(result_field drained "$1") messages in $(result_field seconds "$1") s$( [ "$2" != agent ] || [ -z "$THEN" ] || echo " (stage one done after $(result_field first_stage_seconds "$1") s)"); Redis commands per message: $(result_field redis_commands_per_message "$1"), in $(result_field redis_script_calls_per_message "$1") script calls; Redis CPU per message: $(result_field redis_cpu_us_per_message "$1") µs; the $2's CPU per message: $(result_field cpu_us_per_message "$1") µs, the broker's: $(result_field broker_cpu_us_per_message "$1") µs"
}
echo "agent, cold: $(drain_line "$RESULT" agent)"
[ "$WARMUP" != on ] || echo "agent, warm ($(warmth "$AGENT_WARMED")): $(drain_line "$AGENT_WARM" agent)"
if [ "$FLOOR" = on ]; then
  for layer in $FLOOR_LAYERS; do
    echo "floor $layer, cold: $(drain_line "${FLOOR_COLD[$layer]}" floor)"
    [ "$WARMUP" != on ] || echo "floor $layer, warm ($(warmth "${FLOOR_WARMED[$layer]}")): $(drain_line "${FLOOR_WARM[$layer]}" floor)"
  done
fi
ratio() { awk -v a="$(result_field per_second "$1")" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a / b; else printf "n/a"}'; }
echo "ratio agent/Kafka consumer: $(ratio "$RESULT" "$KAFKA_RATE") cold$( [ "$WARMUP" != on ] || echo ", $(ratio "$AGENT_WARM" "$KAFKA_RATE") warm")"
if [ "$FLOOR" = on ] && [ -n "${FLOOR_COLD[redis]:-}" ]; then
  echo "ratio agent/floor (transactional, with the placement script): $(ratio "$RESULT" "$(result_field per_second "${FLOOR_COLD[redis]}")") both cold$(
    [ "$WARMUP" != on ] || echo ", $(ratio "$AGENT_WARM" "$(result_field per_second "${FLOOR_WARM[redis]}")") both warm")"
fi
