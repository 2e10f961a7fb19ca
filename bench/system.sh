#!/usr/bin/env bash
# Whole-system benchmark (issue 7): builds the jars, starts a broker, Redis and the three services as
# separate processes on this machine, and measures in one run:
#   - start-up: seconds from launching each service's JVM to its readiness probe answering UP;
#   - intake: web form requests/s and latency percentiles under wrk at a fixed concurrency;
#   - end to end: HTTP request -> reply committed on processing.responses.out, p50/p99, at fixed offered
#     rates (open loop), one well below saturation and one above it;
#   - memory: resident size of each service after the load;
#   - agent processor: messages/s the warm agent drains through both stages, from ingestion.normalized.messages
#     filled while it was held;
#   - Kafka's own producer, consumer and end-to-end latency tools on the same broker, and the ratios.
# Before measuring, the services and the broker are warmed up end to end at WARMUP_RATE (100/s) in rounds
# of 20 s until their JIT compilers settle (bench/lib/warm-up.sh: WARMUP_JIT_SECONDS, WARMUP_ROUNDS).
# Not part of CI (about 15-20 minutes here).
#
#   bench/system.sh [connections=64] [low-rate=100] [target-rate=1000] [high-rate=2000] [drain-messages=100000]
#
# Needs wrk (Debian: apt-get install wrk). Services run with a heap sized per service (HEAP below) and
# SERVICE_JAVA_OPTS (default below: the serial collector and C1 only, which measured fastest and smallest
# for three JVMs, a broker and Redis on 2 cores; see docs/BENCHMARKS.md) and, unless CDS=off, from an
# extracted jar with a class data sharing archive made by a training run (Spring Boot's documented CDS
# recipe, trained on a full start rather than one that exits at refresh). Start-up is also measured once
# without the archive. The measuring tools (EndToEndLoad,
# DrainWatcher) run with TOOL_JAVA_OPTS, and each end-to-end step prints the CPU every process used.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/warm-up.sh
source bench/lib/cpu.sh
source bench/lib/drain.sh
CONNECTIONS=${1:-64}
LOW_RATE=${2:-100}
TARGET_RATE=${3:-1000}
HIGH_RATE=${4:-2000}
DRAIN_MESSAGES=${5:-100000}
# Not -XX:CICompilerCount=1: one compiler thread made services ready about 0.3 s sooner, but intake served
# less under wrk in 3 of 4 alternating pairs, 13-17% less after the 15 s warm-up used here (docs/BENCHMARKS.md).
# -Dspring.aot.enabled=true runs the bean definitions generated at build time, as the images do.
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=262144 -Dspring.aot.enabled=true}
CDS=${CDS:-on}
# The measuring tools share the 2 cores with what they measure. With the JVM's defaults EndToEndLoad used
# 12-14 CPU seconds of every 20 at 100/s, about 40% of it in the JIT compilers; with C1 only, 7
# (docs/BENCHMARKS.md). Overload steps hold tens of thousands of requests in flight: 256 MB of heap ran
# out at 2,000/s.
TOOL_JAVA_OPTS=${TOOL_JAVA_OPTS:--Xmx2g -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
# Maximum heap per service, from each one's live set under load (docs/BENCHMARKS.md): draining a backlog,
# the agent holds a poll batch's records, fetches and Redis pipelines at once, and in 96 MB it spent a
# third of the drain in full collections. At 128 MB it ended the load at 303-305 MB resident; at 112 MB,
# with the knowledge base's searches no longer allocating, it drained as fast. An -Xmx in
# SERVICE_JAVA_OPTS comes later and wins.
declare -A HEAP=([intake-service]=${INTAKE_HEAP:-96m} [agent-processor-service]=${AGENT_HEAP:-112m}
  [notification-service]=${NOTIFICATION_HEAP:-96m})
# glibc's default of 8 malloc arenas per core holds on to memory the JVM freed; 2 is plenty for these services.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
KAFKA_PORT=19092
REDIS_PORT=16379
SMTP_PORT=12525
declare -A PORT=([intake-service]=18080 [agent-processor-service]=18081 [notification-service]=18082)
declare -A PID=() READY=() READY_PLAIN=() RSS=() GC=()
command -v wrk >/dev/null || { echo "This benchmark needs wrk: apt-get install wrk" >&2; exit 2; }

./mvnw -q -DskipTests package
DATA=$(mktemp -d /tmp/tributary-system-XXXX)
LOG="$DATA/local-stack.out"
source bench/lib/stack.sh
trap 'stop_stack "${PID[@]}"' EXIT

start_stack none --smtp-port $SMTP_PORT
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
CP=$(cat benchmarks/target/benchmark.classpath):benchmarks/target/classes

# The services' environment: the local stack's wiring.
SERVICE_ENV=(SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT SPRING_DATA_REDIS_HOST=127.0.0.1
  SPRING_DATA_REDIS_PORT=$REDIS_PORT TRIBUTARY_TOPICS_REPLICATION_FACTOR=1 TRIBUTARY_TOPICS_MIN_INSYNC_REPLICAS=1
  SPRING_PROFILES_ACTIVE=local SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT=$SMTP_PORT
  TRIBUTARY_INTAKE_WEB_FORM_RATE_LIMIT_ENABLED=false)
# Extracts a service's jar and records the classes a start-up loads into a CDS archive. Spring Boot's recipe
# exits when the context is refreshed (-Dspring.context.exit=onRefresh); this training starts the service
# fully against the running broker and Redis (listeners join their groups, the first readiness request goes
# through Spring MVC and the Redis and Kafka health checks), then stops it with SIGTERM, and the JVM writes
# the archive as it exits. Started from that archive the services used less CPU to be ready in 15 of 15
# alternating pairs (docs/BENCHMARKS.md). The archive keeps the class path exactly as given, and a JVM
# started with another spelling of it (a relative path from another directory) silently ignores the
# archive, so training uses the path start_service uses.
train_service() {
  local service=$1 dir="$DATA/app/$1" pid
  java -Djarmode=tools -jar "$service/target/$service-0.1.0-SNAPSHOT.jar" extract --destination "$dir" > /dev/null
  env "${SERVICE_ENV[@]}" java -Xmx"${HEAP[$service]}" $SERVICE_JAVA_OPTS -XX:ArchiveClassesAtExit="$dir/app.jsa" \
    -jar "$dir/$service-0.1.0-SNAPSHOT.jar" --server.port="${PORT[$service]}" > "$dir/training.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:${PORT[$service]}/actuator/health/readiness" > /dev/null; do
    kill -0 $pid 2>/dev/null || { tail -30 "$dir/training.log"; exit 1; }
    sleep 0.1
  done
  kill -TERM $pid; wait $pid || true
  [ -f "$dir/app.jsa" ] || { tail -30 "$dir/training.log"; echo "$service wrote no CDS archive" >&2; exit 1; }
}
# Launches a service (with its CDS archive when there is one) and records seconds until readiness is UP.
start_service() {
  local service=$1 started jar=("-jar" "$service/target/$service-0.1.0-SNAPSHOT.jar")
  if [ -f "$DATA/app/$service/app.jsa" ]; then
    jar=("-XX:SharedArchiveFile=$DATA/app/$service/app.jsa" "-Xlog:cds=off" "-jar" "$DATA/app/$service/$service-0.1.0-SNAPSHOT.jar")
  fi
  started=$(date +%s.%N)
  # env execs java, so $! is the JVM's pid and stop_service stops the JVM itself.
  env "${SERVICE_ENV[@]}" java -Xmx"${HEAP[$service]}" $SERVICE_JAVA_OPTS "${jar[@]}" --server.port="${PORT[$service]}" > "$DATA/$service.log" 2>&1 &
  PID[$service]=$!
  until curl -sf "http://127.0.0.1:${PORT[$service]}/actuator/health/readiness" > /dev/null; do
    kill -0 "${PID[$service]}" 2>/dev/null || { tail -50 "$DATA/$service.log"; exit 1; }
    sleep 0.05
  done
  READY[$service]=$(echo "$(date +%s.%N) - $started" | bc)
  # A JVM that cannot use its archive runs without it (-Xlog:cds=off keeps that quiet): an archive in use
  # is mapped into the process, so a start-up measured without one is not reported as with one.
  if [ "${jar[0]}" != "-jar" ] && ! grep -q "$DATA/app/$service/app.jsa" "/proc/${PID[$service]}/maps"; then
    echo "$service did not use its CDS archive; rerun with CDS=off, or look at -Xlog:cds" >&2; exit 1
  fi
}
stop_service() {
  kill -TERM "${PID[$1]}"; wait "${PID[$1]}" 2>/dev/null || true; unset "PID[$1]"
}
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
# Waits until every stage has consumed what the stage before it produced.
settle() {
  for stage in "intake-normalizer ingestion.raw.messages plain" \
      "agent-processor ingestion.normalized.messages transactional" \
      "agent-processor-replies processing.tickets.in transactional" \
      "notification-delivery processing.responses.out transactional"; do
    set -- $stage
    java $TOOL_JAVA_OPTS -cp "$CP" io.tributary.benchmarks.DrainWatcher $BOOTSTRAP "$1" "$2" $REDIS_PORT 900 "$3" > /dev/null
  done
}

echo "Kafka's own tools on the broker (record size of a web form's raw record)..."
RECORD_SIZE=$(java -cp "$CP" io.tributary.benchmarks.WebFormRecordSize)
for topic in bench.producer bench.e2e; do
  java -cp "$CP" org.apache.kafka.tools.TopicCommand --bootstrap-server $BOOTSTRAP --create --topic $topic \
    --partitions 6 --replication-factor 1 > /dev/null
done
KAFKA_PRODUCER=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ProducerPerformance --topic bench.producer \
  --num-records 300000 --record-size "$RECORD_SIZE" --throughput -1 \
  --producer-props bootstrap.servers=$BOOTSTRAP acks=all enable.idempotence=true linger.ms=1 | tail -1)
KAFKA_CONSUMER=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server $BOOTSTRAP \
  --topic bench.producer --messages 300000 --group bench-consumer --hide-header | tail -1)
KAFKA_E2E=$(java -Xmx512m -cp "$CP" org.apache.kafka.tools.EndToEndLatency $BOOTSTRAP bench.e2e 10000 all \
  "$RECORD_SIZE" 2>&1 | grep -i "percentiles\|avg latency")

echo "Start-up without a CDS archive, one service at a time (JVM: $SERVICE_JAVA_OPTS)..."
for service in intake-service agent-processor-service notification-service; do
  start_service $service; READY_PLAIN[$service]=${READY[$service]}; stop_service $service
done
if [ "$CDS" = on ]; then
  echo "Training a CDS archive per service..."
  for service in intake-service agent-processor-service notification-service; do train_service $service; done
fi
echo "Starting the services one by one (CDS $CDS)..."
for service in intake-service agent-processor-service notification-service; do start_service $service; done

INTAKE=http://127.0.0.1:${PORT[intake-service]}
URL="$INTAKE/api/v1/channels/web-form/messages"
# Warm JVMs only: the broker's C2 compiler runs for minutes under load, and end to end at 100/s went from
# 4,135 to 370-426 ms p50 over the first six runs of a fresh stack (docs/BENCHMARKS.md, "Warm JVMs"). At a
# rate the stack sustains: warming up at 300/s, above what it replies to here, left the heaps and Redis
# fuller and every later step slower.
WARMUP_RATE=${WARMUP_RATE:-100}
warm_up_round() {
  java $TOOL_JAVA_OPTS -cp "$CP" io.tributary.benchmarks.EndToEndLoad "$INTAKE" $BOOTSTRAP "$WARMUP_RATE" 20 \
    | grep '^RESULT' | awk '{print $8 " replies/s, p50 " $9}' | sed 's/achieved=//; s/p50_ms=//; s/$/ ms/'
}
echo "Warming up end to end at $WARMUP_RATE/s, in rounds of 20 s, until the JIT compilers settle..."
export WARM_JVMS="intake=${PID[intake-service]} agent=${PID[agent-processor-service]} notification=${PID[notification-service]} broker=$STACK"
warm_up_until_compiled warm_up_round
settle
echo "Intake under wrk: $CONNECTIONS connections, 15 s warm-up, 30 s measured..."
wrk -t2 -c"$CONNECTIONS" -d15s -s bench/webform.lua "$URL" > /dev/null
HTTP=$(wrk -t2 -c"$CONNECTIONS" -d30s -s bench/webform.lua "$URL" | grep '^RESULT')
echo "Letting the pipeline finish what wrk sent..."
settle

# Where the machine's CPU goes during an end-to-end step: each service, the local stack's JVM (the
# broker and the SMTP sink), Redis, and the load tool itself.
REDIS_PID=$(pgrep -f "redis-server.*:$REDIS_PORT" | head -1)
cpu_snapshot() {
  for service in intake-service agent-processor-service notification-service; do cpu_seconds "${PID[$service]}"; echo -n " "; done
  cpu_seconds "$STACK"; echo -n " "; cpu_seconds "$REDIS_PID"
}
# What the broker served during a step, per message sent: its requests, its transactions (EndTxn) and the
# records it appended (its internal topics' included). The broker's CPU per message follows these: at 100/s
# every stage's transaction carries one message, at 1,000/s about a hundred (docs/BENCHMARKS.md). A reading
# that fails says so on stderr and in the summary, and does not end the run.
broker_requests() { java -cp "$CP" io.tributary.benchmarks.BrokerRequests "$STACK" || true; }
broker_per_message() {
  echo "$1 | $2" | awk -v n="$3" '{ after = 0
    for (i = 1; i <= NF; i++) {
      if ($i == "|") { after = 1; continue }
      split($i, kv, "="); if (after) b[kv[1]] = kv[2]; else a[kv[1]] = kv[2]
    }
    if (!("records" in a) || !("records" in b)) { print "not read (BrokerRequests failed)"; exit }
    for (k in b) if (k != "records") requests += b[k] - a[k]
    printf "%.2f requests, %.2f transactions (EndTxn), %.2f records appended per message", requests / n, (b["EndTxn"] - a["EndTxn"]) / n, (b["records"] - a["records"]) / n }'
}
declare -A E2E=() HOPS=() E2E_CPU=() E2E_BROKER=()
# Each step sends for E2E_UNCOUNTED seconds, then E2E_COUNTED seconds whose messages it measures.
E2E_UNCOUNTED=5 E2E_COUNTED=30
for rate in "$LOW_RATE" "$TARGET_RATE" "$HIGH_RATE"; do
  echo "End to end at $rate messages/s offered ($E2E_COUNTED s)..."
  BEFORE=$(cpu_snapshot); BEFORE_REQUESTS=$(broker_requests); STEP_STARTED=$(date +%s.%N)
  OUT=$(java $TOOL_JAVA_OPTS -cp "$CP" io.tributary.benchmarks.EndToEndLoad "$INTAKE" $BOOTSTRAP "$rate" \
    $E2E_COUNTED $E2E_UNCOUNTED)
  AFTER=$(cpu_snapshot); STEP_SECONDS=$(echo "$(date +%s.%N) - $STEP_STARTED" | bc)
  E2E_BROKER[$rate]=$(broker_per_message "$BEFORE_REQUESTS" "$(broker_requests)" \
    $((rate * (E2E_UNCOUNTED + E2E_COUNTED))))
  E2E[$rate]=$(echo "$OUT" | grep '^RESULT')
  E2E_CPU[$rate]=$(echo "$BEFORE $AFTER" | awk -v tool="$(value "${E2E[$rate]}" tool_cpu_s)" -v s="$STEP_SECONDS" -v cores="$(nproc)" \
    '{printf "intake %.1f, agent %.1f, notification %.1f, broker and SMTP sink %.1f, Redis %.1f, load tool %.1f, of %.0f available", $6-$1, $7-$2, $8-$3, $9-$4, $10-$5, tool, s * cores}')
  HOPS[$rate]=$(echo "$OUT" | grep '^HOP' | sed -E 's/^HOP ([^ ]+) p50_ms=([^ ]+) p99_ms=(.*)$/\1 \2 (p99 \3)/' | paste -sd ';' | sed 's/;/; /g')
  settle
done
# Time a JVM spent collecting so far: a heap too small for its live set shows as many full collections.
gc_time() { jstat -gcutil "$1" | awk 'NR == 2 {printf "GC %.1f s, of which %d full collections %.1f s", $NF, $9, $10}'; }
for service in "${!PID[@]}"; do
  RSS[$service]=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/"${PID[$service]}"/status)
  GC[$service]=$(gc_time "${PID[$service]}")
done

# The agent warm from the steps above, as bench/agent.sh measures its warm drain: held (SIGSTOP) while the
# topic is filled, then watched until both its stages have caught up. (Until 2026-12-04 a fresh agent JVM
# drained, and the watch ended when stage one had.)
echo "Agent processor draining $DRAIN_MESSAGES messages filled in while it was held (other services stopped)..."
stop_service intake-service; stop_service notification-service
DRAIN=$(drain "${PID[agent-processor-service]}" agent-processor ingestion.normalized.messages \
  then=agent-processor-replies:processing.tickets.in "$DRAIN_MESSAGES" $((DRAIN_MESSAGES / 10)) drain)
DRAIN_GC=$(gc_time "${PID[agent-processor-service]}")

KAFKA_PRODUCER_RATE=$(echo "$KAFKA_PRODUCER" | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.*/\1/')
KAFKA_PRODUCER_P50=$(echo "$KAFKA_PRODUCER" | sed -E 's/.* ([0-9]+) ms 50th.*/\1/')
KAFKA_PRODUCER_P99=$(echo "$KAFKA_PRODUCER" | sed -E 's/.* ([0-9]+) ms 99th.*/\1/')
KAFKA_CONSUMER_RATE=$(echo "$KAFKA_CONSUMER" | awk -F', *' '{print $6}')
KAFKA_E2E_AVG=$(echo "$KAFKA_E2E" | grep -io "avg latency: [0-9.]*" | grep -o "[0-9.]*$" || true)
KAFKA_E2E_P50=$(echo "$KAFKA_E2E" | grep -io "50th = [0-9.]*" | grep -o "[0-9.]*$" || true)
KAFKA_E2E_P99=$(echo "$KAFKA_E2E" | grep -io "99th = [0-9.]*" | grep -o "[0-9.]*$" || true)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -r)"
echo "Warm-up: $WARM (rounds of 20 s at $WARMUP_RATE/s until every JVM compiled under $WARMUP_JIT_SECONDS s a round)"
echo "Services: heap intake ${HEAP[intake-service]}, agent ${HEAP[agent-processor-service]}, notification ${HEAP[notification-service]}; $SERVICE_JAVA_OPTS, CDS archive $CDS, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; load tools $TOOL_JAVA_OPTS; broker and Redis from the local stack; all on the same machine"
# Ratios: intake to the producer tool's records/s, end-to-end p50 to the latency tool's average (its p50
# rounds to 0 ms), the drain to the consumer tool's records/s.
printf '%-66s %14s %10s %10s %10s %12s\n' "what" "rate/s" "p50 ms" "p99 ms" "p99.9 ms" "vs Kafka"
printf '%-66s %14.0f %10s %10s %10s %12s\n' "intake web form, wrk $CONNECTIONS connections" "$(value "$HTTP" rps)" \
  "$(value "$HTTP" p50_ms)" "$(value "$HTTP" p99_ms)" "$(value "$HTTP" p999_ms)" "$(ratio "$(value "$HTTP" rps)" "$KAFKA_PRODUCER_RATE")"
for rate in "$LOW_RATE" "$TARGET_RATE" "$HIGH_RATE"; do
  r=${E2E[$rate]}
  printf '%-66s %14s %10s %10s %10s %12s\n' "end to end, $rate/s: $(value "$r" replied)/$(value "$r" sent) replied, $(value "$r" refused) refused ($(value "$r" unsent) unsent)" \
    "$(value "$r" achieved)" "$(value "$r" p50_ms)" "$(value "$r" p99_ms)" "$(value "$r" p999_ms)" \
    "p50 x$(ratio "$(value "$r" p50_ms)" "$KAFKA_E2E_AVG")"
done
printf '%-66s %14s %10s %10s %10s %12s\n' "agent processor drain, warm, both stages ($(value "$DRAIN" drained) messages)" \
  "$(value "$DRAIN" per_second)" "" "" "" "$(ratio "$(value "$DRAIN" per_second)" "$KAFKA_CONSUMER_RATE")"
printf '%-66s %14.0f %10s %10s %10s\n' "Kafka ProducerPerformance ($RECORD_SIZE B, acks=all)" "$KAFKA_PRODUCER_RATE" \
  "$KAFKA_PRODUCER_P50" "$KAFKA_PRODUCER_P99" ""
printf '%-66s %14.0f\n' "Kafka ConsumerPerformance" "$KAFKA_CONSUMER_RATE"
printf '%-66s %14s %10s %10s %10s\n' "Kafka EndToEndLatency (acks=all, avg $KAFKA_E2E_AVG ms)" "" "$KAFKA_E2E_P50" "$KAFKA_E2E_P99" ""
echo
for service in intake-service agent-processor-service notification-service; do
  printf '%-26s ready %5.2f s after launch (%5.2f s without the CDS archive); resident %4s MB after the load (%s)\n' \
    "$service" "${READY[$service]}" "${READY_PLAIN[$service]}" "${RSS[$service]:-?}" "${GC[$service]:-?}"
done
# Every rate's hops: above the low rate they show which stage the queue builds in.
for rate in "$LOW_RATE" "$TARGET_RATE" "$HIGH_RATE"; do
  echo "end to end at $rate/s, readable on each hop after (p50 ms): ${HOPS[$rate]}"
done
for rate in "$LOW_RATE" "$TARGET_RATE" "$HIGH_RATE"; do
  echo "CPU seconds during the $rate/s step: ${E2E_CPU[$rate]}"
done
for rate in "$LOW_RATE" "$TARGET_RATE" "$HIGH_RATE"; do
  echo "the broker during the $rate/s step: ${E2E_BROKER[$rate]}"
done
echo "agent drain: $(value "$DRAIN" seconds) s (stage one done after $(value "$DRAIN" first_stage_seconds) s); Redis $(value "$DRAIN" redis_commands_per_message) commands per message in $(value "$DRAIN" redis_script_calls_per_message) script calls, $(value "$DRAIN" redis_cpu_us_per_message) µs of Redis CPU; the agent's CPU per message $(value "$DRAIN" cpu_us_per_message) µs, the broker's $(value "$DRAIN" broker_cpu_us_per_message) µs; $DRAIN_GC"
