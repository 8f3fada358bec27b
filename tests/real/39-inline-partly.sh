# SPDX-License-Identifier: GPL-2.0-or-later
# A function with a symbol and inlined copies is probed at all of them, as
# perf probe does: dev_queue_xmit is inlined in neigh_hh_output,
# ip_finish_output2, arp_xmit, ... (13 copies in 6.1; its out-of-line copy
# there is a notrace stub the kernel refuses, left out and said so; 6.12
# has no symbol for it).  A TCP
# connect to a closed port on loopback sends through it: hits with
# skb->len.  -S probes the symbol only.  Then kfree_skb, inlined at 469
# places in 6.1, is set and cleared, timed, with nothing left behind.
need_cmd bp go bl bc
need_dwarf

kp --batch -ex 'bp dev_queue_xmit len=skb->len' \
	-ex 'go -n 2 -t 60 -- workload -n 1 connect 127.0.0.1 4444' -ex bl -ex 'bl -v 1'
expect_rc 0
expect_out '^Breakpoint 1 at dev_queue_xmit: (1 symbol \+ )?[0-9]+ inlined sites$'
expect_out ' bp1(_[0-9]+)? +[a-z0-9_]+(\+0x[0-9a-f]+)?: +len=[0-9]+$'
expect_out '^1 +kprobe +y +[1-9][0-9]* +0 +dev_queue_xmit \([0-9]+ sites\) +len=skb->len$'
expect_out '^1\.2 +kprobe +y +[0-9]+ +[0-9]+ +dev_queue_xmit@'
expect_clean
note "dev_queue_xmit: $(sed -n 's/^Breakpoint 1 at //p' out)"

# hist and bt act on all its probes: one table, the sites' rows added up
kp --batch -ex 'bp dev_queue_xmit len=skb->len' -ex 'hist 1 by comm' -ex 'bt 1 on' \
	-ex 'go -t 30 -- workload -n 3 connect 127.0.0.1 4444' -ex 'hist 1' -ex 'hist 1 off'
expect_rc 0
wl_hits=$(awk '$1 == "workload" && $3 ~ /^\|@/ { print $2; exit }' out)
[ "${wl_hits:-0}" -ge 3 ] || fail "workload's row has ${wl_hits:-no} hits, expected >= 3"
expect_count 1 '^workload '
expect_out '^Breakpoint 1: histogram removed$'
expect_clean

kp --batch -ex 'bp -S dev_queue_xmit %di' -ex bl
if [ "$rc" -eq 0 ]; then
	expect_out '^Breakpoint 1 at dev_queue_xmit$'
	expect_out "also inlined at [0-9]+ sites, which this breakpoint does not probe \(-S\)"
elif grep -q 'always inlined' err; then
	# 6.12: no symbol at all
	expect_out "'dev_queue_xmit' is always inlined: it has no symbol for -S to probe" err
else
	# 6.1: the symbol is a notrace stub; the kernel's reason, and what to probe
	expect_out "'dev_queue_xmit' is a notrace function" err
	expect_out "probe '__dev_queue_xmit' instead" err
fi
expect_clean

# dry runs against perf's choices (scripts/crosscheck-perf): a copy inside
# the function's own code is the call its symbol sees (consume_skb has one
# in 6.1), not a site; a wrapper's parameter GCC dropped from its copy is
# fetched from the callee's copy at the same address (kfree_skb_list's segs
# in kfree_skb_list_reason's, in skb_release_data: %bx, as perf finds it)
kp -n --batch -ex 'bp consume_skb skb->len' -ex 'bp kfree_skb_list segs'
expect_rc 0
expect_no_out ' consume_skb\+[0-9]+ '
case $(uname -r) in
6.1.*)	expect_out '/bp2(_[0-9]+)? skb_release_data\+282 segs=%bx:x64$' ;;
esac

# many sites: one bp, timed; the kernel takes them all, bc takes them back
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
t0=$(ms)
kp --batch -ex 'bp kfree_skb' -ex 'info probes' > /dev/null
t1=$(ms)
expect_rc 0
expect_out '^Breakpoint 1 at kfree_skb: [0-9]+ inlined sites$'
written=$(grep -c ':kpdb_[0-9]*/bp1' out)
note "kfree_skb: $(sed -n 's/^Breakpoint 1 at //p' out); $written probes; set, listed and cleared at exit in $((t1 - t0)) ms"
[ "$written" -gt 300 ] || fail "only $written probes for kfree_skb"
expect_clean
