/* emit_gateway_read.c - the object pass of the Gateway API target: Services,
 * Secrets and Ingresses copied into owned records, and the decisions that
 * need only one Ingress (rewrites, redirects, backend protocol, proxy-ssl-*). */
#include "emit_gateway_impl.h"

#include "ctrl_config.h"

/* Reading ---------------------------------------------------------------- */

/* Is h a hostname Gateway API accepts (a DNS subdomain, lowercase, with an
 * optional leading '*.' label)? */
bool gw_valid_hostname(const char *h)
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

struct node *gw_get(struct node *map, const char *key)
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
	struct node *v = gw_get(map, key);

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

void gateway_add_service(struct gateway *g, struct stream *st, struct node *obj)
{
	struct node *meta, *ports;
	const char *name, *ns;
	struct svc *s;

	(void)st;
	if (!node_is(gw_get(obj, "kind"), "Service") || !node_is(gw_get(obj, "apiVersion"), "v1"))
		return;
	meta = gw_get(obj, "metadata");
	name = get_str(meta, "name");
	ns = get_str(meta, "namespace");
	if (name == NULL)
		return;
	grow_array((void **)&g->svcs, &g->svcap, g->nsvcs + 1, sizeof(*g->svcs));
	s = &g->svcs[g->nsvcs++];
	memset(s, 0, sizeof(*s));
	s->key = xasprintf("%s/%s", ns ? ns : "default", name);
	ports = seq_of(gw_get(gw_get(obj, "spec"), "ports"));
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

/* The backend of a path or defaultBackend into b (strings allocated,
 * owned by the cold record). */
static void read_backend(struct be *b, struct node *backend)
{
	struct node *svc = gw_get(backend, "service"), *port;
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
	port = gw_get(svc, "port");
	b->port = port_number(get_str(port, "number"));
	if (b->port < 0 && get_str(port, "name"))
		b->port_name = xstrdup(get_str(port, "name"));
}

/* Is annotation the key prefix/name (prefix NULL: the key name)? */
static bool is_key(const char *annotation, const char *prefix, const char *name)
{
	size_t n = prefix ? strlen(prefix) : 0;

	if (prefix && (strncmp(annotation, prefix, n) != 0 || annotation[n] != '/'))
		return false;
	return strcmp(annotation + (prefix ? n + 1 : 0), name) == 0;
}

/* The finding the analysis gave annotation prefix/name (prefix NULL:
 * name is the full key) of the Ingress just analysed, or NULL. Borrowed
 * from g->out; allocates nothing (no key is built). */
static struct finding *object_finding(struct gateway *g, struct stream *st, const struct ingress *in,
				      const char *prefix, const char *name)
{
	const char *file = stream_name(st);

	for (size_t i = g->out->n; i-- > 0;) {
		struct finding *f = &g->out->v[i];
		if (f->pos.start < in->obj->pos.start || (f->file != file && strcmp(f->file, file) != 0))
			break;	/* an earlier object's */
		if (f->annotation && f->pos.start < in->obj->pos.end && is_key(f->annotation, prefix, name))
			return f;
	}
	return NULL;
}

/* Override the status, severity and message of the finding the analysis
 * gave annotation prefix/name of the Ingress just analysed (the per-value
 * decision of the conversion; conservation keeps one finding). */
void gw_override(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
		 const char *name, enum status status, enum severity sev, const char *msg)
{
	struct finding *f = object_finding(g, st, in, prefix, name);

	if (f) {
		f->status = status;
		f->severity = sev;
		findings_set_message(g->out, f, msg);
	}
}

/* Override the finding of annotation key (full) when the table says the
 * Gateway output carries it (supported, converted, partial). */
static void override_if_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *key,
				const char *msg)
{
	struct finding *f = object_finding(g, st, in, NULL, key);

	if (f && (f->status == ST_SUPPORTED || f->status == ST_CONVERTED || f->status == ST_PARTIAL)) {
		f->status = ST_UNSUPPORTED;
		if (f->severity < SEV_ERROR)
			f->severity = SEV_ERROR;
		findings_set_message(g->out, f, msg);
	}
}

/* For each annotation of in under prefix whose name is not in written
 * (NULL-ended), override its finding as override_if_carried does, with
 * the message head 'name' tail (allocated here, freed here). */
static void not_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
			const char *const *written, const char *head, const char *tail)
{
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key, *name;
		bool ok = false;
		if (strncmp(k, prefix, plen) != 0 || k[plen] != '/')
			continue;
		name = k + plen + 1;
		for (const char *const *w = written; *w && !ok; w++)
			ok = (*w)[0] == name[0] && strcmp(*w, name) == 0;
		if (ok)
			continue;
		char *msg = xasprintf("%s'%s'%s", head, name, tail);
		override_if_carried(g, st, in, k, msg);
		free(msg);
	}
}

/* The decisions that need only this Ingress: a rewrite beyond the idiom,
 * a clamped redirect code, client-certificate auth that is lost. */
void gw_judge(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
	      const char *prefix)
{
	if (n->c->cv.rewrite_target) {
		for (size_t p = 0; p < n->c->npaths; p++) {
			char *a, *b;
			if (conv_rewrite(n->c->paths[p].path, n->c->cv.rewrite_target, &a, &b) == CONV_RW_UNSUPPORTED) {
				char *msg = xasprintf("'%s' on path '%s' needs regex capture groups, "
						      "which Gateway API cannot express: the path is matched, not "
						      "rewritten (use the '/p(/|$)(.*)' + '/$2' idiom, a static "
						      "target, or --to ingress)", n->c->cv.rewrite_target, n->c->paths[p].path);
				gw_override(g, st, in, prefix, "rewrite-target", ST_UNSUPPORTED, SEV_ERROR, msg);
				free(msg);
				break;
			}
			free(a);
			free(b);
		}
	}
	for (int t = 0; t < 2; t++) {
		long c = t ? n->c->cv.temporal_code : n->c->cv.redirect_code;
		if (c > 0 && !(c == 301 || c == 302 || c == 303 || c == 307 || c == 308)) {
			char *msg = xasprintf("%ld is not a code Gateway API allows (301, 302, 303, 307, "
					      "308): the RequestRedirect uses %d", c, t ? 302 : 301);
			gw_override(g, st, in, prefix, t ? "temporal-redirect-code" : "permanent-redirect-code",
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
	not_carried(g, st, in, prefix, done, "not carried: this version's Gateway API output does not write ",
		    " yet, so the route is served without it");
	n->c->retry_attempts = -1;
	if (!CONV_PROTO_IS_GRPC(n->protocol)) {
		/* a GRPCRoute carries none of these (grpc_not_carried says so) */
		gw_judge_cors(g, st, in, n, prefix);
		gw_judge_mirror(g, st, in, n, prefix);
		gw_judge_timeouts(g, st, in, n, prefix);
		gw_judge_experimental(g, st, in, n, prefix);
	}
	if (n->c->cv.default_backend && n->has_def && !CONV_PROTO_IS_GRPC(n->protocol))
		gw_override(g, st, in, prefix, "default-backend", ST_UNSUPPORTED, SEV_WARNING,
			 "'spec.defaultBackend' takes the requests no path matches; this service, ingress-nginx's "
			 "fallback when a backend has no endpoints (and for 'custom-http-errors'), has no Gateway API "
			 "form");
	if (n->c->cv.auth_tls) {
		struct buf hosts = {0};
		for (size_t t = 0; t < n->ntls; t++)
			buf_printf(&hosts, "%s'%s'", t ? ", " : "", n->tls[t].host);
		char *msg = xasprintf("client-certificate authentication cannot be carried by Gateway "
				      "output on higress: %s %s %s it; keep this Ingress on --to ingress, where "
				      "higress keeps it", n->ntls > 1 ? "hosts" : "host",
				      hosts.len ? buf_cstr(&hosts) : "(none with TLS)", n->ntls > 1 ? "lose" : "loses");
		gw_override(g, st, in, prefix, "auth-tls-secret", ST_UNSUPPORTED, SEV_CRITICAL, msg);
		free(msg);
		buf_free(&hosts);
	}
}

/* The index of the finding the analysis gave annotation prefix/name of
 * the Ingress just analysed, or SIZE_MAX. */
static size_t finding_of(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
			 const char *name)
{
	const struct finding *f = object_finding(g, st, in, prefix, name);

	return f ? (size_t)(f - g->out->v) : SIZE_MAX;
}

/* Set the status, severity and message of finding i (SIZE_MAX: none),
 * unless the value was found invalid, which says more. */
void gw_refine(struct gateway *g, size_t i, enum status status, enum severity sev, const char *msg)
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
	return strchr(h, '*') == NULL && gw_valid_hostname(h);
}

/* The hostname the BackendTLSPolicy of Service svc checks, allocated:
 * proxy-ssl-name, else the Service's cluster name. */
char *gw_backend_tls_hostname(const struct ing *n, const char *svc)
{
	if (n->c->cv.proxy_ssl_name && precise_hostname(n->c->cv.proxy_ssl_name))
		return xstrdup(n->c->cv.proxy_ssl_name);
	return xasprintf("%s.%s.svc", svc, n->ns);
}

/* On a GRPCRoute, what the table says a route carries but a GRPCRoute
 * rule cannot (rewrites, redirects, CORS, timeouts, ...) is reported: the
 * GRPCRoute writer carries only the names below. */
void gw_grpc_not_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix)
{
	static const char *const carried[] = {
		"backend-protocol", "canary", "canary-weight", "canary-weight-total", "canary-by-header",
		"canary-by-header-value", "canary-by-header-pattern", "proxy-ssl-secret", "proxy-ssl-name",
		"proxy-ssl-verify", "proxy-ssl-server-name", "ssl-redirect", "force-ssl-redirect", "ssl-passthrough",
		"x-forwarded-prefix", "use-regex", NULL,
	};

	not_carried(g, st, in, prefix, carried, "not carried: a GRPCRoute has no form for ",
		    " (its rules take method and header matches, header filters and backendRefs), so the gRPC "
		    "route is served without it");
}

/* What the backend protocol and the proxy-ssl-* keys become (the Secret
 * behind proxy-ssl-secret judged from the index, wherever it stands). */
static void judge_backend(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			  const char *prefix)
{
	static const char *const ssl_keys[] = {
		"proxy-ssl-secret", "proxy-ssl-name", "proxy-ssl-verify", "proxy-ssl-server-name", NULL,
	};
	enum conv_protocol p = n->protocol;
	const char *pv = n->c->cv.protocol_value ? n->c->cv.protocol_value : "HTTP";
	char *msg;

	if (p == CONV_PROTO_OTHER) {
		bool auto_http = strncasecmp(pv + strspn(pv, " \t"), "AUTO_HTTP", 9) == 0;
		msg = xasprintf("'%s' has no Gateway API form: the route speaks plain HTTP to the backend%s", pv,
				auto_http ? ", also for HTTPS requests (ingress-nginx used the request's scheme)" : "");
		gw_refine(g, finding_of(g, st, in, prefix, "backend-protocol"), auto_http ? ST_PARTIAL : ST_UNSUPPORTED,
			 auto_http ? SEV_WARNING : SEV_ERROR, msg);
		free(msg);
	} else if (p == CONV_PROTO_HTTP) {
		size_t f = finding_of(g, st, in, prefix, "backend-protocol");
		gw_refine(g, f, ST_SUPPORTED, SEV_INFO, "'HTTP' is what a route speaks to its backends by default");
		refine_fix(g, f, NULL);
	} else if (p == CONV_PROTO_GRPC) {
		size_t f = finding_of(g, st, in, prefix, "backend-protocol");
		gw_refine(g, f, ST_CONVERTED, SEV_INFO,
		       "the route becomes a GRPCRoute: its paths become gRPC method matches");
		refine_fix(g, f, "give each path as '/package.Service/Method', '/package.Service' or '/'");
	} else if (CONV_PROTO_TLS(p)) {
		const char *ca = n->c->cv.proxy_ssl_secret ? "the CA of 'proxy-ssl-secret'" : "the system CAs";
		const char *host = n->c->cv.proxy_ssl_name && precise_hostname(n->c->cv.proxy_ssl_name) ? n->c->cv.proxy_ssl_name
				   : "SERVICE.NAMESPACE.svc";
		if (n->c->cv.proxy_ssl_verify == CONV_TRUE)
			msg = xasprintf("becomes a BackendTLSPolicy per backend Service (TLS to the backend, verified "
					"against %s and hostname '%s')%s", ca, host,
					p == CONV_PROTO_GRPCS ? "; the route becomes a GRPCRoute" : "");
		else
			msg = xasprintf("becomes a BackendTLSPolicy per backend Service%s; ingress-nginx did not "
					"verify the backend's certificate ('proxy-ssl-verify' is 'off', the default), "
					"a BackendTLSPolicy always does: against %s and hostname '%s', so backends "
					"whose certificate does not verify fail",
					p == CONV_PROTO_GRPCS ? " and a GRPCRoute" : "", ca, host);
		gw_refine(g, finding_of(g, st, in, prefix, "backend-protocol"),
		       n->c->cv.proxy_ssl_verify == CONV_TRUE ? ST_CONVERTED : ST_PARTIAL,
		       n->c->cv.proxy_ssl_verify == CONV_TRUE ? SEV_INFO : SEV_WARNING, msg);
		free(msg);
	}
	if (!CONV_PROTO_TLS(p)) {
		/* nginx sets proxy_ssl_* only for TLS upstreams */
		msg = xasprintf("no effect: 'backend-protocol' is '%s', not HTTPS or GRPCS, so ingress-nginx did not "
				"speak TLS to the backend either", pv);
		for (const char *const *k = ssl_keys; *k; k++)
			gw_refine(g, finding_of(g, st, in, prefix, *k), ST_IGNORED, SEV_INFO, msg);
		free(msg);
	} else {
		if (n->c->cv.proxy_ssl_name && !precise_hostname(n->c->cv.proxy_ssl_name)) {
			msg = xasprintf("'%s' is not a hostname a BackendTLSPolicy takes (a lowercase DNS name, no "
					"wildcard or variable): each policy checks its Service's cluster name "
					"'SERVICE.%s.svc' instead", n->c->cv.proxy_ssl_name, n->ns);
			gw_refine(g, finding_of(g, st, in, prefix, "proxy-ssl-name"), ST_PARTIAL, SEV_ERROR, msg);
			free(msg);
		}
		if (n->c->cv.proxy_ssl_verify == CONV_TRUE)
			gw_refine(g, finding_of(g, st, in, prefix, "proxy-ssl-verify"), ST_CONVERTED, SEV_INFO,
				 "the BackendTLSPolicy verifies the backend's certificate, as nginx did");
		if (n->c->cv.proxy_ssl_secret && !n->canary)
			gw_judge_ssl_secret(g, n, finding_of(g, st, in, prefix, "proxy-ssl-secret"));
	}
	if (CONV_PROTO_IS_GRPC(p))
		gw_refine(g, finding_of(g, st, in, prefix, "use-regex"), ST_PARTIAL, SEV_WARNING,
		       "a GRPCRoute matches gRPC services and methods exactly: the paths are read literally, not as "
		       "regular expressions");
	if (CONV_PROTO_IS_GRPC(p))
		gw_grpc_not_carried(g, st, in, prefix);
	if (!n->ssl_passthrough)
		gw_refine(g, finding_of(g, st, in, prefix, "ssl-passthrough"), ST_IGNORED, SEV_INFO,
		       "not 'true': the host's TLS is terminated as before");
	else if (n->canary)
		gw_refine(g, finding_of(g, st, in, prefix, "ssl-passthrough"), ST_UNSUPPORTED, SEV_WARNING,
		       "not read on a canary Ingress: a TLSRoute comes only from the non-canary Ingresses of the host");
}

/* Has in the annotation prefix/name? */
static bool has_annotation(const struct ingress *in, const char *prefix, const char *name)
{
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < in->nann; i++)
		if (strncmp(in->ann[i].key, prefix, plen) == 0 && in->ann[i].key[plen] == '/' &&
		    strcmp(in->ann[i].key + plen + 1, name) == 0)
			return true;
	return false;
}

/* What the finish step matches across Ingresses of n's paths (their
 * hashes, the hosts of regex paths) and whether a port is named. */
static void remember_paths(struct gateway *g, struct ing *n)
{
	const struct ing_cold *c = n->c;

	for (size_t p = 0; p < c->npaths; p++) {
		const struct gpath *gp = &c->paths[p];
		struct path_key *k;
		gw_grow((void **)&g->pkeys, &g->pkcap, g->npkeys + 1, sizeof(*g->pkeys));
		k = &g->pkeys[g->npkeys++];
		k->hash = gw_path_hash(gp->host, gp->path);
		k->ing = n->seq;
		k->path = (uint32_t)p;
		n->named_port = n->named_port || (gp->be.svc && gp->be.port < 0);
		if (n->wants_regex && !n->canary &&
		    (p == 0 || strcmp(c->paths[p - 1].host, gp->host) != 0)) {
			grow_array((void **)&g->regex_hosts, &g->regcap, g->nregex + 1, sizeof(*g->regex_hosts));
			g->regex_hosts[g->nregex++] = gw_arena_dup(&g->strs, gp->host);
		}
	}
	n->named_port = n->named_port || (n->has_def && c->def.svc && c->def.port < 0);
}

void gateway_add_ingress(struct gateway *g, struct stream *st, const struct ingress *in, const char *cls,
			 const char *prefix)
{
	struct node *spec = in->spec, *rules, *tls;
	size_t plen = strlen(prefix);
	const struct ing *prev;
	const char *created = get_str(in->metadata, "creationTimestamp");
	struct ing *n;

	gw_grow((void **)&g->ings, &g->cap, g->nings + 1, sizeof(*g->ings));
	prev = g->nings ? &g->ings[g->nings - 1] : NULL;
	n = &g->ings[g->nings];
	memset(n, 0, sizeof(*n));
	n->seq = (uint32_t)g->nings++;
	n->ns = gw_arena_dup(&g->strs, in->ns ? in->ns : "default");
	n->name = gw_arena_dup(&g->strs, in->name ? in->name : "");
	/* file and class: most Ingresses share the previous one's */
	n->file = prev && strcmp(prev->file, stream_name(st)) == 0 ? prev->file
									: gw_arena_dup(&g->strs, stream_name(st));
	n->cls = prev && strcmp(prev->cls, cls ? cls : "nginx") == 0 ? prev->cls
									  : gw_arena_dup(&g->strs, cls ? cls : "nginx");
	n->pos = in->obj->pos;
	g->prefix = prefix;
	n->created = gw_arena_dup(&g->strs, created ? created : "");
	n->c = xcalloc(1, sizeof(*n->c));
	conv_init(&n->c->cv);
	for (size_t i = 0; i < in->nann; i++) {
		const char *k = in->ann[i].key;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/') {
			const char *name = k + plen + 1;
			/* a snippet with a NUL byte never converts (the analysis reads it whole) */
			if (snippet_name(name) && in->ann[i].vscalar && strlen(in->ann[i].value) != in->ann[i].vscalar->len)
				continue;
			struct pos *at = strcmp(name, "default-backend") == 0	      ? &n->c->at_def
					 : strcmp(name, "server-alias") == 0	      ? &n->c->at_alias
					 : strcmp(name, "from-to-www-redirect") == 0 ? &n->c->at_www
					 : strcmp(name, "mirror-target") == 0	      ? &n->c->at_mirror
										      : NULL;
			(void)conv_add(&n->c->cv, name, in->ann[i].value);
			if (at)
				*at = in->ann[i].knode->pos;
		}
	}
	if (n->c->cv.ssl_redirect == CONV_UNSET && g->opt->ctrl && !g->opt->ctrl->ssl_redirect)
		n->c->cv.ssl_redirect = CONV_FALSE;	/* the controller ConfigMap's 'ssl-redirect: "false"' */
	if (g->opt->ctrl && g->opt->ctrl->force_ssl_redirect && !has_annotation(in, prefix, "force-ssl-redirect"))
		n->c->cv.force_ssl_redirect = true;	/* and its 'force-ssl-redirect: "true"' */
	n->canary = n->c->cv.canary;
	n->ssl_passthrough = n->c->cv.ssl_passthrough;
	n->from_to_www = n->c->cv.from_to_www;
	n->has_alias = n->c->cv.server_alias != NULL;
	n->wants_regex = n->c->cv.use_regex || n->c->cv.rewrite_target != NULL;
	n->ann_default = n->c->cv.default_backend && *n->c->cv.default_backend;
	n->protocol = n->c->cv.protocol;
	n->hsts_own = ctrl_hsts_own(in, prefix) != NULL;
	rules = seq_of(gw_get(spec, "rules"));
	n->nrules = rules ? (uint32_t)rules->nkids : 0;
	for (size_t r = 0; rules && r < rules->nkids; r++) {
		const char *host = get_str(rules->kids[r], "host");
		struct node *paths = seq_of(gw_get(gw_get(rules->kids[r], "http"), "paths"));
		if (host && *host && !gw_valid_hostname(host)) {
			struct pos at = rules->kids[r]->pos;
			char *msg = xasprintf("host '%s' is not a hostname Gateway API accepts (a lowercase DNS "
					      "name, optionally '*.' first): its rules are not converted", host);
			gw_finding(g, n, &at, ST_UNSUPPORTED, SEV_ERROR, "gateway-invalid-host", msg,
				"render the manifest's templates before converting");
			free(msg);
			continue;
		}
		for (size_t p = 0; paths && p < paths->nkids; p++) {
			struct node *pn = paths->kids[p];
			const char *path = get_str(pn, "path"), *pt = get_str(pn, "pathType");
			struct gpath *gp;

			n->c->paths = xrealloc(n->c->paths, (n->c->npaths + 1) * sizeof(*n->c->paths));
			gp = &n->c->paths[n->c->npaths++];
			memset(gp, 0, sizeof(*gp));
			gp->host = xstrdup(host ? host : "");
			gp->path = xstrdup(path && *path ? path : "/");
			gp->type = pt && strcmp(pt, "Exact") == 0 ? P_EXACT : pt && strcmp(pt, "Prefix") == 0 ? P_PREFIX
													: P_IMPL;
			gp->pos = pn->pos;
			read_backend(&gp->be, gw_get(pn, "backend"));
		}
	}
	tls = seq_of(gw_get(spec, "tls"));
	for (size_t t = 0; tls && t < tls->nkids; t++) {
		const char *secret = get_str(tls->kids[t], "secretName");
		struct node *hosts = seq_of(gw_get(tls->kids[t], "hosts"));
		size_t nh = hosts ? hosts->nkids : 0;
		for (size_t h = 0; h < (nh ? nh : 1); h++) {
			struct node *hn = nh ? node_resolve(NULL, hosts->kids[h]) : NULL;
			const char *host = hn && hn->type == N_SCALAR ? hn->value : "";
			if (*host && !gw_valid_hostname(host))
				continue;	/* its rules are reported and left out above */
			n->tls = xrealloc(n->tls, (n->ntls + 1) * sizeof(*n->tls));
			n->tls[n->ntls].host = gw_arena_dup(&g->strs, host);
			n->tls[n->ntls++].secret = gw_arena_dup(&g->strs, secret);
		}
	}
	if (gw_get(spec, "defaultBackend") || gw_get(spec, "backend")) {
		n->has_def = true;
		struct node *k = node_key(node_resolve(NULL, spec), gw_get(spec, "defaultBackend") ? "defaultBackend"
											: "backend");
		n->c->at_spec_def = k ? k->pos : n->pos;
		read_backend(&n->c->def, gw_get(spec, "defaultBackend") ? gw_get(spec, "defaultBackend") : gw_get(spec, "backend"));
	}
	gw_judge(g, st, in, n, prefix);
	judge_backend(g, st, in, n, prefix);
	remember_paths(g, n);
	/* the rest waits in the store until the routes are written */
	gw_cold_store(g, n);
	gw_cold_free(n->c);
	n->c = NULL;
}
