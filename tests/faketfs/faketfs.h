/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * faketfs.h - model of the kernel's tracefs control plane (6.1 semantics)
 * behind the FUSE front end in faketfs.c.
 *
 * The model knows nothing about FUSE: kprobe definitions, events, instances,
 * per-instance event state, error logs.  Functions return 0 or a negative
 * errno, as the kernel's handlers do.
 */
#ifndef FAKETFS_H
#define FAKETFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define FK_NAME_MAX	64	/* MAX_EVENT_NAME_LEN */
#define FK_ERRLOG_MAX	16	/* TRACING_LOG_ERRS_MAX */

struct fk_type {
	const char *name;	/* as written after ':' */
	unsigned int size;
	int is_signed;
	const char *fmt;	/* printf format in "print fmt" */
	const char *fmttype;	/* type in the format file */
};

struct fk_arg {
	char *name;
	char *comm;		/* the fetcharg as written, without NAME= */
	const struct fk_type *type;
	unsigned int count;	/* array length, 0 if not an array */
	unsigned int offset;	/* from the start of the arguments */
	char *fmttype;		/* "u8[4]" for arrays, else NULL */
};

struct fk_event;

/* One line of kprobe_events; several may share an event (siblings). */
struct fk_probe {
	struct fk_probe *next;
	struct fk_event *ev;
	bool is_return;
	int maxactive;
	char *symbol;		/* NULL: address probe */
	unsigned long addr;
	unsigned long offset;
	int nargs;
	struct fk_arg *args;
	unsigned int size;	/* bytes of arguments */
	unsigned long hits, misses;
};

/* A field of a synthetic event: "u64 lat", "pid_t pid", "char comm[16]". */
struct fk_synth_field {
	char *type;		/* as the format file names it */
	char *name;
	unsigned int size;
	bool is_signed;
	bool is_string;
};

struct fk_event {
	struct fk_event *next;
	char group[FK_NAME_MAX + 1];
	char name[FK_NAME_MAX + 1];
	int id;
	bool is_return;
	bool busy;		/* used by "perf/BPF": set through .faketfs/busy */
	struct fk_probe *primary;	/* defines fields and print fmt */
	char *print_fmt;
	/* a synthetic event (group "synthetic", no probe): its fields */
	bool synth;
	int nfields;
	struct fk_synth_field *fields;
};

/* State of one event in one instance. */
struct fk_evstate {
	struct fk_evstate *next;
	struct fk_event *ev;
	bool enabled;
	char *filter;		/* NULL: none */
	char *trigger;		/* NULL: none; one per line, hist ones as the kernel shows them */
};

struct fk_errent {
	unsigned long long ts_ns;
	char *loc;		/* "trace_kprobe: error: " */
	const char *text;
	char *cmd;
	int pos;
};

struct fk_kv {
	struct fk_kv *next;
	char *key;
	char *val;
};

struct fk_instance {
	struct fk_instance *next;
	char *name;		/* NULL: the top instance */
	int pins;		/* open files that keep rmdir from succeeding */
	struct fk_evstate *states;
	struct fk_errent errlog[FK_ERRLOG_MAX];
	int nerr;
	struct fk_kv *kv;	/* plain value files */
};

struct fk_func {
	char *name;
	char *module;		/* NULL: vmlinux */
};

struct fk_state {
	struct fk_event *events;
	struct fk_probe *probes;	/* creation order, as dyn_event_list */
	struct fk_instance top;
	struct fk_instance *instances;
	struct fk_func *funcs;	/* NULL: every symbol exists */
	size_t nfuncs;
	char *funcs_text;	/* available_filter_functions content */
	char **fail_on;
	size_t nfail_on;
	int ncpus;
};

/* model.c */
void fk_state_init(struct fk_state *st);
void fk_state_free(struct fk_state *st);
struct fk_instance *fk_instance_find(struct fk_state *st, const char *name);
int fk_instance_create(struct fk_state *st, const char *name);
int fk_instance_remove(struct fk_state *st, const char *name);
struct fk_evstate *fk_evstate(struct fk_instance *inst, struct fk_event *ev, bool create);
struct fk_event *fk_event_find(struct fk_state *st, const char *group, const char *name);
bool fk_group_exists(struct fk_state *st, const char *group);
bool fk_event_is_busy(struct fk_state *st, struct fk_event *ev);
int fk_event_enable(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev, bool on);
int fk_filter_set(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		  const char *text);
int fk_trigger_write(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		     const char *text);
int fk_event_field_kind(struct fk_event *ev, const char *name, size_t len);
void fk_errlog_add(struct fk_instance *inst, const char *loc, const char *text,
		   const char *cmd, int pos);
void fk_errlog_clear(struct fk_instance *inst);
char *fk_errlog_show(struct fk_instance *inst);
const char *fk_kv_get(struct fk_instance *inst, const char *key, const char *dflt);
void fk_kv_set(struct fk_instance *inst, const char *key, const char *val);
int fk_funcs_load(struct fk_state *st, const char *path);
int fk_symbol_count(struct fk_state *st, const char *sym);
bool fk_symbol_fails(struct fk_state *st, const char *sym);
bool fk_module_known(struct fk_state *st, const char *sym);

/* probe.c */
int fk_probes_write(struct fk_state *st, const char *buf, size_t count, bool dynevents);
int fk_probes_clear(struct fk_state *st);
char *fk_probes_show(struct fk_state *st);
char *fk_profile_show(struct fk_state *st);
char *fk_format_show(struct fk_event *ev);
void fk_event_free(struct fk_state *st, struct fk_event *ev);
void fk_probe_free(struct fk_state *st, struct fk_probe *p);

/* synth.c: synthetic events (synthetic_events, "s:" in dynamic_events) */
int fk_synth_write(struct fk_state *st, const char *buf, size_t count);
int fk_synth_command(struct fk_state *st, const char *cmd, bool dynevents);
int fk_synth_remove(struct fk_state *st, const char *name);
int fk_synth_clear(struct fk_state *st);
char *fk_synth_show(struct fk_state *st, bool dynevents);
char *fk_synth_format(struct fk_event *ev);
bool fk_synth_is_busy(struct fk_state *st, struct fk_event *ev);

/* hist.c: hist triggers (keys, values, variables, onmatch actions) */
int fk_hist_write(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		  struct fk_evstate *es, const char *text);
bool fk_hist_refers_to_synth(const char *line, const char *synth);
bool fk_hist_pins_instance(struct fk_instance *inst);
char *fk_hist_show(struct fk_evstate *es);
void fk_hist_truncate(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		      struct fk_evstate *es);

/* texts.c */
extern const char fk_readme[];
extern const char fk_trace_header[];
extern const char fk_header_page[];
extern const char fk_header_event[];
extern const char fk_trigger_help[];
extern const char fk_sys_filter_help[];

/* small helpers (model.c) */
struct fk_buf {
	char *s;
	size_t len, cap;
};
void fk_buf_printf(struct fk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *fk_buf_take(struct fk_buf *b);
bool fk_good_name(const char *s);
char *fk_strstrip(char *s);
void *fk_xmalloc(size_t n);
char *fk_xstrdup(const char *s);

#endif
