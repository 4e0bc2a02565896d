/* output.h - atomic output files: write to a temporary file beside the
 * target, then rename it over the target only when everything succeeded,
 * so on any error the original is untouched.
 */
#ifndef I2H_OUTPUT_H
#define I2H_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

struct outfile {
	char *target;	/* owned */
	char *tmp;	/* owned; NULL once committed or aborted */
	FILE *fp;	/* the temporary file, open for writing */
	bool keep_mode;	/* give the result the target's current mode */
};

/* Open a temporary file beside target. keep_mode copies the mode of an
 * existing target at commit. Returns 0, or -1 after a message on err. */
int outfile_open(struct outfile *o, const char *target, bool keep_mode, FILE *err);
/* Flush, sync and rename over the target. Returns 0, or -1 (the
 * temporary file is removed and the target untouched). */
int outfile_commit(struct outfile *o, FILE *err);
/* Close and remove the temporary file. */
void outfile_abort(struct outfile *o);

#endif
