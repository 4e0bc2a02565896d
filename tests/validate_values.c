/* validate_values.c - the tool's verdict on annotation values, for the
 * differential test against Go (tests/validators_diff.go).
 *
 * Reads lines "NAME<TAB>HEX" from standard input, HEX being the value's
 * bytes in hexadecimal (so values may hold any byte, newlines included),
 * and prints one line "1" (valid), "0" (invalid) or "-1" (the check could
 * not run) per input line; "?" when NAME has no rule. Exit status 0, or 2
 * on malformed input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

static int hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int main(void)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (rs == NULL)
		return 2;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *tab = strchr(line, '\t'), *hex, *val;
		const struct rule *r;
		size_t n, i;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (tab == NULL) {
			fprintf(stderr, "validate-values: malformed line '%s'\n", line);
			free(line);
			ruleset_free(rs);
			return 2;
		}
		*tab = '\0';
		hex = tab + 1;
		n = strlen(hex) / 2;
		val = malloc(n + 1);	/* freed below */
		if (val == NULL)
			return 2;
		for (i = 0; i < n; i++) {
			int hi = hexdigit(hex[2 * i]), lo = hexdigit(hex[2 * i + 1]);
			if (hi < 0 || lo < 0)
				break;
			val[i] = (char)(hi * 16 + lo);
		}
		val[i] = '\0';
		r = ruleset_find(rs, line);
		/* a value holding NUL cannot be an annotation of ours: Go's side
		 * never sends one */
		if (r == NULL)
			puts("?");
		else
			printf("%d\n", rule_check_value(rs, r, val, NULL));
		free(val);
	}
	free(line);
	ruleset_free(rs);
	return 0;
}
