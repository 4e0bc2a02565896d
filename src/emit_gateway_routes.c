/* emit_gateway_routes.c - the routes of the Gateway API target: HTTPRoute and
 * GRPCRoute rules (matches, filters, backendRefs, splitting at the schema
 * limits), www redirect routes and the TLSRoutes of ssl-passthrough hosts. */
#include "emit_gateway_impl.h"

#include "emit_plugins.h"
#include "ctrl_config.h"

#define HSTS_NAME "Strict-Transport-Security"
#define MAX_HEADER_SET 16	/* items of a header filter's 'set' (Gateway API v1) */

/* Services and ports ------------------------------------------------------ */

int gw_svc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct svc *)a)->key, ((const struct svc *)b)->key);
}

/* Resolve a named port through the Services; report what cannot be. */
void gw_resolve_port(struct gateway *g, const struct ing *n, struct be *b, const struct pos *at)
{
	struct svc key, *s;
	char *msg;

	if (b->svc == NULL || b->port >= 0)
		return;
	key.key = xasprintf("%s/%s", n->ns, b->svc);
	s = g->nsvcs ? bsearch(&key, g->svcs, g->nsvcs, sizeof(*g->svcs), gw_svc_cmp) : NULL;
	free(key.key);
	if (s == NULL) {
		msg = xasprintf("Service '%s/%s' is not in the input: port '%s' cannot be resolved to a number, so "
				"the backend is left out of its HTTPRoute rule",
				n->ns, b->svc, b->port_name ? b->port_name : "");
		gw_finding(g, n, at, ST_PARTIAL, SEV_ERROR, "gateway-service-missing", msg,
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
	gw_finding(g, n, at, ST_PARTIAL, SEV_ERROR, "gateway-service-port-missing", msg, NULL);
	free(msg);
}

/* Regex hosts ------------------------------------------------------------- */

int gw_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool regex_host(const struct gateway *g, const char *host)
{
	return g->nregex && bsearch(&host, g->regex_hosts, g->nregex, sizeof(char *), gw_str_cmp) != NULL;
}

bool gw_wants_regex(const struct ing *n)
{
	return n->wants_regex;
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

bool gw_usable(const struct be *b)
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
	if (n->c->cv.rewrite_target)
		*rw = conv_rewrite(p->path, n->c->cv.rewrite_target, &prefix, replace);
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
		if (report && !gw_wants_regex(n)) {
			char *msg = xasprintf("path '%s' becomes the regular expression '%s': another Ingress of "
					      "host '%s' uses regexes, which ingress-nginx applies to every path of "
					      "the host (case-insensitive, anchored at the start only)",
					      p->path, *value, p->host);
			gw_finding(g, n, &p->pos, ST_CONVERTED, SEV_WARNING, "gateway-regex-host", msg, NULL);
			free(msg);
		}
		return "RegularExpression";
	}
	if (report && p->type == P_IMPL) {
		char *msg = xasprintf("path '%s' has pathType ImplementationSpecific: written as PathPrefix", p->path);
		gw_finding(g, n, &p->pos, ST_CONVERTED, SEV_INFO, "gateway-path-type", msg, NULL);
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
 * converted snippet of n (none when n is NULL); the request one is left
 * out of redirects. hsts, when not NULL, is the value the response one
 * sets 'Strict-Transport-Security' to, first in its 'set' list (one
 * ResponseHeaderModifier per rule: Gateway API allows no second). */
static void header_filters(struct yw *w, const struct ing *n, bool redirect, const char *hsts)
{
	static const struct snip_headers none[SNIP_NOPS];
	const struct snippet *s = n ? n->c->cv.snippet : NULL;
	const char *xfp = redirect || n == NULL ? NULL : n->c->cv.x_forwarded_prefix;
	const struct snip_headers *req = s && !redirect ? s->req : none;
	const struct snip_headers *resp = s ? s->resp : none;

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
	if (hsts || any_headers(resp)) {
		yw_item(w);
		yw_str(w, "type", "ResponseHeaderModifier");
		yw_map(w, "responseHeaderModifier");
		header_list(w, "set", &resp[SNIP_SET], SNIP_SET, hsts ? HSTS_NAME : NULL, hsts);
		header_list(w, "add", &resp[SNIP_ADD], SNIP_ADD, NULL, NULL);
		header_list(w, "remove", &resp[SNIP_REMOVE], SNIP_REMOVE, NULL, NULL);
		yw_end(w);
		yw_end(w);
	}
}

/* A redirect URL split into scheme, host, port and path (allocated), then
 * the response header filters of n (none when n is NULL) and hsts (see
 * header_filters). */
static void write_redirect(struct yw *w, const struct ing *n, const char *url, long code, const char *hsts)
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
	if (n || hsts)
		header_filters(w, n, true, hsts);
	yw_end(w);
	free(scheme);
	free(host);
}

/* The filters of a proxied rule of n: URLRewrite, RequestHeaderModifier,
 * ResponseHeaderModifier (with hsts, see header_filters), CORS,
 * RequestMirror (the primary's, for its canary rules too: nginx sends
 * canary traffic through the primary's location). */
static void write_filters(struct yw *w, const struct ing *n, enum conv_rewrite rw, const char *replace,
			  const char *hsts)
{
	bool rewrite = rw == CONV_RW_PREFIX || rw == CONV_RW_FULL || n->c->cv.upstream_vhost;

	if (rewrite || n->c->cv.x_forwarded_prefix || n->c->cv.snippet || hsts || gw_has_more_filters(n)) {
		yw_seq(w, "filters");
		if (rewrite) {
			yw_item(w);
			yw_str(w, "type", "URLRewrite");
			yw_map(w, "urlRewrite");
			if (n->c->cv.upstream_vhost)
				yw_str(w, "hostname", n->c->cv.upstream_vhost);
			if (rw == CONV_RW_PREFIX || rw == CONV_RW_FULL) {
				yw_map(w, "path");
				yw_str(w, "type", rw == CONV_RW_PREFIX ? "ReplacePrefixMatch" : "ReplaceFullPath");
				yw_str(w, rw == CONV_RW_PREFIX ? "replacePrefixMatch" : "replaceFullPath", replace);
				yw_end(w);
			}
			yw_end(w);
			yw_end(w);
		}
		header_filters(w, n, false, hsts);
		gw_more_filters(w, n);
		yw_end(w);
	}
}

/* Append the rules of path p of Ingress n (rule texts to rules); hsts:
 * see header_filters. */
static void path_rules(struct gateway *g, const struct ing *n, const struct gpath *p, bool report, const char *hsts,
		       char ***rules, size_t *nrules)
{
	enum conv_rewrite rw;
	char *value, *replace;
	const char *type = path_match(g, n, p, report, &value, &rw, &replace);
	long total = 0, canary_sum = 0;
	struct buf b = {0};
	struct yw w;

	for (size_t c = 0; c < p->ncanaries; c++)
		(void)gw_cold(g, &g->ings[p->canaries[c]]);	/* their canary-* intents */
	yw_init(&w, &b);
	w.indent = 2;
	/* header-selected canaries first */
	for (size_t c = 0; c < p->ncanaries; c++) {
		const struct ing *cn = &g->ings[p->canaries[c]];
		const struct gpath *cp = NULL;
		for (size_t i = 0; i < cn->c->npaths; i++)
			if (strcmp(cn->c->paths[i].host, p->host) == 0 && strcmp(cn->c->paths[i].path, p->path) == 0)
				cp = &cn->c->paths[i];
		if (cp == NULL || !gw_usable(&cp->be))
			continue;
		if (cn->c->cv.canary_weight > 0) {
			total = cn->c->cv.canary_weight_total;
			canary_sum += cn->c->cv.canary_weight;
		}
		if (cn->c->cv.canary_header == NULL || n->c->cv.redirect_url)
			continue;	/* a redirect answers before any backend is chosen */
		yw_item(&w);
		write_match(&w, type, value, cn->c->cv.canary_header,
			    cn->c->cv.canary_header_pattern && !cn->c->cv.canary_header_value ? "RegularExpression" : "Exact",
			    cn->c->cv.canary_header_value ? cn->c->cv.canary_header_value
			    : cn->c->cv.canary_header_pattern ? cn->c->cv.canary_header_pattern : "always");
		write_filters(&w, n, rw, replace, hsts);
		yw_seq(&w, "backendRefs");
		backend_ref(&w, &cp->be, -1);
		yw_end(&w);
		gw_rule_fields(&w, n);
		yw_end(&w);
		*rules = xrealloc(*rules, (*nrules + 1) * sizeof(**rules));
		(*rules)[(*nrules)++] = buf_detach(&b);
		yw_init(&w, &b);
		w.indent = 2;
	}
	yw_item(&w);
	write_match(&w, type, value, NULL, NULL, NULL);
	if (n->c->cv.redirect_url) {
		long code = n->c->cv.redirect_permanent ? 301 : 302;
		long asked = n->c->cv.redirect_permanent ? n->c->cv.redirect_code : n->c->cv.temporal_code;
		if (asked > 0) {
			long c = asked;
			if (c == 301 || c == 302 || c == 303 || c == 307 || c == 308)
				code = c;
		}
		write_redirect(&w, n, n->c->cv.redirect_url, code, hsts);
	} else if (n->c->cv.snippet && n->c->cv.snippet->redirect_url) {
		write_redirect(&w, n, n->c->cv.snippet->redirect_url, n->c->cv.snippet->redirect_code, hsts);
	} else {
		write_filters(&w, n, rw, replace, hsts);
		if (gw_usable(&p->be)) {
			yw_seq(&w, "backendRefs");
			if (total > 0) {
				long rest = total - canary_sum;
				backend_ref(&w, &p->be, rest > 0 ? rest : 0);
				for (size_t c = 0; c < p->ncanaries; c++) {
					const struct ing *cn = &g->ings[p->canaries[c]];
					if (cn->c->cv.canary_weight <= 0)
						continue;
					for (size_t i = 0; i < cn->c->npaths; i++)
						if (strcmp(cn->c->paths[i].host, p->host) == 0 &&
						    strcmp(cn->c->paths[i].path, p->path) == 0 && gw_usable(&cn->c->paths[i].be)) {
							backend_ref(&w, &cn->c->paths[i].be, cn->c->cv.canary_weight);
							break;
						}
				}
			} else {
				backend_ref(&w, &p->be, -1);
			}
			yw_end(&w);
		}
		gw_rule_fields(&w, n);
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
const struct gpath *gw_canary_path(const struct ing *cn, const struct gpath *p)
{
	for (size_t i = 0; i < cn->c->npaths; i++)
		if (strcmp(cn->c->paths[i].host, p->host) == 0 && strcmp(cn->c->paths[i].path, p->path) == 0)
			return &cn->c->paths[i];
	return NULL;
}

/* Take the rule being written in b (a sequence item) into rules. */
static void take_rule(struct buf *b, char ***rules, size_t *nrules)
{
	*rules = xrealloc(*rules, (*nrules + 1) * sizeof(**rules));
	(*rules)[(*nrules)++] = buf_detach(b);
}

/* The ResponseHeaderModifier of a GRPCRoute rule (the same shape as an
 * HTTPRoute's) setting 'Strict-Transport-Security' to hsts, an item of
 * the open 'filters' sequence. */
static void grpc_hsts_filter(struct yw *w, const char *hsts)
{
	yw_item(w);
	yw_str(w, "type", "ResponseHeaderModifier");
	yw_map(w, "responseHeaderModifier");
	yw_seq(w, "set");
	yw_item(w);
	yw_str(w, "name", HSTS_NAME);
	yw_str(w, "value", hsts);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
}

/* Append the GRPCRoute rules of path p of Ingress n: a path naming a
 * service ('/pkg.Service') or a method ('/pkg.Service/Method') becomes a
 * method match, the root prefix a rule for every request; any other path
 * is reported and left out. Canaries as in path_rules; hsts, when not
 * NULL, is set on the responses of each rule. */
static void grpc_path_rules(struct gateway *g, const struct ing *n, const struct gpath *p, const char *hsts,
			    char ***rules, size_t *nrules)
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
		gw_finding(g, n, &p->pos, ST_UNSUPPORTED, SEV_ERROR, "gateway-grpc-path", msg,
			"give the path as '/package.Service/Method', or '/' for every method");
		free(msg);
		return;
	}
	for (size_t c = 0; c < p->ncanaries; c++)
		(void)gw_cold(g, &g->ings[p->canaries[c]]);	/* their canary-* intents */
	if (!all && p->type == P_IMPL) {
		char *msg = xasprintf("path '%s' has pathType ImplementationSpecific, a string prefix for "
				      "ingress-nginx: written as the gRPC %s match it names", p->path,
				      method ? "method" : "service");
		gw_finding(g, n, &p->pos, ST_CONVERTED, SEV_INFO, "gateway-path-type", msg, NULL);
		free(msg);
	}
	for (size_t c = 0; c < p->ncanaries; c++) {
		const struct ing *cn = &g->ings[p->canaries[c]];
		const struct gpath *cp = gw_canary_path(cn, p);
		if (cp == NULL || !gw_usable(&cp->be))
			continue;
		if (cn->c->cv.canary_weight > 0) {
			total = cn->c->cv.canary_weight_total;
			canary_sum += cn->c->cv.canary_weight;
		}
		if (cn->c->cv.canary_header == NULL)
			continue;
		yw_init(&w, &b);
		w.indent = 2;
		yw_item(&w);
		grpc_match(&w, service, method, cn->c->cv.canary_header,
			   cn->c->cv.canary_header_pattern && !cn->c->cv.canary_header_value ? "RegularExpression" : "Exact",
			   cn->c->cv.canary_header_value ? cn->c->cv.canary_header_value
			   : cn->c->cv.canary_header_pattern ? cn->c->cv.canary_header_pattern : "always");
		if (hsts) {
			yw_seq(&w, "filters");
			grpc_hsts_filter(&w, hsts);
			yw_end(&w);
		}
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
	if (n->c->cv.x_forwarded_prefix || hsts)
		yw_seq(&w, "filters");
	if (n->c->cv.x_forwarded_prefix) {
		yw_item(&w);
		yw_str(&w, "type", "RequestHeaderModifier");
		yw_map(&w, "requestHeaderModifier");
		yw_seq(&w, "set");
		yw_item(&w);
		yw_str(&w, "name", "X-Forwarded-Prefix");
		yw_str(&w, "value", n->c->cv.x_forwarded_prefix);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
		yw_end(&w);
	}
	if (hsts)
		grpc_hsts_filter(&w, hsts);
	if (n->c->cv.x_forwarded_prefix || hsts)
		yw_end(&w);
	if (gw_usable(&p->be)) {
		yw_seq(&w, "backendRefs");
		backend_ref(&w, &p->be, total > 0 ? (total > canary_sum ? total - canary_sum : 0) : -1);
		for (size_t c = 0; total > 0 && c < p->ncanaries; c++) {
			const struct ing *cn = &g->ings[p->canaries[c]];
			const struct gpath *cp = gw_canary_path(cn, p);
			if (cn->c->cv.canary_weight > 0 && cp && gw_usable(&cp->be))
				backend_ref(&w, &cp->be, cn->c->cv.canary_weight);
		}
		yw_end(&w);
	}
	yw_end(&w);
	take_rule(&b, rules, nrules);
	free(service);
	free(method);
}

/* Routes ------------------------------------------------------------------- */

char *gw_gateway_name(const char *cls)
{
	return gw_label("", cls);
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

/* The one rule of a redirect HTTPRoute ns/name whose 'hostnames' w has
 * written: a 308 RequestRedirect setting key to value; then the route
 * ends and b's text goes to the output objects (gw_add_obj takes it). */
static void redirect_rule(struct gateway *g, struct yw *w, struct buf *b, const char *ns, const char *name,
			  const char *key, const char *value)
{
	yw_seq(w, "rules");
	yw_item(w);
	yw_seq(w, "filters");
	yw_item(w);
	yw_str(w, "type", "RequestRedirect");
	yw_map(w, "requestRedirect");
	yw_str(w, key, value);
	yw_int(w, "statusCode", 308);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	yw_end(w);
	gw_add_obj(g, "HTTPRoute", ns, name, b);
}

/* The backend of host's lowest-precedence rule: spec.defaultBackend for
 * the Ingress's hosts (and the catch-all of an Ingress without rules),
 * else the default-backend annotation's Service for every host; NULL
 * when there is none or the host routes '/' itself. */
const struct be *gw_default_backend(const struct ing *n, const char *host)
{
	const struct be *def = n->has_def && gw_usable(&n->c->def) && (*host || n->nrules == 0) ? &n->c->def
			       : !n->has_def && n->c->has_ann_def ? &n->c->ann_def
								 : NULL;

	for (size_t p = 0; def && p < n->c->npaths; p++)
		if (strcmp(n->c->paths[p].host, host) == 0 && strcmp(n->c->paths[p].path, "/") == 0 &&
		    n->c->paths[p].type != P_EXACT)
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

/* The 'Strict-Transport-Security' value the HTTPS rules of n set
 * (check_hsts.h: ingress-nginx's, g->hsts), or NULL: 'hsts' is false, n
 * names the header itself or passes TLS through, or the set list of its
 * snippet's response headers is full (reported). */
static const char *ingress_hsts(struct gateway *g, const struct ing *n)
{
	const struct snippet *s = n->c->cv.snippet;

	if (!g->hsts_known) {
		g->hsts = ctrl_hsts_value(g->opt->ctrl);
		g->hsts_known = true;
	}
	if (g->hsts == NULL || n->hsts_own || n->ssl_passthrough || n->ntls == 0)
		return NULL;
	if (s && s->resp[SNIP_SET].n >= MAX_HEADER_SET) {
		char *msg = xasprintf("ingress-nginx sent '%s: %s' on HTTPS responses; the ResponseHeaderModifier "
				      "of this Ingress's rules already sets %d headers from its snippet, the most Gateway "
				      "API allows, so convert sets no HSTS header", HSTS_NAME, g->hsts, MAX_HEADER_SET);
		gw_finding(g, n, NULL, ST_UNSUPPORTED, SEV_WARNING, "hsts-default", msg,
			   "set fewer response headers in the snippet, or have the backend send the HSTS header");
		free(msg);
		return NULL;
	}
	return g->hsts;
}

/* hsts (ingress_hsts) for the rules of host of n when they attach to an
 * HTTPS listener: the host has TLS in n and its listener terminates it
 * (the same test as the parentRefs below), or the routes attach to the
 * Gateway --attach names; else NULL. */
static const char *host_hsts(struct gateway *g, const struct ing *n, struct listeners *ls, const char *hsts,
			     const char *host)
{
	const struct listener *l;

	if (hsts == NULL || !gw_tls_host(n, host))
		return NULL;
	if (g->opt->attach)
		return hsts;
	l = gw_find_listener(ls, n->cls, host);
	return l && !l->passthrough ? hsts : NULL;
}

void gw_route_objects(struct gateway *g, struct ing *n, struct listeners *ls)
{
	const char **hosts = NULL;
	size_t nhosts = 0, ngroups = 0, serial = 0;
	char ***hrules;
	size_t *hn;
	struct group *groups;
	char *from = gw_provenance(n), *gw = gw_gateway_name(n->cls);
	bool grpc = CONV_PROTO_IS_GRPC(n->protocol);
	const char *kind = grpc ? "GRPCRoute" : "HTTPRoute";
	const char **redirect_hosts = NULL;
	size_t nredirect = 0;
	const char *hsts_all;

	(void)gw_cold(g, n);
	hsts_all = ingress_hsts(g, n);
	for (size_t p = 0; p < n->c->npaths; p++) {
		bool seen = false;
		for (size_t h = 0; h < nhosts; h++)
			seen = seen || strcmp(hosts[h], n->c->paths[p].host) == 0;
		if (!seen) {
			hosts = xrealloc(hosts, (nhosts + 1) * sizeof(*hosts));
			hosts[nhosts++] = n->c->paths[p].host;
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
		const char *hsts = host_hsts(g, n, ls, hsts_all, hosts[h]);

		if (n->c->cv.app_root && !grpc) {
			struct buf b = {0};
			struct yw w;
			yw_init(&w, &b);
			w.indent = 2;
			yw_item(&w);
			write_match(&w, "Exact", "/", NULL, NULL, NULL);
			write_redirect(&w, NULL, n->c->cv.app_root, 302, hsts);
			yw_end(&w);
			hrules[h] = xrealloc(hrules[h], (hn[h] + 1) * sizeof(**hrules));
			hrules[h][hn[h]++] = buf_detach(&b);
		}
		for (size_t p = 0; p < n->c->npaths; p++)
			if (strcmp(n->c->paths[p].host, hosts[h]) == 0) {
				if (grpc)
					grpc_path_rules(g, n, &n->c->paths[p], hsts, &hrules[h], &hn[h]);
				else
					path_rules(g, n, &n->c->paths[p], n->c->paths[p].match_host == NULL, hsts,
						   &hrules[h], &hn[h]);
			}
		const struct be *def = gw_default_backend(n, hosts[h]);
		if (def) {
			struct buf b = {0};
			struct yw w;
			yw_init(&w, &b);
			w.indent = 2;
			yw_item(&w);
			if (!grpc)
				write_match(&w, "PathPrefix", "/", NULL, NULL, NULL);
			if (hsts) {
				yw_seq(&w, "filters");
				if (grpc)
					grpc_hsts_filter(&w, hsts);
				else
					header_filters(&w, NULL, false, hsts);
				yw_end(&w);
			}
			yw_seq(&w, "backendRefs");
			backend_ref(&w, def, -1);
			yw_end(&w);
			yw_end(&w);
			hrules[h] = xrealloc(hrules[h], (hn[h] + 1) * sizeof(**hrules));
			hrules[h][hn[h]++] = buf_detach(&b);
		}
		redirect = *hosts[h] && gw_tls_host(n, hosts[h]) && g->opt->attach == NULL &&
			   (n->c->cv.ssl_redirect != CONV_FALSE || n->c->cv.force_ssl_redirect);
		if (redirect) {
			redirect_hosts = xrealloc(redirect_hosts, (nredirect + 1) * sizeof(*redirect_hosts));
			redirect_hosts[nredirect++] = hosts[h];
		}
		for (size_t r = 0; r < hn[h]; r++)
			buf_adds(&sig, hrules[h][r]);
		buf_adds(&sig, redirect ? "R" : "-");
		buf_adds(&sig, gw_tls_host(n, hosts[h]) ? "T" : "-");
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

				/* the plugin rules of the Ingress name every route it becomes */
				if (g->opt->plugins)
					plugins_add_route(g->opt->plugins, n->ns, n->name, kind, n->ns, name);

				yw_init(&w, &b);
				gw_header(&w, kind, n->ns, name, from);
				yw_map(&w, "spec");
				yw_seq(&w, "parentRefs");
				if (g->opt->attach) {
					parent_attach(&w, g);
				} else {
					bool http = false;
					for (size_t h = h0; h < h1; h++) {
						struct listener *l = gw_find_listener(ls, n->cls, gr->hosts[h]);
						if (l && !l->passthrough && gw_tls_host(n, gr->hosts[h])) {
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
				gw_add_obj(g, kind, n->ns, name, &b);
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
		gw_header(&w, "HTTPRoute", n->ns, name, from);
		yw_map(&w, "spec");
		yw_seq(&w, "parentRefs");
		parent_ref(&w, g, gw, "http");
		yw_end(&w);
		yw_seq(&w, "hostnames");
		for (size_t h = h0; h < h1; h++)
			yw_item_str(&w, redirect_hosts[h]);
		yw_end(&w);
		redirect_rule(g, &w, &b, n->ns, name, "scheme", "https");
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

/* ssl-passthrough ------------------------------------------------------------ */

static int passthrough_cmp(const void *a, const void *b)
{
	const struct passthrough *x = a, *y = b;
	int c = strcmp(x->cls, y->cls);

	return c ? c : strcmp(x->host, y->host);
}

/* The passthrough entry of host in class cls, or NULL. */
struct passthrough *gw_passthrough_of(const struct gateway *g, const char *cls, const char *host)
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
 * backend gets the connections (as ingress-nginx and Higress do). Reads
 * the cold records of every primary when there is any such host. */
void gw_find_passthrough(struct gateway *g)
{
	size_t cap = 0, u = 0;

	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->canary || !n->ssl_passthrough)
			continue;
		(void)gw_cold(g, n);
		for (size_t p = 0; p < n->c->npaths; p++) {
			if (*n->c->paths[p].host == '\0') {
				gw_finding(g, n, &n->c->paths[p].pos, ST_UNSUPPORTED, SEV_ERROR, "gateway-passthrough-host",
					"ssl-passthrough needs a host (connections are told apart by SNI): the "
					"rule without one is not passed through", "give the rule a host");
				continue;
			}
			grow_array((void **)&g->pass, &cap, g->npass + 1, sizeof(*g->pass));
			memset(&g->pass[g->npass], 0, sizeof(*g->pass));
			g->pass[g->npass].cls = n->cls;
			g->pass[g->npass].host = gw_arena_dup(&g->strs, n->c->paths[p].host);
			g->pass[g->npass++].ing = SIZE_MAX;
		}
		gw_cold_drop(g);
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
		if (n->canary)
			continue;
		(void)gw_cold(g, n);
		for (size_t p = 0; p < n->c->npaths; p++) {
			struct passthrough *ps;
			const struct gpath *gp = &n->c->paths[p];
			if (!root_path(gp) || (ps = gw_passthrough_of(g, n->cls, gp->host)) == NULL)
				continue;
			if (!ps->has_root || gw_older(n, &g->ings[ps->ing])) {
				ps->ing = k;
				ps->has_root = true;
				ps->root.svc = gw_arena_dup(&g->strs, gp->be.svc);
				ps->root.port_name = gw_arena_dup(&g->strs, gp->be.port_name);
				ps->root.port = gp->be.port;
			}
		}
		gw_cold_drop(g);
	}
	/* a host without an owner: reported on each Ingress that asks for it */
	for (size_t k = 0; k < g->nings; k++) {
		struct ing *n = &g->ings[k];
		if (n->canary || !n->ssl_passthrough)
			continue;
		(void)gw_cold(g, n);
		for (size_t p = 0; p < n->c->npaths; p++) {
			const struct passthrough *ps = gw_passthrough_of(g, n->cls, n->c->paths[p].host);
			bool seen = false;
			if (ps == NULL || ps->has_root)
				continue;
			for (size_t q = 0; q < p && !seen; q++)
				seen = strcmp(n->c->paths[q].host, n->c->paths[p].host) == 0;
			if (seen)
				continue;
			char *msg = xasprintf("host '%s' has ssl-passthrough but no Ingress gives it a root path '/', "
					      "whose backend ingress-nginx passes the connections to: no TLSRoute is "
					      "written for it", ps->host);
			gw_finding(g, n, NULL, ST_UNSUPPORTED, SEV_ERROR, "gateway-passthrough-no-root", msg,
				"add a '/' path for the host naming the backend that terminates TLS");
			free(msg);
		}
		gw_cold_drop(g);
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
	gw_finding(g, n, NULL, ST_PARTIAL, SEV_INFO, "gateway-passthrough-paths", msg, NULL);
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
	char *from = gw_provenance(n);

	done = xcalloc(nmine ? nmine : 1, sizeof(*done));
	part = xcalloc(MAX_HOSTNAMES, sizeof(*part));
	for (size_t i = 0; i < nmine; i++) {
		const struct be *be = &mine[i]->root;
		while (!done[i]) {
			struct buf b = {0};
			struct yw w;
			size_t np = 0;
			char *name = serial++ ? xasprintf("%s-%zu", n->name, serial) : xstrdup(n->name);

			for (size_t j = i; j < nmine && np < MAX_HOSTNAMES; j++)
				if (!done[j] && same_backend(&mine[j]->root, be)) {
					part[np++] = mine[j];
					done[j] = true;
				}
			yw_init(&w, &b);
			gw_header(&w, "TLSRoute", n->ns, name, from);
			yw_map(&w, "spec");
			yw_seq(&w, "parentRefs");
			if (g->opt->attach)
				parent_attach(&w, g);
			for (size_t j = 0; j < np && !g->opt->attach; j++) {
				struct listener *l = gw_find_listener(ls, n->cls, part[j]->host);
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
			gw_add_obj(g, "TLSRoute", n->ns, name, &b);
			if (g->opt->attach) {
				char *msg = xasprintf("TLSRoute '%s/%s' attaches to the Gateway '%s', which needs a "
						      "listener on port 443 with protocol TLS and mode Passthrough for "
						      "its hosts", n->ns, name, g->opt->attach);
				gw_finding(g, n, NULL, ST_CONVERTED, SEV_INFO, "gateway-passthrough-listener", msg, NULL);
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
void gw_all_tls_routes(struct gateway *g, struct listeners *ls)
{
	struct passthrough **v = xcalloc(g->npass ? g->npass : 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < g->npass; i++)
		if (g->pass[i].has_root && gw_usable(&g->pass[i].root))
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

/* The HTTPRoutes of the www redirects of n: one per name, attached to the
 * HTTP listener and, where the name has one, its HTTPS listener. */
void gw_www_routes(struct gateway *g, const struct ing *n, struct listeners *ls)
{
	char *from, *gw;

	if (!n->from_to_www)
		return;
	(void)gw_cold(g, n);
	from = gw_provenance(n);
	gw = gw_gateway_name(n->cls);
	for (size_t i = 0; i < n->c->www_from.n; i++) {
		struct buf b = {0};
		struct yw w;
		char *name = i ? xasprintf("%s-www-redirect-%zu", n->name, i + 1) : xasprintf("%s-www-redirect", n->name);
		struct listener *l = gw_find_listener(ls, n->cls, n->c->www_from.v[i]);

		yw_init(&w, &b);
		gw_header(&w, "HTTPRoute", n->ns, name, from);
		yw_map(&w, "spec");
		yw_seq(&w, "parentRefs");
		if (g->opt->attach) {
			parent_attach(&w, g);
		} else {
			parent_ref(&w, g, gw, "http");
			if (l && gw_tls_host(n, n->c->www_from.v[i]))
				parent_ref(&w, g, l->gw, l->name);
		}
		yw_end(&w);
		yw_seq(&w, "hostnames");
		yw_item_str(&w, n->c->www_from.v[i]);
		yw_end(&w);
		redirect_rule(g, &w, &b, n->ns, name, "hostname", n->c->www_to.v[i]);
		free(name);
	}
	free(from);
	free(gw);
}
