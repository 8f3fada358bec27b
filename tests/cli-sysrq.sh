#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-sysrq.sh - sysrq through kpdb on a fake proc directory (--proc-dir)
# and a fake kernel log ($KPDB_KMSG): the key list under several masks, the
# refusal of destructive keys in --batch, -y, the confirmation read from
# standard input, and the log lines a key produced (written by a stand-in
# kernel that watches sysrq-trigger).

: "${KPDB:=./kpdb}"

if ! "$KPDB" --list-cmds 2>/dev/null | grep -qx sysrq; then
	echo "SKIP: this kpdb has no 'sysrq' command (commands/system.c not in the dispatcher)"
	exit 77
fi

W=$(mktemp -d /tmp/kpdb-cli-sysrq.XXXXXX) || exit 1
trap 'kill $BG 2>/dev/null; rm -rf "$W"' EXIT INT TERM
BG=
fails=0
P=$W/proc
mkdir -p "$P/sys/kernel"
KPDB_KMSG=$W/kmsg
export KPDB_KMSG

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

reset() {
	echo "$1" > "$P/sys/kernel/sysrq"
	: > "$P/sysrq-trigger"
	echo "6,1,1000000,-;an old message" > "$KPDB_KMSG"
}

kp() {
	"$KPDB" -q --proc-dir "$P" "$@" > "$W/out" 2> "$W/err"
}

# --- the list: 0x1b6 (Debian's default) has no dump or signal group ---------------
reset 438
kp --batch -ex sysrq
[ $? -eq 0 ] || fail "sysrq list: $(cat "$W/err")"
grep -q '^sysrq mask 0x1b6 in .*/sys/kernel/sysrq: enabled per group$' "$W/out" ||
	fail "list header: $(head -1 "$W/out")"
grep -q '^s    yes  sync ' "$W/out" || fail "list: s should be allowed"
grep -q '^m    no   show-memory-usage ' "$W/out" || fail "list: m should be denied"
grep -q '^0-9  yes  loglevel ' "$W/out" || fail "list: loglevel"
grep -q '^b    yes  reboot .*\[asks first\]$' "$W/out" || fail "list: b is destructive"
grep -q '^h    yes  help ' "$W/out" || fail "list: h"
reset 1
kp --batch -ex sysrq
grep -c '^[a-z0-9-]* *no ' "$W/out" | grep -qx 0 || fail "mask 1 allows every key"
reset 0
kp --batch -ex sysrq
grep -c '^[a-z0-9-]* *yes ' "$W/out" | grep -qx 0 || fail "mask 0 allows no key"
if command -v jq > /dev/null; then
	reset 16
	kp --batch -j -ex sysrq
	jq -c . "$W/out" > /dev/null || fail "sysrq -j: not JSON Lines"
	[ "$(jq -r 'select(.key == "s") | .allowed' "$W/out")" = true ] || fail "-j: s"
	[ "$(jq -r 'select(.key == "t") | .allowed' "$W/out")" = false ] || fail "-j: t"
	[ "$(jq -r 'select(.key == "c") | .destructive' "$W/out")" = true ] || fail "-j: c"
fi

# --- destructive keys: refused in --batch, sent with -y ------------------------------
reset 438
kp --batch -ex 'sysrq b'
[ $? -eq 1 ] || fail "sysrq b in --batch must fail"
grep -q "sysrq 'b' (reboot) is destructive: refused in --batch without -y" "$W/err" ||
	fail "refusal message: $(cat "$W/err")"
[ -s "$P/sysrq-trigger" ] && fail "sysrq b was written in --batch"
kp --batch -y -ex 'sysrq b'
[ $? -eq 0 ] || fail "-y sysrq b: $(cat "$W/err")"
[ "$(cat "$P/sysrq-trigger")" = b ] || fail "-y sysrq b did not write 'b'"
grep -q "sysrq 'b' sent; the kernel logged nothing" "$W/out" || fail "-y b: $(cat "$W/out")"
reset 438
kp --batch -ex 'sysrq -y o'
[ "$(cat "$P/sysrq-trigger")" = o ] || fail "sysrq -y o did not write 'o'"

# --- confirmation from standard input (no --batch) -------------------------------------
reset 438
printf 'sysrq u\nn\necho after\n' | "$KPDB" -q --proc-dir "$P" > "$W/out" 2> "$W/err"
grep -q "sysrq 'u' (unmount) will .*: really? \[y/N\]" "$W/err" || fail "no question: $(cat "$W/err")"
grep -q "sysrq 'u' not sent" "$W/err" || fail "'n' must not send: $(cat "$W/err")"
[ -s "$P/sysrq-trigger" ] && fail "'n' wrote the key"
grep -qx after "$W/out" || fail "the script did not go on after the answer"
reset 438
printf 'sysrq u\ny\n' | "$KPDB" -q --proc-dir "$P" > "$W/out" 2> "$W/err"
[ "$(cat "$P/sysrq-trigger")" = u ] || fail "'y' did not send: $(cat "$W/err")"

# --- a key's log lines: only the new ones, as the stand-in kernel writes them ------------
reset 438
(
	i=0
	while [ ! -s "$P/sysrq-trigger" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	printf '6,2,3500123,-;sysrq: HELP : loglevel(0-9) reboot(b) show-memory-usage(m)\n' >> "$KPDB_KMSG"
	printf ' SUBSYSTEM=tty\n' >> "$KPDB_KMSG"
) &
BG=$!
kp --batch -ex 'sysrq h'
rc=$?
wait $BG
BG=
[ $rc -eq 0 ] || fail "sysrq h: $(cat "$W/err")"
[ "$(cat "$P/sysrq-trigger")" = h ] || fail "sysrq h did not write 'h'"
cat > "$W/exp" <<'EOF'
[    3.500123] sysrq: HELP : loglevel(0-9) reboot(b) show-memory-usage(m)
EOF
diff -u "$W/exp" "$W/out" || fail "sysrq h output"

# a key the mask denies is sent anyway (root's trigger ignores the mask), with a note
reset 438
kp --batch -ex 'sysrq m'
grep -q "note: the mask 0x1b6 disables 'm' for the keyboard" "$W/out" || fail "no note for m"
[ "$(cat "$P/sysrq-trigger")" = m ] || fail "sysrq m not written"

# a record of several lines ('sysrq m'): /dev/kmsg writes its newlines as \x0a
reset 1
(
	i=0
	while [ ! -s "$P/sysrq-trigger" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	printf '6,3,3600000,-;Mem-Info:\\x0aactive_anon:12 inactive_anon:3\\x0afree:99 \\x5c done\n' >> "$KPDB_KMSG"
) &
BG=$!
kp --batch -ex 'sysrq m'
wait $BG
BG=
cat > "$W/exp" <<'EOF'
[    3.600000] Mem-Info:
               active_anon:12 inactive_anon:3
               free:99 \ done
EOF
diff -u "$W/exp" "$W/out" || fail "sysrq m: a record of several lines"

# --- the keys this kernel has: their sysrq_key_op in kallsyms ---------------------------
# (d needs LOCKDEP, g kgdb: Debian's cloud kernels have neither; without a
# kallsyms that shows sysrq ops, as above, every key is listed)
reset 438
printf '%s\n' 'ffffffff82a0 d sysrq_sync_op' 'ffffffff82b0 d sysrq_showmem_op' \
	'ffffffff82c0 d sysrq_reboot_op' 'ffffffff82d0 t sysrq_handle_sync' > "$P/kallsyms"
kp --batch -ex sysrq
grep -q '^s    yes  sync ' "$W/out" || fail "kallsyms: s is there"
grep -q '^h    yes  help ' "$W/out" || fail "kallsyms: h is always there"
grep -q '^d ' "$W/out" && fail "kallsyms: this kernel has no d"
grep -q '^g ' "$W/out" && fail "kallsyms: this kernel has no g"
kp --batch -ex 'sysrq d'
[ $? -eq 1 ] && grep -q "this kernel has no sysrq 'd' (show-all-locks): no sysrq_showlocks_op in kallsyms" "$W/err" ||
	fail "sysrq d on a kernel without it: $(cat "$W/err")"
[ -s "$P/sysrq-trigger" ] && fail "sysrq d was written"
rm "$P/kallsyms"

# --- errors -------------------------------------------------------------------------------
kp --batch -ex 'sysrq x'
grep -q "'x' is not a sysrq key" "$W/err" || fail "bad key: $(cat "$W/err")"
kp --batch -ex 'sysrq a b'
grep -q "usage: sysrq" "$W/err" || fail "two keys: $(cat "$W/err")"
rm "$P/sys/kernel/sysrq"
kp --batch -ex 'sysrq'
[ $? -eq 1 ] && grep -q "CONFIG_MAGIC_SYSRQ" "$W/err" || fail "no sysrq file: $(cat "$W/err")"

[ $fails -eq 0 ] || exit 1
echo "cli-sysrq: all passed"
