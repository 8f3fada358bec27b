/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dwarf-priv.h - what the src/dwarf*.c files share.  Only they include it:
 * libdw types stay inside the resolver.
 */
#ifndef KPDB_DWARF_PRIV_H
#define KPDB_DWARF_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include "err.h"
#include "kprobe-limits.h"
#include "resolver.h"

struct kpdb_arg;
struct kpdb_probe_spec;

/* One function symbol of the ELF symtab. */
struct dw_sym {
	const char *name;	/* in the mapped .strtab */
	uint64_t addr;
	uint64_t size;
	uint32_t next;		/* next symbol with the same base name, or UINT32_MAX */
	bool local;
};

/* Kinds of names in the index; the order is the on-disk format. */
enum dw_kind {
	DW_K_STRUCT = 1,
	DW_K_UNION,
	DW_K_ENUM,
	DW_K_TYPEDEF,
	DW_K_BASE,
	DW_K_FUNC,	/* a subprogram with code or an inline abstract instance */
	DW_K_CU,	/* a compilation unit, by its DW_AT_name */
	DW_K_VAR,	/* a global variable with a location */
};

#define DW_F_INLINE	0x01	/* DW_AT_inline: an abstract instance */
#define DW_F_CODE	0x02	/* has DW_AT_low_pc/DW_AT_ranges */

/* One index entry, also the on-disk record. */
struct dw_idx_ent {
	uint64_t die;		/* DIE offset in .debug_info */
	uint32_t name;		/* offset in the index string table */
	uint8_t kind;
	uint8_t flags;
	uint16_t pad;
};

struct kpdb_dwarf {
	char *path;
	bool from_btf;		/* made from the kernel's BTF (btf.c): no bodies, no clones */
	int fd;
	Elf *elf;
	Dwarf *dw;
	Dwfl *dwfl;		/* a relocatable image: owns elf and dw (dwarf-module.c) */
	bool rel;		/* ET_REL: sections laid out by libdwfl */
	char *raw;		/* the mapped file (libelf's mapping) */
	size_t rawsize;
	char *build_id;		/* hex or NULL */
	uint64_t mtime_ns;	/* of the file, for the index cache */
	uint64_t ino;

	bool units_ready;	/* every unit header read (dw_units_ready) */
	Dwarf_CFI *cfi;		/* .debug_frame, or NULL */
	Dwarf_CFI *cfi_eh;	/* .eh_frame (user-space programs), or NULL */
	bool cfi_tried;

	/* the function symbols, hashed by base name (up to the first '.') */
	struct dw_sym *syms;
	size_t nsyms;
	uint32_t *buckets;
	size_t nbuckets;
	struct dw_sym **byaddr;	/* sorted by address, built on first need */
	uint64_t text_addr;	/* _text, for probes on ambiguous names */
	bool have_text;

	/* the image's kprobe blacklist (dwarf-partial.c), read on first need */
	bool black_loaded;
	uint64_t black_areas[KPDB_TEXT_AREAS][2];	/* kpdb_text_areas' bounds, 0: unknown */
	uint64_t *black;		/* NOKPROBE_SYMBOL() addresses, sorted */
	size_t nblack;

	/* the name index (see dwarf-index.c) */
	void *idx_mem;
	size_t idx_size;
	bool idx_mapped;
	const struct dw_idx_ent *ents;
	size_t nents;
	const char *strs;
	size_t strs_size;
	bool idx_ready;
	double idx_build_secs;	/* 0 when loaded from the disk cache */
	char *idx_path;		/* the cache file, when there is one */

	struct dw_addr_cache *addr_cache;	/* dwarf-addr.c: source lines by address */
};

/* --- dwarf-lookup.c: symbols and functions --- */

/* Hash dw->syms by base name, for the two below.  0, or -1 out of memory. */
int dw_syms_hash(struct kpdb_dwarf *dw);
/* Function symbols named exactly @name; returns the count, fills up to @max. */
size_t dw_syms_named(struct kpdb_dwarf *dw, const char *name, struct dw_sym **out, size_t max);
/* Clones of @name: NAME.isra.N, NAME.constprop.N, NAME.part.N (not .cold). */
size_t dw_syms_clones(struct kpdb_dwarf *dw, const char *name, struct dw_sym **out, size_t max);
/* The function symbol containing @addr, or NULL. */
struct dw_sym *dw_sym_at(struct kpdb_dwarf *dw, uint64_t addr);
/* True if a symbol starting at @addr is a compiler clone (a name with a '.'). */
bool dw_clone_at(struct kpdb_dwarf *dw, uint64_t addr);

/* The subprogram DIE with code at @addr (and its CU DIE).  0 or -1. */
int dw_func_at(struct kpdb_dwarf *dw, uint64_t addr, Dwarf_Die *cu, Dwarf_Die *fn);
/* A top-level DIE of @cu with @tag named @name.  0 or -1. */
int dw_cu_find(Dwarf_Die *cu, int tag, const char *name, Dwarf_Die *out);
void dw_advise_random(struct kpdb_dwarf *dw);
/* Intern all unit headers once, with bounded RSS (see dwarf.c). */
void dw_units_ready(struct kpdb_dwarf *dw);
/* Drop the mapped file's pages from our RSS: they stay in the page cache. */
void dw_release_pages(struct kpdb_dwarf *dw);
/* "file.c:12" of a DIE (static buffer of the caller). */
void dw_decl_where(Dwarf_Die *die, char *buf, size_t len);

/* --- dwarf-module.c: relocatable images (.ko, .o) --- */

/* Reopen dw->elf, an ET_REL file, through libdwfl with relocations applied.  0 or -1. */
int dw_open_rel(struct kpdb_dwarf *dw, struct kpdb_err *err);
/* The address the layout gave section @shndx of a relocatable image, else 0. */
uint64_t dw_section_addr(struct kpdb_dwarf *dw, size_t shndx);

/* --- dwarf-inline.c: inlined copies --- */

/* DW_AT_entry_pc, else DW_AT_low_pc, else the lowest address of DW_AT_ranges.  0 or -1. */
int dw_entry_addr(Dwarf_Die *die, uint64_t *addr);
/* Each inlined copy of the abstract instances @origins (sorted DIE offsets) to @visit. */
/* @spec at every inlined copy of @origins: the number of sites, or -1 (dwarf-inline.c). */
int dw_resolve_copies(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
		      const uint64_t *origins, size_t n, struct kpdb_sites *out,
		      struct kpdb_err *err);
int dw_inlined_copies(struct kpdb_dwarf *dw, const uint64_t *origins, size_t n,
		      int (*visit)(Dwarf_Die *copy, void *arg), void *arg);

/* --- dwarf-index.c: the name index, cached on disk by build id --- */

int dw_index_ready(struct kpdb_dwarf *dw, struct kpdb_err *err);
void dw_index_free(struct kpdb_dwarf *dw);
/* Entries of @kind named @name: returns the first and sets *n (0 if none). */
const struct dw_idx_ent *dw_index_find(struct kpdb_dwarf *dw, int kind, const char *name,
				       size_t *n);
/* The first entry whose name is not below @name: where a prefix's names start. */
size_t dw_index_lower(struct kpdb_dwarf *dw, const char *name);
static inline const char *dw_index_name(struct kpdb_dwarf *dw, const struct dw_idx_ent *e)
{
	return dw->strs + e->name;
}

/*
 * A type by name: "struct sock", "union x", "enum y", "sock" (any of
 * struct/union/enum/typedef), "u32", "unsigned int".  Looks in @cu first
 * (cheap, no index), then in the index.  0, or -1 with @err set.
 */
int dw_type_by_name(struct kpdb_dwarf *dw, Dwarf_Die *cu, const char *name, Dwarf_Die *out,
		    struct kpdb_err *err);
/* True if @name has no symbol and no out-of-line copy, only inlined ones. */
bool dw_func_inlined_only(struct kpdb_dwarf *dw, const char *name);

/* --- dwarf-types.c --- */

/* Follow DW_AT_type; false for void. */
bool dw_type_of(Dwarf_Die *die, Dwarf_Die *out);
/* Strip typedefs and cv-qualifiers; false for void. */
bool dw_strip(Dwarf_Die *type, Dwarf_Die *out);
/* Strip cv only (keeps typedef names visible). */
bool dw_strip_cv(Dwarf_Die *type, Dwarf_Die *out);
/* True if @type's typedef chain names @name ("__be16"). */
bool dw_type_has_typedef(Dwarf_Die *type, const char *name);
/* The C name of @type ("struct sock *", "char[16]", "void"); @type NULL is void. */
void dw_type_name(Dwarf_Die *type, char *buf, size_t len);
/* Byte size of @type (arrays included); -1 if unknown. */
long dw_type_size(Dwarf_Die *type);
/* True for a 1-byte character type. */
bool dw_is_char(Dwarf_Die *type);
bool dw_is_signed(Dwarf_Die *type);

/* A member found by name, through anonymous structs/unions. */
struct dw_member {
	Dwarf_Die die;
	Dwarf_Die type;		/* its declared type */
	long offset;		/* bytes from the outer object (bitfields: container start) */
	int bit_size;		/* 0 if not a bitfield */
	int bit_offset;		/* from the LSB of the container */
	int container;		/* bitfields: container size in bits */
};
/* Find @name in the struct/union @agg (stripped).  0 or -1. */
int dw_find_member(Dwarf_Die *agg, const char *name, struct dw_member *out);
/* The same, then through embedded structs and the kernel's sk_* -> skc_* macros. */
int dw_find_member_kernel(Dwarf_Die *agg, const char *name, struct dw_member *out,
			  char *path, size_t len);
/* Offset (bytes) and bit layout of a member DIE itself. */
int dw_member_layout(Dwarf_Die *member, long *offset, int *bit_size, int *bit_offset,
		     int *container);

/* --- dwarf-loc.c: where values live --- */

/* A value the expression evaluator works on. */
enum dw_val_kind {
	DW_V_VALUE,	/* fetch yields the value itself ("%di", "$retval", "+8(%di)") */
	DW_V_MEM,	/* the object lives in memory at off(base) */
	DW_V_CONST,	/* a known constant */
	DW_V_ADDR,	/* the value is the address off(base) itself (&x, arrays) */
};

struct dw_val {
	enum dw_val_kind kind;
	char fetch[256];	/* VALUE: the fetcharg; MEM: the base address fetcharg */
	char fetch_hi[8];	/* VALUE: the register of bytes 8..15 of a struct passed in two */
	long off;		/* MEM: byte offset from base; VALUE: byte offset inside a register */
	bool user;		/* MEM: user memory (+u) */
	bool at_sym;		/* MEM: base is a symbol name: "@base+off" */
	long cval;		/* CONST */
	Dwarf_Die type;
	bool has_type;		/* false: void */
	int nptr;		/* extra levels of pointer on top of type, from a cast */
	int bit_size, bit_offset, container;	/* a bitfield member */
	char member[128];	/* the last member name, for the automatic formats */
};

/* Where a probe looks: the address, its function, scopes. */
struct dw_ctx {
	struct kpdb_dwarf *dw;
	uint64_t addr;
	bool at_entry;		/* addr is the function's entry */
	bool abi_entry;		/* ... of a function that is no clone: its parameters are
				 * where the x86-64 calling convention passes them */
	bool retprobe;
	Dwarf_Die cu;
	Dwarf_Die fn;		/* the concrete subprogram */
	bool have_fn;
	bool have_cu;		/* cu is valid (always with have_fn) */
	Dwarf_Die *scopes;	/* dw_scopes_at(), innermost first; NULL at the entry */
	int nscopes;
	/* syscalls: parameters are read from a struct pt_regs */
	bool syscall;
	Dwarf_Die sysfn;	/* __do_sys_NAME / __se_sys_NAME; the CU if it takes none */
	long regs_off[6];	/* offsetof(struct pt_regs, di/si/dx/r10/r8/r9) */
	char funcname[256];
	bool user;		/* the argument being resolved is @user */
	bool types_only;	/* completion: locations do not matter */
};

/* The scopes of @fn containing @addr, innermost first, through inlined copies. */
int dw_scopes_at(Dwarf_Die *cu, Dwarf_Die *fn, uint64_t addr, Dwarf_Die **out);
/* Find a variable/parameter named @name visible at ctx->addr. 0 or -1. */
int dw_find_var(struct dw_ctx *c, const char *name, Dwarf_Die *out, struct kpdb_err *err);
/* The value of a variable DIE at ctx->addr.  0, or -1 with @err. */
int dw_var_value(struct dw_ctx *c, Dwarf_Die *var, struct dw_val *v, struct kpdb_err *err);
/* The parameters of the context's function, in order (malloc'ed array). */
int dw_params(struct dw_ctx *c, Dwarf_Die **out, size_t *n);
/* A human description of where @var lives at ctx->addr ("%di", "+8(%sp)"). */
void dw_var_where(struct dw_ctx *c, Dwarf_Die *var, char *buf, size_t len);
void dw_ctx_release(struct dw_ctx *c);

/* --- dwarf-resolve.c --- */

/* Where a location resolved to. */
struct dw_where {
	char symbol[256];	/* for the kprobe: a symbol, or "_text" */
	uint64_t sym_addr;	/* the function symbol's address */
	uint64_t addr;		/* the probe address */
	bool syscall;
	char sysname[128];
	Dwarf_Die *inlined;	/* a site of an inlined function: its DW_TAG_inlined_subroutine */
};

/* A location's text ("NAME", "FILE:LINE", "sys:NAME", ...) into @w.  0, or -1 with @err. */
int dw_resolve_where(struct kpdb_dwarf *dw, const char *text, struct kpdb_probe_spec *spec,
		     struct dw_where *w, struct kpdb_err *err);
/* @w names @s: its name, or "_text" when the kernel cannot tell the name apart. */
void dw_set_symbol(struct kpdb_dwarf *dw, struct dw_where *w, struct dw_sym *s);
/* Set up @c for a probe at @w.  0, or -1 with @err (release @c either way). */
int dw_make_ctx(struct kpdb_dwarf *dw, struct dw_where *w, bool retprobe, struct dw_ctx *c,
		struct kpdb_err *err);
/* Resolve the arguments of @spec in @c, then make @spec name @w.  0, or -1 with @err. */
int dw_resolve_args(struct dw_ctx *c, const struct dw_where *w, struct kpdb_probe_spec *spec,
		    struct kpdb_err *err);
/* @out from the function DIE @fn where @c looks; 0, or -1 (out of memory). */
int dw_func_info(struct dw_ctx *c, Dwarf_Die *fn, struct kpdb_func_info *out);

/* --- dwarf-inline.c --- */

/* `info args` of such a function: its prototype, then its parameters per site. */
int dw_inline_func_info(struct kpdb_dwarf *dw, const char *name, struct kpdb_func_info *out,
			struct kpdb_err *err);
/* @w (and @die, its DW_TAG_inlined_subroutine) at the first site of @name; 0 or -1. */
int dw_inline_first_site(struct kpdb_dwarf *dw, const char *name, struct dw_where *w,
			 Dwarf_Die *die);

/* --- dwarf-expr.c --- */

/* Evaluate the C expression @expr in @c into @v.  0, or -1 with @err. */
int dw_eval(struct dw_ctx *c, const char *expr, struct dw_val *v, struct kpdb_err *err);
/* "+8(%di)", "+u8(%di)", "@jiffies+8": the fetcharg of an object in memory. */
void dw_mem_fetch(const struct dw_val *v, char *out, size_t len);
/* The fetcharg whose value is @v itself (a scalar, a pointer).  0, or -1 with @err. */
int dw_value_fetch(const struct dw_val *v, char *out, size_t len, struct kpdb_err *err);
/* True if @v is a pointer (by its type or a cast); @stripped gets the stripped type. */
bool v_is_pointer(struct dw_val *v, Dwarf_Die *stripped);
/* Turn a value into the argument's fetch/ktype/ptr/ctype/fmt. */
int dw_val_to_arg(struct dw_ctx *c, struct dw_val *v, struct kpdb_arg *arg,
		  struct kpdb_err *err);

/* x86_64 DWARF register number -> kprobe register name ("%di"), or NULL. */
const char *dw_regname(unsigned int regno);

/* --- dwarf-addr.c: source lines of code addresses --- */

void dw_addr_cache_free(struct kpdb_dwarf *dw);

#endif
