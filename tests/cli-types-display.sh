#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-types-display.sh - how ptype, info args and bp show C (issue 11,
# item 15), compared with what pahole and gdb print:
#   - a const array is "const unsigned char data[]", not "const const";
#   - a member that is a const function pointer is "void (*const handler)(int)"
#     and a typedef of a function pointer "typedef long int (*f)(...)";
#   - an unnamed struct member keeps its const, an array of unnamed structs
#     is expanded (plain and JSON), an empty one is a block too, and a
#     typedef of an unnamed struct is one declaration;
#   - a variadic function shows its "...";
#   - "offsetof struct X" (no member) is a usage error;
#   - unsigned char * and const unsigned char * are strings as char * is
#     (d_name.name), a u8 * (a typedef) stays a pointer.
# The fixture is compiled here (gcc, as the kernel is), its recipe below.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

command -v gcc >/dev/null 2>&1 || cli_skip "no gcc to compile the fixture"
# the fixture is not the running kernel: no build id to compare it with
mkdir -p "$cli_tmp/sys"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_CACHE=$cli_tmp/cache
export KPDB_SYS_DIR KPDB_CACHE

cat >"$cli_tmp/fx.c" <<'EOF'
/* the shapes of Linux 6.1's font_data, sysrq_key_op, sys_call_ptr_t,
 * vm_fault, assoc_array_edit, bpf_prog, atomic_t, qstr and _printk */
typedef unsigned char u8;
struct pt_regs { long di, si; };
typedef long (*sys_call_ptr_t)(const struct pt_regs *);
typedef struct { int counter; } atomic_t;
struct font_data { unsigned int extra[4]; const unsigned char data[]; };
struct op { void (*const handler)(int); const char *(*const name)(void); };
struct fault {
	const struct { void *vma; unsigned long pgoff; };
	int flags;
};
struct edit {
	long by;
	struct { void **ptr; void *to; } set[2];
	struct { } empty;
	atomic_t cnt;
};
struct qstr { unsigned int len; const unsigned char *name; };
struct dentry { struct qstr d_name; unsigned char d_iname[32]; u8 *data; };
struct font_data fd;
struct op op;
struct fault flt;
struct edit ed;
sys_call_ptr_t scp;
volatile int sink;

int __attribute__((noinline)) fx_printk(const char *fmt, ...)
{
	sink = fmt[0];
	return 0;
}

int __attribute__((noinline)) fx_dentry(struct dentry *d, const unsigned char *s, u8 *p)
{
	sink = d->d_name.len + s[0] + p[0];
	return 0;
}

int main(void)
{
	struct dentry d = { { 1, (const unsigned char *)"a" }, "b", 0 };
	u8 b = 0;

	d.data = &b;
	fx_printk("x");
	return fx_dentry(&d, (const unsigned char *)"c", &b);
}
EOF
fx=$cli_tmp/fx
gcc -g -gdwarf-5 -O2 -fno-lto -o "$fx" "$cli_tmp/fx.c" 2>"$cli_tmp/cc.err" ||
	{ cat "$cli_tmp/cc.err"; cli_skip "gcc cannot build the fixture"; }

# ptype TITLE TYPE EXPECTED
ptype()
{
	cli_run -q -n -k "$fx" --batch -ex "ptype $2"
	cli_expect "$1: no error" 0 "" || return
	cli_same "$1" "$(cat "$cli_out")" "$3"
}

ptype "a const array is const once" "struct font_data" "struct font_data {
	unsigned int               extra[4];         /*     0    16 */
	const unsigned char        data[];           /*    16     0 */

	/* size: 16, cachelines: 1, members: 2 */
};"

ptype "const function pointer members: the name inside" "struct op" "struct op {
	void                       (*const handler)(int); /*     0     8 */
	const char *               (*const name)(void); /*     8     8 */

	/* size: 16, cachelines: 1, members: 2 */
};"

ptype "a typedef of a function pointer: the name inside" "sys_call_ptr_t" \
	"typedef long int (*sys_call_ptr_t)(const struct pt_regs *);	/* size: 8 */"

ptype "an unnamed const struct keeps its const" "struct fault" "struct fault {
	const struct {
		void *             vma;              /*     0     8 */
		long unsigned int  pgoff;            /*     8     8 */
	};                                           /*     0    16 */
	int                        flags;            /*    16     4 */

	/* padding: 4 */

	/* size: 24, cachelines: 1, members: 2 */
};"

ptype "arrays of unnamed structs and empty ones are expanded" "struct edit" "struct edit {
	long int                   by;               /*     0     8 */
	struct {
		void **            ptr;              /*     8     8 */
		void *             to;               /*    16     8 */
	} set[2];                                    /*     8    32 */
	struct {
	} empty;                                     /*    40     0 */
	atomic_t                   cnt;              /*    40     4 */

	/* padding: 4 */

	/* size: 48, cachelines: 1, members: 4 */
};"

ptype "a typedef of an unnamed struct is one declaration" "atomic_t" "typedef struct {
	int                        counter;          /*     0     4 */

	/* size: 4, cachelines: 1, members: 1 */
} atomic_t;"

cli_run -q -n -j -k "$fx" --batch -ex "ptype struct edit"
cli_same "JSON: the members of set[2] follow it one level deeper" \
	"$(grep -o '{"name":"[a-z]*","type":"[^"]*","offset":[0-9]*,"size":[0-9]*,"depth":[0-9]}' \
		"$cli_out")" \
'{"name":"by","type":"long int","offset":0,"size":8,"depth":0}
{"name":"set","type":"struct {...}[2]","offset":8,"size":32,"depth":0}
{"name":"ptr","type":"void **","offset":8,"size":8,"depth":1}
{"name":"to","type":"void *","offset":16,"size":8,"depth":1}
{"name":"empty","type":"struct {...}","offset":40,"size":0,"depth":0}
{"name":"cnt","type":"atomic_t","offset":40,"size":4,"depth":0}'

# ---- info args, offsetof --------------------------------------------------------
cli_run -q -n -k "$fx" --batch -ex "info args fx_printk"
cli_expect "info args of a variadic function: no error" 0 "" &&
	cli_same "info args of a variadic function shows its ..." \
		"$(head -n 1 "$cli_out" | sed 's|/\* .*/fx.c:|/* fx.c:|')" \
		"int fx_printk(fmt, ...)	/* fx.c:28 */"
cli_run -q -n -j -k "$fx" --batch -ex "info args fx_printk" -ex "info args fx_dentry"
cli_same "JSON: variadic true and false" "$(grep -o '"variadic":[a-z]*' "$cli_out")" \
	'"variadic":true
"variadic":false'

cli_run -q -n -k "$fx" --batch -ex "offsetof struct edit"
cli_expect "offsetof with a type and no member is a usage error" 1 \
	"error: usage: offsetof [MOD:]TYPE MEMBER[.MEMBER|[N]]..." "" &&
	cli_ok "offsetof with a type and no member is a usage error"
cli_run -q -n -k "$fx" --batch -ex "offsetof struct edit set[1].to"
cli_expect "offsetof into an array of unnamed structs" 0 "" \
	"offsetof(struct edit, set[1].to) = 32 (0x20), size 8, void *" &&
	cli_ok "offsetof into an array of unnamed structs"

# ---- strings ----------------------------------------------------------------------
cli_run -q -n -k "$fx" --batch -ex "bp -n d fx_dentry d->d_name.name s p d->d_iname d->data"
cli_expect "unsigned char * is a string: no error" 0 "" &&
	cli_same "(const) unsigned char * and unsigned char[] are strings, u8 * a pointer" \
		"$(sed 's/kpdb_[0-9]*/kpdb_PID/' "$cli_out")" \
		"p:kpdb_PID/d fx_dentry name=+0(+8(%di)):string s=+0(%si):string p=%dx:x64 \
d_iname=+16(%di):string data=+48(%di):x64"

cli_done
