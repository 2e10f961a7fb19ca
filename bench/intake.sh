#!/usr/bin/env bash
# Intake benchmark: the web form endpoint at acks=all under wrk, and Kafka's own producer performance
# tool on the same broker with the same record size, in one run. Not part of CI.
#
#   bench/intake.sh [connections=64] [duration=30s]
#
# Needs wrk (Debian: apt-get install wrk). Starts its own broker, Redis and intake on spare ports with
# data in a temporary folder; prints a table and the machine it ran on. Intake's JVM options default to
# a 512 MB heap with the parallel collector; TRIBUTARY_SERVICE_JAVA_OPTS replaces them. The warm-up runs
# in rounds of WARMUP_ROUND (15s) until the JIT compilers of intake and the broker settle
# (bench/lib/warm-up.sh: WARMUP_JIT_SECONDS, WARMUP_ROUNDS), printing each round.
#
# The measured intake is the HTTP edge as Kubernetes deploys it: its normalizer switched off, since it runs
# in a Deployment of its own (k8s/base/services/intake-normalizer.yaml), so raw records are left for it.
# INTAKE_NORMALIZER=on runs the normalizer inside the measured intake, on the same cores, as the local
# stack and docker-compose run it.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/warm-up.sh
CONNECTIONS=${1:-64}
DURATION=${2:-30s}
KAFKA_PORT=19092
REDIS_PORT=16379
INTAKE_PORT=8080
command -v wrk >/dev/null || { echo "This benchmark needs wrk: apt-get install wrk" >&2; exit 2; }
INTAKE_NORMALIZER=${INTAKE_NORMALIZER:-off}
case "$INTAKE_NORMALIZER" in
  off) export TRIBUTARY_INTAKE_NORMALIZER_ENABLED=false
       NORMALIZER_NOTE="off: the HTTP edge as k8s deploys it, the normalizer in its own Deployment" ;;
  on) export TRIBUTARY_INTAKE_NORMALIZER_ENABLED=true
      NORMALIZER_NOTE="on: normalizing every accepted message in the same JVM, on the same cores" ;;
  *) echo "INTAKE_NORMALIZER is on or off, not $INTAKE_NORMALIZER" >&2; exit 2 ;;
esac

./mvnw -q -DskipTests package
DATA=$(mktemp -d /tmp/tributary-bench-XXXX)
LOG="$DATA/local-stack.out"
source bench/lib/stack.sh
trap stop_stack EXIT

# The rate limit protects the public form from abuse; a load test from one address is exactly that.
export TRIBUTARY_INTAKE_WEB_FORM_RATE_LIMIT_ENABLED=false
# Production-like JVM for intake (the local stack's defaults favour start-up time and a small heap).
export TRIBUTARY_SERVICE_JAVA_OPTS=${TRIBUTARY_SERVICE_JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC -Dspring.aot.enabled=true"}
start_stack intake
INTAKE_PID=$(pgrep -f "intake-service-0.1.0-SNAPSHOT.jar" | head -1)

URL="http://127.0.0.1:$INTAKE_PORT/api/v1/channels/web-form/messages"
# Warm JVMs only: intake served 1,100-1,800 requests/s in its first minutes and 2,500-2,800 once its
# JIT had compiled (docs/BENCHMARKS.md).
WARMUP_ROUND=${WARMUP_ROUND:-15s}
warm_up_round() {
  echo "$(wrk -t2 -c"$CONNECTIONS" -d"$WARMUP_ROUND" -s bench/webform.lua "$URL" | grep '^RESULT' | tr ' ' '\n' \
    | grep '^rps=' | cut -d= -f2) requests/s in $WARMUP_ROUND"
}
export WARM_JVMS="intake=$INTAKE_PID broker=$STACK"
warm_up_until_compiled warm_up_round
JIT_BEFORE=$(jit_snapshot)
echo "Measuring intake: $CONNECTIONS connections, $DURATION..."
HTTP_RESULT=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/webform.lua "$URL" | grep '^RESULT')
INTAKE_RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/"$INTAKE_PID"/status)
MEASURED_JIT=$(jit_spent "$JIT_BEFORE" "$(jit_snapshot)")

CP=$(cat benchmarks/target/benchmark.classpath):benchmarks/target/classes
RECORD_SIZE=$(java -cp "$CP" io.tributary.benchmarks.WebFormRecordSize)
java -cp "$CP" org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:$KAFKA_PORT --create \
  --topic bench.producer --partitions 6 --replication-factor 1 > /dev/null
echo "Measuring Kafka's producer tool: $RECORD_SIZE-byte records, acks=all, idempotent..."
KAFKA_RESULT=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ProducerPerformance --topic bench.producer \
  --num-records 500000 --record-size "$RECORD_SIZE" --throughput -1 \
  --producer-props bootstrap.servers=127.0.0.1:$KAFKA_PORT acks=all enable.idempotence=true linger.ms=1 \
  | tail -1)

value() { echo "$HTTP_RESULT" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
KAFKA_RPS=$(echo "$KAFKA_RESULT" | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.*/\1/')
KAFKA_P50=$(echo "$KAFKA_RESULT" | sed -E 's/.* ([0-9]+) ms 50th.*/\1/')
KAFKA_P99=$(echo "$KAFKA_RESULT" | sed -E 's/.* ([0-9]+) ms 99th.*/\1/')
KAFKA_P999=$(echo "$KAFKA_RESULT" | sed -E 's/.* ([0-9]+) ms 99.9th.*/\1/')

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -r)"
printf '%-46s %12s %9s %9s %9s\n' "what" "per second" "p50 ms" "p99 ms" "p99.9 ms"
printf '%-46s %12s %9s %9s %9s\n' "intake web form, $CONNECTIONS connections (wrk)" "$(value rps)" "$(value p50_ms)" "$(value p99_ms)" "$(value p999_ms)"
printf '%-46s %12.0f %9s %9s %9s\n' "Kafka ProducerPerformance, ${RECORD_SIZE} B, acks=all" "$KAFKA_RPS" "$KAFKA_P50" "$KAFKA_P99" "$KAFKA_P999"
printf 'ratio intake/Kafka throughput: %.3f   intake errors: %s   intake RSS after run: %d MB\n' \
  "$(awk -v a="$(value rps)" -v b="$KAFKA_RPS" 'BEGIN {print a / b}')" "$(value errors)" "$((INTAKE_RSS_KB / 1024))"
echo "intake's normalizer: $NORMALIZER_NOTE (INTAKE_NORMALIZER)"
echo "warm-up: $WARM; JIT compiling while measured: $MEASURED_JIT"
