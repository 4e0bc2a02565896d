/* check_cross.c - cross-Ingress semantics (see check_cross.h). */
#include "check_cross.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_regex.h"
#include "util.h"

/* One path of one Ingress-NGINX Ingress of the index. */
struct cross_ref {
	uint32_t ing;		/* index of the Ingress */
	uint32_t path;		/* index of the path */
	uint32_t hash;		/* of its host, case-folded (host_hash) */
};

/* Which hosts have paths of two Ingresses or more: 2-bit saturating
 * counters, each Ingress adding one to the two of each of its hosts. A
 * host whose counters both reach 2 may be shared (false positives cost
 * only memory); one of a single Ingress never is. Only such hosts need the
 * table: every check of a host is about the other Ingresses on it. */
struct shared_hosts {
	uint8_t *bits;		/* owned, 4 counters a byte */
	size_t mask;		/* counters - 1 */
};

#define SHARED_MIN_COUNTERS ((size_t)1 << 10)
#define SHARED_MAX_COUNTERS ((size_t)1 << 24)	/* 4 MiB: 2% false positives at 1.25 M hosts */

static uint64_t host_hash(const char *h)
{
	uint64_t x = 14695981039346656037u;	/* FNV-1a 64, case-folded */

	for (; *h; h++) {
		unsigned char c = (unsigned char)*h;
		x = (x ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211u;
	}
	return x;
}

static unsigned counter(const struct shared_hosts *sh, size_t i)
{
	return (sh->bits[i >> 2] >> ((i & 3) * 2)) & 3u;
}

static void bump(struct shared_hosts *sh, size_t i)
{
	if (counter(sh, i) < 2)
		sh->bits[i >> 2] = (uint8_t)(sh->bits[i >> 2] + (1u << ((i & 3) * 2)));
}

static bool maybe_shared(const struct shared_hosts *sh, uint64_t h)
{
	return counter(sh, (size_t)h & sh->mask) >= 2 && counter(sh, (size_t)(h >> 32) & sh->mask) >= 2;
}


struct cross {
	const struct index *ix;
	struct shared_hosts sh;	/* owned: the hosts the table may hold */
	struct cross_ref *v;	/* owned; sorted by host (hash, then text), path, serving order */
	size_t n;
	uint32_t *regex_by;	/* owned, per ref: the Ingress (index) that puts its
				 * host in regex mode, UINT32_MAX for none */
	size_t cursor;		/* self_in_index: where the next Ingress is looked for
				 * (moves as the const table is read) */
	uint32_t *grp_end;	/* owned, per ref: the end of its host+path group */
	uint32_t *nprim, *ncan;	/* owned, per ref: distinct primaries and canaries of its group */
	uint32_t *host_first;	/* owned, per ref: its host's Ingresses in host_ings */
	uint32_t *host_n;
	uint32_t *host_ings;	/* owned: per host, its distinct primaries in serving order */
	size_t nhost_ings;
};

#define MAX_NAMED 8	/* objects named in one message; the rest are counted */

static const struct index_ingress *ingress_of(const struct cross *cr, const struct cross_ref *r)
{
	return index_ingress_at(cr->ix, r->ing);
}

/* Does x come before y in ingress-nginx's order (store.go: the older
 * creationTimestamp first; equal ones by "namespace/name" descending)? An
 * Ingress without a timestamp counts as the newest (it is created when
 * applied). */
static int serve_cmp(const struct index *ix, const struct index_ingress *x, const struct index_ingress *y)
{
	const char *cx = index_str(ix, x->created), *cy = index_str(ix, y->created);
	int c;

	if (*cx && !*cy)
		return -1;
	if (!*cx && *cy)
		return 1;
	if ((c = strcmp(cx, cy)) != 0)
		return c;
	c = strcmp(x->ns ? index_str(ix, x->ns) : "default", y->ns ? index_str(ix, y->ns) : "default");
	if (c == 0)
		c = strcmp(index_str(ix, x->name), index_str(ix, y->name));
	if (c == 0)
		c = strcmp(index_str(ix, x->file), index_str(ix, y->file));
	if (c == 0)
		c = x->line < y->line ? 1 : x->line > y->line ? -1 : 0;
	return -c;
}

static const struct cross *sort_cr;	/* qsort has no user data */

/* Ref a against host (hash h) and path: hosts by hash, then by text. */
static int key_cmp(const struct index *ix, const struct cross_ref *a, uint32_t h, const char *host, const char *path)
{
	const struct index_path *pa;
	int c;

	if (a->hash != h)
		return a->hash < h ? -1 : 1;
	pa = index_path_at(ix, a->path);
	c = strcasecmp(index_str(ix, pa->host), host);
	return c || path == NULL ? c : strcmp(index_str(ix, pa->path), path);
}

static int ref_cmp_key(const struct cross *cr, size_t a, size_t b)
{
	const struct index_path *pb = index_path_at(cr->ix, cr->v[b].path);

	return key_cmp(cr->ix, &cr->v[a], cr->v[b].hash, index_str(cr->ix, pb->host), index_str(cr->ix, pb->path));
}

static int ref_cmp(const void *va, const void *vb)
{
	const struct cross_ref *a = va, *b = vb;
	const struct index_path *pb = index_path_at(sort_cr->ix, b->path);
	int c = key_cmp(sort_cr->ix, a, b->hash, index_str(sort_cr->ix, pb->host), index_str(sort_cr->ix, pb->path));

	return c ? c : serve_cmp(sort_cr->ix, ingress_of(sort_cr, a), ingress_of(sort_cr, b));
}

static void groups(struct cross *cr);
static bool same_host(const struct cross *cr, size_t a, size_t b);

/* Does path record p count: a path (not a host alone)? */
static bool is_path(const struct index *ix, uint32_t p)
{
	return index_path_at(ix, p)->path != 0;
}

static int u64_cmp(const void *va, const void *vb)
{
	uint64_t a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}

/* Count the hosts every Ingress names (of any class: a query may come
 * from one of another class), in its rules or its TLS entries, once per
 * Ingress. */
static void count_hosts(const struct index *ix, struct shared_hosts *sh)
{
	size_t n = SHARED_MIN_COUNTERS, cap = 0;
	uint64_t *hs = NULL;	/* the hashes of one Ingress */

	while (n < (index_npaths(ix) + index_nhosts(ix)) * 8 && n < SHARED_MAX_COUNTERS)
		n *= 2;
	sh->bits = xcalloc(n / 4, 1);
	sh->mask = n - 1;
	for (size_t i = 0; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		uint32_t first = x->first_path, np = x->npaths, ft = x->first_tls, nt = x->ntls;
		size_t k = 0;
		for (uint32_t p = 0; p < np; p++) {
			grow_array((void **)&hs, &cap, k + 1, sizeof(*hs));
			hs[k++] = host_hash(index_str(ix, index_path_at(ix, first + p)->host));
		}
		for (uint32_t t = 0; t < nt; t++) {
			const struct index_tls *tl = index_tls_at(ix, ft + t);
			uint32_t fh = tl->first_host, nh = tl->nhosts;
			for (uint32_t h = 0; h < nh; h++) {
				grow_array((void **)&hs, &cap, k + 1, sizeof(*hs));
				hs[k++] = host_hash(index_str(ix, index_host_at(ix, fh + h)));
			}
		}
		if (k > 1)
			qsort(hs, k, sizeof(*hs), u64_cmp);
		for (size_t j = 0; j < k; j++) {
			if (j > 0 && hs[j] == hs[j - 1])
				continue;
			bump(sh, (size_t)hs[j] & sh->mask);
			bump(sh, (size_t)(hs[j] >> 32) & sh->mask);
		}
	}
	free(hs);
}

bool cross_host_shared(const struct cross *cr, const char *host)
{
	return cr == NULL || maybe_shared(&cr->sh, host_hash(host));
}

struct cross *cross_new(const struct index *ix)
{
	struct cross *cr = xcalloc(1, sizeof(*cr));
	size_t cap = 0;

	cr->ix = ix;
	count_hosts(ix, &cr->sh);
	for (size_t i = 0; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		uint32_t first = x->first_path, np = x->npaths;
		if (!(x->flags & IX_NGINX))
			continue;
		for (uint32_t p = 0; p < np; p++) {
			uint64_t h;
			if (!is_path(ix, first + p))
				continue;	/* a host without paths */
			h = host_hash(index_str(ix, index_path_at(ix, first + p)->host));
			if (!maybe_shared(&cr->sh, h))
				continue;	/* a host of this Ingress only */
			grow_array((void **)&cr->v, &cap, cr->n + 1, sizeof(*cr->v));
			cr->v[cr->n].ing = (uint32_t)i;
			cr->v[cr->n].path = first + p;
			cr->v[cr->n++].hash = (uint32_t)h;
		}
	}
	sort_cr = cr;
	if (cr->n)
		qsort(cr->v, cr->n, sizeof(*cr->v), ref_cmp);
	cr->regex_by = xmalloc((cr->n ? cr->n : 1) * sizeof(*cr->regex_by));
	for (size_t a = 0, b; a < cr->n; a = b) {	/* per host: the first regex Ingress */
		bool hosted = index_path_at(ix, cr->v[a].path)->host != 0;
		uint32_t by = UINT32_MAX;
		for (b = a; b < cr->n && same_host(cr, a, b); b++) {
			const struct index_ingress *x = ingress_of(cr, &cr->v[b]);
			if (by == UINT32_MAX && hosted && (x->flags & (IX_USE_REGEX | IX_REWRITE)) && !(x->flags & IX_CANARY))
				by = cr->v[b].ing;
		}
		for (size_t k = a; k < b; k++)
			cr->regex_by[k] = by;
	}
	groups(cr);
	sort_cr = NULL;
	return cr;
}

/* Serving order, then index order (the same Ingress sorts together). */
static int ing_cmp(const void *va, const void *vb)
{
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;
	int c = a == b ? 0 : serve_cmp(sort_cr->ix, index_ingress_at(sort_cr->ix, a), index_ingress_at(sort_cr->ix, b));

	return c ? c : a < b ? -1 : a > b;
}

static bool same_host(const struct cross *cr, size_t a, size_t b)
{
	return cr->v[a].hash == cr->v[b].hash && strcasecmp(index_str(cr->ix, index_path_at(cr->ix, cr->v[a].path)->host),
			  index_str(cr->ix, index_path_at(cr->ix, cr->v[b].path)->host)) == 0;
}

/* The per-group facts, once: each host+path group's end and distinct
 * primaries and canaries; each host's distinct primaries in serving
 * order. Linear but for the sorts; nothing per Ingress of the index. */
static void groups(struct cross *cr)
{
	size_t n = cr->n ? cr->n : 1;

	cr->grp_end = xmalloc(n * sizeof(*cr->grp_end));
	cr->nprim = xmalloc(n * sizeof(*cr->nprim));
	cr->ncan = xmalloc(n * sizeof(*cr->ncan));
	cr->host_first = xmalloc(n * sizeof(*cr->host_first));
	cr->host_n = xmalloc(n * sizeof(*cr->host_n));
	cr->host_ings = xmalloc(n * sizeof(*cr->host_ings));
	for (size_t a = 0, b; a < cr->n; a = b) {
		uint32_t np = 0, nc = 0, last = UINT32_MAX;
		for (b = a; b < cr->n && ref_cmp_key(cr, a, b) == 0; b++) {
			if (cr->v[b].ing != last) {
				if (ingress_of(cr, &cr->v[b])->flags & IX_CANARY)
					nc++;
				else
					np++;
			}
			last = cr->v[b].ing;
		}
		for (size_t k = a; k < b; k++)
			cr->grp_end[k] = (uint32_t)b, cr->nprim[k] = np, cr->ncan[k] = nc;
	}
	for (size_t a = 0, b; a < cr->n; a = b) {
		size_t first = cr->nhost_ings, k = first;
		for (b = a; b < cr->n && same_host(cr, a, b); b++) {
			uint32_t i = cr->v[b].ing;
			if (!(index_ingress_at(cr->ix, i)->flags & IX_CANARY))
				cr->host_ings[cr->nhost_ings++] = i;
		}
		if (cr->nhost_ings - first > 1)
			qsort(cr->host_ings + first, cr->nhost_ings - first, sizeof(*cr->host_ings), ing_cmp);
		for (size_t j = first; j < cr->nhost_ings; j++)	/* each Ingress once */
			if (j == first || cr->host_ings[j] != cr->host_ings[k - 1])
				cr->host_ings[k++] = cr->host_ings[j];
		cr->nhost_ings = k;
		for (size_t j = a; j < b; j++)
			cr->host_first[j] = (uint32_t)first, cr->host_n[j] = (uint32_t)(cr->nhost_ings - first);
	}
}

/* The first ref of host+path (path NULL: of host), or SIZE_MAX; at once,
 * without a look at the index, for a host of one Ingress. */
static size_t find_first(const struct cross *cr, const char *host, const char *path)
{
	uint64_t h64 = host_hash(host);
	uint32_t h = (uint32_t)h64;
	size_t a = 0, b = cr->n;

	if (!maybe_shared(&cr->sh, h64))
		return SIZE_MAX;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (key_cmp(cr->ix, &cr->v[m], h, host, path) < 0)
			a = m + 1;
		else
			b = m;
	}
	return a < cr->n && key_cmp(cr->ix, &cr->v[a], h, host, path) == 0 ? a : SIZE_MAX;
}

/* The refs [*lo, return) of host+path (empty: lo == return). */
static size_t find_range(const struct cross *cr, const char *host, const char *path, size_t *lo)
{
	size_t a = find_first(cr, host, path);

	*lo = a == SIZE_MAX ? 0 : a;
	return a == SIZE_MAX ? 0 : cr->grp_end[a];
}

bool cross_host_regex(const struct cross *cr, const char *host, const struct index_ingress **who)
{
	size_t i;

	if (cr == NULL || host == NULL || *host == '\0' || (i = find_first(cr, host, NULL)) == SIZE_MAX ||
	    cr->regex_by[i] == UINT32_MAX)
		return false;
	if (who)
		*who = index_ingress_at(cr->ix, cr->regex_by[i]);
	return true;
}

void cross_free(struct cross *cr)
{
	if (cr == NULL)
		return;
	free(cr->sh.bits);
	free(cr->v);
	free(cr->regex_by);
	free(cr->grp_end);
	free(cr->nprim);
	free(cr->ncan);
	free(cr->host_first);
	free(cr->host_n);
	free(cr->host_ings);
	free(cr);
}

/* "'ns/name' (file:line)" appended to b. */
static void add_who(struct buf *b, const struct index *ix, const struct index_ingress *x)
{
	buf_printf(b, "'%s/%s' (%s:%u)", x->ns ? index_str(ix, x->ns) : "default", index_str(ix, x->name),
		   index_str(ix, x->file), (unsigned)x->line);
}

/* The index record of the Ingress being analysed (a copy in *self, its
 * index in *at), or false. The object pass meets the Ingresses in index
 * order (skipping some), so the search goes on from the last one found:
 * linear in the index over the whole pass. */
static bool self_in_index(const struct check_cross *c, struct index_ingress *self, uint32_t *at)
{
	struct cross *cr = (struct cross *)c->cr;	/* the cursor only; cr is not const */
	const struct index *ix = cr->ix;
	const char *file = stream_name(c->st);
	size_t line = c->ing->obj->pos.line, col = c->ing->obj->pos.column;

	for (size_t i = cr->cursor; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		if (x->line == line && x->col == col && strcmp(index_str(ix, x->file), file) == 0) {
			*at = (uint32_t)i;
			*self = *x;
			cr->cursor = i + 1;
			return true;
		}
	}
	return false;
}

static void add(const struct check_cross *c, const struct node *at, enum status status, enum severity sev,
		const char *rule, const char *msg, const char *fix)
{
	check_finding(c->out, c->st, c->ing, at ? at->pos : c->ing->obj->pos, status, sev, rule, msg, fix);
}

/* List the distinct Ingresses of refs [lo, hi) with canary role canary
 * into b ("a, b, c", at most MAX_NAMED, then "and N more"), total of
 * them; *first gets the first of them (its index). Walks no further than
 * it names. */
static void list_role(const struct cross *cr, size_t lo, size_t hi, bool canary, size_t total, struct buf *b,
		      uint32_t *first)
{
	size_t n = 0;
	uint32_t last = UINT32_MAX;

	*first = UINT32_MAX;
	for (size_t i = lo; i < hi && n < MAX_NAMED; i++) {
		const struct index_ingress *x = ingress_of(cr, &cr->v[i]);
		if (((x->flags & IX_CANARY) != 0) != canary || cr->v[i].ing == last)
			continue;
		last = cr->v[i].ing;
		if (n == 0)
			*first = cr->v[i].ing;
		if (n)
			buf_adds(b, ", ");
		add_who(b, cr->ix, x);
		n++;
	}
	if (total > n)
		buf_printf(b, " and %zu more", total - n);
}

static void path_checks(const struct check_cross *c, const struct index_ingress *self, uint32_t at,
			const struct ingress_path *p)
{
	const struct cross *cr = c->cr;
	const char *host = p->host ? p->host : "";
	size_t lo, hi = find_range(cr, host, p->path, &lo);
	uint32_t first;
	struct buf who = {0};
	bool canary = (self->flags & IX_CANARY) != 0;
	size_t nprim = lo < hi ? cr->nprim[lo] : 0;
	char *msg;

	if (!canary && nprim > 1)
		list_role(cr, lo, hi, false, nprim, &who, &first);

	if (!canary && nprim > 1) {
		bool wins = first == at;
		struct index_ingress fx = *index_ingress_at(cr->ix, first);
		msg = xasprintf("path '%s%s' is written by %zu Ingresses: %s; ingress-nginx serves it from the first, "
				"'%s/%s' (oldest creationTimestamp, then namespace/name descending)%s", host, p->path,
				nprim, buf_cstr(&who), fx.ns ? index_str(cr->ix, fx.ns) : "default",
				index_str(cr->ix, fx.name),
				wins ? "" : ", and ignores it here; higress and Gateway API decide by their own rules");
		add(c, p->path_node, wins ? ST_SUPPORTED : ST_PARTIAL, wins ? SEV_INFO : SEV_WARNING, "duplicate-path", msg,
		    wins ? NULL : "remove the path from every Ingress but the one that should serve it");
		free(msg);
	}
	who.len = 0;
	if (canary) {
		size_t ncan = lo < hi ? cr->ncan[lo] : 0;
		if (ncan > 1) {
			list_role(cr, lo, hi, true, ncan, &who, &first);
			msg = xasprintf("path '%s%s' has %zu canary Ingresses: %s; ingress-nginx allows one canary per "
					"rule and uses one of them only", host, p->path, ncan, buf_cstr(&who));
			add(c, p->path_node, ST_PARTIAL, SEV_WARNING, "canary-multiple", msg,
			    "keep one canary Ingress for the path");
			free(msg);
		}
		if (nprim == 0 && !c->gateway) {
			msg = xasprintf("canary path '%s%s' has no primary Ingress with the same host and path in the input; "
					"ingress-nginx ignores a canary without one, higress serves it as an ordinary route",
					host, p->path);
			add(c, p->path_node, ST_PARTIAL, SEV_ERROR, "canary-without-primary", msg,
			    "convert the primary Ingress in the same run, or drop the canary");
			free(msg);
		}
	}
	buf_free(&who);
}

static void contagion(const struct check_cross *c, const struct index_ingress *self, const struct ingress_path *p)
{
	const struct index_ingress *by = NULL;
	struct buf who = {0};
	char *msg;

	if (c->gateway || (self->flags & (IX_USE_REGEX | IX_REWRITE | IX_CANARY)) || p->host == NULL ||
	    !cross_host_regex(c->cr, p->host, &by))
		return;
	add_who(&who, c->cr->ix, by);
	msg = xasprintf("path '%s' is a case-insensitive regex '^%s' for ingress-nginx: Ingress %s sets '%s' on host "
			"'%s', which switches every path of the host to regexes; higress reads 'use-regex' per Ingress "
			"and keeps this path a prefix", p->path, p->path, buf_cstr(&who),
			by->flags & IX_USE_REGEX ? "use-regex" : "rewrite-target", p->host);
	add(c, p->path_node, ST_PARTIAL, SEV_WARNING, "regex-host-contagion", msg,
	    "set 'use-regex: \"true\"' on this Ingress too if the path is meant as a regex, or move the other "
	    "Ingress's regex paths to a host of their own");
	free(msg);
	buf_free(&who);
}

/* The distinct primaries with a path on host, in serving order
 * (borrowed from cr, *out; NULL when none); returns how many. */
static size_t host_ingresses(const struct cross *cr, const char *host, const uint32_t **out)
{
	size_t i = find_first(cr, host, NULL);

	*out = NULL;
	if (i == SIZE_MAX)
		return 0;
	*out = cr->host_ings + cr->host_first[i];
	return cr->host_n[i];
}

/* The value of setting key on Ingress x, or NULL. */
static const char *setting_of(const struct index *ix, const struct index_ingress *x, const char *key)
{
	for (uint32_t i = 0; i < x->nsettings; i++) {
		const struct index_setting *st = index_setting_at(ix, x->first_setting + i);
		if (strcmp(index_str(ix, st->key), key) == 0)
			return index_str(ix, st->value);
	}
	return NULL;
}

/* The annotation key node of short name key on the Ingress, or NULL. */
static const struct node *ann_key(const struct check_cross *c, const char *key)
{
	const struct node *k = NULL;

	for (size_t i = 0; i < c->ing->nann; i++) {
		const char *slash = strrchr(c->ing->ann[i].key, '/');
		if (slash && strcmp(slash + 1, key) == 0)
			k = c->ing->ann[i].knode;
	}
	return k;
}

/* Server-level annotations of self on a host it shares: ingress-nginx
 * takes the oldest Ingress's value for the whole host. */
static void shared_settings(const struct check_cross *c, const struct index_ingress *self, uint32_t at,
			    const char *host)
{
	const struct index *ix = c->cr->ix;
	const uint32_t *ings;
	size_t n = host_ingresses(c->cr, host, &ings);

	for (uint32_t s = 0; n > 1 && s < self->nsettings; s++) {
		/* copied: the loops below read other strings of the index */
		char *key = xstrdup(index_str(ix, index_setting_at(ix, self->first_setting + s)->key));
		uint32_t winner = UINT32_MAX;	/* self at the latest */
		bool mine;
		struct buf others = {0};
		size_t named = 0;
		char *msg;
		for (size_t i = 0; i < n && winner == UINT32_MAX; i++)
			if (setting_of(ix, index_ingress_at(ix, ings[i]), key))
				winner = ings[i];
		mine = winner == UINT32_MAX || winner == at;
		for (size_t i = 0; i < n && named < MAX_NAMED && mine; i++) {
			if (ings[i] == at)
				continue;
			if (named++)
				buf_adds(&others, ", ");
			add_who(&others, ix, index_ingress_at(ix, ings[i]));
		}
		if (n - 1 > named && mine)
			buf_printf(&others, " and %zu more", n - 1 - named);
		if (mine) {
			msg = xasprintf("'%s' is a server-level setting: ingress-nginx applies it to all of host '%s', "
					"also to the paths of %s; converted, each Ingress keeps its own annotations, so check "
					"what the target applies to their routes",
					key, host, buf_cstr(&others));
		} else {
			struct buf w = {0};
			add_who(&w, ix, index_ingress_at(ix, winner));
			msg = xasprintf("'%s' is a server-level setting and Ingress %s, older on host '%s', sets it too: "
					"ingress-nginx uses that one's value for the whole host (the oldest Ingress wins) "
					"and ignores this one; converted, this Ingress keeps its own value",
					key, buf_cstr(&w), host);
			buf_free(&w);
		}
		add(c, ann_key(c, key), ST_PARTIAL, SEV_WARNING, "shared-host-setting", msg,
		    "set it the same on every Ingress of the host, or give the host one Ingress");
		free(msg);
		free(key);
		buf_free(&others);
	}
}

static void tls_without_secret(const struct check_cross *c)
{
	struct node *tls = node_get(c->ing->spec, "tls");

	for (size_t i = 0; tls && tls->type == N_SEQUENCE && i < tls->nkids; i++) {
		const char *s = node_get_str(tls->kids[i], "secretName");
		if (s && *s)
			continue;
		add(c, tls->kids[i], ST_PARTIAL, SEV_WARNING, "tls-without-secret",
		    "this TLS entry has no 'secretName': ingress-nginx serves its hosts with the controller's default "
		    "certificate (and still redirects HTTP to HTTPS); check that the target has a certificate for them",
		    "name the certificate's Secret in 'secretName'");
	}
}

void check_cross_ingress(const struct check_cross *c)
{
	struct index_ingress self;
	uint32_t at;

	tls_without_secret(c);
	if (c->cr == NULL || !self_in_index(c, &self, &at) || !(self.flags & IX_NGINX))
		return;
	for (size_t i = 0; i < c->ing->npaths; i++) {
		const struct ingress_path *p = &c->ing->paths[i];
		if (p->path == NULL || p->path_node == NULL)
			continue;
		path_checks(c, &self, at, p);
		contagion(c, &self, p);
	}
	if (self.nsettings && !(self.flags & IX_CANARY)) {
		/* once per distinct host */
		for (size_t i = 0; i < c->ing->npaths; i++) {
			const char *h = c->ing->paths[i].host;
			bool seen = false;
			for (size_t j = 0; h && j < i && !seen; j++)
				seen = c->ing->paths[j].host && strcasecmp(c->ing->paths[j].host, h) == 0;
			if (h && !seen)
				shared_settings(c, &self, at, h);
		}
	}
}
