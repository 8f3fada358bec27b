/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * resolver.h - the DWARF resolver: the only user of libdw/libdwfl.
 *
 * It opens a kernel image with debug info once per session and answers
 * everything the commands need to know from it: where a function's
 * parameters live, member offsets, types, and the kprobe fetchargs for C
 * expressions such as ((struct sockaddr_in *)uservaddr)->sin_port.
 *
 * Named for the room, not dwarf.h: that is elfutils' header of the DWARF
 * constants (DW_TAG_*, DW_AT_*), which the resolver's files include.
 */
#ifndef KPDB_RESOLVER_H
#define KPDB_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct kpdb_dwarf;
struct kpdb_probe_spec;

/* Open @path (an ELF with DWARF).  Returns 0, or -1 with @err set. */
int kpdb_dwarf_open(const char *path, struct kpdb_dwarf **dw, struct kpdb_err *err);
void kpdb_dwarf_close(struct kpdb_dwarf *dw);

const char *kpdb_dwarf_path(const struct kpdb_dwarf *dw);
/* The GNU build id as lowercase hex, or NULL if the image has none. */
const char *kpdb_dwarf_build_id(const struct kpdb_dwarf *dw);

/* Facts for `info vmlinux`. */
struct kpdb_dwarf_stats {
	size_t nsyms;			/* function symbols */
	bool index_ready;		/* the name index is loaded */
	const char *index_path;		/* its cache file, or NULL */
	double index_build_secs;	/* > 0 if built in this session */
	size_t index_entries;
};
void kpdb_dwarf_stats(struct kpdb_dwarf *dw, struct kpdb_dwarf_stats *st);

/*
 * kpdb_dwarf_index - build (or load from the cache) the name index now,
 * instead of on the first type lookup.  0, or -1 with @err set.
 */
int kpdb_dwarf_index(struct kpdb_dwarf *dw, struct kpdb_err *err);

/*
 * The running kernel's GNU build id (lowercase hex) from
 * $KPDB_SYS_DIR/kernel/notes (default /sys).  0, or -1 if unknown.
 */
int kpdb_kernel_build_id(char *buf, size_t len);
/* A loaded module's, from $KPDB_SYS_DIR/module/MOD/notes/.note.gnu.build-id. */
int kpdb_module_build_id(const char *mod, char *buf, size_t len);

/*
 * kpdb_module_debug_file - the debug file (a .ko with DWARF) of module @mod:
 * in $KPDB_MODULE_DEBUG_DIR, in the usr/lib/debug/lib/modules/VERSION tree
 * beside @vmlinux (the -k or $KPDB_VMLINUX file, or NULL), then in
 * /usr/lib/debug/lib/modules/$(uname -r); each mirrors /lib/modules/VERSION,
 * whose modules.dep (the tree's own first) gives the module's path.
 * 0 with @buf set, or -1 if none is found.
 */
int kpdb_module_debug_file(const char *mod, const char *vmlinux, char *buf, size_t len);

/*
 * kpdb_dwarf_resolve - complete @spec from the debug info:
 *  - the location: SYMBOL:LINE and FILE:LINE become SYMBOL+OFF; optimized
 *    clones (.isra.N, .constprop.N, .part.N) are mapped to the real symbol;
 *    ambiguous names are refused with the candidates;
 *  - every c_expr argument gets fetch, ktype, ptr, ctype and (if none was
 *    given) an automatic fmt; $params expands to all parameters;
 *    $retval in a return probe is typed from the return type.
 * Raw arguments are left as they are.  Returns 0, or -1 with @err set.
 */
int kpdb_dwarf_resolve(struct kpdb_dwarf *dw, struct kpdb_probe_spec *spec,
		       struct kpdb_err *err);

/* Most sites `info args` lists of an inlined function; bp asks above it. */
#define KPDB_MAX_SITES 64

/* One probe site of an always-inlined function. */
struct kpdb_site {
	struct kpdb_probe_spec *spec;	/* resolved: CALLER+OFF (or _text+OFF), its arguments */
	char *inlined_in;		/* "CALLER+0x24" */
};

struct kpdb_sites {
	struct kpdb_site *v;
	size_t n;
	size_t found;			/* sites found: n plus those left out */
	char why[KPDB_ERR_MAX];		/* why the first left-out site was, or "" */
};

/*
 * kpdb_dwarf_sites - when @spec's location is a function that is always
 * inlined (no symbol, only DW_TAG_inlined_subroutine copies), resolve @spec
 * once per inlined site, as perf probe does: each site is probed at its
 * entry pc as CALLER+OFF, with its arguments (and $params) resolved in the
 * inlined copy's scope.  Sites where an argument cannot be fetched are left
 * out and counted; if none is left, that is the error.  A return probe or
 * an offset is refused.
 * Return: the number of sites (> 0) with @out filled (kpdb_sites_free());
 * 0 when the location is not such a function (use kpdb_dwarf_resolve);
 * -1 with @err set.
 */
int kpdb_dwarf_sites(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
		     struct kpdb_sites *out, struct kpdb_err *err);
void kpdb_sites_free(struct kpdb_sites *sites);

/*
 * kpdb_dwarf_inlined_copies - the number of inlined copies (with code, one
 * per address) of the function @name that has a symbol too: a breakpoint
 * on the symbol does not probe them.  0 if none, if @name has no symbol
 * (see kpdb_dwarf_sites), or if the debug info cannot tell (BTF).
 */
size_t kpdb_dwarf_inlined_copies(struct kpdb_dwarf *dw, const char *name);

/*
 * kpdb_dwarf_copy_sites - when @spec names a function by its plain name
 * (no offset, line, file, number or module; not a return probe) that has a
 * symbol and inlined copies too, resolve @spec at each copy as
 * kpdb_dwarf_sites() does, each probed at CALLER+OFF: perf probe's way of
 * probing a function.  The symbol itself is kpdb_dwarf_resolve()'s.
 * Return: the number of sites (>= 0) with @out filled (kpdb_sites_free());
 * 0 also when no copy can fetch the arguments (@out->found and @out->why
 * say so); -1 with @err set.
 */
int kpdb_dwarf_copy_sites(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
			  struct kpdb_sites *out, struct kpdb_err *err);

/*
 * kpdb_dwarf_stub_callee - when the code of the symbol @name is a stub
 * that only calls (or jumps to) another function, as the out-of-line copy
 * of `static inline int dev_queue_xmit(skb) { return __dev_queue_xmit(skb,
 * NULL); }` does, put that function's name in @buf: what to probe instead
 * when the kernel refuses @name.  0, or -1 when it is no such stub.
 */
int kpdb_dwarf_stub_callee(struct kpdb_dwarf *dw, const char *name, char *buf, size_t len);

/*
 * kpdb_dwarf_kprobe_blacklisted - whether the image's own kprobe blacklist
 * has the function symbol @name: its NOKPROBE_SYMBOL() table, or the text
 * areas the kernel blacklists whole.  NULL if not (or the image cannot
 * tell), else "kprobe blacklist", "noinstr text", "entry text" or
 * "kprobes text"; "init text" for the code the kernel frees after boot.
 */
const char *kpdb_dwarf_kprobe_blacklisted(struct kpdb_dwarf *dw, const char *name);

/* True if the function @func (a name, or FILE:FUNC) takes a variable argument list. */
bool kpdb_dwarf_variadic(struct kpdb_dwarf *dw, const char *func);

/* One member of a struct/union, one enumerator of an enum. */
struct kpdb_member_info {
	char *name;		/* NULL for an anonymous member */
	char *type;		/* C type name: "unsigned int", "struct sock *" */
	unsigned long offset;	/* bytes; for an enumerator: its value */
	unsigned long size;	/* bytes */
	int bit_offset;		/* bitfields: bit offset from the least significant bit of
				 * the container of @size bytes at @offset (as pahole) */
	int bit_size;		/* bitfields: width in bits, else 0 */
	int depth;		/* ptype: 0 for a member of the type itself, 1 for a member
				 * of an anonymous struct/union member listed just before,
				 * ... (offsets stay relative to the outer type) */
};

struct kpdb_type_info {
	char *name;		/* "struct sockaddr_in" */
	char *kind;		/* "struct", "union", "enum", "typedef", "base", "pointer", ... */
	unsigned long size;
	char *target;		/* typedef: the type it names, else NULL */
	struct kpdb_member_info *members;
	size_t nmembers;
};

/* The layout of @type ("struct sock", "sockaddr_in", "u32").  0 or -1 with @err. */
int kpdb_dwarf_type(struct kpdb_dwarf *dw, const char *type, struct kpdb_type_info *out,
		    struct kpdb_err *err);
void kpdb_type_info_free(struct kpdb_type_info *info);

/* offsetof(@type, @path) where @path is "a.b[2].c"; fills @out (name = path). */
int kpdb_dwarf_offsetof(struct kpdb_dwarf *dw, const char *type, const char *path,
			struct kpdb_member_info *out, struct kpdb_err *err);
void kpdb_member_info_free(struct kpdb_member_info *m);

/* One parameter of a function at its entry. */
struct kpdb_param_info {
	char *name;
	char *type;
	char *location;		/* "%di", "+8(%sp)", "optimized out", ... */
};

struct kpdb_func_info {
	char *name;
	char *rettype;
	char *file;		/* declaring source file */
	int line;
	struct kpdb_param_info *params;
	size_t nparams;
	/*
	 * An always-inlined function: where each parameter lives depends on the
	 * site, so @params say "at each site" and @sites has one entry per
	 * inlined site (its @inlined_in "CALLER+0xOFF" and its @params), at most
	 * KPDB_MAX_SITES of @nsites_all.
	 */
	char *inlined_in;
	struct kpdb_func_info *sites;
	size_t nsites, nsites_all;
};

int kpdb_dwarf_func(struct kpdb_dwarf *dw, const char *func, struct kpdb_func_info *out,
		    struct kpdb_err *err);
void kpdb_func_info_free(struct kpdb_func_info *info);

/*
 * Completion candidates for an argument of a probe on @func: parameter names,
 * then member paths ("sk->__sk_common.skc_dport") that start with @prefix.
 * Returns a NULL-terminated malloc'ed array (caller frees each and the array).
 */
char **kpdb_dwarf_complete(struct kpdb_dwarf *dw, const char *func, const char *prefix);

/*
 * The always-inlined functions (no symbol: bp sets one breakpoint per
 * inlined site) whose names start with @prefix, sorted; NULL-terminated,
 * malloc'ed like kpdb_dwarf_complete's, or NULL if none.
 */
char **kpdb_dwarf_inlined_functions(struct kpdb_dwarf *dw, const char *prefix);

/* One source frame of a code address, as `addr2line -i -f` prints them. */
struct kpdb_src_frame {
	char func[128];		/* the function, "" when the debug info names none */
	char file[256];		/* relative to the build directory (DW_AT_comp_dir) */
	int line;		/* 0 when unknown */
	bool inlined;		/* an inlined copy, inside the next frame */
};

/* Most frames kpdb_dwarf_addr_frames() gives for one address. */
#define KPDB_SRC_FRAMES_MAX 16

/*
 * kpdb_dwarf_addr_frames - what the code at @addr (an address of the image:
 * the running kernel's minus the KASLR slide; for a return address, the
 * address - 1, so that a call's own line is found) was compiled from:
 * innermost first, each inlined copy that holds @addr, then the function
 * itself; the first at the line table's file:line, each other where it calls
 * the one before (DW_AT_call_file/line), as `addr2line -i` prints them.
 * Answers are kept per @dw: a stack's frames come back again and again.
 * Return: the number of frames in @out (at most @max), 0 when the debug
 * info has no code at @addr (or is BTF, which has no lines).
 */
size_t kpdb_dwarf_addr_frames(struct kpdb_dwarf *dw, unsigned long long addr,
			      struct kpdb_src_frame *out, size_t max);

#endif
