# Sourced by the benchmark scripts: warming JVMs up until their JIT compilers settle.
#
# On 2 cores the JIT compilers of a service and of the broker (the local stack's JVM) take minutes under
# load to settle, and while they compile they take CPU from what is measured (docs/BENCHMARKS.md, "Warm
# JVMs"). warm_up_until_compiled runs one warm-up round (its arguments: a command that prints a short
# summary of the round) again and again, printing each round with the CPU seconds each JVM's compiler
# threads used in it, until every JVM compiled for less than WARMUP_JIT_SECONDS in a round, at most
# WARMUP_ROUNDS rounds.
#
#   WARM_JVMS="intake=$INTAKE_PID broker=$STACK_PID" warm_up_until_compiled some_round_command args...
#
# Sets WARM to "after N rounds", or to "no" when the rounds ran out (the script then says so).
WARMUP_ROUNDS=${WARMUP_ROUNDS:-20}
WARMUP_JIT_SECONDS=${WARMUP_JIT_SECONDS:-1}

# CPU seconds the JIT compiler threads of a JVM have used so far. Not jstat's compile time: that is
# wall time, and on a saturated machine it counts the compilers' waits for a core too.
jit_seconds() {
  local task hz
  hz=$(getconf CLK_TCK)
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) cat "$task/stat" 2>/dev/null ;; esac
  done | sed 's/^.*) //' | awk -v hz="$hz" '{t += $12 + $13} END {printf "%.2f", t / hz}'
}

# JIT seconds of every JVM in WARM_JVMS, as name=seconds words.
jit_snapshot() {
  local jvm
  for jvm in $WARM_JVMS; do echo -n "${jvm%%=*}=$(jit_seconds "${jvm#*=}") "; done
}

# The seconds each JVM compiled between two snapshots, as "name X.X s, name Y.Y s". The JVM ends idle
# compiler threads, and their CPU leaves the sum with them: a negative difference counts as none.
jit_spent() {
  echo "$1 $2" | awk '{ n = NF / 2
    for (i = 1; i <= n; i++) {
      split($i, a, "="); split($(i + n), b, "="); d = b[2] - a[2]
      printf "%s%s %.1f s", (i > 1 ? ", " : ""), a[1], (d > 0) ? d : 0
    } }'
}

warm_up_until_compiled() {
  local round before summary spent
  WARM=no
  for round in $(seq "$WARMUP_ROUNDS"); do
    before=$(jit_snapshot)
    summary=$("$@")
    spent=$(jit_spent "$before" "$(jit_snapshot)")
    echo "Warm-up round $round: $summary; JIT compiling $spent"
    if echo "$spent" | grep -o '[0-9.]* s' | awk -v t="$WARMUP_JIT_SECONDS" '$1 >= t {busy = 1} END {exit busy}'; then
      WARM="after $round round$( [ "$round" = 1 ] || echo s)"; return
    fi
  done
  echo "The JIT compilers were still busy after $WARMUP_ROUNDS rounds: the figures below are not of warm JVMs."
}
