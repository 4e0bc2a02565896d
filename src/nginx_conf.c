/* nginx_conf.c - a tokenizer for nginx configuration text (see nginx_conf.h). */
#include "nginx_conf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Errors beyond this many are summed up in one last error. */
#define MAX_ERRORS 64

struct reader {
	const char *s;
	size_t len, i;
	struct ngx_conf *c;
	struct ngx_arg *words;	/* the directive being read: name, then arguments */
	size_t nwords, wcap;
	long *stack;		/* open block directives */
	size_t depth, scap;
	bool deep_said;
};

static void error(struct reader *r, size_t off, const char *msg)
{
	struct ngx_conf *c = r->c;

	if (c->nerrs > MAX_ERRORS)
		return;
	grow_array((void **)&c->errs, &c->ecap, c->nerrs + 1, sizeof(*c->errs));
	c->errs[c->nerrs].off = off;
	c->errs[c->nerrs].msg = xstrdup(c->nerrs == MAX_ERRORS ? "too many errors; the rest are not listed" : msg);
	c->nerrs++;
}

static bool space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\0';
}

static bool name_start(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '{';
}

/* The unescaped character for '\ch' (quoted or not, as nginx reads it),
 * or 0 when nginx keeps the backslash. */
static char unescape(char ch)
{
	switch (ch) {
	case '"':
	case '\'':
	case '\\':
		return ch;
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case 'n':
		return '\n';
	default:
		return 0;
	}
}

/* Read one argument starting at r->i (not a special character) and append
 * it to r->words. */
static void read_word(struct reader *r)
{
	struct buf b = {0};
	struct ngx_arg a;
	char quote = 0;

	memset(&a, 0, sizeof(a));
	a.off = r->i;
	if (r->s[r->i] == '"' || r->s[r->i] == '\'') {
		bool closed = false;
		quote = r->s[r->i++];
		while (r->i < r->len) {
			char ch = r->s[r->i];
			if (ch == quote) {
				r->i++;
				closed = true;
				break;
			}
			if (ch == '\\' && r->i + 1 < r->len) {
				char u = unescape(r->s[r->i + 1]);
				if (u) {
					buf_addc(&b, u);
					r->i += 2;
					continue;
				}
			} else if (ch == '$' && r->i + 1 < r->len && name_start(r->s[r->i + 1])) {
				a.has_var = true;
			} else if (ch == '\0') {
				error(r, r->i, "NUL byte in the snippet");
			}
			buf_addc(&b, ch);
			r->i++;
		}
		if (!closed)
			error(r, a.off, quote == '"' ? "unterminated double-quoted string"
						     : "unterminated single-quoted string");
		else if (r->i < r->len && !space(r->s[r->i]) && !strchr(";{}", r->s[r->i]))
			error(r, r->i, "unexpected character after a quoted string");
	} else {
		while (r->i < r->len) {
			char ch = r->s[r->i];
			if (space(ch) || ch == ';' || ch == '{' || ch == '}')
				break;
			if (ch == '\\' && r->i + 1 < r->len) {
				char u = unescape(r->s[r->i + 1]);
				if (!u)
					buf_addc(&b, ch);	/* kept, as in a regex: '\.' */
				buf_addc(&b, u ? u : r->s[r->i + 1]);
				r->i += 2;
				continue;
			}
			if (ch == '$' && r->i + 1 < r->len && name_start(r->s[r->i + 1]))
				a.has_var = true;
			buf_addc(&b, ch);
			r->i++;
		}
	}
	a.quote = quote;
	a.len = b.len;
	a.text = b.len ? buf_detach(&b) : xstrdup("");
	grow_array((void **)&r->words, &r->wcap, r->nwords + 1, sizeof(*r->words));
	r->words[r->nwords++] = a;
}

/* Turn the words read into a directive; returns its index. */
static long finish(struct reader *r, bool block)
{
	struct ngx_conf *c = r->c;
	struct ngx_directive *d;

	grow_array((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	d = &c->v[c->n];
	memset(d, 0, sizeof(*d));
	d->name = r->words[0].text;
	d->off = r->words[0].off;
	d->nargs = r->nwords - 1;
	if (d->nargs) {
		d->args = xmalloc(d->nargs * sizeof(*d->args));
		memcpy(d->args, r->words + 1, d->nargs * sizeof(*d->args));
	}
	d->depth = r->depth;
	d->parent = r->depth ? r->stack[r->depth - 1] : -1;
	d->block = block;
	r->nwords = 0;
	return (long)c->n++;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Skip a Lua block body from just after its '{' to just after the
 * matching '}', honouring Lua strings and comments. Allocates nothing. */
static void skip_lua(struct reader *r, size_t open)
{
	size_t depth = 1;

	while (r->i < r->len) {
		char ch = r->s[r->i];
		if (ch == '"' || ch == '\'') {
			r->i++;
			while (r->i < r->len && r->s[r->i] != ch && r->s[r->i] != '\n')
				r->i += r->s[r->i] == '\\' ? 2 : 1;
			r->i++;
		} else if (ch == '-' && r->i + 1 < r->len && r->s[r->i + 1] == '-') {
			while (r->i < r->len && r->s[r->i] != '\n')
				r->i++;
		} else if (ch == '[' && r->i + 1 < r->len && r->s[r->i + 1] == '[') {
			const char *e = NULL;
			for (size_t j = r->i + 2; j + 1 < r->len && !e; j++)
				if (r->s[j] == ']' && r->s[j + 1] == ']')
					e = r->s + j;
			r->i = e ? (size_t)(e - r->s) + 2 : r->len;
		} else {
			if (ch == '{')
				depth++;
			else if (ch == '}' && --depth == 0) {
				r->i++;
				return;
			}
			r->i++;
		}
	}
	r->i = r->len;
	error(r, open, "the Lua block is not closed");
}

static void open_block(struct reader *r, size_t at)
{
	long d;

	if (r->nwords == 0) {
		error(r, at, "'{' without a directive name");
		d = -1;
	} else {
		d = finish(r, true);
	}
	if (d >= 0 && ends_with(r->c->v[d].name, "_by_lua_block")) {
		r->c->v[d].block = false;
		r->c->v[d].raw_block = true;
		skip_lua(r, at);
		return;
	}
	if (r->depth == NGX_MAX_DEPTH && !r->deep_said) {
		error(r, at, "blocks nested too deeply");
		r->deep_said = true;
	}
	grow_array((void **)&r->stack, &r->scap, r->depth + 1, sizeof(*r->stack));
	r->stack[r->depth++] = d;
}

size_t ngx_parse(const char *text, size_t len, struct ngx_conf *out)
{
	struct reader r;

	memset(&r, 0, sizeof(r));
	r.s = text;
	r.len = len;
	r.c = out;
	while (r.i < len) {
		char ch = text[r.i];
		if (ch == '\0') {
			error(&r, r.i, "NUL byte in the snippet");
			r.i++;
		} else if (space(ch)) {
			r.i++;
		} else if (ch == '#') {
			while (r.i < len && text[r.i] != '\n')
				r.i++;
		} else if (ch == ';') {
			if (r.nwords == 0)
				error(&r, r.i, "';' without a directive");
			else
				(void)finish(&r, false);
			r.i++;
		} else if (ch == '{') {
			r.i++;
			open_block(&r, r.i - 1);
		} else if (ch == '}') {
			if (r.nwords) {
				error(&r, r.words[0].off, "directive is not terminated by ';'");
				(void)finish(&r, false);
			}
			if (r.depth == 0)
				error(&r, r.i, "unexpected '}'");
			else
				r.depth--;
			r.i++;
		} else {
			read_word(&r);
		}
	}
	if (r.nwords) {
		error(&r, r.words[0].off, "directive is not terminated by ';'");
		(void)finish(&r, false);
	}
	while (r.depth > 0) {
		long d = r.stack[--r.depth];
		if (d >= 0)
			error(&r, out->v[d].off, "block is not closed by '}'");
	}
	free(r.words);
	free(r.stack);
	return out->nerrs;
}

void ngx_conf_free(struct ngx_conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		for (size_t j = 0; j < c->v[i].nargs; j++)
			free(c->v[i].args[j].text);
		free(c->v[i].args);
	}
	free(c->v);
	for (size_t i = 0; i < c->nerrs; i++)
		free(c->errs[i].msg);
	free(c->errs);
	memset(c, 0, sizeof(*c));
}
