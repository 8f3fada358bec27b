# SPDX-License-Identifier: GPL-2.0-or-later
# Oracle for the kpdb scenarios, without kpdb: the raw fetchargs they type
# (setuid, execve in kernel and user memory, IPv6 and unix sockaddrs) are
# accepted by this kernel and fetch what the workload used; the definitions
# they expect rejected are rejected, with the error_log reason they check.

def() {
	echo "$1" >> $T/kprobe_events || fail "rejected: $1: $(tail -n 2 $T/error_log | head -n 1)"
}

def 'p:kphand/setuid __sys_setuid uid=%di:u32'
def 'p:kphand/bprm alloc_bprm name=+0(+0(%si)):string'
def 'p:kphand/execve __x64_sys_execve file=+0(+112(%di)):ustring argv1=+0(+u8(+104(%di))):ustring'
def 'p:kphand/conn6 __sys_connect fam=+0(%si):u16 port=+2(%si):u16 a0=+u8(%si):x32 a3=+u20(%si):x32'
def 'p:kphand/connu __sys_connect fam=+0(%si):u16 path=+2(%si):string'
mkdir $T/instances/kphand
echo 1 > $T/instances/kphand/events/kphand/enable

workload setuid 1000
workload exec /bin/echo hello-execve
workload connect ::1 4445
workload connect-unix /tmp/kpdb-test.sock

echo 0 > $T/instances/kphand/events/kphand/enable
cat $T/instances/kphand/trace > trace
show trace
expect_out 'setuid: \(__sys_setuid\+0x[04]/0x[0-9a-f]+\) uid=1000$' trace
expect_out 'bprm: \(alloc_bprm\+0x[04]/0x[0-9a-f]+\) name="/bin/echo"$' trace
expect_out 'execve: .* file="/bin/echo" argv1="hello-execve"$' trace
# 4445 in network order is 23825; ::1 is 0...01
expect_out 'conn6: .* fam=10 port=23825 a0=0x0 a3=0x1000000$' trace
expect_out 'connu: .* fam=1 path="/tmp/kpdb-test.sock"$' trace

rmdir $T/instances/kphand
for e in setuid bprm execve conn6 connu; do
	echo "-:kphand/$e" >> $T/kprobe_events
done

# What the kernel says about definitions kpdb must report rejected.
: > $T/error_log
if echo 'p:kphand/bad __sys_connect+1' >> $T/kprobe_events 2> /dev/null; then
	fail "a probe inside an instruction was accepted"
fi
cat $T/error_log
expect_out 'not an instruction boundary|Invalid|Failed' $T/error_log
if echo 'p:kphand/bad2 kpdb_no_such_function' >> $T/kprobe_events 2> /dev/null; then
	fail "a probe on a missing symbol was accepted"
fi
cat $T/error_log
if grep -q kphand $T/kprobe_events; then
	fail "kphand probes still defined"
fi
