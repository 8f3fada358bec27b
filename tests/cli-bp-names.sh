#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-bp-names.sh - the names kpdb chooses and the names its messages use,
# through the real binary (issue 11):
#   - an automatic event name bpN never collides with one a `-n` took: the
#     breakpoint number moves on with it, so bpN always names breakpoint N
#     (a `bp -n bp2` used to make every later plain `bp` fail);
#   - an automatic argument name is cut only where the kernel's 32
#     characters require it;
#   - `if` knows the hit's own comm and pid, and an error never names an
#     argument the user did not write (the f1 made up for a filter).
# Live runs use the FUSE fake tracefs (skipped where it cannot be mounted);
# the rest are dry runs on the DWARF fixture.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

cli_fixture

# ---- automatic event names, live --------------------------------------------
if command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable; then
	funcs=$cli_tmp/funcs
	printf '%s\n' __sys_connect tcp_sendmsg do_sys_openat2 __x64_sys_setuid >"$funcs"
	tfs=$cli_tmp/tfs
	log=$cli_tmp/log
	faketfs_mount "$tfs" "$log" --functions "$funcs" || exit 99

	cli_run -q --tracing-dir "$tfs" --batch -ex 'bp -n bp2 __sys_connect %si' \
		-ex 'bp tcp_sendmsg %dx' -ex 'bp do_sys_openat2 %di' \
		-ex 'bp -n bp5 __x64_sys_setuid %di:u32' -ex 'bp tcp_sendmsg %cx' -ex 'bl'
	cli_expect "bp after 'bp -n bp2': no error" 0 "" && cli_ok "bp after 'bp -n bp2': no error"
	cli_same "bp after 'bp -n bp2': numbers follow the free names" "$(cat "$cli_out")" \
"Breakpoint 1 at __sys_connect
Breakpoint 3 at tcp_sendmsg
Breakpoint 4 at do_sys_openat2
Breakpoint 5 at __x64_sys_setuid
Breakpoint 6 at tcp_sendmsg
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 __sys_connect            si=%si
3    kprobe    y        0      0 tcp_sendmsg              dx=%dx
4    kprobe    y        0      0 do_sys_openat2           di=%di
5    kprobe    y        0      0 __x64_sys_setuid         di=%di:u32
6    kprobe    y        0      0 tcp_sendmsg              cx=%cx"
	cli_same "bp after 'bp -n bp2': the events written" \
		"$(faketfs_probe_writes "$log" | grep '^p:' | sed 's/kpdb_[0-9]*/kpdb_PID/')" \
"p:kpdb_PID/bp2 __sys_connect si=%si\\n
p:kpdb_PID/bp3 tcp_sendmsg dx=%dx\\n
p:kpdb_PID/bp4 do_sys_openat2 di=%di\\n
p:kpdb_PID/bp5 __x64_sys_setuid di=%di:u32\\n
p:kpdb_PID/bp6 tcp_sendmsg cx=%cx\\n"
	cli_same "bp after 'bp -n bp2': all removed at exit" "$(cat "$tfs/kprobe_events")" ""

	# the hit's comm and pid are fields of every event's filter: the kernel takes them
	: >"$log"
	cli_run -q --tracing-dir "$tfs" --batch \
		-ex 'bp tcp_sendmsg %dx if comm == "cat" && pid != 1'
	cli_expect "if comm and pid, live" 0 "" "Breakpoint 1 at tcp_sendmsg" &&
		cli_ok "if comm and pid, live: set"
	cli_same "if comm and pid, live: the filter written" \
		"$(grep '/filter	' "$log" | sed 's/kpdb_[0-9]*/kpdb_PID/g')" \
		"instances/kpdb_PID/events/kpdb_PID/bp1/filter	comm == \"cat\" && common_pid != 1"

	# an explicit name that is taken is still refused, and costs no number
	: >"$log"
	cli_run -q --tracing-dir "$tfs" --batch -ex 'bp tcp_sendmsg' -ex 'bp -n bp1 __sys_connect' \
		-ex 'bp __sys_connect'
	cli_expect "bp -n of a taken name" 1 \
		"error: a probe named 'bp1' already exists (breakpoint 1)" \
		"Breakpoint 1 at tcp_sendmsg
Breakpoint 2 at __sys_connect" && cli_ok "bp -n of a taken name: refused, the next bp is 2"
else
	echo "# the FUSE fake tracefs cannot be mounted here: live runs skipped"
fi

# ---- automatic event names, dry runs, inlined sites --------------------------
# fx_inl has three inlined sites: one breakpoint 2 (bp2, bp2_1, bp2_2); bp3 is
# taken, so the next is 4
cli_run -q -j -n -k "$fx" --batch -ex 'bp -n bp3 fx_connect fd' -ex 'bp fx_inl v' \
	-ex 'bp fx_connect fd'
cli_expect "inlined sites skip a taken name" 0 "" && cli_ok "inlined sites skip a taken name"
cli_same "inlined sites skip a taken name: numbers and names" \
	"$(sed 's/^{"bp":\([0-9]*\),"name":"\([^"]*\)".*"sites":\([0-9]*\).*/\1 \2 \3 sites/; s/^{"bp":\([0-9]*\),"name":"\([^"]*\)".*/\1 \2/' "$cli_out")" "1 bp3
2 bp2 3 sites
4 bp4"

# ---- automatic argument names: cut only what the kernel's 32 characters need
a1=@sysctl_icmp_echo_enable_probe:u8 a2=@sysctl_tcp_fastopen_blackhole_timeout_sec:u32
cli_run -q -n --batch -ex "bp do_sys_openat2 $a1 $a1 $a2"
cli_expect "argument names: no error" 0 "" && cli_ok "argument names: no error"
cli_same "argument names: kept whole when they fit, cut past 32" \
	"$(sed 's/kpdb_[0-9]*/kpdb_PID/' "$cli_out")" \
	"p:kpdb_PID/bp1 do_sys_openat2 \
sysctl_icmp_echo_enable_probe=@sysctl_icmp_echo_enable_probe:u8 \
sysctl_icmp_echo_enable_probe_2=@sysctl_icmp_echo_enable_probe:u8 \
sysctl_tcp_fastopen_blackhole_ti=@sysctl_tcp_fastopen_blackhole_timeout_sec:u32"

# ---- filters on the hit's own comm and pid ------------------------------------
# dry TITLE STATUS STDERR STDOUT ARG...: a dry run, its output pid-normalized
dry()
{
	d_t=$1 d_st=$2 d_e=$3 d_o=$4
	shift 4
	cli_run -q -n --batch "$@"
	if cli_expect "$d_t" "$d_st" "$d_e"; then
		cli_same "$d_t" "$(sed 's/kpdb_[0-9]*/kpdb_PID/' "$cli_out")" "$d_o"
	fi
}

dry "if comm == \"cat\"" 0 "" "p:kpdb_PID/bp1 fx_connect fd=%di:s32
# filter bp1: comm == \"cat\"" \
	-k "$fx" -ex 'bp fx_connect fd if comm == "cat"'
dry "if pid and an argument" 0 "" "p:kpdb_PID/bp1 fx_connect fd=%di:s32
# filter bp1: common_pid == 42 && fd == 3" \
	-k "$fx" -ex 'bp fx_connect fd if pid == 42 && fd == 3'
dry "if comm ~ GLOB || pid" 0 "" "p:kpdb_PID/bp1 fx_connect
# filter bp1: comm ~ \"ca*\" || common_pid != 1" \
	-k "$fx" -ex 'bp fx_connect if comm ~ ca* || pid != 1'
dry "an argument named pid comes first" 0 "" "p:kpdb_PID/bp1 fx_connect pid=%di:s32
# filter bp1: pid == 4" \
	-k "$fx" -ex 'bp fx_connect pid=fd if pid == 4'
dry "comm needs no debug info" 0 "" "p:kpdb_PID/bp1 do_sys_openat2 di=%di
# filter bp1: comm == \"cat\"" \
	-ex 'bp do_sys_openat2 %di if comm == "cat"'

# ---- errors name what the user wrote ------------------------------------------
dry "unknown name in a filter: no f1" 1 \
	"error: filter 'nosuch': no parameter 'nosuch' in 'fx_connect'" "" \
	-k "$fx" -ex 'bp fx_connect fd if nosuch == 1'
dry "unknown member in a filter: no f1" 1 \
	"error: filter 'uservaddr->nosuch': no member 'nosuch' in 'struct fx_sockaddr'" "" \
	-k "$fx" -ex 'bp fx_connect fd if fd == 1 && uservaddr->nosuch == 1'
dry "a bad value for a hidden field: no f1" 1 "error: filter: bad number 'abc' for '%si'" "" \
	-k "$fx" -ex 'bp fx_connect fd if %si == abc'
dry "a string compared with <" 1 \
	"error: filter: '<' does not compare strings ('comm' is a string): use ==, != or ~" "" \
	-k "$fx" -ex 'bp fx_connect fd if comm < 4'

cli_done
