/* emit_plugins.c - WasmPlugins that replace what Higress drops (see
 * emit_plugins.h). Facts: ../shared/reference/higress-plugins.md (§1 the
 * CRD and route names, §2.0 images, phases and priorities, §2.1 and §3.1
 * basic-auth, §2.3 and §3.3 ip-restriction, §2.7 transformer); the
 * nginx-rewrite-compatible plugin is not in it: its facts, read from its
 * source at higress-group/higress 8e4041c9ba9a97d0494fa56b784fa30866adca35,
 * are under REWRITE_FACTS below. */
#include "emit_plugins.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "snippet.h"
#include "spill_sort.h"
#include "yaml_write.h"

/* The rule ids of this module's findings (rules/findings.yaml). */
#define R_SECRET_MISSING "plugin-secret-missing"
#define R_SECRET_UNUSABLE "plugin-secret-unusable"
#define R_USER_REFUSED "plugin-user-refused"
#define R_SECRET_READ "plugin-secret-read"
#define R_SECRET_NO_API "plugin-secret-no-api-version"
#define R_AUTH_URL "plugin-auth-url"
#define R_RATE_LIMIT "plugin-rate-limit"
#define R_DUPLICATE_INGRESS "plugin-duplicate-ingress"
#define R_SECRET_NAME "plugin-secret-name"
#define R_CANARY "plugin-canary"

/* A plugin kind: image, tag, filter-chain position. */
struct kind {
	const char *plugin;	/* image name */
	const char *tag;
	const char *phase;
	int priority;
};

enum { K_BASIC_AUTH, K_TRANSFORMER, K_IP_DENY, K_EXT_AUTH, K_RATE_LIMIT, K_REWRITE, K__COUNT };

static const struct kind kinds[K__COUNT] = {
	[K_BASIC_AUTH] = { "basic-auth", "2.0.0", "AUTHN", 320 },
	/* after basic-auth (AUTHN), so the credentials are checked before
	 * the header goes: the transformer's own AUTHN/410 would run first */
	[K_TRANSFORMER] = { "transformer", "2.0.1", "AUTHZ", 410 },
	[K_IP_DENY] = { "ip-restriction", "2.0.1", "AUTHN", 210 },
	[K_EXT_AUTH] = { "ext-auth", "2.0.1", "AUTHN", 360 },
	[K_RATE_LIMIT] = { "cluster-key-rate-limit", "2.0.1", "UNSPECIFIED_PHASE", 20 },
	/* REWRITE_FACTS below */
	[K_REWRITE] = { "nginx-rewrite-compatible", "1.0.0", "UNSPECIFIED_PHASE", 100 },
};

/* The hashes convert writes of a Secret an auth-secret names, taken when
 * the object pass reaches it (the decisions were made from the index's
 * facts); all owned, wiped when freed. */
struct secret {
	char **keys, **vals;	/* --inline-credentials: the values usable as hashes, by key */
	size_t n, cap;
	char **lines;		/* the hash of each 'auth' line (as the index counts them), or NULL */
	size_t nlines;
};

/* What the emitter knows of index Secret i (p->sflags[i]). */
enum {
	SF_WANTED = 1,		/* an auth-secret names it: its hashes are taken */
	SF_READ = 2,		/* a plugin used it: the report said so */
	SF_DERIVE = 4,		/* an auth-file Secret referenced through a derived auth-map one */
	SF_NAMED = 8,		/* its derived name was reported (plugin-secret-name) */
};

/* An annotation of an Ingress that a plugin may cover. */
struct ann {
	char *key;	/* without the prefix */
	char *value;
	struct pos pos;
};

/* One basic-auth consumer: credential is "user:${secret...}", or NULL
 * when the hash is inlined at finish (from the Secret's 'auth' line
 * item, or its key user). */
struct consumer {
	char *name, *credential;
	istr user;		/* inlined: the user (the index's string) */
	uint32_t sec;		/* inlined: the index Secret */
	uint32_t item;		/* inlined from a line: its number; UINT32_MAX for a key */
};

/* A converted Ingress with plugin work; all owned. The annotations are
 * dropped once its plugins are decided (plugins_add_ingress). */
struct ing {
	char *file, *ns, *name, *route;
	char *ns_written;	/* the namespace as written, or NULL (ns is then "default") */
	struct pos pos;
	size_t order;
	struct ann *ann;
	size_t nann;
	struct consumer *cons;
	size_t ncons;
	char *realm;		/* auth-realm, or NULL */
	bool basic, basic_partial;
	char **deny;
	size_t ndeny;
	struct ext *ext;	/* external auth, or NULL */
	long rps, rpm;		/* per-client-IP limits, 0 for none */
	char **allow;		/* limit-allowlist (or limit-whitelist) ranges */
	size_t nallow;
	bool limited;		/* a rate-limit rule is written */
	char **paths;		/* --to gateway with rewrite-target: the paths, "/" for none */
	size_t npaths;
	struct conv_rw *rw;	/* nginx-rewrite-compatible rules, in nginx's order */
	size_t nrw;
	bool rw_target;		/* they stand for rewrite-target (else for the snippet) */
	char *rw_why;		/* rewrite-target: why the plugin cannot, or NULL */
	char *rw_snip_why;	/* configuration-snippet: why the plugin takes none, or NULL */
	bool canary;		/* a canary Ingress: nginx ignores its own plugin annotations */
	char **keys;		/* --to ingress: "host\001path" of each path (canary pairing) */
	size_t nkeys;
	char **extra;		/* the routes of its header or cookie canaries, or of
				 * the gateway emitter (owned) */
	size_t nextra;
	bool route_unused;	/* --to gateway: no route has the Ingress's own name */
};

/* ext-auth in forward_auth mode; all owned. */
struct ext {
	char *fqdn, *path, *method;
	long port;
	bool https;
	char **resp;		/* auth-response-headers */
	size_t nresp;
	char *redirect;		/* auth-request-redirect, or NULL */
};

struct plugins {
	const struct plugins_options *opt;
	struct findings *out;
	const struct index *ix;		/* the facts of the index pass, or NULL (no Secret known) */
	uint32_t *secs;			/* index Secrets that may hold credentials, by namespace, name, order */
	size_t nsecs;
	size_t nix;			/* the index's Secrets */
	uint8_t *sflags;		/* SF_* per index Secret */
	struct secret **taken;		/* per index Secret: its hashes, or NULL */
	/* The rule records of the Ingresses with a plugin rule (ing_write),
	 * sorted by route and arrival; at most PLUGINS_BUDGET bytes of them
	 * in memory, the rest in sorted runs on a temporary file. */
	struct spill_sort *rules;
	size_t ning;
	size_t nkind[K__COUNT];		/* rules of each kind */
	/* --to ingress: the path keys of the header and cookie canaries and of
	 * the Ingresses with a rule (key_cmp's order), bounded as the rules */
	struct spill_sort *keys;
	size_t ncan;
	void (*flush)(void *);		/* delivers p->out's findings, or NULL */
	void *flush_ctx;
	/* The route of every Ingress planned (one with plugins written or not)
	 * whose namespace and name the index says another Ingress may have:
	 * a pool of 'FILE-NUMBER ROUTE\0' entries (the file's number in
	 * files[], 4 bytes), and a hash of them (1 + the pool offset, 0 empty),
	 * so that a second Ingress of a route is found. */
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *routes;
	size_t nroutes, nused;
	char **files;			/* the inputs Ingresses were planned in, owned */
	size_t nfiles;
	char *exists[K__COUNT];		/* the input has this WasmPlugin already: its file */
	struct pos seen[K__COUNT];	/* ... and where */
	char **rts;			/* --to gateway: "ns\001name\001route" (plugins_add_route) */
	size_t nrts, rtcap;
};

/* Bytes of records each store keeps in memory (debug builds: the
 * environment's I2H_PLUGIN_BUDGET, 0 writing every record as a run). */
static size_t budget(void)
{
	size_t b = PLUGINS_BUDGET;
#ifndef NDEBUG
	const char *e = getenv("I2H_PLUGIN_BUDGET");

	if (e && *e)
		b = (size_t)strtoull(e, NULL, 10);
#endif
	return b;
}

static int rule_cmp(const char *a, size_t an, const char *b, size_t bn);
static int key_cmp(const char *a, size_t an, const char *b, size_t bn);

struct plugins *plugins_new(const struct plugins_options *opt, struct findings *out)
{
	struct plugins *p = xcalloc(1, sizeof(*p));

	p->opt = opt;
	p->out = out;
	p->rules = spill_sort_new(rule_cmp, budget());
	p->keys = spill_sort_new(key_cmp, budget());
	return p;
}

void plugins_set_flush(struct plugins *p, void (*flush)(void *ctx), void *ctx)
{
	p->flush = flush;
	p->flush_ctx = ctx;
}

/* Records ----------------------------------------------------------------
 *
 * A rule record (p->rules) is the route with its NUL, the arrival order
 * (8 bytes) and the rest of struct ing as ing_write writes it: numbers in
 * 4 or 8 bytes of host order, strings as a 4-byte length + 1 (0 for
 * NULL) and their bytes. The annotations and path keys are not in it
 * (decided, or in p->keys). */

static void put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof(v));
}

static void put_u64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof(v));
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;

	put_u32(b, (uint32_t)n);
	if (n)
		buf_add(b, s, n);
}

static void put_strv(struct buf *b, char *const *v, size_t n)
{
	put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(b, v[i]);
}

/* A record being read: p up to end. */
struct rd {
	const char *p, *end;
};

/* Take n bytes of r (a record this module wrote: never short). */
static const char *take(struct rd *r, size_t n)
{
	const char *at = r->p;

	if ((size_t)(r->end - r->p) < n)
		abort();
	r->p += n;
	return at;
}

static uint32_t get_u32(struct rd *r)
{
	uint32_t v;

	memcpy(&v, take(r, sizeof(v)), sizeof(v));
	return v;
}

static uint64_t get_u64(struct rd *r)
{
	uint64_t v;

	memcpy(&v, take(r, sizeof(v)), sizeof(v));
	return v;
}

/* The next string of r, borrowed (NULL for none). */
static const char *peek_str(struct rd *r)
{
	uint32_t n = get_u32(r);

	return n ? take(r, n) : NULL;
}

/* The next string of r as a new one (caller frees), or NULL. */
static char *get_str(struct rd *r)
{
	const char *s = peek_str(r);

	return s ? xstrdup(s) : NULL;
}

static char **get_strv(struct rd *r, size_t *n)
{
	char **v;

	*n = get_u32(r);
	v = xmalloc((*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; i < *n; i++)
		v[i] = get_str(r);
	return v;
}

/* Append g's rule record to b (its route, order and what is written). */
static void ing_write(struct buf *b, const struct ing *g)
{
	buf_add(b, g->route, strlen(g->route) + 1);
	put_u64(b, g->order);
	put_str(b, g->file);
	put_str(b, g->ns);
	put_str(b, g->name);
	put_str(b, g->ns_written);
	put_u64(b, g->pos.line);
	put_u64(b, g->pos.column);
	put_u64(b, g->pos.start);
	put_u64(b, g->pos.end);
	put_str(b, g->realm);
	put_u32(b, g->basic);
	put_u32(b, (uint32_t)g->ncons);
	for (size_t i = 0; i < g->ncons; i++) {
		put_str(b, g->cons[i].name);
		put_str(b, g->cons[i].credential);
		put_u32(b, g->cons[i].user);
		put_u32(b, g->cons[i].sec);
		put_u32(b, g->cons[i].item);
	}
	put_strv(b, g->deny, g->ndeny);
	put_u32(b, g->ext != NULL);
	if (g->ext) {
		put_str(b, g->ext->fqdn);
		put_str(b, g->ext->path);
		put_str(b, g->ext->method);
		put_u64(b, (uint64_t)g->ext->port);
		put_u32(b, g->ext->https);
		put_strv(b, g->ext->resp, g->ext->nresp);
		put_str(b, g->ext->redirect);
	}
	put_u64(b, (uint64_t)g->rps);
	put_u64(b, (uint64_t)g->rpm);
	put_strv(b, g->allow, g->nallow);
	put_u32(b, g->limited);
	put_u32(b, (uint32_t)g->nrw);
	for (size_t i = 0; i < g->nrw; i++) {
		put_str(b, g->rw[i].regex);
		put_str(b, g->rw[i].replacement);
		put_str(b, g->rw[i].query_append);
		put_str(b, g->rw[i].query_template);
		put_u32(b, g->rw[i].brk);
	}
	put_strv(b, g->extra, g->nextra);
	put_u32(b, g->route_unused);
}

/* Fill g (zeroed first; ing_free frees) from the rule record rec[0..n). */
static void ing_read(struct ing *g, const char *rec, size_t n)
{
	struct rd r = { rec, rec + n };
	size_t len = strlen(rec) + 1;

	memset(g, 0, sizeof(*g));
	g->route = xstrdup(take(&r, len));
	g->order = (size_t)get_u64(&r);
	g->file = get_str(&r);
	g->ns = get_str(&r);
	g->name = get_str(&r);
	g->ns_written = get_str(&r);
	g->pos.line = (size_t)get_u64(&r);
	g->pos.column = (size_t)get_u64(&r);
	g->pos.start = (size_t)get_u64(&r);
	g->pos.end = (size_t)get_u64(&r);
	g->realm = get_str(&r);
	g->basic = get_u32(&r) != 0;
	g->ncons = get_u32(&r);
	g->cons = xcalloc(g->ncons ? g->ncons : 1, sizeof(*g->cons));
	for (size_t i = 0; i < g->ncons; i++) {
		g->cons[i].name = get_str(&r);
		g->cons[i].credential = get_str(&r);
		g->cons[i].user = get_u32(&r);
		g->cons[i].sec = get_u32(&r);
		g->cons[i].item = get_u32(&r);
	}
	g->deny = get_strv(&r, &g->ndeny);
	if (get_u32(&r)) {
		g->ext = xcalloc(1, sizeof(*g->ext));
		g->ext->fqdn = get_str(&r);
		g->ext->path = get_str(&r);
		g->ext->method = get_str(&r);
		g->ext->port = (long)get_u64(&r);
		g->ext->https = get_u32(&r) != 0;
		g->ext->resp = get_strv(&r, &g->ext->nresp);
		g->ext->redirect = get_str(&r);
	}
	g->rps = (long)get_u64(&r);
	g->rpm = (long)get_u64(&r);
	g->allow = get_strv(&r, &g->nallow);
	g->limited = get_u32(&r) != 0;
	g->nrw = get_u32(&r);
	g->rw = xcalloc(g->nrw ? g->nrw : 1, sizeof(*g->rw));
	for (size_t i = 0; i < g->nrw; i++) {
		g->rw[i].regex = get_str(&r);
		g->rw[i].replacement = get_str(&r);
		g->rw[i].query_append = get_str(&r);
		g->rw[i].query_template = get_str(&r);
		g->rw[i].brk = get_u32(&r) != 0;
	}
	g->extra = get_strv(&r, &g->nextra);
	g->route_unused = get_u32(&r) != 0;
}

/* The route of a rule record, and its order. */
static uint64_t rule_order(const char *rec)
{
	uint64_t o;

	memcpy(&o, rec + strlen(rec) + 1, sizeof(o));
	return o;
}

/* Rule records (and pair records, which start the same): by route, then
 * by order. */
static int rule_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = strcmp(a, b);
	uint64_t x, y;

	(void)an;
	(void)bn;
	if (c)
		return c;
	x = rule_order(a);
	y = rule_order(b);
	return (x > y) - (x < y);
}

/* Key records (p->keys): "host\001path" with its NUL, then 'C' and a
 * canary's route, namespace and name, or 'P' and the route and order of
 * an Ingress with a rule and the path's number (4 bytes). By key, then
 * canaries first, in arrival order (the sort is stable). */
static int key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = strcmp(a, b);

	(void)an;
	(void)bn;
	if (c)
		return c;
	return (unsigned char)a[strlen(a) + 1] - (unsigned char)b[strlen(b) + 1];
}

/* Wipe and free taken hashes (NULL is fine). */
static void secret_free(struct secret *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		index_wipe(s->vals[i]);
	}
	for (size_t i = 0; i < s->nlines; i++)
		index_wipe(s->lines[i]);
	free(s->keys);
	free(s->vals);
	free(s->lines);
	free(s);
}

static void ext_free(struct ext *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->nresp; i++)
		free(e->resp[i]);
	free(e->resp);
	free(e->fqdn);
	free(e->path);
	free(e->method);
	free(e->redirect);
	free(e);
}

/* Free the n strings of v and v. */
static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free g's annotation copies (g itself stays). */
static void ann_free(struct ing *g)
{
	for (size_t j = 0; j < g->nann; j++) {
		free(g->ann[j].key);
		free(g->ann[j].value);
	}
	free(g->ann);
	g->ann = NULL;
	g->nann = 0;
}

/* Free what g owns (g itself stays); credentials are wiped. */
static void ing_free(struct ing *g)
{
	ann_free(g);
	for (size_t j = 0; j < g->ncons; j++) {
		free(g->cons[j].name);
		index_wipe(g->cons[j].credential);
	}
	for (size_t j = 0; j < g->ndeny; j++)
		free(g->deny[j]);
	ext_free(g->ext);
	for (size_t j = 0; j < g->nallow; j++)
		free(g->allow[j]);
	free(g->allow);
	free(g->cons);
	free(g->deny);
	free(g->realm);
	free(g->file);
	free(g->ns);
	free(g->ns_written);
	free(g->name);
	free(g->route);
	strv_free(g->paths, g->npaths);
	for (size_t j = 0; j < g->nrw; j++)
		conv_rw_free(&g->rw[j]);
	free(g->rw);
	free(g->rw_why);
	free(g->rw_snip_why);
	strv_free(g->keys, g->nkeys);
	strv_free(g->extra, g->nextra);
}

void plugins_free(struct plugins *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; p->taken && i < p->nix; i++)
		secret_free(p->taken[i]);
	free(p->taken);
	free(p->secs);
	free(p->sflags);
	spill_sort_free(p->rules);
	spill_sort_free(p->keys);
	free(p->routes);
	free(p->pool);
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	for (int k = 0; k < K__COUNT; k++)
		free(p->exists[k]);
	strv_free(p->rts, p->nrts);
	free(p);
}

/* Append the base64 encoding of s to b. */
static void b64_encode(struct buf *b, const char *s)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)(unsigned char)s[i] << 16 | (unsigned)(unsigned char)s[i + 1] << 8 |
			     (unsigned char)s[i + 2];
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, tab[v >> 6 & 63]);
		buf_addc(b, tab[v & 63]);
	}
	if (n - i == 1) {
		unsigned v = (unsigned)(unsigned char)s[i] << 16;
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		unsigned v = (unsigned)(unsigned char)s[i] << 16 | (unsigned)(unsigned char)s[i + 1] << 8;
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, tab[v >> 6 & 63]);
		buf_addc(b, '=');
	}
}

/* The namespace of index Secret s as findings and references name it. */
static const char *sec_ns(const struct plugins *p, const struct index_secret *s)
{
	return s->ns ? index_str(p->ix, s->ns) : "default";
}

/* The index Secret ns/name that may hold credentials (the last of
 * several, as kubectl apply would leave it), or -1. */
static long find_secret(const struct plugins *p, const char *ns, const char *name)
{
	return index_secret_lookup(p->ix, p->secs, p->nsecs, ns, name);
}

void plugins_use_index(struct plugins *p, const struct index *ix)
{
	size_t n = index_nsecrets(ix);

	p->ix = ix;
	p->nix = n;
	p->sflags = xcalloc(n ? n : 1, 1);
	p->taken = xcalloc(n ? n : 1, sizeof(*p->taken));
	p->secs = index_secrets_sorted(ix, 0, IXS_NO_CREDENTIALS, &p->nsecs);
	for (size_t i = 0; i < index_nsecret_refs(ix); i++) {
		const struct index_secret_ref *r = index_secret_ref_at(ix, i);
		const char *ns = r->ns ? index_str(ix, r->ns) : r->ingress_ns ? index_str(ix, r->ingress_ns) : "default";
		long s = find_secret(p, ns, index_str(ix, r->name));
		if (s >= 0)
			p->sflags[s] |= SF_WANTED;
	}
}

/* A WasmPlugin of the input with the name of one this emitter writes:
 * remembered, so that converting the output again adds no second one. */
static void existing_plugin(struct plugins *p, struct stream *st, struct node *obj, const char *ns,
			    const char *name)
{
	for (int k = 0; k < K__COUNT; k++) {
		char *want = xasprintf("ingress2higress-%s", kinds[k].plugin);
		if (strcmp(name, want) == 0 && ns && strcmp(ns, p->opt->ns) == 0 && !p->exists[k]) {
			p->exists[k] = xstrdup(stream_name(st));
			p->seen[k] = obj->pos;
		}
		free(want);
	}
}

/* Is the value (flags IXV_*) a hash basic-auth (encrypted: true) checks? */
static bool hash_usable(uint32_t flags)
{
	return (flags & (IXV_BAD | IXV_EMPTY | IXV_PLAIN | IXV_CHARS)) == IXV_CHARS;
}

/* Keep value v of key k (taken; a later one replaces an earlier one). */
static void take_value(struct secret *s, const char *k, char *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], k) == 0) {
			index_wipe(s->vals[i]);
			s->vals[i] = v;
			return;
		}
	if (s->n == s->cap) {
		size_t cap = s->cap;
		grow_array((void **)&s->keys, &cap, s->n + 1, sizeof(*s->keys));
		grow_array((void **)&s->vals, &s->cap, s->n + 1, sizeof(*s->vals));
	}
	s->keys[s->n] = xstrdup(k);
	s->vals[s->n++] = v;
}

/* The hashes of the 'auth' lines of text, one per line the index counts
 * (NULL for a {PLAIN}, empty or colon-less one), replacing earlier ones. */
static void take_lines(struct secret *s, const char *text)
{
	const char *p = text, *line;
	size_t len, ulen;

	for (size_t i = 0; i < s->nlines; i++)
		index_wipe(s->lines[i]);
	s->nlines = 0;
	while (index_htpasswd_next(&p, &line, &len, &ulen)) {
		uint32_t f = ulen < len ? index_hash_flags(line + ulen + 1, len - ulen - 1) : IXV_NOCOLON;
		s->lines = xrealloc(s->lines, (s->nlines + 1) * sizeof(*s->lines));
		s->lines[s->nlines++] = f & (IXV_NOCOLON | IXV_EMPTY | IXV_PLAIN) ? NULL
					: xstrndup(line + ulen + 1, len - ulen - 1);
	}
}

/* Take the hashes of a data (base64) or stringData mapping. */
static void take_hashes(struct plugins *p, struct secret *s, struct node *obj, const char *field, bool b64)
{
	struct node *m = node_lookup(obj, field, NULL, NULL);

	if (m == NULL || m->type != N_MAPPING)
		return;
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		struct node *k = m->kids[i], *v = m->kids[i + 1];
		char *val;
		if (k->type != N_SCALAR || v->type != N_SCALAR)
			continue;
		val = b64 ? index_b64_decode(v->value, strlen(v->value)) : xstrdup(v->value);
		if (val == NULL)
			continue;
		if (strcmp(k->value, "auth") == 0)
			take_lines(s, val);
		if (p->opt->inline_credentials && hash_usable(index_hash_flags(val, strlen(val))))
			take_value(s, k->value, val);
		else
			index_wipe(val);
	}
}

void plugins_add_object(struct plugins *p, struct stream *st, struct node *obj)
{
	struct node *md;
	const char *name, *ns;
	const struct index_secret *is;
	long s;

	if (obj->type != N_MAPPING || (md = node_lookup(obj, "metadata", NULL, NULL)) == NULL ||
	    md->type != N_MAPPING || (name = node_get_str(md, "name")) == NULL)
		return;
	ns = node_get_str(md, "namespace");
	if (node_is(node_get(obj, "kind"), "WasmPlugin")) {
		existing_plugin(p, st, obj, ns, name);
		return;
	}
	if (!node_is(node_get(obj, "kind"), "Secret") || p->ix == NULL ||
	    (s = find_secret(p, ns ? ns : "default", name)) < 0 || !(p->sflags[s] & SF_WANTED))
		return;
	is = index_secret_at(p->ix, (size_t)s);
	/* the object the index judged (the last of its name), and only its hashes */
	if (is->line != obj->pos.line || is->col != obj->pos.column ||
	    strcmp(index_str(p->ix, is->file), stream_name(st)) != 0)
		return;
	secret_free(p->taken[s]);
	p->taken[s] = xcalloc(1, sizeof(*p->taken[s]));
	take_hashes(p, p->taken[s], obj, "data", true);
	take_hashes(p, p->taken[s], obj, "stringData", false);
}

static const struct ann *ann_get(const struct ing *g, const char *key)
{
	for (size_t i = 0; i < g->nann; i++)
		if (strcmp(g->ann[i].key, key) == 0)
			return &g->ann[i];
	return NULL;
}

/* The scalar value of annotation prefix/key of ing, or NULL. */
static const char *ing_ann(const struct ingress *ing, const char *prefix, const char *key)
{
	size_t plen = strlen(prefix);
	const char *v = NULL;

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' && k[plen + 1] == key[0] &&
		    strcmp(k + plen + 1, key) == 0 && ing->ann[i].vscalar)
			v = ing->ann[i].value;
	}
	return v;
}

/* "host\001path" of each path of ing (allocated). */
static char **path_keys(const struct ingress *ing, size_t *n)
{
	char **v = xmalloc((ing->npaths ? ing->npaths : 1) * sizeof(*v));

	for (size_t i = 0; i < ing->npaths; i++)
		v[i] = xasprintf("%s\001%s", ing->paths[i].host ? ing->paths[i].host : "",
				 ing->paths[i].path && *ing->paths[i].path ? ing->paths[i].path : "/");
	*n = ing->npaths;
	return v;
}

/* --to ingress, canaries (ingress-nginx.md §7.4): nginx serves a canary's
 * traffic in its primary's location, with the primary's annotations (the
 * canary's own are ignored); Higress makes a canary by header or cookie a
 * route of its own, named after the canary Ingress, so the primary's
 * plugin rules must name that route too (higress-plugins.md §1.3). A
 * canary by weight alone joins the primary's route. Remember the paths of
 * g (an Ingress with plugin work) and of every header or cookie canary. */
static void add_canary_facts(struct plugins *p, struct ing *g, const struct ingress *ing, const char *prefix)
{
	const char *on = ing_ann(ing, prefix, "canary"), *h = ing_ann(ing, prefix, "canary-by-header"),
		   *c = ing_ann(ing, prefix, "canary-by-cookie");
	bool canary = on && conv_go_bool(on) == 1;
	const char *ns = ing->ns ? ing->ns : "default";
	char *route;
	struct buf b = {0};

	if (g) {
		g->canary = canary;
		if (!canary && !p->opt->gateway)
			g->keys = path_keys(ing, &g->nkeys);
	}
	/* --to gateway: the primary's HTTPRoute carries the canary's matches */
	if (p->opt->gateway || !canary || ((h == NULL || *h == '\0') && (c == NULL || *c == '\0')))
		return;
	route = strcmp(ns, p->opt->ns) == 0 ? xstrdup(ing->name) : xasprintf("%s/%s", ns, ing->name);
	for (size_t i = 0; i < ing->npaths; i++) {
		b.len = 0;
		buf_printf(&b, "%s\001%s", ing->paths[i].host ? ing->paths[i].host : "",
			   ing->paths[i].path && *ing->paths[i].path ? ing->paths[i].path : "/");
		buf_addc(&b, '\0');
		buf_addc(&b, 'C');
		put_u32(&b, (uint32_t)p->ncan);
		put_str(&b, route);
		put_str(&b, ns);
		put_str(&b, ing->name);
		spill_sort_add(p->keys, b.data, b.len);
	}
	p->ncan++;
	free(route);
	buf_free(&b);
}

static const char *const covered[] = {
	"auth-type", "auth-secret", "auth-secret-type", "auth-realm", "denylist-source-range",
	"auth-url", "auth-method", "auth-response-headers", "auth-request-redirect",
	"limit-rps", "limit-rpm", "limit-burst-multiplier", "limit-allowlist", "limit-whitelist",
	"rewrite-target", "configuration-snippet", "server-snippet",
};

/* The annotations of ing a plugin may cover, into a new record (NULL
 * when it has none, or no name to match). */
static struct ing *collect(struct plugins *p, struct stream *st, const struct ingress *ing, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct ing *g = NULL;

	if (ing->name == NULL)
		return NULL;	/* no route name to match: nothing can be emitted */
	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, prefix, plen) != 0 || k[plen] != '/' || ing->ann[i].vscalar == NULL)
			continue;
		for (size_t c = 0; c < sizeof(covered) / sizeof(covered[0]); c++) {
			const char *name = k + plen + 1;
			struct ann *a;
			if (name[0] != covered[c][0] || strcmp(name, covered[c]) != 0)
				continue;
			if (g == NULL) {
				const char *ns = ing->ns ? ing->ns : "default";
				g = xcalloc(1, sizeof(*g));
				g->file = xstrdup(stream_name(st));
				g->ns = xstrdup(ns);
				g->ns_written = ing->ns ? xstrdup(ing->ns) : NULL;
				g->name = xstrdup(ing->name);
				g->route = strcmp(ns, p->opt->ns) == 0 ? xstrdup(g->name)
								       : xasprintf("%s/%s", ns, g->name);
				g->pos = ing->obj->pos;
			}
			g->ann = xrealloc(g->ann, (g->nann + 1) * sizeof(*g->ann));
			a = &g->ann[g->nann++];
			a->key = xstrdup(covered[c]);
			a->value = xstrdup(ing->ann[i].value);
			a->pos = ing->ann[i].knode->pos;
			break;	/* the names are distinct */
		}
	}
	if (g && p->opt->gateway && ann_get(g, "rewrite-target")) {
		g->paths = xmalloc((ing->npaths ? ing->npaths : 1) * sizeof(*g->paths));
		for (size_t i = 0; i < ing->npaths; i++)
			g->paths[g->npaths++] = xstrdup(ing->paths[i].path && *ing->paths[i].path
								? ing->paths[i].path : "/");
	}
	add_canary_facts(p, g, ing, prefix);
	return g;
}

/* s without leading and trailing blanks, as a new string (caller frees). */
static char *trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

/* An object-level finding about Ingress g (or, with sec >= 0, about that
 * index Secret). */
static void note(struct plugins *p, const struct ing *g, long sec, enum status status, enum severity sev,
		 const char *rule, const char *msg, const char *fix)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	if (sec >= 0) {
		const struct index_secret *s = index_secret_at(p->ix, (size_t)sec);
		f.file = index_str(p->ix, s->file);
		f.pos.line = s->line;
		f.pos.column = s->col;
		f.kind = "Secret";
		f.ns = sec_ns(p, s);
		f.name = index_str(p->ix, s->name);
	} else {
		f.file = g->file;
		f.pos = g->pos;
		f.kind = "Ingress";
		f.ns = g->ns_written;
		f.name = g->name;
	}
	f.status = status;
	f.severity = sev;
	f.rule = rule;
	f.message = msg;
	f.fix = fix;
	findings_add(p->out, &f);
}

/* Can s be a Secret data key and the key part of '${secret.NS/NAME.KEY}'? */
static bool key_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 253)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

/* A header name: an HTTP token. */
static bool token_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("!#$%&'*+-.^_`|~", *s)))
			return false;
	return true;
}

/* Printable ASCII without blanks (a URL path or header value as written). */
static bool printable(const char *s, bool spaces)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e || (!spaces && *s == ' '))
			return false;
	return true;
}

/* A consumer of g: credential (taken) is the reference, or NULL when the
 * hash is inlined at finish. */
static struct consumer *add_consumer(struct ing *g, const char *user, char *credential)
{
	struct consumer *c;

	g->cons = xrealloc(g->cons, (g->ncons + 1) * sizeof(*g->cons));
	c = &g->cons[g->ncons++];
	memset(c, 0, sizeof(*c));
	c->name = xasprintf("%s-%s-%s", g->ns, g->name, user);
	c->credential = credential;
	return c;
}

/* A refused user of Secret sec: an error finding (no Secret data in it). */
static void refuse_user(struct plugins *p, struct ing *g, long sec, const char *user, const char *why,
			const char *fix)
{
	const struct index_secret *s = index_secret_at(p->ix, (size_t)sec);
	char *msg = xasprintf("user '%s' of Secret '%s/%s' %s: left out of the basic-auth consumers of Ingress "
			      "'%s/%s', so it cannot log in", user, sec_ns(p, s), index_str(p->ix, s->name), why,
			      g->ns, g->name);
	note(p, g, sec, ST_PARTIAL, SEV_ERROR, R_USER_REFUSED, msg, fix);
	free(msg);
	g->basic_partial = true;
}

/* s with every '.' made '-' (allocated). */
static char *undotted(const char *s)
{
	char *d = xstrdup(s);

	for (char *c = d; *c; c++)
		if (*c == '.')
			*c = '-';
	return d;
}

/* The name of the auth-map Secret derived from auth-file Secret sec of
 * the index (a new string, caller frees): '<name>-auth-map' with '.' made
 * '-' (Higress's '${secret...}' reference cannot name a Secret with '.').
 * When another Secret of the namespace that may hold credentials differs
 * only there ('a.b' beside 'a-b'), the name of a dotted one gets '-' and 8
 * hex digits of FNV-1a of its own name: unique, and the same whatever the
 * input order; *clash says so. */
static char *derived_name(const struct plugins *p, uint32_t sec, bool *clash)
{
	const struct index_secret *s = index_secret_at(p->ix, sec);
	const char *name = index_str(p->ix, s->name), *ns = sec_ns(p, s);
	char *base = undotted(name), *d;
	unsigned long h = 2166136261UL;

	*clash = false;
	for (size_t i = 0; i < p->nsecs && !*clash && strchr(name, '.'); i++) {
		const struct index_secret *t = index_secret_at(p->ix, p->secs[i]);
		const char *tn = index_str(p->ix, t->name);
		char *u;
		if (strcmp(sec_ns(p, t), ns) != 0 || strcmp(tn, name) == 0)
			continue;
		u = undotted(tn);
		*clash = strcmp(u, base) == 0;
		free(u);
	}
	if (!*clash) {
		d = xasprintf("%s-auth-map", base);
	} else {
		for (const char *c = name; *c; c++)
			h = ((h ^ (unsigned char)*c) * 16777619UL) & 0xffffffffUL;
		d = xasprintf("%s-auth-map-%08lx", base, h);
	}
	free(base);
	return d;
}

/* One user uid of Secret sec for Ingress g, its hash judged by flags
 * (IXV_*): inlined (at finish, from line item, or the key uid for
 * UINT32_MAX), referenced in Secret ref of sec's namespace (sec itself,
 * or the auth-map one derived from it), or refused. */
static void take_user(struct plugins *p, struct ing *g, long sec, const char *ref, istr uid, uint32_t flags,
		      uint32_t item)
{
	const struct index_secret *s = index_secret_at(p->ix, (size_t)sec);
	const char *user = index_str(p->ix, uid);

	if (flags & IXV_PLAIN) {
		refuse_user(p, g, sec, user, "has a '{PLAIN}' password",
			    "hash it: htpasswd -nB USER (a plaintext password is never copied)");
		return;
	}
	if (*user == '\0' || strchr(user, ':') || !hash_usable(flags)) {
		refuse_user(p, g, sec, user, "is not a 'user:hash' entry", "write the entry as htpasswd prints it");
		return;
	}
	if (p->opt->inline_credentials) {
		struct consumer *c = add_consumer(g, user, NULL);
		c->user = uid;
		c->sec = (uint32_t)sec;
		c->item = item;
		return;
	}
	if (!key_ok(user) || strchr(ref, '.')) {
		refuse_user(p, g, sec, user,
			    strchr(ref, '.') ? "is in a Secret whose name has a '.', which Higress's "
					       "'${secret...}' reference cannot name"
					     : "has a name that cannot be a Secret key",
			    "rename it, or pass --inline-credentials to copy its hash into the WasmPlugin");
		return;
	}
	add_consumer(g, user, xasprintf("%s:${secret.%s/%s.%s}", user, sec_ns(p, s), ref, user));
}

/* auth-file: the htpasswd lines of the 'auth' key. */
static void users_of_file(struct plugins *p, struct ing *g, long sec)
{
	const struct index_secret *s = index_secret_at(p->ix, (size_t)sec);
	char *ref = NULL;

	if (!(s->flags & IXS_AUTH)) {
		char *msg = xasprintf("Secret '%s/%s' has no 'auth' key (auth-secret-type auth-file): no basic-auth "
				      "consumers for Ingress '%s/%s'", sec_ns(p, s), index_str(p->ix, s->name), g->ns,
				      g->name);
		note(p, g, sec, ST_UNSUPPORTED, SEV_ERROR, R_SECRET_UNUSABLE, msg,
		     "put the htpasswd file under the key 'auth', or set auth-secret-type: auth-map");
		free(msg);
		return;
	}
	if (!p->opt->inline_credentials) {
		bool clash;
		p->sflags[sec] |= SF_DERIVE;
		ref = derived_name(p, (uint32_t)sec, &clash);
		if (clash && !(p->sflags[sec] & SF_NAMED)) {
			char *msg = xasprintf("the auth-map Secret derived from it is named '%s': another Secret of "
					      "namespace '%s' has a name that differs only by '-' for '.', and would "
					      "derive the same name without the suffix", ref, sec_ns(p, s));
			p->sflags[sec] |= SF_NAMED;
			note(p, g, sec, ST_CONVERTED, SEV_WARNING, R_SECRET_NAME, msg,
			     "rename one of the two Secrets if the suffix is unwanted");
			free(msg);
		}
	}
	for (uint32_t i = 0; i < s->nusers; i++) {
		const struct index_secret_key *u = index_secret_user_at(p->ix, s->first_user + i);
		if (u->flags & IXV_NOCOLON) {
			refuse_user(p, g, sec, "(a line without ':')", "is not a 'user:hash' entry",
				    "write the entry as htpasswd prints it");
			continue;
		}
		take_user(p, g, sec, ref, u->name, u->flags, i);
	}
	free(ref);
}

/* auth-map: one user per key. */
static void users_of_map(struct plugins *p, struct ing *g, long sec)
{
	const struct index_secret *s = index_secret_at(p->ix, (size_t)sec);

	for (uint32_t i = 0; i < s->nkeys; i++) {
		const struct index_secret_key *k = index_secret_key_at(p->ix, s->first_key + i);
		if (k->flags & IXV_BAD)
			continue;	/* not a value: as if the key were not there */
		take_user(p, g, sec, index_str(p->ix, s->name), k->name, k->flags, UINT32_MAX);
	}
}

/* basic auth of Ingress g: consumers from its Secret, or a finding why
 * not. Returns the index Secret read, or -1. */
static long plan_basic(struct plugins *p, struct ing *g)
{
	const struct ann *type = ann_get(g, "auth-type"), *sec = ann_get(g, "auth-secret"),
			 *stype = ann_get(g, "auth-secret-type"), *realm = ann_get(g, "auth-realm");
	char *t, *ref, *ns, *name, *slash;
	bool map;
	long s;

	if (type == NULL)
		return -1;
	t = trimmed(type->value);
	if (strcmp(t, "basic") != 0 || sec == NULL) {
		free(t);
		return -1;	/* digest, or no Secret: the rule table's findings stand */
	}
	free(t);
	t = stype ? trimmed(stype->value) : xstrdup("auth-file");
	map = strcmp(t, "auth-map") == 0;
	if (!map && strcmp(t, "auth-file") != 0) {
		free(t);
		return -1;
	}
	free(t);
	ref = trimmed(sec->value);
	slash = strchr(ref, '/');
	ns = slash ? xstrndup(ref, (size_t)(slash - ref)) : xstrdup(g->ns);
	name = xstrdup(slash ? slash + 1 : ref);
	s = p->ix ? find_secret(p, ns, name) : -1;
	if (s < 0) {
		char *msg = xasprintf("Secret '%s/%s' of Ingress '%s/%s' is not in the input: no basic-auth plugin "
				      "is written for it, and the route is served without authentication",
				      ns, name, g->ns, g->name);
		char *fix = xasprintf("add the output of 'kubectl get secret -n %s %s -o yaml' to the input", ns, name);
		note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_SECRET_MISSING, msg, fix);
		free(msg);
		free(fix);
	} else {
		if (map)
			users_of_map(p, g, s);
		else
			users_of_file(p, g, s);
		if (g->ncons == 0) {
			char *msg = xasprintf("no usable user in Secret '%s/%s': no basic-auth plugin is written for "
					      "Ingress '%s/%s' (one without consumers would be rejected), and the route "
					      "is served without authentication", ns, name, g->ns, g->name);
			note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_SECRET_UNUSABLE, msg,
			     "fix the users the findings on the Secret name");
			free(msg);
		} else {
			g->basic = true;
			g->realm = realm ? xstrdup(realm->value) : NULL;
		}
	}
	free(ref);
	free(ns);
	free(name);
	return s;
}
/* Is s an IPv4 or IPv6 address, or a CIDR of one? */
static bool cidr_ok(const char *s)
{
	unsigned char addr[16];
	const char *slash = strchr(s, '/');
	char *host = slash ? xstrndup(s, (size_t)(slash - s)) : xstrdup(s);
	bool v6 = strchr(host, ':') != NULL, ok;

	ok = inet_pton(v6 ? AF_INET6 : AF_INET, host, addr) == 1;
	if (ok && slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		ok = slash[1] >= '0' && slash[1] <= '9' && *end == '\0' && bits >= 0 && bits <= (v6 ? 128 : 32);
	}
	free(host);
	return ok;
}

/* denylist-source-range of Ingress g: the ranges, all valid, or none. */
static void plan_deny(struct ing *g)
{
	const struct ann *a = ann_get(g, "denylist-source-range");
	const char *s;

	if (a == NULL)
		return;
	for (s = a->value; *s;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char *item = xstrndup(s, len), *t = trimmed(item);
		free(item);
		s += len + (comma != NULL);
		if (*t == '\0') {
			free(t);
			continue;
		}
		if (!cidr_ok(t)) {
			free(t);
			goto bad;	/* an invalid list: its finding says so; nothing is emitted */
		}
		g->deny = xrealloc(g->deny, (g->ndeny + 1) * sizeof(*g->deny));
		g->deny[g->ndeny++] = t;
	}
	return;
bad:
	for (size_t i = 0; i < g->ndeny; i++)
		free(g->deny[i]);
	free(g->deny);
	g->deny = NULL;
	g->ndeny = 0;
}

static char *object_name(const struct plugins *p, int k)
{
	return xasprintf("%s/ingress2higress-%s", p->opt->ns, kinds[k].plugin);
}

/* auth-url as a Service of the cluster, the form ext-auth can call:
 * http[s]://SVC.NS.svc[.cluster.local][:PORT][/PATH][?QUERY]. Returns a
 * new ext (free with ext_free), or NULL with *why (static text). */
static struct ext *parse_auth_url(const char *url, const char **why)
{
	char *u = trimmed(url), *host = NULL, *svc = NULL, *ns = NULL;
	const char *h, *end, *colon, *dot1, *dot2;
	struct ext *e = NULL;
	long port;

	*why = NULL;
	if (strchr(u, '$'))
		*why = "it uses nginx variables, which ext-auth cannot expand";
	else if (!str_has_prefix(u, "http://") && !str_has_prefix(u, "https://"))
		*why = "it is not an http or https URL";
	if (*why)
		goto out;
	h = u + (u[4] == 's' ? 8 : 7);
	end = h + strcspn(h, "/?#");
	host = xstrndup(h, (size_t)(end - h));
	colon = strchr(host, ':');
	port = u[4] == 's' ? 443 : 80;
	if (colon) {
		char *pe;
		port = strtol(colon + 1, &pe, 10);
		if (colon[1] < '0' || colon[1] > '9' || *pe != '\0' || port < 1 || port > 65535) {
			*why = "its port is not a number from 1 to 65535";
			goto out;
		}
		host[colon - host] = '\0';
	}
	dot1 = strchr(host, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (dot1 == NULL || dot2 == NULL || dot1 == host || dot2 == dot1 + 1 ||
	    (strcmp(dot2, ".svc") != 0 && strcmp(dot2, ".svc.cluster.local") != 0)) {
		*why = "its host is not a Service of the cluster ('SVC.NAMESPACE.svc'): ext-auth reaches other hosts "
		       "only through an McpBridge service";
		goto out;
	}
	svc = xstrndup(host, (size_t)(dot1 - host));
	ns = xstrndup(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	e = xcalloc(1, sizeof(*e));
	e->fqdn = xasprintf("%s.%s.svc.cluster.local", svc, ns);
	e->port = port;
	e->https = u[4] == 's';
	e->path = *end == '/' ? xstrndup(end, strcspn(end, "#")) : xasprintf("/%.*s", (int)strcspn(end, "#"), end);
	if (!printable(e->path, false) || strchr(end, '#')) {
		*why = "its path has a fragment, a blank or a control character";
		ext_free(e);
		e = NULL;
	}
out:
	free(u);
	free(host);
	free(svc);
	free(ns);
	return e;
}

/* Split a comma-separated list into trimmed, non-empty items (owned). */
static void split_list(const char *s, char ***v, size_t *n)
{
	while (*s) {
		size_t len = strcspn(s, ",");
		char *item = xstrndup(s, len), *t = trimmed(item);
		free(item);
		s += len + (s[len] == ',');
		if (*t == '\0') {
			free(t);
			continue;
		}
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = t;
	}
}

static bool method_ok(const char *m)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT",
					       "OPTIONS", "TRACE" };

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(m, methods[i]) == 0)
			return true;
	return false;
}

/* External auth of Ingress g: the ext-auth config, or a finding why not. */
static void plan_ext(struct plugins *p, struct ing *g)
{
	const struct ann *url = ann_get(g, "auth-url"), *method = ann_get(g, "auth-method"),
			 *resp = ann_get(g, "auth-response-headers"), *redir = ann_get(g, "auth-request-redirect");
	const char *why;

	if (url == NULL)
		return;
	g->ext = parse_auth_url(url->value, &why);
	if (g->ext == NULL) {
		char *msg = xasprintf("no ext-auth plugin is written for 'auth-url' of Ingress '%s/%s': %s; the route is "
				      "served without external auth", g->ns, g->name, why);
		note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_AUTH_URL, msg,
		     "point 'auth-url' at the auth Service as http://SVC.NAMESPACE.svc[:PORT]/PATH, or write the "
		     "ext-auth WasmPlugin by hand");
		free(msg);
		return;
	}
	g->ext->method = method ? trimmed(method->value) : xstrdup("GET");
	if (resp)
		split_list(resp->value, &g->ext->resp, &g->ext->nresp);
	if (redir) {
		char *t = trimmed(redir->value);
		if (*t)
			g->ext->redirect = t;
		else
			free(t);
	}
	why = NULL;
	if (!method_ok(g->ext->method))
		why = "'auth-method' is not an HTTP method";
	for (size_t i = 0; why == NULL && i < g->ext->nresp; i++)
		if (!token_ok(g->ext->resp[i]))
			why = "'auth-response-headers' holds a name that is not a header name";
	if (why == NULL && g->ext->redirect && !printable(g->ext->redirect, true))
		why = "'auth-request-redirect' holds a control character";
	if (why) {
		/* ingress-nginx rejects such values too: nothing is carried */
		char *msg = xasprintf("no ext-auth plugin is written for Ingress '%s/%s': %s", g->ns, g->name, why);
		note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_AUTH_URL, msg, "fix the value");
		free(msg);
		ext_free(g->ext);
		g->ext = NULL;
	}
}

/* A positive decimal limit, or 0. */
static long limit_value(const struct ann *a)
{
	char *t, *end;
	long v;

	if (a == NULL)
		return 0;
	t = trimmed(a->value);
	v = strtol(t, &end, 10);
	if (*t < '0' || *t > '9' || *end != '\0' || v <= 0)
		v = 0;
	free(t);
	return v;
}

/* Per-client-IP limits of Ingress g: a cluster-key-rate-limit rule when
 * --redis-service names Redis, else the findings say to add it. */
static void plan_limit(struct plugins *p, struct ing *g)
{
	const struct ann *al = ann_get(g, "limit-allowlist");

	g->rps = limit_value(ann_get(g, "limit-rps"));
	g->rpm = limit_value(ann_get(g, "limit-rpm"));
	if (al == NULL)
		al = ann_get(g, "limit-whitelist");
	if ((g->rps == 0 && g->rpm == 0) || p->opt->redis == NULL)
		return;
	if (al) {
		split_list(al->value, &g->allow, &g->nallow);
		for (size_t i = 0; i < g->nallow; i++)
			if (!cidr_ok(g->allow[i])) {
				char *msg = xasprintf("'limit-allowlist' of Ingress '%s/%s' is not a list of addresses "
						      "and ranges: no rate-limit plugin is written for it", g->ns, g->name);
				note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_RATE_LIMIT, msg, "fix the list");
				free(msg);
				return;
			}
	}
	g->limited = true;
}

/* Has ing a valid limit-rps or limit-rpm (so a rate-limit rule)? */
static bool has_limit(const struct ingress *ing, const char *prefix)
{
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		struct ann a = { .value = (char *)ing->ann[i].value };
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' &&
		    (strcmp(k + plen + 1, "limit-rps") == 0 || strcmp(k + plen + 1, "limit-rpm") == 0) &&
		    limit_value(&a) > 0)
			return true;
	}
	return false;
}

/* Is ing's auth-type 'basic'? */
static bool basic_type(const struct ingress *ing, const char *prefix)
{
	size_t plen = strlen(prefix);
	bool basic = false;

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' && strcmp(k + plen + 1, "auth-type") == 0) {
			char *t = trimmed(ing->ann[i].value);
			basic = strcmp(t, "basic") == 0;
			free(t);
		}
	}
	return basic;
}

static bool snippet_rw(const char *v, struct ing *g, char **why);

/* Has ing a rewrite-target that is not empty? */
static bool has_target(const struct ingress *ing, const char *prefix)
{
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key, *v = ing->ann[i].value;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' && strcmp(k + plen + 1, "rewrite-target") == 0 &&
		    v[strspn(v, " \t")] != '\0')
			return true;
	}
	return false;
}

char *plugins_comment(const struct plugins *p, const struct ingress *ing, const char *prefix, size_t i)
{
	const char *key = ing->ann[i].key + strlen(prefix) + 1, *value = ing->ann[i].value;
	char *name = NULL, *msg = NULL;
	const char *on = ing_ann(ing, prefix, "canary");

	if (on && conv_go_bool(on) == 1) {
		for (size_t c = 0; c < sizeof(covered) / sizeof(covered[0]); c++)
			if (strcmp(key, covered[c]) == 0)
				return xstrdup("ignored on a canary Ingress by ingress-nginx too, which applies the primary "
					       "Ingress's annotations to canary traffic");
		return NULL;
	}
	if (strcmp(key, "denylist-source-range") == 0) {
		struct ing g;
		struct ann a = { .key = (char *)"denylist-source-range", .value = (char *)value };
		memset(&g, 0, sizeof(g));
		g.ann = &a;
		g.nann = 1;
		plan_deny(&g);
		if (g.ndeny == 0)
			return NULL;
		for (size_t d = 0; d < g.ndeny; d++)
			free(g.deny[d]);
		free(g.deny);
		name = object_name(p, K_IP_DENY);
		msg = xasprintf("the ranges are denied by WasmPlugin '%s'", name);
	} else if (strcmp(key, "auth-url") == 0 || strcmp(key, "auth-method") == 0 ||
		   strcmp(key, "auth-response-headers") == 0 || strcmp(key, "auth-request-redirect") == 0) {
		const char *why;
		struct ext *e = NULL;
		for (size_t j = 0; j < ing->nann; j++)
			if (str_has_prefix(ing->ann[j].key, prefix) && ing->ann[j].key[strlen(prefix)] == '/' &&
			    strcmp(ing->ann[j].key + strlen(prefix) + 1, "auth-url") == 0) {
				ext_free(e);
				e = parse_auth_url(ing->ann[j].value, &why);
			}
		if (e == NULL)
			return NULL;
		ext_free(e);
		name = object_name(p, K_EXT_AUTH);
		msg = xasprintf("external auth moves to WasmPlugin '%s' (the report says what differs)", name);
	} else if (p->opt->redis && (strcmp(key, "limit-rps") == 0 || strcmp(key, "limit-rpm") == 0 ||
				     strcmp(key, "limit-burst-multiplier") == 0 || strcmp(key, "limit-allowlist") == 0 ||
				     strcmp(key, "limit-whitelist") == 0) && has_limit(ing, prefix)) {
		name = object_name(p, K_RATE_LIMIT);
		msg = xasprintf("per-client-IP limits move to WasmPlugin '%s' (the report says what differs)", name);
	} else if (strcmp(key, "configuration-snippet") == 0 && !has_target(ing, prefix)) {
		char *why;
		bool ok = snippet_rw(value, NULL, &why);
		free(why);
		if (!ok)
			return NULL;
		name = object_name(p, K_REWRITE);
		msg = xasprintf("its 'rewrite' directives move to WasmPlugin '%s' (the report says what differs)", name);
	} else if ((strcmp(key, "auth-type") == 0 || strcmp(key, "auth-secret") == 0 ||
		    strcmp(key, "auth-secret-type") == 0 || strcmp(key, "auth-realm") == 0) && basic_type(ing, prefix)) {
		name = object_name(p, K_BASIC_AUTH);
		msg = xasprintf("basic auth moves to WasmPlugin '%s' when its Secret is in the input (the report says "
				"whether it was)", name);
	}
	free(name);
	return msg;
}


/* Covers per Ingress: basic auth, deny list, four of external auth, two of
 * rate limits, rewrites. */
#define NCOVERS 9

/* What a plugin covers on one Ingress: its findings of keys[] become
 * status/sev with msg. */
struct cover {
	const char *const *keys;
	size_t nkeys;
	enum status status;
	enum severity sev;
	char *msg;		/* owned */
};

/* Is finding f about Ingress g (file, name, namespace as written)? */
static bool of_ingress(const struct finding *f, const struct ing *g)
{
	if (f->file == NULL || f->name == NULL || strcmp(f->file, g->file) != 0 || strcmp(f->name, g->name) != 0)
		return false;
	if ((f->ns == NULL) != (g->ns_written == NULL))
		return false;
	return f->ns == NULL || strcmp(f->ns, g->ns_written) == 0;
}

/* The unsupported annotation findings of Ingress g from p->out->v[from]
 * on take the cover that names their key. */
static void apply_covers(struct plugins *p, const struct ing *g, const struct cover *covers, size_t from)
{
	for (size_t i = from; i < p->out->n; i++) {
		struct finding *f = &p->out->v[i];
		const char *slash;
		if (f->annotation == NULL || f->status != ST_UNSUPPORTED || (slash = strrchr(f->annotation, '/')) == NULL ||
		    !of_ingress(f, g))
			continue;
		for (size_t c = 0; c < NCOVERS; c++) {
			const struct cover *cv = &covers[c];
			for (size_t k = 0; cv->msg && k < cv->nkeys; k++)
				if (strcmp(slash + 1, cv->keys[k]) == 0) {
					f->status = cv->status;
					f->severity = cv->sev;
					findings_set_message(p->out, f, cv->msg);
					findings_set_fix(p->out, f, NULL);
				}
		}
	}
}

/* The WasmPlugin header, up to and including 'matchRules:'. */
static void plugin_head(struct yw *w, const struct plugins *p, int k, size_t nrules)
{
	char *name = xasprintf("ingress2higress-%s", kinds[k].plugin);
	char *url = xasprintf("%s/%s:%s", p->opt->registry, kinds[k].plugin, kinds[k].tag);
	char *from = xasprintf("ingress2higress: %s for %zu Ingress%s (%s)", kinds[k].plugin, nrules,
			       nrules == 1 ? "" : "es",
			       k == K_BASIC_AUTH ? "nginx basic auth"
			       : k == K_TRANSFORMER ? "strips 'Authorization' after basic-auth, as nginx does"
			       : k == K_EXT_AUTH ? "nginx auth-url"
			       : k == K_RATE_LIMIT ? "nginx limit-rps, limit-rpm"
			       : k == K_REWRITE ? "nginx rewrites"
						    : "denylist-source-range");

	yw_document(w, from);
	yw_str(w, "apiVersion", "extensions.higress.io/v1alpha1");
	yw_str(w, "kind", "WasmPlugin");
	yw_map(w, "metadata");
	yw_str(w, "name", name);
	yw_str(w, "namespace", p->opt->ns);
	yw_end(w);
	yw_map(w, "spec");
	yw_str(w, "url", url);
	yw_str(w, "phase", kinds[k].phase);
	yw_int(w, "priority", kinds[k].priority);
	yw_bool(w, "defaultConfigDisable", true);
	yw_seq(w, "matchRules");
	free(name);
	free(url);
	free(from);
}

/* One matchRule's opening: the route and 'config:'. */
static void rule_head(struct yw *w, const struct ing *g)
{
	yw_item(w);
	yw_seq(w, "ingress");
	if (!g->route_unused)
		yw_item_str(w, g->route);
	for (size_t i = 0; i < g->nextra; i++)
		yw_item_str(w, g->extra[i]);
	yw_end(w);
	yw_map(w, "config");
}

/* The realm as nginx sends it, quotes included ('Basic realm="..."'): the
 * plugin adds none, and without 'realm' it says 'MSE Gateway'. Without
 * auth-realm ingress-nginx writes 'auth_basic ""' (auth/main.go reads an
 * absent annotation as ""), so the realm is '""'. */
static void write_realm(struct yw *w, const char *realm)
{
	char *r = xasprintf("\"%s\"", realm ? realm : "");

	yw_str(w, "realm", r);
	free(r);
}

static void inline_credentials(const struct plugins *p, struct ing *g);

static void rule_basic(struct yw *w, const struct plugins *p, struct ing *g)
{
	if (p->opt->inline_credentials && p->ix)
		inline_credentials(p, g);
	rule_head(w, g);
	yw_bool(w, "encrypted", true);
	write_realm(w, g->realm);
	yw_seq(w, "consumers");
	for (size_t c = 0; c < g->ncons; c++) {
		if (g->cons[c].credential == NULL)
			continue;	/* its hash was not found again (the input changed?) */
		yw_item(w);
		yw_str(w, "name", g->cons[c].name);
		yw_str(w, "credential", g->cons[c].credential);
		yw_end(w);
	}
	yw_end(w);
	yw_end(w);
	yw_end(w);
}

static void rule_transformer(struct yw *w, const struct plugins *p, struct ing *g)
{
	(void)p;
	rule_head(w, g);
	yw_seq(w, "reqRules");
	yw_item(w);
	yw_str(w, "operate", "remove");
	yw_seq(w, "headers");
	yw_item(w);
	yw_str(w, "key", "Authorization");
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
}

static void rule_deny(struct yw *w, const struct plugins *p, struct ing *g)
{
	rule_head(w, g);
	if (p->opt->ip_header) {
		yw_str(w, "ip_source_type", "header");
		yw_str(w, "ip_header_name", p->opt->ip_header);
	} else {
		yw_str(w, "ip_source_type", "origin-source");
	}
	yw_seq(w, "deny");
	for (size_t d = 0; d < g->ndeny; d++)
		yw_item_str(w, g->deny[d]);
	yw_end(w);
	yw_int(w, "status", 403);
	yw_end(w);
	yw_end(w);
}

/* Client headers the auth call gets besides 'Authorization' (nginx sends
 * them all; ext-auth only those listed). */
static const char *const ext_headers[] = { "cookie", "x-forwarded-for", "x-real-ip", "x-request-id" };

static void rule_ext(struct yw *w, const struct plugins *p, struct ing *g)
{
	const struct ext *e = g->ext;

	(void)p;
	rule_head(w, g);
	yw_map(w, "http_service");
	yw_str(w, "endpoint_mode", "forward_auth");
	yw_map(w, "endpoint");
	yw_str(w, "service_name", e->fqdn);
	yw_int(w, "service_port", e->port);
	yw_str(w, "path", e->path);
	yw_str(w, "request_method", e->method);
	yw_end(w);
	yw_int(w, "timeout", 1000);
	yw_map(w, "authorization_request");
	yw_seq(w, "allowed_headers");
	for (size_t h = 0; h < sizeof(ext_headers) / sizeof(ext_headers[0]); h++) {
		yw_item(w);
		yw_str(w, "exact", ext_headers[h]);
		yw_end(w);
	}
	yw_end(w);
	if (e->redirect) {
		yw_map(w, "headers_to_add");
		yw_str(w, "X-Auth-Request-Redirect", e->redirect);
		yw_end(w);
	}
	yw_end(w);
	if (e->nresp) {
		yw_map(w, "authorization_response");
		yw_seq(w, "allowed_upstream_headers");
		for (size_t h = 0; h < e->nresp; h++) {
			yw_item(w);
			yw_str(w, "exact", e->resp[h]);
			yw_end(w);
		}
		yw_end(w);
		yw_end(w);
	}
	yw_end(w);
	yw_int(w, "status_on_error", 500);
	yw_end(w);
	yw_end(w);
}

/* One rule item: per client IP, the allow-listed ranges first with a
 * limit nobody reaches (the first range holding the address wins). */
static void limit_item(struct yw *w, const struct ing *g, const char *per, long n)
{
	static const char *const all[] = { "0.0.0.0/0", "::/0" };

	yw_item(w);
	yw_str(w, "limit_by_per_ip", "from-remote-addr");
	yw_seq(w, "limit_keys");
	for (size_t i = 0; i < g->nallow + 2; i++) {
		yw_item(w);
		yw_str(w, "key", i < g->nallow ? g->allow[i] : all[i - g->nallow]);
		yw_int(w, per, i < g->nallow ? 1000000000L : n);
		yw_end(w);
	}
	yw_end(w);
	yw_end(w);
}

static void rule_limit(struct yw *w, const struct plugins *p, struct ing *g)
{
	const char *colon = strrchr(p->opt->redis, ':');
	char *host = colon ? xstrndup(p->opt->redis, (size_t)(colon - p->opt->redis)) : xstrdup(p->opt->redis);
	char *rule;

	rule_head(w, g);
	rule = xasprintf("ingress2higress-%s-%s", g->ns, g->name);
	yw_str(w, "rule_name", rule);
	free(rule);
	yw_seq(w, "rule_items");
	if (g->rps)
		limit_item(w, g, "query_per_second", g->rps);
	if (g->rpm)
		limit_item(w, g, "query_per_minute", g->rpm);
	yw_end(w);
	yw_int(w, "rejected_code", 503);
	yw_map(w, "redis");
	yw_str(w, "service_name", host);
	yw_int(w, "service_port", colon ? strtol(colon + 1, NULL, 10) : 6379);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	free(host);
}

/* Does 'auth' line i of index Secret s go into its derived auth-map
 * Secret (a user that can be a key, with a hash that is not {PLAIN})? */
static bool derived_key(const struct plugins *p, const struct index_secret *s, uint32_t i)
{
	const struct index_secret_key *u = index_secret_user_at(p->ix, s->first_user + i);

	return !(u->flags & (IXV_NOCOLON | IXV_EMPTY | IXV_PLAIN)) && key_ok(index_str(p->ix, u->name));
}

/* The auth-map Secret derived from auth-file index Secret sec: one key
 * per user (its first line that derived_key takes), the hashes taken in
 * the object pass. Writes nothing when no user goes in. */
static void write_derived(struct yw *w, const struct plugins *p, uint32_t sec)
{
	const struct index_secret *s = index_secret_at(p->ix, sec);
	const struct secret *t = p->taken[sec];
	bool clash;
	char *name = derived_name(p, sec, &clash), *from;
	struct buf b = {0};
	bool any = false;

	for (uint32_t i = 0; i < s->nusers && !any; i++)
		any = derived_key(p, s, i);
	if (!any) {
		free(name);
		return;
	}
	from = xasprintf("ingress2higress: auth-map form of the auth-file Secret %s/%s (%s:%u), referenced by the "
			 "basic-auth WasmPlugin; password hashes only",
			 sec_ns(p, s), index_str(p->ix, s->name), index_str(p->ix, s->file), s->line);
	yw_document(w, from);
	yw_str(w, "apiVersion", "v1");
	yw_str(w, "kind", "Secret");
	yw_map(w, "metadata");
	yw_str(w, "name", name);
	yw_str(w, "namespace", sec_ns(p, s));
	yw_end(w);
	yw_str(w, "type", "Opaque");
	yw_map(w, "data");
	for (uint32_t i = 0; i < s->nusers; i++) {
		const struct index_secret_key *u = index_secret_user_at(p->ix, s->first_user + i);
		bool first = derived_key(p, s, i);
		for (uint32_t j = 0; j < i && first; j++)
			first = !derived_key(p, s, j) || index_secret_user_at(p->ix, s->first_user + j)->name != u->name;
		if (!first || t == NULL || i >= t->nlines || t->lines[i] == NULL)
			continue;
		b.len = 0;
		b64_encode(&b, t->lines[i]);
		yw_str(w, index_str(p->ix, u->name), buf_cstr(&b));
	}
	yw_end(w);
	buf_free(&b);
	free(from);
	free(name);
}

/* The findings of the annotations of basic-auth Ingress g. */
static void cover_basic(const struct plugins *p, const struct ing *g, struct cover *cv)
{
	static const char *const all[] = { "auth-type", "auth-secret", "auth-secret-type", "auth-realm" };
	char *ba = object_name(p, K_BASIC_AUTH), *tr = object_name(p, K_TRANSFORMER);
	char *msg = xasprintf("WasmPlugin '%s' checks the %zu user%s of this Ingress (encrypted: true, "
			      "rule-local consumers), and WasmPlugin '%s' removes 'Authorization' before proxying, as "
			      "nginx does; the 401/403 bodies differ, and the user name goes upstream as "
			      "'X-Mse-Consumer'",
			      ba, g->ncons, g->ncons == 1 ? "" : "s", tr);

	cv->keys = all;
	cv->nkeys = 4;
	if (g->realm == NULL) {
		char *m = xasprintf("%s; without 'auth-realm' the realm is '\"\"', as nginx sends it (the plugin's own "
				    "default would be 'MSE Gateway')", msg);
		free(msg);
		msg = m;
	}
	if (g->basic_partial) {
		cv->msg = xasprintf("%s; some users of the Secret were left out (see the findings on it)", msg);
		cv->status = ST_PARTIAL;
		cv->sev = SEV_ERROR;
		free(msg);
	} else {
		cv->msg = msg;
		cv->status = ST_CONVERTED;
		cv->sev = SEV_INFO;
	}
	free(ba);
	free(tr);
}

static void cover_deny(const struct plugins *p, const struct ing *g, struct cover *cv)
{
	static const char *const keys[] = { "denylist-source-range" };
	char *name = object_name(p, K_IP_DENY);
	char *msg = p->opt->ip_header
		? xasprintf("WasmPlugin '%s' denies the %zu listed range%s; it answers 403 with a JSON body, not nginx's "
			    "page, and takes the client address from the left-most '%s' entry (ip_source_type header, "
			    "as the controller ConfigMap trusted forwarded headers), which a client can forge unless "
			    "the load balancer overwrites it", name, g->ndeny, g->ndeny == 1 ? "" : "s", p->opt->ip_header)
		: xasprintf("WasmPlugin '%s' denies the %zu listed range%s; it answers 403 with a JSON body, not nginx's "
			      "page, and takes the client address from the connection (ip_source_type "
			      "origin-source): behind a load balancer, enable PROXY protocol or set 'header'",
			      name, g->ndeny, g->ndeny == 1 ? "" : "s");

	cv->keys = keys;
	cv->nkeys = 1;
	cv->status = ST_PARTIAL;
	cv->sev = SEV_WARNING;
	cv->msg = msg;
	free(name);
}

/* The findings of the external auth annotations of Ingress g: one cover
 * for auth-url, the others say their own difference in cv[1..]. */
static void cover_ext(const struct plugins *p, const struct ing *g, struct cover *cv)
{
	static const char *const url[] = { "auth-url" }, *const method[] = { "auth-method" },
				 *const resp[] = { "auth-response-headers" }, *const redir[] = { "auth-request-redirect" };
	char *name = object_name(p, K_EXT_AUTH);

	cv[0].keys = url;
	cv[0].nkeys = 1;
	cv[0].status = ST_PARTIAL;
	cv[0].sev = SEV_WARNING;
	cv[0].msg = xasprintf("WasmPlugin '%s' calls 'outbound|%ld||%s' at '%s'%s; only HTTP 200 is success (an "
			      "oauth2-proxy '/oauth2/auth' answering 202 rejects everyone), other answers are relayed "
			      "as they are (nginx: 401/403, else 500); the auth call gets 'Authorization', %s and %s "
			      "only, times out after 1 s, is not cached, and there is no 'auth-signin' redirect",
			      name, g->ext->port, g->ext->fqdn, g->ext->path,
			      g->ext->https ? " (HTTPS: the cluster needs TLS to that Service)" : "",
			      "'cookie', 'x-forwarded-for', 'x-real-ip'", "'x-request-id' of the client headers");
	cv[1].keys = method;
	cv[1].nkeys = 1;
	cv[1].status = ST_CONVERTED;
	cv[1].sev = SEV_INFO;
	cv[1].msg = xasprintf("the 'request_method' of WasmPlugin '%s'", name);
	cv[3].keys = redir;
	cv[3].nkeys = 1;
	cv[3].status = ST_CONVERTED;
	cv[3].sev = SEV_INFO;
	cv[3].msg = xasprintf("sent as 'X-Auth-Request-Redirect' by WasmPlugin '%s' ('headers_to_add')", name);
	cv[2].keys = resp;
	cv[2].nkeys = 1;
	cv[2].status = ST_PARTIAL;
	cv[2].sev = SEV_WARNING;
	cv[2].msg = xasprintf("WasmPlugin '%s' copies these auth-response headers to the upstream request; when the "
			      "auth response lacks one, a client-sent header of that name reaches the backend (nginx "
			      "clears it)", name);
	free(name);
}

/* The findings of the rate-limit annotations of Ingress g. */
static void cover_limit(const struct plugins *p, const struct ing *g, struct cover *cv)
{
	static const char *const rates[] = { "limit-rps", "limit-rpm" },
				 *const rest[] = { "limit-burst-multiplier", "limit-allowlist", "limit-whitelist" };
	char *name = object_name(p, K_RATE_LIMIT);

	cv[0].keys = rates;
	cv[0].nkeys = 2;
	cv[0].status = ST_PARTIAL;
	cv[0].sev = SEV_WARNING;
	cv[0].msg = xasprintf("WasmPlugin '%s' limits each client IP with a fixed window counted in Redis '%s' for "
			      "the whole cluster (nginx: a leaky bucket per controller replica, so N times the replicas "
			      "in total), answers 503 as nginx does by default, and lets requests through while Redis "
			      "is down", name, p->opt->redis);
	cv[1].keys = rest;
	cv[1].nkeys = 3;
	cv[1].status = ST_PARTIAL;
	cv[1].sev = SEV_WARNING;
	cv[1].msg = xasprintf("WasmPlugin '%s' has no burst: the whole limit is available at once in each window; "
			      "allow-listed ranges are counted too, with a limit of 1000000000 per window", name);
	free(name);
}


/* nginx rewrites -------------------------------------------------------------
 *
 * REWRITE_FACTS: Higress's nginx-rewrite-compatible plugin, read at
 * higress-group/higress 8e4041c9ba9a97d0494fa56b784fa30866adca35
 * (plugins/wasm-go/extensions/nginx-rewrite-compatible: README_EN.md,
 * main.go, pkg/config.go, pkg/rewrite.go; VERSION 1.0.0, added by b032f344,
 * 2026-05-14). Image 'plugins/nginx-rewrite-compatible:1.0.0'
 * (plugins/release/bootstrap-evidence/2.2.4.json); phase UNSPECIFIED_PHASE,
 * priority 100 (main.go's @Phase/@Priority and the README; the console's
 * spec.yaml says 'default' and 0). Config: 'rules', a non-empty list, each
 * with 'regex' and 'replacement' (both required, non-empty),
 * 'query_append' or 'query_template' (not both), 'mode' 'break' or 'last'
 * (default 'last'), and 'set_vars'/'pass_to_upstream' (not written here).
 * Per request, in the request-headers callback: the ':path' is split at
 * the first '?'; each rule in order is matched (Go regexp, i.e. RE2,
 * case-sensitive unless '(?i)') against the path as received, so
 * percent-encoded and not normalised; on a match the path becomes Go's
 * ReplaceAllString(path, replacement), which replaces every match, not
 * the whole path, and expands '$name' greedily ('$1a' is group '1a'), so
 * rules here match the whole path and write '${N}'; 'query_template'
 * replaces the query, 'query_append' adds '&' and its text after the
 * request's own; 'break' stops, 'last' goes on with the next rule on the
 * new path. The route is not chosen again (DisableReroute). A rule that
 * fails to parse rejects the whole config. */

/* The paths in nginx's location order (longest first, stable). */
static int path_len_cmp(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	size_t lx = strlen(*x), ly = strlen(*y);

	return (lx < ly) - (lx > ly);
}

/* Free g's rewrite rules. */
static void rw_drop(struct ing *g)
{
	for (size_t i = 0; i < g->nrw; i++)
		conv_rw_free(&g->rw[i]);
	free(g->rw);
	g->rw = NULL;
	g->nrw = 0;
}

/* A new zeroed rule at the end of g's (owned by g; rw_drop frees). */
static struct conv_rw *rw_add(struct ing *g)
{
	g->rw = xrealloc(g->rw, (g->nrw + 1) * sizeof(*g->rw));
	memset(&g->rw[g->nrw], 0, sizeof(*g->rw));
	return &g->rw[g->nrw++];
}

/* --to gateway: rewrite-target on a path beyond the URLRewrite forms
 * (conv_rewrite) becomes one rule per path, as nginx writes it in each
 * location ('rewrite "(?i)PATH" TARGET break'), longest path first; the
 * paths a filter rewrites get a rule that leaves the path as it is, so
 * no other rule rewrites their requests twice. */
static void plan_target_rw(struct ing *g, const struct ann *rt)
{
	char *target = trimmed(rt->value), **paths;
	size_t n = 0;
	bool any = false;

	for (size_t i = 0; i < g->npaths && !any; i++) {
		char *a, *b;
		any = conv_rewrite(g->paths[i], target, &a, &b) == CONV_RW_UNSUPPORTED;
		free(a);
		free(b);
	}
	if (!any || *target == '\0') {
		free(target);
		return;
	}
	paths = xmalloc(g->npaths * sizeof(*paths));
	for (size_t i = 0; i < g->npaths; i++) {
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(paths[j], g->paths[i]) == 0;
		if (!dup)
			paths[n++] = g->paths[i];
	}
	qsort(paths, n, sizeof(*paths), path_len_cmp);
	g->rw_target = true;
	for (size_t i = 0; i < n && g->rw_why == NULL; i++) {
		char *re = xasprintf("(?i)%s", paths[i]), *a, *b;
		enum conv_rewrite kind = conv_rewrite(paths[i], target, &a, &b);
		free(a);
		free(b);
		if (kind == CONV_RW_UNSUPPORTED) {
			char *why;
			if (!conv_nginx_rewrite(re, target, "break", true, rw_add(g), &why)) {
				g->nrw--;
				g->rw_why = xasprintf("on path '%s' %s", paths[i], why);
				free(why);
			}
		} else {
			struct conv_rw *r = rw_add(g);
			r->regex = conv_rw_regex(re, true);
			r->replacement = xstrdup("${0}");
			r->brk = true;
		}
		free(re);
	}
	if (g->rw_why)
		rw_drop(g);
	free(paths);
	free(target);
}

/* The rules of the top-level 'rewrite' directives of configuration-snippet
 * value v, when they are all the snippet holds besides directives that can
 * be dropped: true with rules in g (g NULL: only judged), else false with
 * *why (allocated, or NULL when the snippet has no such rewrite). */
static bool snippet_rw(const char *v, struct ing *g, char **why)
{
	struct snippet s;
	bool ok = true;

	*why = NULL;
	snippet_read("configuration-snippet", v, strlen(v), &s);
	if (s.nrewrites == 0)
		ok = false;
	for (size_t i = 0; ok && i < s.nitems; i++)
		if (s.items[i].cls != SNIP_DROPPABLE && !(s.items[i].cls == SNIP_UNSUPPORTED && s.items[i].rewrite)) {
			*why = xstrdup("the snippet holds other directives, which the plugin does not carry");
			ok = false;
		}
	for (size_t i = 0; ok && i < s.nrewrites; i++) {
		struct conv_rw r;
		char *w;
		if (!conv_nginx_rewrite(s.rewrites[i].regex, s.rewrites[i].replacement, s.rewrites[i].flag, false, &r,
					&w)) {
			*why = xasprintf("'rewrite %s' cannot: %s", s.rewrites[i].regex, w);
			free(w);
			ok = false;
		} else if (g) {
			*rw_add(g) = r;
		} else {
			conv_rw_free(&r);
		}
	}
	if (!ok && g)
		rw_drop(g);
	snippet_free(&s);
	return ok;
}

/* Rewrites of Ingress g: rewrite-target beyond Gateway API's filters, or
 * the rewrites of its configuration-snippet (not both: the order of the
 * two could not be kept). */
static void plan_rewrite(struct ing *g)
{
	const struct ann *rt = ann_get(g, "rewrite-target"), *cs = ann_get(g, "configuration-snippet");
	char *t = rt ? trimmed(rt->value) : NULL, *why = NULL;

	if (t && *t) {
		if (g->npaths)
			plan_target_rw(g, rt);
		if (cs && snippet_rw(cs->value, NULL, &why))
			g->rw_snip_why = xstrdup("the Ingress also has 'rewrite-target', whose rewrite nginx runs after "
						 "the snippet's in each location, and the two could not be kept in order");
		else
			free(why);
	} else if (cs) {
		snippet_rw(cs->value, g, &why);
		g->rw_snip_why = why;
	}
	free(t);
}

static void rule_rewrite(struct yw *w, const struct plugins *p, struct ing *g)
{
	(void)p;
	rule_head(w, g);
	yw_seq(w, "rules");
	for (size_t r = 0; r < g->nrw; r++) {
		const struct conv_rw *rw = &g->rw[r];
		yw_item(w);
		yw_str(w, "regex", rw->regex);
		yw_str(w, "replacement", rw->replacement);
		if (rw->query_append)
			yw_str(w, "query_append", rw->query_append);
		if (rw->query_template)
			yw_str(w, "query_template", rw->query_template);
		yw_str(w, "mode", rw->brk ? "break" : "last");
		yw_end(w);
	}
	yw_end(w);
	yw_end(w);
	yw_end(w);
}

/* What every rule of the plugin does differently from nginx's rewrite. */
#define RW_ALWAYS                                                                                                  \
	"the plugin matches the path as received (percent-encoded, '//' and '/./' kept) where nginx matched the "  \
	"decoded, normalised URI, and runs after the route is chosen"

/* The findings of the rewrites of Ingress g. */
static void cover_rewrite(const struct plugins *p, const struct ing *g, struct cover *cv)
{
	static const char *const target[] = { "rewrite-target" }, *const snip[] = { "configuration-snippet" };
	char *name = object_name(p, K_REWRITE);
	struct buf notes = {0};
	size_t nreal = 0;

	for (size_t i = 0; i < g->nrw; i++) {
		nreal += strcmp(g->rw[i].replacement, "${0}") != 0;
		if (g->rw[i].notes)
			buf_printf(&notes, "; rule %zu: %s", i + 1, g->rw[i].notes);
	}
	cv->keys = g->rw_target ? target : snip;
	cv->nkeys = 1;
	if (g->rw_why) {
		cv->status = ST_UNSUPPORTED;
		cv->sev = SEV_ERROR;
		cv->msg = xasprintf("needs regex capture groups, which Gateway API cannot express, and the "
				    "nginx-rewrite-compatible plugin cannot either: %s; the path is matched, not rewritten",
				    g->rw_why);
	} else if (g->rw_target) {
		cv->status = ST_PARTIAL;
		cv->sev = SEV_WARNING;
		cv->msg = xasprintf("WasmPlugin '%s' rewrites the %zu regex path%s as nginx's 'rewrite \"(?i)PATH\" "
				    "TARGET break' did, longest path first%s; %s%s", name, nreal, nreal == 1 ? "" : "s",
				    g->nrw > nreal ? " (the paths a URLRewrite filter rewrites get a rule that keeps them)"
						   : "",
				    RW_ALWAYS, buf_cstr(&notes));
	} else {
		cv->status = notes.len ? ST_PARTIAL : ST_CONVERTED;
		cv->sev = notes.len ? SEV_WARNING : SEV_INFO;
		cv->msg = xasprintf("its %zu 'rewrite' directive%s become%s the rules of WasmPlugin '%s' in their "
				    "order (the other directives can be dropped); %s%s", g->nrw, g->nrw == 1 ? "" : "s",
				    g->nrw == 1 ? "s" : "", name, RW_ALWAYS, buf_cstr(&notes));
	}
	buf_free(&notes);
	free(name);
}

/* The findings from p->out->v[from] on about the 'rewrite' directives of
 * Ingress g's snippets: the k-th of a configuration-snippet the plugin
 * takes becomes its k-th rule; the others say why the plugin does not. */
static void cover_rewrite_items(struct plugins *p, const struct ing *g, size_t from)
{
	char *name = object_name(p, K_REWRITE);
	size_t seen = 0;

	for (size_t i = from; i < p->out->n; i++) {
		struct finding *f = &p->out->v[i];
		char *msg;
		if (f->annotation || f->status != ST_UNSUPPORTED || f->message == NULL || !of_ingress(f, g))
			continue;
		if (strstr(f->message, "/server-snippet': " SNIP_REWRITE_MSG)) {
			msg = xasprintf("%s; nor is it given to the nginx-rewrite-compatible plugin: nginx runs a "
					"server-snippet rewrite before it chooses the location, the plugin runs after "
					"Higress chose the route and never chooses again", f->message);
			findings_set_message(p->out, f, msg);
			free(msg);
			continue;
		}
		if (!strstr(f->message, "/configuration-snippet': " SNIP_REWRITE_MSG))
			continue;
		if ((g->nrw == 0 || g->rw_target) && g->rw_snip_why) {
			msg = xasprintf("%s; nor is it given to the nginx-rewrite-compatible plugin: %s", f->message,
					g->rw_snip_why);
			findings_set_message(p->out, f, msg);
			free(msg);
			continue;
		}
		if (g->rw_target || seen >= g->nrw)
			continue;
		/* the message starts with the annotation's quoted key */
		msg = xasprintf("'%.*s': 'rewrite' becomes rule %zu of WasmPlugin '%s'%s%s",
				(int)strcspn(f->message + 1, "'"), f->message + 1, seen + 1, name,
				g->rw[seen].notes ? ": " : "", g->rw[seen].notes ? g->rw[seen].notes : "");
		f->status = g->rw[seen].notes ? ST_PARTIAL : ST_CONVERTED;
		f->severity = g->rw[seen].notes ? SEV_WARNING : SEV_INFO;
		findings_set_message(p->out, f, msg);
		findings_set_fix(p->out, f, NULL);
		free(msg);
		seen++;
	}
	free(name);
}

/* Without --redis-service, the per-client-IP limits stay lost: their
 * findings from p->out->v[from] on name the flag. */
static void limit_fix(struct plugins *p, size_t from)
{
	for (size_t i = from; p->opt->redis == NULL && i < p->out->n; i++) {
		struct finding *f = &p->out->v[i];
		const char *slash = f->annotation ? strrchr(f->annotation, '/') : NULL;
		if (slash && f->status == ST_UNSUPPORTED &&
		    (strcmp(slash + 1, "limit-rps") == 0 || strcmp(slash + 1, "limit-rpm") == 0))
			findings_set_fix(p->out, f, "add --redis-service FQDN[:PORT] (the Redis Service of the cluster) to "
					 "have convert write a cluster-key-rate-limit WasmPlugin limiting each client IP");
	}
}

/* Say that index Secret sec was read (once), never what it holds. */
static void report_read(struct plugins *p, const struct ing *g, long sec)
{
	char *msg;

	if (sec < 0 || (p->sflags[sec] & SF_READ))
		return;
	p->sflags[sec] |= SF_READ;
	msg = xasprintf("read for basic-auth consumers; its values are not printed, and only password hashes reach the "
			"output%s", p->opt->inline_credentials ? " (--inline-credentials)" : " (as Secret references)");
	note(p, g, sec, ST_CONVERTED, SEV_INFO, R_SECRET_READ, msg, NULL);
	free(msg);
	if (index_secret_at(p->ix, (size_t)sec)->flags & IXS_NO_API)
		note(p, g, sec, ST_CONVERTED, SEV_WARNING, R_SECRET_NO_API,
		     p->opt->inline_credentials
			     ? "no 'apiVersion': read as v1 (a Secret's only version) for the basic-auth consumers, whose "
			       "hashes the plugin holds (--inline-credentials); kubectl refuses an object without one, so "
			       "this file does not create the Secret"
			     : "no 'apiVersion': read as v1 (a Secret's only version) for the basic-auth consumers, but "
			       "kubectl refuses an object without one, so this file does not create the Secret the plugin "
			       "refers to",
		     "add 'apiVersion: v1' to the Secret");
}

/* Is WasmPlugin kind k in the input already? Then it is not written
 * again (converting the output again changes nothing), with a finding. */
static bool in_input(struct plugins *p, int k)
{
	struct finding f;
	char *msg, *name;

	if (p->exists[k] == NULL)
		return false;
	name = xasprintf("ingress2higress-%s", kinds[k].plugin);
	msg = xasprintf("this WasmPlugin has the name convert gives its %s plugin, so it is not written again: "
			"check that it has a rule for each Ingress the findings name", kinds[k].plugin);
	memset(&f, 0, sizeof(f));
	f.file = p->exists[k];
	f.pos = p->seen[k];
	f.kind = "WasmPlugin";
	f.ns = p->opt->ns;
	f.name = name;
	f.status = ST_PARTIAL;
	f.severity = SEV_WARNING;
	f.rule = "plugin-exists";
	f.message = msg;
	f.fix = "delete it to have convert write it again";
	findings_add(p->out, &f);
	free(msg);
	free(name);
	return true;
}

/* FNV-1a of a route. */
static size_t route_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The route entry at pool offset off: its file and route. */
static const char *route_entry(const struct plugins *p, uint32_t off, const char **file)
{
	uint32_t f;

	memcpy(&f, p->pool + off, sizeof(f));
	*file = p->files[f];
	return p->pool + off + sizeof(f);
}

/* Put the entry at pool offset off in the hash. */
static void route_slot(struct plugins *p, uint32_t off)
{
	const char *file, *route = route_entry(p, off, &file);

	for (size_t j = route_hash(route) & (p->nroutes - 1);; j = (j + 1) & (p->nroutes - 1))
		if (p->routes[j] == 0) {
			p->routes[j] = off + 1;
			return;
		}
}

/* The file of the first Ingress planned with route, or NULL; else note
 * route (of an Ingress in file) as planned. */
static const char *route_seen(struct plugins *p, const char *route, const char *file)
{
	size_t n = strlen(route) + 1;
	uint32_t f, off;

	for (size_t j = p->nroutes ? route_hash(route) & (p->nroutes - 1) : 0; p->nroutes && p->routes[j];
	     j = (j + 1) & (p->nroutes - 1)) {
		const char *first;
		if (strcmp(route_entry(p, p->routes[j] - 1, &first), route) == 0)
			return first;
	}
	if (p->nfiles == 0 || strcmp(p->files[p->nfiles - 1], file) != 0) {
		p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof(*p->files));
		p->files[p->nfiles++] = xstrdup(file);
	}
	if (p->pool_len + sizeof(f) + n >= UINT32_MAX) {
		fprintf(stderr, "ingress2higress: error: too many Ingresses for the WasmPlugins\n");
		exit(2);
	}
	f = (uint32_t)(p->nfiles - 1);
	off = (uint32_t)p->pool_len;
	grow_array((void **)&p->pool, &p->pool_cap, p->pool_len + sizeof(f) + n, 1);
	memcpy(p->pool + off, &f, sizeof(f));
	memcpy(p->pool + off + sizeof(f), route, n);
	p->pool_len += sizeof(f) + n;
	if ((p->nused + 1) * 2 > p->nroutes) {
		size_t size = p->nroutes ? p->nroutes * 2 : 64;
		free(p->routes);
		p->routes = xcalloc(size, sizeof(*p->routes));
		p->nroutes = size;
		for (uint32_t o = 0; o < off; o += (uint32_t)(sizeof(f) + strlen(p->pool + o + sizeof(f)) + 1))
			route_slot(p, o);
	}
	route_slot(p, off);
	p->nused++;
	return NULL;
}

/* Does g have a plugin rule? */
static bool has_rule(const struct ing *g)
{
	return g->basic || g->ndeny || g->ext || g->limited || g->nrw;
}

void plugins_add_route(struct plugins *p, const char *ns, const char *name, const char *kind, const char *route_ns,
		       const char *route)
{
	const char *grpc = strcmp(kind, "GRPCRoute") == 0 ? "GRPC/" : "";

	grow_array((void **)&p->rts, &p->rtcap, p->nrts + 1, sizeof(*p->rts));
	/* Higress (conversion.go generateRouteName): the bare name in its own
	 * namespace, else ns/name; 'GRPC/' before a GRPCRoute's */
	if (strcmp(route_ns, p->opt->ns) == 0)
		p->rts[p->nrts++] = xasprintf("%s\001%s\001%s%s", ns ? ns : "default", name, grpc, route);
	else
		p->rts[p->nrts++] = xasprintf("%s\001%s\001%s%s/%s", ns ? ns : "default", name, grpc, route_ns,
						    route);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Add route to g's extra routes unless it is there already. */
static void add_extra(struct ing *g, const char *route)
{
	for (size_t k = 0; k < g->nextra; k++)
		if (strcmp(g->extra[k], route) == 0)
			return;
	g->extra = xrealloc(g->extra, (g->nextra + 1) * sizeof(*g->extra));
	g->extra[g->nextra++] = xstrdup(route);
}

/* --to gateway: the other routes of Ingress g (with a plugin rule) join
 * its rules (p->rts sorted, then searched by "ns\001name\001"). */
static void pair_routes(const struct plugins *p, struct ing *g)
{
	char *key = xasprintf("%s\001%s\001", g->ns, g->name);
	size_t lo = 0, hi = p->nrts, kl = strlen(key);
	bool own = false, any = false;

	while (lo < hi) {	/* the first entry not before key */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(p->rts[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->nrts && strncmp(p->rts[lo], key, kl) == 0; lo++) {
		const char *route = p->rts[lo] + kl;
		any = true;
		if (strcmp(route, g->route) == 0)
			own = true;
		else
			add_extra(g, route);
	}
	g->route_unused = any && !own;	/* a GRPCRoute only: 'GRPC/ns/name' */
	free(key);
}

/* --to ingress: the pairs of a path of an Ingress with a rule and a header
 * or cookie canary of the same host and path (ingress-nginx.md §7.4), from
 * the key records, into a new store by the Ingress's route and order, the
 * path's number and the canary's (pair records: the rule record's route
 * and order, the two numbers in 4 bytes, the canary's route, namespace and
 * name). Holds the canaries of one key at a time. */
static struct spill_sort *pair_keys(struct plugins *p);

/* Pair records: as rule records, then by path and canary number. */
static int pair_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = rule_cmp(a, an, b, bn);
	const char *x = a + strlen(a) + 1 + 8, *y = b + strlen(b) + 1 + 8;

	for (int i = 0; c == 0 && i < 2; i++) {
		uint32_t u, v;
		memcpy(&u, x + 4 * i, 4);
		memcpy(&v, y + 4 * i, 4);
		c = (u > v) - (u < v);
	}
	return c;
}

static struct spill_sort *pair_keys(struct plugins *p)
{
	struct spill_sort *pairs = spill_sort_new(pair_cmp, budget());
	struct buf key = {0}, group = {0}, b = {0};
	const char *rec;
	size_t n;

	spill_sort_rewind(p->keys);
	while ((rec = spill_sort_next(p->keys, &n)) != NULL) {
		size_t kl = strlen(rec) + 1;
		struct rd r = { rec + kl + 1, rec + n };
		if (key.len != kl || memcmp(key.data, rec, kl) != 0) {
			key.len = 0;
			buf_add(&key, rec, kl);
			group.len = 0;	/* the canaries of this key: their record tails */
		}
		if (rec[kl] == 'C') {
			put_u32(&group, (uint32_t)(n - kl - 1));
			buf_add(&group, rec + kl + 1, n - kl - 1);
			continue;
		}
		{	/* an Ingress's path: one pair per canary of the key */
			const char *route = peek_str(&r);
			uint64_t order = get_u64(&r);
			uint32_t path = get_u32(&r);
			for (size_t at = 0; at < group.len;) {
				uint32_t len;
				memcpy(&len, group.data + at, 4);
				b.len = 0;
				buf_add(&b, route, strlen(route) + 1);
				put_u64(&b, order);
				put_u32(&b, path);
				buf_add(&b, group.data + at + 4, len);	/* canary number, route, ns, name */
				spill_sort_add(pairs, b.data, b.len);
				at += 4 + len;
			}
		}
	}
	buf_free(&key);
	buf_free(&group);
	buf_free(&b);
	return pairs;
}

/* --to ingress: the canaries paired with Ingress g (pair records from
 * *pr on, of pairs, while they are g's) join its rules, with a finding. */
static void pair_canaries(struct plugins *p, struct ing *g, struct spill_sort *pairs, const char **pr, size_t *pn)
{
	struct buf names = {0};
	size_t before = g->nextra;

	for (; *pr; *pr = spill_sort_next(pairs, pn)) {
		struct rd r = { *pr + strlen(*pr) + 1, *pr + *pn };
		const char *route, *ns, *name;
		uint64_t order;
		size_t n0 = g->nextra;
		int c = strcmp(*pr, g->route);
		if (c > 0)
			break;
		order = get_u64(&r);
		if (c == 0 && order > g->order)
			break;
		if (c < 0 || order < g->order)
			continue;	/* not a rule's (cannot be) */
		get_u32(&r);	/* path */
		get_u32(&r);	/* canary */
		route = peek_str(&r);
		ns = peek_str(&r);
		name = peek_str(&r);
		add_extra(g, route);
		if (g->nextra > n0)
			buf_printf(&names, "%s'%s/%s'", names.len ? ", " : "", ns, name);
	}
	if (g->nextra > before) {
		char *msg = xasprintf("the WasmPlugin rules of this Ingress name the route of its canary Ingress%s %s "
				      "too: nginx sends canary traffic through this Ingress's location, with its "
				      "annotations, and Higress makes a canary by header or cookie a route of its own",
				      g->nextra - before == 1 ? "" : "es", buf_cstr(&names));
		note(p, g, -1, ST_CONVERTED, SEV_INFO, R_CANARY, msg, NULL);
		free(msg);
	}
	buf_free(&names);
}

/* The covered annotations of a canary Ingress: nginx ignores them. */
static void cover_canary(struct cover *cv)
{
	cv->keys = covered;
	cv->nkeys = sizeof(covered) / sizeof(covered[0]);
	cv->status = ST_IGNORED;
	cv->sev = SEV_INFO;
	cv->msg = xstrdup("ignored on a canary Ingress by ingress-nginx too, which applies the primary Ingress's "
			  "annotations to canary traffic: no plugin rule is written for it (the primary's rules name "
			  "the canary's route when it has one)");
}

/* Keep what is written of Ingress g (decided, with a rule): its rule
 * record, and the key records of its paths. */
static void keep(struct plugins *p, const struct ing *g)
{
	struct buf b = {0};

	p->nkind[K_BASIC_AUTH] += g->basic;
	p->nkind[K_TRANSFORMER] += g->basic;
	p->nkind[K_IP_DENY] += g->ndeny > 0;
	p->nkind[K_EXT_AUTH] += g->ext != NULL;
	p->nkind[K_RATE_LIMIT] += g->limited;
	p->nkind[K_REWRITE] += g->nrw > 0;
	ing_write(&b, g);
	spill_sort_add(p->rules, b.data, b.len);
	for (size_t i = 0; i < g->nkeys; i++) {
		b.len = 0;
		buf_add(&b, g->keys[i], strlen(g->keys[i]) + 1);
		buf_addc(&b, 'P');
		put_str(&b, g->route);
		put_u64(&b, g->order);
		put_u32(&b, (uint32_t)i);
		spill_sort_add(p->keys, b.data, b.len);
	}
	buf_free(&b);
}

/* Decide the plugins of Ingress g (a second one of a route gets none),
 * with their findings, and turn the findings of the annotations they
 * cover (from p->out->v[from] on) into what the plugins do. Takes g. */
static void plan(struct plugins *p, struct ing *g, size_t from)
{
	struct cover covers[NCOVERS];
	const char *first = NULL;
	long sec;

	/* only an Ingress whose identity the input may repeat is remembered */
	if (p->ix == NULL || index_ingress_maybe_repeated(p->ix, g->ns, g->name))
		first = route_seen(p, g->route, g->file);

	if (first) {
		char *msg = xasprintf("a second Ingress '%s/%s' (the first in %s): one route name, so only the first gets "
				      "plugin rules", g->ns, g->name, first);
		note(p, g, -1, ST_UNSUPPORTED, SEV_ERROR, R_DUPLICATE_INGRESS, msg,
		     "give each Ingress a distinct namespace/name");
		free(msg);
		ing_free(g);
		free(g);
		return;
	}
	memset(covers, 0, sizeof(covers));
	if (g->canary) {
		/* nginx ignores them: the primary's rules name the canary's route */
		cover_canary(&covers[0]);
		apply_covers(p, g, covers, from);
		free(covers[0].msg);
		ing_free(g);
		free(g);
		return;
	}
	sec = plan_basic(p, g);
	plan_deny(g);
	plan_ext(p, g);
	plan_limit(p, g);
	plan_rewrite(g);
	report_read(p, g, sec);
	if (g->basic)
		cover_basic(p, g, &covers[0]);
	if (g->ndeny)
		cover_deny(p, g, &covers[1]);
	if (g->ext)
		cover_ext(p, g, &covers[2]);
	if (g->limited)
		cover_limit(p, g, &covers[6]);
	if (g->nrw || g->rw_why)
		cover_rewrite(p, g, &covers[8]);
	apply_covers(p, g, covers, from);
	cover_rewrite_items(p, g, from);
	for (size_t c = 0; c < NCOVERS; c++)
		free(covers[c].msg);
	if (!has_rule(g)) {
		ing_free(g);	/* nothing to write */
		free(g);
		return;
	}
	if (p->opt->gateway) {	/* --to ingress: a canary may name it at finish */
		free(g->file);
		free(g->ns_written);
		g->file = g->ns_written = NULL;
	}
	g->order = p->ning++;
	keep(p, g);
	ing_free(g);
	free(g);
}

void plugins_add_ingress(struct plugins *p, struct stream *st, const struct ingress *ing, const char *prefix,
			 size_t from)
{
	struct ing *g = collect(p, st, ing, prefix);

	if (g)
		plan(p, g, from);
	limit_fix(p, from);
}

/* Give each inlined consumer of g its 'user:hash' credential, from the
 * hashes taken in the object pass. */
static void inline_credentials(const struct plugins *p, struct ing *g)
{
	for (size_t c = 0; c < g->ncons; c++) {
		struct consumer *cs = &g->cons[c];
		const struct secret *t = p->taken[cs->sec];
		const char *user = index_str(p->ix, cs->user), *hash = NULL;
		if (cs->credential || t == NULL)
			continue;
		if (cs->item != UINT32_MAX)
			hash = cs->item < t->nlines ? t->lines[cs->item] : NULL;
		for (size_t k = 0; cs->item == UINT32_MAX && k < t->n; k++)
			if (strcmp(t->keys[k], user) == 0)
				hash = t->vals[k];
		if (hash)
			cs->credential = xasprintf("%s:%s", user, hash);
	}
}

/* Where the documents go: a caller's buffer (mem), a file (fp, through
 * b), or nowhere (both NULL: only whether any would be written). */
struct sink {
	struct buf *mem;
	FILE *fp;
	struct buf b;
	size_t total;		/* bytes written (to fp) */
	bool failed;		/* a write to fp failed */
};

/* The buffer the writer appends to. */
static struct buf *sink_buf(struct sink *o)
{
	return o->mem ? o->mem : &o->b;
}

/* Write what the writer appended to fp, when at least min bytes. */
static void sink_flush(struct sink *o, size_t min)
{
	if (o->mem || o->b.len < min || o->b.len == 0)
		return;
	if (o->fp && fwrite(o->b.data, 1, o->b.len, o->fp) != o->b.len)
		o->failed = true;
	o->total += o->b.len;
	o->b.len = 0;
}

/* Hand the findings waiting in p->out to the caller, when it asked. */
static void flush_findings(struct plugins *p)
{
	if (p->flush && p->out->n >= 256)
		p->flush(p->flush_ctx);
}

/* The rule records in order, with the routes of their canaries or, --to
 * gateway, their other routes: a new store in the order they are written
 * (the findings of the canaries added); with keep false the findings
 * only, and the store stays empty. */
static struct spill_sort *resolve(struct plugins *p, bool keep)
{
	struct spill_sort *out = spill_sort_new(NULL, budget()), *pairs = NULL;
	const char *rec, *pr = NULL;
	size_t n, pn = 0;
	struct buf b = {0};

	if (!p->opt->gateway && p->ncan) {
		pairs = pair_keys(p);
		spill_sort_rewind(pairs);
		pr = spill_sort_next(pairs, &pn);
	}
	if (p->opt->gateway && p->nrts > 1)
		qsort(p->rts, p->nrts, sizeof(*p->rts), str_cmp);
	spill_sort_rewind(p->rules);
	while ((rec = spill_sort_next(p->rules, &n)) != NULL) {
		struct ing g;
		ing_read(&g, rec, n);
		if (pairs)
			pair_canaries(p, &g, pairs, &pr, &pn);
		if (p->opt->gateway)
			pair_routes(p, &g);
		if (keep) {
			b.len = 0;
			ing_write(&b, &g);
			spill_sort_add(out, b.data, b.len);
		}
		ing_free(&g);
		flush_findings(p);
	}
	buf_free(&b);
	spill_sort_free(pairs);
	return out;
}

typedef void (*rule_fn)(struct yw *w, const struct plugins *p, struct ing *g);

/* Has g a rule of plugin kind k? */
static bool has_kind(const struct ing *g, int k)
{
	switch (k) {
	case K_BASIC_AUTH:
	case K_TRANSFORMER:
		return g->basic;
	case K_IP_DENY:
		return g->ndeny > 0;
	case K_EXT_AUTH:
		return g->ext != NULL;
	case K_RATE_LIMIT:
		return g->limited;
	default:
		return g->nrw > 0;
	}
}

/* WasmPlugin kind k with one rule per record of all that has one. */
static void write_kind(struct plugins *p, struct sink *o, struct yw *w, struct spill_sort *all, int k)
{
	static const rule_fn fns[K__COUNT] = {
		[K_BASIC_AUTH] = rule_basic, [K_TRANSFORMER] = rule_transformer, [K_IP_DENY] = rule_deny,
		[K_EXT_AUTH] = rule_ext, [K_RATE_LIMIT] = rule_limit, [K_REWRITE] = rule_rewrite,
	};
	const char *rec;
	size_t n;

	plugin_head(w, p, k, p->nkind[k]);
	spill_sort_rewind(all);
	while ((rec = spill_sort_next(all, &n)) != NULL) {
		struct ing g;
		ing_read(&g, rec, n);
		if (has_kind(&g, k))
			fns[k](w, p, &g);
		ing_free(&g);
		sink_flush(o, 65536);
	}
	yw_end(w);
	yw_end(w);
}

/* The order the kinds are written in. */
static const int kind_order[K__COUNT] = { K_BASIC_AUTH, K_TRANSFORMER, K_EXT_AUTH, K_IP_DENY, K_RATE_LIMIT,
					  K_REWRITE };

static void finish(struct plugins *p, struct sink *o)
{
	struct spill_sort *all = resolve(p, o->mem || o->fp);
	struct yw w;

	yw_init(&w, sink_buf(o));
	for (size_t i = 0; i < p->nsecs; i++) {
		uint32_t s = p->secs[i];
		char *name;
		bool clash;
		if (!(p->sflags[s] & SF_DERIVE))
			continue;
		name = derived_name(p, s, &clash);
		if (find_secret(p, sec_ns(p, index_secret_at(p->ix, s)), name) < 0)
			write_derived(&w, p, s);
		free(name);
	}
	for (int i = 0; i < K__COUNT; i++) {
		int k = kind_order[i];
		if (p->nkind[k] == 0 || in_input(p, k))
			continue;
		if (o->mem || o->fp)
			write_kind(p, o, &w, all, k);
		else
			buf_adds(sink_buf(o), "-");	/* something would be written */
		sink_flush(o, 65536);
	}
	sink_flush(o, 1);
	spill_sort_free(all);
}

void plugins_finish(struct plugins *p, struct buf *out)
{
	struct sink o = { .mem = out };

	finish(p, &o);
}

long plugins_finish_to(struct plugins *p, FILE *out)
{
	struct sink o = { .fp = out };

	finish(p, &o);
	buf_free(&o.b);
	if (o.failed)
		return -1;
	return o.total > LONG_MAX ? LONG_MAX : (long)o.total;
}
