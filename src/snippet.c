/* snippet.c - read an nginx snippet directive by directive (see snippet.h). */
#include "snippet.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nginx_conf.h"
#include "util.h"

/* Gateway API allows this many entries per header modifier list. */
#define MAX_HEADERS 16

enum kind { K_LOCATION, K_SERVER, K_AUTH, K_STREAM, K_OTHER };

struct ctx {
	struct snippet *s;
	enum kind kind;
	struct buf notes;
	bool redirect_seen;
};

static void item(struct snippet *s, enum snip_class cls, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void item(struct snippet *s, enum snip_class cls, size_t off, const char *fmt, ...)
{
	va_list ap;
	struct buf b = {0};

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	grow_array((void **)&s->items, &s->icap, s->nitems + 1, sizeof(*s->items));
	s->items[s->nitems].cls = cls;
	s->items[s->nitems].off = off;
	s->items[s->nitems++].msg = buf_detach(&b);
}

static void note(struct ctx *c, const char *text)
{
	if (strstr(buf_cstr(&c->notes), text))
		return;
	buf_adds(&c->notes, c->notes.len ? "; " : "");
	buf_adds(&c->notes, text);
}

bool snippet_name(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && strcmp(name + n - 8, "-snippet") == 0;
}

/* An HTTP header name (RFC 9110 token). */
static bool token(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || (!isalnum((unsigned char)s[i]) && !strchr("!#$%&'*+-.^_`|~", s[i])))
			return false;
	return true;
}

/* The reason a header value cannot be carried literally, or NULL. */
static const char *bad_value(const char *v, bool has_var)
{
	size_t n = strlen(v);

	if (has_var)
		return "holds an nginx variable, which neither higress nor Gateway API expands";
	if (strpbrk(v, "\r\n"))
		return "holds a line break";
	if (n > 4096)
		return "is longer than 4096 bytes";
	if (n && (isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1])))
		return "starts or ends with white space, which higress trims";
	return NULL;
}

/* Is header name already changed by an earlier directive (any list of
 * the same direction)? */
static bool taken(const struct snip_headers *dir, const char *name)
{
	for (int op = 0; op < SNIP_NOPS; op++)
		for (size_t i = 0; i < dir[op].n; i++)
			if (strcasecmp(dir[op].v[i].name, name) == 0)
				return true;
	return false;
}

/* Add header name[0, n) = value (NULL to remove) to list op of dir;
 * returns false (and reports why) when it cannot be carried. */
static bool header_op(struct ctx *c, struct snip_headers *dir, int op, const char *name, size_t n,
		      const char *value, size_t off, const char *dname)
{
	char *nm = xstrndup(name, n);
	struct snip_headers *h = &dir[op];

	if (strlen(nm) != n || !token(nm, n)) {	/* a NUL byte ends the copy */
		item(c->s, SNIP_UNSUPPORTED, off, "'%s': '%s' is not a valid header name", dname, nm);
	} else if (taken(dir, nm)) {
		item(c->s, SNIP_UNSUPPORTED, off, "'%s': header '%s' is already changed by an earlier directive; "
			     "the order of several changes to one header cannot be carried", dname, nm);
	} else if (h->n == MAX_HEADERS) {
		item(c->s, SNIP_UNSUPPORTED, off, "'%s': more than %d headers in one list; Gateway API allows %d",
		     dname, MAX_HEADERS, MAX_HEADERS);
	} else {
		grow_array((void **)&h->v, &h->cap, h->n + 1, sizeof(*h->v));
		h->v[h->n].name = nm;
		h->v[h->n++].value = value ? xstrdup(value) : NULL;
		return true;
	}
	free(nm);
	return false;
}

/* 'Name: Value' arguments of more_set_headers / more_set_input_headers. */
static void more_set(struct ctx *c, const struct ngx_directive *d, struct snip_headers *dir)
{
	for (size_t i = 0; i < d->nargs; i++) {
		const struct ngx_arg *a = &d->args[i];
		const char *colon = strchr(a->text, ':'), *v, *why;
		size_t n;

		if (a->text[0] == '-') {
			item(c->s, SNIP_UNSUPPORTED, a->off, "'%s' option '%s' limits it to some responses or "
				     "requests; header modifiers apply to all", d->name, a->text);
			continue;
		}
		n = colon ? (size_t)(colon - a->text) : strlen(a->text);
		while (n && isspace((unsigned char)a->text[n - 1]))
			n--;
		v = colon ? colon + 1 : "";
		while (*v == ' ' || *v == '\t')
			v++;
		if (strchr(a->text, '*') && !colon) {
			item(c->s, SNIP_UNSUPPORTED, a->off, "'%s': header pattern '%s' has no equivalent", d->name,
			     a->text);
			continue;
		}
		if (*v == '\0') {	/* 'Name:' or 'Name' clears the header */
			(void)header_op(c, dir, SNIP_REMOVE, a->text, n, NULL, a->off, d->name);
			continue;
		}
		why = bad_value(v, a->has_var);
		if (why)
			item(c->s, SNIP_UNSUPPORTED, a->off, "'%s': the value of '%.*s' %s", d->name, (int)n, a->text,
			     why);
		else
			(void)header_op(c, dir, SNIP_SET, a->text, n, v, a->off, d->name);
	}
}

/* Header names of more_clear_headers / more_clear_input_headers /
 * proxy_hide_header; 'Server' in responses is droppable. */
static void clear(struct ctx *c, const struct ngx_directive *d, struct snip_headers *dir, bool response)
{
	for (size_t i = 0; i < d->nargs; i++) {
		const struct ngx_arg *a = &d->args[i];
		if (a->text[0] == '-')
			item(c->s, SNIP_UNSUPPORTED, a->off, "'%s' option '%s' limits it to some responses or "
				     "requests; header modifiers apply to all", d->name, a->text);
		else if (strchr(a->text, '*'))
			item(c->s, SNIP_UNSUPPORTED, a->off, "'%s': header pattern '%s' has no equivalent", d->name,
			     a->text);
		else if (response && strcasecmp(a->text, "Server") == 0)
			item(c->s, SNIP_DROPPABLE, a->off, "'%s Server' can be dropped: higress replaces the "
				     "upstream's 'Server' header with its own, which names no nginx version", d->name);
		else
			(void)header_op(c, dir, SNIP_REMOVE, a->text, strlen(a->text), NULL, a->off, d->name);
	}
}

/* 'Name Value' directives: add_header, proxy_set_header. */
static void name_value(struct ctx *c, const struct ngx_directive *d, struct snip_headers *dir, int op)
{
	const char *why;
	bool always = d->nargs == 3 && strcmp(d->args[2].text, "always") == 0;

	if (d->nargs != 2 && !always) {
		item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' takes a name and a value", d->name);
		return;
	}
	if (d->args[1].len == 0 && op == SNIP_SET) {	/* proxy_set_header X ""; stops sending it */
		(void)header_op(c, dir, SNIP_REMOVE, d->args[0].text, d->args[0].len, NULL, d->off, d->name);
		return;
	}
	why = d->args[1].len == 0 ? "is empty" : bad_value(d->args[1].text, d->args[1].has_var);
	if (d->args[0].has_var)
		why = "names the header with an nginx variable";
	if (why) {
		item(c->s, SNIP_UNSUPPORTED, d->args[1].off, "'%s': the value of '%s' %s", d->name, d->args[0].text,
		     why);
		return;
	}
	if (header_op(c, dir, op, d->args[0].text, d->args[0].len, d->args[1].text, d->off, d->name) &&
	    op == SNIP_ADD && !always)
		note(c, "'add_header' without 'always' added its header to 2xx and 3xx responses only, the "
			"conversion adds it to every response");
}

static bool literal_url(const struct ngx_arg *a)
{
	return !a->has_var && (strncmp(a->text, "https://", 8) == 0 || strncmp(a->text, "http://", 7) == 0) &&
	       a->text[a->text[4] == 's' ? 8 : 7] != '\0' && !strpbrk(a->text, " \t\r\n\"'?#");
}

static void redirect(struct ctx *c, const struct ngx_directive *d, const char *url, long code)
{
	if (c->redirect_seen) {
		item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' after an earlier redirect is never reached", d->name);
		return;
	}
	c->redirect_seen = true;
	c->s->redirect_url = xstrdup(url);
	c->s->redirect_code = code;
}

/* return CODE [URL] | return URL */
static void do_return(struct ctx *c, const struct ngx_directive *d)
{
	const struct ngx_arg *code = d->nargs ? &d->args[0] : NULL;
	long n = code ? strtol(code->text, NULL, 10) : 0;

	if (d->nargs == 1 && literal_url(&d->args[0])) {
		redirect(c, d, d->args[0].text, 302);
		return;
	}
	if (d->nargs == 2 && (n == 301 || n == 302 || n == 303 || n == 307 || n == 308) && literal_url(&d->args[1])) {
		redirect(c, d, d->args[1].text, n);
		return;
	}
	if (d->nargs == 2 && n >= 300 && n < 400)
		item(c->s, SNIP_UNSUPPORTED, d->off, "'return %s' to '%s': only a literal 'http(s)://' URL without "
			     "variables or a query can become a redirect", code->text, d->args[1].text);
	else
		item(c->s, SNIP_UNSUPPORTED, d->off, "'return%s%s' answers directly; neither higress annotations nor "
			     "Gateway API filters send a fixed response (higress's 'custom-response' plugin can)",
		     code ? " " : "", code ? code->text : "");
}

/* rewrite REGEX URL permanent|redirect, when REGEX matches every URI. */
static void do_rewrite(struct ctx *c, const struct ngx_directive *d)
{
	static const char *const all[] = { "^", "^.*$", "^(.*)$", ".*", "^.*", "^/(.*)$", "^/.*$", NULL };
	bool every = false;
	const char *flag = d->nargs == 3 ? d->args[2].text : "";

	for (const char *const *p = all; d->nargs && *p && !every; p++)
		every = strcmp(d->args[0].text, *p) == 0;
	if (d->nargs == 3 && every && (strcmp(flag, "permanent") == 0 || strcmp(flag, "redirect") == 0) &&
	    literal_url(&d->args[1])) {
		redirect(c, d, d->args[1].text, strcmp(flag, "permanent") == 0 ? 301 : 302);
		return;
	}
	item(c->s, SNIP_UNSUPPORTED, d->off, SNIP_REWRITE_MSG " of every request: a regex that "
		     "matches all ('^'), a literal 'http(s)://' URL and 'permanent' or 'redirect'");
	if (d->nargs == 2 || d->nargs == 3) {
		struct snip_rewrite *r;
		c->s->items[c->s->nitems - 1].rewrite = true;
		grow_array((void **)&c->s->rewrites, &c->s->rcap, c->s->nrewrites + 1, sizeof(*c->s->rewrites));
		r = &c->s->rewrites[c->s->nrewrites++];
		r->regex = xstrdup(d->args[0].text);
		r->replacement = xstrdup(d->args[1].text);
		r->flag = xstrdup(flag);
		r->off = d->off;
	}
}

/* The reason directive d is dangerous, or NULL. */
static const char *danger(const struct ngx_directive *d)
{
	static const char *const names[] = {
		"load_module", "include", "alias", "root", "ssl_engine", "proxy_pass", "client_body_temp_path",
		"perl", "perl_modules", "perl_require", "js_import", "js_content", NULL,
	};

	if (strstr(d->name, "_by_lua") || strncmp(d->name, "lua_", 4) == 0)
		return "runs Lua code inside the controller, which can read every Secret it can";
	for (const char *const *n = names; *n; n++)
		if (strcmp(d->name, *n) == 0)
			return strcmp(d->name, "proxy_pass") == 0 ? "sends requests to an arbitrary upstream (SSRF)"
			       : strcmp(d->name, "load_module") == 0 || strcmp(d->name, "ssl_engine") == 0
				       ? "loads native code into the controller (CVE-2025-1974)"
				       : "reads or writes files of the controller's file system";
	if ((strcmp(d->name, "access_log") == 0 || strcmp(d->name, "error_log") == 0) && d->nargs &&
	    d->args[0].text[0] == '/')
		return "writes a file of the controller's file system";
	for (size_t i = 0; i < d->nargs; i++) {
		const char *t = d->args[i].text;
		if (strstr(t, "/etc/") || strstr(t, "/var/run/secrets") || strstr(t, "/proc/") ||
		    strstr(t, "serviceaccount"))
			return "names a sensitive path of the controller (its configuration, Secrets or service "
			       "account token)";
	}
	return NULL;
}

/* The reason directive d can be dropped, or NULL. */
static const char *droppable(const struct ngx_directive *d)
{
	const char *a0 = d->nargs == 1 ? d->args[0].text : NULL;

	if (strcmp(d->name, "server_tokens") == 0)
		return "higress never sends nginx's version: its 'Server' header names Envoy";
	if (strcmp(d->name, "proxy_http_version") == 0 && a0 && strcmp(a0, "1.1") == 0)
		return "Envoy speaks HTTP/1.1 (or better) to upstreams already";
	if (strcmp(d->name, "proxy_buffering") == 0 && a0 && strcmp(a0, "off") == 0)
		return "Envoy streams responses without buffering them whole, which is what 'off' asks";
	if (strcmp(d->name, "access_log") == 0 && a0 && strcmp(a0, "off") == 0)
		return "access logs are configured gateway-wide in higress, not per route";
	return NULL;
}

static void classify(struct ctx *c, const struct ngx_directive *d)
{
	const char *why = danger(d);
	bool http = c->kind == K_LOCATION || c->kind == K_SERVER;

	if (why) {
		item(c->s, SNIP_DANGEROUS, d->off, "'%s' %s", d->name, why);
		return;
	}
	if (d->parent >= 0)
		return;		/* reported with its block */
	if (d->block) {
		item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' block has no equivalent; none of its directives is carried",
		     d->name);
		return;
	}
	why = droppable(d);
	if (why && c->kind != K_STREAM) {
		item(c->s, SNIP_DROPPABLE, d->off, "'%s' can be dropped: %s", d->name, why);
		return;
	}
	if (!http) {
		static const char *const hdr[] = { "more_set_headers", "add_header", "proxy_set_header",
			"more_set_input_headers", "more_clear_headers", "more_clear_input_headers",
			"proxy_hide_header", "return", "rewrite", NULL };
		for (const char *const *h = hdr; *h; h++)
			if (strcmp(d->name, *h) == 0) {
				item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' acts on %s, not on the route", d->name,
				     c->kind == K_AUTH ? "the external auth subrequest" : "stream connections");
				return;
			}
		item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' has no higress equivalent", d->name);
		return;
	}
	if (strcmp(d->name, "more_set_headers") == 0)
		more_set(c, d, c->s->resp);
	else if (strcmp(d->name, "more_set_input_headers") == 0)
		more_set(c, d, c->s->req);
	else if (strcmp(d->name, "more_clear_headers") == 0 || strcmp(d->name, "proxy_hide_header") == 0)
		clear(c, d, c->s->resp, true);
	else if (strcmp(d->name, "more_clear_input_headers") == 0)
		clear(c, d, c->s->req, false);
	else if (strcmp(d->name, "add_header") == 0)
		name_value(c, d, c->s->resp, SNIP_ADD);
	else if (strcmp(d->name, "proxy_set_header") == 0)
		name_value(c, d, c->s->req, SNIP_SET);
	else if (strcmp(d->name, "return") == 0)
		do_return(c, d);
	else if (strcmp(d->name, "rewrite") == 0)
		do_rewrite(c, d);
	else
		item(c->s, SNIP_UNSUPPORTED, d->off, "'%s' has no higress equivalent", d->name);
}

/* modsecurity-snippet holds ModSecurity rules, which the controller wraps
 * in single quotes: a quote in it ends the string. */
static void modsecurity(struct snippet *s, const char *v, size_t len)
{
	static const char *const paths[] = { "/etc/", "/var/run/secrets", "/proc/", NULL };

	for (size_t i = 0; i < len; i++) {
		if (v[i] == '\'') {
			item(s, SNIP_DANGEROUS, i, "a single quote ends the 'modsecurity_rules' string the controller "
				     "wraps this snippet in: what follows is read as nginx directives");
			break;
		}
	}
	for (const char *const *p = paths; *p; p++) {
		size_t m = strlen(*p);
		for (size_t i = 0; i + m <= len; i++)
			if (memcmp(v + i, *p, m) == 0) {
				item(s, SNIP_DANGEROUS, i, "names the sensitive path '%s' of the controller", *p);
				break;
			}
	}
	item(s, SNIP_UNSUPPORTED, 0, "ModSecurity rules have no higress annotation; carry them into a 'waf' "
		     "WasmPlugin");
}

/* Are items of the given class present? */
static bool any(const struct snippet *s, enum snip_class cls)
{
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].cls == cls)
			return true;
	return false;
}

static int item_cmp(const void *x, const void *y)
{
	const struct snip_item *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return (int)a->cls - (int)b->cls;
}

void snippet_read(const char *name, const char *value, size_t len, struct snippet *s)
{
	struct ngx_conf nc;
	struct ctx c;
	size_t nerr;
	bool *carried;

	memset(s, 0, sizeof(*s));
	if (strcmp(name, "modsecurity-snippet") == 0) {
		modsecurity(s, value, len);
		qsort(s->items, s->nitems, sizeof(*s->items), item_cmp);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.kind = strcmp(name, "configuration-snippet") == 0 ? K_LOCATION
		 : strcmp(name, "server-snippet") == 0	    ? K_SERVER
		 : strcmp(name, "auth-snippet") == 0	    ? K_AUTH
		 : strcmp(name, "stream-snippet") == 0	    ? K_STREAM
							    : K_OTHER;
	memset(&nc, 0, sizeof(nc));
	nerr = ngx_parse(value, len, &nc);
	for (size_t i = 0; i < nerr; i++)
		item(s, SNIP_PARSE_ERROR, nc.errs[i].off, "%s", nc.errs[i].msg);
	s->ndirectives = nc.n;
	carried = xcalloc(nc.n ? nc.n : 1, sizeof(*carried));
	for (size_t i = 0; i < nc.n; i++) {
		size_t before = s->nitems;
		classify(&c, &nc.v[i]);
		carried[i] = s->nitems == before && nc.v[i].parent < 0;
	}
	s->convertible = !any(s, SNIP_PARSE_ERROR) && !any(s, SNIP_DANGEROUS) && !any(s, SNIP_UNSUPPORTED);
	for (size_t i = 0; !s->convertible && i < nc.n; i++)
		if (carried[i])
			item(s, SNIP_TRANSLATABLE, nc.v[i].off, "'%s' alone would convert, but the snippet as a "
				     "whole is not converted", nc.v[i].name);
	ngx_conf_free(&nc);
	free(carried);
	if (s->nitems > 1)
		qsort(s->items, s->nitems, sizeof(*s->items), item_cmp);
	for (int op = 0; op < SNIP_NOPS; op++)
		s->translates |= s->req[op].n || s->resp[op].n;
	s->translates |= s->redirect_url != NULL;
	s->translates &= s->convertible;
	if (c.notes.len && s->convertible)
		s->notes = buf_detach(&c.notes);
	buf_free(&c.notes);
}

static void headers_free(struct snip_headers *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i].name), free(h->v[i].value);
	free(h->v);
}

void snippet_free(struct snippet *s)
{
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i].msg);
	free(s->items);
	for (int op = 0; op < SNIP_NOPS; op++) {
		headers_free(&s->req[op]);
		headers_free(&s->resp[op]);
	}
	free(s->redirect_url);
	free(s->notes);
	for (size_t i = 0; i < s->nrewrites; i++) {
		free(s->rewrites[i].regex);
		free(s->rewrites[i].replacement);
		free(s->rewrites[i].flag);
	}
	free(s->rewrites);
	memset(s, 0, sizeof(*s));
}

char *snippet_higress_value(const struct snip_headers *h, int op)
{
	struct buf b = {0};

	for (size_t i = 0; i < h->n; i++) {
		if (op == SNIP_REMOVE)
			buf_printf(&b, "%s%s", i ? "," : "", h->v[i].name);
		else
			buf_printf(&b, "%s%s %s", i ? "\n" : "", h->v[i].name, h->v[i].value);
	}
	return b.len ? buf_detach(&b) : xstrdup("");
}

/* The rule ids (rules/findings.yaml explains each) */
#define R_PARSE "snippet-parse-error"
#define R_DANGEROUS "snippet-directive-dangerous"
#define R_UNSUPPORTED "snippet-directive-unsupported"
#define R_DROPPABLE "snippet-directive-droppable"
#define R_TRANSLATABLE "snippet-directive-translatable"

const char *snippet_rule_id(enum snip_class cls)
{
	switch (cls) {
	case SNIP_PARSE_ERROR:
		return R_PARSE;
	case SNIP_DANGEROUS:
		return R_DANGEROUS;
	case SNIP_UNSUPPORTED:
		return R_UNSUPPORTED;
	case SNIP_DROPPABLE:
		return R_DROPPABLE;
	case SNIP_TRANSLATABLE:
		break;
	}
	return R_TRANSLATABLE;
}
