/* emit_gateway_policies.c - the BackendTLSPolicies of the Gateway API target:
 * one per Service that a TLS backend asks for, and what the Secret behind
 * proxy-ssl-secret makes of it (judged from the index's Secrets when the
 * Ingress is read). */
#include "emit_gateway_impl.h"

/* BackendTLSPolicy ------------------------------------------------------------ */

struct btls {
	const char *ns, *svc;	/* in g->strs */
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
		c = gw_older(x->in, y->in) ? -1 : gw_older(y->in, x->in) ? 1 : x->ing < y->ing ? -1 : 1;
	return c;
}

/* What the index says of the Secret proxy-ssl-secret of n names
 * ("[ns/]name", the last of that name). */
struct ssl_secret {
	bool found;
	bool cert;		/* holds tls.crt and tls.key: a client certificate */
	bool ca;		/* holds ca.crt */
};

static struct ssl_secret ssl_secret(const struct gateway *g, const struct ing *n)
{
	struct ssl_secret r = { false, false, false };
	const char *v = n->c->cv.proxy_ssl_secret, *slash = strchr(v, '/');
	char *ns = slash ? xstrndup(v, (size_t)(slash - v)) : xstrdup(n->ns);
	long i = g->ix ? index_secret_lookup(g->ix, g->secrets, g->nsecrets, ns, slash ? slash + 1 : v) : -1;

	if (i >= 0) {
		const struct index_secret *s = index_secret_at(g->ix, (size_t)i);
		r.found = true;
		r.cert = index_secret_has(g->ix, s, "tls.crt") && index_secret_has(g->ix, s, "tls.key");
		r.ca = index_secret_has(g->ix, s, "ca.crt");
	}
	free(ns);
	return r;
}

/* The name of the ConfigMap that carries the CA of n's proxy-ssl-secret
 * (its Secret's name, in the Service's namespace), or NULL for the system
 * CAs. Borrowed. */
static const char *ca_configmap(struct gateway *g, const struct ing *n)
{
	struct ssl_secret s;
	const char *slash;

	if (gw_cold(g, n)->cv.proxy_ssl_secret == NULL || *n->c->cv.proxy_ssl_secret == '\0')
		return NULL;
	s = ssl_secret(g, n);
	if (s.found && !s.ca)
		return NULL;
	slash = strrchr(n->c->cv.proxy_ssl_secret, '/');
	return slash ? slash + 1 : n->c->cv.proxy_ssl_secret;
}

void gw_judge_ssl_secret(struct gateway *g, const struct ing *n, size_t fi)
{
	struct ssl_secret s;
	const char *cm;
	char *msg, *ca;

	s = ssl_secret(g, n);
	cm = ca_configmap(g, n);
	ca = cm ? xasprintf("its CA becomes the BackendTLSPolicy's 'caCertificateRefs': create the ConfigMap '%s' in "
			    "namespace '%s' with the key 'ca.crt' copied from the Secret (a BackendTLSPolicy reads no "
			    "Secret)", cm, n->ns)
		: xstrdup("the Secret holds no 'ca.crt': the BackendTLSPolicy verifies against the system CAs");
	if (!s.found) {
		msg = xasprintf("%s; if the Secret holds a client certificate ('tls.crt', 'tls.key'), nginx "
				"presented it to the backend and Higress's Gateway API cannot (include the Secret in "
				"the input to tell)", ca);
		gw_refine(g, fi, ST_PARTIAL, SEV_ERROR, msg);
	} else if (s.cert) {
		msg = xasprintf("the Secret holds a client certificate ('tls.crt', 'tls.key') that nginx presented "
				"to the backend; Higress's Gateway API cannot send backend client certificates, so "
				"a backend that requires one refuses the connection (keep this Ingress on --to "
				"ingress); %s", ca);
		gw_refine(g, fi, cm ? ST_PARTIAL : ST_UNSUPPORTED, SEV_ERROR, msg);
	} else {
		msg = xstrdup(ca);
		gw_refine(g, fi, ST_PARTIAL, SEV_WARNING, msg);
	}
	free(msg);
	free(ca);
}

static void backend_tls_policy(struct gateway *g, const struct btls *b)
{
	const struct ing *n = &g->ings[b->ing];
	const char *cm = ca_configmap(g, n);	/* loads n's cold record */
	char *host = gw_backend_tls_hostname(n, b->svc), *name = xasprintf("%s-backend-tls", b->svc);
	char *from = gw_provenance(n);
	struct buf out = {0};
	struct yw w;

	yw_init(&w, &out);
	gw_header(&w, "BackendTLSPolicy", b->ns, name, from);
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
	gw_add_obj(g, "BackendTLSPolicy", b->ns, name, &out);
	free(host);
	free(name);
	free(from);
}

/* Do two Ingresses ask one Service for the same backend TLS? */
static bool same_backend_tls(struct gateway *g, const struct ing *a, const struct ing *b, const char *svc)
{
	const char *ca = ca_configmap(g, a), *cb = ca_configmap(g, b);
	char *ha = gw_backend_tls_hostname(a, svc), *hb = gw_backend_tls_hostname(b, svc);
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
		if (in->canary || CONV_PROTO_TLS(in->protocol))
			continue;
		(void)gw_cold(g, in);
		for (size_t p = 0; p <= in->c->npaths; p++) {
			const struct be *be = p < in->c->npaths ? &in->c->paths[p].be : in->has_def ? &in->c->def : NULL;
			struct btls key, *hit;
			if (be == NULL || be->svc == NULL)
				continue;
			key.ns = in->ns;
			key.svc = be->svc;
			hit = bsearch(&key, v, nv, sizeof(*v), btls_svc_cmp);
			if (hit == NULL)
				continue;
			const struct ing *t = &g->ings[hit->ing];
			(void)gw_cold(g, t);	/* its protocol_value */
			char *msg = xasprintf("Service '%s/%s' gets a BackendTLSPolicy from Ingress '%s/%s' "
					      "(backend protocol '%s'), which applies to every route to it: this "
					      "Ingress's route speaks TLS to it too, where ingress-nginx spoke plain "
					      "HTTP",
					      in->ns, be->svc, t->ns, t->name,
					      t->c->cv.protocol_value ? t->c->cv.protocol_value : "HTTPS");
			gw_finding(g, in, p < in->c->npaths ? &in->c->paths[p].pos : NULL, ST_PARTIAL, SEV_WARNING,
				"gateway-backend-tls-shared", msg,
				"use one backend protocol per Service, or a separate Service for plain HTTP");
			free(msg);
		}
		gw_cold_drop(g);	/* v borrows nothing of it */
	}
}

/* A BackendTLSPolicy per Service that a non-canary Ingress with backend
 * protocol HTTPS or GRPCS routes to; where Ingresses disagree, the
 * oldest one's settings win (reported). */
void gw_backend_tls_policies(struct gateway *g)
{
	struct btls *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t k = 0; k < g->nings; k++) {
		struct ing *in = &g->ings[k];
		if (in->canary || !CONV_PROTO_TLS(in->protocol))
			continue;
		(void)gw_cold(g, in);
		for (size_t p = 0; p <= in->c->npaths; p++) {
			const struct be *be = p < in->c->npaths ? &in->c->paths[p].be : in->has_def ? &in->c->def : NULL;
			if (be == NULL || be->svc == NULL)
				continue;
			grow_array((void **)&v, &cap, n + 1, sizeof(*v));
			v[n].ns = in->ns;
			v[n].svc = gw_arena_dup(&g->strs, be->svc);
			v[n].in = in;
			v[n++].ing = k;
			/* a canary is served with its primary's protocol */
			for (size_t c = 0; p < in->c->npaths && c < in->c->paths[p].ncanaries; c++) {
				const struct ing *cn = &g->ings[in->c->paths[p].canaries[c]];
				const struct gpath *cp;
				(void)gw_cold(g, cn);	/* its paths */
				cp = gw_canary_path(cn, &in->c->paths[p]);
				if (cp == NULL || cp->be.svc == NULL)
					continue;
				grow_array((void **)&v, &cap, n + 1, sizeof(*v));
				v[n].ns = cn->ns;
				v[n].svc = gw_arena_dup(&g->strs, cp->be.svc);
				v[n].in = in;
				v[n++].ing = k;
			}
		}
		gw_cold_drop(g);	/* v's strings are in g->strs */
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
		gw_finding(g, &g->ings[v[i].ing], NULL, ST_PARTIAL, SEV_WARNING, "gateway-backend-tls-conflict", msg,
			"give the Ingresses of one Service the same proxy-ssl-* settings");
		free(msg);
		gw_cold_drop(g);
	}
	free(v);
}
