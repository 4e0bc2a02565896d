/* snippet.h - read an nginx snippet annotation directive by directive.
 *
 * snippet_read tokenizes a '*-snippet' value (nginx_conf.h) and sorts
 * each directive into translatable (header directives, plain redirects),
 * droppable (no effect behind Envoy), unsupported or dangerous (code
 * execution, file access, arbitrary upstreams). When every directive is
 * translatable or droppable the snippet is convertible, and the header
 * operations and the redirect it stands for are listed, target-neutral.
 */
#ifndef I2H_SNIPPET_H
#define I2H_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

enum snip_class {
	SNIP_PARSE_ERROR,	/* the text is not nginx syntax */
	SNIP_DANGEROUS,
	SNIP_UNSUPPORTED,
	SNIP_DROPPABLE,
	SNIP_TRANSLATABLE,	/* listed only when the snippet is not convertible */
};

/* One thing to report, at byte offset off of the value. */
struct snip_item {
	enum snip_class cls;
	size_t off;
	char *msg;		/* owned; names the directive */
	bool rewrite;		/* a 'rewrite' directive not carried (listed in rewrites) */
};

/* A top-level 'rewrite REGEX REPLACEMENT [FLAG]' the snippet does not
 * carry itself (a Higress plugin may: emit_plugins.c). */
struct snip_rewrite {
	char *regex, *replacement;	/* owned */
	char *flag;			/* owned, "" for none */
	size_t off;
};

struct snip_header {
	char *name;		/* owned */
	char *value;		/* owned; NULL in remove lists */
};

struct snip_headers {
	struct snip_header *v;
	size_t n, cap;
};

enum { SNIP_ADD, SNIP_SET, SNIP_REMOVE, SNIP_NOPS };

struct snippet {
	struct snip_item *items;
	size_t nitems, icap;
	size_t ndirectives;
	bool convertible;	/* no parse error; every directive translatable or droppable */
	bool translates;	/* convertible and carries a header operation or redirect */
	struct snip_headers req[SNIP_NOPS];	/* request headers: add, set, remove */
	struct snip_headers resp[SNIP_NOPS];	/* response headers */
	char *redirect_url;	/* owned, or NULL */
	long redirect_code;
	char *notes;		/* owned: differences of a conversion to mention, or NULL */
	struct snip_rewrite *rewrites;	/* owned, in directive order */
	size_t nrewrites, rcap;
};

/* The start of the message of a 'rewrite' item (snip_item.rewrite). */
#define SNIP_REWRITE_MSG "'rewrite' is carried only as a redirect"

/* Is the short annotation name one of the snippets? */
bool snippet_name(const char *name);

/* Read value[0, len) of annotation short name 'name' into s (which the
 * function zeroes first). Allocates everything in s; free with
 * snippet_free(). */
void snippet_read(const char *name, const char *value, size_t len, struct snippet *s);
void snippet_free(struct snippet *s);

/* A Higress header-control annotation value: 'Name Value' lines for the
 * add and set lists, 'a,b' for remove. Allocated; caller frees. */
char *snippet_higress_value(const struct snip_headers *h, int op);

/* The rule id of an item class (rules/findings.yaml explains it), static. */
const char *snippet_rule_id(enum snip_class cls);


#endif
