/* emit_gateway.c - the Gateway API target (see emit_gateway.h): the
 * emitter's life, findings, names, output objects, the whole-input
 * decisions (oldest wins, canaries, aliases, www redirects, default
 * backends) and gateway_finish, which runs the emit_gateway_*.c writers
 * and sorts what they emit. */
#include "emit_gateway_impl.h"

struct gateway *gateway_new(const struct gateway_options *opt, struct findings *out)
{
	struct gateway *g = xcalloc(1, sizeof(*g));

	g->opt = opt;
	g->out = out;
	gw_store_init(&g->store);
	return g;
}

void gateway_free(struct gateway *g)
{
	if (g == NULL)
		return;
	gw_cold_drop(g);
	for (size_t i = 0; i < g->nings; i++) {
		struct ing *n = &g->ings[i];
		free(n->tls);
		gw_cold_free(n->c);
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
	free(g->objs);
	free(g->regex_hosts);
	free(g->secrets);
	free(g->pass);
	free(g->loaded);
	free(g->pkeys);
	free(g->links);
	free(g->by_age);
	gw_store_free(&g->store);
	gw_arena_free(&g->strs);
	free(g->hsts);
	free(g);
}

void gateway_use_index(struct gateway *g, const struct index *ix)
{
	g->ix = ix;
	free(g->secrets);
	g->secrets = index_secrets_sorted(ix, IXS_V1, 0, &g->nsecrets);
}

/* Findings --------------------------------------------------------------- */

void gw_finding(struct gateway *g, const struct ing *n, const struct pos *at, enum status st,
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
char *gw_label(const char *prefix, const char *s)
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

void gw_add_obj(struct gateway *g, const char *kind, const char *ns, const char *name, struct buf *text)
{
	struct out_obj *o;

	if (g->findings_only) {
		buf_free(text);
		return;
	}
	gw_grow((void **)&g->objs, &g->objcap, g->nobjs + 1, sizeof(*g->objs));
	o = &g->objs[g->nobjs++];
	o->kind = kind;
	o->ns = gw_arena_dup(&g->strs, ns);
	o->name = gw_arena_dup(&g->strs, name);
	o->len = text->len;
	o->off = gw_store_put(&g->store, text->data ? text->data : "", text->len);
	buf_free(text);
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

void gw_header(struct yw *w, const char *kind, const char *ns, const char *name, const char *from)
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

char *gw_provenance(const struct ing *n)
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

/* Finish ------------------------------------------------------------------------ */

/* Is a older than b for "oldest wins" (timestamps are RFC 3339 UTC, which
 * sort as strings; a missing one counts as newest)? */
bool gw_older(const struct ing *a, const struct ing *b)
{
	if (*a->created && !*b->created)
		return true;
	if (!*a->created)
		return false;
	return strcmp(a->created, b->created) < 0;
}

/* Path keys by hash, then age, then path. */
static int pkey_cmp(const void *a, const void *b)
{
	const struct path_key *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->ing != y->ing)
		return x->ing < y->ing ? -1 : 1;
	return x->path < y->path ? -1 : x->path > y->path;
}

struct age_key {
	const char *created;
	uint32_t ing;
};

/* "oldest wins" order: gw_older, then the Ingress order. */
static int age_cmp(const void *a, const void *b)
{
	const struct age_key *x = a, *y = b;
	int c;

	if (!*x->created != !*y->created)
		return *x->created ? -1 : 1;	/* a missing timestamp counts as newest */
	c = strcmp(x->created, y->created);
	return c ? c : x->ing < y->ing ? -1 : x->ing > y->ing;
}

/* After the Ingresses are sorted: their age (g->by_age), the path keys
 * naming Ingresses by age, primaries' first (g->nprimary of them, sorted
 * by pkey_cmp). Temporary arrays only. */
static void order_paths(struct gateway *g)
{
	uint32_t *index_of = xcalloc(g->nings ? g->nings : 1, sizeof(*index_of));
	struct age_key *ages = xcalloc(g->nings ? g->nings : 1, sizeof(*ages));
	size_t u = 0;

	for (size_t k = 0; k < g->nings; k++) {
		index_of[g->ings[k].seq] = (uint32_t)k;
		ages[k].created = g->ings[k].created;
		ages[k].ing = (uint32_t)k;
	}
	if (g->nings)
		qsort(ages, g->nings, sizeof(*ages), age_cmp);
	g->by_age = xcalloc(g->nings ? g->nings : 1, sizeof(*g->by_age));
	for (size_t a = 0; a < g->nings; a++) {
		g->by_age[a] = ages[a].ing;
		g->ings[ages[a].ing].age = (uint32_t)a;
	}
	for (size_t i = 0; i < g->npkeys; i++)
		g->pkeys[i].ing = g->ings[index_of[g->pkeys[i].ing]].age;
	for (size_t i = 0; i < g->npkeys; i++)	/* primaries first */
		if (!g->ings[g->by_age[g->pkeys[i].ing]].canary) {
			struct path_key t = g->pkeys[u];
			g->pkeys[u++] = g->pkeys[i];
			g->pkeys[i] = t;
		}
	g->nprimary = u;
	if (u)
		qsort(g->pkeys, u, sizeof(*g->pkeys), pkey_cmp);
	free(index_of);
	free(ages);
}

/* Two primaries with one host and path: ingress-nginx serves the oldest;
 * Gateway API gives the path to the HTTPRoute created first, which the
 * converted objects do not fix. Report the newer one. Paths whose hashes
 * meet are compared by their text (loaded); the findings come in the
 * order of host, path and age. */
struct conflict {
	char *host, *path;	/* owned */
	uint32_t ing, path_index;	/* the Ingress (index) and its path */
	uint32_t age;
	struct pos pos;
	uint32_t older;		/* the older Ingress (index) */
};

static int conflict_cmp(const void *a, const void *b)
{
	const struct conflict *x = a, *y = b;
	int c = strcmp(x->host, y->host);

	if (c == 0)
		c = strcmp(x->path, y->path);
	if (c == 0 && x->age != y->age)
		c = x->age < y->age ? -1 : 1;
	if (c == 0)
		c = x->path_index < y->path_index ? -1 : x->path_index > y->path_index;
	return c;
}

/* The text of the paths of keys k[0..n) (one hash) into v (owned). */
static void load_group(struct gateway *g, const struct path_key *k, size_t n, struct conflict *v)
{
	for (size_t i = 0; i < n; i++) {
		const struct ing *x = &g->ings[g->by_age[k[i].ing]];
		const struct gpath *gp = &gw_cold(g, x)->paths[k[i].path];
		v[i].host = xstrdup(gp->host);
		v[i].path = xstrdup(gp->path);
		v[i].ing = g->by_age[k[i].ing];
		v[i].path_index = k[i].path;
		v[i].age = k[i].ing;
		v[i].pos = gp->pos;
		gw_cold_release(g, x);
	}
}

static void shadowed_paths(struct gateway *g)
{
	struct conflict *found = NULL, *v = NULL;
	size_t nfound = 0, cap = 0, vcap = 0;

	for (size_t i0 = 0, i1; i0 < g->nprimary; i0 = i1) {
		bool two = false;
		for (i1 = i0 + 1; i1 < g->nprimary && g->pkeys[i1].hash == g->pkeys[i0].hash; i1++)
			two = two || g->pkeys[i1].ing != g->pkeys[i0].ing;
		if (!two)
			continue;	/* one Ingress's paths only */
		grow_array((void **)&v, &vcap, i1 - i0, sizeof(*v));
		load_group(g, g->pkeys + i0, i1 - i0, v);
		qsort(v, i1 - i0, sizeof(*v), conflict_cmp);
		for (size_t i = 1, first = 0; i < i1 - i0; i++) {
			if (strcmp(v[i].host, v[first].host) != 0 || strcmp(v[i].path, v[first].path) != 0) {
				first = i;
				continue;
			}
			if (v[i].ing == v[first].ing || !gw_older(&g->ings[v[first].ing], &g->ings[v[i].ing]))
				continue;
			grow_array((void **)&found, &cap, nfound + 1, sizeof(*found));
			found[nfound] = v[i];
			found[nfound].host = xstrdup(v[i].host);
			found[nfound].path = xstrdup(v[i].path);
			found[nfound++].older = v[first].ing;
		}
		for (size_t i = 0; i < i1 - i0; i++) {
			free(v[i].host);
			free(v[i].path);
		}
	}
	free(v);
	if (nfound)
		qsort(found, nfound, sizeof(*found), conflict_cmp);
	for (size_t i = 0; i < nfound; i++) {
		const struct ing *x = &g->ings[found[i].ing], *y = &g->ings[found[i].older];
		char *msg = xasprintf("path '%s%s' is also in the older Ingress '%s/%s', which ingress-nginx serves; "
				      "Gateway API gives it to the HTTPRoute created first",
				      found[i].host, found[i].path, y->ns, y->name);
		gw_finding(g, x, &found[i].pos, ST_PARTIAL, SEV_WARNING, "gateway-path-conflict", msg,
			"remove the path from this Ingress, or apply the older one's route first");
		free(msg);
		free(found[i].host);
		free(found[i].path);
	}
	free(found);
}

/* Link canary path cp of Ingress c to the primary path with its host and
 * path: the oldest primary's first, as ingress-nginx merges it. */
static void merge_canary_path(struct gateway *g, size_t c, size_t cp)
{
	const struct gpath *p = &g->ings[c].c->paths[cp];
	uint64_t h = gw_path_hash(p->host, p->path);
	size_t lo = 0, hi = g->nprimary;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->pkeys[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->nprimary && g->pkeys[lo].hash == h; lo++) {
		const struct ing *pn = &g->ings[g->by_age[g->pkeys[lo].ing]];
		const struct gpath *q = &gw_cold(g, pn)->paths[g->pkeys[lo].path];
		bool same = strcmp(q->host, p->host) == 0 && strcmp(q->path, p->path) == 0;
		gw_cold_release(g, pn);
		if (!same)
			continue;
		grow_array((void **)&g->links, &g->linkcap, g->nlinks + 1, sizeof(*g->links));
		g->links[g->nlinks].ing = g->by_age[g->pkeys[lo].ing];
		g->links[g->nlinks].path = g->pkeys[lo].path;
		g->links[g->nlinks].canary = (uint32_t)c;
		g->links[g->nlinks].seq = (uint32_t)g->nlinks;
		g->nlinks++;
		g->links_sorted = false;
		return;
	}
	char *msg = xasprintf("canary path '%s%s' has no primary Ingress with the same host and path in the input: "
			      "it is not converted", p->host, p->path);
	gw_finding(g, &g->ings[c], &p->pos, ST_UNSUPPORTED, SEV_ERROR, "gateway-canary-without-primary", msg,
		"convert the primary Ingress in the same run");
	free(msg);
}

static void merge_canaries(struct gateway *g)
{
	for (size_t c = 0; c < g->nings; c++) {
		struct ing *cn = &g->ings[c];
		if (!cn->canary)
			continue;
		for (size_t cp = 0; cp < gw_cold(g, cn)->npaths; cp++)
			merge_canary_path(g, c, cp);
		gw_cold_drop(g);
	}
}

/* Aliases, www redirects, default backends, mirrors -------------------------- */

static struct svc *find_svc(struct gateway *g, const char *ns, const char *name)
{
	struct svc key;
	struct svc *s;

	key.key = xasprintf("%s/%s", ns, name);
	s = g->nsvcs ? bsearch(&key, g->svcs, g->nsvcs, sizeof(*g->svcs), gw_svc_cmp) : NULL;
	free(key.key);
	return s;
}

/* spec.defaultBackend: say which hosts get the lowest-precedence rule. */
static void report_spec_default(struct gateway *g, const struct ing *n)
{
	struct buf hosts = {0};
	char *msg;

	if (!n->has_def || n->canary || !gw_usable(&gw_cold(g, n)->def))
		return;
	for (size_t p = 0; p < n->c->npaths; p++) {
		const char *h = n->c->paths[p].host;
		bool seen = false;
		for (size_t q = 0; q < p && !seen; q++)
			seen = strcmp(n->c->paths[q].host, h) == 0;
		if (*h && !seen && gw_default_backend(n, h))
			buf_printf(&hosts, "%s'%s'", hosts.len ? ", " : "", h);
	}
	if (n->nrules == 0)
		msg = xasprintf("'spec.defaultBackend' of an Ingress without rules becomes a route without "
				"'hostnames' whose %s rule takes what no other route matches, like ingress-nginx's default "
				"server", CONV_PROTO_IS_GRPC(n->protocol) ? "match-all" : "PathPrefix '/'");
	else if (hosts.len)
		msg = xasprintf("'spec.defaultBackend' becomes a lowest-precedence %s rule for %s; ingress-nginx "
				"gave a host's unmatched paths to it only when this Ingress was the oldest with the host",
				CONV_PROTO_IS_GRPC(n->protocol) ? "match-all" : "PathPrefix '/'", buf_cstr(&hosts));
	else
		msg = NULL;
	buf_free(&hosts);
	if (msg == NULL)
		return;
	gw_finding(g, n, &gw_cold(g, n)->at_spec_def, ST_CONVERTED, SEV_INFO, "gateway-default-backend", msg, NULL);
	free(msg);
}

/* default-backend: the Service's first port, as ingress-nginx uses it
 * (n->c->ann_def, owned by the cold record). True when it is set: the
 * record has changed. */
static bool resolve_default_backend(struct gateway *g, struct ing *n)
{
	struct svc *s;
	char *msg;

	if (!n->ann_default || n->canary || CONV_PROTO_IS_GRPC(n->protocol))
		return false;
	if (n->has_def)
		return false;	/* judge said so */
	(void)gw_cold(g, n);
	s = find_svc(g, n->ns, n->c->cv.default_backend);
	if (s == NULL || s->nports == 0 || s->ports[0] < 1) {
		msg = xasprintf("Service '%s/%s' of 'default-backend' is %s: its first port, which ingress-nginx uses, "
				"is unknown, so no default rule is written", n->ns, n->c->cv.default_backend,
				s ? "without a numbered port" : "not in the input");
		gw_finding(g, n, &n->c->at_def, ST_PARTIAL, SEV_ERROR, "gateway-service-missing", msg,
			"include the Services in the input: kubectl get ingress,svc -A -o yaml");
		free(msg);
		return false;
	}
	n->c->has_ann_def = true;
	n->c->ann_def.svc = xstrdup(n->c->cv.default_backend);
	n->c->ann_def.port = s->ports[0];
	return true;
}

/* The mirror's Service port, when the Service is in the input. */
static void check_mirror(struct gateway *g, struct ing *n)
{
	struct svc *s;
	char *msg;

	if (!n->has_mirror)
		return;
	(void)gw_cold(g, n);
	s = find_svc(g, n->c->mirror.ns, n->c->mirror.svc);
	if (s == NULL)
		return;		/* a Service of another namespace may well be left out */
	for (size_t i = 0; i < s->nports; i++)
		if (s->ports[i] == n->c->mirror.port)
			return;
	msg = xasprintf("Service '%s/%s' has no port %ld: the RequestMirror filter is not written, so requests "
			"are no longer mirrored", n->c->mirror.ns, n->c->mirror.svc, n->c->mirror.port);
	gw_finding(g, n, &n->c->at_mirror, ST_PARTIAL, SEV_ERROR, "gateway-service-port-missing", msg,
		n->c->mirror.port_given ? NULL : "write the Service port in the mirror-target URL");
	free(msg);
	n->has_mirror = false;
}

/* Every host of the primary Ingresses, sorted (for aliases and www
 * redirects: ingress-nginx leaves a name that has its own server alone),
 * read from their cold records (none may be loaded). Allocated strings
 * and array: free_hosts frees them. */
static const char **all_hosts(struct gateway *g, size_t *count)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;

	for (size_t k = 0; k < g->nings; k++) {
		const struct ing_cold *c;
		if (g->ings[k].canary)
			continue;
		c = gw_cold(g, &g->ings[k]);
		for (size_t p = 0; p < c->npaths; p++) {
			if (!*c->paths[p].host)
				continue;
			grow_array((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = xstrdup(c->paths[p].host);
		}
		gw_cold_release(g, &g->ings[k]);
	}
	if (n)
		qsort(v, n, sizeof(*v), gw_str_cmp);
	*count = n;
	return v;
}

static void free_hosts(const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)v[i]);
	free(v);
}

static bool in_hosts(const char **hosts, size_t n, const char *h)
{
	return n && bsearch(&h, hosts, n, sizeof(*hosts), gw_str_cmp) != NULL;
}

static const struct tls *tls_entry(const struct ing *n, const char *host)
{
	for (size_t t = 0; t < n->ntls; t++)
		if (strcmp(n->tls[t].host, host) == 0)
			return &n->tls[t];
	return NULL;
}

/* A TLS entry for host with secret (both copied into g's arena). */
static void add_tls(struct gateway *g, struct ing *n, const char *host, const char *secret)
{
	n->tls = xrealloc(n->tls, (n->ntls + 1) * sizeof(*n->tls));
	n->tls[n->ntls].host = gw_arena_dup(&g->strs, host);
	n->tls[n->ntls++].secret = gw_arena_dup(&g->strs, secret);
}

/* server-alias: the paths of the Ingress's first host again under each
 * alias name (the route then lists it among its hostnames), with the
 * host's certificate where the host has TLS. The copies (paths, TLS
 * entries) go to n's cold record (loaded) and its TLS list; hosts is borrowed. */
static void expand_aliases(struct gateway *g, struct ing *n, const char **hosts, size_t nhosts)
{
	const char *host = NULL;
	struct strv names = {0};
	struct buf bad = {0}, taken = {0}, added = {0};
	size_t npaths = n->c->npaths;

	for (size_t p = 0; p < npaths && !host; p++)
		if (*n->c->paths[p].host)
			host = n->c->paths[p].host;
	if (host == NULL) {
		gw_finding(g, n, &n->c->at_alias, ST_UNSUPPORTED, SEV_WARNING, "gateway-server-alias",
			"the Ingress has no rule with a host: the alias names have no route to join", NULL);
		return;
	}
	gw_split_list(n->c->cv.server_alias, ",", &names);
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
		if (!gw_valid_hostname(al)) {
			buf_printf(&bad, "%s'%s'", bad.len ? ", " : "", al);
			continue;
		}
		if (strcmp(al, host) == 0 || in_hosts(hosts, nhosts, al)) {
			buf_printf(&taken, "%s'%s'", taken.len ? ", " : "", al);
			continue;
		}
		for (size_t p = 0; p < npaths; p++) {
			struct gpath *src, *cp;
			if (strcmp(n->c->paths[p].host, host) != 0)
				continue;
			n->c->paths = xrealloc(n->c->paths, (n->c->npaths + 1) * sizeof(*n->c->paths));
			src = &n->c->paths[p];
			cp = &n->c->paths[n->c->npaths++];
			*cp = *src;
			cp->host = xstrdup(al);
			cp->path = xstrdup(src->path);
			cp->be.svc = src->be.svc ? xstrdup(src->be.svc) : NULL;
			cp->be.port_name = src->be.port_name ? xstrdup(src->be.port_name) : NULL;
			cp->canaries = src->ncanaries ? xcalloc(src->ncanaries, sizeof(*cp->canaries)) : NULL;
			if (src->ncanaries)
				memcpy(cp->canaries, src->canaries, src->ncanaries * sizeof(*cp->canaries));
			cp->match_host = xstrdup(src->match_host ? src->match_host : host);
			for (size_t c = 0; c < cp->ncanaries; c++) {	/* the copy's canaries, when reloaded */
				grow_array((void **)&g->links, &g->linkcap, g->nlinks + 1, sizeof(*g->links));
				g->links[g->nlinks].ing = (uint32_t)(n - g->ings);
				g->links[g->nlinks].path = (uint32_t)(n->c->npaths - 1);
				g->links[g->nlinks].canary = (uint32_t)cp->canaries[c];
				g->links[g->nlinks].seq = (uint32_t)g->nlinks;
				g->nlinks++;
				g->links_sorted = false;
			}
		}
		t = tls_entry(n, host);
		if (t && t->secret && !tls_entry(n, al))
			add_tls(g, n, al, t->secret);
		buf_printf(&added, "%s'%s'", added.len ? ", " : "", al);
	}
	if (added.len && tls_entry(n, host) && tls_entry(n, host)->secret) {
		char *msg = xasprintf("HTTPS listeners with the certificate '%s' of host '%s' serve the alias names, "
				      "as ingress-nginx did; it must cover them: %s", tls_entry(n, host)->secret, host,
				      buf_cstr(&added));
		gw_finding(g, n, &n->c->at_alias, ST_CONVERTED, SEV_INFO, "gateway-server-alias", msg, NULL);
		free(msg);
	}
	if (bad.len) {
		char *msg = xasprintf("not added, no hostname form in Gateway API (regular expressions, '*' inside a "
				      "name): %s; requests for these names no longer reach this Ingress's backends",
				      buf_cstr(&bad));
		gw_finding(g, n, &n->c->at_alias, ST_UNSUPPORTED, SEV_ERROR, "gateway-server-alias", msg,
			"list the names the regular expression stood for");
		free(msg);
	}
	if (taken.len) {
		char *msg = xasprintf("not added, hosts with rules of their own, which ingress-nginx serves from those "
				      "rules, ignoring the alias: %s", buf_cstr(&taken));
		gw_finding(g, n, &n->c->at_alias, ST_IGNORED, SEV_INFO, "gateway-server-alias", msg, NULL);
		free(msg);
	}
	gw_strv_free(&names);
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

	for (size_t p = 0; p < n->c->npaths; p++) {
		const char *h = n->c->paths[p].host;
		const struct tls *t;
		char *other;
		bool seen = false;
		if (!*h || n->c->paths[p].match_host || strncmp(h, "*.", 2) == 0)
			continue;
		for (size_t q = 0; q < p && !seen; q++)
			seen = strcmp(n->c->paths[q].host, h) == 0;
		for (size_t q = 0; q < n->c->www_to.n && !seen; q++)
			seen = strcmp(n->c->www_to.v[q], h) == 0;
		if (seen)
			continue;
		other = strncmp(h, "www.", 4) == 0 ? xstrdup(h + 4) : xasprintf("www.%s", h);
		if (!gw_valid_hostname(other) || strchr(other, '.') == NULL) {
			free(other);
			continue;
		}
		if (in_hosts(hosts, nhosts, other)) {
			buf_printf(&own, "%s'%s'", own.len ? ", " : "", other);
			free(other);
			continue;
		}
		gw_strv_add(&n->c->www_from, other, strlen(other));
		gw_strv_add(&n->c->www_to, h, strlen(h));
		t = tls_entry(n, h);
		if (t && t->secret && !tls_entry(n, other)) {
			const char *secret = t->secret;	/* owned by the entry, not the array */
			add_tls(g, n, other, secret);
			buf_printf(&tls, "%s'%s' ('%s')", tls.len ? ", " : "", other, secret);
		}
		free(other);
	}
	if (own.len) {
		char *msg = xasprintf("no redirect written for names with rules of their own in the input, which "
				      "ingress-nginx leaves to those rules: %s", buf_cstr(&own));
		gw_finding(g, n, &n->c->at_www, ST_IGNORED, SEV_INFO, "gateway-www-redirect", msg, NULL);
		free(msg);
	}
	if (tls.len) {
		char *msg = xasprintf("the redirects are also served over HTTPS, by listeners with the certificate of "
				      "the host they redirect to, which must cover the name, as ingress-nginx required: %s",
				      buf_cstr(&tls));
		gw_finding(g, n, &n->c->at_www, ST_CONVERTED, SEV_INFO, "gateway-www-redirect", msg, NULL);
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
		any = !g->ings[k].canary && !CONV_PROTO_IS_GRPC(g->ings[k].protocol) &&
		      (g->ings[k].has_alias || g->ings[k].from_to_www);
	if (!any)
		return;
	hosts = all_hosts(g, &nhosts);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->canary || CONV_PROTO_IS_GRPC(n->protocol))
			continue;	/* a GRPCRoute carries neither (grpc_not_carried) */
		if (n->has_alias && *gw_cold(g, n)->cv.server_alias) {
			expand_aliases(g, n, hosts, nhosts);
			gw_cold_store(g, n);	/* the alias paths, for the route writer */
		}
		gw_cold_drop(g);
	}
	free_hosts(hosts, nhosts);
	/* the alias names count as hosts of their own for the www check */
	hosts = all_hosts(g, &nhosts);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->canary || CONV_PROTO_IS_GRPC(n->protocol) || !n->from_to_www)
			continue;
		(void)gw_cold(g, n);
		plan_www(g, n, hosts, nhosts);
		if (n->c->www_from.n)
			gw_cold_store(g, n);	/* the redirects, for the route writer */
		gw_cold_drop(g);
	}
	free_hosts(hosts, nhosts);
}

/* The findings the route writer lets wait before it has them delivered. */
#define FLUSH_AT 64

/* Make every object (their text too unless findings_only) and the
 * findings of whole-input decisions; the objects end sorted. */
static void finish_objects(struct gateway *g, bool findings_only)
{
	struct listeners ls = {0};

	g->findings_only = findings_only;
	if (g->nsvcs)
		qsort(g->svcs, g->nsvcs, sizeof(*g->svcs), gw_svc_cmp);
	if (g->nings)
		qsort(g->ings, g->nings, sizeof(*g->ings), ing_cmp);
	order_paths(g);
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		bool changed = false;
		if (n->named_port) {
			struct ing_cold *c = gw_cold(g, n);
			for (size_t p = 0; p < c->npaths; p++)
				gw_resolve_port(g, n, &c->paths[p].be, &c->paths[p].pos);
			if (n->has_def)
				gw_resolve_port(g, n, &c->def, NULL);
			changed = true;
		}
		changed = resolve_default_backend(g, n) || changed;
		report_spec_default(g, n);
		check_mirror(g, n);
		if (changed)
			gw_cold_store(g, n);	/* the resolved ports, for the route writer */
		gw_cold_drop(g);
	}
	if (g->nregex)
		qsort(g->regex_hosts, g->nregex, sizeof(char *), gw_str_cmp);
	shadowed_paths(g);
	merge_canaries(g);
	expand_hosts(g);
	gw_find_passthrough(g);
	gw_learn_listeners(g, &ls);
	if (g->opt->attach == NULL)
		gw_gateway_objects(g, &ls);
	for (size_t k = 0; k < g->nings; k++)
		if (!g->ings[k].canary) {
			gw_route_objects(g, &g->ings[k], &ls);
			gw_www_routes(g, &g->ings[k], &ls);
			gw_cold_drop(g);	/* its record and its canaries' */
			if (g->opt->flush && g->out->n >= FLUSH_AT)
				g->opt->flush(g->opt->flush_ud);
		}
	gw_mirror_grants(g);
	gw_cold_drop(g);
	gw_all_tls_routes(g, &ls);
	gw_backend_tls_policies(g);
	gw_cold_drop(g);
	if (g->nobjs)
		qsort(g->objs, g->nobjs, sizeof(*g->objs), obj_cmp);
	free(ls.v);	/* its names are in g->strs */
}

/* Bytes gateway_finish_to gathers before it writes them out. */
#define OUT_BATCH ((size_t)64 << 10)

/* The text of object o, read from the store into *text (grown as needed;
 * the caller's, freed with free(3)). */
static const char *obj_text(struct gateway *g, const struct out_obj *o, char **text, size_t *cap)
{
	grow_array((void **)text, cap, o->len + 1, 1);
	gw_store_get(&g->store, o->off, *text, o->len);
	(*text)[o->len] = '\0';
	return *text;
}

void gateway_finish(struct gateway *g, struct buf *out)
{
	char *text = NULL;
	size_t cap = 0;

	finish_objects(g, out == NULL);
	for (size_t i = 0; out && i < g->nobjs; i++)
		buf_add(out, obj_text(g, &g->objs[i], &text, &cap), g->objs[i].len);
	free(text);
}

int gateway_finish_to(struct gateway *g, FILE *out, size_t *written)
{
	struct buf batch = {0};
	int rc = 0;

	*written = 0;
	finish_objects(g, false);
	for (size_t i = 0; i < g->nobjs && rc == 0; i++) {
		/* read each object straight into a batch, written out in
		 * pieces of OUT_BATCH bytes or more, not one write per object */
		size_t n = g->objs[i].len;
		buf_reserve(&batch, n);
		gw_store_get(&g->store, g->objs[i].off, batch.data + batch.len, n);
		batch.len += n;
		batch.data[batch.len] = '\0';
		if (batch.len >= OUT_BATCH || i + 1 == g->nobjs) {
			if (fwrite(batch.data, 1, batch.len, out) != batch.len)
				rc = -1;
			else
				*written += batch.len;
			batch.len = 0;
		}
	}
	buf_free(&batch);
	return rc;
}
