/* emit_checks.c - the cutover checks script (see emit_checks.h). */
#include "emit_checks.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"

extern const char i2h_checks_runtime[];	/* checks_runtime.sh, embedded at build time */

enum ptype { PT_EXACT, PT_PREFIX, PT_IMPL };

struct cpath {
	char *host;		/* "" for a rule without host */
	char *path;
	enum ptype type;
	size_t line;
};

struct cann {
	char *key;		/* without the prefix */
	char *value;
	size_t line;
};

struct cing {
	char *ns, *name, *file;
	size_t line;
	struct cpath *paths;
	size_t npaths;
	char **tls;		/* TLS hosts ("" : the rule hosts) */
	size_t ntls;
	size_t tls_line;
	struct cann *ann;
	size_t nann;
};

struct hostcount {
	char *host;		/* owned */
	size_t n;
};

struct checks {
	struct checks_options opt;
	struct cing *v;
	size_t n, cap;
	struct hostcount *hc;	/* requests per host, for --checks-limit: an open-addressing */
	size_t nhc, hccap;	/* table of hccap slots (a power of two), nhc used */
	const struct ctrl_config *cc;	/* the controller ConfigMap (borrowed), or NULL */
};

struct checks *checks_new(const struct checks_options *opt)
{
	struct checks *c = xcalloc(1, sizeof(*c));

	c->opt = *opt;
	return c;
}

void checks_use_config(struct checks *c, const struct ctrl_config *cc)
{
	c->cc = cc;
}

/* Frees c and everything it copied. */
void checks_free(struct checks *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		struct cing *g = &c->v[i];
		for (size_t k = 0; k < g->npaths; k++) {
			free(g->paths[k].host);
			free(g->paths[k].path);
		}
		for (size_t k = 0; k < g->ntls; k++)
			free(g->tls[k]);
		for (size_t k = 0; k < g->nann; k++) {
			free(g->ann[k].key);
			free(g->ann[k].value);
		}
		free(g->paths);
		free(g->tls);
		free(g->ann);
		free(g->ns);
		free(g->name);
		free(g->file);
	}
	free(c->v);
	for (size_t i = 0; i < c->hccap; i++)
		free(c->hc[i].host);
	free(c->hc);
	free(c);
}

void sh_quote(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/* The scalar value of key in a mapping (through an alias), or NULL. */
static const char *str_of(struct node *map, const char *key)
{
	struct node *n = map && map->type == N_MAPPING ? node_get(map, key) : NULL;

	n = n ? node_resolve(NULL, n) : NULL;
	return n && n->type == N_SCALAR ? n->value : NULL;
}

/* The sequence value of key in a mapping, or NULL. */
static struct node *seq_of(struct node *map, const char *key)
{
	struct node *n = map && map->type == N_MAPPING ? node_get(map, key) : NULL;

	n = n ? node_resolve(NULL, n) : NULL;
	return n && n->type == N_SEQUENCE ? n : NULL;
}

/* n as a mapping (through an alias), or NULL. Borrowed. */
static struct node *map_of(struct node *n)
{
	n = n ? node_resolve(NULL, n) : NULL;
	return n && n->type == N_MAPPING ? n : NULL;
}

/* Copy the host and path of every rule path of spec into g (owned by g). */
static void add_paths(struct cing *g, struct node *spec)
{
	struct node *rules = seq_of(spec, "rules");

	for (size_t r = 0; rules && r < rules->nkids; r++) {
		struct node *rule = map_of(rules->kids[r]);
		const char *host = str_of(rule, "host");
		struct node *paths = seq_of(map_of(rule ? node_get(rule, "http") : NULL), "paths");
		for (size_t p = 0; paths && p < paths->nkids; p++) {
			struct node *pn = map_of(paths->kids[p]);
			const char *path = str_of(pn, "path"), *pt = str_of(pn, "pathType");
			struct cpath *cp;
			if (pn == NULL)
				continue;
			g->paths = xrealloc(g->paths, (g->npaths + 1) * sizeof(*g->paths));
			cp = &g->paths[g->npaths++];
			cp->host = xstrdup(host ? host : "");
			cp->path = xstrdup(path && *path ? path : "/");
			cp->type = pt && strcmp(pt, "Exact") == 0 ? PT_EXACT : pt && strcmp(pt, "Prefix") == 0 ? PT_PREFIX
													  : PT_IMPL;
			cp->line = pn->pos.line;
		}
	}
}

/* Copy the TLS hosts of spec into g (owned by g; "" for an entry without
 * hosts, which covers the rule hosts). */
static void add_tls(struct cing *g, struct node *spec)
{
	struct node *tls = seq_of(spec, "tls");

	for (size_t t = 0; tls && t < tls->nkids; t++) {
		struct node *entry = map_of(tls->kids[t]);
		struct node *hosts = seq_of(entry, "hosts");
		size_t nh = hosts ? hosts->nkids : 0;
		if (entry == NULL)
			continue;
		if (g->tls_line == 0)
			g->tls_line = entry->pos.line;
		for (size_t h = 0; h < (nh ? nh : 1); h++) {
			struct node *hn = nh ? node_resolve(NULL, hosts->kids[h]) : NULL;
			g->tls = xrealloc(g->tls, (g->ntls + 1) * sizeof(*g->tls));
			g->tls[g->ntls++] = xstrdup(hn && hn->type == N_SCALAR ? hn->value : "");
		}
	}
}

void checks_add_ingress(struct checks *c, struct stream *st, const struct ingress *in, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct cing *g;

	grow_array((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	g = &c->v[c->n++];
	memset(g, 0, sizeof(*g));
	g->ns = xstrdup(in->ns ? in->ns : "default");
	g->name = xstrdup(in->name ? in->name : "");
	g->file = xstrdup(stream_name(st));
	g->line = in->obj->pos.line;
	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key;
		struct cann *a;
		if (strncmp(k, prefix, plen) != 0 || k[plen] != '/')
			continue;
		g->ann = xrealloc(g->ann, (g->nann + 1) * sizeof(*g->ann));
		a = &g->ann[g->nann++];
		a->key = xstrdup(k + plen + 1);
		a->value = xstrdup(in->ann[i].value ? in->ann[i].value : "");
		a->line = in->ann[i].knode ? in->ann[i].knode->pos.line : g->line;
	}
	add_paths(g, map_of(in->spec));
	add_tls(g, map_of(in->spec));
}

/* Generation ---------------------------------------------------------------- */

/* One script being written. */
struct gen {
	struct checks *c;
	struct buf *out;
	const struct cing *g;
	bool *used;		/* per annotation of g: some check covers it */
	const char *file;	/* the position's file when not g's (the ConfigMap's), or NULL */
};

/* The annotation key of g (the last of duplicates), or NULL. Borrowed. */
static const struct cann *ann(const struct cing *g, const char *key)
{
	for (size_t i = g->nann; i-- > 0;)
		if (strcmp(g->ann[i].key, key) == 0)
			return &g->ann[i];
	return NULL;
}

/* Is annotation key of g true, as ingress-nginx reads a boolean
 * (Go's strconv.ParseBool: "true", "True", "1", ...)? */
static bool ann_true(const struct cing *g, const char *key)
{
	const struct cann *a = ann(g, key);

	return a && scalar_go_bool(a->value, strlen(a->value)) == 1;
}

/* Mark key used; returns the annotation or NULL. */
static const struct cann *use(struct gen *x, const char *key)
{
	const struct cann *a = ann(x->g, key);

	if (a)
		x->used[a - x->g->ann] = true;
	return a;
}

/* Is h a hostname the checks can send (lowercase DNS name, no wildcard)? */
static bool sendable_host(const char *h)
{
	size_t n = strlen(h);

	if (n == 0 || n > 253 || h[0] == '.' || h[0] == '-' || h[n - 1] == '.')
		return false;
	return strspn(h, "abcdefghijklmnopqrstuvwxyz0123456789.-") == n;
}

/* Append "FILE:LINE" quoted, then " ID " quoted (the id reduced to
 * [A-Za-z0-9._/:@=-], others '_'). */
static void pos_id(struct gen *x, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pos_id(struct gen *x, size_t line, const char *fmt, ...)
{
	struct buf id = {0};
	char *pos = xasprintf("%s:%zu", x->file ? x->file : x->g->file, line);
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&id, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < id.len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:@=-", id.data[i]))
			id.data[i] = '_';
	sh_quote(x->out, pos);
	buf_addc(x->out, ' ');
	sh_quote(x->out, buf_cstr(&id));
	free(pos);
	buf_free(&id);
}

/* path as a URL path: bytes outside the unreserved set and '/'
 * percent-encoded, so no byte of the manifest reaches curl raw.
 * Allocates; the caller frees. */
static char *url_path(const char *path)
{
	struct buf b = {0};

	if (*path != '/')
		buf_addc(&b, '/');
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/", *p) && *p)
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_detach(&b);
}

/* FNV-1a of s. */
static size_t host_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of host in the table of cap slots: its own, or the empty one
 * where it goes. */
static struct hostcount *host_slot(struct hostcount *t, size_t cap, const char *host)
{
	size_t i = host_hash(host) & (cap - 1);

	while (t[i].host && strcmp(t[i].host, host) != 0)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Count a request for host against --checks-limit. Returns false when
 * the host has had its share. */
static bool take(struct gen *x, const char *host)
{
	struct checks *c = x->c;
	struct hostcount *slot;

	if (2 * (c->nhc + 1) > c->hccap) {
		size_t cap = c->hccap ? 2 * c->hccap : 64;
		struct hostcount *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < c->hccap; i++)
			if (c->hc[i].host)
				*host_slot(t, cap, c->hc[i].host) = c->hc[i];
		free(c->hc);
		c->hc = t;
		c->hccap = cap;
	}
	slot = host_slot(c->hc, c->hccap, host);
	if (slot->host == NULL) {
		slot->host = xstrdup(host);
		slot->n = 0;
		c->nhc++;
	}
	if (c->opt.limit && slot->n >= c->opt.limit)
		return false;
	slot->n++;
	return true;
}

/* Write one request: i2h_check POS ID EXPECT SCHEME HOST PATH METHOD
 * HEADERS [extra args, already quoted]; or, over the limit, a skip. */
static void request(struct gen *x, size_t line, const char *id, const char *expect, const char *scheme,
		    const char *host, const char *path, const char *method, const char *headers, const char *extra)
{
	char *up;

	if (!take(x, host)) {
		buf_adds(x->out, "i2h_skip ");
		pos_id(x, line, "%s", id);
		buf_adds(x->out, " 'over --checks-limit for this host'\n");
		return;
	}
	up = url_path(path);
	buf_adds(x->out, "i2h_check ");
	pos_id(x, line, "%s", id);
	buf_printf(x->out, " %s %s ", expect, scheme);
	sh_quote(x->out, host);
	buf_addc(x->out, ' ');
	sh_quote(x->out, up);
	buf_printf(x->out, " %s '%s'", method, headers);
	if (extra) {
		buf_addc(x->out, ' ');
		buf_adds(x->out, extra);
	}
	buf_addc(x->out, '\n');
	free(up);
}

/* Write a check that is not made, with its reason. */
static void skip(struct gen *x, size_t line, const char *id, const char *reason)
{
	buf_adds(x->out, "i2h_skip ");
	pos_id(x, line, "%s", id);
	buf_addc(x->out, ' ');
	sh_quote(x->out, reason);
	buf_addc(x->out, '\n');
}

/* The valid value of the ConfigMap's key, or NULL. Borrowed. */
static const char *cm_value(const struct gen *x, const char *key)
{
	return x->c->cc ? ctrl_config_value(x->c->cc, key) : NULL;
}

/* The ConfigMap's boolean key: 1 true, 0 false, -1 not set (or not valid). */
static int cm_bool(const struct gen *x, const char *key)
{
	const char *v = cm_value(x, key);

	return v ? ctrl_parse_bool(v) : -1;
}

/* A request (expect 'path' NULL) or a skip (reason why) that the
 * ConfigMap's key implies for host: id NS/NAME/configmap-KEY/HOST at the
 * ConfigMap's position. */
static void cm_check(struct gen *x, const char *key, const char *expect, const char *scheme, const char *host,
		     const char *path, const char *why)
{
	char *id = xasprintf("%s/%s/configmap-%s/%s", x->g->ns, x->g->name, key, host);
	size_t line = x->g->line;

	if (!ctrl_config_where(x->c->cc, &x->file, &line))
		x->file = NULL;
	if (why)
		skip(x, line, id, why);
	else
		request(x, line, id, expect, scheme, host, path, "GET", "", NULL);
	x->file = NULL;
	free(id);
}

/* Is location path p under one of the comma-separated prefixes of list
 * (ingress-nginx's isLocationInLocationList)? */
static bool in_location_list(const char *p, const char *list)
{
	while (*list) {
		size_t n;
		while (*list == ' ' || *list == ',')
			list++;
		n = strcspn(list, ",");
		while (n && list[n - 1] == ' ')
			n--;
		if (n && strncmp(p, list, n) == 0)
			return true;
		list += strcspn(list, ",");
	}
	return false;
}

/* A request path that a regex path matches, built when the regex is a
 * literal with one of the usual tails; NULL when none can be built.
 * Allocates; the caller frees. */
static char *regex_sample(const char *re)
{
	static const char *const tails[] = { "(/|$)(.*)", "(/.*)?", "/(.*)", "(.*)", ".*", "/?", "$", "" };
	size_t n = strlen(re);

	if (*re == '^')
		re++, n--;
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		size_t tl = strlen(tails[t]);
		if (tl > n || strcmp(re + n - tl, tails[t]) != 0)
			continue;
		if (strcspn(re, "\\^$.*+?()[]{}|") < n - tl)
			continue;
		return xstrndup(re, n - tl);
	}
	return NULL;
}

/* Is host one of g's TLS hosts? */
static bool tls_host(const struct cing *g, const char *host)
{
	for (size_t i = 0; i < g->ntls; i++)
		if (*g->tls[i] == '\0' || strcmp(g->tls[i], host) == 0)
			return true;
	return false;
}

/* Has g seen host earlier than path k (first path of each host)? */
static bool first_of_host(const struct cing *g, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (strcmp(g->paths[i].host, g->paths[k].host) == 0)
			return false;
	return true;
}

/* The host × path requests of one path. */
static void path_checks(struct gen *x, size_t k, bool regex)
{
	const struct cing *g = x->g;
	const struct cpath *p = &g->paths[k];
	const char *scheme = tls_host(g, p->host) ? "https" : "http";
	char *sample = NULL, *under;

	if (regex) {
		sample = regex_sample(p->path);
		if (sample == NULL) {
			char *id = xasprintf("%s/%s/path/%s%s", g->ns, g->name, p->host, p->path);
			skip(x, p->line, id, "regex path: no matching sample the tool can build");
			free(id);
			return;
		}
	}
	{
		const char *path = sample ? (*sample ? sample : "/") : p->path;
		char *id = xasprintf("%s/%s/path/%s%s", g->ns, g->name, p->host, p->path);
		request(x, p->line, id, "-", scheme, p->host, path, "GET", "", NULL);
		free(id);
		if (p->type == PT_PREFIX && !regex) {
			size_t n = strlen(p->path);
			under = xasprintf("%s%si2h-check", p->path, n && p->path[n - 1] == '/' ? "" : "/");
			id = xasprintf("%s/%s/path-under/%s%s", g->ns, g->name, p->host, p->path);
			request(x, p->line, id, "-", scheme, p->host, under, "GET", "", NULL);
			free(id);
			free(under);
		}
	}
	free(sample);
}

/* The sample path of path k (its path, or a regex sample), or NULL.
 * Allocates. */
static char *sample_of(const struct cing *g, size_t k, bool regex)
{
	char *s;

	if (!regex)
		return xstrdup(g->paths[k].path);
	s = regex_sample(g->paths[k].path);
	if (s && *s == '\0') {
		free(s);
		s = xstrdup("/");
	}
	return s;
}

/* Is s an HTTP token (a header or cookie name)? */
static bool token(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~") == n;
}

/* Can s be a header value (no control byte)? */
static bool header_value(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* The ConfigMap's 'global-auth-url': a request without credentials for
 * path k, refused (a redirect with 'global-auth-signin'), unless the Ingress has its own auth (own: auth-url
 * replaces it, auth-type has its own check), opts out with
 * 'enable-global-auth: "false"', or the path is under one of the
 * 'no-auth-locations' (default '/.well-known/acme-challenge'). */
static void global_auth(struct gen *x, size_t k, bool own, const char *scheme, const char *path)
{
	const char *url = cm_value(x, "global-auth-url"), *noauth, *v;
	const struct cann *eg;

	if (url == NULL || *url == '\0')
		return;
	eg = use(x, "enable-global-auth");
	if (own || (eg && ctrl_parse_bool(eg->value) == 0))
		return;
	noauth = cm_value(x, "no-auth-locations");
	if (in_location_list(x->g->paths[k].path, noauth ? noauth : "/.well-known/acme-challenge"))
		cm_check(x, "global-auth-url", NULL, NULL, x->g->paths[k].host, NULL,
			 "the path is one of 'no-auth-locations': no global auth there");
	else	/* with 'global-auth-signin' the answer is a redirect to it: compared only */
		cm_check(x, "global-auth-url", (v = cm_value(x, "global-auth-signin")) && *v ? "-" : "refuse", scheme,
			 x->g->paths[k].host, path, NULL);
}

/* Per host, the checks that annotations of the whole Ingress imply. */
static void host_checks(struct gen *x, size_t k, bool regex)
{
	const struct cing *g = x->g;
	const char *host = g->paths[k].host;
	const char *scheme = tls_host(g, host) ? "https" : "http";
	char *path = sample_of(g, k, regex), *id;
	const struct cann *a;
	const char *v;
	size_t line;

	if (path == NULL)
		path = xstrdup("/");
	/* TLS over plain HTTP: the redirect (implicit, ssl-redirect, force-ssl-redirect) */
	if (tls_host(g, host)) {
		const struct cann *sr = use(x, "ssl-redirect"), *fr = use(x, "force-ssl-redirect");
		/* an annotation decides, else the ConfigMap (a forced redirect wins over ssl-redirect) */
		if (fr == NULL && cm_bool(x, "force-ssl-redirect") == 1) {
			cm_check(x, "force-ssl-redirect", "-", "http", host, path, NULL);
		} else if (fr == NULL && sr == NULL && cm_bool(x, "ssl-redirect") >= 0) {
			cm_check(x, "ssl-redirect", "-", "http", host, path, NULL);
		} else {
			line = fr ? fr->line : sr ? sr->line : g->tls_line ? g->tls_line : g->line;
			id = xasprintf("%s/%s/%s/%s", g->ns, g->name,
				       fr ? "force-ssl-redirect" : sr ? "ssl-redirect" : "tls-redirect", host);
			request(x, line, id, "-", "http", host, path, "GET", "", NULL);
			free(id);
		}
	} else if ((a = use(x, "force-ssl-redirect")) != NULL) {
		id = xasprintf("%s/%s/force-ssl-redirect/%s", g->ns, g->name, host);
		request(x, a->line, id, "-", "http", host, path, "GET", "", NULL);
		free(id);
	} else if (cm_bool(x, "force-ssl-redirect") == 1) {
		cm_check(x, "force-ssl-redirect", "-", "http", host, path, NULL);
	}
	/* auth: refused without credentials; with them from the environment */
	{
		const struct cann *at = use(x, "auth-type"), *au = use(x, "auth-url"), *tl = use(x, "auth-tls-secret");
		(void)use(x, "auth-secret");
		(void)use(x, "auth-realm");
		(void)use(x, "auth-tls-verify-client");
		(void)use(x, "auth-signin");
		a = at ? at : au ? au : tl;
		if (a) {
			id = xasprintf("%s/%s/%s/%s", g->ns, g->name, a->key, host);
			request(x, a->line, id, tl && !at && !au ? "-" : "refuse", scheme, host, path, "GET", "", NULL);
			free(id);
		}
		if (at && (strcmp(at->value, "basic") == 0 || strcmp(at->value, "digest") == 0)) {
			id = xasprintf("%s/%s/%s-credentials/%s", g->ns, g->name, at->key, host);
			request(x, at->line, id, "auth", scheme, host, path, "GET", "",
				strcmp(at->value, "digest") == 0 ? "--digest" : NULL);
			free(id);
		}
		global_auth(x, k, at != NULL || au != NULL, scheme, path);
	}
	/* redirects: status and Location */
	{
		static const char *const keys[] = { "permanent-redirect", "temporal-redirect" };
		(void)use(x, "permanent-redirect-code");
		for (size_t i = 0; i < 2; i++) {
			if ((a = use(x, keys[i])) == NULL)
				continue;
			id = xasprintf("%s/%s/%s/%s", g->ns, g->name, keys[i], host);
			request(x, a->line, id, "-", scheme, host, path, "GET", "", NULL);
			free(id);
		}
	}
	if ((a = use(x, "app-root")) != NULL) {
		id = xasprintf("%s/%s/app-root/%s", g->ns, g->name, host);
		request(x, a->line, id, "-", scheme, host, "/", "GET", "", NULL);
		free(id);
	}
	if ((a = use(x, "from-to-www-redirect")) != NULL && scalar_go_bool(a->value, strlen(a->value)) == 1) {
		char *other = strncmp(host, "www.", 4) == 0 ? xstrdup(host + 4) : xasprintf("www.%s", host);
		id = xasprintf("%s/%s/from-to-www-redirect/%s", g->ns, g->name, other);
		request(x, a->line, id, "-", scheme, other, path, "GET", "", NULL);
		free(id);
		free(other);
	}
	/* CORS: a preflight with an Origin */
	if ((a = use(x, "enable-cors")) != NULL && scalar_go_bool(a->value, strlen(a->value)) == 1) {
		const struct cann *o = use(x, "cors-allow-origin");
		char *origin = NULL;
		struct buf extra = {0};
		(void)use(x, "cors-allow-methods");
		(void)use(x, "cors-allow-headers");
		(void)use(x, "cors-allow-credentials");
		(void)use(x, "cors-expose-headers");
		(void)use(x, "cors-max-age");
		if (o && *o->value && strcmp(o->value, "*") != 0 && header_value(o->value))
			origin = xstrndup(o->value, strcspn(o->value, ", "));
		else
			origin = xstrdup("https://i2h-check.example");
		buf_adds(&extra, "-H ");
		{
			char *h = xasprintf("Origin: %s", origin);
			sh_quote(&extra, h);
			free(h);
		}
		buf_adds(&extra, " -H 'Access-Control-Request-Method: GET'");
		id = xasprintf("%s/%s/enable-cors/%s", g->ns, g->name, host);
		request(x, a->line, id, "-", scheme, host, path, "OPTIONS",
			"access-control-allow-origin access-control-allow-methods access-control-allow-headers "
			"access-control-allow-credentials", buf_cstr(&extra));
		free(id);
		free(origin);
		buf_free(&extra);
	}
	/* custom errors and the default backend: a path that 404s */
	{
		const struct cann *ce = use(x, "custom-http-errors"), *db = use(x, "default-backend");
		a = ce ? ce : db;
		if (a) {
			id = xasprintf("%s/%s/%s/%s", g->ns, g->name, a->key, host);
			request(x, a->line, id, "-", scheme, host, "/i2h-check-not-found/404", "GET", "", NULL);
			free(id);
		}
		else if ((v = cm_value(x, "custom-http-errors")) != NULL && *v)
			cm_check(x, "custom-http-errors", "-", scheme, host, "/i2h-check-not-found/404", NULL);
	}
	free(path);
}

/* Requests with and without the canary header or cookie. */
static void canary_checks(struct gen *x, size_t k, bool regex)
{
	const struct cing *g = x->g;
	const char *host = g->paths[k].host;
	const char *scheme = tls_host(g, host) ? "https" : "http";
	const struct cann *h = use(x, "canary-by-header"), *hv = use(x, "canary-by-header-value");
	const struct cann *ck = use(x, "canary-by-cookie"), *w = use(x, "canary-weight");
	char *path = sample_of(g, k, regex), *id;

	(void)use(x, "canary");
	(void)use(x, "canary-by-header-pattern");
	(void)use(x, "canary-weight-total");
	if (path == NULL) {
		id = xasprintf("%s/%s/canary/%s%s", g->ns, g->name, host, g->paths[k].path);
		skip(x, g->paths[k].line, id, "regex path: no matching sample the tool can build");
		free(id);
		return;
	}
	if (h && (!token(h->value) || (hv && !header_value(hv->value)))) {
		id = xasprintf("%s/%s/canary-by-header/%s", g->ns, g->name, host);
		skip(x, h->line, id, "the header name or value cannot be sent as written");
		free(id);
		h = NULL;
	}
	if (ck && !token(ck->value)) {
		id = xasprintf("%s/%s/canary-by-cookie/%s", g->ns, g->name, host);
		skip(x, ck->line, id, "the cookie name cannot be sent as written");
		free(id);
		ck = NULL;
	}
	if (h && *h->value) {
		struct buf extra = {0};
		char *hdr = xasprintf("%s: %s", h->value, hv && *hv->value ? hv->value : "always");
		buf_adds(&extra, "-H ");
		sh_quote(&extra, hdr);
		id = xasprintf("%s/%s/canary-by-header/%s", g->ns, g->name, host);
		request(x, h->line, id, "-", scheme, host, path, "GET", "backend", buf_cstr(&extra));
		free(id);
		free(hdr);
		buf_free(&extra);
	}
	if (ck && *ck->value) {
		struct buf extra = {0};
		char *c = xasprintf("%s=always", ck->value);
		buf_adds(&extra, "-b ");
		sh_quote(&extra, c);
		id = xasprintf("%s/%s/canary-by-cookie/%s", g->ns, g->name, host);
		request(x, ck->line, id, "-", scheme, host, path, "GET", "backend", buf_cstr(&extra));
		free(id);
		free(c);
		buf_free(&extra);
	}
	if ((h && *h->value) || (ck && *ck->value)) {
		id = xasprintf("%s/%s/canary-off/%s", g->ns, g->name, host);
		request(x, (h ? h : ck)->line, id, "-", scheme, host, path, "GET", "backend", NULL);
		free(id);
	}
	if (w) {
		id = xasprintf("%s/%s/canary-weight/%s", g->ns, g->name, host);
		skip(x, w->line, id, "a weighted split is random per request: not comparable request by request");
		free(id);
	}
	free(path);
}

/* Why an annotation no request checks cannot be checked from outside. */
static const char *why_unchecked(const char *key)
{
	static const struct { const char *prefix, *why; } r[] = {
		{ "whitelist-source-range", "depends on the client's source address" },
		{ "allowlist-source-range", "depends on the client's source address" },
		{ "denylist-source-range", "depends on the client's source address" },
		{ "limit-", "a rate or connection limit needs load, not one request" },
		{ "proxy-connect-timeout", "a timeout needs a slow backend" },
		{ "proxy-read-timeout", "a timeout needs a slow backend" },
		{ "proxy-send-timeout", "a timeout needs a slow backend" },
		{ "proxy-body-size", "needs a request body; the checks send none" },
		{ "client-body-buffer-size", "needs a request body; the checks send none" },
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (str_has_prefix(key, r[i].prefix))
			return r[i].why;
	return "no request from outside shows its effect apart from the routes checked";
}

/* A comment line naming g: control bytes of its names become '?', so
 * nothing of a manifest ends the comment. */
static void comment(struct buf *b, const struct cing *g)
{
	char *c = xasprintf("# Ingress %s/%s, %s:%zu", g->ns, g->name, g->file, g->line);

	for (unsigned char *p = (unsigned char *)c; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	buf_printf(b, "\n%s\n", c);
	free(c);
}

/* Write the checks of x->g, then a not-checked line for every annotation
 * no check covered. */
static void ingress_checks(struct gen *x)
{
	const struct cing *g = x->g;
	bool regex = ann_true(g, "use-regex") || ann(g, "rewrite-target") != NULL;
	bool canary = ann_true(g, "canary");

	comment(x->out, g);
	if (ann(g, "use-regex"))
		(void)use(x, "use-regex");
	if (g->npaths == 0) {
		char *id = xasprintf("%s/%s", g->ns, g->name);
		skip(x, g->line, id, "no rule with a path: nothing to request");
		free(id);
	}
	for (size_t k = 0; k < g->npaths; k++) {
		const struct cpath *p = &g->paths[k];
		if (!sendable_host(p->host)) {
			char *id = xasprintf("%s/%s/path/%s%s", g->ns, g->name, p->host, p->path);
			skip(x, p->line, id, *p->host ? "the host is not a name a request can carry (a wildcard?)"
						      : "a rule without host: no Host to send");
			free(id);
			continue;
		}
		if (canary) {
			if (first_of_host(g, k))
				canary_checks(x, k, regex);
			continue;
		}
		path_checks(x, k, regex);
		if (first_of_host(g, k))
			host_checks(x, k, regex);
	}
	for (size_t i = 0; i < g->nann; i++) {
		char *id;
		if (x->used[i] || strcmp(g->ann[i].key, "rewrite-target") == 0)
			continue;
		id = xasprintf("%s/%s/%s", g->ns, g->name, g->ann[i].key);
		skip(x, g->ann[i].line, id, why_unchecked(g->ann[i].key));
		free(id);
	}
}

void checks_finish(struct checks *c, struct buf *out)
{
	struct gen x = { .c = c, .out = out };

	buf_adds(out, "#!/bin/sh\n"
		 "# Cutover checks written by 'ingress2higress checks': run them against the old\n"
		 "# (Ingress-NGINX) and the new (Higress) gateway before moving DNS:\n"
		 "#   sh checks.sh OLD NEW    (ADDR: IP[:HTTP_PORT[:HTTPS_PORT]]; -h for more)\n"
		 "# Needs only curl. Every value from a manifest below is single-quoted data.\n"
		 "set -u\n");
	buf_printf(out, "i2h_max_default=%u\n", c->opt.max_time);
	buf_adds(out, i2h_checks_runtime);
	for (size_t i = 0; i < c->n; i++) {
		x.g = &c->v[i];
		x.used = xcalloc(x.g->nann ? x.g->nann : 1, sizeof(*x.used));
		ingress_checks(&x);
		free(x.used);
	}
	buf_adds(out, "\ni2h_finish\n");
}
