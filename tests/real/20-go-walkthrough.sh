# SPDX-License-Identifier: GPL-2.0-or-later
# go -- PROGRAM streams the decoded hits of the walk-through's probes while
# kpdb runs the workload, in kpdb's hit format
# "[CPU] TIMESTAMP COMM-PID bpN FUNC: name=value ...".  The walk-through
# read the execve file name as bprm_execve's third argument (%dx) on 6.1;
# since 6.8 bprm_execve takes only bprm, so the script reads alloc_bprm's
# struct filename (%si), the same on both kernels.
need_cmd bp bl go

kp --batch -x "$SDIR/20-go-walkthrough.kpdb"
expect_rc 0
expect_out '^\[[0-9]+\] +[0-9.]+ +workload-[0-9]+ +bp1 +__sys_setuid: +[^ ]+=1000$'
expect_out '^\[[0-9]+\] .* bp2 +alloc_bprm: +[^ ]+="?/bin/echo"?$'
expect_out '^\[[0-9]+\] .* workload-[0-9]+ +bp3 +__sys_connect: +fam=2 port=23569 addr=16777343$'
expect_bl_hits 1 1
expect_bl_hits 3 1
