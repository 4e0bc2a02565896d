/* fuzz_snippet.c - libFuzzer target: the nginx snippet tokenizer and the
 * directive classifier (src/nginx_conf.c, src/snippet.c), fed a snippet
 * value directly, NUL bytes included. Invariants: every offset lies in the
 * input, and only a snippet without findings that block it converts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nginx_conf.h"
#include "snippet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "configuration-snippet", "server-snippet", "auth-snippet",
		"modsecurity-snippet", "stream-snippet" };
	const char *text = (const char *)data;
	struct ngx_conf c;
	struct snippet s;

	memset(&c, 0, sizeof(c));
	if (ngx_parse(text, size, &c) != c.nerrs)
		broken("error count");
	for (size_t i = 0; i < c.n; i++)
		if (c.v[i].off >= size || (c.v[i].parent >= 0 && (size_t)c.v[i].parent >= i))
			broken("directive offset or parent");
	for (size_t i = 0; i < c.nerrs; i++)
		if (c.errs[i].off > size)
			broken("error offset");
	ngx_conf_free(&c);
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		snippet_read(names[k], text, size, &s);
		for (size_t i = 0; i < s.nitems; i++) {
			if (s.items[i].off > size)
				broken("item offset");
			if (s.convertible && s.items[i].cls != SNIP_DROPPABLE)
				broken("a convertible snippet with a blocking finding");
		}
		snippet_free(&s);
	}
	return 0;
}
