#!/usr/bin/env bash
# Normalizer benchmark: messages/s one intake-normalizer process (the intake jar with only its normalizer,
# as Kubernetes runs it) drains from a pre-filled ingestion.raw.messages, cold and then warm, with Kafka's
# own consumer performance tool on the same topic and broker in the same run. Not part of CI.
#
#   bench/normalizer.sh [fill rounds=3]      # needs wrk: apt-get install wrk
#
# The raw records are real ones: the local stack's intake, its normalizer off as the edge is deployed,
# accepts web forms from wrk for FILL rounds of 15 s. Then a second intake process with only the
# normalizer starts on that backlog (the cold drain: its start-up and JIT included), is held (SIGSTOP)
# while the edge accepts for 30 s more, and drains those warm.
set -euo pipefail
cd "$(dirname "$0")/.."
FILL_ROUNDS=${1:-3}
KAFKA_PORT=19092
REDIS_PORT=16379
NORMALIZER_PORT=18080
JAVA_OPTS_BENCH="-Xms512m -Xmx512m -XX:+UseParallelGC -Dspring.aot.enabled=true"
command -v wrk >/dev/null || { echo "This benchmark needs wrk: apt-get install wrk" >&2; exit 2; }

./mvnw -q -DskipTests package
DATA=$(mktemp -d /tmp/tributary-bench-XXXX)
LOG="$DATA/local-stack.out"
source bench/lib/stack.sh
trap 'stop_stack ${NORMALIZER:-}' EXIT

export TRIBUTARY_INTAKE_WEB_FORM_RATE_LIMIT_ENABLED=false
TRIBUTARY_INTAKE_NORMALIZER_ENABLED=false TRIBUTARY_SERVICE_JAVA_OPTS="$JAVA_OPTS_BENCH" start_stack intake

CP=$(cat benchmarks/target/benchmark.classpath):benchmarks/target/classes
source bench/lib/cpu.sh
source bench/lib/drain.sh
# fill ROUNDS: prints how many web forms the edge accepted in ROUNDS rounds of 15 s (each one raw record).
fill() {
  local i
  for i in $(seq "$1"); do
    wrk -t2 -c64 -d15s -s bench/webform.lua "http://127.0.0.1:8080/api/v1/channels/web-form/messages" \
      | grep '^RESULT' | tr ' ' '\n' | grep '^requests=' | cut -d= -f2
  done | awk '{n += $1} END {print n}'
}

echo "Filling ingestion.raw.messages through intake's edge ($FILL_ROUNDS rounds of 15 s)..."
ACCEPTED=$(fill "$FILL_ROUNDS")
echo "$ACCEPTED accepted. Kafka's consumer tool on the same topic..."
KAFKA_RESULT=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server 127.0.0.1:$KAFKA_PORT \
  --topic ingestion.raw.messages --messages "$ACCEPTED" --group bench-kafka-consumer --hide-header | tail -1)
KAFKA_RATE=$(echo "$KAFKA_RESULT" | awk -F', *' '{print $6}')

echo "Starting one normalizer process and watching it drain, cold..."
SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT SPRING_DATA_REDIS_PORT=$REDIS_PORT \
TRIBUTARY_TOPICS_REPLICATION_FACTOR=1 TRIBUTARY_TOPICS_MIN_INSYNC_REPLICAS=1 TRIBUTARY_INTAKE_NORMALIZER_ENABLED=true TRIBUTARY_INTAKE_CHANNELS_ENABLED=false \
  java $JAVA_OPTS_BENCH -jar intake-service/target/intake-service-0.1.0-SNAPSHOT.jar \
  --server.port=$NORMALIZER_PORT > "$DATA/normalizer.out" 2>&1 &
NORMALIZER=$!
COLD=$(drain "$NORMALIZER" intake-normalizer ingestion.raw.messages "")

# Two rounds: a hold longer than the consumer's session timeout (45 s) would cost a rebalance.
fill_30s() { fill 2; }
echo "Holding it while the edge accepts more for 30 s, then watching it drain them warm..."
WARM=$(drain "$NORMALIZER" intake-normalizer ingestion.raw.messages "" fill=fill_30s)

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -r)"
printf '%-62s %10s %10s\n' "messages/s" "cold" "warm"
printf '%-62s %10s %10s\n' "one intake-normalizer process" "$(result_field per_second "$COLD")" "$(result_field per_second "$WARM")"
printf '%-62s %10.0f\n' "Kafka ConsumerPerformance, same topic and broker" "$KAFKA_RATE"
for run in "cold (its start-up included)|$COLD" "warm|$WARM"; do
  line=${run#*|}
  echo "${run%%|*}: drained $(result_field drained "$line") in $(result_field seconds "$line") s; CPU per message: the normalizer's" \
    "$(result_field cpu_us_per_message "$line") µs, the broker's $(result_field broker_cpu_us_per_message "$line") µs;" \
    "Redis commands per message $(result_field redis_commands_per_message "$line")"
done
