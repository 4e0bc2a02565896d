/* nginx_conf.h - a tokenizer for nginx configuration text (snippets).
 *
 * ngx_parse reads directives, their arguments, '{ }' blocks, single and
 * double quoted strings with backslash escapes, '$variables' and '#'
 * comments, the way nginx's own reader splits them. It never recurses,
 * runs in time linear in the input, and keeps going after an error, so a
 * hostile snippet (unterminated quotes, 10k-deep braces, NUL bytes) gives
 * a list of errors rather than a crash. Every token keeps its byte offset
 * in the text, so findings can point into the user's file.
 */
#ifndef I2H_NGINX_CONF_H
#define I2H_NGINX_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct ngx_arg {
	char *text;		/* unescaped, NUL-terminated (owned) */
	size_t len;
	size_t off;		/* byte offset of the token (its quote, if quoted) */
	char quote;		/* '\'', '"' or 0 */
	bool has_var;		/* an unescaped '$' followed by a name or '{' */
};

struct ngx_directive {
	char *name;		/* owned */
	size_t off;		/* byte offset of the name */
	struct ngx_arg *args;	/* owned */
	size_t nargs;
	size_t depth;		/* 0 at the top level */
	long parent;		/* index of the enclosing block directive, or -1 */
	bool block;		/* opened a '{' block */
	bool raw_block;		/* its block is not nginx syntax (a *_by_lua_block's
				 * Lua code) and was skipped, not read */
};

struct ngx_error {
	size_t off;		/* byte offset the error points at */
	char *msg;		/* owned; lowercase, no full stop */
};

struct ngx_conf {
	struct ngx_directive *v;
	size_t n, cap;
	struct ngx_error *errs;
	size_t nerrs, ecap;
};

/* Blocks nested deeper than this are an error (their directives are still
 * listed, at the depth cap). */
#define NGX_MAX_DEPTH 64

/* Read text[0, len) (NUL bytes included: they are errors) into out, which
 * the caller zeroes first and releases with ngx_conf_free(). Returns the
 * number of errors. Allocates all of out's strings and arrays. */
size_t ngx_parse(const char *text, size_t len, struct ngx_conf *out);
void ngx_conf_free(struct ngx_conf *c);

#endif
