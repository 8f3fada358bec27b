# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Not a test: run by `scripts/test-real-kernel --capture-raw-events DIR` to
# record what the kernel's ring buffer really holds for kpdb-style probes, as
# fixtures for the event decoder's unit tests (tests/fixtures/raw-events/).
# The probes are written the way kpdb writes them: group and instance
# kpdb_4242, events bp1 (kprobe) and bp2 (kretprobe), enabled only in the
# instance.  Everything goes to $WORK/export, which the runner sends to the
# host.

G=kpdb_4242
I=$T/instances/$G
mkdir -p export

echo "p:$G/bp1 __sys_connect fd=%di:s32 fam=+0(%si):u16 port=+2(%si):u16 addr=+4(%si):u32 addr6=+8(%si):u8[16] len=%dx:s32 comm=\$comm:string" >> $T/kprobe_events ||
	fail "bp1 rejected: $(tail -n 3 $T/error_log)"
echo "r:$G/bp2 __sys_connect ret=\$retval:s64" >> $T/kprobe_events ||
	fail "bp2 rejected: $(tail -n 3 $T/error_log)"
mkdir "$I"
echo 1 > "$I/events/$G/enable"

workload -n 3 connect 127.0.0.1 4444
workload connect ::1 4445
workload connect-unix /tmp/kpdb-fixture.sock

echo 0 > "$I/events/$G/enable"
cp "$I/trace" export/trace.txt
# One read returns one page, partial pages included; the buffer now holds
# only these ten events, all on cpu0 (the VM has one CPU).
timeout 10 dd if="$I/per_cpu/cpu0/trace_pipe_raw" of=export/cpu0.page bs=4096 count=1 ||
	fail "reading trace_pipe_raw failed"
cp "$T/events/$G/bp1/format" export/bp1.format
cp "$T/events/$G/bp2/format" export/bp2.format
cp "$T/events/header_page" export/header_page
cp "$T/events/header_event" export/header_event
grep "$G" $T/kprobe_events > export/kprobe_events
# __probe_ip and __probe_func are addresses under KASLR: the symbols they
# fall in, and the pid -> comm table the text trace used.
grep -E ' (__sys_connect|__x64_sys_connect)$' /proc/kallsyms > export/kallsyms
cp $T/saved_cmdlines export/saved_cmdlines
{
	echo "kernel: $(uname -r) $(uname -v)"
	echo "nr_cpus: $(grep -c ^processor /proc/cpuinfo)"
	echo "trace_clock: $(cat "$I/trace_clock")"
	echo "page_size: $(getconf PAGESIZE 2>/dev/null || echo 4096)"
	echo "cpu0.page bytes: $(wc -c < export/cpu0.page)"
} > export/INFO
show export/trace.txt
cat export/INFO

rmdir "$I"
echo "-:$G/bp1" >> $T/kprobe_events
echo "-:$G/bp2" >> $T/kprobe_events
