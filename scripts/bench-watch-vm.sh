#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-watch-vm.sh - runs inside the real-kernel VM (busybox sh), started by
# `scripts/bench-watch --vm`.  The same kprobe (the connect probe of
# tests/fixtures/raw-events) records N hits of `workload -n N connect` into
# an instance with a buffer big enough to hold them all; then a reader drains
# them: `head -n N trace_pipe > /dev/null` (cat's way, the kernel formats the
# text) or kpdb's `go -n N > /dev/null` (binary pages).  For each: wall time
# (from /proc/uptime) and CPU time of the reader process (user+system, its
# share of the kernel's formatting included), per event.

N=${1:-20000}
T=/sys/kernel/tracing
DEF='__sys_connect fd=%di:s32 fam=+0(%si):u16 port=+2(%si):u16 addr=+4(%si):u32 addr6=+8(%si):u8[16] len=%dx:s32 comm=$comm:string'
KB=$(( (N * 80) / 1024 + 2048 ))

uptime_cs() {
	read -r up _ < /proc/uptime
	echo "${up%.*}${up#*.}"
}
# user+system clock ticks of a process (comm without spaces)
ticks() {
	set -- $(cat "/proc/$1/stat")
	echo $(( ${14} + ${15} ))
}
# user+system time in clock ticks recorded by `times` (self and children:
# busybox may run `head` inside the shell itself) into FILE.  `times` itself
# must run in this shell, not in $(...) or a pipeline, whose subshell has its
# own, empty, times.
times_cs() {
	awk '{
		for (i = 1; i <= NF; i++) { split($i, a, "m"); sub(/s/, "", a[2]); t += a[1] * 60 + a[2] }
	} END { printf "%d\n", t * 100 + 0.5 }' "$1"
}
overrun() {
	awk '/^overrun:/ { s += $2 } END { print s + 0 }' "$1"/per_cpu/cpu*/stats
}
report() {
	# name events wall_cs cpu_cs lost
	awk -v name="$1" -v n="$2" -v w="$3" -v c="$4" -v lost="$5" 'BEGIN {
		if (w < 1) w = 1
		printf "%-28s %7d events  %6.2f s  %8.0f events/s  %7.2f us CPU/event  lost %d\n",
			name, n, w / 100, n * 100 / w, c * 10000 / n, lost
	}'
}

echo "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, $N hits of: $DEF"

# --- cat's way: text from trace_pipe -------------------------------------------
echo "p:bench/ev $DEF" >> $T/kprobe_events
mkdir $T/instances/bench
echo $KB > $T/instances/bench/buffer_size_kb
echo 1 > $T/instances/bench/events/bench/ev/enable
workload -n "$N" connect 127.0.0.1 4444 > /dev/null 2>&1
echo 0 > $T/instances/bench/events/bench/ev/enable
lost=$(overrun $T/instances/bench)
times > /tmp/bench-t0
w0=$(uptime_cs)
head -n "$N" $T/instances/bench/trace_pipe > /dev/null
w1=$(uptime_cs)
times > /tmp/bench-t1
report "head -n N trace_pipe" "$N" $((w1 - w0)) $(($(times_cs /tmp/bench-t1) - $(times_cs /tmp/bench-t0))) "$lost"
rmdir $T/instances/bench
echo "-:bench/ev" >> $T/kprobe_events

# --- kpdb: binary pages, decoded and printed ----------------------------------------
# kpdb reads its commands from a FIFO; `source FIFO` makes it open another
# one, which tells this script that the commands before it are done.
run_kpdb() {
	name=$1
	shift
	rm -f /tmp/bench-cmds /tmp/bench-sync1 /tmp/bench-sync2
	mkfifo /tmp/bench-cmds /tmp/bench-sync1 /tmp/bench-sync2
	kpdb -q "$@" < /tmp/bench-cmds > /dev/null 2> /tmp/bench-err &
	K=$!
	exec 3> /tmp/bench-cmds
	echo "bp $DEF" >&3
	i=0
	while [ ! -d $T/instances/kpdb_$K/events/kpdb_$K/bp1 ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo $KB > $T/instances/kpdb_$K/buffer_size_kb
	workload -n "$N" connect 127.0.0.1 4444 > /dev/null 2>&1
	lost=$(overrun $T/instances/kpdb_$K)
	# the first hit pays for what a session does once (formats, kallsyms)
	echo "go -n 1" >&3
	echo "source /tmp/bench-sync1" >&3
	echo "#" > /tmp/bench-sync1
	k0=$(ticks $K)
	w0=$(uptime_cs)
	echo "go -n $((N - 1))" >&3
	echo "source /tmp/bench-sync2" >&3
	echo "#" > /tmp/bench-sync2
	w1=$(uptime_cs)
	k1=$(ticks $K)
	echo quit >&3
	exec 3>&-
	wait $K
	report "$name" $((N - 1)) $((w1 - w0)) $((k1 - k0)) "$lost"
	[ -s /tmp/bench-err ] && sed 's/^/kpdb stderr: /' /tmp/bench-err
	rm -f /tmp/bench-cmds /tmp/bench-sync1 /tmp/bench-sync2
}

run_kpdb "kpdb go -n N"
run_kpdb "kpdb -j go -n N" -j
exit 0
