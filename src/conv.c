/* conv.c - target-neutral conversion intents (see conv.h). */
#include "conv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regex_compat.h"
#include "scalar.h"
#include "snippet.h"
#include "util.h"

void conv_init(struct conv *c)
{
	memset(c, 0, sizeof(*c));
	c->ssl_redirect = CONV_UNSET;
	c->canary_weight = -1;
	c->canary_weight_total = 100;
	c->cors_credentials = CONV_UNSET;
	c->mirror_body = CONV_UNSET;
	c->connect_timeout = c->send_timeout = c->read_timeout = -1;
	c->next_upstream_tries = -1;
	c->proxy_ssl_verify = CONV_UNSET;
	c->proxy_ssl_server_name = CONV_UNSET;
	c->canary_go = -1;
	c->canary_total_go = 100;
}


void conv_free(struct conv *c)
{
	free(c->rewrite_target);
	free(c->redirect_url);
	free(c->app_root);
	free(c->upstream_vhost);
	free(c->x_forwarded_prefix);
	free(c->canary_header);
	free(c->canary_header_value);
	free(c->canary_header_pattern);
	free(c->canary_cookie);
	if (c->snippet) {
		snippet_free(c->snippet);
		free(c->snippet);
	}
	free(c->cors_origin);
	free(c->cors_methods);
	free(c->cors_headers);
	free(c->cors_expose);
	free(c->cors_max_age);
	free(c->mirror_target);
	free(c->mirror_host);
	free(c->server_alias);
	free(c->default_backend);
	free(c->affinity);
	free(c->session_cookie_name);
	free(c->protocol_value);
	free(c->proxy_ssl_secret);
	free(c->proxy_ssl_name);
	free(c->ciphers);
	free(c->hash_by);
	free(c->protocol_name);
	free(c->redirect_temporal);
	free(c->next_upstream);
	conv_init(c);
}

static void set(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* A non-negative decimal number, or -1. */
static long number(const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0)
		return -1;
	return n;
}

/* A configuration-snippet or server-snippet that converts with headers or
 * a redirect: kept in c (the configuration-snippet's when both do). */
static void add_snippet(struct conv *c, const char *name, const char *value)
{
	bool server = strcmp(name, "server-snippet") == 0;
	struct snippet *s = xmalloc(sizeof(*s));

	snippet_read(name, value, strlen(value), s);
	if (s->translates && c->snippet) {
		c->snippet_both = true;
		if (server || !c->snippet_server) {
			snippet_free(s);
			free(s);
			return;
		}
		snippet_free(c->snippet);
		free(c->snippet);
		c->snippet = NULL;
	}
	if (!s->translates) {
		snippet_free(s);
		free(s);
		return;
	}
	c->snippet = s;
	c->snippet_server = server;
}

bool conv_atoi32(const char *s, long *out)
{
	long long v = 0;
	bool neg = false;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!isdigit((unsigned char)*s))
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > 2147483648LL)
			return false;
	}
	v = neg ? -v : v;
	if (v > 2147483647LL)
		return false;
	*out = (long)v;
	return true;
}

int conv_go_bool(const char *v)
{
	return scalar_go_bool(v, strlen(v));
}

/* Is the annotation name lit? The first two bytes are compared inline,
 * so a chain of these costs a load or two per name it is not. */
static inline bool name_is(const char *name, const char *lit)
{
	return name[0] == lit[0] && name[1] == lit[1] && strcmp(name, lit) == 0;
}

/* The intents of CORS, mirror, timeouts, aliases, default backend,
 * retries and affinity (conv_add's second half). */
static bool conv_add_more(struct conv *c, const char *name, const char *value)
{
	if (name_is(name, "enable-cors"))
		c->cors = conv_go_bool(value) == 1;
	else if (name_is(name, "cors-allow-origin"))
		set(&c->cors_origin, value);
	else if (name_is(name, "cors-allow-methods"))
		set(&c->cors_methods, value);
	else if (name_is(name, "cors-allow-headers"))
		set(&c->cors_headers, value);
	else if (name_is(name, "cors-expose-headers"))
		set(&c->cors_expose, value);
	else if (name_is(name, "cors-allow-credentials")) {
		int b = conv_go_bool(value);
		c->cors_credentials = b < 0 ? CONV_UNSET : b ? CONV_TRUE : CONV_FALSE;
	} else if (name_is(name, "cors-max-age"))
		set(&c->cors_max_age, value);
	else if (name_is(name, "mirror-target"))
		set(&c->mirror_target, value);
	else if (name_is(name, "mirror-host"))
		set(&c->mirror_host, value);
	else if (name_is(name, "mirror-request-body"))
		c->mirror_body = strcmp(value, "on") == 0 ? CONV_TRUE : strcmp(value, "off") == 0 ? CONV_FALSE : CONV_UNSET;
	else if (name_is(name, "proxy-connect-timeout"))
		c->connect_timeout = number(value);
	else if (name_is(name, "proxy-send-timeout"))
		c->send_timeout = number(value);
	else if (name_is(name, "proxy-read-timeout"))
		c->read_timeout = number(value);
	else if (name_is(name, "server-alias"))
		set(&c->server_alias, value);
	else if (name_is(name, "default-backend"))
		set(&c->default_backend, value);
	else if (name_is(name, "proxy-next-upstream-tries"))
		c->next_upstream_tries = number(value);
	else if (name_is(name, "affinity"))
		set(&c->affinity, value);
	else if (name_is(name, "session-cookie-name"))
		set(&c->session_cookie_name, value);
	else
		return false;
	return true;
}

/* value without the blanks around it (allocated; caller frees) */
static char *trimmed(const char *v)
{
	size_t n;

	v += strspn(v, " \t\r\n");
	n = strlen(v);
	while (n && strchr(" \t\r\n", v[n - 1]))
		n--;
	return xstrndup(v, n);
}

static enum conv_protocol protocol(const char *v)
{
	char *t = trimmed(v);
	enum conv_protocol p = CONV_PROTO_OTHER;

	if (strcasecmp(t, "HTTP") == 0)
		p = CONV_PROTO_HTTP;
	else if (strcasecmp(t, "HTTPS") == 0)
		p = CONV_PROTO_HTTPS;
	else if (strcasecmp(t, "GRPC") == 0)
		p = CONV_PROTO_GRPC;
	else if (strcasecmp(t, "GRPCS") == 0)
		p = CONV_PROTO_GRPCS;
	free(t);
	return p;
}

static int on_off(const char *v)
{
	return strcmp(v, "on") == 0 ? CONV_TRUE : strcmp(v, "off") == 0 ? CONV_FALSE : CONV_UNSET;
}

char *conv_trim(const char *v)
{
	size_t n;

	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return xstrndup(v, n);
}

/* ssl-ciphers: the entries, split where OpenSSL splits them, joined by
 * ':'. Allocated; caller frees. */
static char *cipher_list(const char *v)
{
	static const char sep[] = ":, \t\n\r";
	struct buf b = {0};

	for (v += strspn(v, sep); *v; v += strspn(v, sep)) {
		size_t n = strcspn(v, sep);
		if (b.len)
			buf_addc(&b, ':');
		buf_add(&b, v, n);
		v += n;
	}
	return buf_detach(&b);
}

/* The intents only the Higress Ingress converters read (see conv_add). */
static bool conv_add_ingress(struct conv *c, const char *name, const char *value)
{
	if (name_is(name, "ssl-ciphers")) {
		free(c->ciphers);
		c->ciphers = cipher_list(value);
	} else if (name_is(name, "upstream-hash-by")) {
		free(c->hash_by);
		c->hash_by = conv_trim(value);
	} else if (name_is(name, "proxy-next-upstream")) {
		set(&c->next_upstream, value);
	} else {
		return false;
	}
	return true;
}

/* The backend protocol and TLS intents (see conv_add). */
static bool conv_add_backend(struct conv *c, const char *name, const char *value)
{
	if (name_is(name, "backend-protocol")) {
		c->protocol = protocol(value);
		set(&c->protocol_value, value);
		free(c->protocol_name);
		c->protocol_name = conv_trim(value);
	} else if (name_is(name, "proxy-ssl-secret")) {
		free(c->proxy_ssl_secret);
		c->proxy_ssl_secret = *value ? trimmed(value) : NULL;
	} else if (name_is(name, "proxy-ssl-name")) {
		free(c->proxy_ssl_name);
		c->proxy_ssl_name = *value ? trimmed(value) : NULL;
	} else if (name_is(name, "proxy-ssl-verify")) {
		c->proxy_ssl_verify = on_off(value);
	} else if (name_is(name, "proxy-ssl-server-name")) {
		c->proxy_ssl_server_name = on_off(value);
	} else if (name_is(name, "ssl-passthrough")) {
		c->ssl_passthrough = conv_go_bool(value) == 1;
	} else {
		return conv_add_ingress(c, name, value);
	}
	return true;
}

bool conv_add(struct conv *c, const char *name, const char *value)
{
	int b = conv_go_bool(value);	/* how ingress-nginx reads a boolean */
	bool yes = b == 1;

	if (name_is(name, "configuration-snippet") || name_is(name, "server-snippet"))
		add_snippet(c, name, value);
	else if (name_is(name, "rewrite-target"))
		set(&c->rewrite_target, value);
	else if (name_is(name, "use-regex"))
		c->use_regex = yes;
	else if (name_is(name, "permanent-redirect")) {
		set(&c->redirect_url, value);
		c->redirect_permanent = true;
	} else if (name_is(name, "permanent-redirect-code"))
		c->redirect_code = number(value);
	else if (name_is(name, "temporal-redirect")) {
		if (c->redirect_url == NULL)
			set(&c->redirect_url, value);
		set(&c->redirect_temporal, value);
	} else if (name_is(name, "temporal-redirect-code"))
		c->temporal_code = number(value);
	else if (name_is(name, "app-root"))
		set(&c->app_root, value);
	else if (name_is(name, "from-to-www-redirect"))
		c->from_to_www = conv_go_bool(value) == 1;
	else if (name_is(name, "ssl-redirect"))
		c->ssl_redirect = b < 0 ? CONV_UNSET : b ? CONV_TRUE : CONV_FALSE;
	else if (name_is(name, "force-ssl-redirect"))
		c->force_ssl_redirect = yes;
	else if (name_is(name, "upstream-vhost"))
		set(&c->upstream_vhost, value);
	else if (name_is(name, "x-forwarded-prefix"))
		set(&c->x_forwarded_prefix, value);
	else if (name_is(name, "canary")) {
		c->canary = yes;
		c->canary_go = b;
	} else if (name_is(name, "canary-weight")) {
		c->canary_weight = number(value);
		if (!conv_atoi32(value, &c->canary_weight_go))
			c->canary_weight_go = 0;
	} else if (name_is(name, "canary-weight-total")) {
		long n = number(value);
		c->canary_weight_total = n > 0 ? n : 100;
		if (!conv_atoi32(value, &c->canary_total_go))
			c->canary_total_go = 100;
	} else if (name_is(name, "canary-by-header"))
		set(&c->canary_header, value);
	else if (name_is(name, "canary-by-header-value"))
		set(&c->canary_header_value, value);
	else if (name_is(name, "canary-by-header-pattern"))
		set(&c->canary_header_pattern, value);
	else if (name_is(name, "canary-by-cookie"))
		set(&c->canary_cookie, value);
	else if (str_has_prefix(name, "auth-tls-"))
		c->auth_tls = true;
	else if (conv_add_more(c, name, value))
		return true;
	else
		return conv_add_backend(c, name, value);
	return true;
}

bool conv_is_regex(const char *s)
{
	return strpbrk(s, "^$()[]{}*+?|\\.") != NULL;
}

/* A literal path: no regex syntax at all. */
static bool literal_path(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("^$()[]{}*+?|\\.", s[i]))
			return false;
	return n > 0 && s[0] == '/';
}

enum conv_rewrite conv_rewrite(const char *path, const char *target, char **prefix, char **replace)
{
	static const char idiom[] = "(/|$)(.*)";
	size_t pl, il = sizeof(idiom) - 1, tl;

	*prefix = NULL;
	*replace = NULL;
	if (target == NULL || *target == '\0' || path == NULL)
		return CONV_RW_NONE;
	pl = strlen(path);
	tl = strlen(target);
	if (strchr(target, '$') == NULL) {
		*replace = xstrdup(target);
		return CONV_RW_FULL;
	}
	if (pl > il && strcmp(path + pl - il, idiom) == 0 && literal_path(path, pl - il) &&
	    tl >= 3 && strcmp(target + tl - 2, "$2") == 0 && target[tl - 3] == '/' &&
	    strchr(target, '$') == target + tl - 2 && !strpbrk(target, "\\")) {
		*prefix = xstrndup(path, pl - il);
		/* R/$2: keep R's trailing slash only when R is the root */
		*replace = tl == 3 ? xstrdup("/") : xstrndup(target, tl - 3);
		return CONV_RW_PREFIX;
	}
	return CONV_RW_UNSUPPORTED;
}

void conv_rw_free(struct conv_rw *r)
{
	free(r->regex);
	free(r->replacement);
	free(r->query_append);
	free(r->query_template);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}

/* Does regex end in an unescaped '$' (so a match ends with the path)? */
static bool ends_anchored(const char *s, size_t n)
{
	size_t bs = 0;

	if (n == 0 || s[n - 1] != '$')
		return false;
	while (bs + 1 < n && s[n - 2 - bs] == '\\')
		bs++;
	return bs % 2 == 0;
}

/* Has regex s an alternation outside every group ('a|b', not '(a|b)')? */
static bool top_alternation(const char *s)
{
	int depth = 0;
	bool cls = false;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (cls) {
			cls = *s != ']';
			continue;
		}
		if (*s == '[') {
			cls = true;
			if (s[1] == '^')
				s++;
			if (s[1] == ']')
				s++;	/* a leading ']' is literal */
		} else if (*s == '(') {
			depth++;
		} else if (*s == ')' && depth > 0) {
			depth--;
		} else if (*s == '|' && depth == 0) {
			return true;
		}
	}
	return false;
}

/* The plugin regex for nginx regex re: nginx replaces the whole URI when
 * re matches anywhere, the plugin replaces every match (Go's
 * ReplaceAllString), so the rule must match the whole path, from the
 * leftmost match of re on. Allocated. */
char *conv_rw_regex(const char *re, bool anchored)
{
	const char *lead = "", *body = re;
	size_t n;

	if (strncmp(body, "(?i)", 4) == 0) {
		lead = "(?i)";
		body += 4;
	}
	n = strlen(body);
	if (!top_alternation(body)) {
		bool start = body[0] == '^';
		return xasprintf("%s%s%s%s", lead, start ? "" : anchored ? "^" : "^(?s:.*?)", body,
				 ends_anchored(body, n) ? "" : "(?s:.*)");
	}
	/* an alternation: kept whole inside a group, found leftmost */
	return xasprintf("%s^(?s:.*?)(?:%s)(?s:.*)", lead, body);
}

/* nginx's replacement text part [s, s+n) as a Go template (appended to
 * b): '$1'..'$9' become '${1}'..'${9}'. Returns NULL or why not (static). */
static const char *go_template(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '$') {
			buf_addc(b, s[i]);
			continue;
		}
		if (i + 1 < n && s[i + 1] >= '1' && s[i + 1] <= '9') {
			buf_printf(b, "${%c}", s[i + 1]);
			i++;
			continue;
		}
		return "it uses an nginx variable: the plugin expands only the capture groups '$1' to '$9'";
	}
	return NULL;
}

bool conv_nginx_rewrite(const char *regex, const char *repl, const char *flag, bool anchored, struct conv_rw *r,
			char **why)
{
	struct rx_check rx = {0};
	struct buf path = {0}, query = {0}, notes = {0};
	const char *q, *reason = NULL;
	size_t rl = strlen(repl), pl;
	bool keep_args = true;
	enum rx_verdict v;

	memset(r, 0, sizeof(*r));
	*why = NULL;
	if (flag == NULL)
		flag = "";
	if (strcmp(flag, "redirect") == 0 || strcmp(flag, "permanent") == 0)
		reason = "it redirects the client, which the plugin cannot";
	else if (*flag && strcmp(flag, "break") != 0 && strcmp(flag, "last") != 0)
		reason = "its flag is none of 'last', 'break', 'redirect' and 'permanent'";
	else if (str_has_prefix(repl, "http://") || str_has_prefix(repl, "https://") ||
		 str_has_prefix(repl, "$scheme"))
		reason = "its replacement is a URL, so nginx redirects the client, which the plugin cannot";
	if (reason) {
		*why = xstrdup(reason);
		return false;
	}
	v = regex_check(regex, strlen(regex), &rx);
	if (v == RX_NOT_RE2 || v == RX_SYNTAX) {
		*why = xasprintf("its regex is not RE2, which the plugin (Go) compiles: %s", rx.v[0].msg);
		rx_check_free(&rx);
		return false;
	}
	for (size_t i = 0; i < rx.n; i++)
		buf_printf(&notes, "%sregex: %s", notes.len ? "; " : "", rx.v[i].msg);
	rx_check_free(&rx);
	if (rl && repl[rl - 1] == '?') {
		keep_args = false;	/* nginx: a final '?' drops the old arguments */
		rl--;
	}
	q = memchr(repl, '?', rl);
	pl = q ? (size_t)(q - repl) : rl;
	if ((reason = go_template(&path, repl, pl)) == NULL && q)
		reason = go_template(&query, q + 1, rl - pl - 1);
	if (reason == NULL && path.len == 0)
		reason = "its replacement has no path, which the plugin requires";
	else if (reason == NULL && !keep_args && query.len == 0)
		reason = "it drops the query string ('?' at the end with no arguments), which the plugin cannot";
	if (reason) {
		*why = xstrdup(reason);
		buf_free(&path);
		buf_free(&query);
		buf_free(&notes);
		return false;
	}
	r->regex = conv_rw_regex(regex, anchored);
	r->replacement = buf_detach(&path);
	if (query.len && keep_args) {
		r->query_append = buf_detach(&query);
		buf_printf(&notes, "%sthe new arguments follow the request's own (nginx puts them first)",
			   notes.len ? "; " : "");
	} else if (query.len) {
		r->query_template = buf_detach(&query);
	}
	buf_free(&query);
	r->brk = *flag != '\0';
	if (strcmp(flag, "break") != 0)
		buf_printf(&notes, "%snginx looks up the location again for the rewritten path%s, the plugin keeps "
			   "the route the request matched", notes.len ? "; " : "",
			   *flag ? " ('last')" : " (no flag, after the location's rewrites)");
	r->notes = notes.len ? buf_detach(&notes) : NULL;
	buf_free(&notes);
	return true;
}

void conv_mirror_free(struct conv_mirror *m)
{
	free(m->svc);
	free(m->ns);
	free(m->path);
	memset(m, 0, sizeof(*m));
}

static bool dns_label(const char *s, size_t n)
{
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

bool conv_mirror(const char *value, struct conv_mirror *m)
{
	const char *p = value, *host, *hend, *d1, *d2, *rest;
	bool tls = false;
	long port = -1;
	size_t hlen;

	memset(m, 0, sizeof(*m));
	p += strspn(p, " \t");
	if (strncmp(p, "https://", 8) == 0)
		p += 8, tls = true;
	else if (strncmp(p, "http://", 7) == 0)
		p += 7;
	else
		return false;
	host = p;
	hend = host + strcspn(host, ":/?#$");
	hlen = (size_t)(hend - host);
	rest = hend;
	if (*hend == ':') {
		size_t pl = strspn(hend + 1, "0123456789");
		if (pl == 0 || pl > 5)
			return false;
		port = strtol(hend + 1, NULL, 10);
		if (port < 1 || port > 65535)
			return false;
		rest = hend + 1 + pl;
	}
	if (*rest && !strchr("/?#$", *rest))
		return false;
	if (hlen && host[hlen - 1] == '.')
		hlen--;		/* an absolute name */
	/* SVC.NS.svc or SVC.NS.svc.cluster.local */
	d1 = memchr(host, '.', hlen);
	d2 = d1 ? memchr(d1 + 1, '.', hlen - (size_t)(d1 + 1 - host)) : NULL;
	if (d1 == NULL || d2 == NULL || !dns_label(host, (size_t)(d1 - host)) ||
	    !dns_label(d1 + 1, (size_t)(d2 - d1 - 1)))
		return false;
	if (!((size_t)(host + hlen - d2) == 4 && strncmp(d2, ".svc", 4) == 0) &&
	    !((size_t)(host + hlen - d2) == 18 && strncmp(d2, ".svc.cluster.local", 18) == 0))
		return false;
	m->svc = xstrndup(host, (size_t)(d1 - host));
	m->ns = xstrndup(d1 + 1, (size_t)(d2 - d1 - 1));
	m->port_given = port > 0;
	m->port = port > 0 ? port : tls ? 443 : 80;
	m->tls = tls;
	m->path = xstrdup(rest);
	while (*m->path && strchr(" \t", m->path[strlen(m->path) - 1]))
		m->path[strlen(m->path) - 1] = '\0';
	return true;
}

bool conv_duration(long secs, char *out, size_t size)
{
	long h = secs / 3600, mi = secs % 3600 / 60, s = secs % 60;

	if (secs < 0 || size < 16)
		return false;
	if (secs <= 99999) {
		snprintf(out, size, "%lds", secs);
		return true;
	}
	if (h > 99999)
		return false;
	snprintf(out, size, "%ldh", h);
	if (mi)
		snprintf(out + strlen(out), size - strlen(out), "%ldm", mi);
	if (s)
		snprintf(out + strlen(out), size - strlen(out), "%lds", s);
	return true;
}

/* A protobuf identifier: letter or '_', then letters, digits, '_'. */
static size_t ident(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i;
}

/* A full gRPC service name: identifiers joined by '.' (the pattern the
 * GRPCRoute CRD gives an Exact service). */
static bool service_name(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		size_t k = ident(s + i, n - i);
		if (k == 0)
			return false;
		i += k;
		if (i == n)
			return true;
		if (s[i] != '.')
			return false;
		i++;
	}
}

bool conv_grpc_method(const char *path, bool exact, char **service, char **method)
{
	const char *svc, *slash;
	size_t sn, mn;

	*service = *method = NULL;
	if (path == NULL || path[0] != '/')
		return false;
	svc = path + 1;
	slash = strchr(svc, '/');
	sn = slash ? (size_t)(slash - svc) : strlen(svc);
	if (!service_name(svc, sn))
		return false;
	if (slash == NULL || slash[1] == '\0') {
		/* '/pkg.Service' or '/pkg.Service/': every method of it */
		if (exact)
			return false;
		*service = xstrndup(svc, sn);
		return true;
	}
	mn = strlen(slash + 1);
	if (ident(slash + 1, mn) != mn)
		return false;
	*service = xstrndup(svc, sn);
	*method = xstrdup(slash + 1);
	return true;
}

void conv_url_free(struct conv_url *u)
{
	free(u->host);
	free(u->port);
	free(u->rest);
	memset(u, 0, sizeof(*u));
}

/* The host of a URL at p: its end in *hend (after a closing ']'), its
 * text in [*host, *host + *hlen) (inside the brackets of an IPv6
 * literal); false when it is not a DNS name or an address. */
static bool url_host(const char *p, const char **host, size_t *hlen, const char **hend, bool *ip)
{
	*host = p;
	if (*p == '[') {
		/* an IPv6 literal */
		const char *close = strchr(p, ']');
		if (close == NULL || close == p + 1)
			return false;
		*host = p + 1;
		*hlen = (size_t)(close - *host);
		if (strspn(*host, "0123456789abcdefABCDEF:.") != *hlen)
			return false;
		*hend = close + 1;
		*ip = true;
	} else {
		*hend = p + strcspn(p, ":/?#$");
		*hlen = (size_t)(*hend - p);
		*ip = *hlen && strspn(p, "0123456789.") == *hlen;
	}
	return true;
}

bool conv_url(const char *value, struct conv_url *u)
{
	char *v = conv_trim(value);
	const char *p = v, *host, *hend, *port = NULL, *rest;
	size_t plen = 0, hlen;
	bool tls = false, ip;

	memset(u, 0, sizeof(*u));
	if (strncasecmp(p, "https://", 8) == 0) {
		p += 8;
		tls = true;
	} else if (strncasecmp(p, "http://", 7) == 0) {
		p += 7;
	} else {
		goto no;
	}
	if (!url_host(p, &host, &hlen, &hend, &ip))
		goto no;
	if (*hend == ':') {
		long n;
		port = hend + 1;
		plen = strspn(port, "0123456789");
		n = plen ? strtol(port, NULL, 10) : 0;
		if (plen == 0 || plen > 5 || n > 65535 || n == 0 || !strchr("/?#$", port[plen]))
			goto no;	/* not a TCP port */
		rest = port + plen;
	} else if (*hend == '\0' || strchr("/?#$", *hend)) {
		rest = hend;
	} else {
		goto no;
	}
	while (hlen && host[hlen - 1] == '.')
		hlen--;		/* an absolute name: 'svc.ns.svc.cluster.local.' */
	if (hlen == 0 ||
	    (!ip && strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") < hlen))
		goto no;	/* not a DNS name: the validator lets regex characters through */
	u->tls = tls;
	u->ip = ip;
	u->host = xstrndup(host, hlen);
	for (char *x = u->host; *x; x++)
		*x = (char)tolower((unsigned char)*x);
	u->port = port ? xstrndup(port, plen) : NULL;
	u->rest = xstrdup(rest);
	free(v);
	return true;
no:
	free(v);
	return false;
}

bool conv_secret_ref(const char *value, char **ns, char **name)
{
	char *v = conv_trim(value);
	const char *slash = strchr(v, '/'), *n = slash ? slash + 1 : v;

	*ns = *name = NULL;
	if ((slash && strchr(slash + 1, '/')) || *n == '\0') {
		free(v);
		return false;
	}
	*ns = slash ? xstrndup(v, (size_t)(slash - v)) : NULL;
	*name = xstrdup(n);
	free(v);
	return true;
}
