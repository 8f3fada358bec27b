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
H=${2:-0}
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
# how many times PID went to sleep waiting (each is one wake-up)
sleeps() {
	awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$1/status"
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
# kpdb reads its commands from a FIFO (fd 3).  kpdb_start OUTPUT [OPTIONS...]
# starts it with the probe as breakpoint 1 and returns once that is in the
# kernel ($K: kpdb's pid); kpdb_sync returns once kpdb has done the
# commands sent before it (`source FIFO` opens a FIFO this script writes).
kpdb_start() {
	out=$1
	shift
	rm -f /tmp/bench-cmds /tmp/bench-sync
	mkfifo /tmp/bench-cmds /tmp/bench-sync
	kpdb -q "$@" < /tmp/bench-cmds > "$out" 2> /tmp/bench-err &
	K=$!
	exec 3> /tmp/bench-cmds
	echo "bp $DEF" >&3
	i=0
	while [ ! -d $T/instances/kpdb_$K/events/kpdb_$K/bp1 ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
kpdb_sync() {
	echo "source /tmp/bench-sync" >&3
	echo "#" > /tmp/bench-sync
}
kpdb_end() {
	echo quit >&3
	exec 3>&-
	wait $K
	[ -s /tmp/bench-err ] && sed 's/^/kpdb stderr: /' /tmp/bench-err
	rm -f /tmp/bench-cmds /tmp/bench-sync
}
run_kpdb() {
	name=$1
	shift
	kpdb_start /dev/null "$@"
	echo $KB > $T/instances/kpdb_$K/buffer_size_kb
	workload -n "$N" connect 127.0.0.1 4444 > /dev/null 2>&1
	lost=$(overrun $T/instances/kpdb_$K)
	# the first hit pays for what a session does once (formats, kallsyms)
	echo "go -n 1" >&3
	kpdb_sync
	k0=$(ticks $K)
	w0=$(uptime_cs)
	echo "go -n $((N - 1))" >&3
	kpdb_sync
	w1=$(uptime_cs)
	k1=$(ticks $K)
	kpdb_end
	report "$name" $((N - 1)) $((w1 - w0)) $((k1 - k0)) "$lost"
}

run_kpdb "kpdb go -n N"
run_kpdb "kpdb -j go -n N" -j

# --- trace-cmd: the reference reader on libtracefs --------------------------------
# trace-cmd's stream and record reset the buffer they start on, so to drain the
# same recorded hits it reads them the way it reads an existing trace: `extract`
# copies the instance's binary pages into a trace.dat (splice, no decoding),
# `report` decodes and prints them; the row is the two together.
if command -v trace-cmd > /dev/null; then
	# extract and report pay a fixed start-up (every event format of the
	# kernel, kallsyms): measured on an empty instance and taken off in the
	# second row, as kpdb's first hit is.
	tc_drain() {
		# hits -> sets tc_w tc_c tc_got tc_lost
		echo "p:bench/ev $DEF" >> $T/kprobe_events
		mkdir $T/instances/bench
		echo $KB > $T/instances/bench/buffer_size_kb
		echo 1 > $T/instances/bench/events/bench/ev/enable
		[ "$1" = 0 ] || workload -n "$1" connect 127.0.0.1 4444 > /dev/null 2>&1
		echo 0 > $T/instances/bench/events/bench/ev/enable
		tc_lost=$(overrun $T/instances/bench)
		times > /tmp/bench-t0
		w0=$(uptime_cs)
		trace-cmd extract -B bench -o /tmp/bench.dat > /tmp/bench-tc.err 2>&1
		trace-cmd report -i /tmp/bench.dat > /tmp/bench-tc.out 2>> /tmp/bench-tc.err
		w1=$(uptime_cs)
		times > /tmp/bench-t1
		tc_w=$((w1 - w0))
		tc_c=$(($(times_cs /tmp/bench-t1) - $(times_cs /tmp/bench-t0)))
		tc_got=$(grep -c ' ev: ' /tmp/bench-tc.out)
		[ "$tc_got" = "$1" ] || { echo "trace-cmd read $tc_got of $1 events:"; head -n 5 /tmp/bench-tc.err /tmp/bench-tc.out; }
		rm -f /tmp/bench.dat /tmp/bench-tc.out
		# extract removes the instances it read
		rmdir $T/instances/bench 2> /dev/null
		echo "-:bench/ev" >> $T/kprobe_events
	}
	tc_drain 0
	w_0=$tc_w c_0=$tc_c
	tc_drain "$N"
	report "trace-cmd extract+report" "$tc_got" "$tc_w" "$tc_c" "$tc_lost"
	report "  less start-up (0 hits)" "$tc_got" $((tc_w - w_0)) $((tc_c - c_0)) "$tc_lost"
else
	echo "trace-cmd: not in the VM (apt-get install trace-cmd on the host), its rows skipped"
fi

# --- what each reader costs the traced workload ------------------------------------
# The workload's run time with the probe on and no reader (hits go into a
# buffer that holds them all), then with each reader draining while it runs.
# Reader CPU is that of the reader and its children (trace-cmd forks one
# recorder per CPU), over the whole live run.
echo "workload cost: $N hits, reader live beside it"
wl() {
	a=$(uptime_cs)
	workload -n "$N" connect 127.0.0.1 4444 > /dev/null 2>&1
	b=$(uptime_cs)
	echo $((b - a))
}
live() {
	# name workload_cs reader_cpu_cs [base_cs]
	awk -v name="$1" -v n="$N" -v w="$2" -v c="$3" -v base="$4" 'BEGIN {
		if (w < 1) w = 1
		if (base == "") printf "  %-26s workload %6.2f s  %7.2f us/hit\n", name, w / 100, w * 10000 / n
		else printf "  %-26s workload %6.2f s  %7.2f us/hit  %+6.1f%%  reader CPU %6.2f us/event\n",
			name, w / 100, w * 10000 / n, (w - base) * 100 / base, c * 10000 / n
	}'
}
# a reader in the background under its own shell, whose `times` then holds
# the reader's CPU and that of its reaped children
bg_reader() {
	rm -f /tmp/bench-rpid /tmp/bench-rtimes
	sh -c '"$@" > /dev/null 2> /tmp/bench-rerr & echo $! > /tmp/bench-rpid; wait $!; times > /tmp/bench-rtimes' sh "$@" &
	R=$!
	while [ ! -s /tmp/bench-rpid ]; do sleep 0.1; done
}
bg_reaped() {
	wait $R
	times_cs /tmp/bench-rtimes
}

echo "p:bench/ev $DEF" >> $T/kprobe_events
mkdir $T/instances/bench
echo $KB > $T/instances/bench/buffer_size_kb
echo 1 > $T/instances/bench/events/bench/ev/enable
base=$(wl)
live "probe on, no reader" "$base"
echo 0 > $T/instances/bench/events/bench/ev/enable
echo > $T/instances/bench/trace
echo 1 > $T/instances/bench/events/bench/ev/enable
bg_reader head -n "$N" $T/instances/bench/trace_pipe
w=$(wl)
c=$(bg_reaped)
live "head -n N trace_pipe" "$w" "$c" "$base"
echo 0 > $T/instances/bench/events/bench/ev/enable
rmdir $T/instances/bench

live_kpdb() {
	name=$1
	shift
	kpdb_start /dev/null "$@"
	echo $KB > $T/instances/kpdb_$K/buffer_size_kb
	k0=$(ticks $K)
	s0=$(sleeps $K)
	echo "go -n $N" >&3
	sleep 0.5
	w=$(wl)
	kpdb_sync
	k1=$(ticks $K)
	s1=$(sleeps $K)
	kpdb_end
	live "$name" "$w" $((k1 - k0)) "$base"
	awk -v n="$N" -v s=$((s1 - s0)) 'BEGIN {
		printf "  %-26s %d wake-ups, %.1f events per wake-up\n", "", s, n / (s ? s : 1) }'
}
live_kpdb "kpdb go -n N"

# trace-cmd runs the workload itself (trace-cmd MODE ... COMMAND): it starts
# the command once tracing is on and stops, flushing, when it exits.  The
# command is a shell that times the workload and records its CPU, which is
# taken off trace-cmd's (its children's, reaped, included).
cat > /tmp/bench-wl.sh <<EOF
read -r a _ < /proc/uptime
workload -n $N connect 127.0.0.1 4444 > /dev/null 2>&1
read -r b _ < /proc/uptime
echo "\${a%.*}\${a#*.} \${b%.*}\${b#*.}" > /tmp/bench-wl
times > /tmp/bench-wlt
EOF
if command -v trace-cmd > /dev/null; then
	for mode in stream record; do
		out=
		[ $mode = stream ] || out="-o /tmp/bench.dat"
		times > /tmp/bench-t0
		trace-cmd $mode $out -B tc$mode -b $KB -e bench/ev sh /tmp/bench-wl.sh > /dev/null 2> /tmp/bench-rerr
		times > /tmp/bench-t1
		read -r a b < /tmp/bench-wl
		c=$(($(times_cs /tmp/bench-t1) - $(times_cs /tmp/bench-t0) - $(times_cs /tmp/bench-wlt)))
		live "trace-cmd $mode" $((b - a)) "$c" "$base"
		if [ $mode = record ]; then
			got=$(trace-cmd report -i /tmp/bench.dat 2>/dev/null | grep -c ' ev: ')
			[ "$got" = "$N" ] || echo "  trace-cmd record kept $got of $N events"
			rm -f /tmp/bench.dat
		fi
		grep -v '^CPU\|bytes in size\|^$' /tmp/bench-rerr | head -n 5 | sed 's/^/  trace-cmd: /'
	done
fi
echo "-:bench/ev" >> $T/kprobe_events

# --- hist: H hits aggregated in the kernel, against go decoding each --------------
# One kpdb session per reader: `hist 1 by comm` (a hist trigger; kpdb waits at
# its prompt) or `go -n H` (every hit read and printed).  For each: kpdb's
# CPU over the run, next to the kernel's, which is the workload's system
# time (the probe's trap, the record and the trigger run in its context),
# against its system time with no probe at all.
[ "$H" -gt 0 ] || exit 0
# wl_times MODE: run the workload for H hits; prints "wall_cs sys_cs"
wl_times() {
	sh -c 'read -r a _ < /proc/uptime
		workload -n "$1" connect 127.0.0.1 4444 > /dev/null 2>&1
		read -r b _ < /proc/uptime
		echo "${a%.*}${a#*.} ${b%.*}${b#*.}" > /tmp/bench-hw
		times > /tmp/bench-ht' sh "$H"
	read -r a b < /tmp/bench-hw
	# the second line of `times` is the children's: "Xm Ys Xm Ys" (user, system)
	sys=$(awk 'NR == 2 { split($2, a, "m"); sub(/s/, "", a[2]); printf "%d", (a[1] * 60 + a[2]) * 100 + 0.5 }' /tmp/bench-ht)
	echo "$((b - a)) $sys"
}
hrow() {
	# name wall_cs sys_cs kpdb_cs
	awk -v name="$1" -v n="$H" -v w="$2" -v k="$3" -v c="$4" 'BEGIN {
		printf "  %-24s workload %7.2f s  kernel (its system time) %7.2f s  %6.2f us/hit", name, w / 100, k / 100, k * 10000 / n
		if (c != "") printf "  kpdb CPU %6.2f s  %6.2f us/hit", c / 100, c * 10000 / n
		printf "\n"
	}'
}
echo "hist: $H hits of the same probe, aggregated in the kernel or decoded by go"
set -- $(wl_times)
hrow "no probe" "$1" "$2"
hist_kpdb() {
	name=$1
	cmd=$2
	rm -f /tmp/bench-hpipe
	mkfifo /tmp/bench-hpipe
	# the hits are counted on the way, not kept (H lines would fill the VM's memory)
	awk '/ bp1 / { n++; next } { print } END { print "hits printed", n + 0 }' \
		< /tmp/bench-hpipe > /tmp/bench-hout &
	A=$!
	kpdb_start /tmp/bench-hpipe
	if [ "$cmd" = hist ]; then
		echo "hist 1 by comm" >&3
		kpdb_sync
	else
		echo $KB > $T/instances/kpdb_$K/buffer_size_kb
		echo "go -n $H" >&3
		sleep 0.5
	fi
	k0=$(ticks $K)
	set -- $(wl_times)
	[ "$cmd" = hist ] || kpdb_sync
	k1=$(ticks $K)
	hrow "$name" "$1" "$2" $((k1 - k0))
	[ "$cmd" = hist ] && echo "hist 1" >&3
	kpdb_end
	wait $A
	if [ "$cmd" = hist ]; then
		got=$(awk '$1 == "workload" { print $2; exit }' /tmp/bench-hout)
		[ "$got" = "$H" ] || echo "  the hist counted ${got:-no} hits of workload, not $H"
	else
		got=$(awk '/^hits printed/ { print $3 }' /tmp/bench-hout)
		[ "$got" = "$H" ] || echo "  go printed $got hits, not $H"
	fi
	rm -f /tmp/bench-hout /tmp/bench-hpipe
}
hist_kpdb "kpdb hist 1 by comm" hist
hist_kpdb "kpdb go -n H" go
exit 0
