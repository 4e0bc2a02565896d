/* emit_gateway_store.c - where the Gateway API target keeps what it does not
 * hold in memory: the store (records in memory up to a budget, then in an
 * unlinked temporary file, spill.h) with each Ingress's cold record and
 * each emitted object's text, and the arena of the strings it does hold. */
#include "emit_gateway_impl.h"

#define DEFAULT_BUDGET ((size_t)8 << 20)
#define ARENA_BLOCK ((size_t)64 << 10)
#define WBUF ((size_t)64 << 10)	/* the store's writes to its file */

/* Store ---------------------------------------------------------------------- */

void gw_store_init(struct gw_store *s)
{
	memset(s, 0, sizeof(*s));
	spill_init(&s->sp);
	s->budget = DEFAULT_BUDGET;
#ifndef NDEBUG
	{	/* tests force the spilled store with a small budget */
		const char *e = getenv("I2H_GATEWAY_BUDGET");
		if (e && *e)
			s->budget = (size_t)strtoull(e, NULL, 10);
	}
#endif
}

void gw_store_free(struct gw_store *s)
{
	free(s->mem);
	free(s->wbuf);
	spill_free(&s->sp);
	memset(s, 0, sizeof(*s));
	s->sp.fd = -1;
}

/* Records at offsets below s->len are in memory; once one does not fit
 * the budget, that one and every later one go to the file, at their
 * offset minus s->len. */
uint64_t gw_store_put(struct gw_store *s, const void *p, size_t n)
{
	uint64_t off = s->end;

	if (!s->spilling && s->len + n > s->budget)
		s->spilling = true;
	if (s->spilling) {
		/* appended through a buffer (a write a buffer, not a record)
		 * no larger than the budget: with a budget of 0 every record
		 * goes to the file at once, as the tests want */
		size_t wcap = s->budget < WBUF ? s->budget : WBUF;
		if (s->wbuf == NULL && wcap)
			s->wbuf = xmalloc(wcap);
		if (s->wlen + n > wcap && s->wlen) {
			spill_write(&s->sp, s->wstart, s->wbuf, s->wlen);
			s->wstart += s->wlen;
			s->wlen = 0;
		}
		if (n > wcap) {
			spill_write(&s->sp, s->wstart, p, n);
			s->wstart += n;
		} else {
			memcpy(s->wbuf + s->wlen, p, n);
			s->wlen += n;
		}
	} else {
		if (s->len + n > s->cap) {
			size_t cap = s->cap ? s->cap : 4096;
			while (cap < s->len + n)
				cap *= 2;
			if (cap > s->budget)
				cap = s->budget;
			s->mem = xrealloc(s->mem, cap);
			s->cap = cap;
		}
		memcpy(s->mem + s->len, p, n);
		s->len += n;
	}
	s->end += n;
	return off;
}

void gw_store_get(struct gw_store *s, uint64_t off, void *dst, size_t n)
{
	if (off < s->len)
		memcpy(dst, s->mem + off, n);
	else if (off - s->len >= s->wstart && s->wlen)	/* still in the buffer */
		memcpy(dst, s->wbuf + (off - s->len - s->wstart), n);
	else if (n)
		spill_read(&s->sp, off - s->len, dst, n);
}

void gw_grow(void **arr, size_t *cap, size_t need, size_t elsz)
{
	size_t n = *cap;

	if (need <= n)
		return;
	while (n < need)
		n = n < 16 ? 16 : n + n / 2;
	*arr = xrealloc(*arr, n * elsz);
	*cap = n;
}

/* Arena ---------------------------------------------------------------------- */

char *gw_arena_dup(struct arena *a, const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if (a->nblocks == 0 || a->used + n > a->size) {
		grow_array((void **)&a->blocks, &a->cap, a->nblocks + 1, sizeof(*a->blocks));
		a->size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		a->blocks[a->nblocks++] = xmalloc(a->size);
		a->used = 0;
	}
	d = a->blocks[a->nblocks - 1] + a->used;
	memcpy(d, s, n);
	a->used += n;
	return d;
}

void gw_arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	memset(a, 0, sizeof(*a));
}

/* Cold records --------------------------------------------------------------- */

static void put_raw(struct buf *b, const void *p, size_t n)
{
	buf_add(b, p, n);
}

static void put_str(struct buf *b, const char *s)
{
	uint64_t n = s ? strlen(s) + 1 : 0;

	buf_add(b, &n, sizeof(n));
	if (s)
		buf_add(b, s, (size_t)n - 1);
}

static void put_strv(struct buf *b, const struct strv *v)
{
	uint64_t n = v->n;

	buf_add(b, &n, sizeof(n));
	for (size_t i = 0; i < v->n; i++)
		put_str(b, v->v[i]);
}

static void get_raw(const char **p, void *dst, size_t n)
{
	memcpy(dst, *p, n);
	*p += n;
}

static char *get_str(const char **p)
{
	uint64_t n;
	char *s;

	get_raw(p, &n, sizeof(n));
	if (n == 0)
		return NULL;
	s = xstrndup(*p, (size_t)n - 1);
	*p += n - 1;
	return s;
}

static void get_strv(const char **p, struct strv *v)
{
	uint64_t n;

	get_raw(p, &n, sizeof(n));
	memset(v, 0, sizeof(*v));
	for (uint64_t i = 0; i < n; i++) {
		char *s = get_str(p);
		gw_strv_add(v, s, strlen(s));
		free(s);
	}
}

static void be_free(struct be *b)
{
	free(b->svc);
	free(b->port_name);
}

void gw_cold_free(struct ing_cold *c)
{
	if (c == NULL)
		return;
	for (size_t p = 0; p < c->npaths; p++) {
		free(c->paths[p].host);
		free(c->paths[p].path);
		be_free(&c->paths[p].be);
		free(c->paths[p].canaries);
		free(c->paths[p].match_host);
	}
	free(c->paths);
	be_free(&c->def);
	be_free(&c->ann_def);
	conv_free(&c->cv);
	conv_mirror_free(&c->mirror);
	free(c->session_name);
	gw_strv_free(&c->www_from);
	gw_strv_free(&c->www_to);
	free(c);
}

static void put_be(struct buf *b, const struct be *be)
{
	put_str(b, be->svc);
	put_str(b, be->port_name);
	put_raw(b, &be->port, sizeof(be->port));
}

static void get_be(const char **p, struct be *be)
{
	be->svc = get_str(p);
	be->port_name = get_str(p);
	get_raw(p, &be->port, sizeof(be->port));
}

/* Write n's cold record (every field of struct ing_cold but the paths'
 * canaries, which g->links holds) to b. */
static void cold_write(const struct ing_cold *c, struct buf *b)
{
	uint64_t n = c->npaths;

	put_raw(b, &n, sizeof(n));
	for (size_t i = 0; i < c->npaths; i++) {
		const struct gpath *gp = &c->paths[i];
		put_str(b, gp->host);
		put_str(b, gp->path);
		put_raw(b, &gp->type, sizeof(gp->type));
		put_be(b, &gp->be);
		put_raw(b, &gp->pos, sizeof(gp->pos));
		put_str(b, gp->match_host);
	}
	put_be(b, &c->def);
	put_raw(b, &c->has_ann_def, sizeof(c->has_ann_def));
	put_be(b, &c->ann_def);
	conv_write(&c->cv, b);
	put_raw(b, &c->has_cors, sizeof(c->has_cors));
	put_str(b, c->mirror.svc);
	put_str(b, c->mirror.ns);
	put_raw(b, &c->mirror.port, sizeof(c->mirror.port));
	put_raw(b, &c->mirror.port_given, sizeof(c->mirror.port_given));
	put_raw(b, &c->mirror.tls, sizeof(c->mirror.tls));
	put_str(b, c->mirror.path);
	put_raw(b, c->timeout, sizeof(c->timeout));
	put_raw(b, &c->retry_attempts, sizeof(c->retry_attempts));
	put_str(b, c->session_name);
	put_raw(b, &c->at_def, sizeof(c->at_def));
	put_raw(b, &c->at_alias, sizeof(c->at_alias));
	put_raw(b, &c->at_www, sizeof(c->at_www));
	put_raw(b, &c->at_mirror, sizeof(c->at_mirror));
	put_raw(b, &c->at_spec_def, sizeof(c->at_spec_def));
	put_strv(b, &c->www_from);
	put_strv(b, &c->www_to);
}

/* Read what cold_write wrote at p into a new record (allocated). */
static struct ing_cold *cold_read(const char *p)
{
	struct ing_cold *c = xcalloc(1, sizeof(*c));
	uint64_t n;

	get_raw(&p, &n, sizeof(n));
	c->npaths = (size_t)n;
	c->paths = n ? xcalloc((size_t)n, sizeof(*c->paths)) : NULL;
	for (size_t i = 0; i < c->npaths; i++) {
		struct gpath *gp = &c->paths[i];
		gp->host = get_str(&p);
		gp->path = get_str(&p);
		get_raw(&p, &gp->type, sizeof(gp->type));
		get_be(&p, &gp->be);
		get_raw(&p, &gp->pos, sizeof(gp->pos));
		gp->match_host = get_str(&p);
	}
	get_be(&p, &c->def);
	get_raw(&p, &c->has_ann_def, sizeof(c->has_ann_def));
	get_be(&p, &c->ann_def);
	conv_read(&c->cv, &p);
	get_raw(&p, &c->has_cors, sizeof(c->has_cors));
	c->mirror.svc = get_str(&p);
	c->mirror.ns = get_str(&p);
	get_raw(&p, &c->mirror.port, sizeof(c->mirror.port));
	get_raw(&p, &c->mirror.port_given, sizeof(c->mirror.port_given));
	get_raw(&p, &c->mirror.tls, sizeof(c->mirror.tls));
	c->mirror.path = get_str(&p);
	get_raw(&p, c->timeout, sizeof(c->timeout));
	get_raw(&p, &c->retry_attempts, sizeof(c->retry_attempts));
	c->session_name = get_str(&p);
	get_raw(&p, &c->at_def, sizeof(c->at_def));
	get_raw(&p, &c->at_alias, sizeof(c->at_alias));
	get_raw(&p, &c->at_www, sizeof(c->at_www));
	get_raw(&p, &c->at_mirror, sizeof(c->at_mirror));
	get_raw(&p, &c->at_spec_def, sizeof(c->at_spec_def));
	get_strv(&p, &c->www_from);
	get_strv(&p, &c->www_to);
	return c;
}

void gw_cold_store(struct gateway *g, struct ing *n)
{
	struct buf b = {0};

	cold_write(n->c, &b);
	n->cold_off = gw_store_put(&g->store, b.data ? b.data : "", b.len);
	n->cold_len = (uint32_t)b.len;
	buf_free(&b);
}

static int link_cmp(const void *a, const void *b)
{
	const struct canary_link *x = a, *y = b;

	if (x->ing != y->ing)
		return x->ing < y->ing ? -1 : 1;
	if (x->path != y->path)
		return x->path < y->path ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The canaries merged into the paths of n (loaded), from g->links. */
static void attach_canaries(struct gateway *g, struct ing *n)
{
	uint32_t k = (uint32_t)(n - g->ings);
	size_t lo = 0, hi = g->nlinks;

	if (g->nlinks == 0)
		return;
	if (!g->links_sorted) {
		qsort(g->links, g->nlinks, sizeof(*g->links), link_cmp);
		g->links_sorted = true;
	}
	while (lo < hi) {	/* the first link of n */
		size_t mid = lo + (hi - lo) / 2;
		if (g->links[mid].ing < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->nlinks && g->links[lo].ing == k; lo++) {
		struct gpath *p = &n->c->paths[g->links[lo].path];
		p->canaries = xrealloc(p->canaries, (p->ncanaries + 1) * sizeof(*p->canaries));
		p->canaries[p->ncanaries++] = g->links[lo].canary;
	}
}

struct ing_cold *gw_cold(struct gateway *g, const struct ing *n)
{
	struct ing *m = (struct ing *)n;	/* loading caches; n's facts are unchanged */
	char *text;

	if (m->c)
		return m->c;
	text = xmalloc(n->cold_len ? n->cold_len : 1);
	gw_store_get(&g->store, n->cold_off, text, n->cold_len);
	m->c = cold_read(text);
	free(text);
	attach_canaries(g, m);
	grow_array((void **)&g->loaded, &g->loadcap, g->nloaded + 1, sizeof(*g->loaded));
	g->loaded[g->nloaded++] = m;
	return m->c;
}

void gw_cold_drop(struct gateway *g)
{
	for (size_t i = 0; i < g->nloaded; i++) {
		gw_cold_free(g->loaded[i]->c);
		g->loaded[i]->c = NULL;
	}
	g->nloaded = 0;
}

void gw_cold_release(struct gateway *g, const struct ing *n)
{
	for (size_t i = 0; i < g->nloaded; i++)
		if (g->loaded[i] == n) {
			gw_cold_free(g->loaded[i]->c);
			g->loaded[i]->c = NULL;
			g->loaded[i] = g->loaded[--g->nloaded];
			return;
		}
}

uint64_t gw_path_hash(const char *host, const char *path)
{
	uint64_t h = 14695981039346656037ULL;

	for (const char *s = host; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h = (h ^ 0xffu) * 1099511628211ULL;	/* a byte no host has */
	for (const char *s = path; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
#ifndef NDEBUG
	{	/* tests make hashes meet (I2H_PATH_HASH_BITS=1): the texts decide */
		static int bits = -2;
		if (bits == -2) {
			const char *e = getenv("I2H_PATH_HASH_BITS");
			bits = e && *e ? atoi(e) : -1;
		}
		if (bits >= 0 && bits < 64)
			h &= ((uint64_t)1 << bits) - 1;
	}
#endif
	return h;
}
