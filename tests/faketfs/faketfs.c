// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * faketfs - a FUSE file system that behaves like the kernel's tracefs
 * control plane, for kpdb's CLI tests.
 *
 *   faketfs MOUNTPOINT [--log FILE] [--functions FILE] [--fail-on SYMBOL]...
 *           [--cpus N] [--fresh-read-zero] [-f] [-d]
 *
 * Writing a definition to kprobe_events creates events/GRP/EV/ in the top
 * directory and in every instance; mkdir/rmdir under instances/ work as on
 * the kernel; every write is appended to the --log file as "PATH<TAB>DATA".
 * See tests/faketfs/README.md.
 */
#define FUSE_USE_VERSION 31

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tree.h"

/* An open file. */
struct fh {
	struct fh *next, **pprev;	/* all open files, freed at unmount */
	char *path;
	int flags;
	struct fk_instance *pinned;
	char *snap;
	size_t snaplen;
	unsigned long reads;
};

static struct fk_state state;
static struct fh *open_files;
static int log_fd = -1;
static time_t mount_time;
/*
 * --fresh-read-zero: the first read of each opened trace_pipe_raw returns 0,
 * as 6.12 answers a non-blocking read of a fresh instance's buffer.
 */
static bool fresh_read_zero;

static struct fk_state *st(void)
{
	return &state;
}

/* ------------------------------------------------------------ write log */

static void log_line(const char *prefix, const char *path, const char *data, size_t len)
{
	struct fk_buf b = { 0 };
	size_t i;

	if (log_fd < 0 || !strncmp(path, "/.faketfs", 9))
		return;
	fk_buf_printf(&b, "%s%s", prefix, path + 1);
	if (data) {
		fk_buf_printf(&b, "\t");
		for (i = 0; i < len; i++) {
			unsigned char c = data[i];

			if (c == '\\')
				fk_buf_printf(&b, "\\\\");
			else if (c == '\n')
				fk_buf_printf(&b, "\\n");
			else if (c == '\t')
				fk_buf_printf(&b, "\\t");
			else if (c < 0x20 || c == 0x7f)
				fk_buf_printf(&b, "\\x%02x", c);
			else
				fk_buf_printf(&b, "%c", c);
		}
	}
	fk_buf_printf(&b, "\n");
	/* one write(2) per line, so that a reader never sees half a line */
	if (write(log_fd, b.s, b.len) < 0)
		perror("faketfs: log");
	free(b.s);
}

/* ------------------------------------------------------------ FUSE ops */

/*
 * libfuse passes a NULL path for an open file whose directory was removed
 * (an instance's event file after rmdir): use the path it was opened with.
 */
static const char *path_of(const char *path, struct fuse_file_info *fi)
{
	if (path)
		return path;
	return fi ? ((struct fh *)(uintptr_t)fi->fh)->path : NULL;
}

static void *op_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/* open() sees O_TRUNC, so that it can fail with EBUSY as the kernel's does */
	conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;	/* sizes are 0, contents are generated */
	cfg->hard_remove = 1;
	return NULL;
}

static void fh_free(struct fh *h)
{
	*h->pprev = h->next;
	if (h->next)
		h->next->pprev = h->pprev;
	if (h->pinned)
		h->pinned->pins--;
	free(h->snap);
	free(h->path);
	free(h);
}

static void op_destroy(void *data)
{
	/* a lazy unmount ends the daemon with files still open */
	while (open_files)
		fh_free(open_files);
	fk_state_free(st());
}

static int op_getattr(const char *path, struct stat *sb, struct fuse_file_info *fi)
{
	struct node n;
	int ret = fk_resolve(path_of(path, fi), &n);

	if (ret)
		return ret;
	memset(sb, 0, sizeof(*sb));
	sb->st_atime = sb->st_mtime = sb->st_ctime = mount_time;
	if (n.dir != D_NONE) {
		/* tracefs: the root is 0700 since 6.1's mount options; 0750 elsewhere */
		sb->st_mode = S_IFDIR | (n.dir == D_ROOT && n.inst == &st()->top ? 0700 : 0750);
		sb->st_nlink = 2;
	} else {
		sb->st_mode = S_IFREG | ((n.spec->flags & FL_RO) ? 0440 :
					 (n.spec->flags & FL_WO) ? 0220 : 0640);
		sb->st_nlink = 1;
	}
	return 0;
}

static void add_entry(void *ctx, const char *name)
{
	struct { void *buf; fuse_fill_dir_t fill; } *d = ctx;

	d->fill(d->buf, name, NULL, 0, 0);
}

static int op_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct { void *buf; fuse_fill_dir_t fill; } d = { buf, fill };
	struct node n;
	int ret = fk_resolve(path, &n);

	if (ret)
		return ret;
	return fk_list(&n, add_entry, &d);
}

static int op_open(const char *path, struct fuse_file_info *fi)
{
	bool wr = (fi->flags & O_ACCMODE) != O_RDONLY;
	struct node n;
	struct fh *h;
	int ret = fk_resolve(path, &n);

	if (ret)
		return ret;
	if (n.dir != D_NONE)
		return -EISDIR;
	if (wr && (fi->flags & O_TRUNC)) {
		if (n.spec->flags & FL_TRUNC)
			log_line("TRUNC ", path, NULL, 0);
		ret = fk_truncate(&n);
		if (ret)
			return ret;
	}
	h = fk_xmalloc(sizeof(*h));
	h->path = fk_xstrdup(path);
	h->flags = fi->flags;
	if (fk_pins_instance(&n)) {
		h->pinned = n.inst;
		n.inst->pins++;
	}
	h->next = open_files;
	if (open_files)
		open_files->pprev = &h->next;
	h->pprev = &open_files;
	open_files = h;
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	/* the kernel opens its pipes with nonseekable_open() */
	fi->nonseekable = fk_is_pipe(&n);
	return 0;
}

static int op_release(const char *path, struct fuse_file_info *fi)
{
	fh_free((struct fh *)(uintptr_t)fi->fh);
	return 0;
}

static int op_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	struct fh *h = (struct fh *)(uintptr_t)fi->fh;
	struct node n;
	int ret = fk_resolve(h->path, &n);

	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;	/* its event or instance went away */
	if (n.spec->flags & FL_WO)
		return -EINVAL;
	if (fk_is_pipe(&n)) {
		/* an empty ring buffer: nothing ever arrives */
		if (fresh_read_zero && !h->reads++)
			return 0;
		return (h->flags & O_NONBLOCK) ? -EAGAIN : 0;
	}
	/* like seq_file: the text is produced when reading starts at 0 */
	if (off == 0 || !h->snap) {
		free(h->snap);
		h->snap = fk_show(&n);
		h->snaplen = strlen(h->snap);
	}
	if ((size_t)off >= h->snaplen)
		return 0;
	if (size > h->snaplen - off)
		size = h->snaplen - off;
	memcpy(buf, h->snap + off, size);
	return size;
}

static int op_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct fh *h = (struct fh *)(uintptr_t)fi->fh;
	struct node n;
	int ret;

	log_line("", h->path, buf, size);
	ret = fk_resolve(h->path, &n);
	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;
	return fk_store(&n, buf, size);
}

static int op_poll(const char *path, struct fuse_file_info *fi, struct fuse_pollhandle *ph,
		   unsigned int *reventsp)
{
	struct fh *h = (struct fh *)(uintptr_t)fi->fh;
	struct node n;

	if (ph)
		fuse_pollhandle_destroy(ph);
	if (!fk_resolve(h->path, &n) &&
	    (fk_is_pipe(&n))) {
		*reventsp = 0;	/* never readable: the buffer stays empty */
		return 0;
	}
	*reventsp = POLLIN | POLLOUT;
	return 0;
}

static int op_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct node n;

	/* truncate(2) on tracefs changes nothing; O_TRUNC is handled in open */
	return fk_resolve(path_of(path, fi), &n);
}

static int op_mkdir(const char *path, mode_t mode)
{
	const char *name = path + strlen("/instances/");
	struct node n;

	log_line("MKDIR ", path, NULL, 0);
	if (strncmp(path, "/instances/", 11) || !*name || strchr(name, '/'))
		return fk_resolve(path, &n) ? -EPERM : -EEXIST;
	return fk_instance_create(st(), name);
}

static int op_rmdir(const char *path)
{
	const char *name = path + strlen("/instances/");
	struct node n;

	log_line("RMDIR ", path, NULL, 0);
	if (strncmp(path, "/instances/", 11) || !*name || strchr(name, '/'))
		return fk_resolve(path, &n) ? -ENOENT : -EPERM;
	return fk_instance_remove(st(), name);
}

static int op_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	return -EACCES;		/* tracefs directories have no ->create */
}

static int op_unlink(const char *path)
{
	return -EPERM;
}

static int op_rename(const char *from, const char *to, unsigned int flags)
{
	return -EPERM;
}

static int op_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct node n;

	return fk_resolve(path_of(path, fi), &n);
}

static int op_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	struct node n;

	return fk_resolve(path_of(path, fi), &n);
}

static int op_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	struct node n;

	return fk_resolve(path_of(path, fi), &n);
}

static const struct fuse_operations ops = {
	.init = op_init,
	.destroy = op_destroy,
	.getattr = op_getattr,
	.readdir = op_readdir,
	.open = op_open,
	.release = op_release,
	.read = op_read,
	.write = op_write,
	.poll = op_poll,
	.truncate = op_truncate,
	.mkdir = op_mkdir,
	.rmdir = op_rmdir,
	.create = op_create,
	.unlink = op_unlink,
	.rename = op_rename,
	.chmod = op_chmod,
	.chown = op_chown,
	.utimens = op_utimens,
};

/* ------------------------------------------------------------ main */

static void usage(FILE *f)
{
	fprintf(f, "usage: faketfs MOUNTPOINT [--log FILE] [--functions FILE] "
		"[--fail-on SYMBOL]... [--cpus N] [--fresh-read-zero] [-f] [-d]\n"
		"unmount with: fusermount3 -u MOUNTPOINT\n");
}

int main(int argc, char **argv)
{
	const char *mnt = NULL, *logpath = NULL, *funcs = NULL;
	char *fargv[16], mntreal[PATH_MAX], logreal[PATH_MAX];
	bool fg = false, debug = false;
	int i, fargc = 0, ret;

	fk_state_init(&state);
	state.ncpus = sysconf(_SC_NPROCESSORS_CONF);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			logpath = argv[++i];
		} else if (!strcmp(argv[i], "--functions") && i + 1 < argc) {
			funcs = argv[++i];
		} else if (!strcmp(argv[i], "--fail-on") && i + 1 < argc) {
			state.fail_on = realloc(state.fail_on,
						sizeof(char *) * (state.nfail_on + 1));
			if (!state.fail_on)
				abort();
			state.fail_on[state.nfail_on++] = fk_xstrdup(argv[++i]);
		} else if (!strcmp(argv[i], "--cpus") && i + 1 < argc) {
			state.ncpus = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--fresh-read-zero")) {
			fresh_read_zero = true;
		} else if (!strcmp(argv[i], "-f")) {
			fg = true;
		} else if (!strcmp(argv[i], "-d")) {
			debug = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && !mnt) {
			mnt = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!mnt || state.ncpus < 1 || state.ncpus > 4096) {
		usage(stderr);
		return 2;
	}
	if (!realpath(mnt, mntreal)) {
		fprintf(stderr, "faketfs: %s: %s\n", mnt, strerror(errno));
		return 1;
	}
	if (funcs && (ret = fk_funcs_load(&state, funcs))) {
		fprintf(stderr, "faketfs: %s: %s\n", funcs, strerror(-ret));
		return 1;
	}
	if (logpath) {
		char dir[PATH_MAX], *slash;

		/* the daemon runs in /: keep the file open, refuse a log inside the mount */
		snprintf(dir, sizeof(dir), "%s", logpath);
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		if (!realpath(slash ? (*dir ? dir : "/") : ".", logreal)) {
			fprintf(stderr, "faketfs: %s: %s\n", logpath, strerror(errno));
			return 1;
		}
		if (!strncmp(logreal, mntreal, strlen(mntreal)) &&
		    (logreal[strlen(mntreal)] == '/' || !logreal[strlen(mntreal)])) {
			fprintf(stderr, "faketfs: the log cannot be inside the mount\n");
			return 2;
		}
		log_fd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (log_fd < 0) {
			fprintf(stderr, "faketfs: %s: %s\n", logpath, strerror(errno));
			return 1;
		}
	}
	mount_time = time(NULL);
	fk_tree_init(&state, mount_time);

	fargv[fargc++] = argv[0];
	fargv[fargc++] = mntreal;
	fargv[fargc++] = "-s";		/* single-threaded: the model has no locks */
	fargv[fargc++] = "-o";
	fargv[fargc++] = "fsname=faketfs,subtype=faketfs,auto_unmount";
	if (fg)
		fargv[fargc++] = "-f";
	if (debug)
		fargv[fargc++] = "-d";
	fargv[fargc] = NULL;
	ret = fuse_main(fargc, fargv, &ops, NULL);
	if (log_fd >= 0)
		close(log_fd);
	fk_state_free(&state);	/* again, if the mount failed before init */
	return ret;
}
