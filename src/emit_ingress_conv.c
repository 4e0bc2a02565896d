/* emit_ingress_conv.c - the Higress Ingress target's converters (see
 * emit_ingress_conv.h): each refines an annotation's judgement and writes
 * the keys Higress reads into the plan. */
#include "emit_ingress_conv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conv_names.h"
#include "ctrl_config.h"
#include "emit_ingress.h"
#include "regex_compat.h"
#include "snippet.h"

/* Plan edits --------------------------------------------------------------- */

/* The plan's action on annotation idx that removes or rewrites it, if any
 * (a plan holds at most one: each edits the annotation's text). Borrowed. */
struct action *hconv_rewriting_action(struct plan *plan, size_t idx)
{
	for (size_t i = 0; i < plan->n; i++) {
		struct action *x = &plan->v[i];
		if (x->ann == idx && (x->type == ACT_REMOVE || x->type == ACT_REPLACE || x->type == ACT_SET_VALUE))
			return x;
	}
	return NULL;
}

/* Give annotation idx the value v (copied into the plan), composed with
 * what the plan already does to it: a new value for a moved key goes
 * under the new key, a removed annotation stays removed. */
void hconv_plan_set_value(struct plan *plan, size_t idx, const char *v)
{
	struct action *x = hconv_rewriting_action(plan, idx);

	if (x == NULL) {
		action_pair(plan_add(plan, ACT_SET_VALUE, idx, NULL), NULL, v);
	} else if (x->type == ACT_SET_VALUE || (x->type == ACT_REPLACE && x->moved)) {
		free(x->values[0]);
		x->values[0] = xstrdup(v);
		if (x->moved) {
			free(x->reason);
			x->reason = xstrdup("moved to the prefix higress reads, with a converted value");
		}
	}
}

/* Remove annotation idx with reason (copied into the plan), whatever the
 * plan did to it before: removal wins over a value set or a move. */
void hconv_plan_remove(struct plan *plan, size_t idx, const char *reason)
{
	struct action *x = hconv_rewriting_action(plan, idx);

	if (x == NULL) {
		plan_add(plan, ACT_REMOVE, idx, reason);
		return;
	}
	x->type = ACT_REMOVE;
	x->moved = false;
	free(x->reason);
	x->reason = reason ? xstrdup(reason) : NULL;
}

/* A new annotation key Higress reads, for the short name. Caller frees. */
char *hconv_key(const char *name)
{
	return xasprintf("%s/%s", HCONV_NGINX_PREFIX, name);
}

/* With a custom --annotation-prefix Higress reads none of the keys: move
 * annotation idx (short name 'name', value 'value', both copied into the
 * plan) to the prefix Higress reads, composed with what the plan already
 * does to it (a value set on it goes under the new key). Returns whether
 * the key moves: not under Higress's own prefix, nor when the annotation
 * is removed or rewritten under other keys. */
static bool plan_move(const char *prefix, struct plan *plan, size_t idx, const char *name, const char *value)
{
	struct action *act = hconv_rewriting_action(plan, idx);
	char *key;

	if (strcmp(prefix, HCONV_NGINX_PREFIX) == 0)
		return false;
	if (act && (act->type == ACT_REMOVE || (act->type == ACT_REPLACE && !act->moved)))
		return false;
	if (act && act->type == ACT_REPLACE)
		return true;	/* moved already */
	key = hconv_key(name);
	if (act) {
		/* a new value: write it under the new key */
		free(act->keys[0]);
		act->keys[0] = xstrdup(key);
		act->type = ACT_REPLACE;
		free(act->reason);
		act->reason = xstrdup("moved to the prefix higress reads, with a converted value");
	} else {
		act = plan_add(plan, ACT_REPLACE, idx, "moved to the prefix higress reads");
		action_pair(act, key, value);
	}
	act->moved = true;
	free(key);
	return true;
}

/* A kept annotation moves to the prefix Higress reads (see plan_move).
 * Returns the new message (caller frees) or NULL when nothing moved. */
char *hconv_move_to_prefix(struct hconv *c, const char *message)
{
	char *key, *msg;

	if (!plan_move(c->env->prefix, c->plan, c->idx, c->name, c->an->value))
		return NULL;
	key = hconv_key(c->name);
	msg = xasprintf("%s; key moved to '%s' (higress reads only the '%s' and 'higress.io' prefixes)", message, key,
			HCONV_NGINX_PREFIX);
	free(key);
	return msg;
}

/* The Ingress's annotation with the short name under the controller's
 * prefix, or NULL. Borrowed. */
static const struct annotation *ann_named(const struct hconv *c, const char *name)
{
	return ingress_annotation(c->ing, c->env->prefix, name);
}


static void set_msg(struct hconv *c, char *msg)
{
	free(c->message);
	c->message = msg;
}

void hconv_set_message(struct hconv *c, char *msg)
{
	set_msg(c, msg);
}

/* The cipher suites Higress passes on: Istio's ValidCipherSuites
 * (istio 1.27, pkg/config/security/security.go L288-304; higress@8e4041c9
 * builds istio-1.27), tested by Higress's 'ssl-cipher' parser through
 * security.IsValidCipherSuite (pkg/ingress/kube/annotations/
 * downstreamtls.go L78-87). That test also lets "ALL" and any entry not
 * starting with a letter or digit through, so OpenSSL operators alone
 * ('!aNULL') would reach Envoy as a cipher list without a suite. */
static const char *const istio_cipher_suites[] = {
	"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
	"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
	"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
	"ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
	"ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
	"AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
};

/* The RFC (IANA) names of the same suites, as some manifests write them. */
static const struct { const char *rfc, *name; } rfc_cipher_names[] = {
	{ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384" },
	{ "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA" },
	{ "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA" },
	{ "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA" },
	{ "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
	{ "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384" },
	{ "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	{ "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA" },
	{ "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA" },
};

/* The name Istio accepts for the entry s[0..n), or NULL. Borrowed. */
static const char *istio_cipher_name(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(istio_cipher_suites) / sizeof(istio_cipher_suites[0]); i++)
		if (strlen(istio_cipher_suites[i]) == n && memcmp(istio_cipher_suites[i], s, n) == 0)
			return istio_cipher_suites[i];
	for (size_t i = 0; i < sizeof(rfc_cipher_names) / sizeof(rfc_cipher_names[0]); i++)
		if (strlen(rfc_cipher_names[i].rfc) == n && memcmp(rfc_cipher_names[i].rfc, s, n) == 0)
			return rfc_cipher_names[i].name;
	if (n == 3 && memcmp(s, "ALL", 3) == 0)
		return "ALL";	/* IsValidCipherSuite keeps it; BoringSSL knows it */
	return NULL;
}

/* Append "'x'" to the comma list in b (the caller's buffer). */
static void list_add(struct buf *b, const char *s, size_t n)
{
	buf_printf(b, "%s'%.*s'", b->len ? ", " : "", (int)n, s);
}

static void hc_ssl_ciphers(struct hconv *c)
{
	struct buf out = {0}, dropped = {0}, renamed = {0};

	if (c->in->ciphers[0] == '\0') {
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent (the ConfigMap ciphers apply)"));
		return;
	}

	/* Higress splits on ':' */
	for (const char *s = c->in->ciphers; *s; s += *s == ':') {
		size_t n = strcspn(s, ":");
		const char *name = istio_cipher_name(s, n);
		if (name == NULL) {
			list_add(&dropped, s, n);
		} else {
			bool dup = false;
			for (const char *o = buf_cstr(&out); *o && !dup; o += strcspn(o, ":"), o += *o == ':') {
				size_t on = strcspn(o, ":");
				dup = on == strlen(name) && memcmp(o, name, on) == 0;
			}
			if (!dup) {
				if (out.len)
					buf_addc(&out, ':');
				buf_adds(&out, name);
			}
			if (strlen(name) != n || memcmp(name, s, n) != 0)
				buf_printf(&renamed, "%s'%.*s' as '%s'", renamed.len ? ", " : "", (int)n, s, name);
		}
		s += n;
	}
	if (out.len == 0) {
		c->status = ST_UNSUPPORTED;
		c->sev = c->sev > SEV_ERROR ? c->sev : SEV_ERROR;
		set_msg(c, xasprintf("no entry of '%s' is a cipher suite higress accepts (Istio's list of TLS 1.2 suites "
				     "in their OpenSSL names; keywords, operators, DHE and TLS 1.3 names are not in it): "
				     "the listener would get an empty cipher list and reject it, so 'higress.io/ssl-cipher' "
				     "is not written and higress keeps its default cipher suites; to choose suites, name "
				     "them, e.g. 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256'",
				     c->an->value));
		if (!c->env->keep_unsupported)
			hconv_plan_remove(c->plan, c->idx, "no cipher suite higress accepts");
	} else {
		struct action *act = plan_add(c->plan, ACT_REPLACE, c->idx,
					      "ingress-nginx 'ssl-ciphers' is read by higress as 'higress.io/ssl-cipher'");
		action_pair(act, "higress.io/ssl-cipher", buf_cstr(&out));
		if (dropped.len || renamed.len) {
			c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
			set_msg(c, xasprintf("moved to 'higress.io/ssl-cipher: %s'%s%s%s%s", buf_cstr(&out),
					     dropped.len ? "; dropped, not a cipher suite higress accepts (Istio's list): " : "",
					     buf_cstr(&dropped), renamed.len ? "; written by their OpenSSL names: " : "",
					     buf_cstr(&renamed)));
		}
	}
	buf_free(&out);
	buf_free(&dropped);
	buf_free(&renamed);
}

static void hc_upstream_hash_by(struct hconv *c)
{
	const char *v = c->in->hash_by;
	size_t n = strlen(v);
	bool simple = n > 1 && v[0] == '$';

	for (size_t i = 1; i < n && simple; i++)
		if (!(isalnum((unsigned char)v[i]) || v[i] == '_' || v[i] == '-'))
			simple = false;
	if (simple && str_has_prefix(v, "$http_") && n > 6) {
		char *nv = xstrdup(v);
		for (char *p = nv + 6; *p; p++)
			if (*p == '_')
				*p = '-';
		if (strcmp(nv, v) != 0) {
			struct action *act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
			action_pair(act, NULL, nv);
			c->status = ST_CONVERTED;
			set_msg(c, xasprintf("rewritten to '%s': higress hashes on the header name as written, "
					     "ingress-nginx maps '_' to '-'", nv));
		} else {
			c->status = ST_SUPPORTED;
			c->sev = SEV_INFO;
			set_msg(c, xstrdup("higress hashes on the same request header"));
		}
		free(nv);
	} else if (simple && (strcmp(v, "$request_uri") == 0 || strcmp(v, "$host") == 0 ||
			      strcmp(v, "$remote_addr") == 0 || (str_has_prefix(v, "$arg_") && n > 5))) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xasprintf("higress hashes on '%s' too (consistent hashing per service:port)", v));
	} else {
		c->status = ST_PARTIAL;
		c->sev = SEV_WARNING;
		set_msg(c, xasprintf("higress hashes only on one of '$request_uri', '$host', '$remote_addr', "
				     "'$http_*', '$arg_*'; '%s' falls back to round robin", v));
	}
}

/* mirror-target: nginx proxies a copy of each request to the URL, whose
 * host is the part before the first '$' (mirror/main.go L141-150 splits
 * the target on '$' to find it). Higress mirrors to a registered service:
 * 'mirror-target-service', or 'mirror-target-fqdn' + '-fqdn-port' as an
 * Istio destination host (higress pkg/ingress/kube/annotations/mirror.go),
 * which carries no TLS. */
static void hc_mirror_target(struct hconv *c)
{
	struct conv_url u;
	char *v, *msg = NULL, *path_note;
	const char *h, *rest;
	struct action *act;
	bool ip, tls;

	if (c->an->value[strspn(c->an->value, " \t\n\v\f\r")] == '\0') {
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent, nothing is mirrored"));
		return;
	}
	if (!conv_url(c->an->value, &u)) {
		v = conv_trim(c->an->value);
		c->status = ST_UNSUPPORTED;
		c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
		set_msg(c, xasprintf("cannot convert mirror target '%s' (needs http(s)://host[:port] with a DNS name or IP "
				     "address as host, no variable); higress ignores it, so requests are no longer mirrored",
				     v));
		if (!c->env->keep_unsupported)
			hconv_plan_remove(c->plan, c->idx, "unsupported: cannot convert the mirror target");
		free(v);
		return;
	}
	h = u.host;
	ip = u.ip;
	tls = u.tls;
	rest = u.rest;
	path_note = strstr(rest, "$request_uri")
			    ? xstrdup("mirrored requests keep their own path, as with '$request_uri'")
			    : *rest && strcmp(rest, "/")
				      ? xasprintf("the URL path '%s' is not carried over, mirrored requests keep their own path",
						  rest)
				      : xstrdup("mirrored requests keep their own path (ingress-nginx sent them to '/')");
	{
		/* svc (the Ingress's namespace) and svc.ns.svc[.cluster.local] are
		 * Services; anything else, 'svc.ns' included, could be a public
		 * name, so it stays an external host */
		char *d1 = ip ? NULL : strchr(h, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
		bool service = !ip && (d1 == NULL || (d2 && (strcmp(d2, ".svc") == 0 ||
							     strcmp(d2, ".svc.cluster.local") == 0)));
		const char *portbuf = u.port ? u.port : tls ? "443" : "80";
		if (service) {
			char *svc = d1 ? xstrndup(h, (size_t)(d1 - h)) : xstrdup(h);
			char *ns = d1 ? xstrndup(d1 + 1, d2 ? (size_t)(d2 - d1 - 1) : strlen(d1 + 1)) : NULL;
			char *val = ns ? xasprintf("%s/%s:%s", ns, svc, portbuf) : xasprintf("%s:%s", svc, portbuf);
			act = plan_add(c->plan, ACT_REPLACE, c->idx, "mirror target URL converted to a Service reference");
			action_pair(act, "higress.io/mirror-target-service", val);
			msg = xasprintf("converted to 'higress.io/mirror-target-service: %s'; %s; 'mirror-request-body' "
					"and 'mirror-host' are not carried over", val, path_note);
			c->status = ST_CONVERTED;
			free(svc);
			free(ns);
			free(val);
		} else {
			act = plan_add(c->plan, ACT_REPLACE, c->idx, "mirror target URL converted to an external host");
			action_pair(act, "higress.io/mirror-target-fqdn", h);
			action_pair(act, "higress.io/mirror-target-fqdn-port", portbuf);
			if (d1 && d2 == NULL)
				msg = xasprintf("converted to 'higress.io/mirror-target-fqdn: %s' and port %s, a destination "
						"higress mirrors to only once '%s' is registered with it (McpBridge); %s; if "
						"'%s' means Service '%.*s' in namespace '%s', write "
						"'higress.io/mirror-target-service: %s/%.*s:%s' instead", h, portbuf, h, path_note,
						h, (int)(d1 - h), h, d1 + 1, d1 + 1, (int)(d1 - h), h, portbuf);
			else
				msg = xasprintf("converted to 'higress.io/mirror-target-fqdn: %s' and port %s, a destination "
						"higress mirrors to only once %s'%s' is registered with it (McpBridge); %s",
						h, portbuf, ip ? "the address " : "", h, path_note);
			c->status = ST_PARTIAL;
			c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
			c->fix = ip ? xasprintf("register '%s:%s' with an McpBridge registry of type 'static' and write the "
						"name it gets in 'higress.io/mirror-target-fqdn'", h, portbuf)
				    : xasprintf("register '%s' with an McpBridge registry of type 'dns', or nothing is "
						"mirrored", h);
		}
		if (tls) {
			char *m2 = xasprintf("%s; the mirror gets plain HTTP on port %s: higress mirror destinations have "
					     "no TLS (ingress-nginx spoke HTTPS)", msg, portbuf);
			free(msg);
			msg = m2;
			c->status = ST_PARTIAL;
			c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
			if (c->fix == NULL)
				c->fix = xstrdup("mirror to a plain-HTTP port of the service, or set up TLS origination "
						 "for it (a DestinationRule with 'tls.mode: SIMPLE')");
		}
	}
	set_msg(c, msg);
	free(path_note);
	conv_url_free(&u);
}

static bool has_regex_chars(const char *s)
{
	return s && strpbrk(s, "\\.+*?()|[]{}^$") != NULL;
}

static void hc_rewrite_target(struct hconv *c)
{
	const struct annotation *ur = ann_named(c, "use-regex");
	bool regex_paths = false;
	char *ukey, *msg;
	struct action *act;

	if (c->an->value[0] == '\0')
		return;		/* empty: ingress-nginx treats it as absent */
	if (strchr(c->an->value, '$') || strchr(c->an->value, '\\'))
		return;		/* capture references: Higress already uses regex */
	if (ur && conv_go_bool(ur->value) == 1)
		return;
	for (size_t i = 0; i < c->ing->npaths; i++)
		if (has_regex_chars(c->ing->paths[i].path))
			regex_paths = true;
	if (regex_paths)
		return;
	ukey = hconv_key("use-regex");
	if (ur) {
		/* 'use-regex: "false"' loses to rewrite-target on ingress-nginx */
		hconv_plan_set_value(c->plan, (size_t)(ur - c->ing->ann), "true");
		(void)plan_move(c->env->prefix, c->plan, (size_t)(ur - c->ing->ann), "use-regex", ur->value);
	} else {
		act = plan_add(c->plan, ACT_ADD, c->idx, "so 'rewrite-target' replaces the whole path, as on ingress-nginx");
		action_pair(act, ukey, "true");
	}
	{
		const char *p = c->ing->npaths && c->ing->paths[0].path && *c->ing->paths[0].path
					? c->ing->paths[0].path : "/foo";
		msg = xasprintf("set '%s: \"true\"': for a plain prefix path higress replaces only the matched "
				"prefix ('%s%sx' would become '%s/x'), ingress-nginx rewrites the whole path to '%s'",
				ukey, p, p[strlen(p) - 1] == '/' ? "" : "/", c->an->value, c->an->value);
	}
	c->status = ST_CONVERTED;
	c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
	set_msg(c, msg);
	free(ukey);
}

/* Explicit values; the implicit default of TLS hosts is an object check
 * (implicit_ssl_redirect in analyze.c). */
static void hc_ssl_redirect(struct hconv *c)
{
	const struct annotation *fr = ann_named(c, "force-ssl-redirect");
	const char *host = NULL, *from = c->ing->has_tls ? NULL : c->env->earlier_tls(c->env->ud, c->ing, &host);

	c->status = ST_SUPPORTED;
	c->sev = SEV_INFO;
	if (c->an->value[0] == '\0') {
		c->status = ST_IGNORED;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent (the ConfigMap default applies)"));
	} else if (conv_go_bool(c->an->value) != 1 && fr && conv_go_bool(fr->value) == 1) {
		/* lua_ingress.lua L70-72: force_ssl_redirect is tested first;
		 * higress redirect.go L67-71: either one true redirects */
		set_msg(c, xstrdup("'force-ssl-redirect: \"true\"' redirects HTTP to HTTPS anyway, on both controllers"));
	} else if (conv_go_bool(c->an->value) != 1 && fr == NULL && c->env->ctrl && c->env->ctrl->force_ssl_redirect) {
		/* the controller ConfigMap's force-ssl-redirect, tested first too */
		set_msg(c, xstrdup("the controller ConfigMap's 'force-ssl-redirect: \"true\"' redirects HTTP to HTTPS "
				   "anyway; convert adds the annotation, which higress reads too (implicit-ssl-redirect)"));
	} else if (conv_go_bool(c->an->value) != 1) {
		set_msg(c, xstrdup("no redirect on either controller"));
	} else if (c->ing->has_tls) {
		set_msg(c, xstrdup("read natively: HTTP is redirected to HTTPS with 308, as by ingress-nginx"));
	} else if (from) {
		set_msg(c, xasprintf("read natively: host '%s' has TLS from Ingress '%s', so both controllers redirect "
				     "HTTP to HTTPS with 308", host, from));
	} else {
		c->status = ST_PARTIAL;
		c->sev = SEV_WARNING;
		set_msg(c, xstrdup("this Ingress has no 'tls': ingress-nginx redirects only hosts that have TLS "
				   "(here or in another Ingress), higress redirects regardless, like 'force-ssl-redirect'"));
	}
}


/* Converters whose status depends on the value or on other keys --------- */

/* Is an intent's string set and not empty (both controllers treat an
 * empty value as absent)? */
static bool given(const char *s)
{
	return s && *s;
}

/* The annotation's value, or NULL when it is absent or empty (both
 * controllers treat an empty value as absent). Borrowed. */
static const char *ann_value(const struct hconv *c, const char *name)
{
	const struct annotation *an = ann_named(c, name);

	return an && an->value[0] ? an->value : NULL;
}


/* The more severe of s and floor. */
static enum severity at_least(enum severity s, enum severity floor)
{
	return s > floor ? s : floor;
}

/* CORS on, the origin '*' (given or by default) and credentials on (given
 * or by default)? Higress turns '*' into the regex '.*' and Envoy then
 * answers every Origin with itself and 'Access-Control-Allow-Credentials:
 * true' (cors.go L37, L41, L107-109, L139-145); Ingress-NGINX sent a
 * literal '*' (template.go L1703-1705), which browsers refuse on
 * credentialed requests. Higress reads the nginx key first, then the
 * higress.io one (parser.go L87-92). No allocation survives the call. */
static bool cors_wildcard_credentials(const struct hconv *c)
{
	const char *origin = c->in->cors_origin;
	bool wildcard = true;

	if (!c->in->cors)
		return false;
	if (origin && *origin) {
		char *o = conv_trim(origin);
		wildcard = o[0] == '\0';
		for (const char *p = o; *p && !wildcard;) {
			size_t n = strcspn(p, ",");
			char *e = xstrndup(p, n);
			char *t = conv_trim(e);
			wildcard = strcmp(t, "*") == 0;
			free(t);
			free(e);
			p += n;
			p += *p == ',';
		}
		free(o);
	}
	if (!wildcard)
		return false;
	if (c->in->cors_credentials != CONV_UNSET)
		return c->in->cors_credentials == CONV_TRUE;
	for (size_t i = 0; i < c->ing->nann; i++)
		if (strcmp(c->ing->ann[i].key, "higress.io/cors-allow-credentials") == 0 &&
		    conv_go_bool(c->ing->ann[i].value) >= 0)
			return conv_go_bool(c->ing->ann[i].value) == 1;
	return true;
}

/* enable-cors and cors-allow-credentials (messages and plan actions owned
 * by c and the plan). enable-cors carries the error;
 * the credentials key, when written, is set to "false" by its own
 * finding (so the plan never holds two actions for it), else enable-cors
 * adds it. */
static void hc_cors(struct hconv *c)
{
	bool enable = strcmp(c->name, "enable-cors") == 0;
	bool headers = c->in->cors_headers && *c->in->cors_headers;

	if (!cors_wildcard_credentials(c)) {
		if (enable && !c->in->cors) {
			c->status = ST_SUPPORTED;
			c->sev = SEV_INFO;
			set_msg(c, xstrdup("no CORS on either controller"));
		} else if (enable) {
			c->sev = SEV_INFO;
			c->fix = xstrdup(headers ? ""
					 : "set 'cors-allow-headers' explicitly if browsers send 'Range' cross-origin");
			set_msg(c, xasprintf("read natively as an Envoy CORS policy (the allowed origins are listed, or "
					     "credentials are off)%s", headers ? ""
					     : "; when 'cors-allow-headers' is unset the default lacks 'Range' and adds "
					       "'X-CustomHeader'"));
		}
		return;
	}
	if (enable) {
		char *k = hconv_key("cors-allow-credentials");
		const struct annotation *cr = ann_named(c, "cors-allow-credentials");
		/* a valid key gets "false" from its own finding; an invalid one is
		 * superseded by the added key (resolve_collisions in analyze.c) */
		bool written = cr && cr->vscalar && (cr->value[0] == '\0' || conv_go_bool(cr->value) >= 0);
		if (!written) {
			struct action *act = plan_add(c->plan, ACT_ADD, c->idx,
						      "with origin '*' no credentials, as on ingress-nginx");
			action_pair(act, k, "false");
		}
		c->status = ST_CONVERTED;
		c->sev = at_least(c->sev, SEV_ERROR);
		set_msg(c, xasprintf("with the origin '*' and credentials on (each given or by default) higress echoes "
				     "every Origin with 'Access-Control-Allow-Credentials: true', so any site can make "
				     "credentialed cross-origin reads; ingress-nginx sent a literal '*', which browsers refuse "
				     "on credentialed requests: convert %s '%s: \"false\"', which keeps that behaviour",
				     written ? "sets" : "adds", k));
		free(k);
		return;
	}
	{
		struct action *act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
		action_pair(act, NULL, "false");
	}
	c->status = ST_CONVERTED;
	c->sev = at_least(c->sev, SEV_WARNING);
	set_msg(c, xstrdup("set to \"false\": with the origin '*' higress would answer every Origin with credentials "
			   "allowed (see 'enable-cors'); ingress-nginx's literal '*' kept browsers from sending them"));
}

/* The canary's share of traffic on both controllers, from canary-weight
 * and canary-weight-total. Higress: a total <= 0 keeps 100 (canary.go
 * L88-90); the share is int32(float32(weight) / float32(max(weight,
 * total)) * 100), truncated to a whole percent (ingress_config.go
 * L1523-1548). Ingress-NGINX: math.random(total) <= weight, where a
 * total <= 100 counts as 100 (balancer.lua L268-272). */
struct canary_share {
	long weight;
	long total;		/* as written; 100 when absent or unreadable */
	long higress;		/* whole percent */
	double nginx;		/* percent */
};

static void canary_share(const struct hconv *c, struct canary_share *s)
{
	long ht, nt;
	float q, pct;

	s->weight = c->in->canary_weight_go;
	s->total = c->in->canary_total_go;
	ht = s->total > 0 ? s->total : 100;
	if (s->weight > ht)
		ht = s->weight;
	q = (float)s->weight / (float)ht;
	pct = q * 100.0f;
	s->higress = s->weight > 0 ? (long)pct : 0;
	nt = s->total > 100 ? s->total : 100;
	s->nginx = s->weight <= 0 ? 0.0 : s->weight >= nt ? 100.0 : 100.0 * (double)s->weight / (double)nt;
}

/* A percentage without trailing zeros, into out (at least 32 bytes). */
static void fmt_pct(char *out, size_t n, double v)
{
	size_t len;

	snprintf(out, n, "%.4f", v);
	len = strlen(out);
	while (len && out[len - 1] == '0')
		out[--len] = '\0';
	if (len && out[len - 1] == '.')
		out[--len] = '\0';
}

/* Canary keys Higress reads before the weight: a header or cookie makes
 * the canary header-based (annotations.go L125-136), and a value or
 * pattern without a header returns before the weight (canary.go L69-79,
 * L87). The borrowed short name that shadows the weight, or NULL;
 * *orphan tells whether it is such a header-less value or pattern. */
static const char *canary_weight_shadow(const struct hconv *c, bool *orphan)
{
	*orphan = false;
	if (given(c->in->canary_header))
		return "canary-by-header";
	if (c->in->canary_go == 1) {
		*orphan = true;
		if (given(c->in->canary_header_value))
			return "canary-by-header-value";
		if (given(c->in->canary_header_pattern))
			return "canary-by-header-pattern";
		*orphan = false;
	}
	if (given(c->in->canary_cookie))
		return "canary-by-cookie";
	return NULL;
}

/* Higress makes a canary Ingress header-, cookie- or weight-based, never
 * a mix: with a header or cookie the weight is ignored; a header-less
 * value or pattern hides it too; a total other than 100 truncates it. */
static void hc_canary_weight(struct hconv *c)
{
	bool orphan;
	const char *by = canary_weight_shadow(c, &orphan);
	struct canary_share s;
	char np[32];

	canary_share(c, &s);
	fmt_pct(np, sizeof(np), s.nginx);
	if (orphan) {
		/* an invalid value is kept (the invalid-value finding), so the
		 * weight stays unread */
		const struct rule *r = ruleset_find(c->env->rules, by);
		bool removed = r && rule_check_value(c->env->rules, r, ann_value(c, by), NULL) == 1;
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, removed ? SEV_WARNING : SEV_ERROR);
		set_msg(c, xasprintf("never read by higress: '%s' without 'canary-by-header' stops its canary settings "
				     "first, so the canary gets 0%% where ingress-nginx sent it %s%%; %s", by, np,
				     !removed ? "remove that key (its value is invalid, so convert keeps it)"
				     : given(c->in->canary_cookie)
					     ? "convert removes that key, after which 'canary-by-cookie' applies and the weight "
					       "is still ignored (ingress-nginx fell through from the cookie to the weight)"
					     : "convert removes that key, after which the weight is read"));
		return;
	}
	if (by) {
		c->status = ST_PARTIAL;
		c->sev = SEV_WARNING;
		set_msg(c, xasprintf("ignored by higress because this canary Ingress also sets '%s'; ingress-nginx sent "
				     "the weighted share of requests without the header or cookie to the canary", by));
		return;
	}
	if ((double)s.higress == s.nginx) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xasprintf("read natively as the canary's share of traffic (%ld%%)", s.higress));
		return;
	}
	c->status = ST_PARTIAL;
	c->sev = SEV_WARNING;
	set_msg(c, xasprintf("higress sends the canary %ld%% (weight %ld of total %ld as a whole percent, truncated), "
			     "ingress-nginx sent it %s%%", s.higress, s.weight, s.total, np));
}

/* 'allowlist-source-range' and its alias resolve as in the controller's
 * checkAnnotation (parser/validators.go L231-240): the alias is read only
 * when the main key is absent or empty. A non-empty list moves to the only
 * name Higress reads (an alias already there is superseded, see
 * resolve_collisions in analyze.c); an empty one must not: Higress takes "" as no list,
 * and the alias list nginx applied would be commented out. */
static void hc_whitelist(struct hconv *c)
{
	const struct annotation *alias;
	char *k;
	struct action *act;

	if (c->an->value[0] == '\0') {
		alias = ann_named(c, "whitelist-source-range");
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup(alias && alias->value[0]
					   ? "empty, so ingress-nginx applies the deprecated 'whitelist-source-range' "
					     "instead, which higress reads as is; kept as written"
					   : "empty: no allow list on either controller"));
		return;
	}
	k = hconv_key("whitelist-source-range");
	act = plan_add(c->plan, ACT_REPLACE, c->idx, "higress reads the allow list only under its deprecated name");
	action_pair(act, k, c->an->value);
	free(k);
}

static void hc_canary_weight_total(struct hconv *c)
{
	bool orphan;
	const char *by = canary_weight_shadow(c, &orphan);
	struct canary_share s;
	char np[32];

	canary_share(c, &s);
	fmt_pct(np, sizeof(np), s.nginx);
	if (by) {
		c->status = ST_PARTIAL;
		c->sev = SEV_INFO;
		set_msg(c, xasprintf("higress reads no weight for this canary Ingress because of '%s' (see "
				     "'canary-weight'), so the total does not matter", by));
	} else if ((double)s.higress == s.nginx) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xasprintf("read natively: weight %ld of total %ld gives the canary %ld%% on both", s.weight,
				     s.total, s.higress));
	} else {
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xasprintf("higress sends the canary %ld%% (weight %ld of total %ld as a whole percent, "
				     "truncated%s), ingress-nginx sent it %s%%", s.higress, s.weight, s.total,
				     s.total < 100 && s.total > 0 ? "; ingress-nginx counts a total below 100 as 100" : "",
				     np));
	}
}

/* A canary-by-header-value or -pattern without canary-by-header: Higress
 * stops reading the canary there (canary.go L69-79, before the cookie and
 * the weight at L81-87) and the canary gets no traffic; Ingress-NGINX
 * ignores it (balancer.lua L232-235). Convert removes it. True when the
 * annotation was such an orphan. */
static bool canary_orphan(struct hconv *c)
{
	if (c->an->value[0] == '\0' || given(c->in->canary_header) || c->in->canary_go != 1)
		return false;
	c->status = ST_CONVERTED;
	c->sev = at_least(c->sev, SEV_ERROR);
	set_msg(c, xasprintf("without 'canary-by-header' ingress-nginx ignores '%s', but higress stops reading the canary "
			     "at it: 'canary-by-cookie' and 'canary-weight' are never read and the canary gets no traffic; "
			     "convert removes it", c->name));
	plan_add(c->plan, ACT_REMOVE, c->idx, "without 'canary-by-header' ingress-nginx ignores it; higress would "
		 "stop reading the canary here and send it no traffic");
	return true;
}

static void hc_canary_by_header_value(struct hconv *c)
{
	(void)canary_orphan(c);
}

/* Is there a '|' outside groups and classes? */
static bool top_level_alternation(const char *p)
{
	int depth = 0;
	bool cls = false;

	for (; *p; p++) {
		if (*p == '\\') {
			if (p[1])
				p++;
		} else if (cls) {
			cls = *p != ']';
		} else if (*p == '[') {
			cls = true;
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth -= depth > 0;
		} else if (*p == '|' && depth == 0) {
			return true;
		}
	}
	return false;
}

/* PCRE syntax RE2 rejects (regex_compat; the 'regex-not-re2' finding
 * says where). */
static bool pcre_only(const char *p)
{
	struct rx_check rc = {0};
	enum rx_verdict v = regex_check(p, strlen(p), &rc);

	rx_check_free(&rc);
	return v == RX_NOT_RE2;
}

/* Higress matches '.*PATTERN.*' whole (canary.go L153-160): a top-level
 * alternation 'foo|bar' becomes '(.*foo)|(bar.*)'. Ingress-NGINX finds
 * the pattern anywhere (balancer.lua L241-243). Wrapping it in a group
 * gives the same language on both. */
static void hc_canary_by_header_pattern(struct hconv *c)
{
	const char *v = c->an->value;
	const char *re2 = pcre_only(v) ? "; RE2 rejects constructs PCRE accepted (see 'regex-not-re2')" : "";

	if (canary_orphan(c))
		return;
	if (given(c->in->canary_header_value)) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("unused on both: 'canary-by-header-value' is set and takes precedence"));
		return;
	}
	if (v[0] && top_level_alternation(v)) {
		char *nv = xasprintf("(%s)", v);
		struct action *act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
		action_pair(act, NULL, nv);
		c->status = ST_CONVERTED;
		c->sev = *re2 ? SEV_WARNING : SEV_INFO;
		set_msg(c, xasprintf("wrapped as '%s': higress matches '.*<pattern>.*' whole, so the bare alternation "
				     "would match only values ending in its first branch or starting with its last, where "
				     "ingress-nginx finds it anywhere%s", nv, re2));
		free(nv);
		return;
	}
	c->status = *re2 ? ST_PARTIAL : ST_SUPPORTED;
	c->sev = *re2 ? SEV_WARNING : SEV_INFO;
	set_msg(c, xasprintf("matched anywhere in the header value on both (higress as '.*<pattern>.*')%s", re2));
}

/* Istio 'attempts' counts retries after the first try and 0 disables them
 * (retry.go L61-63, L117-121); Ingress-NGINX's proxy_next_upstream_tries
 * counts every try and 0 means unlimited (nginx.tmpl L1355, balancer.lua
 * L354). Higress's default condition '5xx' (retry.go L30, L56) also
 * resends non-idempotent requests, which nginx does not by default. */
static void hc_next_upstream_tries(struct hconv *c)
{
	char *v = conv_trim(c->an->value);
	const char *idem = "; higress's default condition '5xx' also resends non-idempotent requests (POST, PATCH), "
			   "which ingress-nginx does not";
	struct action *act;
	long n;

	if (!conv_atoi32(v, &n) || n < 0) {
		free(v);
		return;
	}
	{
		/* 'off' among the conditions: no retries on both (retry.go L80-81) */
		const char *cond = given(c->in->next_upstream) ? c->in->next_upstream : NULL;
		char *words = cond ? xasprintf(" %s ", cond) : NULL;
		for (char *p = words; p && *p; p++)
			if (*p == ',' || *p == '\t')
				*p = ' ';
		if (words && strstr(words, " off ")) {
			c->status = ST_SUPPORTED;
			c->sev = SEV_INFO;
			set_msg(c, xstrdup("unused on both: 'proxy-next-upstream' is 'off'"));
			free(words);
			free(v);
			return;
		}
		free(words);
	}
	if (c->env->keep_class ||
	    (!c->ing->class_annotation && !c->ing->class_name && !(c->ing->spec && c->ing->spec->nkids))) {
		/* Both controllers read the key while they serve one class (kept,
		 * or no spec to set a new one in): a new value would change
		 * ingress-nginx's tries too, and convert would lower it again on
		 * every pass. */
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		if (n == 0)
			set_msg(c, xasprintf("the class stays (--keep-class, or no spec to set one in), so both controllers "
					     "read this key and convert leaves it: "
					     "ingress-nginx's 0 means unlimited tries, higress's 0 means no retries%s", idem));
		else
			set_msg(c, xasprintf("the class stays (--keep-class, or no spec to set one in), so both controllers "
					     "read this key and convert leaves it: "
					     "higress retries %ld times after the first try (ingress-nginx tries %ld times "
					     "in all)%s", n, n, idem));
		free(c->fix);
		c->fix = xstrdup(n == 0 ? "set it to 3 (or the retries wanted) once ingress-nginx no longer serves this class"
				        : "lower it by one once ingress-nginx no longer serves this class");
		free(v);
		return;
	}
	act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
	if (n == 0) {
		action_pair(act, NULL, "3");
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xasprintf("ingress-nginx's 0 means unlimited tries, higress's 0 means no retries: convert sets "
				     "3 retries (higress's default), so a request is tried at most 4 times%s", idem));
	} else if (n == 1) {
		action_pair(act, NULL, "0");
		c->status = ST_CONVERTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("set to 0: one try and no retries on both (istio 'attempts' counts retries after the "
				   "first try, ingress-nginx counts every try)"));
	} else {
		char *nv = xasprintf("%ld", n - 1);
		action_pair(act, NULL, nv);
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xasprintf("set to %s: istio 'attempts' counts retries after the first try, ingress-nginx's %ld "
				     "counts every try%s", nv, n, idem));
		free(nv);
	}
	free(v);
}

/* Higress knows HTTP, HTTP2, HTTPS, GRPC and GRPCS, anything else is HTTP
 * (upstreamtls.go L35, L42, L67-81); HTTPS and GRPCS become TLS mode
 * SIMPLE, which verifies the backend (L127-132, L170-179; the skip-verify
 * flag was reverted in higress commit 582af464c), where Ingress-NGINX does
 * not verify by default (proxyssl/main.go L36). AUTO_HTTP proxied with
 * the request's scheme (template.go L734-736). */
static void hc_backend_protocol(struct hconv *c)
{
	const char *v = c->in->protocol_name;

	if (strcasecmp(v, "HTTP") == 0) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("plain HTTP, the default on both controllers"));
	} else if (strcasecmp(v, "GRPC") == 0) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("read natively as cleartext HTTP/2 (service-scoped: the first Ingress per service port "
				   "wins)"));
	} else if (strcasecmp(v, "HTTPS") == 0 || strcasecmp(v, "GRPCS") == 0) {
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xasprintf("higress verifies the backend's certificate over %s (TLS mode SIMPLE; the skip-verify "
				     "flag was reverted in higress commit 582af464c), ingress-nginx does not by default "
				     "('proxy-ssl-verify' is 'off'): self-signed backends fail after the migration", v));
	} else if (strcasecmp(v, "AUTO_HTTP") == 0) {
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xstrdup("higress does not know 'AUTO_HTTP' and proxies over plain HTTP; ingress-nginx used the "
				   "request's scheme, so HTTPS requests reached the backend over HTTPS"));
	} else if (strcasecmp(v, "FCGI") == 0) {
		c->status = ST_PARTIAL;
		c->sev = at_least(c->sev, SEV_ERROR);
		set_msg(c, xstrdup("higress has no FastCGI and proxies plain HTTP to the backend instead: a FastCGI "
				   "server answers none of the requests"));
	}
}

/* The first controller Deployment (or DaemonSet) seen says whether
 * Ingress-NGINX ran with --enable-ssl-passthrough (flags.go L150, default
 * false; nginx.go L460: without it the server terminates TLS and routes
 * by path). Higress >= 2.2.3 always passes raw TLS through. */
static void hc_ssl_passthrough(struct hconv *c)
{
	if (!c->in->ssl_passthrough) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("off on both controllers"));
	} else if (c->env->passthrough_flag == 1) {
		c->status = ST_PARTIAL;
		c->sev = SEV_WARNING;
		set_msg(c, xasprintf("the controller %s in the input runs with '--enable-ssl-passthrough', so ingress-nginx "
				     "passed raw TLS through as higress >= 2.2.3 does, to the host's root-path ('/') "
				     "backend (ignored before 2.2.3)", c->env->controller));
	} else if (c->env->passthrough_flag == 0) {
		c->status = ST_CONVERTED;
		c->sev = at_least(c->sev, SEV_WARNING);
		set_msg(c, xasprintf("the controller %s in the input runs without '--enable-ssl-passthrough', so "
				     "ingress-nginx terminated TLS and routed this Ingress by path, while higress >= 2.2.3 "
				     "would pass raw TLS through: convert removes the annotation", c->env->controller));
		plan_add(c->plan, ACT_REMOVE, c->idx, "ingress-nginx ran without --enable-ssl-passthrough, so it had no "
			 "effect; higress would pass raw TLS through");
	}
}

/* permanent-redirect and temporal-redirect: Higress keeps only scheme,
 * host and path of the URL (redirect.go L111-121): an empty path keeps
 * the request's, and Envoy appends the request's query string. A URL
 * without a path gets '/', which is where Ingress-NGINX sent it. */
static void hc_redirect(struct hconv *c)
{
	char *v = conv_trim(c->an->value);
	const char *host, *rest, *q;
	const char *tail = "the request's query string is appended, where ingress-nginx returns the URL as written";

	if (!str_has_prefix(v, "http://") && !str_has_prefix(v, "https://")) {
		free(v);
		return;
	}
	/* temporal first on both (redirect.go L73-82; ingress-nginx redirect.go L113-150) */
	if (strcmp(c->name, "permanent-redirect") == 0) {
		const char *tr = c->in->redirect_temporal;
		if (tr && *tr && (str_has_prefix(tr, "http://") || str_has_prefix(tr, "https://"))) {
			c->status = ST_SUPPORTED;
			c->sev = SEV_INFO;
			set_msg(c, xstrdup("unused on both: 'temporal-redirect' is set and takes precedence"));
			free(v);
			return;
		}
	}
	host = strstr(v, "://") + 3;
	rest = host + strcspn(host, "/?#");
	q = strchr(rest, '?');
	if (*rest != '/') {
		char *nv = xasprintf("%.*s/%s", (int)(rest - v), v, rest);
		struct action *act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
		action_pair(act, NULL, nv);
		set_msg(c, xasprintf("set to '%s': without a path higress keeps the request's ('/a' would go to '%.*s/a'); "
				     "%s%s", nv, (int)(rest - v), v, q ? "the URL's query string is dropped and " : "",
				     tail));
		free(nv);
	} else {
		set_msg(c, xasprintf("only scheme, host and path of the URL are used: %s%s",
				     q ? "its query string is dropped and " : "", tail));
	}
	free(v);
}

/* auth-tls-secret: Higress requires client certificates only when the CA
 * Secret ('[ns/]name', namespace defaulting to the Ingress's,
 * downstreamtls.go L65-75) is the host's TLS Secret or
 * '<tls-secret>-cacert' in its namespace (L112-120); the TLS Secret is
 * the spec.tls secretName listing the host, in the Ingress's namespace
 * (ingressv1/controller.go L318-337, L450-451, L520). A '-cacert' Secret
 * may hold 'ca.crt' (test/e2e/conformance/utils/kubernetes/cert.go
 * L67-75). */

static bool same_ns(const char *x, const char *y)
{
	return (x == NULL && y == NULL) || (x && y && strcmp(x, y) == 0);
}

void ca_store_free(struct ca_store *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->v[i].ns);
		free(st->v[i].name);
		free(st->v[i].ca);
	}
	free(st->v);
	for (size_t i = 0; i < st->nwanted; i++) {
		free(st->wanted[i].ns);
		free(st->wanted[i].name);
		free(st->wanted[i].ingress);
		free(st->wanted[i].target);
	}
	free(st->wanted);
	memset(st, 0, sizeof(*st));
}

struct ca_secret *ca_store_find(struct ca_store *st, const char *ns, const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (same_ns(st->v[i].ns, ns) && strcmp(st->v[i].name, name) == 0)
			return &st->v[i];
	return NULL;
}

struct ca_secret *ca_store_add(struct ca_store *st, const char *ns, const char *name, const char *ca,
			       bool string_data, bool added)
{
	struct ca_secret *s;

	grow_array((void **)&st->v, &st->cap, st->n + 1, sizeof(*st->v));
	s = &st->v[st->n++];
	s->ns = ns ? xstrdup(ns) : NULL;
	s->name = xstrdup(name);
	s->ca = ca ? xstrdup(ca) : NULL;
	s->string_data = string_data;
	s->added = added;
	return s;
}

/* Distinct spec.tls secretNames of the Ingress, borrowed, at most max. */
static size_t tls_secret_names(const struct ingress *ing, const char **out, size_t max)
{
	struct node *tls = node_get(ing->spec, "tls");
	size_t n = 0;

	if (tls == NULL || tls->type != N_SEQUENCE)
		return 0;
	for (size_t i = 0; i < tls->nkids; i++) {
		const char *s = node_get_str(tls->kids[i], "secretName");
		bool dup = false;
		if (s == NULL || *s == '\0')
			continue;
		for (size_t k = 0; k < n; k++)
			dup = dup || strcmp(out[k], s) == 0;
		if (!dup && n < max)
			out[n++] = s;
	}
	return n;
}

/* Block documents start in column 1; a List element never does (it
 * follows '- ' or sits indented under it), and flow mappings are JSON. */
static bool top_level_block(const struct node *obj)
{
	return !obj->flow && obj->pos.column == 1;
}

static void hc_auth_tls_secret(struct hconv *c)
{
	struct ca_store *secrets = c->env->secrets;
	const struct ingress *ing = c->ing;
	char *ca_ns, *ca_name, *target = NULL;
	const char *tls[2];
	size_t ntls = tls_secret_names(ing, tls, 2);
	const char *rest = "; 'auth-tls-verify-client', '-verify-depth', '-error-page' and "
			   "'-pass-certificate-to-upstream' are not read (a valid client certificate is always required)";

	if (!conv_secret_ref(c->an->value, &ca_ns, &ca_name))
		return;		/* not '[ns/]name': left as the rule says */
	/* the CA's namespace as Higress sees it: the Ingress's unless given */
	{
		const char *ns = ca_ns ? ca_ns : ing->ns;
		bool ns_ok = same_ns(ns, ing->ns);
		if (ntls == 0) {
			size_t n = strlen(ca_name), k = strlen("-cacert");
			bool suffix = n > k && strcmp(ca_name + n - k, "-cacert") == 0;
			c->sev = at_least(c->sev, SEV_ERROR);
			set_msg(c, xasprintf("this Ingress has no 'spec.tls' secretName: higress requires client certificates "
					     "only on a host whose TLS Secret (from whichever Ingress gives it one) is '%.*s', in "
					     "the same namespace; elsewhere client certificates are no longer required",
					     (int)(suffix ? n - k : n), ca_name));
			goto out;
		}
		if (ntls > 1) {
			c->sev = at_least(c->sev, SEV_CRITICAL);
			set_msg(c, xasprintf("the hosts of this Ingress use TLS Secrets '%s' and '%s' (at least): one CA "
					     "Secret name matches at most one of them, and on the other hosts client certificates "
					     "are no longer required", tls[0], tls[1]));
			goto out;
		}
		target = xasprintf("%s-cacert", tls[0]);
		if (ns_ok && (strcmp(ca_name, tls[0]) == 0 || strcmp(ca_name, target) == 0)) {
			c->status = ST_PARTIAL;
			c->sev = SEV_WARNING;
			set_msg(c, xasprintf("the CA Secret '%s' is %s, as higress requires; the first Ingress that sets "
					     "TLS options for a host wins%s", ca_name,
					     strcmp(ca_name, tls[0]) == 0 ? "the TLS Secret itself (it must hold 'ca.crt')"
									  : "'<tls-secret>-cacert' next to the TLS Secret",
					     rest));
			c->fix = xstrdup("make sure every client presents a certificate: higress has no optional mode");
			goto out;
		}
		{
			struct ca_secret *src = ca_store_find(secrets, ns, ca_name);
			struct ca_secret *dst = ca_store_find(secrets, ing->ns, target);
			char *fix = xasprintf("create Secret '%s'%s%s%s with the 'ca.crt' of '%s' and point the annotation at it",
					      target, ing->ns ? " in namespace '" : "", ing->ns ? ing->ns : "",
					      ing->ns ? "'" : "", c->an->value);
			c->sev = at_least(c->sev, SEV_CRITICAL);
			if (src == NULL || src->ca == NULL) {
				/* remember it: a later Secret of that name gets a finding */
				grow_array((void **)&secrets->wanted, &secrets->wcap, secrets->nwanted + 1,
					   sizeof(*secrets->wanted));
				secrets->wanted[secrets->nwanted].ns = ns ? xstrdup(ns) : NULL;
				secrets->wanted[secrets->nwanted].name = xstrdup(ca_name);
				secrets->wanted[secrets->nwanted].ingress = xstrdup(ing->name ? ing->name : "");
				secrets->wanted[secrets->nwanted].target = xstrdup(target);
				secrets->nwanted++;
				set_msg(c, xasprintf("higress ignores CA Secret '%s' (only the TLS Secret '%s' or '%s'%s count): "
						     "client certificates are no longer required; %s, so convert cannot copy "
						     "its 'ca.crt'", c->an->value, tls[0], target,
						     ns_ok ? "" : " in the Ingress's namespace",
						     src ? "that Secret has no 'ca.crt'" : "that Secret is not in the input before "
										  "this Ingress"));
				c->fix = fix;
				fix = NULL;
			} else if (dst && (dst->ca == NULL || strcmp(dst->ca, src->ca) != 0 ||
					   dst->string_data != src->string_data)) {
				set_msg(c, xasprintf("higress ignores CA Secret '%s': client certificates are no longer "
						     "required; convert cannot use '%s', which %s holds another 'ca.crt'",
						     c->an->value, target, dst->added ? "it added for another Ingress and which"
										    : "is in the input and"));
				c->fix = fix;
				fix = NULL;
			} else if (dst == NULL && !top_level_block(c->ing->obj)) {
				set_msg(c, xasprintf("higress ignores CA Secret '%s': client certificates are no longer "
						     "required; convert cannot add Secret '%s' next to an Ingress inside a List "
						     "or a JSON document", c->an->value, target));
				c->fix = fix;
				fix = NULL;
			} else {
				struct action *act = plan_add(c->plan, ACT_SET_VALUE, c->idx, NULL);
				action_pair(act, NULL, target);
				c->status = ST_PARTIAL;
				c->sev = SEV_WARNING;
				if (dst == NULL) {
					struct buf b = {0};
					buf_printf(&b, "---\n# ingress2higress: added, the client CA of Ingress '%s' "
						   "(auth-tls-secret '%s') under the name higress reads\n",
						   ing->name ? ing->name : "", c->an->value);
					buf_adds(&b, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ");
					emit_scalar(&b, target, SS_PLAIN);
					if (ing->ns) {
						buf_adds(&b, "\n  namespace: ");
						emit_scalar(&b, ing->ns, SS_PLAIN);
					}
					buf_adds(&b, src->string_data ? "\ntype: Opaque\nstringData:\n  ca.crt: "
								      : "\ntype: Opaque\ndata:\n  ca.crt: ");
					buf_add_yaml_dq(&b, src->ca, strlen(src->ca));
					buf_addc(&b, '\n');
					if (c->env->convert)
						buf_adds(c->env->added_docs, buf_cstr(&b));
					buf_free(&b);
					(void)ca_store_add(secrets, ing->ns, target, src->ca, src->string_data, true);
				}
				set_msg(c, xasprintf("higress ignores CA Secret '%s' (only the TLS Secret '%s' or '%s' count), "
						     "which would drop the client-certificate requirement: convert points the "
						     "annotation at '%s'%s%s", c->an->value, tls[0], target, target,
						     dst ? (dst->added ? ", added after an earlier Ingress" : ", already in the input")
							 : ", a copy of its 'ca.crt' added after this Ingress", rest));
				c->fix = xasprintf("apply Secret '%s' together with the Ingress; make sure every client presents a "
						   "certificate: higress has no optional mode", target);
			}
			free(fix);
		}
	}
out:
	free(target);
	free(ca_ns);
	free(ca_name);
}

struct converter {
	const char *name;
	void (*fn)(struct hconv *c);
};

static const struct converter converters[] = {
	{ "auth-tls-secret", hc_auth_tls_secret },
	{ "backend-protocol", hc_backend_protocol },
	{ "canary-by-header-pattern", hc_canary_by_header_pattern },
	{ "canary-by-header-value", hc_canary_by_header_value },
	{ "canary-weight", hc_canary_weight },
	{ "canary-weight-total", hc_canary_weight_total },
	{ "cors", hc_cors },
	{ "mirror-target", hc_mirror_target },
	{ "proxy-next-upstream-tries", hc_next_upstream_tries },
	{ "redirect", hc_redirect },
	{ "rename-whitelist", hc_whitelist },
	{ "rewrite-target", hc_rewrite_target },
	{ "ssl-ciphers", hc_ssl_ciphers },
	{ "ssl-passthrough", hc_ssl_passthrough },
	{ "ssl-redirect", hc_ssl_redirect },
	{ "upstream-hash-by", hc_upstream_hash_by },
};

bool hconv_names_agree(void)
{
	size_t n = sizeof(converters) / sizeof(converters[0]), i;

	for (i = 0; i < n && converter_names[i]; i++)
		if (strcmp(converters[i].name, converter_names[i]) != 0)
			return false;
	return i == n && converter_names[i] == NULL;
}


bool hconv_run(struct hconv *c, const char *convert)
{
	for (size_t i = 0; i < sizeof(converters) / sizeof(converters[0]); i++)
		if (converters[i].name[0] == convert[0] && strcmp(converters[i].name, convert) == 0) {
			converters[i].fn(c);
			return true;	/* the names are distinct */
		}
	return false;
}

char *hconv_add(struct plan *plan, const char *name, const char *value, const char *reason)
{
	char *k = hconv_key(name);

	(void)plan_add_pair(plan, ACT_ADD, 0, reason, k, value);
	return k;
}

void hconv_set_class(struct plan *plan, enum action_type type, const char *key, const char *cls, const char *reason)
{
	(void)plan_add_pair(plan, type, 0, reason, key, cls);
}

/* Snippets ---------------------------------------------------------------- */

/* The value slot of an earlier snippet's action that writes key k, or
 * NULL. Borrowed from the plan. */
static char **planned_value(struct plan *plan, const char *k)
{
	for (size_t i = 0; i < plan->n; i++)
		for (size_t j = 0; plan->v[i].type == ACT_REPLACE && j < plan->v[i].npairs; j++)
			if (plan->v[i].keys[j] && strcmp(plan->v[i].keys[j], k) == 0)
				return &plan->v[i].values[j];
	return NULL;
}

/* Does list (items separated by sep) hold item (n bytes), blanks around
 * items aside? */
static bool list_has(const char *list, char sep, const char *item, size_t n)
{
	while (*list) {
		size_t len = strcspn(list, (char[]){ sep, '\0' }), a = 0, b = len;
		while (a < b && (list[a] == ' ' || list[a] == '\t'))
			a++;
		while (b > a && (list[b - 1] == ' ' || list[b - 1] == '\t'))
			b--;
		if (b - a == n && memcmp(list + a, item, n) == 0)
			return true;
		list += len + (list[len] == sep);
	}
	return false;
}

/* own, then the items of v (separated by sep) that own does not hold
 * already, separated by sep. Allocates; the caller frees. An item the
 * Ingress's own value holds is the same header operation: writing it
 * twice would change nothing but the text, and converting an Ingress that
 * keeps its snippet (a duplicate key) would then never reach a fixed
 * point. */
static char *merge_list(const char *own, const char *v, char sep)
{
	struct buf b = {0};

	buf_adds(&b, own);
	while (*v) {
		size_t len = strcspn(v, (char[]){ sep, '\0' });
		if (len && !list_has(own, sep, v, len)) {
			buf_addc(&b, sep);
			buf_add(&b, v, len);
		}
		v += len + (v[len] == sep);
	}
	return buf_detach(&b);
}

/* Carry a converted snippet's header operations and redirect into the
 * Ingress as higress annotations (the plan replaces the snippet by them);
 * the keys written go to keys (comma list). A key the Ingress already has
 * keeps its value, first; a key the other snippet writes gets one value
 * for both. */
void hconv_snippet(const struct ingress *ing, struct plan *plan, size_t idx, const struct snippet *s,
		   struct buf *keys)
{
	static const char *const ops[SNIP_NOPS] = { "add", "update", "remove" };
	struct action *act = NULL;

	for (int dir = 0; dir < 2; dir++)
		for (int op = 0; op < SNIP_NOPS; op++) {
			const struct snip_headers *h = dir ? &s->resp[op] : &s->req[op];
			const char *sep = op == SNIP_REMOVE ? "," : "\n";
			char *k, *v, **other;
			if (h->n == 0)
				continue;
			k = xasprintf("higress.io/%s-header-control-%s", dir ? "response" : "request", ops[op]);
			v = snippet_higress_value(h, op);
			other = planned_value(plan, k);
			if (other) {	/* the other snippet writes the key: one value for both */
				char *both = xasprintf("%s%s%s", *other, sep, v);
				free(*other);
				*other = both;
				buf_printf(keys, "%s'%s' (with the other snippet's)", keys->len ? ", " : "", k);
				free(k);
				free(v);
				continue;
			}
			for (size_t i = 0; i < ing->nann; i++)
				if (strcmp(ing->ann[i].key, k) == 0 && ing->ann[i].vscalar && ing->ann[i].value[0]) {
					/* the Ingress's own value comes first (superseded by
					 * this one), without the items it holds already */
					char *both = merge_list(ing->ann[i].value, v, sep[0]);
					free(v);
					v = both;
				}
			if (act == NULL)
				act = plan_add(plan, ACT_REPLACE, idx, "the snippet's directives converted");
			action_pair(act, k, v);
			buf_printf(keys, "%s'%s'", keys->len ? ", " : "", k);
			free(k);
			free(v);
		}
	if (s->redirect_url) {
		char *k = hconv_key(s->redirect_code == 302 ? "temporal-redirect" : "permanent-redirect");
		if (act == NULL)
			act = plan_add(plan, ACT_REPLACE, idx, "the snippet's directives converted");
		action_pair(act, k, s->redirect_url);
		buf_printf(keys, "%s'%s'", keys->len ? ", " : "", k);
		free(k);
		if (s->redirect_code != 302 && s->redirect_code != 301) {
			char code[24];
			k = hconv_key("permanent-redirect-code");
			snprintf(code, sizeof(code), "%ld", s->redirect_code);
			action_pair(act, k, code);
			buf_printf(keys, ", '%s'", k);
			free(k);
		}
	}
	if (act == NULL)
		hconv_plan_remove(plan, idx, s->translates ? "converted together with the other snippet"
						     : "its directives have no effect behind higress");
}
