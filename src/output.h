/* output.h - safe output files.
 *
 * Content is written to a temporary file first and reaches its target only
 * when everything succeeded, so on any error the target is untouched:
 *  - a regular file (or a name that does not exist yet) is replaced by
 *    renaming a temporary file beside it over it, with the owner, group
 *    and mode of the file it replaces; symbolic links are followed and
 *    the file they finally name is replaced, the links stay;
 *  - anything else (a character device, a FIFO, a socket, '-' for standard
 *    output, a /proc magic link such as /dev/stdout or /proc/self/fd/N) is
 *    written directly, from an anonymous temporary file, at commit;
 *  - a regular file with more than one hard link is refused (replacing it
 *    would split the links; rewriting it in place would not be atomic).
 * With OUTFILE_VERIFY the content is parsed again (stream_run) before it
 * is committed, and a text that does not parse is an internal bug that
 * replaces nothing.
 */
#ifndef I2H_OUTPUT_H
#define I2H_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

enum {
	OUTFILE_VERIFY = 1,	/* re-read the content as YAML before commit */
	OUTFILE_REGULAR = 2,	/* the target must be a regular file (--in-place) */
};

struct out_sink;

struct outfile {
	char *name;		/* owned: the target as given, for messages; NULL when closed */
	char *path;		/* owned: the file it finally names (links followed) */
	char *tmp;		/* owned: the temporary file beside path, or NULL (direct) */
	FILE *fp;		/* where the content goes until commit */
	struct out_sink *sink;	/* owned: fp's descriptor and first write error */
	unsigned flags;
	bool direct;		/* written directly at commit, not renamed */
	int magic_fd;		/* direct: our own descriptor the target names, or -1 */
	int dest;		/* direct: the target, open after prepare, or -1 */
	bool prepared;
};

/* Open target for writing ('-' is standard output). Returns 0, or -1
 * after a 'TARGET: error: ...' message on err (nothing is left behind).
 * The outfile owns what it allocates until outfile_commit() or
 * outfile_abort() releases it. */
int outfile_open(struct outfile *o, const char *target, unsigned flags, FILE *err);
/* Is o open (neither committed nor aborted)? */
bool outfile_is_open(const struct outfile *o);
/* Make the content final without touching the target yet: flush, check
 * that every write succeeded, verify, give the temporary file its owner,
 * group and mode, sync; open a direct target. Returns 0, or -1 after a
 * message (then only outfile_abort() is left to do). */
int outfile_prepare(struct outfile *o, FILE *err);
/* Prepare if not done, then rename the temporary file over the target or
 * copy the content into it. Releases o. Returns 0, or -1 after a message
 * (a regular target is then untouched, the temporary file removed). */
int outfile_commit(struct outfile *o, FILE *err);
/* Release o: close and remove the temporary file, target untouched. */
void outfile_abort(struct outfile *o);

/* What a path or descriptor leads to, to tell whether two names are one
 * file: an existing file's device and inode, else the real path of its
 * directory and its name (symbolic links followed in both cases). */
struct file_id {
	bool exists;
	dev_t dev;
	ino_t ino;
	mode_t mode;
	char *where;		/* owned: the resolved name of a file that does not exist, or NULL */
};

/* Fill id for path. Never fails: what cannot be resolved is unlike
 * everything. Release with file_id_free(). */
void file_id_path(struct file_id *id, const char *path);
/* Fill id for an open descriptor (not existing when fd is not open). */
void file_id_fd(struct file_id *id, int fd);
/* Are a and b one file that cannot take two writers at once (a regular
 * file or a FIFO; not a character device or socket, which can)? */
bool file_id_same(const struct file_id *a, const struct file_id *b);
void file_id_free(struct file_id *id);

#endif
