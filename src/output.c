/* output.c - safe output files. */
#define _GNU_SOURCE	/* fopencookie: to keep the errno of a failed write */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "stream.h"
#include "util.h"

#define MAX_LINKS 40	/* as the kernel's ELOOP limit */

/* The descriptor behind an outfile's FILE and the first write error. */
struct out_sink {
	int fd;
	int werr;
};

/* The cookie's write: all of p to the descriptor, or 0 with the first
 * error kept. Allocates nothing. */
static ssize_t sink_write(void *cookie, const char *p, size_t n)
{
	struct out_sink *s = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(s->fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (s->werr == 0)
				s->werr = w < 0 ? errno : EIO;
			return 0;	/* fopencookie(3): 0 on error, never negative */
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

/* The cookie's close: closes the descriptor; the sink itself is freed by
 * its outfile. */
static int sink_close(void *cookie)
{
	struct out_sink *s = cookie;
	int rc = close(s->fd);

	s->fd = -1;
	return rc;
}

/* A FILE writing to fd that remembers the first write error. Takes fd
 * (closed by fclose); NULL with errno set and fd closed on failure. The
 * sink is allocated into *sinkp; the caller frees it after fclose. */
static FILE *sink_open(int fd, struct out_sink **sinkp)
{
	cookie_io_functions_t io = { .read = NULL, .write = sink_write, .seek = NULL, .close = sink_close };
	struct out_sink *s = xcalloc(1, sizeof(*s));
	FILE *f;

	s->fd = fd;
	f = fopencookie(s, "w", io);
	if (f == NULL) {
		int e = errno;
		close(fd);
		free(s);
		errno = e;
		return NULL;
	}
	/* a 64 KiB buffer (stdio's own, freed by fclose) rather than the
	 * default 8 KiB: fewer write(2) calls on large results */
	(void)setvbuf(f, NULL, _IOFBF, (size_t)64 << 10);
	*sinkp = s;
	return f;
}

/* The directory part of path ("." when there is none). Allocates. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* The last component of path; borrowed from path. */
static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The target of symbolic link path; allocates. NULL with errno set. */
static char *read_link(const char *path)
{
	size_t cap = 256;

	for (;;) {
		char *b = xmalloc(cap);
		ssize_t n = readlink(path, b, cap);
		if (n < 0) {
			int e = errno;
			free(b);
			errno = e;
			return NULL;
		}
		if ((size_t)n < cap) {
			b[n] = '\0';
			return b;
		}
		free(b);
		if (cap > SIZE_MAX / 2) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		cap *= 2;
	}
}

/* Is link path a /proc magic link (/proc/PID/fd/N, and so /dev/stdout,
 * /dev/fd/N)? It names an open file, not a path. Sets *own_fd to N when
 * it is one of this process's descriptors, else -1. Allocates nothing
 * that outlives the call. */
static bool proc_link(const char *path, int *own_fd)
{
	bool magic = false;

	*own_fd = -1;
#ifdef __linux__
	{
		char *dir = dir_of(path), *real;
		struct statfs sf;
		if (statfs(dir, &sf) == 0 && sf.f_type == 0x9fa0 /* PROC_SUPER_MAGIC */) {
			magic = true;
			real = realpath(dir, NULL);
			if (real) {
				char *mine = xasprintf("/proc/%ld/fd", (long)getpid());
				char *task = xasprintf("/proc/%ld/task/%ld/fd", (long)getpid(), (long)getpid());
				const char *b = base_of(path), *p = b;
				while (*p >= '0' && *p <= '9')
					p++;
				if ((strcmp(real, mine) == 0 || strcmp(real, task) == 0) && p > b && *p == '\0' &&
				    p - b < 10)
					*own_fd = atoi(b);
				free(mine);
				free(task);
				free(real);
			}
		}
		free(dir);
	}
#else
	(void)path;
#endif
	return magic;
}

/* Follow the symbolic links of path to the name it finally stands for,
 * which need not exist. Allocates the result; NULL with errno set (ELOOP,
 * a link that cannot be read). *magic is set when the chain ends at a
 * /proc magic link (the result is that link), *own_fd as proc_link(). */
static char *resolve_links(const char *path, bool *magic, int *own_fd)
{
	char *p = xstrdup(path);
	struct stat sb;

	*magic = false;
	*own_fd = -1;
	for (int hops = 0;; hops++) {
		char *t, *next;
		if (lstat(p, &sb) != 0) {
			if (errno == ENOENT)
				return p;	/* a new file (or a dangling link's target) */
			goto fail;
		}
		if (!S_ISLNK(sb.st_mode))
			return p;
		if (proc_link(p, own_fd)) {
			*magic = true;
			return p;
		}
		if (hops >= MAX_LINKS) {
			errno = ELOOP;
			goto fail;
		}
		t = read_link(p);
		if (t == NULL)
			goto fail;
		if (t[0] == '/') {
			next = t;
		} else {
			char *dir = dir_of(p);
			next = xasprintf("%s/%s", dir, t);
			free(dir);
			free(t);
		}
		free(p);
		p = next;
	}
fail:
	{
		int e = errno;
		free(p);
		errno = e;
		return NULL;
	}
}

bool outfile_is_open(const struct outfile *o)
{
	return o->name != NULL;
}

/* Free everything o owns, removing a temporary file that was not renamed
 * into place; o is left closed. */
static void release(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);	/* closes the sink's descriptor; errors do not matter here */
	if (o->tmp)
		unlink(o->tmp);
	if (o->dest >= 0)
		close(o->dest);
	free(o->sink);
	free(o->tmp);
	free(o->path);
	free(o->name);
	memset(o, 0, sizeof(*o));
	o->magic_fd = o->dest = -1;
}

int outfile_open(struct outfile *o, const char *target, unsigned flags, FILE *err)
{
	struct stat sb;
	bool magic = false;
	int fd;

	memset(o, 0, sizeof(*o));
	o->magic_fd = o->dest = -1;
	o->name = xstrdup(target);
	o->flags = flags;
	if (strcmp(target, "-") == 0) {
		o->direct = true;
		o->magic_fd = STDOUT_FILENO;
	} else {
		o->path = resolve_links(target, &magic, &o->magic_fd);
		if (o->path == NULL) {
			fprintf(err, "%s: error: %s\n", target, errstr(errno));
			goto fail;
		}
		if (magic || (stat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode))) {
			if (!magic && S_ISDIR(sb.st_mode)) {
				fprintf(err, "%s: error: is a directory\n", target);
				goto fail;
			}
			o->direct = true;
		}
	}
	if (o->direct && (flags & OUTFILE_REGULAR)) {
		fprintf(err, "%s: error: not a regular file, cannot be rewritten in place\n", target);
		goto fail;
	}
	if (o->direct) {
		/* the content waits in an anonymous temporary file */
		FILE *t = tmpfile();
		fd = t ? dup(fileno(t)) : -1;
		if (t == NULL || fd < 0) {
			fprintf(err, "%s: error: cannot create a temporary file: %s\n", target, errstr(errno));
			if (t)
				fclose(t);
			goto fail;
		}
		fclose(t);
	} else {
		char *dir = dir_of(o->path);
		/* a long name is shortened so that the temporary one still fits
		 * in NAME_MAX (255 on Linux) */
		o->tmp = xasprintf("%s/.%.200s.i2h-XXXXXX", dir, base_of(o->path));
		free(dir);
		fd = mkstemp(o->tmp);
		if (fd < 0) {
			fprintf(err, "%s: error: cannot create a temporary file beside it: %s\n", target,
				errstr(errno));
			free(o->tmp);
			o->tmp = NULL;
			goto fail;
		}
	}
	o->fp = sink_open(fd, &o->sink);
	if (o->fp == NULL) {
		fprintf(err, "%s: error: %s\n", target, errstr(errno));
		goto fail;
	}
	return 0;
fail:
	release(o);
	return -1;
}

/* Parse the content again with libyaml, events only (stream_check: memory
 * does not grow with the largest document). Returns 0, or
 * -1 after a message (the reader's own, captured, follows ours).
 * Allocates nothing that outlives the call. */
static int verify(struct outfile *o, FILE *err)
{
	char *msg = NULL;
	size_t msglen = 0;
	FILE *cap = open_memstream(&msg, &msglen);
	int rfd = dup(o->sink->fd);
	FILE *in = NULL;
	int rc = -1;

	if (cap == NULL || rfd < 0 || lseek(rfd, 0, SEEK_SET) != 0 || (in = fdopen(rfd, "rb")) == NULL) {
		fprintf(err, "%s: error: cannot read back the new content: %s\n", o->name, errstr(errno));
		if (rfd >= 0 && in == NULL)
			close(rfd);
		goto out;
	}
	rc = stream_check(o->name, in, cap);
	if (fclose(cap) != 0) {
		cap = NULL;
		fprintf(err, "%s: error: cannot read back the new content: %s\n", o->name, errstr(errno));
		rc = -1;
		goto out;
	}
	cap = NULL;
	if (rc != 0)
		fprintf(err, "%s: error: internal bug: the converted text does not parse, so it %s; "
			"please report this with the input\n%s",
			o->name, o->direct ? "is not written" : "replaces nothing", msg ? msg : "");
out:
	if (in)
		fclose(in);
	if (cap)
		fclose(cap);
	free(msg);
	return rc;
}

/* Give the temporary file the owner, group and mode of the file it
 * replaces (the owner only where the process may). Returns 0 or -1
 * after a message. */
static int copy_metadata(struct outfile *o, FILE *err)
{
	int fd = o->sink->fd;
	struct stat sb;
	mode_t mode;

	if (stat(o->path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			fprintf(err, "%s: error: is no longer a regular file\n", o->name);
			return -1;
		}
		if (sb.st_nlink > 1) {
			fprintf(err, "%s: error: has %ju hard links: not replaced, since a new file would "
				"split them and rewriting it in place would not be atomic\n",
				o->name, (uintmax_t)sb.st_nlink);
			return -1;
		}
		if (fchown(fd, sb.st_uid, sb.st_gid) != 0) {
			/* not permitted to give the file away: keep at least the
			 * group if we may, else the file becomes ours */
			if (errno != EPERM || (fchown(fd, (uid_t)-1, sb.st_gid) != 0 && errno != EPERM)) {
				fprintf(err, "%s: error: cannot set the owner: %s\n", o->name, errstr(errno));
				return -1;
			}
		}
		mode = sb.st_mode & 07777;
	} else if (errno == ENOENT) {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	} else {
		fprintf(err, "%s: error: %s\n", o->name, errstr(errno));
		return -1;
	}
	if (fchmod(fd, mode) != 0) {
		fprintf(err, "%s: error: cannot set mode: %s\n", o->name, errstr(errno));
		return -1;
	}
	return 0;
}

int outfile_prepare(struct outfile *o, FILE *err)
{
	if (o->name == NULL)
		return -1;
	if (o->prepared)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp) || o->sink->werr) {
		int e = o->sink->werr ? o->sink->werr : errno;
		fprintf(err, "%s: error: cannot write: %s\n", o->name, errstr(e));
		return -1;
	}
	if ((o->flags & OUTFILE_VERIFY) && verify(o, err) != 0)
		return -1;
	if (!o->direct) {
		if (copy_metadata(o, err) != 0)
			return -1;
		if (fsync(o->sink->fd) != 0) {
			fprintf(err, "%s: error: cannot write: %s\n", o->name, errstr(errno));
			return -1;
		}
	} else if (o->magic_fd >= 0) {
		o->dest = fcntl(o->magic_fd, F_DUPFD_CLOEXEC, 0);
		if (o->dest < 0) {
			fprintf(err, "%s: error: cannot write: %s\n",
				strcmp(o->name, "-") == 0 ? "<stdout>" : o->name, errstr(errno));
			return -1;
		}
	} else {
		struct stat sb;
		int fl = O_WRONLY | O_NOCTTY | O_CLOEXEC;
		if (stat(o->path, &sb) == 0 && S_ISREG(sb.st_mode))
			fl |= O_TRUNC;	/* a regular file behind another process's /proc link */
		o->dest = open(o->path, fl);
		if (o->dest < 0) {
			fprintf(err, "%s: error: cannot open: %s\n", o->name, errstr(errno));
			return -1;
		}
	}
	o->prepared = true;
	return 0;
}

/* Copy the content from fd (from its start) to dest. 0, or -1 with errno.
 * The buffer is its own (input-sized data never sits in a fixed array). */
static int copy_fd(int fd, int dest)
{
	char *buf;
	int rc = 0;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	for (;;) {	/* in the kernel where it can (not to every target) */
		ssize_t n = sendfile(dest, fd, NULL, 1 << 30);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n == 0)
			return 0;
		if (errno != EINVAL && errno != ENOSYS)
			return -1;
		break;	/* the rest by read and write, from where it stopped */
	}
	buf = xmalloc(65536);
	for (;;) {
		ssize_t n = read(fd, buf, 65536), done = 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		while (done < n) {
			ssize_t w = write(dest, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				if (w == 0)
					errno = EIO;
				rc = -1;
				break;
			}
			done += w;
		}
		if (rc)
			break;
	}
	free(buf);
	return rc;
}

/* Make a rename durable; a directory that cannot be synced (some file
 * systems refuse) changes nothing about the result, so failures are
 * ignored. */
static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int outfile_commit(struct outfile *o, FILE *err)
{
	int rc = 0;

	if (outfile_prepare(o, err) != 0) {
		release(o);
		return -1;
	}
	if (o->direct) {
		const char *name = strcmp(o->name, "-") == 0 ? "<stdout>" : o->name;
		if (copy_fd(o->sink->fd, o->dest) != 0) {
			fprintf(err, "%s: error: cannot write: %s\n", name, errstr(errno));
			rc = -1;
		}
		if (close(o->dest) != 0 && rc == 0) {
			fprintf(err, "%s: error: cannot write: %s\n", name, errstr(errno));
			rc = -1;
		}
		o->dest = -1;
	} else {
		int closed = fclose(o->fp);
		o->fp = NULL;
		if (closed != 0) {
			fprintf(err, "%s: error: cannot write: %s\n", o->name, errstr(errno));
			rc = -1;
		} else if (rename(o->tmp, o->path) != 0) {
			fprintf(err, "%s: error: cannot replace: %s\n", o->name, errstr(errno));
			rc = -1;
		} else {
			free(o->tmp);
			o->tmp = NULL;	/* renamed: nothing to remove */
			sync_dir(o->path);
		}
	}
	release(o);
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->name)
		release(o);
}

/* file identity ---------------------------------------------------------- */

/* Fill id from sb; allocates nothing. */
static void id_from_stat(struct file_id *id, const struct stat *sb)
{
	id->exists = true;
	id->dev = sb->st_dev;
	id->ino = sb->st_ino;
	id->mode = sb->st_mode;
}

void file_id_path(struct file_id *id, const char *path)
{
	struct stat sb;
	bool magic;
	int own_fd;
	char *p;

	memset(id, 0, sizeof(*id));
	if (stat(path, &sb) == 0) {
		id_from_stat(id, &sb);
		return;
	}
	p = resolve_links(path, &magic, &own_fd);
	if (p && !magic && lstat(p, &sb) != 0 && errno == ENOENT) {
		char *dir = dir_of(p), *real = realpath(dir, NULL);
		if (real)
			id->where = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real, base_of(p));
		free(real);
		free(dir);
	}
	free(p);
}

void file_id_fd(struct file_id *id, int fd)
{
	struct stat sb;

	memset(id, 0, sizeof(*id));
	if (fstat(fd, &sb) == 0)
		id_from_stat(id, &sb);
}

bool file_id_same(const struct file_id *a, const struct file_id *b)
{
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino && !S_ISCHR(a->mode) && !S_ISSOCK(a->mode);
	return a->where && b->where && strcmp(a->where, b->where) == 0;
}

void file_id_free(struct file_id *id)
{
	free(id->where);
	id->where = NULL;
}
