/* regex_verdicts.c - the tool's RE2 verdict for each pattern of a file,
 * for the differential test tests/regex_diff.go.
 *
 * Usage: regex-verdicts FILE
 * FILE holds one pattern a line (a pattern has no line break). Prints one
 * line per pattern: "ok", "differs", "not-re2" or "syntax", a tab, and the
 * first issue's message (or nothing). Exit 0, or 2 on a usage or read
 * error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_compat.h"

static const char *verdict_name(enum rx_verdict v)
{
	switch (v) {
	case RX_OK: return "ok";
	case RX_DIFFERS: return "differs";
	case RX_NOT_RE2: return "not-re2";
	case RX_SYNTAX: return "syntax";
	}
	return "?";
}

int main(int argc, char **argv)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (argc != 2) {
		fputs("usage: regex-verdicts FILE\n", stderr);
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (f == NULL) {
		perror(argv[1]);
		return 2;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct rx_check c = {0};
		enum rx_verdict v;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		v = regex_check(line, (size_t)n, &c);
		printf("%s\t%s\n", verdict_name(v), c.n ? c.v[0].msg : "");
		rx_check_free(&c);
	}
	free(line);
	if (ferror(f)) {
		perror(argv[1]);
		fclose(f);
		return 2;
	}
	fclose(f);
	return 0;
}
