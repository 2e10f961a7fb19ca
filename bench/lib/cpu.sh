# Sourced by the benchmark scripts: the CPU seconds (user and system) a process has used so far, to the
# clock tick (1/100 s). Read after the command name's closing parenthesis, since a name may hold spaces.
cpu_seconds() {
  sed 's/^.*) //' /proc/"$1"/stat | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}'
}
