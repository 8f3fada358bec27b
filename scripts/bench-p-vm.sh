#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-p-vm.sh - runs inside the real-kernel VM (busybox sh), started by
# `scripts/bench-p --vm`: `p EXPR` on the live kernel's /proc/kcore with its
# DWARF.  For each expression: R sessions of one `p` against R sessions of
# `echo` (the first p of a session: debug info, name index, kallsyms), and a
# session reading N `p` lines from its standard input (the REPL) against one
# with a single line (each further p).  Wall time from /proc/uptime (10 ms
# steps, hence the repetitions).  The guest runs under TCG, about ten times
# slower than hardware.

N=${1:-200}
R=10

uptime_cs() {
	read -r up _ < /proc/uptime
	echo "${up%.*}${up#*.}"
}
# centiseconds of R sessions reading FILE
sessions() {
	t0=$(uptime_cs)
	i=0
	while [ $i -lt "$2" ]; do
		kpdb -q < "$1" > /tmp/bench-p-out 2>&1
		i=$((i + 1))
	done
	echo $(($(uptime_cs) - t0))
}

echo "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, vmlinux $KPDB_VMLINUX"
echo "echo" > /tmp/bench-p-echo
t=$(uptime_cs)
kpdb -q < /tmp/bench-p-echo > /dev/null 2>&1
echo "p init_uts_ns.name.release" > /tmp/bench-p-one
kpdb -q < /tmp/bench-p-one > /dev/null 2>&1
echo "a session of echo, then the first session of p (builds the name index): $(($(uptime_cs) - t))0 ms"
e0=$(sessions /tmp/bench-p-echo $R)
printf '%-36s %12s %14s  %s\n' "p EXPR" "first (ms)" "further (ms)" "value"
for e in "init_uts_ns.name.release" "jiffies" "init_task.comm" "per_cpu(runqueues, 0).nr_running" \
	 "init_uts_ns"; do
	echo "p $e" > /tmp/bench-p-one
	: > /tmp/bench-p-many
	i=0
	while [ $i -lt "$N" ]; do
		echo "p $e" >> /tmp/bench-p-many
		i=$((i + 1))
	done
	t1=$(sessions /tmp/bench-p-one $R)
	value=$(head -n 1 /tmp/bench-p-out | cut -c 1-50)
	tn=$(sessions /tmp/bench-p-many 1)
	awk -v e="$e" -v e0="$e0" -v t1="$t1" -v tn="$tn" -v r="$R" -v n="$N" -v v="$value" 'BEGIN {
		first = (t1 - e0) * 10 / r
		further = (tn - t1 / r) * 10 / (n - 1)
		# below the 10 ms steps of the clock: 0
		printf "%-36s %12.1f %14.2f  %s\n", e, (first > 0 ? first : 0),
			(further > 0 ? further : 0), v
	}'
done
echo "kpdb start and echo: $(awk -v e0="$e0" -v r="$R" 'BEGIN { printf "%.1f", e0 * 10 / r }') ms"
exit 0
