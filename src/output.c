/* output.c - atomic output files. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int outfile_open(struct outfile *o, const char *target, bool keep_mode, FILE *err)
{
	const char *slash = strrchr(target, '/');
	int fd;

	memset(o, 0, sizeof(*o));
	o->target = xstrdup(target);
	o->keep_mode = keep_mode;
	if (slash)
		o->tmp = xasprintf("%.*s/.%s.i2h-XXXXXX", (int)(slash - target), target, slash + 1);
	else
		o->tmp = xasprintf(".%s.i2h-XXXXXX", target);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		fprintf(err, "%s: error: cannot create a temporary file beside it: %s\n", target, errstr(errno));
		free(o->tmp);
		free(o->target);
		o->tmp = o->target = NULL;
		return -1;
	}
	o->fp = fdopen(fd, "wb");
	if (o->fp == NULL) {
		fprintf(err, "%s: error: %s\n", target, errstr(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, FILE *err)
{
	struct stat sb;
	int rc = 0;

	if (o->tmp == NULL)
		return -1;
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		fprintf(err, "%s: error: cannot write: %s\n", o->target, errstr(errno));
		rc = -1;
	}
	if (rc == 0) {
		mode_t mode = 0666;
		mode_t mask = umask(0);
		umask(mask);
		mode &= ~mask;
		if (o->keep_mode && stat(o->target, &sb) == 0)
			mode = sb.st_mode & 07777;
		if (fchmod(fileno(o->fp), mode) != 0) {
			fprintf(err, "%s: error: cannot set mode: %s\n", o->target, errstr(errno));
			rc = -1;
		}
	}
	if (fclose(o->fp) != 0 && rc == 0) {
		fprintf(err, "%s: error: cannot write: %s\n", o->target, errstr(errno));
		rc = -1;
	}
	o->fp = NULL;
	if (rc == 0 && rename(o->tmp, o->target) != 0) {
		fprintf(err, "%s: error: cannot replace: %s\n", o->target, errstr(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	free(o->target);
	o->tmp = o->target = NULL;
}
