/* emit_gateway.c - the Gateway API target (see emit_gateway.h). */
#include "emit_gateway.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conv.h"
#include "ctrl_config.h"
#include "snippet.h"
#include "yaml_write.h"

/* Schema limits of Gateway API v1 */
#define MAX_LISTENERS 64
#define MAX_HOSTNAMES 16
#define MAX_RULES 16
#define MAX_GRANT_TO 16

enum ptype { P_PREFIX, P_EXACT, P_IMPL };

struct strv {
	char **v;
	size_t n;
};

static void strv_free(struct strv *s);

struct be {
	char *svc;		/* NULL: no service backend */
	char *port_name;	/* NULL when given by number */
	long port;		/* -1 unknown */
};

struct gpath {
	char *host;		/* "" for none */
	char *path;		/* "/" when absent */
	enum ptype type;
	struct be be;
	struct pos pos;
	/* canaries merged into this path (indexes into g->ings) */
	size_t *canaries;
	size_t ncanaries;
	bool has_primary;	/* for a canary's path: merged somewhere */
	char *match_host;	/* a server-alias copy: the host whose regex mode it shares */
};

struct tls {
	char *host;		/* "" for a TLS block without hosts */
	char *secret;
};

/* The CORS filter of an Ingress, nginx's defaults made explicit. */
struct gcors {
	struct strv origins, methods, headers, expose;
	bool credentials;
	long max_age;		/* 0: not written */
};

struct ing {
	char *ns, *name, *file, *cls, *created;
	struct pos pos;
	size_t seq;
	struct gpath *paths;
	size_t npaths;
	size_t nrules;		/* spec.rules entries, converted or not */
	struct tls *tls;
	size_t ntls;
	bool has_def;
	struct be def;
	struct conv cv;
	/* filters and rule fields (gateway_add_ingress decides them) */
	bool has_cors;		/* the CORS filter: cors_read from cv */
	struct conv_mirror mirror;
	bool has_mirror;
	char timeout[16];	/* rules[].timeouts.backendRequest, "" for none */
	long retry_attempts;	/* -1: no retry field */
	char *session_name;	/* sessionPersistence cookie name, or NULL */
	bool has_ann_def;	/* default-backend, resolved at the finish */
	struct be ann_def;
	struct pos at_def, at_alias, at_www, at_mirror;	/* those annotations */
	struct pos at_spec_def;	/* spec.defaultBackend (or spec.backend) */
	struct strv www_from, www_to;	/* from-to-www-redirect: name -> host */
	bool judge_secret;	/* its proxy-ssl-secret finding waits for the Secrets */
};

struct svc {
	char *key;		/* "ns/name" */
	char **port_names;
	long *ports;
	size_t nports;
};

struct secret {
	char *key;		/* "ns/name" */
	bool cert;		/* holds tls.crt and tls.key: a client certificate */
	bool ca;		/* holds ca.crt */
};

/* A host that ssl-passthrough hands to a backend on port 443. */
struct passthrough {
	const char *cls, *host;	/* borrowed from the Ingresses */
	size_t ing;		/* the Ingress whose root path owns it, or SIZE_MAX */
	const struct gpath *root;	/* its root path, or NULL */
};

struct out_obj {
	const char *kind;	/* static */
	char *ns, *name;
	char *text;
};

struct gateway {
	const struct gateway_options *opt;
	struct findings *out;
	struct ing *ings;
	size_t nings, cap;
	struct svc *svcs;
	size_t nsvcs, svcap;
	struct out_obj *objs;
	size_t nobjs, objcap;
	char **regex_hosts;	/* hosts whose paths nginx reads as regexes */
	size_t nregex;
	bool findings_only;	/* gateway_finish without output: keep no text */
	struct secret *secrets;	/* the input's Secrets (for proxy-ssl-secret) */
	size_t nsecrets, seccap;
	struct passthrough *pass;	/* ssl-passthrough hosts (finish) */
	const char *prefix;	/* the annotation prefix (borrowed) */
	size_t npass;
};

struct gateway *gateway_new(const struct gateway_options *opt, struct findings *out)
{
	struct gateway *g = xcalloc(1, sizeof(*g));

	g->opt = opt;
	g->out = out;
	return g;
}

static void be_free(struct be *b)
{
	free(b->svc);
	free(b->port_name);
}

void gateway_free(struct gateway *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nings; i++) {
		struct ing *n = &g->ings[i];
		for (size_t p = 0; p < n->npaths; p++) {
			free(n->paths[p].host);
			free(n->paths[p].path);
			be_free(&n->paths[p].be);
			free(n->paths[p].canaries);
			free(n->paths[p].match_host);
		}
		for (size_t t = 0; t < n->ntls; t++) {
			free(n->tls[t].host);
			free(n->tls[t].secret);
		}
		free(n->paths);
		free(n->tls);
		be_free(&n->def);
		be_free(&n->ann_def);
		conv_free(&n->cv);
		conv_mirror_free(&n->mirror);
		strv_free(&n->www_from);
		strv_free(&n->www_to);
		free(n->session_name);
		free(n->ns);
		free(n->name);
		free(n->file);
		free(n->cls);
		free(n->created);
	}
	free(g->ings);
	for (size_t i = 0; i < g->nsvcs; i++) {
		free(g->svcs[i].key);
		for (size_t p = 0; p < g->svcs[i].nports; p++)
			free(g->svcs[i].port_names[p]);
		free(g->svcs[i].port_names);
		free(g->svcs[i].ports);
	}
	free(g->svcs);
	for (size_t i = 0; i < g->nobjs; i++) {
		free(g->objs[i].ns);
		free(g->objs[i].name);
		free(g->objs[i].text);
	}
	free(g->objs);
	free(g->regex_hosts);
	for (size_t i = 0; i < g->nsecrets; i++)
		free(g->secrets[i].key);
	free(g->secrets);
	free(g->pass);
	free(g);
}

static void finding(struct gateway *g, const struct ing *n, const struct pos *at, enum status st,
		    enum severity sev, const char *rule, const char *msg, const char *fix);

/* Reading ---------------------------------------------------------------- */

/* Is h a hostname Gateway API accepts (a DNS subdomain, lowercase, with an
 * optional leading '*.' label)? */
static bool valid_hostname(const char *h)
{
	size_t n = strlen(h), label = 0;

	if (strncmp(h, "*.", 2) == 0)
		h += 2, n -= 2;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (c == '.') {
			if (label == 0 || h[i - 1] == '-')
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && label > 0)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0 && h[n - 1] != '-';
}

static struct node *get(struct node *map, const char *key)
{
	if (map == NULL)
		return NULL;
	map = node_resolve(NULL, map);
	if (map == NULL || map->type != N_MAPPING)
		return NULL;
	return node_lookup(map, key, NULL, NULL);
}

/* Scalar text of key, or NULL. Borrowed. */
static const char *get_str(struct node *map, const char *key)
{
	struct node *v = get(map, key);

	v = v ? node_resolve(NULL, v) : NULL;
	return v && v->type == N_SCALAR ? v->value : NULL;
}

static struct node *seq_of(struct node *n)
{
	n = n ? node_resolve(NULL, n) : NULL;
	return n && n->type == N_SEQUENCE ? n : NULL;
}

static long port_number(const char *s)
{
	char *end;
	long n;

	if (s == NULL || *s == '\0')
		return -1;
	n = strtol(s, &end, 10);
	return *end || n < 1 || n > 65535 ? -1 : n;
}

/* Does the Secret obj hold key in data or stringData? */
static bool secret_has(struct node *obj, const char *key)
{
	return get(get(obj, "data"), key) != NULL || get(get(obj, "stringData"), key) != NULL;
}

/* Learn which keys a Secret holds (not their values). */
static void add_secret(struct gateway *g, struct node *obj)
{
	struct node *meta = get(obj, "metadata");
	const char *name = get_str(meta, "name"), *ns = get_str(meta, "namespace");
	struct secret *s;

	if (name == NULL)
		return;
	grow_array((void **)&g->secrets, &g->seccap, g->nsecrets + 1, sizeof(*g->secrets));
	s = &g->secrets[g->nsecrets++];
	s->key = xasprintf("%s/%s", ns ? ns : "default", name);
	s->cert = secret_has(obj, "tls.crt") && secret_has(obj, "tls.key");
	s->ca = secret_has(obj, "ca.crt");
}

void gateway_add_service(struct gateway *g, struct stream *st, struct node *obj)
{
	struct node *meta, *ports;
	const char *name, *ns;
	struct svc *s;

	(void)st;
	if (node_is(get(obj, "kind"), "Secret") && node_is(get(obj, "apiVersion"), "v1")) {
		add_secret(g, obj);
		return;
	}
	if (!node_is(get(obj, "kind"), "Service") || !node_is(get(obj, "apiVersion"), "v1"))
		return;
	meta = get(obj, "metadata");
	name = get_str(meta, "name");
	ns = get_str(meta, "namespace");
	if (name == NULL)
		return;
	grow_array((void **)&g->svcs, &g->svcap, g->nsvcs + 1, sizeof(*g->svcs));
	s = &g->svcs[g->nsvcs++];
	memset(s, 0, sizeof(*s));
	s->key = xasprintf("%s/%s", ns ? ns : "default", name);
	ports = seq_of(get(get(obj, "spec"), "ports"));
	if (ports == NULL)
		return;
	s->port_names = xcalloc(ports->nkids ? ports->nkids : 1, sizeof(*s->port_names));
	s->ports = xcalloc(ports->nkids ? ports->nkids : 1, sizeof(*s->ports));
	for (size_t i = 0; i < ports->nkids; i++) {
		const char *pn = get_str(ports->kids[i], "name");
		s->port_names[s->nports] = xstrdup(pn ? pn : "");
		s->ports[s->nports++] = port_number(get_str(ports->kids[i], "port"));
	}
}

static void read_backend(struct be *b, struct node *backend)
{
	struct node *svc = get(backend, "service"), *port;
	const char *name = get_str(svc, "name");

	memset(b, 0, sizeof(*b));
	b->port = -1;
	if (name == NULL) {
		/* v1beta1 shape */
		name = get_str(backend, "serviceName");
		if (name == NULL)
			return;
		b->svc = xstrdup(name);
		const char *p = get_str(backend, "servicePort");
		b->port = port_number(p);
		if (b->port < 0 && p)
			b->port_name = xstrdup(p);
		return;
	}
	b->svc = xstrdup(name);
	port = get(svc, "port");
	b->port = port_number(get_str(port, "number"));
	if (b->port < 0 && get_str(port, "name"))
		b->port_name = xstrdup(get_str(port, "name"));
}

/* Override the status, severity and message of the finding the analysis
 * gave annotation prefix/name of the Ingress just analysed (the per-value
 * decision of the conversion; conservation keeps one finding). */
static void override(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
		     const char *name, enum status status, enum severity sev, const char *msg)
{
	char *key = xasprintf("%s/%s", prefix, name);

	for (size_t i = g->out->n; i-- > 0;) {
		struct finding *f = &g->out->v[i];
		if (f->pos.start < in->obj->pos.start || strcmp(f->file, stream_name(st)) != 0)
			break;	/* an earlier object's */
		if (f->annotation && strcmp(f->annotation, key) == 0 && strcmp(f->file, stream_name(st)) == 0 &&
		    f->pos.start >= in->obj->pos.start && f->pos.start < in->obj->pos.end) {
			f->status = status;
			f->severity = sev;
			findings_set_message(g->out, f, msg);
			break;
		}
	}
	free(key);
}

/* Override the finding of annotation key (full) when the table says the
 * Gateway output carries it (supported, converted, partial). */
static void override_if_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *key,
				const char *msg)
{
	for (size_t i = g->out->n; i-- > 0;) {
		struct finding *f = &g->out->v[i];
		if (f->pos.start < in->obj->pos.start || strcmp(f->file, stream_name(st)) != 0)
			break;	/* an earlier object's */
		if (f->annotation && strcmp(f->annotation, key) == 0 && strcmp(f->file, stream_name(st)) == 0 &&
		    f->pos.start >= in->obj->pos.start && f->pos.start < in->obj->pos.end) {
			if (f->status == ST_SUPPORTED || f->status == ST_CONVERTED || f->status == ST_PARTIAL) {
				f->status = ST_UNSUPPORTED;
				if (f->severity < SEV_ERROR)
					f->severity = SEV_ERROR;
				findings_set_message(g->out, f, msg);
			}
			break;
		}
	}
}

/* Filters and rule fields: CORS, mirror, timeouts, retry, session ----------
 * persistence. Decided per Ingress in gateway_add_ingress (findings on the
 * annotations), written per rule by rule_filters and rule_fields. */

/* Append a copy of x[0..len) (owned by s, freed by strv_free). */
static void strv_add(struct strv *s, const char *x, size_t len)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrndup(x, len);
}

static void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The items of a list nginx separates with ',' (and blanks where seps has
 * them), in order, empty ones skipped: copies appended to out (its own). */
static void split_list(const char *s, const char *seps, struct strv *out)
{
	while (*s) {
		size_t n;
		s += strspn(s, seps);
		s += strspn(s, " \t");
		n = strcspn(s, seps);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n)
			strv_add(out, s, n);
		s += strcspn(s, seps);
	}
}

/* Is o an origin the CORS filter accepts: '*', or http(s)://host[:port]
 * with an optional leading '*.' label, or the host '*'? */
static bool cors_origin_ok(const char *o)
{
	const char *p = o;
	size_t label = 0;

	if (strcmp(o, "*") == 0)
		return true;
	if (strlen(o) > 253)
		return false;
	if (strncmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncmp(p, "http://", 7) == 0)
		p += 7;
	else
		return false;
	if (*p == '*' && (p[1] == '\0' || p[1] == ':'))
		p++;
	else {
		if (strncmp(p, "*.", 2) == 0)
			p += 2;
		for (; *p && *p != ':'; p++) {
			if (*p == '.') {
				if (label == 0)
					return false;
				label = 0;
			} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				   (*p >= '0' && *p <= '9') || *p == '-') {
				label++;
			} else {
				return false;
			}
		}
		if (label == 0)
			return false;
	}
	if (*p == ':') {
		size_t d = strspn(p + 1, "0123456789");
		return d >= 1 && d <= 5 && p[1 + d] == '\0';
	}
	return *p == '\0';
}

static bool cors_method_ok(const char *m)
{
	static const char *const ok[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
					  "TRACE", "PATCH", "*" };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(m, ok[i]) == 0)
			return true;
	return false;
}

static bool header_name_ok(const char *h)
{
	return *h && strlen(h) <= 256 && strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
					       "!#$%&'*+-.^_`|~") == strlen(h);
}

/* Keep the items of in that ok accepts (at most max) in out; the others
 * are listed in dropped ("'a', 'b'"). Frees in. */
static void keep_valid(struct strv *in, bool (*ok)(const char *), size_t max, struct strv *out,
		       struct buf *dropped)
{
	for (size_t i = 0; i < in->n; i++) {
		if (ok(in->v[i]) && out->n < max)
			strv_add(out, in->v[i], strlen(in->v[i]));
		else
			buf_printf(dropped, "%s'%s'", dropped->len ? ", " : "", in->v[i]);
	}
	strv_free(in);
}

/* A list of the items of v ("a, b") into b. */
static void list_of(struct buf *b, const struct strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v->v[i]);
}

/* A redirect answers every path of the Ingress: what would shape the
 * proxied request or response is not written, and the finding of each of
 * keys[0..n) that is set says so. True when that is the case. */
static bool redirects_all(struct gateway *g, struct stream *st, const struct ingress *in, const struct ing *n,
			  const char *prefix, const char *const *keys, size_t nkeys)
{
	if (n->cv.redirect_url == NULL)
		return false;
	for (size_t k = 0; k < nkeys; k++)
		override(g, st, in, prefix, keys[k], ST_IGNORED, SEV_INFO,
			 "not written: 'permanent-redirect' or 'temporal-redirect' answers every path of this Ingress, "
			 "so no request reaches a backend");
	return true;
}

static void gcors_free(struct gcors *c)
{
	strv_free(&c->origins);
	strv_free(&c->methods);
	strv_free(&c->headers);
	strv_free(&c->expose);
}

/* The CORS filter of an Ingress with 'enable-cors' true: every value
 * nginx would use, written out, into c (lists owned by c, gcors_free).
 * The entries the filter cannot take go, quoted, to drops[0..3]
 * (origins, methods, headers, exposed headers) unless drops is NULL.
 * Read again for each rule written, rather than kept per Ingress: the
 * default lists are the same on every Ingress. Returns whether the
 * origins hold '*'. */
static bool cors_read(const struct conv *cv, struct gcors *c, struct buf *drops)
{
	struct buf scratch[4] = {{0}};
	struct buf *d = drops ? drops : scratch;
	struct strv raw = {0};
	bool star = false;
	char *end;

	memset(c, 0, sizeof(*c));
	split_list(cv->cors_origin ? cv->cors_origin : CONV_CORS_ORIGIN, ",", &raw);
	keep_valid(&raw, cors_origin_ok, 64, &c->origins, &d[0]);
	split_list(cv->cors_methods ? cv->cors_methods : CONV_CORS_METHODS, ", \t", &raw);
	for (size_t i = 0; i < raw.n; i++)
		for (char *x = raw.v[i]; *x; x++)
			if (*x >= 'a' && *x <= 'z')
				*x = (char)(*x - 'a' + 'A');
	keep_valid(&raw, cors_method_ok, 9, &c->methods, &d[1]);
	split_list(cv->cors_headers ? cv->cors_headers : CONV_CORS_HEADERS, ",", &raw);
	keep_valid(&raw, header_name_ok, 64, &c->headers, &d[2]);
	if (cv->cors_expose)
		split_list(cv->cors_expose, ",", &raw);
	keep_valid(&raw, header_name_ok, 64, &c->expose, &d[3]);
	for (size_t i = 0; i < c->origins.n; i++)
		star = star || strcmp(c->origins.v[i], "*") == 0;
	c->credentials = cv->cors_credentials != CONV_FALSE && !star;
	c->max_age = CONV_CORS_MAX_AGE;
	if (cv->cors_max_age) {
		long v = strtol(cv->cors_max_age, &end, 10);
		c->max_age = *end || end == cv->cors_max_age ? CONV_CORS_MAX_AGE : v > 0 ? v : 0;
	}
	for (size_t i = 0; i < 4; i++)
		buf_free(&scratch[i]);
	return star;
}

/* CORS: with 'enable-cors' true, the filter (cors_read); the cors-* keys
 * without it are ignored by nginx. Findings on the annotations only. */
static void judge_cors(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		       const char *prefix)
{
	static const char *const keys[] = { "cors-allow-origin", "cors-allow-methods", "cors-allow-headers",
					    "cors-expose-headers", "cors-allow-credentials", "cors-max-age" };
	static const char *const all[] = { "enable-cors", "cors-allow-origin", "cors-allow-methods",
					   "cors-allow-headers", "cors-expose-headers", "cors-allow-credentials",
					   "cors-max-age" };
	static const char *const what[] = { ("have no form in the CORS filter (http(s)://host[:port], '*.' first "
					     "allowed, at most 64): requests from them get no CORS headers"),
					    "are not methods the CORS filter accepts: left out",
					    "are not header names the CORS filter accepts: left out",
					    "are not header names the CORS filter accepts: left out" };
	static const char *const noun[] = { "origins", "methods", "headers", "headers" };
	const struct conv *cv = &n->cv;
	struct gcors c;
	struct buf drops[4] = {{0}}, msg = {0};
	bool star;

	if (redirects_all(g, st, in, n, prefix, all, sizeof(all) / sizeof(all[0])))
		return;
	if (!cv->cors) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			override(g, st, in, prefix, keys[k], ST_IGNORED, SEV_INFO,
				 "'enable-cors' is not true, so ingress-nginx sends no CORS headers and the "
				 "HTTPRoute gets no CORS filter either");
		return;
	}
	n->has_cors = true;
	star = cors_read(cv, &c, drops);
	buf_adds(&msg, "becomes the standard 'CORS' filter with ingress-nginx's values written out: allowOrigins ");
	list_of(&msg, &c.origins);
	buf_adds(&msg, c.credentials ? ", allowCredentials true" : ", allowCredentials false");
	buf_adds(&msg, ", allowMethods ");
	list_of(&msg, &c.methods);
	buf_printf(&msg, ", %zu allowHeaders", c.headers.n);
	if (c.expose.n)
		buf_printf(&msg, ", %zu exposeHeaders", c.expose.n);
	if (c.max_age)
		buf_printf(&msg, ", maxAge %ld", c.max_age);
	if (star && cv->cors_credentials != CONV_FALSE)
		buf_adds(&msg, "; credentials are off: with the origin '*' the filter would answer every Origin with "
			       "credentials allowed (ingress-nginx sent a literal '*', which browsers refuse with "
			       "credentials)");
	override(g, st, in, prefix, "enable-cors", ST_CONVERTED,
		 star && cv->cors_credentials != CONV_FALSE ? SEV_WARNING : SEV_INFO, buf_cstr(&msg));
	buf_free(&msg);
	for (size_t k = 0; k < 4; k++) {
		if (drops[k].len) {
			char *m = xasprintf("%s %s %s", noun[k], buf_cstr(&drops[k]), what[k]);
			override(g, st, in, prefix, keys[k], ST_PARTIAL, SEV_WARNING, m);
			free(m);
		}
		buf_free(&drops[k]);
	}
	if (cv->cors_max_age && c.max_age == 0)
		override(g, st, in, prefix, "cors-max-age", ST_PARTIAL, SEV_WARNING,
			 "'maxAge' must be at least 1: left out, so the filter sends its default of 5 seconds");
	gcors_free(&c);
}

/* mirror-target: a RequestMirror filter when the URL names a Service in
 * the cluster DNS form; the port is checked against the Services at the
 * finish (mirror_check). */
static void judge_mirror(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			 const char *prefix)
{
	static const char *const all[] = { "mirror-target", "mirror-request-body" };
	const struct conv_mirror *m = &n->mirror;
	struct buf msg = {0};

	if (redirects_all(g, st, in, n, prefix, all, 2))
		return;

	if (n->cv.mirror_target == NULL || !conv_mirror(n->cv.mirror_target, &n->mirror)) {
		if (n->cv.mirror_body != CONV_UNSET)
			override(g, st, in, prefix, "mirror-request-body", ST_IGNORED, SEV_INFO,
				 "no RequestMirror filter is written for this Ingress (see 'mirror-target')");
		if (n->cv.mirror_target == NULL)
			return;
		char *msg2 = xasprintf("'%s' is not a Service URL of the form http(s)://SERVICE.NAMESPACE.svc[.cluster."
				       "local][:PORT]: a 'RequestMirror' filter mirrors only to a backendRef, so requests "
				       "are no longer mirrored", n->cv.mirror_target);
		override(g, st, in, prefix, "mirror-target", ST_UNSUPPORTED, SEV_ERROR, msg2);
		free(msg2);
		return;
	}
	if (n->cv.mirror_body == CONV_FALSE)
		override(g, st, in, prefix, "mirror-request-body", ST_PARTIAL, SEV_WARNING,
			 "a 'RequestMirror' filter has no switch to leave the body out: mirrored requests carry it");
	else if (n->cv.mirror_body == CONV_TRUE)
		override(g, st, in, prefix, "mirror-request-body", ST_CONVERTED, SEV_INFO,
			 "mirrored requests carry the body, as with 'on' (the RequestMirror filter always sends it)");
	n->has_mirror = true;
	buf_printf(&msg, "becomes a 'RequestMirror' filter to Service '%s/%s' port %ld", m->ns, m->svc, m->port);
	if (strcmp(m->ns, n->ns) != 0)
		buf_printf(&msg, " (a ReferenceGrant in '%s' lets the HTTPRoute refer to it)", m->ns);
	if (strstr(m->path, "$request_uri") || *m->path == '\0')
		buf_adds(&msg, "; mirrored requests keep their own path, as with '$request_uri'");
	else
		buf_printf(&msg, "; the URL path '%s' has no field in the filter: mirrored requests keep their own "
			   "path", m->path);
	if (m->tls)
		buf_adds(&msg, "; ingress-nginx spoke HTTPS to the mirror, the filter speaks what the Service's "
			       "port and any BackendTLSPolicy say");
	override(g, st, in, prefix, "mirror-target", m->tls || (*m->path && !strstr(m->path, "$request_uri"))
							     ? ST_PARTIAL : ST_CONVERTED, SEV_WARNING, buf_cstr(&msg));
	buf_free(&msg);
}

/* proxy-connect|send|read-timeout: one backendRequest timeout bounding
 * the whole backend exchange, the sum of the three phase timeouts nginx
 * allowed (ConfigMap defaults for those not set). */
static void judge_timeouts(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			   const char *prefix)
{
	static const char *const keys[] = { "proxy-connect-timeout", "proxy-send-timeout", "proxy-read-timeout" };
	const struct conv *cv = &n->cv;
	const struct ctrl_settings *cs = g->opt->ctrl && g->opt->ctrl->found ? g->opt->ctrl : NULL;
	long c = cv->connect_timeout >= 0 ? cv->connect_timeout : cs ? cs->connect_timeout : CONV_CONNECT_TIMEOUT;
	long s = cv->send_timeout >= 0 ? cv->send_timeout : cs ? cs->send_timeout : CONV_SEND_TIMEOUT;
	long r = cv->read_timeout >= 0 ? cv->read_timeout : cs ? cs->read_timeout : CONV_READ_TIMEOUT;
	bool any = false;
	char *msg;

	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < in->nann; i++)
			if (strncmp(in->ann[i].key, prefix, strlen(prefix)) == 0 &&
			    in->ann[i].key[strlen(prefix)] == '/' &&
			    strcmp(in->ann[i].key + strlen(prefix) + 1, keys[k]) == 0)
				any = true;
	if (!any || redirects_all(g, st, in, n, prefix, keys, 3))
		return;
	if (c > 100000000L || s > 100000000L || r > 100000000L || !conv_duration(c + s + r, n->timeout,
										   sizeof(n->timeout))) {
		n->timeout[0] = '\0';
		for (size_t k = 0; k < 3; k++)
			override(g, st, in, prefix, keys[k], ST_UNSUPPORTED, SEV_ERROR,
				 "the timeouts add up to more than a Gateway API Duration can hold: no "
				 "'timeouts' written");
		return;
	}
	msg = xasprintf("becomes 'rules[].timeouts.backendRequest: %s', connect %lds + send %lds + read %lds "
			"(%s for those not set): one bound on the whole "
			"backend exchange, where nginx bounded each phase and each pause between reads and writes, "
			"so a slow streaming or long-polling response is cut off at %s", n->timeout, c, s, r,
			cs ? "the controller ConfigMap's values" : "ingress-nginx's ConfigMap defaults 5s, 60s, 60s", n->timeout);
	for (size_t k = 0; k < 3; k++)
		override(g, st, in, prefix, keys[k], ST_PARTIAL, SEV_WARNING, msg);
	free(msg);
}

/* The experimental-channel forms: proxy-next-upstream-tries as
 * rules[].retry and cookie affinity as sessionPersistence, only with
 * --allow-experimental (the table's finding names the flag otherwise). */
static void judge_experimental(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			       const char *prefix)
{
	n->retry_attempts = -1;
	if (!g->opt->allow_experimental)
		return;
	if (n->cv.next_upstream_tries > 0) {
		char *msg = xasprintf("becomes the experimental 'rules[].retry.attempts: %ld' (nginx's %ld tries "
				      "count the first one); the retry conditions stay the implementation's, where "
				      "nginx retried on 'proxy-next-upstream' (default: error, timeout)",
				      n->cv.next_upstream_tries - 1, n->cv.next_upstream_tries);
		n->retry_attempts = n->cv.next_upstream_tries - 1;
		override(g, st, in, prefix, "proxy-next-upstream-tries", ST_CONVERTED, SEV_WARNING, msg);
		free(msg);
	} else if (n->cv.next_upstream_tries == 0) {
		override(g, st, in, prefix, "proxy-next-upstream-tries", ST_UNSUPPORTED, SEV_WARNING,
			 "0 means unlimited tries in nginx, which 'rules[].retry.attempts' cannot say: no retry written");
	}
	if (n->cv.affinity && strcmp(n->cv.affinity, "cookie") == 0) {
		char *msg;
		n->session_name = xstrdup(n->cv.session_cookie_name && *n->cv.session_cookie_name
						  ? n->cv.session_cookie_name : "INGRESSCOOKIE");
		msg = xasprintf("becomes the experimental 'rules[].sessionPersistence' (cookie '%s'), which "
				"higress's Gateway API does not implement: on higress requests are balanced without "
				"stickiness; written for implementations that read it", n->session_name);
		override(g, st, in, prefix, "affinity", ST_PARTIAL, SEV_WARNING, msg);
		free(msg);
		if (n->cv.session_cookie_name)
			override(g, st, in, prefix, "session-cookie-name", ST_PARTIAL, SEV_INFO,
				 "becomes 'sessionName' of the experimental 'sessionPersistence' (see 'affinity')");
	}
}

/* The filters of a rule beyond rewrites and header changes. */
static bool has_more_filters(const struct ing *n)
{
	return n->has_cors || n->has_mirror;
}

static void write_strs(struct yw *w, const char *key, const struct strv *v)
{
	if (v->n == 0)
		return;
	yw_seq(w, key);
	for (size_t i = 0; i < v->n; i++)
		yw_item_str(w, v->v[i]);
	yw_end(w);
}

/* Items of the 'filters' sequence: CORS, then RequestMirror. */
static void more_filters(struct yw *w, const struct ing *n)
{
	if (n->has_cors) {
		struct gcors c;
		(void)cors_read(&n->cv, &c, NULL);
		yw_item(w);
		yw_str(w, "type", "CORS");
		yw_map(w, "cors");
		write_strs(w, "allowOrigins", &c.origins);
		yw_bool(w, "allowCredentials", c.credentials);
		write_strs(w, "allowMethods", &c.methods);
		write_strs(w, "allowHeaders", &c.headers);
		write_strs(w, "exposeHeaders", &c.expose);
		if (c.max_age > 0)
			yw_int(w, "maxAge", c.max_age);
		yw_end(w);
		yw_end(w);
		gcors_free(&c);
	}
	if (n->has_mirror) {
		yw_item(w);
		yw_str(w, "type", "RequestMirror");
		yw_map(w, "requestMirror");
		yw_map(w, "backendRef");
		yw_str(w, "name", n->mirror.svc);
		if (strcmp(n->mirror.ns, n->ns) != 0)
			yw_str(w, "namespace", n->mirror.ns);
		yw_int(w, "port", n->mirror.port);
		yw_end(w);
		yw_end(w);
		yw_end(w);
	}
}

/* The fields after a rule's backendRefs: timeouts, retry, session
 * persistence. */
static void rule_fields(struct yw *w, const struct ing *n)
{
	if (n->timeout[0]) {
		yw_map(w, "timeouts");
		yw_str(w, "backendRequest", n->timeout);
		yw_end(w);
	}
	if (n->retry_attempts >= 0) {
		yw_map(w, "retry");
		yw_int(w, "attempts", n->retry_attempts);
		yw_end(w);
	}
	if (n->session_name) {
		yw_map(w, "sessionPersistence");
		yw_str(w, "sessionName", n->session_name);
		yw_str(w, "type", "Cookie");
		yw_end(w);
	}
}

/* The decisions that need only this Ingress: a rewrite beyond the idiom,
 * a clamped redirect code, client-certificate auth that is lost. */
static void judge(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		  const char *prefix)
{
	if (n->cv.rewrite_target) {
		for (size_t p = 0; p < n->npaths; p++) {
			char *a, *b;
			if (conv_rewrite(n->paths[p].path, n->cv.rewrite_target, &a, &b) == CONV_RW_UNSUPPORTED) {
				char *msg = xasprintf("'%s' on path '%s' needs regex capture groups, "
						      "which Gateway API cannot express: the path is matched, not "
						      "rewritten (use the '/p(/|$)(.*)' + '/$2' idiom, a static "
						      "target, or --to ingress)", n->cv.rewrite_target, n->paths[p].path);
				override(g, st, in, prefix, "rewrite-target", ST_UNSUPPORTED, SEV_ERROR, msg);
				free(msg);
				break;
			}
			free(a);
			free(b);
		}
	}
	for (int t = 0; t < 2; t++) {
		long c = t ? n->cv.temporal_code : n->cv.redirect_code;
		if (c > 0 && !(c == 301 || c == 302 || c == 303 || c == 307 || c == 308)) {
			char *msg = xasprintf("%ld is not a code Gateway API allows (301, 302, 303, 307, "
					      "308): the RequestRedirect uses %d", c, t ? 302 : 301);
			override(g, st, in, prefix, t ? "temporal-redirect-code" : "permanent-redirect-code",
				 ST_PARTIAL, SEV_WARNING, msg);
			free(msg);
		}
	}
	/* what the table says the Gateway output carries and this emitter
	 * does not write yet: said, never implied */
	static const char *const done[] = {
		"canary", "canary-weight", "canary-weight-total", "canary-by-header", "canary-by-header-value",
		"canary-by-header-pattern", "temporal-redirect", "temporal-redirect-code", "permanent-redirect",
		"permanent-redirect-code", "rewrite-target", "ssl-redirect", "force-ssl-redirect", "app-root",
		"upstream-vhost", "x-forwarded-prefix", "use-regex", "backend-protocol", "proxy-ssl-secret",
		"proxy-ssl-name", "proxy-ssl-verify", "proxy-ssl-server-name", "ssl-passthrough", "enable-cors",
		"cors-allow-origin", "cors-allow-methods", "cors-allow-headers", "cors-expose-headers",
		"cors-allow-credentials", "cors-max-age", "mirror-target", "mirror-request-body", "proxy-connect-timeout",
		"proxy-send-timeout", "proxy-read-timeout", "server-alias", "default-backend", "from-to-www-redirect",
		"configuration-snippet", "server-snippet", NULL,
	};
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key, *name;
		bool ok = false;
		if (strncmp(k, prefix, plen) != 0 || k[plen] != '/')
			continue;
		name = k + plen + 1;
		for (const char *const *d = done; *d && !ok; d++)
			ok = strcmp(*d, name) == 0;
		if (!ok) {
			char *msg = xasprintf("not carried: this version's Gateway API output does not write "
					      "'%s' yet, so the route is served without it", name);
			override_if_carried(g, st, in, k, msg);
			free(msg);
		}
	}
	n->retry_attempts = -1;
	if (!CONV_PROTO_IS_GRPC(n->cv.protocol)) {
		/* a GRPCRoute carries none of these (grpc_not_carried says so) */
		judge_cors(g, st, in, n, prefix);
		judge_mirror(g, st, in, n, prefix);
		judge_timeouts(g, st, in, n, prefix);
		judge_experimental(g, st, in, n, prefix);
	}
	if (n->cv.default_backend && n->has_def && !CONV_PROTO_IS_GRPC(n->cv.protocol))
		override(g, st, in, prefix, "default-backend", ST_UNSUPPORTED, SEV_WARNING,
			 "'spec.defaultBackend' takes the requests no path matches; this service, ingress-nginx's "
			 "fallback when a backend has no endpoints (and for 'custom-http-errors'), has no Gateway API "
			 "form");
	if (n->cv.auth_tls) {
		struct buf hosts = {0};
		for (size_t t = 0; t < n->ntls; t++)
			buf_printf(&hosts, "%s'%s'", t ? ", " : "", n->tls[t].host);
		char *msg = xasprintf("client-certificate authentication cannot be carried by Gateway "
				      "output on higress: %s %s %s it; keep this Ingress on --to ingress, where "
				      "higress keeps it", n->ntls > 1 ? "hosts" : "host",
				      hosts.len ? buf_cstr(&hosts) : "(none with TLS)", n->ntls > 1 ? "lose" : "loses");
		override(g, st, in, prefix, "auth-tls-secret", ST_UNSUPPORTED, SEV_CRITICAL, msg);
		free(msg);
		buf_free(&hosts);
	}
}

/* The index of the finding the analysis gave annotation prefix/name of
 * the Ingress just analysed, or SIZE_MAX. */
static size_t finding_of(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
			 const char *name)
{
	char *key = xasprintf("%s/%s", prefix, name);
	size_t r = SIZE_MAX;

	for (size_t i = g->out->n; i-- > 0;) {
		const struct finding *f = &g->out->v[i];
		if (f->pos.start < in->obj->pos.start || strcmp(f->file, stream_name(st)) != 0)
			break;	/* an earlier object's */
		if (f->annotation && strcmp(f->annotation, key) == 0 && f->pos.start < in->obj->pos.end) {
			r = i;
			break;
		}
	}
	free(key);
	return r;
}

/* Set the status, severity and message of finding i (SIZE_MAX: none),
 * unless the value was found invalid, which says more. */
static void refine(struct gateway *g, size_t i, enum status status, enum severity sev, const char *msg)
{
	struct finding *f;

	if (i == SIZE_MAX)
		return;
	f = &g->out->v[i];
	if (f->status == ST_INVALID)
		return;
	f->status = status;
	f->severity = sev;
	findings_set_message(g->out, f, msg);
}

/* Set the fix of finding i (SIZE_MAX: none) as refine does its message. */
static void refine_fix(struct gateway *g, size_t i, const char *fix)
{
	if (i != SIZE_MAX && g->out->v[i].status != ST_INVALID)
		findings_set_fix(g->out, &g->out->v[i], fix);
}

/* Is h a name a BackendTLSPolicy's 'validation.hostname' takes (a
 * lowercase DNS name, no wildcard)? */
static bool precise_hostname(const char *h)
{
	return strchr(h, '*') == NULL && valid_hostname(h);
}

/* The hostname the BackendTLSPolicy of Service svc checks, allocated:
 * proxy-ssl-name, else the Service's cluster name. */
static char *backend_tls_hostname(const struct ing *n, const char *svc)
{
	if (n->cv.proxy_ssl_name && precise_hostname(n->cv.proxy_ssl_name))
		return xstrdup(n->cv.proxy_ssl_name);
	return xasprintf("%s.%s.svc", svc, n->ns);
}

/* On a GRPCRoute, what the table says a route carries but a GRPCRoute
 * rule cannot (rewrites, redirects, CORS, timeouts, ...) is reported: the
 * GRPCRoute writer carries only the names below. */
static void grpc_not_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix)
{
	static const char *const carried[] = {
		"backend-protocol", "canary", "canary-weight", "canary-weight-total", "canary-by-header",
		"canary-by-header-value", "canary-by-header-pattern", "proxy-ssl-secret", "proxy-ssl-name",
		"proxy-ssl-verify", "proxy-ssl-server-name", "ssl-redirect", "force-ssl-redirect", "ssl-passthrough",
		"x-forwarded-prefix", "use-regex", NULL,
	};
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key, *name;
		bool ok = false;
		if (strncmp(k, prefix, plen) != 0 || k[plen] != '/')
			continue;
		name = k + plen + 1;
		for (const char *const *c = carried; *c && !ok; c++)
			ok = strcmp(*c, name) == 0;
		if (ok)
			continue;
		char *msg = xasprintf("not carried: a GRPCRoute has no form for '%s' (its rules take method and "
				      "header matches, header filters and backendRefs), so the gRPC route is served "
				      "without it", name);
		override_if_carried(g, st, in, k, msg);
		free(msg);
	}
}

/* What the backend protocol and the proxy-ssl-* keys become, as far as
 * this Ingress tells (the Secret behind proxy-ssl-secret is judged at
 * finish, when every Secret of the input is known). */
static void judge_backend(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			  const char *prefix)
{
	static const char *const ssl_keys[] = {
		"proxy-ssl-secret", "proxy-ssl-name", "proxy-ssl-verify", "proxy-ssl-server-name", NULL,
	};
	enum conv_protocol p = n->cv.protocol;
	const char *pv = n->cv.protocol_value ? n->cv.protocol_value : "HTTP";
	char *msg;

	if (p == CONV_PROTO_OTHER) {
		bool auto_http = strncasecmp(pv + strspn(pv, " \t"), "AUTO_HTTP", 9) == 0;
		msg = xasprintf("'%s' has no Gateway API form: the route speaks plain HTTP to the backend%s", pv,
				auto_http ? ", also for HTTPS requests (ingress-nginx used the request's scheme)" : "");
		refine(g, finding_of(g, st, in, prefix, "backend-protocol"), auto_http ? ST_PARTIAL : ST_UNSUPPORTED,
			 auto_http ? SEV_WARNING : SEV_ERROR, msg);
		free(msg);
	} else if (p == CONV_PROTO_HTTP) {
		size_t f = finding_of(g, st, in, prefix, "backend-protocol");
		refine(g, f, ST_SUPPORTED, SEV_INFO, "'HTTP' is what a route speaks to its backends by default");
		refine_fix(g, f, NULL);
	} else if (p == CONV_PROTO_GRPC) {
		size_t f = finding_of(g, st, in, prefix, "backend-protocol");
		refine(g, f, ST_CONVERTED, SEV_INFO,
		       "the route becomes a GRPCRoute: its paths become gRPC method matches");
		refine_fix(g, f, "give each path as '/package.Service/Method', '/package.Service' or '/'");
	} else if (CONV_PROTO_TLS(p)) {
		const char *ca = n->cv.proxy_ssl_secret ? "the CA of 'proxy-ssl-secret'" : "the system CAs";
		const char *host = n->cv.proxy_ssl_name && precise_hostname(n->cv.proxy_ssl_name) ? n->cv.proxy_ssl_name
				   : "SERVICE.NAMESPACE.svc";
		if (n->cv.proxy_ssl_verify == CONV_TRUE)
			msg = xasprintf("becomes a BackendTLSPolicy per backend Service (TLS to the backend, verified "
					"against %s and hostname '%s')%s", ca, host,
					p == CONV_PROTO_GRPCS ? "; the route becomes a GRPCRoute" : "");
		else
			msg = xasprintf("becomes a BackendTLSPolicy per backend Service%s; ingress-nginx did not "
					"verify the backend's certificate ('proxy-ssl-verify' is 'off', the default), "
					"a BackendTLSPolicy always does: against %s and hostname '%s', so backends "
					"whose certificate does not verify fail",
					p == CONV_PROTO_GRPCS ? " and a GRPCRoute" : "", ca, host);
		refine(g, finding_of(g, st, in, prefix, "backend-protocol"),
		       n->cv.proxy_ssl_verify == CONV_TRUE ? ST_CONVERTED : ST_PARTIAL,
		       n->cv.proxy_ssl_verify == CONV_TRUE ? SEV_INFO : SEV_WARNING, msg);
		free(msg);
	}
	if (!CONV_PROTO_TLS(p)) {
		/* nginx sets proxy_ssl_* only for TLS upstreams */
		msg = xasprintf("no effect: 'backend-protocol' is '%s', not HTTPS or GRPCS, so ingress-nginx did not "
				"speak TLS to the backend either", pv);
		for (const char *const *k = ssl_keys; *k; k++)
			refine(g, finding_of(g, st, in, prefix, *k), ST_IGNORED, SEV_INFO, msg);
		free(msg);
	} else {
		if (n->cv.proxy_ssl_name && !precise_hostname(n->cv.proxy_ssl_name)) {
			msg = xasprintf("'%s' is not a hostname a BackendTLSPolicy takes (a lowercase DNS name, no "
					"wildcard or variable): each policy checks its Service's cluster name "
					"'SERVICE.%s.svc' instead", n->cv.proxy_ssl_name, n->ns);
			refine(g, finding_of(g, st, in, prefix, "proxy-ssl-name"), ST_PARTIAL, SEV_ERROR, msg);
			free(msg);
		}
		if (n->cv.proxy_ssl_verify == CONV_TRUE)
			refine(g, finding_of(g, st, in, prefix, "proxy-ssl-verify"), ST_CONVERTED, SEV_INFO,
				 "the BackendTLSPolicy verifies the backend's certificate, as nginx did");
		n->judge_secret = n->cv.proxy_ssl_secret != NULL;
	}
	if (CONV_PROTO_IS_GRPC(p))
		refine(g, finding_of(g, st, in, prefix, "use-regex"), ST_PARTIAL, SEV_WARNING,
		       "a GRPCRoute matches gRPC services and methods exactly: the paths are read literally, not as "
		       "regular expressions");
	if (CONV_PROTO_IS_GRPC(p))
		grpc_not_carried(g, st, in, prefix);
	if (!n->cv.ssl_passthrough)
		refine(g, finding_of(g, st, in, prefix, "ssl-passthrough"), ST_IGNORED, SEV_INFO,
		       "not 'true': the host's TLS is terminated as before");
	else if (n->cv.canary)
		refine(g, finding_of(g, st, in, prefix, "ssl-passthrough"), ST_UNSUPPORTED, SEV_WARNING,
		       "not read on a canary Ingress: a TLSRoute comes only from the non-canary Ingresses of the host");
}

void gateway_add_ingress(struct gateway *g, struct stream *st, const struct ingress *in, const char *cls,
			 const char *prefix)
{
	struct node *spec = in->spec, *rules, *tls;
	size_t plen = strlen(prefix);
	struct ing *n;

	grow_array((void **)&g->ings, &g->cap, g->nings + 1, sizeof(*g->ings));
	n = &g->ings[g->nings];
	memset(n, 0, sizeof(*n));
	n->seq = g->nings++;
	n->ns = xstrdup(in->ns ? in->ns : "default");
	n->name = xstrdup(in->name ? in->name : "");
	n->file = xstrdup(stream_name(st));
	n->cls = xstrdup(cls ? cls : "nginx");
	n->pos = in->obj->pos;
	g->prefix = prefix;
	n->created = xstrdup(get_str(in->metadata, "creationTimestamp") ? get_str(in->metadata, "creationTimestamp")
									: "");
	conv_init(&n->cv);
	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/') {
			const char *name = k + plen + 1;
			/* a snippet with a NUL byte never converts (the analysis reads it whole) */
			if (snippet_name(name) && in->ann[i].vscalar && strlen(in->ann[i].value) != in->ann[i].vscalar->len)
				continue;
			struct pos *at = strcmp(name, "default-backend") == 0	      ? &n->at_def
					 : strcmp(name, "server-alias") == 0	      ? &n->at_alias
					 : strcmp(name, "from-to-www-redirect") == 0 ? &n->at_www
					 : strcmp(name, "mirror-target") == 0	      ? &n->at_mirror
										      : NULL;
			(void)conv_add(&n->cv, name, in->ann[i].value);
			if (at)
				*at = in->ann[i].knode->pos;
		}
	}
	if (n->cv.ssl_redirect == CONV_UNSET && g->opt->ctrl && !g->opt->ctrl->ssl_redirect)
		n->cv.ssl_redirect = CONV_FALSE;	/* the controller ConfigMap's 'ssl-redirect: "false"' */
	rules = seq_of(get(spec, "rules"));
	n->nrules = rules ? rules->nkids : 0;
	for (size_t r = 0; rules && r < rules->nkids; r++) {
		const char *host = get_str(rules->kids[r], "host");
		struct node *paths = seq_of(get(get(rules->kids[r], "http"), "paths"));
		if (host && *host && !valid_hostname(host)) {
			struct pos at = rules->kids[r]->pos;
			char *msg = xasprintf("host '%s' is not a hostname Gateway API accepts (a lowercase DNS "
					      "name, optionally '*.' first): its rules are not converted", host);
			finding(g, n, &at, ST_UNSUPPORTED, SEV_ERROR, "gateway-invalid-host", msg,
				"render the manifest's templates before converting");
			free(msg);
			continue;
		}
		for (size_t p = 0; paths && p < paths->nkids; p++) {
			struct node *pn = paths->kids[p];
			const char *path = get_str(pn, "path"), *pt = get_str(pn, "pathType");
			struct gpath *gp;

			n->paths = xrealloc(n->paths, (n->npaths + 1) * sizeof(*n->paths));
			gp = &n->paths[n->npaths++];
			memset(gp, 0, sizeof(*gp));
			gp->host = xstrdup(host ? host : "");
			gp->path = xstrdup(path && *path ? path : "/");
			gp->type = pt && strcmp(pt, "Exact") == 0 ? P_EXACT : pt && strcmp(pt, "Prefix") == 0 ? P_PREFIX
													: P_IMPL;
			gp->pos = pn->pos;
			read_backend(&gp->be, get(pn, "backend"));
		}
	}
	tls = seq_of(get(spec, "tls"));
	for (size_t t = 0; tls && t < tls->nkids; t++) {
		const char *secret = get_str(tls->kids[t], "secretName");
		struct node *hosts = seq_of(get(tls->kids[t], "hosts"));
		size_t nh = hosts ? hosts->nkids : 0;
		for (size_t h = 0; h < (nh ? nh : 1); h++) {
			struct node *hn = nh ? node_resolve(NULL, hosts->kids[h]) : NULL;
			const char *host = hn && hn->type == N_SCALAR ? hn->value : "";
			if (*host && !valid_hostname(host))
				continue;	/* its rules are reported and left out above */
			n->tls = xrealloc(n->tls, (n->ntls + 1) * sizeof(*n->tls));
			n->tls[n->ntls].host = xstrdup(host);
			n->tls[n->ntls++].secret = secret ? xstrdup(secret) : NULL;
		}
	}
	if (get(spec, "defaultBackend") || get(spec, "backend")) {
		n->has_def = true;
		struct node *k = node_key(node_resolve(NULL, spec), get(spec, "defaultBackend") ? "defaultBackend"
											: "backend");
		n->at_spec_def = k ? k->pos : n->pos;
		read_backend(&n->def, get(spec, "defaultBackend") ? get(spec, "defaultBackend") : get(spec, "backend"));
	}
	judge(g, st, in, n, prefix);
	judge_backend(g, st, in, n, prefix);
}

/* Findings --------------------------------------------------------------- */

static void finding(struct gateway *g, const struct ing *n, const struct pos *at, enum status st,
		    enum severity sev, const char *rule, const char *msg, const char *fix)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.file = n->file;
	f.pos = at ? *at : n->pos;
	f.kind = "Ingress";
	f.ns = n->ns;
	f.name = n->name;
	f.status = st;
	f.severity = sev;
	f.rule = rule;
	f.message = msg;
	f.fix = fix;
	findings_add(g->out, &f);
}

/* Names ------------------------------------------------------------------ */

static unsigned long fnv(const char *s)
{
	unsigned long h = 2166136261UL;

	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
	return h;
}

/* A DNS label from s with prefix (allocated; caller frees): lowercase
 * alphanumerics and '-', '*' spelt 'wildcard', at most 63 characters
 * (a hash suffix keeps long ones distinct). */
static char *label(const char *prefix, const char *s)
{
	struct buf b = {0};
	char *r;

	buf_adds(&b, prefix);
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c == '*')
			buf_adds(&b, "wildcard");
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf_addc(&b, c);
		else if (c >= 'A' && c <= 'Z')
			buf_addc(&b, (char)(c - 'A' + 'a'));
		else
			buf_addc(&b, '-');
	}
	r = buf_detach(&b);
	if (strlen(r) > 63) {
		char *t = xasprintf("%.54s-%08lx", r, fnv(r));
		free(r);
		r = t;
	}
	while (*r && r[strlen(r) - 1] == '-')
		r[strlen(r) - 1] = '\0';
	return r;
}

/* Output objects ---------------------------------------------------------- */

static void add_obj(struct gateway *g, const char *kind, const char *ns, const char *name, struct buf *text)
{
	struct out_obj *o;

	if (g->findings_only) {
		buf_free(text);
		return;
	}
	grow_array((void **)&g->objs, &g->objcap, g->nobjs + 1, sizeof(*g->objs));
	o = &g->objs[g->nobjs++];
	o->kind = kind;
	o->ns = xstrdup(ns);
	o->name = xstrdup(name);
	o->text = buf_detach(text);
}

static int obj_cmp(const void *a, const void *b)
{
	const struct out_obj *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	if (c == 0)
		c = strcmp(x->ns, y->ns);
	if (c == 0)
		c = strcmp(x->name, y->name);
	return c;
}

static void header(struct yw *w, const char *kind, const char *ns, const char *name, const char *from)
{
	yw_document(w, from);
	yw_str(w, "apiVersion", strcmp(kind, "ReferenceGrant") == 0 ? "gateway.networking.k8s.io/v1beta1"
								    : "gateway.networking.k8s.io/v1");
	yw_str(w, "kind", kind);
	yw_map(w, "metadata");
	yw_str(w, "name", name);
	yw_str(w, "namespace", ns);
	yw_end(w);
}

static char *provenance(const struct ing *n)
{
	return xasprintf("from Ingress %s/%s, %s:%zu", n->ns, n->name, n->file, n->pos.line);
}

/* Ingress order: namespace, name, then input order (stable). */
static int ing_cmp(const void *a, const void *b)
{
	const struct ing *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);

	if (c == 0)
		c = strcmp(x->name, y->name);
	if (c == 0)
		c = x->seq < y->seq ? -1 : x->seq > y->seq;
	return c;
}

/* Services and ports ------------------------------------------------------ */

static int svc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct svc *)a)->key, ((const struct svc *)b)->key);
}

/* Resolve a named port through the Services; report what cannot be. */
static void resolve_port(struct gateway *g, const struct ing *n, struct be *b, const struct pos *at)
{
	struct svc key, *s;
	char *msg;

	if (b->svc == NULL || b->port >= 0)
		return;
	key.key = xasprintf("%s/%s", n->ns, b->svc);
	s = g->nsvcs ? bsearch(&key, g->svcs, g->nsvcs, sizeof(*g->svcs), svc_cmp) : NULL;
	free(key.key);
	if (s == NULL) {
		msg = xasprintf("Service '%s/%s' is not in the input: port '%s' cannot be resolved to a number, so "
				"the backend is left out of its HTTPRoute rule",
				n->ns, b->svc, b->port_name ? b->port_name : "");
		finding(g, n, at, ST_PARTIAL, SEV_ERROR, "gateway-service-missing", msg,
			"include the Services in the input: kubectl get ingress,svc -A -o yaml");
		free(msg);
		return;
	}
	for (size_t i = 0; i < s->nports; i++)
		if (b->port_name && strcmp(s->port_names[i], b->port_name) == 0) {
			b->port = s->ports[i];
			return;
		}
	msg = xasprintf("Service '%s/%s' has no port named '%s': the backend is left out of its HTTPRoute rule",
			n->ns, b->svc, b->port_name ? b->port_name : "");
	finding(g, n, at, ST_PARTIAL, SEV_ERROR, "gateway-service-port-missing", msg, NULL);
	free(msg);
}

/* Regex hosts ------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool regex_host(const struct gateway *g, const char *host)
{
	return g->nregex && bsearch(&host, g->regex_hosts, g->nregex, sizeof(char *), str_cmp) != NULL;
}

static bool wants_regex(const struct ing *n)
{
	return n->cv.use_regex || n->cv.rewrite_target != NULL;
}

/* Rules -------------------------------------------------------------------- */

static void backend_ref(struct yw *w, const struct be *b, long weight)
{
	yw_item(w);
	yw_str(w, "name", b->svc);
	yw_int(w, "port", b->port);
	if (weight >= 0)
		yw_int(w, "weight", weight);
	yw_end(w);
}

static bool usable(const struct be *b)
{
	return b->svc != NULL && b->port > 0;
}

/* The match of a path as the route writes it (value allocated). */
static const char *path_match(struct gateway *g, const struct ing *n, const struct gpath *p, bool report,
			      char **value, enum conv_rewrite *rw, char **replace)
{
	char *prefix = NULL;

	*replace = NULL;
	*rw = CONV_RW_NONE;
	if (n->cv.rewrite_target)
		*rw = conv_rewrite(p->path, n->cv.rewrite_target, &prefix, replace);
	if (*rw == CONV_RW_PREFIX) {
		*value = prefix;
		return "PathPrefix";
	}
	if (p->type == P_EXACT) {
		*value = xstrdup(p->path);
		return "Exact";
	}
	if (regex_host(g, p->match_host ? p->match_host : p->host)) {
		*value = xasprintf("(?i)%s.*", p->path);
		if (report && !wants_regex(n)) {
			char *msg = xasprintf("path '%s' becomes the regular expression '%s': another Ingress of "
					      "host '%s' uses regexes, which ingress-nginx applies to every path of "
					      "the host (case-insensitive, anchored at the start only)",
					      p->path, *value, p->host);
			finding(g, n, &p->pos, ST_CONVERTED, SEV_WARNING, "gateway-regex-host", msg, NULL);
			free(msg);
		}
		return "RegularExpression";
	}
	if (report && p->type == P_IMPL) {
		char *msg = xasprintf("path '%s' has pathType ImplementationSpecific: written as PathPrefix", p->path);
		finding(g, n, &p->pos, ST_CONVERTED, SEV_INFO, "gateway-path-type", msg, NULL);
		free(msg);
	}
	*value = xstrdup(p->path);
	return "PathPrefix";
}

/* The 'headers' list of a match with one header (type htype), when hname
 * is not NULL; HTTPRoute and GRPCRoute matches write it alike. */
static void header_match(struct yw *w, const char *hname, const char *htype, const char *hvalue)
{
	if (hname == NULL)
		return;
	yw_seq(w, "headers");
	yw_item(w);
	yw_str(w, "name", hname);
	yw_str(w, "type", htype);
	yw_str(w, "value", hvalue);
	yw_end(w);
	yw_end(w);
}

static void write_match(struct yw *w, const char *type, const char *value, const char *hname, const char *htype,
			const char *hvalue)
{
	yw_seq(w, "matches");
	yw_item(w);
	yw_map(w, "path");
	yw_str(w, "type", type);
	yw_str(w, "value", value);
	yw_end(w);
	header_match(w, hname, htype, hvalue);
	yw_end(w);
	yw_end(w);
}

/* Write list op of a header modifier from h (names the list already
 * written by 'first' skips: a name may appear once). */
static void header_list(struct yw *w, const char *key, const struct snip_headers *h, int op, const char *first,
			const char *first_value)
{
	size_t n = (first ? 1 : 0);

	for (size_t i = 0; i < h->n; i++)
		n += !(first && strcasecmp(first, h->v[i].name) == 0);
	if (n == 0)
		return;
	yw_seq(w, key);
	if (first) {
		yw_item(w);
		yw_str(w, "name", first);
		yw_str(w, "value", first_value);
		yw_end(w);
	}
	for (size_t i = 0; i < h->n; i++) {
		if (first && strcasecmp(first, h->v[i].name) == 0)
			continue;
		if (op == SNIP_REMOVE) {
			yw_item_str(w, h->v[i].name);
		} else {
			yw_item(w);
			yw_str(w, "name", h->v[i].name);
			yw_str(w, "value", h->v[i].value);
			yw_end(w);
		}
	}
	yw_end(w);
}

static bool any_headers(const struct snip_headers *dir)
{
	return dir[SNIP_ADD].n || dir[SNIP_SET].n || dir[SNIP_REMOVE].n;
}

/* The RequestHeaderModifier (with X-Forwarded-Prefix, when set) and
 * ResponseHeaderModifier items of a rule's open 'filters' sequence, from a
 * converted snippet; the request one is left out of redirects. */
static void header_filters(struct yw *w, const struct ing *n, bool redirect)
{
	const struct snippet *s = n->cv.snippet;
	const char *xfp = redirect ? NULL : n->cv.x_forwarded_prefix;
	static const struct snip_headers none[SNIP_NOPS];
	const struct snip_headers *req = s && !redirect ? s->req : none;

	if (xfp || any_headers(req)) {
		yw_item(w);
		yw_str(w, "type", "RequestHeaderModifier");
		yw_map(w, "requestHeaderModifier");
		header_list(w, "set", &req[SNIP_SET], SNIP_SET, xfp ? "X-Forwarded-Prefix" : NULL, xfp);
		header_list(w, "add", &req[SNIP_ADD], SNIP_ADD, NULL, NULL);
		header_list(w, "remove", &req[SNIP_REMOVE], SNIP_REMOVE, NULL, NULL);
		yw_end(w);
		yw_end(w);
	}
	if (s && any_headers(s->resp)) {
		yw_item(w);
		yw_str(w, "type", "ResponseHeaderModifier");
		yw_map(w, "responseHeaderModifier");
		header_list(w, "set", &s->resp[SNIP_SET], SNIP_SET, NULL, NULL);
		header_list(w, "add", &s->resp[SNIP_ADD], SNIP_ADD, NULL, NULL);
		header_list(w, "remove", &s->resp[SNIP_REMOVE], SNIP_REMOVE, NULL, NULL);
		yw_end(w);
		yw_end(w);
	}
}

/* A redirect URL split into scheme, host, port and path (allocated), then
 * the response header filters of n (none when n is NULL). */
static void write_redirect(struct yw *w, const struct ing *n, const char *url, long code)
{
	const char *p = url, *hs, *he;
	char *scheme = NULL, *host = NULL;
	long port = -1;

	if (strncmp(p, "https://", 8) == 0)
		scheme = xstrdup("https"), p += 8;
	else if (strncmp(p, "http://", 7) == 0)
		scheme = xstrdup("http"), p += 7;
	if (scheme) {
		hs = p;
		he = p + strcspn(p, ":/?#");
		host = xstrndup(hs, (size_t)(he - hs));
		p = he;
		if (*p == ':') {
			port = strtol(p + 1, NULL, 10);
			p += 1 + strspn(p + 1, "0123456789");
		}
	}
	yw_seq(w, "filters");
	yw_item(w);
	yw_str(w, "type", "RequestRedirect");
	yw_map(w, "requestRedirect");
	if (scheme)
		yw_str(w, "scheme", scheme);
	if (host && *host)
		yw_str(w, "hostname", host);
	if (port > 0 && port < 65536)
		yw_int(w, "port", port);
	if (*p == '/') {
		yw_map(w, "path");
		yw_str(w, "type", "ReplaceFullPath");
		yw_str(w, "replaceFullPath", p);
		yw_end(w);
	}
	yw_int(w, "statusCode", code);
	yw_end(w);
	yw_end(w);
	if (n)
		header_filters(w, n, true);
	yw_end(w);
	free(scheme);
	free(host);
}

/* The filters of a proxied rule of n: URLRewrite, RequestHeaderModifier,
 * CORS, RequestMirror (the primary's, for its canary rules too: nginx
 * sends canary traffic through the primary's location). */
static void write_filters(struct yw *w, const struct ing *n, enum conv_rewrite rw, const char *replace)
{
	bool rewrite = rw == CONV_RW_PREFIX || rw == CONV_RW_FULL || n->cv.upstream_vhost;

	if (rewrite || n->cv.x_forwarded_prefix || n->cv.snippet || has_more_filters(n)) {
		yw_seq(w, "filters");
		if (rewrite) {
			yw_item(w);
			yw_str(w, "type", "URLRewrite");
			yw_map(w, "urlRewrite");
			if (n->cv.upstream_vhost)
				yw_str(w, "hostname", n->cv.upstream_vhost);
			if (rw == CONV_RW_PREFIX || rw == CONV_RW_FULL) {
				yw_map(w, "path");
				yw_str(w, "type", rw == CONV_RW_PREFIX ? "ReplacePrefixMatch" : "ReplaceFullPath");
				yw_str(w, rw == CONV_RW_PREFIX ? "replacePrefixMatch" : "replaceFullPath", replace);
				yw_end(w);
			}
			yw_end(w);
			yw_end(w);
		}
		header_filters(w, n, false);
		more_filters(w, n);
		yw_end(w);
	}
}

/* Append the rules of path p of Ingress n (rule texts to rules). */
static void path_rules(struct gateway *g, const struct ing *n, const struct gpath *p, bool report,
		       char ***rules, size_t *nrules)
{
	enum conv_rewrite rw;
	char *value, *replace;
	const char *type = path_match(g, n, p, report, &value, &rw, &replace);
	long total = 0, canary_sum = 0;
	struct buf b = {0};
	struct yw w;

	yw_init(&w, &b);
	w.indent = 2;
	/* header-selected canaries first */
	for (size_t c = 0; c < p->ncanaries; c++) {
		const struct ing *cn = &g->ings[p->canaries[c]];
		const struct gpath *cp = NULL;
		for (size_t i = 0; i < cn->npaths; i++)
			if (strcmp(cn->paths[i].host, p->host) == 0 && strcmp(cn->paths[i].path, p->path) == 0)
				cp = &cn->paths[i];
		if (cp == NULL || !usable(&cp->be))
			continue;
		if (cn->cv.canary_weight > 0) {
			total = cn->cv.canary_weight_total;
			canary_sum += cn->cv.canary_weight;
		}
		if (cn->cv.canary_header == NULL || n->cv.redirect_url)
			continue;	/* a redirect answers before any backend is chosen */
		yw_item(&w);
		write_match(&w, type, value, cn->cv.canary_header,
			    cn->cv.canary_header_pattern && !cn->cv.canary_header_value ? "RegularExpression" : "Exact",
			    cn->cv.canary_header_value ? cn->cv.canary_header_value
			    : cn->cv.canary_header_pattern ? cn->cv.canary_header_pattern : "always");
		write_filters(&w, n, rw, replace);
		yw_seq(&w, "backendRefs");
		backend_ref(&w, &cp->be, -1);
		yw_end(&w);
		rule_fields(&w, n);
		yw_end(&w);
		*rules = xrealloc(*rules, (*nrules + 1) * sizeof(**rules));
		(*rules)[(*nrules)++] = buf_detach(&b);
		yw_init(&w, &b);
		w.indent = 2;
	}
	yw_item(&w);
	write_match(&w, type, value, NULL, NULL, NULL);
	if (n->cv.redirect_url) {
		long code = n->cv.redirect_permanent ? 301 : 302;
		long asked = n->cv.redirect_permanent ? n->cv.redirect_code : n->cv.temporal_code;
		if (asked > 0) {
			long c = asked;
			if (c == 301 || c == 302 || c == 303 || c == 307 || c == 308)
				code = c;
		}
		write_redirect(&w, n, n->cv.redirect_url, code);
	} else if (n->cv.snippet && n->cv.snippet->redirect_url) {
		write_redirect(&w, n, n->cv.snippet->redirect_url, n->cv.snippet->redirect_code);
	} else {
		write_filters(&w, n, rw, replace);
		if (usable(&p->be)) {
			yw_seq(&w, "backendRefs");
			if (total > 0) {
				long rest = total - canary_sum;
				backend_ref(&w, &p->be, rest > 0 ? rest : 0);
				for (size_t c = 0; c < p->ncanaries; c++) {
					const struct ing *cn = &g->ings[p->canaries[c]];
					if (cn->cv.canary_weight <= 0)
						continue;
					for (size_t i = 0; i < cn->npaths; i++)
						if (strcmp(cn->paths[i].host, p->host) == 0 &&
						    strcmp(cn->paths[i].path, p->path) == 0 && usable(&cn->paths[i].be)) {
							backend_ref(&w, &cn->paths[i].be, cn->cv.canary_weight);
							break;
						}
				}
			} else {
				backend_ref(&w, &p->be, -1);
			}
			yw_end(&w);
		}
		rule_fields(&w, n);
	}
	yw_end(&w);
	*rules = xrealloc(*rules, (*nrules + 1) * sizeof(**rules));
	(*rules)[(*nrules)++] = buf_detach(&b);
	free(value);
	free(replace);
}

/* gRPC rules ------------------------------------------------------------- */

/* The matches of a GRPCRoute rule: a method (service, optional method)
 * and an optional header; nothing for a rule that takes every request. */
static void grpc_match(struct yw *w, const char *service, const char *method, const char *hname, const char *htype,
		       const char *hvalue)
{
	if (service == NULL && hname == NULL)
		return;
	yw_seq(w, "matches");
	yw_item(w);
	if (service) {
		yw_map(w, "method");
		yw_str(w, "type", "Exact");
		yw_str(w, "service", service);
		if (method)
			yw_str(w, "method", method);
		yw_end(w);
	}
	header_match(w, hname, htype, hvalue);
	yw_end(w);
	yw_end(w);
}

/* The path of canary cn with p's host and path, or NULL. */
static const struct gpath *canary_path(const struct ing *cn, const struct gpath *p)
{
	for (size_t i = 0; i < cn->npaths; i++)
		if (strcmp(cn->paths[i].host, p->host) == 0 && strcmp(cn->paths[i].path, p->path) == 0)
			return &cn->paths[i];
	return NULL;
}

/* Take the rule being written in b (a sequence item) into rules. */
static void take_rule(struct buf *b, char ***rules, size_t *nrules)
{
	*rules = xrealloc(*rules, (*nrules + 1) * sizeof(**rules));
	(*rules)[(*nrules)++] = buf_detach(b);
}

/* Append the GRPCRoute rules of path p of Ingress n: a path naming a
 * service ('/pkg.Service') or a method ('/pkg.Service/Method') becomes a
 * method match, the root prefix a rule for every request; any other path
 * is reported and left out. Canaries as in path_rules. */
static void grpc_path_rules(struct gateway *g, const struct ing *n, const struct gpath *p, char ***rules,
			    size_t *nrules)
{
	char *service = NULL, *method = NULL;
	bool all = strcmp(p->path, "/") == 0 && p->type != P_EXACT;
	long total = 0, canary_sum = 0;
	struct buf b = {0};
	struct yw w;

	if (!all && !conv_grpc_method(p->path, p->type == P_EXACT, &service, &method)) {
		char *msg = xasprintf("path '%s'%s is no gRPC service or method: a GRPCRoute matches "
				      "'/package.Service' (a prefix) or '/package.Service/Method', so the path is left "
				      "out of the GRPCRoute", p->path, p->type == P_EXACT ? " (Exact)" : "");
		finding(g, n, &p->pos, ST_UNSUPPORTED, SEV_ERROR, "gateway-grpc-path", msg,
			"give the path as '/package.Service/Method', or '/' for every method");
		free(msg);
		return;
	}
	if (!all && p->type == P_IMPL) {
		char *msg = xasprintf("path '%s' has pathType ImplementationSpecific, a string prefix for "
				      "ingress-nginx: written as the gRPC %s match it names", p->path,
				      method ? "method" : "service");
		finding(g, n, &p->pos, ST_CONVERTED, SEV_INFO, "gateway-path-type", msg, NULL);
		free(msg);
	}
	for (size_t c = 0; c < p->ncanaries; c++) {
		const struct ing *cn = &g->ings[p->canaries[c]];
		const struct gpath *cp = canary_path(cn, p);
		if (cp == NULL || !usable(&cp->be))
			continue;
		if (cn->cv.canary_weight > 0) {
			total = cn->cv.canary_weight_total;
			canary_sum += cn->cv.canary_weight;
		}
		if (cn->cv.canary_header == NULL)
			continue;
		yw_init(&w, &b);
		w.indent = 2;
		yw_item(&w);
		grpc_match(&w, service, method, cn->cv.canary_header,
			   cn->cv.canary_header_pattern && !cn->cv.canary_header_value ? "RegularExpression" : "Exact",
			   cn->cv.canary_header_value ? cn->cv.canary_header_value
			   : cn->cv.canary_header_pattern ? cn->cv.canary_header_pattern : "always");
		yw_seq(&w, "backendRefs");
		backend_ref(&w, &cp->be, -1);
		yw_end(&w);
		yw_end(&w);
		take_rule(&b, rules, nrules);
	}
	yw_init(&w, &b);
	w.indent = 2;
	yw_item(&w);
	grpc_match(&w, service, method, NULL, NULL, NULL);
	if (n->cv.x_forwarded_prefix) {
		yw_seq(&w, "filters");
		yw_item(&w);
		yw_str(&w, "type", "RequestHeaderModifier");
		yw_map(&w, "requestHeaderModifier");
		yw_seq(&w, "set");
		yw_item(&w);
		yw_str(&w, "name", "X-Forwarded-Prefix");
		yw_str(&w, "value", n->cv.x_forwarded_prefix);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
	}
	if (usable(&p->be)) {
		yw_seq(&w, "backendRefs");
		backend_ref(&w, &p->be, total > 0 ? (total > canary_sum ? total - canary_sum : 0) : -1);
		for (size_t c = 0; total > 0 && c < p->ncanaries; c++) {
			const struct ing *cn = &g->ings[p->canaries[c]];
			const struct gpath *cp = canary_path(cn, p);
			if (cn->cv.canary_weight > 0 && cp && usable(&cp->be))
				backend_ref(&w, &cp->be, cn->cv.canary_weight);
		}
		yw_end(&w);
	}
	yw_end(&w);
	take_rule(&b, rules, nrules);
	free(service);
	free(method);
}

/* Listeners ---------------------------------------------------------------- */

struct listener {
	const char *cls, *host, *secret_ns, *secret;	/* borrowed from the Ingresses */
	char *gw;		/* Gateway name (allocated) */
	char *name;		/* listener name (allocated) */
	size_t order;		/* learning order: the first of a host wins */
	size_t ing;		/* index of the Ingress it comes from */
	bool passthrough;	/* TLS, mode Passthrough (ssl-passthrough), no Secret */
};

struct listeners {
	struct listener *v;
	size_t n, cap;
};

static int listener_cmp(const void *a, const void *b)
{
	const struct listener *x = a, *y = b;
	int c = strcmp(x->cls, y->cls);

	if (c == 0)
		c = strcmp(x->host, y->host);
	if (c == 0)
		c = x->order < y->order ? -1 : x->order > y->order;
	return c;
}

/* The listener of host in class cls (ls sorted and unique), or NULL. */
static struct listener *find_listener(struct listeners *ls, const char *cls, const char *host)
{
	size_t lo = 0, hi = ls->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ls->v[mid].cls, cls);
		if (c == 0)
			c = strcmp(ls->v[mid].host, host);
		if (c == 0)
			return &ls->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool tls_host(const struct ing *n, const char *host)
{
	for (size_t t = 0; t < n->ntls; t++)
		if (strcmp(n->tls[t].host, host) == 0)
			return true;
	return false;
}

/* Routes ------------------------------------------------------------------- */

static char *gateway_name(const char *cls)
{
	return label("", cls);
}

static void parent_ref(struct yw *w, struct gateway *g, const char *gw, const char *section)
{
	yw_item(w);
	yw_str(w, "name", gw);
	yw_str(w, "namespace", g->opt->ns);
	if (section)
		yw_str(w, "sectionName", section);
	yw_end(w);
}

static void parent_attach(struct yw *w, struct gateway *g)
{
	const char *slash = strchr(g->opt->attach, '/');
	char *ns = xstrndup(g->opt->attach, (size_t)(slash - g->opt->attach));

	yw_item(w);
	yw_str(w, "name", slash + 1);
	yw_str(w, "namespace", ns);
	yw_end(w);
	free(ns);
}

/* The backend of host's lowest-precedence rule: spec.defaultBackend for
 * the Ingress's hosts (and the catch-all of an Ingress without rules),
 * else the default-backend annotation's Service for every host; NULL
 * when there is none or the host routes '/' itself. */
static const struct be *default_backend(const struct ing *n, const char *host)
{
	const struct be *def = n->has_def && usable(&n->def) && (*host || n->nrules == 0) ? &n->def
			       : !n->has_def && n->has_ann_def ? &n->ann_def
								 : NULL;

	for (size_t p = 0; def && p < n->npaths; p++)
		if (strcmp(n->paths[p].host, host) == 0 && strcmp(n->paths[p].path, "/") == 0 &&
		    n->paths[p].type != P_EXACT)
			return NULL;
	return def;
}

struct group {
	char *sig;		/* joined rule texts */
	bool redirect;		/* TLS hosts that redirect HTTP */
	const char **hosts;
	size_t nhosts;
	char **rules;		/* borrowed from the first host */
	size_t nrules;
};

static void passthrough_unserved(struct gateway *g, const struct ing *n, const char *const *hosts, size_t nhosts);

static void route_objects(struct gateway *g, struct ing *n, struct listeners *ls)
{
	const char **hosts = NULL;
	size_t nhosts = 0, ngroups = 0, serial = 0;
	char ***hrules;
	size_t *hn;
	struct group *groups;
	char *from = provenance(n), *gw = gateway_name(n->cls);
	bool grpc = CONV_PROTO_IS_GRPC(n->cv.protocol);
	const char *kind = grpc ? "GRPCRoute" : "HTTPRoute";
	const char **redirect_hosts = NULL;
	size_t nredirect = 0;

	for (size_t p = 0; p < n->npaths; p++) {
		bool seen = false;
		for (size_t h = 0; h < nhosts; h++)
			seen = seen || strcmp(hosts[h], n->paths[p].host) == 0;
		if (!seen) {
			hosts = xrealloc(hosts, (nhosts + 1) * sizeof(*hosts));
			hosts[nhosts++] = n->paths[p].host;
		}
	}
	if (n->has_def && n->nrules == 0) {
		bool seen = false;
		for (size_t h = 0; h < nhosts; h++)
			seen = seen || *hosts[h] == '\0';
		if (!seen) {
			hosts = xrealloc(hosts, (nhosts + 1) * sizeof(*hosts));
			hosts[nhosts++] = "";
		}
	}
	hrules = xcalloc(nhosts ? nhosts : 1, sizeof(*hrules));
	hn = xcalloc(nhosts ? nhosts : 1, sizeof(*hn));
	groups = xcalloc(nhosts ? nhosts : 1, sizeof(*groups));
	for (size_t h = 0; h < nhosts; h++) {
		struct buf sig = {0};
		bool redirect;
		size_t gi;

		if (n->cv.app_root && !grpc) {
			struct buf b = {0};
			struct yw w;
			yw_init(&w, &b);
			w.indent = 2;
			yw_item(&w);
			write_match(&w, "Exact", "/", NULL, NULL, NULL);
			write_redirect(&w, NULL, n->cv.app_root, 302);
			yw_end(&w);
			hrules[h] = xrealloc(hrules[h], (hn[h] + 1) * sizeof(**hrules));
			hrules[h][hn[h]++] = buf_detach(&b);
		}
		for (size_t p = 0; p < n->npaths; p++)
			if (strcmp(n->paths[p].host, hosts[h]) == 0) {
				if (grpc)
					grpc_path_rules(g, n, &n->paths[p], &hrules[h], &hn[h]);
				else
					path_rules(g, n, &n->paths[p], n->paths[p].match_host == NULL, &hrules[h], &hn[h]);
			}
		const struct be *def = default_backend(n, hosts[h]);
		if (def) {
			struct buf b = {0};
			struct yw w;
			yw_init(&w, &b);
			w.indent = 2;
			yw_item(&w);
			if (!grpc)
				write_match(&w, "PathPrefix", "/", NULL, NULL, NULL);
			yw_seq(&w, "backendRefs");
			backend_ref(&w, def, -1);
			yw_end(&w);
			yw_end(&w);
			hrules[h] = xrealloc(hrules[h], (hn[h] + 1) * sizeof(**hrules));
			hrules[h][hn[h]++] = buf_detach(&b);
		}
		redirect = *hosts[h] && tls_host(n, hosts[h]) && g->opt->attach == NULL &&
			   (n->cv.ssl_redirect != CONV_FALSE || n->cv.force_ssl_redirect);
		if (redirect) {
			redirect_hosts = xrealloc(redirect_hosts, (nredirect + 1) * sizeof(*redirect_hosts));
			redirect_hosts[nredirect++] = hosts[h];
		}
		for (size_t r = 0; r < hn[h]; r++)
			buf_adds(&sig, hrules[h][r]);
		buf_adds(&sig, redirect ? "R" : "-");
		buf_adds(&sig, tls_host(n, hosts[h]) ? "T" : "-");
		for (gi = 0; gi < ngroups; gi++)
			if (strcmp(groups[gi].sig, buf_cstr(&sig)) == 0)
				break;
		if (gi == ngroups) {
			groups[ngroups].sig = buf_detach(&sig);
			groups[ngroups].redirect = redirect;
			groups[ngroups].rules = hrules[h];
			groups[ngroups].nrules = hn[h];
			ngroups++;
		} else {
			buf_free(&sig);
		}
		groups[gi].hosts = xrealloc(groups[gi].hosts, (groups[gi].nhosts + 1) * sizeof(char *));
		groups[gi].hosts[groups[gi].nhosts++] = hosts[h];
	}
	for (size_t gi = 0; gi < ngroups; gi++) {
		struct group *gr = &groups[gi];
		for (size_t h0 = 0; h0 < gr->nhosts; h0 += MAX_HOSTNAMES) {
			size_t h1 = h0 + MAX_HOSTNAMES < gr->nhosts ? h0 + MAX_HOSTNAMES : gr->nhosts;
			for (size_t r0 = 0; r0 < (gr->nrules ? gr->nrules : 1); r0 += MAX_RULES) {
				size_t r1 = r0 + MAX_RULES < gr->nrules ? r0 + MAX_RULES : gr->nrules;
				struct buf b = {0};
				struct yw w;
				char *name = serial++ ? xasprintf("%s-%zu", n->name, serial) : xstrdup(n->name);
				bool named = false, parents = g->opt->attach != NULL;

				yw_init(&w, &b);
				header(&w, kind, n->ns, name, from);
				yw_map(&w, "spec");
				yw_seq(&w, "parentRefs");
				if (g->opt->attach) {
					parent_attach(&w, g);
				} else {
					bool http = false;
					for (size_t h = h0; h < h1; h++) {
						struct listener *l = find_listener(ls, n->cls, gr->hosts[h]);
						if (l && !l->passthrough && tls_host(n, gr->hosts[h])) {
							parent_ref(&w, g, l->gw, l->name);
							parents = true;
						}
						if (!gr->redirect)
							http = true;
					}
					if (http)
						parent_ref(&w, g, gw, "http");
					parents = parents || http;
				}
				yw_end(&w);
				if (!parents) {
					/* passed-through hosts that redirect HTTP: no
					 * listener serves these rules (reported) */
					if (r0 == 0)
						passthrough_unserved(g, n, gr->hosts + h0, h1 - h0);
					buf_free(&b);
					free(name);
					continue;
				}
				for (size_t h = h0; h < h1; h++)
					named = named || *gr->hosts[h];
				if (named) {
					yw_seq(&w, "hostnames");
					for (size_t h = h0; h < h1; h++)
						if (*gr->hosts[h])
							yw_item_str(&w, gr->hosts[h]);
					yw_end(&w);
				}
				if (r1 > r0) {
					yw_seq(&w, "rules");
					for (size_t r = r0; r < r1; r++)
						buf_adds(&b, gr->rules[r]);
					yw_end(&w);
				}
				yw_end(&w);
				add_obj(g, kind, n->ns, name, &b);
				free(name);
			}
		}
	}
	for (size_t h0 = 0; h0 < nredirect; h0 += MAX_HOSTNAMES) {
		size_t h1 = h0 + MAX_HOSTNAMES < nredirect ? h0 + MAX_HOSTNAMES : nredirect;
		struct buf b = {0};
		struct yw w;
		char *name = h0 ? xasprintf("%s-ssl-redirect-%zu", n->name, h0 / MAX_HOSTNAMES + 1)
				: xasprintf("%s-ssl-redirect", n->name);

		yw_init(&w, &b);
		header(&w, "HTTPRoute", n->ns, name, from);
		yw_map(&w, "spec");
		yw_seq(&w, "parentRefs");
		parent_ref(&w, g, gw, "http");
		yw_end(&w);
		yw_seq(&w, "hostnames");
		for (size_t h = h0; h < h1; h++)
			yw_item_str(&w, redirect_hosts[h]);
		yw_end(&w);
		yw_seq(&w, "rules");
		yw_item(&w);
		yw_seq(&w, "filters");
		yw_item(&w);
		yw_str(&w, "type", "RequestRedirect");
		yw_map(&w, "requestRedirect");
		yw_str(&w, "scheme", "https");
		yw_int(&w, "statusCode", 308);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		add_obj(g, "HTTPRoute", n->ns, name, &b);
		free(name);
	}
	for (size_t h = 0; h < nhosts; h++) {
		for (size_t r = 0; r < hn[h]; r++)
			free(hrules[h][r]);
		free(hrules[h]);
	}
	for (size_t gi = 0; gi < ngroups; gi++) {
		free(groups[gi].sig);
		free(groups[gi].hosts);
	}
	free(groups);
	free(hrules);
	free(hn);
	free(hosts);
	free(redirect_hosts);
	free(from);
	free(gw);
}

/* Gateways and grants -------------------------------------------------------- */

struct secret_ref {
	const char *ns, *name;
};

static int secret_ref_cmp(const void *a, const void *b)
{
	const struct secret_ref *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);

	return c ? c : strcmp(x->name, y->name);
}

static void gateway_objects(struct gateway *g, struct listeners *ls)
{
	size_t i = 0, ndone = 0;
	const char **done = NULL;	/* the classes with Gateways (few) */

	/* the classes: every Ingress's, even without TLS */
	for (size_t k = 0; k < g->nings; k++) {
		const char *cls = g->ings[k].cls;
		bool seen = false;
		for (size_t j = 0; j < ndone && !seen; j++)
			seen = strcmp(done[j], cls) == 0;
		if (seen || g->ings[k].cv.canary)
			continue;
		done = xrealloc(done, (ndone + 1) * sizeof(*done));
		done[ndone++] = cls;
		/* this class's listeners: ls is sorted by class, then host */
		size_t first = 0, count = 0;
		for (i = 0; i < ls->n; i++)
			if (strcmp(ls->v[i].cls, cls) == 0) {
				if (count++ == 0)
					first = i;
			}
		char *base = gateway_name(cls);
		size_t part = 0, l = first;
		do {
			struct buf b = {0};
			struct yw w;
			char *name = part ? xasprintf("%s-%zu", base, part + 1) : xstrdup(base);
			char *from = xasprintf("from the Ingresses of ingress-nginx class '%s'", cls);
			size_t room = MAX_LISTENERS - 1;

			yw_init(&w, &b);
			header(&w, "Gateway", g->opt->ns, name, from);
			yw_map(&w, "spec");
			yw_str(&w, "gatewayClassName", g->opt->gateway_class);
			yw_seq(&w, "listeners");
			yw_item(&w);
			yw_str(&w, "name", "http");
			yw_int(&w, "port", 80);
			yw_str(&w, "protocol", "HTTP");
			yw_map(&w, "allowedRoutes");
			yw_map(&w, "namespaces");
			yw_str(&w, "from", "All");
			yw_end(&w);
			yw_end(&w);
			yw_end(&w);
			for (; l < first + count && room; l++, room--) {
				struct listener *li = &ls->v[l];
				yw_item(&w);
				yw_str(&w, "name", li->name);
				if (*li->host)
					yw_str(&w, "hostname", li->host);
				yw_int(&w, "port", 443);
				yw_str(&w, "protocol", li->passthrough ? "TLS" : "HTTPS");
				yw_map(&w, "tls");
				if (li->passthrough) {
					yw_str(&w, "mode", "Passthrough");
				} else {
					yw_str(&w, "mode", "Terminate");
					yw_seq(&w, "certificateRefs");
					yw_item(&w);
					yw_str(&w, "kind", "Secret");
					yw_str(&w, "name", li->secret);
					yw_str(&w, "namespace", li->secret_ns);
					yw_end(&w);
					yw_end(&w);
				}
				yw_end(&w);
				yw_map(&w, "allowedRoutes");
				yw_map(&w, "namespaces");
				yw_str(&w, "from", "All");
				yw_end(&w);
				yw_end(&w);
				yw_end(&w);
				free(li->gw);
				li->gw = xstrdup(name);
			}
			yw_end(&w);
			yw_end(&w);
			add_obj(g, "Gateway", g->opt->ns, name, &b);
			free(name);
			free(from);
			part++;
		} while (l < first + count);
		free(base);
	}
	free(done);
	/* ReferenceGrants: one per Secret namespace other than the Gateways' */
	struct secret_ref *refs = xcalloc(ls->n ? ls->n : 1, sizeof(*refs));
	size_t nrefs = 0;
	for (i = 0; i < ls->n; i++)
		if (!ls->v[i].passthrough && strcmp(ls->v[i].secret_ns, g->opt->ns) != 0) {
			refs[nrefs].ns = ls->v[i].secret_ns;
			refs[nrefs++].name = ls->v[i].secret;
		}
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), secret_ref_cmp);
	/* unique (namespace, Secret) pairs; at most 16 'to' entries a grant */
	size_t u = 0;
	for (i = 0; i < nrefs; i++)
		if (u == 0 || secret_ref_cmp(&refs[u - 1], &refs[i]) != 0)
			refs[u++] = refs[i];
	nrefs = u;
	for (i = 0; i < nrefs;) {
		const char *ns = refs[i].ns;
		for (size_t part = 1; i < nrefs && strcmp(refs[i].ns, ns) == 0; part++) {
			struct buf b = {0};
			struct yw w;
			char *base = label("from-gateways-", g->opt->ns);
			char *name = part > 1 ? xasprintf("%s-%zu", base, part) : xstrdup(base);
			char *from = xasprintf("lets the Gateways in '%s' use the TLS Secrets of '%s'", g->opt->ns, ns);

			yw_init(&w, &b);
			header(&w, "ReferenceGrant", ns, name, from);
			yw_map(&w, "spec");
			yw_seq(&w, "from");
			yw_item(&w);
			yw_str(&w, "group", "gateway.networking.k8s.io");
			yw_str(&w, "kind", "Gateway");
			yw_str(&w, "namespace", g->opt->ns);
			yw_end(&w);
			yw_end(&w);
			yw_seq(&w, "to");
			for (size_t k = 0; k < MAX_GRANT_TO && i < nrefs && strcmp(refs[i].ns, ns) == 0; k++, i++) {
				yw_item(&w);
				yw_str(&w, "group", "");
				yw_str(&w, "kind", "Secret");
				yw_str(&w, "name", refs[i].name);
				yw_end(&w);
			}
			yw_end(&w);
			yw_end(&w);
			add_obj(g, "ReferenceGrant", ns, name, &b);
			free(base);
			free(name);
			free(from);
		}
	}
	free(refs);
}

/* Finish ------------------------------------------------------------------------ */

/* Is a older than b for "oldest wins" (timestamps are RFC 3339 UTC, which
 * sort as strings; a missing one counts as newest)? */
static bool older(const struct ing *a, const struct ing *b)
{
	if (*a->created && !*b->created)
		return true;
	if (!*a->created)
		return false;
	return strcmp(a->created, b->created) < 0;
}

/* Two primaries with one host and path: ingress-nginx serves the oldest;
 * Gateway API gives the path to the HTTPRoute created first, which the
 * converted objects do not fix. Report the newer one. */
struct route_key {
	const char *host, *path;
	size_t ing;
	const struct gateway *g;
};

static int route_key_cmp(const void *a, const void *b)
{
	const struct route_key *x = a, *y = b;
	int c = strcmp(x->host, y->host);

	if (c == 0)
		c = strcmp(x->path, y->path);
	if (c == 0 && x->ing != y->ing) {
		const struct ing *i = &x->g->ings[x->ing], *j = &x->g->ings[y->ing];
		c = older(i, j) ? -1 : older(j, i) ? 1 : x->ing < y->ing ? -1 : 1;
	}
	return c;
}

static void shadowed_paths(struct gateway *g)
{
	struct route_key *keys = NULL;
	size_t n = 0, cap = 0;

	for (size_t a = 0; a < g->nings; a++) {
		if (g->ings[a].cv.canary)
			continue;
		for (size_t p = 0; p < g->ings[a].npaths; p++) {
			grow_array((void **)&keys, &cap, n + 1, sizeof(*keys));
			keys[n].host = g->ings[a].paths[p].host;
			keys[n].path = g->ings[a].paths[p].path;
			keys[n].ing = a;
			keys[n++].g = g;
		}
	}
	if (n)
		qsort(keys, n, sizeof(*keys), route_key_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(keys[i].host, keys[first].host) != 0 || strcmp(keys[i].path, keys[first].path) != 0) {
			first = i;
			continue;
		}
		struct ing *x = &g->ings[keys[i].ing], *y = &g->ings[keys[first].ing];
		if (keys[i].ing == keys[first].ing || !older(y, x))
			continue;
		const struct gpath *gp = NULL;
		for (size_t p = 0; p < x->npaths && !gp; p++)
			if (x->paths[p].host == keys[i].host && x->paths[p].path == keys[i].path)
				gp = &x->paths[p];
		char *msg = xasprintf("path '%s%s' is also in the older Ingress '%s/%s', which ingress-nginx serves; "
				      "Gateway API gives it to the HTTPRoute created first",
				      keys[i].host, keys[i].path, y->ns, y->name);
		finding(g, x, gp ? &gp->pos : NULL, ST_PARTIAL, SEV_WARNING, "gateway-path-conflict", msg,
			"remove the path from this Ingress, or apply the older one's route first");
		free(msg);
	}
	free(keys);
}

static void merge_canaries(struct gateway *g)
{
	for (size_t c = 0; c < g->nings; c++) {
		struct ing *cn = &g->ings[c];
		if (!cn->cv.canary)
			continue;
		for (size_t cp = 0; cp < cn->npaths; cp++) {
			struct gpath *best = NULL;
			struct ing *owner = NULL;
			for (size_t p = 0; p < g->nings; p++) {
				struct ing *pn = &g->ings[p];
				if (pn->cv.canary)
					continue;
				for (size_t i = 0; i < pn->npaths; i++)
					if (strcmp(pn->paths[i].host, cn->paths[cp].host) == 0 &&
					    strcmp(pn->paths[i].path, cn->paths[cp].path) == 0 &&
					    (owner == NULL || older(pn, owner))) {
						best = &pn->paths[i];
						owner = pn;
						break;
					}
			}
			if (best == NULL) {
				char *msg = xasprintf("canary path '%s%s' has no primary Ingress with the same host "
						      "and path in the input: it is not converted",
						      cn->paths[cp].host, cn->paths[cp].path);
				finding(g, cn, &cn->paths[cp].pos, ST_UNSUPPORTED, SEV_ERROR,
					"gateway-canary-without-primary", msg,
					"convert the primary Ingress in the same run");
				free(msg);
				continue;
			}
			best->canaries = xrealloc(best->canaries, (best->ncanaries + 1) * sizeof(*best->canaries));
			best->canaries[best->ncanaries++] = c;
		}
	}
}

/* ssl-passthrough ------------------------------------------------------------ */

static int passthrough_cmp(const void *a, const void *b)
{
	const struct passthrough *x = a, *y = b;
	int c = strcmp(x->cls, y->cls);

	return c ? c : strcmp(x->host, y->host);
}

/* The passthrough entry of host in class cls, or NULL. */
static struct passthrough *passthrough_of(const struct gateway *g, const char *cls, const char *host)
{
	struct passthrough key = { .cls = cls, .host = host };

	return g->npass ? bsearch(&key, g->pass, g->npass, sizeof(*g->pass), passthrough_cmp) : NULL;
}

static bool root_path(const struct gpath *p)
{
	return strcmp(p->path, "/") == 0;
}

/* The hosts ssl-passthrough hands to a backend: every host of a
 * non-canary Ingress with the annotation, per class; the owner is the
 * oldest Ingress of the class with a root path ('/') on the host, whose
 * backend gets the connections (as ingress-nginx and Higress do). */
static void find_passthrough(struct gateway *g)
{
	size_t cap = 0, u = 0;

	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->cv.canary || !n->cv.ssl_passthrough)
			continue;
		for (size_t p = 0; p < n->npaths; p++) {
			if (*n->paths[p].host == '\0') {
				finding(g, n, &n->paths[p].pos, ST_UNSUPPORTED, SEV_ERROR, "gateway-passthrough-host",
					"ssl-passthrough needs a host (connections are told apart by SNI): the "
					"rule without one is not passed through", "give the rule a host");
				continue;
			}
			grow_array((void **)&g->pass, &cap, g->npass + 1, sizeof(*g->pass));
			g->pass[g->npass].cls = n->cls;
			g->pass[g->npass].host = n->paths[p].host;
			g->pass[g->npass].ing = SIZE_MAX;
			g->pass[g->npass++].root = NULL;
		}
	}
	if (g->npass == 0)
		return;
	qsort(g->pass, g->npass, sizeof(*g->pass), passthrough_cmp);
	for (size_t i = 0; i < g->npass; i++)
		if (u == 0 || passthrough_cmp(&g->pass[u - 1], &g->pass[i]) != 0)
			g->pass[u++] = g->pass[i];
	g->npass = u;
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->cv.canary)
			continue;
		for (size_t p = 0; p < n->npaths; p++) {
			struct passthrough *ps;
			if (!root_path(&n->paths[p]) || (ps = passthrough_of(g, n->cls, n->paths[p].host)) == NULL)
				continue;
			if (ps->root == NULL || older(n, &g->ings[ps->ing])) {
				ps->ing = k;
				ps->root = &n->paths[p];
			}
		}
	}
	/* a host without an owner: reported on each Ingress that asks for it */
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->cv.canary || !n->cv.ssl_passthrough)
			continue;
		for (size_t p = 0; p < n->npaths; p++) {
			const struct passthrough *ps = passthrough_of(g, n->cls, n->paths[p].host);
			bool seen = false;
			if (ps == NULL || ps->root)
				continue;
			for (size_t q = 0; q < p && !seen; q++)
				seen = strcmp(n->paths[q].host, n->paths[p].host) == 0;
			if (seen)
				continue;
			char *msg = xasprintf("host '%s' has ssl-passthrough but no Ingress gives it a root path '/', "
					      "whose backend ingress-nginx passes the connections to: no TLSRoute is "
					      "written for it", ps->host);
			finding(g, n, NULL, ST_UNSUPPORTED, SEV_ERROR, "gateway-passthrough-no-root", msg,
				"add a '/' path for the host naming the backend that terminates TLS");
			free(msg);
		}
	}
}

/* Report rules that no listener serves: the hosts redirect HTTP to HTTPS
 * and their port 443 is passed through. */
static void passthrough_unserved(struct gateway *g, const struct ing *n, const char *const *hosts, size_t nhosts)
{
	struct buf b = {0};
	char *msg;

	for (size_t h = 0; h < nhosts; h++)
		buf_printf(&b, "%s'%s'", h ? ", " : "", hosts[h]);
	msg = xasprintf("the paths of %s %s are not written: port 80 redirects to HTTPS and port 443 passes the "
			"connections through to the backend (ssl-passthrough), as in ingress-nginx",
			nhosts > 1 ? "hosts" : "host", buf_cstr(&b));
	finding(g, n, NULL, ST_PARTIAL, SEV_INFO, "gateway-passthrough-paths", msg, NULL);
	free(msg);
	buf_free(&b);
}

static bool same_backend(const struct be *a, const struct be *b)
{
	return strcmp(a->svc, b->svc) == 0 && a->port == b->port;
}

/* The TLSRoutes of Ingress k for the passthrough hosts it owns (mine,
 * borrowed): one per backend (a TLSRoute has one rule), at most 16
 * hostnames each. */
static void tls_routes(struct gateway *g, size_t k, struct passthrough *const *mine, size_t nmine,
		       struct listeners *ls)
{
	struct ing *n = &g->ings[k];
	struct passthrough **part;
	bool *done;
	size_t serial = 0;
	char *from = provenance(n);

	done = xcalloc(nmine ? nmine : 1, sizeof(*done));
	part = xcalloc(MAX_HOSTNAMES, sizeof(*part));
	for (size_t i = 0; i < nmine; i++) {
		const struct be *be = &mine[i]->root->be;
		while (!done[i]) {
			struct buf b = {0};
			struct yw w;
			size_t np = 0;
			char *name = serial++ ? xasprintf("%s-%zu", n->name, serial) : xstrdup(n->name);

			for (size_t j = i; j < nmine && np < MAX_HOSTNAMES; j++)
				if (!done[j] && same_backend(&mine[j]->root->be, be)) {
					part[np++] = mine[j];
					done[j] = true;
				}
			yw_init(&w, &b);
			header(&w, "TLSRoute", n->ns, name, from);
			yw_map(&w, "spec");
			yw_seq(&w, "parentRefs");
			if (g->opt->attach)
				parent_attach(&w, g);
			for (size_t j = 0; j < np && !g->opt->attach; j++) {
				struct listener *l = find_listener(ls, n->cls, part[j]->host);
				if (l)
					parent_ref(&w, g, l->gw, l->name);
			}
			yw_end(&w);
			yw_seq(&w, "hostnames");
			for (size_t j = 0; j < np; j++)
				yw_item_str(&w, part[j]->host);
			yw_end(&w);
			yw_seq(&w, "rules");
			yw_item(&w);
			yw_seq(&w, "backendRefs");
			backend_ref(&w, be, -1);
			yw_end(&w);
			yw_end(&w);
			yw_end(&w);
			yw_end(&w);
			add_obj(g, "TLSRoute", n->ns, name, &b);
			if (g->opt->attach) {
				char *msg = xasprintf("TLSRoute '%s/%s' attaches to the Gateway '%s', which needs a "
						      "listener on port 443 with protocol TLS and mode Passthrough for "
						      "its hosts", n->ns, name, g->opt->attach);
				finding(g, n, NULL, ST_CONVERTED, SEV_INFO, "gateway-passthrough-listener", msg, NULL);
				free(msg);
			}
			free(name);
		}
	}
	free(part);
	free(done);
	free(from);
}

/* Passthrough hosts by owner, then host. */
static int pass_owner_cmp(const void *a, const void *b)
{
	const struct passthrough *x = *(struct passthrough *const *)a, *y = *(struct passthrough *const *)b;

	if (x->ing != y->ing)
		return x->ing < y->ing ? -1 : 1;
	return strcmp(x->host, y->host);
}

/* The TLSRoutes of every owner of passthrough hosts whose root backend
 * is usable. */
static void all_tls_routes(struct gateway *g, struct listeners *ls)
{
	struct passthrough **v = xcalloc(g->npass ? g->npass : 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < g->npass; i++)
		if (g->pass[i].root && usable(&g->pass[i].root->be))
			v[n++] = &g->pass[i];
	if (n)
		qsort(v, n, sizeof(*v), pass_owner_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->ing == v[i]->ing; j++)
			;
		tls_routes(g, v[i]->ing, v + i, j - i, ls);
	}
	free(v);
}

/* BackendTLSPolicy ------------------------------------------------------------ */

struct btls {
	const char *ns, *svc;	/* borrowed from the Ingress */
	size_t ing;		/* index of the Ingress that asks */
	const struct ing *in;	/* that Ingress */
};

static int btls_cmp(const void *a, const void *b)
{
	const struct btls *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);

	if (c == 0)
		c = strcmp(x->svc, y->svc);
	if (c == 0 && x->ing != y->ing)
		c = older(x->in, y->in) ? -1 : older(y->in, x->in) ? 1 : x->ing < y->ing ? -1 : 1;
	return c;
}

static int secret_cmp(const void *a, const void *b)
{
	return strcmp(((const struct secret *)a)->key, ((const struct secret *)b)->key);
}

/* The Secret proxy-ssl-secret of n names ("[ns/]name"), if in the input. */
static const struct secret *ssl_secret(const struct gateway *g, const struct ing *n)
{
	struct secret key;
	const struct secret *s;

	key.key = strchr(n->cv.proxy_ssl_secret, '/') ? xstrdup(n->cv.proxy_ssl_secret)
						       : xasprintf("%s/%s", n->ns, n->cv.proxy_ssl_secret);
	s = g->nsecrets ? bsearch(&key, g->secrets, g->nsecrets, sizeof(*g->secrets), secret_cmp) : NULL;
	free(key.key);
	return s;
}

/* The name of the ConfigMap that carries the CA of n's proxy-ssl-secret
 * (its Secret's name, in the Service's namespace), or NULL for the system
 * CAs. Borrowed. */
static const char *ca_configmap(const struct gateway *g, const struct ing *n)
{
	const struct secret *s;
	const char *slash;

	if (n->cv.proxy_ssl_secret == NULL || *n->cv.proxy_ssl_secret == '\0')
		return NULL;
	s = ssl_secret(g, n);
	if (s && !s->ca)
		return NULL;
	slash = strrchr(n->cv.proxy_ssl_secret, '/');
	return slash ? slash + 1 : n->cv.proxy_ssl_secret;
}

/* Finding fi, the proxy-ssl-secret finding of n, now that the Secrets
 * are known. */
static void judge_ssl_secret(struct gateway *g, const struct ing *n, size_t fi)
{
	const struct secret *s;
	const char *cm;
	char *msg, *ca;

	s = ssl_secret(g, n);
	cm = ca_configmap(g, n);
	ca = cm ? xasprintf("its CA becomes the BackendTLSPolicy's 'caCertificateRefs': create the ConfigMap '%s' in "
			    "namespace '%s' with the key 'ca.crt' copied from the Secret (a BackendTLSPolicy reads no "
			    "Secret)", cm, n->ns)
		: xstrdup("the Secret holds no 'ca.crt': the BackendTLSPolicy verifies against the system CAs");
	if (s == NULL) {
		msg = xasprintf("%s; if the Secret holds a client certificate ('tls.crt', 'tls.key'), nginx "
				"presented it to the backend and Higress's Gateway API cannot (include the Secret in "
				"the input to tell)", ca);
		refine(g, fi, ST_PARTIAL, SEV_ERROR, msg);
	} else if (s->cert) {
		msg = xasprintf("the Secret holds a client certificate ('tls.crt', 'tls.key') that nginx presented "
				"to the backend; Higress's Gateway API cannot send backend client certificates, so "
				"a backend that requires one refuses the connection (keep this Ingress on --to "
				"ingress); %s", ca);
		refine(g, fi, cm ? ST_PARTIAL : ST_UNSUPPORTED, SEV_ERROR, msg);
	} else {
		msg = xstrdup(ca);
		refine(g, fi, ST_PARTIAL, SEV_WARNING, msg);
	}
	free(msg);
	free(ca);
}

/* Ingresses by file and position (for judge_ssl_secrets). */
static int ing_pos_cmp(const void *a, const void *b)
{
	const struct ing *x = *(const struct ing *const *)a, *y = *(const struct ing *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->pos.start < y->pos.start ? -1 : x->pos.start > y->pos.start;
}

/* The Ingress of v (sorted by ing_pos_cmp) whose text holds finding f. */
static const struct ing *ing_at(const struct ing *const *v, size_t n, const struct finding *f)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ing *m = v[mid];
		int c = strcmp(m->file, f->file);
		if (c == 0 && f->pos.start >= m->pos.start && f->pos.start < m->pos.end)
			return m;
		if (c < 0 || (c == 0 && m->pos.start < f->pos.start))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Judge the proxy-ssl-secret findings that wait for the Secrets. They
 * are found again by file and position, as --skip/--only may have
 * dropped findings since the object pass (no index into the list is kept
 * across it). */
static void judge_ssl_secrets(struct gateway *g)
{
	const struct ing **v = NULL;
	size_t n = 0;
	char *key;

	for (size_t k = 0; k < g->nings; k++)
		if (g->ings[k].judge_secret && !g->ings[k].cv.canary) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = &g->ings[k];
		}
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), ing_pos_cmp);
	key = xasprintf("%s/proxy-ssl-secret", g->prefix);
	for (size_t i = 0; i < g->out->n; i++) {
		const struct finding *f = &g->out->v[i];
		const struct ing *in;
		if (f->annotation == NULL || strcmp(f->annotation, key) != 0 || (in = ing_at(v, n, f)) == NULL)
			continue;
		judge_ssl_secret(g, in, i);
	}
	free(key);
	free(v);
}

static void backend_tls_policy(struct gateway *g, const struct btls *b)
{
	const struct ing *n = &g->ings[b->ing];
	const char *cm = ca_configmap(g, n);
	char *host = backend_tls_hostname(n, b->svc), *name = xasprintf("%s-backend-tls", b->svc);
	char *from = provenance(n);
	struct buf out = {0};
	struct yw w;

	yw_init(&w, &out);
	header(&w, "BackendTLSPolicy", b->ns, name, from);
	yw_map(&w, "spec");
	yw_seq(&w, "targetRefs");
	yw_item(&w);
	yw_str(&w, "group", "");
	yw_str(&w, "kind", "Service");
	yw_str(&w, "name", b->svc);
	yw_end(&w);
	yw_end(&w);
	yw_map(&w, "validation");
	if (cm) {
		yw_seq(&w, "caCertificateRefs");
		yw_item(&w);
		yw_str(&w, "group", "");
		yw_str(&w, "kind", "ConfigMap");
		yw_str(&w, "name", cm);
		yw_end(&w);
		yw_end(&w);
	}
	yw_str(&w, "hostname", host);
	if (cm == NULL)
		yw_str(&w, "wellKnownCACertificates", "System");
	yw_end(&w);
	yw_end(&w);
	add_obj(g, "BackendTLSPolicy", b->ns, name, &out);
	free(host);
	free(name);
	free(from);
}

/* Do two Ingresses ask one Service for the same backend TLS? */
static bool same_backend_tls(const struct gateway *g, const struct ing *a, const struct ing *b, const char *svc)
{
	const char *ca = ca_configmap(g, a), *cb = ca_configmap(g, b);
	char *ha = backend_tls_hostname(a, svc), *hb = backend_tls_hostname(b, svc);
	bool same = strcmp(ha, hb) == 0 && ((ca == NULL && cb == NULL) || (ca && cb && strcmp(ca, cb) == 0));

	free(ha);
	free(hb);
	return same;
}

static int btls_svc_cmp(const void *a, const void *b)
{
	const struct btls *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);

	return c ? c : strcmp(x->svc, y->svc);
}

/* Report the plain-HTTP Ingresses whose Services get a BackendTLSPolicy
 * (v sorted by namespace and Service): the policy applies to every route
 * to the Service, so they would speak TLS to it too. */
static void plain_backends(struct gateway *g, const struct btls *v, size_t nv)
{
	for (size_t k = 0; nv && k < g->nings; k++) {
		struct ing *in = &g->ings[k];
		if (in->cv.canary || CONV_PROTO_TLS(in->cv.protocol))
			continue;
		for (size_t p = 0; p <= in->npaths; p++) {
			const struct be *be = p < in->npaths ? &in->paths[p].be : in->has_def ? &in->def : NULL;
			struct btls key, *hit;
			if (be == NULL || be->svc == NULL)
				continue;
			key.ns = in->ns;
			key.svc = be->svc;
			hit = bsearch(&key, v, nv, sizeof(*v), btls_svc_cmp);
			if (hit == NULL)
				continue;
			const struct ing *t = &g->ings[hit->ing];
			char *msg = xasprintf("Service '%s/%s' gets a BackendTLSPolicy from Ingress '%s/%s' "
					      "(backend protocol '%s'), which applies to every route to it: this "
					      "Ingress's route speaks TLS to it too, where ingress-nginx spoke plain "
					      "HTTP",
					      in->ns, be->svc, t->ns, t->name,
					      t->cv.protocol_value ? t->cv.protocol_value : "HTTPS");
			finding(g, in, p < in->npaths ? &in->paths[p].pos : NULL, ST_PARTIAL, SEV_WARNING,
				"gateway-backend-tls-shared", msg,
				"use one backend protocol per Service, or a separate Service for plain HTTP");
			free(msg);
		}
	}
}

/* A BackendTLSPolicy per Service that a non-canary Ingress with backend
 * protocol HTTPS or GRPCS routes to; where Ingresses disagree, the
 * oldest one's settings win (reported). */
static void backend_tls_policies(struct gateway *g)
{
	struct btls *v = NULL;
	size_t n = 0, cap = 0;

	if (g->nsecrets)
		qsort(g->secrets, g->nsecrets, sizeof(*g->secrets), secret_cmp);
	judge_ssl_secrets(g);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *in = &g->ings[k];
		if (in->cv.canary || !CONV_PROTO_TLS(in->cv.protocol))
			continue;
		for (size_t p = 0; p <= in->npaths; p++) {
			const struct be *be = p < in->npaths ? &in->paths[p].be : in->has_def ? &in->def : NULL;
			if (be == NULL || be->svc == NULL)
				continue;
			grow_array((void **)&v, &cap, n + 1, sizeof(*v));
			v[n].ns = in->ns;
			v[n].svc = be->svc;
			v[n].in = in;
			v[n++].ing = k;
			/* a canary is served with its primary's protocol */
			for (size_t c = 0; p < in->npaths && c < in->paths[p].ncanaries; c++) {
				const struct ing *cn = &g->ings[in->paths[p].canaries[c]];
				const struct gpath *cp = canary_path(cn, &in->paths[p]);
				if (cp == NULL || cp->be.svc == NULL)
					continue;
				grow_array((void **)&v, &cap, n + 1, sizeof(*v));
				v[n].ns = cn->ns;
				v[n].svc = cp->be.svc;
				v[n].in = in;
				v[n++].ing = k;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), btls_cmp);
	plain_backends(g, v, n);
	for (size_t i = 0, first = 0; i < n; i++) {
		if (i == 0 || strcmp(v[i].ns, v[first].ns) != 0 || strcmp(v[i].svc, v[first].svc) != 0) {
			first = i;
			backend_tls_policy(g, &v[i]);
			continue;
		}
		if (v[i].ing == v[i - 1].ing ||
		    same_backend_tls(g, &g->ings[v[first].ing], &g->ings[v[i].ing], v[i].svc))
			continue;
		const struct ing *w = &g->ings[v[first].ing];
		char *msg = xasprintf("Service '%s/%s' already gets its BackendTLSPolicy from Ingress '%s/%s' (older, "
				      "or first by name): this Ingress's CA and hostname for it are not used",
				      v[i].ns, v[i].svc, w->ns, w->name);
		finding(g, &g->ings[v[i].ing], NULL, ST_PARTIAL, SEV_WARNING, "gateway-backend-tls-conflict", msg,
			"give the Ingresses of one Service the same proxy-ssl-* settings");
		free(msg);
	}
	free(v);
}

static void learn_listeners(struct gateway *g, struct listeners *ls)
{
	size_t kept = 0;

	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->cv.canary)
			continue;
		for (size_t t = 0; t < n->ntls; t++) {
			struct listener *l;
			if (n->tls[t].secret == NULL)
				continue;
			if (passthrough_of(g, n->cls, n->tls[t].host)) {
				char *msg = xasprintf("host '%s' is passed through (ssl-passthrough): the "
						      "certificate '%s/%s' is not used, the backend terminates TLS; "
						      "port 443 gets no HTTPS listener for it",
						      n->tls[t].host, n->ns, n->tls[t].secret);
				finding(g, n, NULL, ST_PARTIAL, SEV_INFO, "gateway-passthrough-tls", msg, NULL);
				free(msg);
				continue;
			}
			grow_array((void **)&ls->v, &ls->cap, ls->n + 1, sizeof(*ls->v));
			l = &ls->v[ls->n];
			memset(l, 0, sizeof(*l));
			l->cls = n->cls;
			l->host = n->tls[t].host;
			l->secret_ns = n->ns;
			l->secret = n->tls[t].secret;
			l->order = ls->n++;
			l->ing = k;
		}
	}
	for (size_t i = 0; i < g->npass; i++) {
		struct listener *l;
		if (g->pass[i].root == NULL)
			continue;
		grow_array((void **)&ls->v, &ls->cap, ls->n + 1, sizeof(*ls->v));
		l = &ls->v[ls->n];
		memset(l, 0, sizeof(*l));
		l->cls = g->pass[i].cls;
		l->host = g->pass[i].host;
		l->order = ls->n++;
		l->ing = g->pass[i].ing;
		l->passthrough = true;
	}
	if (ls->n == 0)
		return;
	qsort(ls->v, ls->n, sizeof(*ls->v), listener_cmp);
	for (size_t i = 0; i < ls->n; i++) {
		struct listener *l = &ls->v[i];
		if (kept && strcmp(ls->v[kept - 1].cls, l->cls) == 0 && strcmp(ls->v[kept - 1].host, l->host) == 0) {
			const struct listener *w = &ls->v[kept - 1];
			if (!w->passthrough && !l->passthrough &&
			    (strcmp(w->secret, l->secret) != 0 || strcmp(w->secret_ns, l->secret_ns) != 0)) {
				char *msg = xasprintf("host '%s' already has the certificate '%s/%s' from another "
						      "Ingress: its listener keeps that one, not '%s/%s'",
						      l->host, w->secret_ns, w->secret, l->secret_ns, l->secret);
				finding(g, &g->ings[l->ing], NULL, ST_PARTIAL, SEV_WARNING, "gateway-tls-conflict", msg,
					NULL);
				free(msg);
			}
			continue;
		}
		ls->v[kept] = *l;
		ls->v[kept].gw = gateway_name(l->cls);
		ls->v[kept].name = l->passthrough ? label("tls-", l->host)
				   : *l->host ? label("https-", l->host) : xstrdup("https");
		kept++;
	}
	ls->n = kept;
}

/* Aliases, www redirects, default backends, mirrors -------------------------- */

static struct svc *find_svc(struct gateway *g, const char *ns, const char *name)
{
	struct svc key;
	struct svc *s;

	key.key = xasprintf("%s/%s", ns, name);
	s = g->nsvcs ? bsearch(&key, g->svcs, g->nsvcs, sizeof(*g->svcs), svc_cmp) : NULL;
	free(key.key);
	return s;
}

/* spec.defaultBackend: say which hosts get the lowest-precedence rule. */
static void report_spec_default(struct gateway *g, const struct ing *n)
{
	struct buf hosts = {0};
	char *msg;

	if (!n->has_def || n->cv.canary || !usable(&n->def))
		return;
	for (size_t p = 0; p < n->npaths; p++) {
		const char *h = n->paths[p].host;
		bool seen = false;
		for (size_t q = 0; q < p && !seen; q++)
			seen = strcmp(n->paths[q].host, h) == 0;
		if (*h && !seen && default_backend(n, h))
			buf_printf(&hosts, "%s'%s'", hosts.len ? ", " : "", h);
	}
	if (n->nrules == 0)
		msg = xasprintf("'spec.defaultBackend' of an Ingress without rules becomes a route without "
				"'hostnames' whose %s rule takes what no other route matches, like ingress-nginx's default "
				"server", CONV_PROTO_IS_GRPC(n->cv.protocol) ? "match-all" : "PathPrefix '/'");
	else if (hosts.len)
		msg = xasprintf("'spec.defaultBackend' becomes a lowest-precedence %s rule for %s; ingress-nginx "
				"gave a host's unmatched paths to it only when this Ingress was the oldest with the host",
				CONV_PROTO_IS_GRPC(n->cv.protocol) ? "match-all" : "PathPrefix '/'", buf_cstr(&hosts));
	else
		msg = NULL;
	buf_free(&hosts);
	if (msg == NULL)
		return;
	finding(g, n, &n->at_spec_def, ST_CONVERTED, SEV_INFO, "gateway-default-backend", msg, NULL);
	free(msg);
}

/* default-backend: the Service's first port, as ingress-nginx uses it
 * (n->ann_def, owned by n). */
static void resolve_default_backend(struct gateway *g, struct ing *n)
{
	struct svc *s;
	char *msg;

	if (n->cv.default_backend == NULL || *n->cv.default_backend == '\0' || n->cv.canary ||
	    CONV_PROTO_IS_GRPC(n->cv.protocol))
		return;
	if (n->has_def)
		return;		/* judge said so */
	s = find_svc(g, n->ns, n->cv.default_backend);
	if (s == NULL || s->nports == 0 || s->ports[0] < 1) {
		msg = xasprintf("Service '%s/%s' of 'default-backend' is %s: its first port, which ingress-nginx uses, "
				"is unknown, so no default rule is written", n->ns, n->cv.default_backend,
				s ? "without a numbered port" : "not in the input");
		finding(g, n, &n->at_def, ST_PARTIAL, SEV_ERROR, "gateway-service-missing", msg,
			"include the Services in the input: kubectl get ingress,svc -A -o yaml");
		free(msg);
		return;
	}
	n->has_ann_def = true;
	n->ann_def.svc = xstrdup(n->cv.default_backend);
	n->ann_def.port = s->ports[0];
}

/* The mirror's Service port, when the Service is in the input. */
static void check_mirror(struct gateway *g, struct ing *n)
{
	struct svc *s;
	char *msg;

	if (!n->has_mirror)
		return;
	s = find_svc(g, n->mirror.ns, n->mirror.svc);
	if (s == NULL)
		return;		/* a Service of another namespace may well be left out */
	for (size_t i = 0; i < s->nports; i++)
		if (s->ports[i] == n->mirror.port)
			return;
	msg = xasprintf("Service '%s/%s' has no port %ld: the RequestMirror filter is not written, so requests "
			"are no longer mirrored", n->mirror.ns, n->mirror.svc, n->mirror.port);
	finding(g, n, &n->at_mirror, ST_PARTIAL, SEV_ERROR, "gateway-service-port-missing", msg,
		n->mirror.port_given ? NULL : "write the Service port in the mirror-target URL");
	free(msg);
	n->has_mirror = false;
}

/* Every host of the primary Ingresses, sorted (for aliases and www
 * redirects: ingress-nginx leaves a name that has its own server alone).
 * Borrowed strings; caller frees the array. */
static const char **all_hosts(struct gateway *g, size_t *count)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;

	for (size_t k = 0; k < g->nings; k++) {
		if (g->ings[k].cv.canary)
			continue;
		for (size_t p = 0; p < g->ings[k].npaths; p++) {
			if (!*g->ings[k].paths[p].host)
				continue;
			grow_array((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = g->ings[k].paths[p].host;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), str_cmp);
	*count = n;
	return v;
}

static bool in_hosts(const char **hosts, size_t n, const char *h)
{
	return n && bsearch(&h, hosts, n, sizeof(*hosts), str_cmp) != NULL;
}

static const struct tls *tls_entry(const struct ing *n, const char *host)
{
	for (size_t t = 0; t < n->ntls; t++)
		if (strcmp(n->tls[t].host, host) == 0)
			return &n->tls[t];
	return NULL;
}

/* A TLS entry for host with secret (both copied, owned by n). */
static void add_tls(struct ing *n, const char *host, const char *secret)
{
	n->tls = xrealloc(n->tls, (n->ntls + 1) * sizeof(*n->tls));
	n->tls[n->ntls].host = xstrdup(host);
	n->tls[n->ntls++].secret = secret ? xstrdup(secret) : NULL;
}

/* server-alias: the paths of the Ingress's first host again under each
 * alias name (the route then lists it among its hostnames), with the
 * host's certificate where the host has TLS. The copies (paths, TLS
 * entries) are owned by n; hosts is borrowed. */
static void expand_aliases(struct gateway *g, struct ing *n, const char **hosts, size_t nhosts)
{
	const char *host = NULL;
	struct strv names = {0};
	struct buf bad = {0}, taken = {0}, added = {0};
	size_t npaths = n->npaths;

	for (size_t p = 0; p < npaths && !host; p++)
		if (*n->paths[p].host)
			host = n->paths[p].host;
	if (host == NULL) {
		finding(g, n, &n->at_alias, ST_UNSUPPORTED, SEV_WARNING, "gateway-server-alias",
			"the Ingress has no rule with a host: the alias names have no route to join", NULL);
		return;
	}
	split_list(n->cv.server_alias, ",", &names);
	for (size_t a = 0; a < names.n; a++) {
		char *al = names.v[a];
		const struct tls *t;
		bool dup = false;
		for (char *x = al; *x; x++)
			if (*x >= 'A' && *x <= 'Z')
				*x = (char)(*x - 'A' + 'a');
		for (size_t b = 0; b < a; b++)
			dup = dup || strcmp(names.v[b], al) == 0;
		if (dup)
			continue;
		if (!valid_hostname(al)) {
			buf_printf(&bad, "%s'%s'", bad.len ? ", " : "", al);
			continue;
		}
		if (strcmp(al, host) == 0 || in_hosts(hosts, nhosts, al)) {
			buf_printf(&taken, "%s'%s'", taken.len ? ", " : "", al);
			continue;
		}
		for (size_t p = 0; p < npaths; p++) {
			struct gpath *src, *cp;
			if (strcmp(n->paths[p].host, host) != 0)
				continue;
			n->paths = xrealloc(n->paths, (n->npaths + 1) * sizeof(*n->paths));
			src = &n->paths[p];
			cp = &n->paths[n->npaths++];
			*cp = *src;
			cp->host = xstrdup(al);
			cp->path = xstrdup(src->path);
			cp->be.svc = src->be.svc ? xstrdup(src->be.svc) : NULL;
			cp->be.port_name = src->be.port_name ? xstrdup(src->be.port_name) : NULL;
			cp->canaries = src->ncanaries ? xcalloc(src->ncanaries, sizeof(*cp->canaries)) : NULL;
			if (src->ncanaries)
				memcpy(cp->canaries, src->canaries, src->ncanaries * sizeof(*cp->canaries));
			cp->match_host = xstrdup(src->match_host ? src->match_host : host);
		}
		t = tls_entry(n, host);
		if (t && t->secret && !tls_entry(n, al))
			add_tls(n, al, t->secret);
		buf_printf(&added, "%s'%s'", added.len ? ", " : "", al);
	}
	if (added.len && tls_entry(n, host) && tls_entry(n, host)->secret) {
		char *msg = xasprintf("HTTPS listeners with the certificate '%s' of host '%s' serve the alias names, "
				      "as ingress-nginx did; it must cover them: %s", tls_entry(n, host)->secret, host,
				      buf_cstr(&added));
		finding(g, n, &n->at_alias, ST_CONVERTED, SEV_INFO, "gateway-server-alias", msg, NULL);
		free(msg);
	}
	if (bad.len) {
		char *msg = xasprintf("not added, no hostname form in Gateway API (regular expressions, '*' inside a "
				      "name): %s; requests for these names no longer reach this Ingress's backends",
				      buf_cstr(&bad));
		finding(g, n, &n->at_alias, ST_UNSUPPORTED, SEV_ERROR, "gateway-server-alias", msg,
			"list the names the regular expression stood for");
		free(msg);
	}
	if (taken.len) {
		char *msg = xasprintf("not added, hosts with rules of their own, which ingress-nginx serves from those "
				      "rules, ignoring the alias: %s", buf_cstr(&taken));
		finding(g, n, &n->at_alias, ST_IGNORED, SEV_INFO, "gateway-server-alias", msg, NULL);
		free(msg);
	}
	strv_free(&names);
	buf_free(&bad);
	buf_free(&taken);
	buf_free(&added);
}

/* from-to-www-redirect: for each host, the other name ('www.' added or
 * removed) redirects to it with 308 unless the other name has its own
 * rules; the other name gets the host's certificate where it has TLS. */
static void plan_www(struct gateway *g, struct ing *n, const char **hosts, size_t nhosts)
{
	struct buf own = {0}, tls = {0};

	for (size_t p = 0; p < n->npaths; p++) {
		const char *h = n->paths[p].host;
		const struct tls *t;
		char *other;
		bool seen = false;
		if (!*h || n->paths[p].match_host || strncmp(h, "*.", 2) == 0)
			continue;
		for (size_t q = 0; q < p && !seen; q++)
			seen = strcmp(n->paths[q].host, h) == 0;
		for (size_t q = 0; q < n->www_to.n && !seen; q++)
			seen = strcmp(n->www_to.v[q], h) == 0;
		if (seen)
			continue;
		other = strncmp(h, "www.", 4) == 0 ? xstrdup(h + 4) : xasprintf("www.%s", h);
		if (!valid_hostname(other) || strchr(other, '.') == NULL) {
			free(other);
			continue;
		}
		if (in_hosts(hosts, nhosts, other)) {
			buf_printf(&own, "%s'%s'", own.len ? ", " : "", other);
			free(other);
			continue;
		}
		strv_add(&n->www_from, other, strlen(other));
		strv_add(&n->www_to, h, strlen(h));
		t = tls_entry(n, h);
		if (t && t->secret && !tls_entry(n, other)) {
			const char *secret = t->secret;	/* owned by the entry, not the array */
			add_tls(n, other, secret);
			buf_printf(&tls, "%s'%s' ('%s')", tls.len ? ", " : "", other, secret);
		}
		free(other);
	}
	if (own.len) {
		char *msg = xasprintf("no redirect written for names with rules of their own in the input, which "
				      "ingress-nginx leaves to those rules: %s", buf_cstr(&own));
		finding(g, n, &n->at_www, ST_IGNORED, SEV_INFO, "gateway-www-redirect", msg, NULL);
		free(msg);
	}
	if (tls.len) {
		char *msg = xasprintf("the redirects are also served over HTTPS, by listeners with the certificate of "
				      "the host they redirect to, which must cover the name, as ingress-nginx required: %s",
				      buf_cstr(&tls));
		finding(g, n, &n->at_www, ST_CONVERTED, SEV_INFO, "gateway-www-redirect", msg, NULL);
		free(msg);
	}
	buf_free(&own);
	buf_free(&tls);
}

/* Aliases and www redirects of every primary Ingress (before the
 * listeners are learnt: both may add TLS hosts). */
static void expand_hosts(struct gateway *g)
{
	const char **hosts = NULL;
	size_t nhosts = 0;
	bool any = false;

	for (size_t k = 0; k < g->nings && !any; k++)
		any = !g->ings[k].cv.canary && !CONV_PROTO_IS_GRPC(g->ings[k].cv.protocol) &&
		      (g->ings[k].cv.server_alias || g->ings[k].cv.from_to_www);
	if (!any)
		return;
	hosts = all_hosts(g, &nhosts);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->cv.canary || CONV_PROTO_IS_GRPC(n->cv.protocol))
			continue;	/* a GRPCRoute carries neither (grpc_not_carried) */
		if (n->cv.server_alias && *n->cv.server_alias)
			expand_aliases(g, n, hosts, nhosts);
	}
	free(hosts);
	/* the alias names count as hosts of their own for the www check */
	hosts = all_hosts(g, &nhosts);
	for (size_t k = 0; k < g->nings; k++)
		if (!g->ings[k].cv.canary && !CONV_PROTO_IS_GRPC(g->ings[k].cv.protocol) && g->ings[k].cv.from_to_www)
			plan_www(g, &g->ings[k], hosts, nhosts);
	free(hosts);
}

/* The HTTPRoutes of the www redirects of n: one per name, attached to the
 * HTTP listener and, where the name has one, its HTTPS listener. */
static void www_routes(struct gateway *g, const struct ing *n, struct listeners *ls)
{
	char *from = provenance(n), *gw = gateway_name(n->cls);

	for (size_t i = 0; i < n->www_from.n; i++) {
		struct buf b = {0};
		struct yw w;
		char *name = i ? xasprintf("%s-www-redirect-%zu", n->name, i + 1) : xasprintf("%s-www-redirect", n->name);
		struct listener *l = find_listener(ls, n->cls, n->www_from.v[i]);

		yw_init(&w, &b);
		header(&w, "HTTPRoute", n->ns, name, from);
		yw_map(&w, "spec");
		yw_seq(&w, "parentRefs");
		if (g->opt->attach) {
			parent_attach(&w, g);
		} else {
			parent_ref(&w, g, gw, "http");
			if (l && tls_host(n, n->www_from.v[i]))
				parent_ref(&w, g, l->gw, l->name);
		}
		yw_end(&w);
		yw_seq(&w, "hostnames");
		yw_item_str(&w, n->www_from.v[i]);
		yw_end(&w);
		yw_seq(&w, "rules");
		yw_item(&w);
		yw_seq(&w, "filters");
		yw_item(&w);
		yw_str(&w, "type", "RequestRedirect");
		yw_map(&w, "requestRedirect");
		yw_str(&w, "hostname", n->www_to.v[i]);
		yw_int(&w, "statusCode", 308);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		add_obj(g, "HTTPRoute", n->ns, name, &b);
		free(name);
	}
	free(from);
	free(gw);
}

/* ReferenceGrants that let HTTPRoutes mirror to Services of another
 * namespace: one per (Service namespace, route namespace), at most 16
 * Services each. */
struct mirror_ref {
	const char *to_ns, *from_ns, *svc;
};

static int mirror_ref_cmp(const void *a, const void *b)
{
	const struct mirror_ref *x = a, *y = b;
	int c = strcmp(x->to_ns, y->to_ns);

	if (c == 0)
		c = strcmp(x->from_ns, y->from_ns);
	return c ? c : strcmp(x->svc, y->svc);
}

static void mirror_grants(struct gateway *g)
{
	struct mirror_ref *refs = NULL;
	size_t n = 0, cap = 0, u = 0;

	for (size_t k = 0; k < g->nings; k++) {
		const struct ing *in = &g->ings[k];
		if (in->cv.canary || !in->has_mirror || strcmp(in->mirror.ns, in->ns) == 0)
			continue;
		grow_array((void **)&refs, &cap, n + 1, sizeof(*refs));
		refs[n].to_ns = in->mirror.ns;
		refs[n].from_ns = in->ns;
		refs[n++].svc = in->mirror.svc;
	}
	if (n == 0)
		return;
	qsort(refs, n, sizeof(*refs), mirror_ref_cmp);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || mirror_ref_cmp(&refs[u - 1], &refs[i]) != 0)
			refs[u++] = refs[i];
	n = u;
	for (size_t i = 0; i < n;) {
		const char *to = refs[i].to_ns, *fr = refs[i].from_ns;
		for (size_t part = 1; i < n && strcmp(refs[i].to_ns, to) == 0 && strcmp(refs[i].from_ns, fr) == 0;
		     part++) {
			struct buf b = {0};
			struct yw w;
			char *base = label("mirror-from-", fr);
			char *name = part > 1 ? xasprintf("%s-%zu", base, part) : xstrdup(base);
			char *why = xasprintf("lets the HTTPRoutes in '%s' mirror to Services of '%s'", fr, to);

			yw_init(&w, &b);
			header(&w, "ReferenceGrant", to, name, why);
			yw_map(&w, "spec");
			yw_seq(&w, "from");
			yw_item(&w);
			yw_str(&w, "group", "gateway.networking.k8s.io");
			yw_str(&w, "kind", "HTTPRoute");
			yw_str(&w, "namespace", fr);
			yw_end(&w);
			yw_end(&w);
			yw_seq(&w, "to");
			for (size_t k = 0; k < MAX_GRANT_TO && i < n && strcmp(refs[i].to_ns, to) == 0 &&
					   strcmp(refs[i].from_ns, fr) == 0;
			     k++, i++) {
				yw_item(&w);
				yw_str(&w, "group", "");
				yw_str(&w, "kind", "Service");
				yw_str(&w, "name", refs[i].svc);
				yw_end(&w);
			}
			yw_end(&w);
			yw_end(&w);
			add_obj(g, "ReferenceGrant", to, name, &b);
			free(base);
			free(name);
			free(why);
		}
	}
	free(refs);
}

void gateway_finish(struct gateway *g, struct buf *out)
{
	struct listeners ls = {0};

	g->findings_only = out == NULL;
	if (g->nsvcs)
		qsort(g->svcs, g->nsvcs, sizeof(*g->svcs), svc_cmp);
	if (g->nings)
		qsort(g->ings, g->nings, sizeof(*g->ings), ing_cmp);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		for (size_t p = 0; p < n->npaths; p++)
			resolve_port(g, n, &n->paths[p].be, &n->paths[p].pos);
		if (n->has_def)
			resolve_port(g, n, &n->def, NULL);
		resolve_default_backend(g, n);
		report_spec_default(g, n);
		check_mirror(g, n);
		if (wants_regex(n) && !n->cv.canary)
			for (size_t p = 0; p < n->npaths; p++) {
				g->regex_hosts = xrealloc(g->regex_hosts, (g->nregex + 1) * sizeof(char *));
				g->regex_hosts[g->nregex++] = n->paths[p].host;
			}
	}
	if (g->nregex)
		qsort(g->regex_hosts, g->nregex, sizeof(char *), str_cmp);
	shadowed_paths(g);
	merge_canaries(g);
	expand_hosts(g);
	find_passthrough(g);
	learn_listeners(g, &ls);
	if (g->opt->attach == NULL)
		gateway_objects(g, &ls);
	for (size_t k = 0; k < g->nings; k++)
		if (!g->ings[k].cv.canary) {
			route_objects(g, &g->ings[k], &ls);
			www_routes(g, &g->ings[k], &ls);
		}
	mirror_grants(g);
	all_tls_routes(g, &ls);
	backend_tls_policies(g);
	if (g->nobjs)
		qsort(g->objs, g->nobjs, sizeof(*g->objs), obj_cmp);
	for (size_t i = 0; out && i < g->nobjs; i++)
		buf_adds(out, g->objs[i].text);
	for (size_t i = 0; i < ls.n; i++) {
		free(ls.v[i].gw);
		free(ls.v[i].name);
	}
	free(ls.v);
}
