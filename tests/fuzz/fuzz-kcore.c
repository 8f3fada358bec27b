// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-kcore.c - `p` and `md`'s reader path on fuzzed memory: a core file
 * read by kcore.c as it reads /proc/kcore (ELF header, program headers,
 * PT_LOAD segments), and a C expression evaluated over it with the types and
 * globals of the DWARF fixture (tests/fixtures/dwarf-fx-O2), as `p` does.
 *
 * The input is the expression, a newline, then the core file's bytes; an
 * expression starting with "/x " is printed as p/x prints it.  Memory is
 * whatever the input says: pointers that lead anywhere, strings without an
 * end, segments that overlap, lie past the file or wrap around.  The seeds
 * (make-seeds) are the unit tests' core (tests/test-kcore --write, a struct
 * fx_sock at the fixture's fx_global_sock) and hand-made cores.
 *
 * Invariants beyond memory safety:
 * - a core or an expression that is refused says why;
 * - a printed value and its type are one line of printable ASCII: memory
 *   holds what anyone wrote there (a task's comm, a file name), and it
 *   reaches the terminal only escaped;
 * - reading is the same in one piece and byte by byte (as md reads 16 bytes
 *   where p reads 1): a read succeeds whole exactly when every byte of it
 *   does, with the same bytes, across segment boundaries too; a read that
 *   would wrap around the top of the address space fails.
 *
 * The core is written to a memfd and opened by its /proc/self/fd path;
 * kallsyms is a file of the target's own naming one symbol DWARF does not
 * know (at 0x7000000, where the seeds map a string), as jiffies is.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz-fixture.h"
#include "kcore.h"
#include "resolver.h"

#define MAX_INPUT	(1 << 20)
#define READ_LEN	48

static struct kpdb_dwarf *dw;
static int memfd = -1;
static char core_path[64], proc_dir[64];

static void cleanup(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/kallsyms", proc_dir);
	unlink(path);
	rmdir(proc_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char buf[4096];
	FILE *f;

	dw = fuzz_fixture_open("fuzz-kcore");
	memfd = memfd_create("fuzz-kcore", MFD_CLOEXEC);
	if (memfd < 0) {
		perror("fuzz-kcore: memfd_create");
		exit(1);
	}
	snprintf(core_path, sizeof(core_path), "/proc/self/fd/%d", memfd);
	snprintf(proc_dir, sizeof(proc_dir), "/tmp/kpdb-fuzz-kcore.%d", (int)getpid());
	mkdir(proc_dir, 0700);
	snprintf(buf, sizeof(buf), "%s/kallsyms", proc_dir);
	f = fopen(buf, "w");
	if (!f) {
		perror(buf);
		exit(1);
	}
	fputs("0000000007000000 D fx_kallsyms_only\n", f);
	fclose(f);
	atexit(cleanup);
	return 0;
}

static void check_printable(const char *s, const char *what, const char *expr)
{
	for (const char *c = s; *c; c++)
		FUZZ_CHECK((unsigned char)*c >= ' ' && (unsigned char)*c < 0x7f,
			   "p %s: %s has byte 0x%02x: '%s'", expr, what, (unsigned char)*c, s);
}

/* One read of the whole range against READ_LEN reads of one byte. */
static void check_reads(struct kpdb_kcore *kc, uint64_t addr)
{
	unsigned char whole[READ_LEN], bytes[READ_LEN];
	bool all = true;
	int ret;

	ret = kpdb_kcore_read(kc, addr, whole, sizeof(whole));
	if (addr + (READ_LEN - 1) < addr) {
		FUZZ_CHECK(ret < 0, "reading %d bytes at %#llx wraps around, and works",
			   READ_LEN, (unsigned long long)addr);
		return;
	}
	for (size_t i = 0; i < sizeof(bytes); i++)
		if (kpdb_kcore_read(kc, addr + i, bytes + i, 1) < 0)
			all = false;
	FUZZ_CHECK((ret == 0) == all, "reading %d bytes at %#llx %s, byte by byte %s",
		   READ_LEN, (unsigned long long)addr, ret ? "fails" : "works",
		   all ? "works" : "fails");
	if (ret == 0)
		FUZZ_CHECK(!memcmp(whole, bytes, sizeof(whole)),
			   "%d bytes at %#llx differ read whole and byte by byte", READ_LEN,
			   (unsigned long long)addr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_print_opts opts = { 0 };
	struct kpdb_err err = { "" };
	struct kpdb_kcore *kc = NULL;
	struct kpdb_value v;
	const uint8_t *nl;
	char *text, *expr;
	size_t elen;

	if (size > MAX_INPUT)
		return 0;
	if (memfd < 0)
		LLVMFuzzerInitialize(NULL, NULL);
	nl = memchr(data, '\n', size);
	elen = nl ? (size_t)(nl - data) : size;
	text = fuzz_cstr(data, elen);
	expr = text;
	if (!strncmp(expr, "/x ", 3)) {
		opts.hex = true;
		expr += 3;
	}
	if (ftruncate(memfd, 0) < 0)
		abort();
	if (nl && size > elen + 1 &&
	    pwrite(memfd, nl + 1, size - elen - 1, 0) != (ssize_t)(size - elen - 1))
		abort();
	if (kpdb_kcore_open(core_path, &kc, &err) < 0) {
		FUZZ_CHECK(err.msg[0], "a core refused without a message");
		kc = NULL;
		err.msg[0] = '\0';
	}
	if (kpdb_value_eval(dw, kc, proc_dir, expr, &opts, &v, &err) < 0) {
		FUZZ_CHECK(err.msg[0], "p %s failed without a message", expr);
	} else {
		FUZZ_CHECK(v.text, "p %s: no text", expr);
		check_printable(v.text, "the value", expr);
		check_printable(v.type, "the type", expr);
		/* what md reads for this expression */
		if (kc)
			check_reads(kc, v.has_addr ? v.addr : v.ival);
		kpdb_value_free(&v);
	}
	kpdb_kcore_close(kc);
	free(text);
	return 0;
}
