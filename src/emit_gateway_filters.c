/* emit_gateway_filters.c - the filters and rule fields of the Gateway API target:
 * CORS, RequestMirror, timeouts, retries and session persistence, judged per
 * Ingress and written into rules. */
#include "emit_gateway_impl.h"

#include "ctrl_config.h"

/* Filters and rule fields: CORS, mirror, timeouts, retry, session ----------
 * persistence. Decided per Ingress in gateway_add_ingress (findings on the
 * annotations), written per rule by rule_filters and rule_fields. */

/* Append a copy of x[0..len) (owned by s, freed by strv_free). */
void gw_strv_add(struct strv *s, const char *x, size_t len)
{
	grow_array((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = xstrndup(x, len);
}

void gw_strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The items of a list nginx separates with ',' (and blanks where seps has
 * them), in order, empty ones skipped: copies appended to out (its own). */
void gw_split_list(const char *s, const char *seps, struct strv *out)
{
	while (*s) {
		size_t n;
		s += strspn(s, seps);
		s += strspn(s, " \t");
		n = strcspn(s, seps);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n)
			gw_strv_add(out, s, n);
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

/* An HTTP token character (RFC 9110): letters, digits and !#$%&'*+-.^_`|~. */
static bool token_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
	case '^': case '_': case '`': case '|': case '~':
		return true;
	default:
		return false;
	}
}

static bool header_name_ok(const char *h)
{
	size_t n = 0;

	for (; h[n]; n++)
		if (n >= 256 || !token_char((unsigned char)h[n]))
			return false;
	return n > 0;
}

/* Move the items of in that ok accepts (at most max) to out; the others
 * are listed in dropped ("'a', 'b'"). Empties in (its storage is freed). */
static void keep_valid(struct strv *in, bool (*ok)(const char *), size_t max, struct strv *out,
		       struct buf *dropped)
{
	for (size_t i = 0; i < in->n; i++) {
		if (ok(in->v[i]) && out->n < max) {
			grow_array((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = in->v[i];	/* moved, not copied */
			in->v[i] = NULL;
		} else {
			if (dropped->len)
				buf_adds(dropped, ", ");
			buf_addc(dropped, '\'');
			buf_adds(dropped, in->v[i]);
			buf_addc(dropped, '\'');
		}
	}
	gw_strv_free(in);
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
	if (n->c->cv.redirect_url == NULL)
		return false;
	for (size_t k = 0; k < nkeys; k++)
		gw_override(g, st, in, prefix, keys[k], ST_IGNORED, SEV_INFO,
			 "not written: 'permanent-redirect' or 'temporal-redirect' answers every path of this Ingress, "
			 "so no request reaches a backend");
	return true;
}

static void gcors_free(struct gcors *c)
{
	gw_strv_free(&c->origins);
	gw_strv_free(&c->methods);
	gw_strv_free(&c->headers);
	gw_strv_free(&c->expose);
}

/* The CORS filter of an Ingress with 'enable-cors' true: every value
 * nginx would use, written out, into c (lists owned by c, gcors_free).
 * The entries the filter cannot take go, quoted, to drops[0..3]
 * (origins, methods, headers, exposed headers) unless drops is NULL.
 * Read again for each rule written, rather than kept per Ingress: the
 * default lists are the same on every Ingress. Returns whether the
 * origins hold '*'. */
bool gw_cors_read(const struct conv *cv, struct gcors *c, struct buf *drops)
{
	struct buf scratch[4] = {{0}};
	struct buf *d = drops ? drops : scratch;
	struct strv raw = {0};
	bool star = false;
	char *end;

	memset(c, 0, sizeof(*c));
	gw_split_list(cv->cors_origin ? cv->cors_origin : CONV_CORS_ORIGIN, ",", &raw);
	keep_valid(&raw, cors_origin_ok, 64, &c->origins, &d[0]);
	gw_split_list(cv->cors_methods ? cv->cors_methods : CONV_CORS_METHODS, ", \t", &raw);
	for (size_t i = 0; i < raw.n; i++)
		for (char *x = raw.v[i]; *x; x++)
			if (*x >= 'a' && *x <= 'z')
				*x = (char)(*x - 'a' + 'A');
	keep_valid(&raw, cors_method_ok, 9, &c->methods, &d[1]);
	gw_split_list(cv->cors_headers ? cv->cors_headers : CONV_CORS_HEADERS, ",", &raw);
	keep_valid(&raw, header_name_ok, 64, &c->headers, &d[2]);
	if (cv->cors_expose)
		gw_split_list(cv->cors_expose, ",", &raw);
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
void gw_judge_cors(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
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
	const struct conv *cv = &n->c->cv;
	struct gcors c;
	struct buf drops[4] = {{0}}, msg = {0};
	bool star;

	if (redirects_all(g, st, in, n, prefix, all, sizeof(all) / sizeof(all[0])))
		return;
	if (!cv->cors) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			gw_override(g, st, in, prefix, keys[k], ST_IGNORED, SEV_INFO,
				 "'enable-cors' is not true, so ingress-nginx sends no CORS headers and the "
				 "HTTPRoute gets no CORS filter either");
		return;
	}
	n->c->has_cors = true;
	star = gw_cors_read(cv, &c, drops);
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
	gw_override(g, st, in, prefix, "enable-cors", ST_CONVERTED,
		 star && cv->cors_credentials != CONV_FALSE ? SEV_WARNING : SEV_INFO, buf_cstr(&msg));
	buf_free(&msg);
	for (size_t k = 0; k < 4; k++) {
		if (drops[k].len) {
			char *m = xasprintf("%s %s %s", noun[k], buf_cstr(&drops[k]), what[k]);
			gw_override(g, st, in, prefix, keys[k], ST_PARTIAL, SEV_WARNING, m);
			free(m);
		}
		buf_free(&drops[k]);
	}
	if (cv->cors_max_age && c.max_age == 0)
		gw_override(g, st, in, prefix, "cors-max-age", ST_PARTIAL, SEV_WARNING,
			 "'maxAge' must be at least 1: left out, so the filter sends its default of 5 seconds");
	gcors_free(&c);
}

/* mirror-target: a RequestMirror filter when the URL names a Service in
 * the cluster DNS form; the port is checked against the Services at the
 * finish (mirror_check). */
void gw_judge_mirror(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		     const char *prefix)
{
	static const char *const all[] = { "mirror-target", "mirror-request-body" };
	const struct conv_mirror *m = &n->c->mirror;
	struct buf msg = {0};

	if (redirects_all(g, st, in, n, prefix, all, 2))
		return;

	if (n->c->cv.mirror_target == NULL || !conv_mirror(n->c->cv.mirror_target, &n->c->mirror)) {
		if (n->c->cv.mirror_body != CONV_UNSET)
			gw_override(g, st, in, prefix, "mirror-request-body", ST_IGNORED, SEV_INFO,
				 "no RequestMirror filter is written for this Ingress (see 'mirror-target')");
		if (n->c->cv.mirror_target == NULL)
			return;
		char *msg2 = xasprintf("'%s' is not a Service URL of the form http(s)://SERVICE.NAMESPACE.svc[.cluster."
				       "local][:PORT]: a 'RequestMirror' filter mirrors only to a backendRef, so requests "
				       "are no longer mirrored", n->c->cv.mirror_target);
		gw_override(g, st, in, prefix, "mirror-target", ST_UNSUPPORTED, SEV_ERROR, msg2);
		free(msg2);
		return;
	}
	if (n->c->cv.mirror_body == CONV_FALSE)
		gw_override(g, st, in, prefix, "mirror-request-body", ST_PARTIAL, SEV_WARNING,
			 "a 'RequestMirror' filter has no switch to leave the body out: mirrored requests carry it");
	else if (n->c->cv.mirror_body == CONV_TRUE)
		gw_override(g, st, in, prefix, "mirror-request-body", ST_CONVERTED, SEV_INFO,
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
	gw_override(g, st, in, prefix, "mirror-target", m->tls || (*m->path && !strstr(m->path, "$request_uri"))
							     ? ST_PARTIAL : ST_CONVERTED, SEV_WARNING, buf_cstr(&msg));
	buf_free(&msg);
}

/* proxy-connect|send|read-timeout: one backendRequest timeout bounding
 * the whole backend exchange, the sum of the three phase timeouts nginx
 * allowed (ConfigMap defaults for those not set). */
void gw_judge_timeouts(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		       const char *prefix)
{
	static const char *const keys[] = { "proxy-connect-timeout", "proxy-send-timeout", "proxy-read-timeout" };
	const struct conv *cv = &n->c->cv;
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
	if (c > 100000000L || s > 100000000L || r > 100000000L || !conv_duration(c + s + r, n->c->timeout,
										   sizeof(n->c->timeout))) {
		n->c->timeout[0] = '\0';
		for (size_t k = 0; k < 3; k++)
			gw_override(g, st, in, prefix, keys[k], ST_UNSUPPORTED, SEV_ERROR,
				 "the timeouts add up to more than a Gateway API Duration can hold: no "
				 "'timeouts' written");
		return;
	}
	msg = xasprintf("becomes 'rules[].timeouts.backendRequest: %s', connect %lds + send %lds + read %lds "
			"(%s for those not set): one bound on the whole "
			"backend exchange, where nginx bounded each phase and each pause between reads and writes, "
			"so a slow streaming or long-polling response is cut off at %s", n->c->timeout, c, s, r,
			cs ? "the controller ConfigMap's values" : "ingress-nginx's ConfigMap defaults 5s, 60s, 60s", n->c->timeout);
	for (size_t k = 0; k < 3; k++)
		gw_override(g, st, in, prefix, keys[k], ST_PARTIAL, SEV_WARNING, msg);
	free(msg);
}

/* The experimental-channel forms: proxy-next-upstream-tries as
 * rules[].retry and cookie affinity as sessionPersistence, only with
 * --allow-experimental (the table's finding names the flag otherwise). */
void gw_judge_experimental(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			   const char *prefix)
{
	n->c->retry_attempts = -1;
	if (!g->opt->allow_experimental)
		return;
	if (n->c->cv.next_upstream_tries > 0) {
		char *msg = xasprintf("becomes the experimental 'rules[].retry.attempts: %ld' (nginx's %ld tries "
				      "count the first one); the retry conditions stay the implementation's, where "
				      "nginx retried on 'proxy-next-upstream' (default: error, timeout)",
				      n->c->cv.next_upstream_tries - 1, n->c->cv.next_upstream_tries);
		n->c->retry_attempts = n->c->cv.next_upstream_tries - 1;
		gw_override(g, st, in, prefix, "proxy-next-upstream-tries", ST_CONVERTED, SEV_WARNING, msg);
		free(msg);
	} else if (n->c->cv.next_upstream_tries == 0) {
		gw_override(g, st, in, prefix, "proxy-next-upstream-tries", ST_UNSUPPORTED, SEV_WARNING,
			 "0 means unlimited tries in nginx, which 'rules[].retry.attempts' cannot say: no retry written");
	}
	if (n->c->cv.affinity && strcmp(n->c->cv.affinity, "cookie") == 0) {
		char *msg;
		n->c->session_name = xstrdup(n->c->cv.session_cookie_name && *n->c->cv.session_cookie_name
						  ? n->c->cv.session_cookie_name : "INGRESSCOOKIE");
		msg = xasprintf("becomes the experimental 'rules[].sessionPersistence' (cookie '%s'), which "
				"higress's Gateway API does not implement: on higress requests are balanced without "
				"stickiness; written for implementations that read it", n->c->session_name);
		gw_override(g, st, in, prefix, "affinity", ST_PARTIAL, SEV_WARNING, msg);
		free(msg);
		if (n->c->cv.session_cookie_name)
			gw_override(g, st, in, prefix, "session-cookie-name", ST_PARTIAL, SEV_INFO,
				 "becomes 'sessionName' of the experimental 'sessionPersistence' (see 'affinity')");
	}
}

/* The filters of a rule beyond rewrites and header changes. */
bool gw_has_more_filters(const struct ing *n)
{
	return n->c->has_cors || n->has_mirror;
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
void gw_more_filters(struct yw *w, const struct ing *n)
{
	if (n->c->has_cors) {
		struct gcors c;
		(void)gw_cors_read(&n->c->cv, &c, NULL);
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
		yw_str(w, "name", n->c->mirror.svc);
		if (strcmp(n->c->mirror.ns, n->ns) != 0)
			yw_str(w, "namespace", n->c->mirror.ns);
		yw_int(w, "port", n->c->mirror.port);
		yw_end(w);
		yw_end(w);
		yw_end(w);
	}
}

/* The fields after a rule's backendRefs: timeouts, retry, session
 * persistence. */
void gw_rule_fields(struct yw *w, const struct ing *n)
{
	if (n->c->timeout[0]) {
		yw_map(w, "timeouts");
		yw_str(w, "backendRequest", n->c->timeout);
		yw_end(w);
	}
	if (n->c->retry_attempts >= 0) {
		yw_map(w, "retry");
		yw_int(w, "attempts", n->c->retry_attempts);
		yw_end(w);
	}
	if (n->c->session_name) {
		yw_map(w, "sessionPersistence");
		yw_str(w, "sessionName", n->c->session_name);
		yw_str(w, "type", "Cookie");
		yw_end(w);
	}
}
