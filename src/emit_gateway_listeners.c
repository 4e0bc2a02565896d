/* emit_gateway_listeners.c - the Gateways of the Gateway API target: listeners
 * learnt from the Ingresses, Gateway objects, and the ReferenceGrants for
 * TLS Secrets and mirror Services in other namespaces. */
#include "emit_gateway_impl.h"

/* Listeners ---------------------------------------------------------------- */

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
struct listener *gw_find_listener(struct listeners *ls, const char *cls, const char *host)
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

bool gw_tls_host(const struct ing *n, const char *host)
{
	for (size_t t = 0; t < n->ntls; t++)
		if (strcmp(n->tls[t].host, host) == 0)
			return true;
	return false;
}

/* ReferenceGrants ------------------------------------------------------------ */

/* Start ReferenceGrant ns/name (why: its provenance comment) in b: the
 * 'from' entry (kind from_kind of Gateway API in from_ns), then the open
 * 'to' sequence that grant_to fills. Allocates nothing beyond b's text. */
static void grant_open(struct yw *w, struct buf *b, const char *ns, const char *name, const char *why,
		       const char *from_kind, const char *from_ns)
{
	yw_init(w, b);
	gw_header(w, "ReferenceGrant", ns, name, why);
	yw_map(w, "spec");
	yw_seq(w, "from");
	yw_item(w);
	yw_str(w, "group", "gateway.networking.k8s.io");
	yw_str(w, "kind", from_kind);
	yw_str(w, "namespace", from_ns);
	yw_end(w);
	yw_end(w);
	yw_seq(w, "to");
}

/* One 'to' entry: the core object kind/name. */
static void grant_to(struct yw *w, const char *kind, const char *name)
{
	yw_item(w);
	yw_str(w, "group", "");
	yw_str(w, "kind", kind);
	yw_str(w, "name", name);
	yw_end(w);
}

/* Close the grant grant_open started and hand b's text to the output
 * objects (gw_add_obj takes it over). */
static void grant_close(struct gateway *g, struct yw *w, struct buf *b, const char *ns, const char *name)
{
	yw_end(w);
	yw_end(w);
	gw_add_obj(g, "ReferenceGrant", ns, name, b);
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

void gw_gateway_objects(struct gateway *g, struct listeners *ls)
{
	size_t i = 0, ndone = 0;
	const char **done = NULL;	/* the classes with Gateways (few) */

	/* the classes: every Ingress's, even without TLS */
	for (size_t k = 0; k < g->nings; k++) {
		const char *cls = g->ings[k].cls;
		bool seen = false;
		for (size_t j = 0; j < ndone && !seen; j++)
			seen = strcmp(done[j], cls) == 0;
		if (seen || g->ings[k].canary)
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
		char *base = gw_gateway_name(cls);
		size_t part = 0, l = first;
		do {
			struct buf b = {0};
			struct yw w;
			char *name = part ? xasprintf("%s-%zu", base, part + 1) : xstrdup(base);
			const char *gw_name = gw_arena_dup(&g->strs, name);	/* its listeners' */
			char *from = xasprintf("from the Ingresses of ingress-nginx class '%s'", cls);
			size_t room = MAX_LISTENERS - 1;

			yw_init(&w, &b);
			gw_header(&w, "Gateway", g->opt->ns, name, from);
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
				li->gw = gw_name;
			}
			yw_end(&w);
			yw_end(&w);
			gw_add_obj(g, "Gateway", g->opt->ns, name, &b);
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
			char *base = gw_label("from-gateways-", g->opt->ns);
			char *name = part > 1 ? xasprintf("%s-%zu", base, part) : xstrdup(base);
			char *from = xasprintf("lets the Gateways in '%s' use the TLS Secrets of '%s'", g->opt->ns, ns);

			grant_open(&w, &b, ns, name, from, "Gateway", g->opt->ns);
			for (size_t k = 0; k < MAX_GRANT_TO && i < nrefs && strcmp(refs[i].ns, ns) == 0; k++, i++)
				grant_to(&w, "Secret", refs[i].name);
			grant_close(g, &w, &b, ns, name);
			free(base);
			free(name);
			free(from);
		}
	}
	free(refs);
}


void gw_learn_listeners(struct gateway *g, struct listeners *ls)
{
	size_t kept = 0;
	const char *gw = NULL;

	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->canary)
			continue;
		for (size_t t = 0; t < n->ntls; t++) {
			struct listener *l;
			if (n->tls[t].secret == NULL)
				continue;
			if (gw_passthrough_of(g, n->cls, n->tls[t].host)) {
				char *msg = xasprintf("host '%s' is passed through (ssl-passthrough): the "
						      "certificate '%s/%s' is not used, the backend terminates TLS; "
						      "port 443 gets no HTTPS listener for it",
						      n->tls[t].host, n->ns, n->tls[t].secret);
				gw_finding(g, n, NULL, ST_PARTIAL, SEV_INFO, "gateway-passthrough-tls", msg, NULL);
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
		if (!g->pass[i].has_root)
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
				gw_finding(g, &g->ings[l->ing], NULL, ST_PARTIAL, SEV_WARNING, "gateway-tls-conflict", msg,
					NULL);
				free(msg);
			}
			continue;
		}
		ls->v[kept] = *l;
		if (kept == 0 || strcmp(ls->v[kept - 1].cls, l->cls) != 0) {	/* one copy a class */
			char *gname = gw_gateway_name(l->cls);
			gw = gw_arena_dup(&g->strs, gname);
			free(gname);
		}
		char *lname = l->passthrough ? gw_label("tls-", l->host)
			      : *l->host ? gw_label("https-", l->host) : xstrdup("https");
		ls->v[kept].gw = gw;
		ls->v[kept].name = gw_arena_dup(&g->strs, lname);
		free(lname);
		kept++;
	}
	ls->n = kept;
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

void gw_mirror_grants(struct gateway *g)
{
	struct mirror_ref *refs = NULL;
	size_t n = 0, cap = 0, u = 0;

	for (size_t k = 0; k < g->nings; k++) {
		const struct ing *in = &g->ings[k];
		if (in->canary || !in->has_mirror || strcmp(gw_cold(g, in)->mirror.ns, in->ns) == 0) {
			gw_cold_drop(g);
			continue;
		}
		grow_array((void **)&refs, &cap, n + 1, sizeof(*refs));
		refs[n].to_ns = gw_arena_dup(&g->strs, in->c->mirror.ns);
		refs[n].from_ns = in->ns;
		refs[n++].svc = gw_arena_dup(&g->strs, in->c->mirror.svc);
		gw_cold_drop(g);
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
			char *base = gw_label("mirror-from-", fr);
			char *name = part > 1 ? xasprintf("%s-%zu", base, part) : xstrdup(base);
			char *why = xasprintf("lets the HTTPRoutes in '%s' mirror to Services of '%s'", fr, to);

			grant_open(&w, &b, to, name, why, "HTTPRoute", fr);
			for (size_t k = 0; k < MAX_GRANT_TO && i < n && strcmp(refs[i].to_ns, to) == 0 &&
					   strcmp(refs[i].from_ns, fr) == 0;
			     k++, i++)
				grant_to(&w, "Service", refs[i].svc);
			grant_close(g, &w, &b, to, name);
			free(base);
			free(name);
			free(why);
		}
	}
	free(refs);
}
