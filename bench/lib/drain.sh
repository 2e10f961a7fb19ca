# Sourced by the benchmark scripts: watching a process drain a topic (benchmarks' DrainWatcher).
#
# Needs DATA (a scratch directory), CP (the benchmarks' class path), KAFKA_PORT, REDIS_PORT, STACK (the
# local stack's JVM, whose CPU is the broker's) and bench/lib/cpu.sh; the watcher runs with TOOL_JAVA_OPTS.

# Prints the RESULT line of a drain: drain PID GROUP TOPIC THEN [count customers customer-set | fill=FUNCTION].
# PID is the draining process, GROUP its consumer group on TOPIC, THEN "then=GROUP:TOPIC" for a second
# stage or "". With a count (NormalizedMessageFiller's arguments) or a fill function of the caller's, it
# first fills the topic while the process is held (SIGSTOP), so that the filler does not share the cores
# with the drain, and lets it go on (SIGCONT) once the watcher has read where the group stands. A hold
# longer than the consumer's session timeout (45 s) would cost a rebalance; the script says so. Without
# one, it watches a process that starts on a topic already filled.
drain() {
  local pid=$1 group=$2 topic=$3 then=$4; shift 4
  local watch="$DATA/watch.out" held cpu_before=0 broker_before
  if [ -n "${1:-}" ]; then
    held=$SECONDS
    kill -STOP "$pid"
    if [[ $1 == fill=* ]]; then
      "${1#fill=}" > /dev/null
    else
      java -cp "$CP" io.tributary.benchmarks.NormalizedMessageFiller 127.0.0.1:$KAFKA_PORT "$@" "$topic" > /dev/null
    fi
  fi
  broker_before=$(cpu_seconds "$STACK")
  # Emptied here, not by the watcher's redirection: that happens in the child, and the wait below could
  # read the last drain's WATCHING first and let the process go before this watcher has looked.
  : > "$watch"
  java ${TOOL_JAVA_OPTS:-} -cp "$CP" io.tributary.benchmarks.DrainWatcher 127.0.0.1:$KAFKA_PORT "$group" "$topic" $REDIS_PORT 900 \
    $then > "$watch" &
  if [ -n "${1:-}" ]; then
    until grep -q '^WATCHING\|^RESULT' "$watch"; do sleep 0.1; done
    cpu_before=$(cpu_seconds "$pid")
    kill -CONT "$pid"
    [ $((SECONDS - held)) -lt 40 ] || echo "$group was held $((SECONDS - held)) s: close to its session timeout." >&2
  fi
  wait $!
  # The process's own CPU per message over the drain (its whole life for a cold one, start-up included),
  # and the broker's (the local stack's JVM) from the watcher's start.
  local n; n=$(grep '^RESULT' "$watch" | tr ' ' '\n' | grep '^drained=' | cut -d= -f2)
  echo "$(grep '^RESULT' "$watch") cpu_us_per_message=$(per_message "$cpu_before" "$(cpu_seconds "$pid")" "$n")" \
    "broker_cpu_us_per_message=$(per_message "$broker_before" "$(cpu_seconds "$STACK")" "$n")"
}
# Microseconds of CPU per message between two cpu_seconds readings.
per_message() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {if (n > 0) printf "%.0f", (b - a) * 1e6 / n; else printf "n/a"}'
}

# result_field KEY LINE: the value of KEY in a drain's RESULT line (key=value pairs).
result_field() { echo "$2" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
