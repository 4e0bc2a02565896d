/* analyze.c - classify objects and annotations; build conversion plans. */
#include "analyze.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emit_ingress.h"
#include "util.h"

#define NGINX_CONTROLLER "k8s.io/ingress-nginx"
/* The annotation prefix Higress reads (besides higress.io), whatever
 * --annotation-prefix the Ingress-NGINX controller was started with. */
#define HIGRESS_NGINX_PREFIX "nginx.ingress.kubernetes.io"
#define DEFAULT_CLASS_ANNOTATION "ingressclass.kubernetes.io/is-default-class"

struct class_count {
	char *name;
	size_t skipped;		/* Ingresses of this class passed through */
};

/* A host and the Ingress ("ns/name") it was seen on, with that Ingress's
 * class (NULL when it has none). */
struct host_note {
	char *host;
	char *who;
	char *cls;
};

struct analyzer {
	const struct analyze_options *opt;
	const struct ruleset *rules;
	struct findings *out;
	char **classes;		/* Ingress-NGINX classes declared in the input */
	size_t nclasses;
	size_t ccap;
	bool default_is_nginx;	/* the input's default IngressClass is Ingress-NGINX's */
	struct class_count *seen;	/* classes of Ingresses passed through */
	size_t nseen;
	size_t scap;
	size_t classless_skipped;
	struct host_note *tls_hosts;	/* hosts given TLS by the Ingresses so far */
	size_t ntls, tcap;
	struct host_note *plain_hosts;	/* hosts converted without any HTTPS redirect */
	size_t nplain, pcap;
	struct analyze_stats stats;
};

struct analyzer *analyzer_new(const struct analyze_options *opt,
			      const struct ruleset *rules, struct findings *out)
{
	struct analyzer *a = xcalloc(1, sizeof(*a));

	a->opt = opt;
	a->rules = rules;
	a->out = out;
	return a;
}

void analyzer_free(struct analyzer *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->nclasses; i++)
		free(a->classes[i]);
	free(a->classes);
	for (size_t i = 0; i < a->nseen; i++)
		free(a->seen[i].name);
	free(a->seen);
	for (size_t i = 0; i < a->ntls; i++)
		free(a->tls_hosts[i].host), free(a->tls_hosts[i].who), free(a->tls_hosts[i].cls);
	free(a->tls_hosts);
	for (size_t i = 0; i < a->nplain; i++)
		free(a->plain_hosts[i].host), free(a->plain_hosts[i].who), free(a->plain_hosts[i].cls);
	free(a->plain_hosts);
	free(a);
}

const struct analyze_stats *analyzer_stats(const struct analyzer *a)
{
	return &a->stats;
}

/* Findings --------------------------------------------------------------- */

struct where {
	struct stream *st;
	const struct ingress *ing;	/* or NULL */
	const struct node *obj;
};

static void object_id(const struct node *obj, const char **kind, const char **ns, const char **name)
{
	struct node *md = node_get(obj, "metadata");

	*kind = node_get_str(obj, "kind");
	*ns = node_get_str(md, "namespace");
	*name = node_get_str(md, "name");
}

static void emit_finding(struct analyzer *a, const struct where *w, const struct node *at,
			 const char *annotation, const char *value, enum status status,
			 enum severity sev, const char *rule, const char *message,
			 const char *fix, const char *doc)
{
	struct finding f;
	const char *kind, *ns, *name;

	memset(&f, 0, sizeof(f));
	object_id(w->obj, &kind, &ns, &name);
	f.file = stream_name(w->st);
	f.pos = at ? at->pos : w->obj->pos;
	f.kind = kind;
	f.ns = ns;
	f.name = name;
	f.annotation = annotation;
	f.value = value;
	f.status = status;
	f.severity = sev;
	f.rule = rule;
	f.message = message;
	f.fix = fix;
	f.doc = doc;
	findings_add(a->out, &f);
}

/* Classes ---------------------------------------------------------------- */

static bool in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool class_is_nginx(struct analyzer *a, const char *cls)
{
	return in_list((char *const *)a->opt->classes, a->opt->nclasses, cls) ||
	       in_list(a->classes, a->nclasses, cls);
}

int analyzer_is_nginx(struct analyzer *a, const struct ingress *ing)
{
	const char *cls = ingress_class(ing);

	if (cls == NULL || *cls == '\0')
		return a->opt->include_classless || a->default_is_nginx ? 1 : -1;
	return class_is_nginx(a, cls) ? 1 : 0;
}

static void note_skipped_class(struct analyzer *a, const char *cls)
{
	for (size_t i = 0; i < a->nseen; i++) {
		if (strcmp(a->seen[i].name, cls) == 0) {
			a->seen[i].skipped++;
			return;
		}
	}
	grow_array((void **)&a->seen, &a->scap, a->nseen + 1, sizeof(*a->seen));
	a->seen[a->nseen].name = xstrdup(cls);
	a->seen[a->nseen].skipped = 1;
	a->nseen++;
}

/* Learn an Ingress-NGINX IngressClass: returns its name (borrowed) or
 * NULL when the object is not one; *is_default tells whether it is
 * marked as the cluster's default class. */
static const char *learn_class(struct analyzer *a, struct node *obj, bool *is_default)
{
	struct node *md = node_get(obj, "metadata");
	const char *name = node_get_str(md, "name");
	const char *controller = node_get_str(node_get(obj, "spec"), "controller");
	const char *def = node_get_str(node_get(md, "annotations"), DEFAULT_CLASS_ANNOTATION);

	*is_default = def && strcmp(def, "true") == 0;
	if (name == NULL || controller == NULL || strcmp(controller, NGINX_CONTROLLER) != 0)
		return NULL;
	if (!class_is_nginx(a, name)) {
		grow_array((void **)&a->classes, &a->ccap, a->nclasses + 1, sizeof(*a->classes));
		a->classes[a->nclasses++] = xstrdup(name);
	}
	if (*is_default)
		a->default_is_nginx = true;
	return name;
}

static void note_tls_hosts(struct analyzer *a, const struct ingress *ing);

int analyze_prescan(void *ud, struct stream *st, struct node *obj)
{
	bool is_default;

	(void)st;
	if (object_kind(obj) == OBJ_INGRESS_CLASS) {
		(void)learn_class(ud, obj, &is_default);
	} else if (object_kind(obj) == OBJ_INGRESS) {
		/* a read-twice input: the TLS hosts of every Ingress are known
		 * before the first is converted */
		struct ingress ing;
		ingress_build(&ing, obj);
		if (ing.has_tls)
			note_tls_hosts(ud, &ing);
		ingress_free(&ing);
	}
	return 0;
}

static void ingress_class_object(struct analyzer *a, struct stream *st, struct node *obj)
{
	struct where w = { st, NULL, obj };
	bool is_default;
	const char *name = learn_class(a, obj, &is_default);
	size_t late = 0;

	if (name == NULL)
		return;
	for (size_t i = 0; i < a->nseen; i++)
		if (strcmp(a->seen[i].name, name) == 0)
			late += a->seen[i].skipped;
	if (is_default && !a->opt->include_classless)
		late += a->classless_skipped;
	if (late) {
		char *msg = xasprintf("IngressClass '%s' of '%s' comes after %zu Ingress%s of its class that were "
				      "passed through untouched", name, NGINX_CONTROLLER, late, late == 1 ? "" : "es");
		char *fix = xasprintf("put IngressClass objects first, or pass --ingress-class %s%s", name,
				      is_default ? " --include-classless" : "");
		emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_IGNORED, SEV_ERROR,
			     "late-ingress-class", msg, fix, NULL);
		free(msg);
		free(fix);
	}
}

/* TLS hosts across Ingresses --------------------------------------------- */

/* Ingress-NGINX's HTTPS redirect is decided per request by host: a host
 * that has a certificate, from this Ingress or any other, is redirected
 * unless 'ssl-redirect' is false (lua_ingress.lua L65-79,
 * certificate_configured_for_current_request). The stream is read one
 * object at a time, so the analyzer remembers the TLS hosts of the
 * Ingresses before this one (of all of them when the input was read twice
 * for its IngressClass objects, see analyze_prescan), and the hosts it
 * converted without any redirect, to report them when a later Ingress
 * gives them TLS. */

/* Does the certificate host pattern tls cover host? Exact (case-
 * insensitive) or a '*.' wildcard covering one label, as nginx's
 * certificate lookup does. Allocates nothing. */
static bool tls_covers(const char *tls, const char *host)
{
	const char *dot;

	if (strcasecmp(tls, host) == 0)
		return true;
	dot = strchr(host, '.');
	return tls[0] == '*' && tls[1] == '.' && dot && dot != host && strcasecmp(tls + 1, dot) == 0;
}

/* "ns/name" of an Ingress (caller frees). */
static char *ingress_who(const struct ingress *ing)
{
	return xasprintf("%s/%s", ing->ns ? ing->ns : "default", ing->name ? ing->name : "?");
}

/* Is a host note's Ingress one of Ingress-NGINX's (as analyzer_is_nginx)? */
static bool note_is_nginx(struct analyzer *a, const struct host_note *n)
{
	if (n->cls == NULL || *n->cls == '\0')
		return a->opt->include_classless || a->default_is_nginx;
	return class_is_nginx(a, n->cls);
}

/* An Ingress-NGINX Ingress seen so far that gave one of this Ingress's
 * hosts TLS (borrowed "ns/name"), or NULL; *host gets that host
 * (borrowed). Allocates nothing. */
static const char *earlier_tls(struct analyzer *a, const struct ingress *ing, const char **host)
{
	for (size_t i = 0; i < ing->npaths; i++) {
		if (ing->paths[i].host == NULL)
			continue;
		for (size_t t = 0; t < a->ntls; t++) {
			if (note_is_nginx(a, &a->tls_hosts[t]) && tls_covers(a->tls_hosts[t].host, ing->paths[i].host)) {
				*host = ing->paths[i].host;
				return a->tls_hosts[t].who;
			}
		}
	}
	return NULL;
}

/* The Ingress-NGINX Ingress (borrowed "ns/name") known to give host TLS,
 * or NULL. Allocates nothing. */
static const char *tls_note_for(struct analyzer *a, const char *host)
{
	for (size_t t = 0; t < a->ntls; t++)
		if (note_is_nginx(a, &a->tls_hosts[t]) && tls_covers(a->tls_hosts[t].host, host))
			return a->tls_hosts[t].who;
	return NULL;
}

/* Add copies of host, who and cls to the list *v unless there already;
 * the list owns them (analyzer_free frees them). */
static void note_host(struct host_note **v, size_t *n, size_t *cap, const char *host, const char *who,
		      const char *cls)
{
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp((*v)[i].host, host) == 0 && strcmp((*v)[i].who, who) == 0)
			return;
	grow_array((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[*n].host = xstrdup(host);
	(*v)[*n].who = xstrdup(who);
	(*v)[*n].cls = cls ? xstrdup(cls) : NULL;
	(*n)++;
}

/* Remember the hosts a TLS Ingress gives a certificate: the hosts of
 * spec.tls, or every rule host for a tls entry without hosts (copies owned
 * by the analyzer). */
static void note_tls_hosts(struct analyzer *a, const struct ingress *ing)
{
	struct node *tls = node_get(ing->spec, "tls");
	const char *cls = ingress_class(ing);
	char *who = ingress_who(ing);

	for (size_t i = 0; tls && tls->type == N_SEQUENCE && i < tls->nkids; i++) {
		struct node *hosts = node_get(tls->kids[i], "hosts");
		bool any = false;
		for (size_t h = 0; hosts && hosts->type == N_SEQUENCE && h < hosts->nkids; h++) {
			if (hosts->kids[h]->type == N_SCALAR && hosts->kids[h]->value[0]) {
				note_host(&a->tls_hosts, &a->ntls, &a->tcap, hosts->kids[h]->value, who, cls);
				any = true;
			}
		}
		for (size_t p = 0; !any && p < ing->npaths; p++)
			if (ing->paths[p].host)
				note_host(&a->tls_hosts, &a->ntls, &a->tcap, ing->paths[p].host, who, cls);
	}
	free(who);
}

/* Remember the hosts of a TLS Ingress of Ingress-NGINX's (note_tls_hosts)
 * and report the Ingresses before it that were converted without a
 * redirect for one of these hosts, then forget those. */
static void learn_tls_hosts(struct analyzer *a, const struct where *w)
{
	const struct ingress *ing = w->ing;
	size_t first = a->ntls;

	note_tls_hosts(a, ing);
	for (size_t i = 0; i < a->nplain;) {
		const char *tls_host = NULL;
		for (size_t t = first; t < a->ntls && tls_host == NULL; t++)
			if (tls_covers(a->tls_hosts[t].host, a->plain_hosts[i].host))
				tls_host = a->tls_hosts[t].host;
		if (tls_host == NULL) {
			i++;
			continue;
		}
		{
			char *msg = xasprintf("host '%s' gets TLS here, so ingress-nginx also redirected HTTP to HTTPS for "
					      "Ingress '%s', which comes earlier in the input and was converted before this "
					      "one was read: higress serves it over plain HTTP",
					      a->plain_hosts[i].host, a->plain_hosts[i].who);
			char *fix = xasprintf("add '%s/ssl-redirect: \"true\"' to Ingress '%s', or put the TLS Ingresses "
					      "first in the input and convert again", HIGRESS_NGINX_PREFIX,
					      a->plain_hosts[i].who);
			emit_finding(a, w, node_key(ing->spec, "tls"), NULL, NULL, ST_PARTIAL, SEV_WARNING,
				     "tls-from-later-ingress", msg, fix, NULL);
			free(msg);
			free(fix);
		}
		free(a->plain_hosts[i].host);
		free(a->plain_hosts[i].who);
		free(a->plain_hosts[i].cls);
		a->plain_hosts[i] = a->plain_hosts[--a->nplain];
	}
}

/* Converters ------------------------------------------------------------- */

struct conv {
	struct analyzer *a;
	struct stream *st;
	const struct ingress *ing;
	struct plan *plan;
	size_t idx;
	const struct annotation *an;
	const struct rule *r;
	const char *name;	/* short annotation name */
	enum status status;
	enum severity sev;
	char *message;		/* owned override, or NULL for the rule's */
	char *fix;		/* owned override, or NULL for the rule's */
};

/* A new annotation key Higress reads, for the short name. Caller frees. */
static char *pkey(const char *name)
{
	return xasprintf("%s/%s", HIGRESS_NGINX_PREFIX, name);
}

/* With a custom --annotation-prefix Higress reads none of the keys: a kept
 * annotation must move to the prefix Higress reads. Returns the new message
 * (caller frees) or NULL when nothing had to move. */
static char *move_to_higress_prefix(struct conv *c, const char *message)
{
	struct action *act = NULL;
	char *key;

	if (strcmp(c->a->opt->prefix, HIGRESS_NGINX_PREFIX) == 0)
		return NULL;
	for (size_t i = 0; i < c->plan->n; i++) {
		struct action *x = &c->plan->v[i];
		if (x->ann != c->idx || (x->type != ACT_REMOVE && x->type != ACT_REPLACE && x->type != ACT_SET_VALUE))
			continue;
		if (x->type != ACT_SET_VALUE)
			return NULL;	/* removed or already rewritten */
		act = x;
	}
	key = pkey(c->name);
	if (act) {
		/* a new value: write it under the new key */
		free(act->keys[0]);
		act->keys[0] = xstrdup(key);
		act->type = ACT_REPLACE;
		free(act->reason);
		act->reason = xstrdup("moved to the prefix higress reads, with a converted value");
	} else {
		act = plan_add(c->plan, ACT_REPLACE, c->idx, "moved to the prefix higress reads");
		action_pair(act, key, c->an->value);
	}
	{
		char *msg = xasprintf("%s; key moved to '%s' (higress reads only the '%s' and 'higress.io' prefixes)",
				      message, key, HIGRESS_NGINX_PREFIX);
		free(key);
		return msg;
	}
}

/* The Ingress's annotation with the short name under the controller's
 * prefix, or NULL. Borrowed. */
static const struct annotation *ann_named(const struct analyzer *a, const struct ingress *ing, const char *name)
{
	size_t plen = strlen(a->opt->prefix);

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, a->opt->prefix, plen) == 0 && k[plen] == '/' && strcmp(k + plen + 1, name) == 0)
			return &ing->ann[i];
	}
	return NULL;
}

/* Go's strconv.ParseBool true, which both controllers use. */
static bool go_bool_true(const char *v)
{
	return strcmp(v, "true") == 0 || strcmp(v, "True") == 0 || strcmp(v, "TRUE") == 0 ||
	       strcmp(v, "1") == 0 || strcmp(v, "t") == 0 || strcmp(v, "T") == 0;
}

static void set_msg(struct conv *c, char *msg)
{
	free(c->message);
	c->message = msg;
}

static char *trim_dup(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
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

static void conv_ssl_ciphers(struct conv *c)
{
	struct buf out = {0}, dropped = {0}, renamed = {0};
	const char *s = c->an->value;

	if (s[strspn(s, ":, \t\n\r")] == '\0') {
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent (the ConfigMap ciphers apply)"));
		return;
	}

	/* OpenSSL separates entries by ':', ',' or white space; Higress splits on ':' */
	while (*s) {
		size_t n = strcspn(s, ":, \t\n\r");
		if (n) {
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
		}
		s += n;
		s += strspn(s, ":, \t\n\r");
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
		if (!c->a->opt->keep_unsupported)
			plan_add(c->plan, ACT_REMOVE, c->idx, "no cipher suite higress accepts");
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

static void conv_upstream_hash_by(struct conv *c)
{
	char *v = trim_dup(c->an->value);
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
	free(v);
}

/* mirror-target: nginx proxies a copy of each request to the URL, whose
 * host is the part before the first '$' (mirror/main.go L141-150 splits
 * the target on '$' to find it). Higress mirrors to a registered service:
 * 'mirror-target-service', or 'mirror-target-fqdn' + '-fqdn-port' as an
 * Istio destination host (higress pkg/ingress/kube/annotations/mirror.go),
 * which carries no TLS. */
static void conv_mirror_target(struct conv *c)
{
	char *v = trim_dup(c->an->value);
	const char *p = v, *host, *hend, *port = NULL, *rest;
	char *h = NULL, *msg = NULL, *path_note;
	size_t plen = 0, hlen;
	struct action *act;
	int default_port = 80;
	bool ip = false, tls = false;

	if (*p == '\0') {
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent, nothing is mirrored"));
		free(v);
		return;
	}
	if (strncasecmp(p, "https://", 8) == 0) {
		p += 8;
		default_port = 443;
		tls = true;
	} else if (strncasecmp(p, "http://", 7) == 0) {
		p += 7;
	} else {
		goto unsupported;
	}
	host = p;
	if (*host == '[') {
		/* an IPv6 literal */
		hend = strchr(host, ']');
		if (hend == NULL || hend == host + 1)
			goto unsupported;
		host++;
		hlen = (size_t)(hend - host);
		if (strspn(host, "0123456789abcdefABCDEF:.") != hlen)
			goto unsupported;
		hend++;
		ip = true;
	} else {
		hend = host + strcspn(host, ":/?#$");
		hlen = (size_t)(hend - host);
		ip = hlen && strspn(host, "0123456789.") == hlen;
	}
	if (*hend == ':') {
		port = hend + 1;
		plen = strspn(port, "0123456789");
		if (plen == 0 || plen > 5 || strtol(port, NULL, 10) > 65535 || strtol(port, NULL, 10) == 0 ||
		    !strchr("/?#$", port[plen]))
			goto unsupported;	/* not a TCP port */
		rest = port + plen;
	} else if (*hend == '\0' || strchr("/?#$", *hend)) {
		rest = hend;
	} else {
		goto unsupported;
	}
	while (hlen && host[hlen - 1] == '.')
		hlen--;		/* an absolute name: 'svc.ns.svc.cluster.local.' */
	if (hlen == 0 || (!ip && strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") < hlen))
		goto unsupported;	/* not a DNS name: the validator lets regex characters through */
	h = xstrndup(host, hlen);
	for (char *x = h; *x; x++)
		*x = (char)tolower((unsigned char)*x);
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
		char portbuf[8];	/* at most 5 digits, checked above */
		if (plen)
			snprintf(portbuf, sizeof(portbuf), "%.*s", (int)plen, port);
		else
			snprintf(portbuf, sizeof(portbuf), "%d", default_port);
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
	free(h);
	free(v);
	return;
unsupported:
	c->status = ST_UNSUPPORTED;
	c->sev = c->sev > SEV_WARNING ? c->sev : SEV_WARNING;
	set_msg(c, xasprintf("cannot convert mirror target '%s' (needs http(s)://host[:port] with a DNS name or IP address as host, "
			     "no variable); higress ignores it, so requests are no longer mirrored", v));
	if (!c->a->opt->keep_unsupported)
		plan_add(c->plan, ACT_REMOVE, c->idx, "unsupported: cannot convert the mirror target");
	free(v);
}

static bool has_regex_chars(const char *s)
{
	return s && strpbrk(s, "\\.+*?()|[]{}^$") != NULL;
}

static void conv_rewrite_target(struct conv *c)
{
	const struct annotation *ur = ann_named(c->a, c->ing, "use-regex");
	bool regex_paths = false;
	char *ukey, *msg;
	struct action *act;

	if (c->an->value[0] == '\0')
		return;		/* empty: ingress-nginx treats it as absent */
	if (strchr(c->an->value, '$') || strchr(c->an->value, '\\'))
		return;		/* capture references: Higress already uses regex */
	if (ur && go_bool_true(ur->value))
		return;
	for (size_t i = 0; i < c->ing->npaths; i++)
		if (has_regex_chars(c->ing->paths[i].path))
			regex_paths = true;
	if (regex_paths)
		return;
	ukey = pkey("use-regex");
	if (ur) {
		/* 'use-regex: "false"' loses to rewrite-target on ingress-nginx */
		act = plan_add(c->plan, ACT_SET_VALUE, (size_t)(ur - c->ing->ann), NULL);
		action_pair(act, NULL, "true");
	} else {
		act = plan_add(c->plan, ACT_ADD, c->idx, NULL);
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
 * (implicit_ssl_redirect). */
static void conv_ssl_redirect(struct conv *c)
{
	const struct annotation *fr = ann_named(c->a, c->ing, "force-ssl-redirect");
	const char *host = NULL, *from = c->ing->has_tls ? NULL : earlier_tls(c->a, c->ing, &host);

	c->status = ST_SUPPORTED;
	c->sev = SEV_INFO;
	if (c->an->value[0] == '\0') {
		c->status = ST_IGNORED;
		set_msg(c, xstrdup("empty: ingress-nginx treats it as absent (the ConfigMap default applies)"));
	} else if (!go_bool_true(c->an->value) && fr && go_bool_true(fr->value)) {
		/* lua_ingress.lua L70-72: force_ssl_redirect is tested first;
		 * higress redirect.go L67-71: either one true redirects */
		set_msg(c, xstrdup("'force-ssl-redirect: \"true\"' redirects HTTP to HTTPS anyway, on both controllers"));
	} else if (!go_bool_true(c->an->value)) {
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

/* Higress makes a canary Ingress header-, cookie- or weight-based, never
 * a mix: with a header or cookie the weight is ignored. */
static void conv_canary_weight(struct conv *c)
{
	const char *by = ann_named(c->a, c->ing, "canary-by-header") ? "canary-by-header"
			 : ann_named(c->a, c->ing, "canary-by-cookie") ? "canary-by-cookie" : NULL;

	if (by == NULL) {
		c->status = ST_SUPPORTED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup("read natively as the canary's share of traffic"));
		return;
	}
	c->status = ST_PARTIAL;
	c->sev = SEV_WARNING;
	set_msg(c, xasprintf("ignored by higress because this canary Ingress also sets '%s'; ingress-nginx sent the "
			     "weighted share of requests without the header or cookie to the canary", by));
}

/* 'allowlist-source-range' and its alias resolve as in the controller's
 * checkAnnotation (parser/validators.go L231-240): the alias is read only
 * when the main key is absent or empty. A non-empty list moves to the only
 * name Higress reads (an alias already there is superseded, see
 * resolve_collisions); an empty one must not: Higress takes "" as no list,
 * and the alias list nginx applied would be commented out. */
static void conv_whitelist(struct conv *c)
{
	const struct annotation *alias;
	char *k;
	struct action *act;

	if (c->an->value[0] == '\0') {
		alias = ann_named(c->a, c->ing, "whitelist-source-range");
		c->status = ST_IGNORED;
		c->sev = SEV_INFO;
		set_msg(c, xstrdup(alias && alias->value[0]
					   ? "empty, so ingress-nginx applies the deprecated 'whitelist-source-range' "
					     "instead, which higress reads as is; kept as written"
					   : "empty: no allow list on either controller"));
		return;
	}
	k = pkey("whitelist-source-range");
	act = plan_add(c->plan, ACT_REPLACE, c->idx, "higress reads the allow list only under its deprecated name");
	action_pair(act, k, c->an->value);
	free(k);
}

struct converter {
	const char *name;
	void (*fn)(struct conv *c);
};

static const struct converter converters[] = {
	{ "canary-weight", conv_canary_weight },
	{ "mirror-target", conv_mirror_target },
	{ "rename-whitelist", conv_whitelist },
	{ "rewrite-target", conv_rewrite_target },
	{ "ssl-ciphers", conv_ssl_ciphers },
	{ "ssl-redirect", conv_ssl_redirect },
	{ "upstream-hash-by", conv_upstream_hash_by },
};

bool converter_exists(const char *name)
{
	for (size_t i = 0; i < sizeof(converters) / sizeof(converters[0]); i++)
		if (strcmp(converters[i].name, name) == 0)
			return true;
	return false;
}

/* What Ingress-NGINX did with an invalid value, for the message. */
static const char *on_invalid_text(const char *on_invalid)
{
	static const struct { const char *key, *text; } texts[] = {
		{ "reject-ingress", "ingress-nginx rejects the whole Ingress, higress would serve it" },
		{ "location-503", "ingress-nginx answers 503 on its paths" },
		{ "default", "ingress-nginx silently uses the default instead" },
		{ "ignored", "ingress-nginx ignores it" },
		{ "auth-dropped", "ingress-nginx drops the whole external auth configuration" },
	};

	for (size_t i = 0; on_invalid && i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].key, on_invalid) == 0)
			return texts[i].text;
	return NULL;
}

/* Annotations ------------------------------------------------------------ */

static void unknown_annotation(struct analyzer *a, const struct where *w, const struct annotation *an,
			       const char *name)
{
	const char *near = ruleset_suggest(a->rules, name);
	char *msg = near ? xasprintf("'%s' is not an ingress-nginx annotation; did you mean '%s'", name, near)
			 : xasprintf("'%s' is not an ingress-nginx annotation: neither controller reads it", name);
	char *fix = near ? xasprintf("rename it to '%s/%s'", a->opt->prefix, near) : xstrdup("remove it or fix its name");

	emit_finding(a, w, an->knode, an->key, an->value, ST_UNKNOWN, SEV_WARNING,
		     "unknown-annotation", msg, fix, NULL);
	free(msg);
	free(fix);
}

static void annotation(struct analyzer *a, const struct where *w, struct plan *plan, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];
	const char *name = an->key + strlen(a->opt->prefix) + 1;
	const struct rule *r = ruleset_find(a->rules, name);
	const struct target_rule *t;
	const char *why = NULL;
	struct conv c;
	int valid;

	a->stats.annotations++;
	if (r == NULL) {
		unknown_annotation(a, w, an, name);
		return;
	}
	t = &r->higress;
	if (an->vscalar == NULL) {
		emit_finding(a, w, an->knode, an->key, NULL, ST_INVALID, SEV_ERROR, "invalid-value",
			     an->vnode->type == N_ALIAS
				     ? "the alias refers to no anchor in this object; the value is unknown"
				     : "annotation values must be strings; Kubernetes rejects this object",
			     "write the value as a quoted string", r->doc);
		return;
	}
	valid = rule_check_value(a->rules, r, an->value, &why);
	if (valid <= 0) {
		const char *effect = on_invalid_text(r->on_invalid);
		char *msg = valid < 0 ? xasprintf("cannot validate '%s': %s", name, why)
				      : xasprintf("value '%s' fails ingress-nginx validation of '%s' (%s)%s%s", an->value,
						  name, r->validator, effect ? ": " : "", effect ? effect : "");
		char *fix = r->default_value ? xasprintf("fix the value (ingress-nginx default: '%s')", r->default_value)
					     : xstrdup("fix the value");
		/* never milder than the rule: an invalid auth-url is still lost auth */
		emit_finding(a, w, an->knode, an->key, an->value, ST_INVALID,
			     t->severity > SEV_ERROR ? (enum severity)t->severity : SEV_ERROR, "invalid-value", msg, fix,
			     r->doc);
		free(msg);
		free(fix);
		if (t->status == ST_UNSUPPORTED && !a->opt->keep_unsupported)
			plan_add(plan, ACT_REMOVE, idx, t->message);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = w->st;
	c.ing = w->ing;
	c.plan = plan;
	c.idx = idx;
	c.an = an;
	c.r = r;
	c.name = name;
	c.status = (enum status)t->status;
	c.sev = (enum severity)t->severity;
	if (t->convert) {
		for (size_t i = 0; i < sizeof(converters) / sizeof(converters[0]); i++)
			if (strcmp(converters[i].name, t->convert) == 0)
				converters[i].fn(&c);
	} else if (t->status == ST_UNSUPPORTED && !a->opt->keep_unsupported) {
		plan_add(plan, ACT_REMOVE, idx, t->message);
	}
	{
		char *moved = move_to_higress_prefix(&c, c.message ? c.message : t->message);
		if (moved)
			set_msg(&c, moved);
	}
	emit_finding(a, w, an->knode, an->key, an->value, c.status, c.sev, r->name,
		     c.message ? c.message : t->message, c.fix ? c.fix : t->fix, r->doc);
	free(c.message);
	free(c.fix);
}

static bool under_prefix(const struct analyzer *a, const char *key)
{
	size_t plen = strlen(a->opt->prefix);

	return strncmp(key, a->opt->prefix, plen) == 0 && key[plen] == '/';
}

/* With a custom prefix, Ingress-NGINX ignores 'nginx.ingress.kubernetes.io/'
 * keys, but Higress reads them: a dormant setting would wake up. */
static void dormant_annotation(struct analyzer *a, const struct where *w, struct plan *plan, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];
	size_t plen = strlen(HIGRESS_NGINX_PREFIX);
	const struct rule *r;
	bool superseded = false;
	char *msg;

	if (strncmp(an->key, HIGRESS_NGINX_PREFIX, plen) != 0 || an->key[plen] != '/')
		return;
	r = ruleset_find(a->rules, an->key + plen + 1);
	if (r == NULL || r->higress.status == ST_UNSUPPORTED || r->higress.status == ST_IGNORED)
		return;
	/* the same setting under the controller's prefix moves onto this key */
	for (size_t i = 0; i < w->ing->nann; i++)
		if (under_prefix(a, w->ing->ann[i].key) &&
		    strcmp(w->ing->ann[i].key + strlen(a->opt->prefix) + 1, an->key + plen + 1) == 0)
			superseded = true;
	msg = xasprintf("ingress-nginx (prefix '%s') ignores this key, but higress reads it: it would take effect "
			"after the migration%s", a->opt->prefix,
			a->opt->keep_unsupported && !superseded ? "" : "; convert comments it out");
	if (!a->opt->keep_unsupported || superseded)
		plan_add(plan, ACT_REMOVE, idx, "dormant under ingress-nginx's prefix, higress would read it");
	emit_finding(a, w, an->knode, an->key, an->value, ST_IGNORED, SEV_WARNING, "dormant-annotation", msg,
		     "delete it, or move it under the controller's prefix if it was meant to apply", r->doc);
	free(msg);
}

/* The plan's action on annotation idx that removes or rewrites it, if any. */
static struct action *rewriting_action(struct plan *plan, size_t idx)
{
	for (size_t i = 0; i < plan->n; i++) {
		struct action *x = &plan->v[i];
		if (x->ann == idx && (x->type == ACT_REMOVE || x->type == ACT_REPLACE || x->type == ACT_SET_VALUE))
			return x;
	}
	return NULL;
}

/* A converted key may already be on the Ingress (both 'allowlist-' and
 * 'whitelist-source-range', a hand-written 'higress.io/ssl-cipher'): the
 * converted value, which is what Ingress-NGINX applied, wins and the old
 * key is commented out, so the output never holds a key twice. first is
 * the index of this Ingress's first finding. */
static void resolve_collisions(struct analyzer *a, const struct ingress *ing, struct plan *plan, size_t first)
{
	size_t n = plan->n;

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < plan->v[i].npairs; k++) {
			const char *key = plan->v[i].keys[k];
			enum action_type type = plan->v[i].type;
			size_t own = plan->v[i].ann;
			if (key == NULL || (type != ACT_REPLACE && type != ACT_ADD))
				continue;
			for (size_t j = 0; j < ing->nann; j++) {
				struct action *x;
				char *reason;
				if ((type == ACT_REPLACE && j == own) || strcmp(ing->ann[j].key, key) != 0)
					continue;
				x = rewriting_action(plan, j);
				if (x && x->type != ACT_SET_VALUE)
					continue;
				reason = type == ACT_REPLACE
						 ? xasprintf("superseded by the converted '%s'", ing->ann[own].key)
						 : xasprintf("superseded by the value convert sets for '%s'", key);
				if (x) {
					x->type = ACT_REMOVE;
					free(x->reason);
					x->reason = reason;
				} else {
					plan_add(plan, ACT_REMOVE, j, reason);
					free(reason);
				}
				for (size_t f = first; f < a->out->n; f++) {
					struct finding *fd = &a->out->v[f];
					if (fd->annotation && fd->pos.start == ing->ann[j].knode->pos.start) {
						char *msg = xasprintf("%s; convert comments it out: the converted value "
								      "takes its key", fd->message);
						findings_set_message(a->out, fd, msg);
						free(msg);
					}
				}
			}
		}
	}
}

/* Object-level checks ---------------------------------------------------- */

/* The redirect Ingress-NGINX applies by default (ConfigMap 'ssl-redirect:
 * true') on hosts with a certificate, made explicit: Higress redirects only
 * with 'ssl-redirect' or 'force-ssl-redirect' true (redirect.go L67-71).
 * 'force-ssl-redirect: "false"' does not turn the default off
 * (lua_ingress.lua L70-78); an empty 'ssl-redirect' counts as absent. The
 * actions added belong to the plan; the hosts remembered to the analyzer. */
static void implicit_ssl_redirect(struct analyzer *a, const struct where *w, struct plan *plan)
{
	const struct ingress *ing = w->ing;
	const struct annotation *sr = ann_named(a, ing, "ssl-redirect");
	const struct annotation *fr = ann_named(a, ing, "force-ssl-redirect");
	const char *host = NULL, *from;
	char *k, *msg;

	if (ing->has_tls)
		learn_tls_hosts(a, w);
	from = ing->has_tls ? NULL : earlier_tls(a, ing, &host);
	if ((sr && sr->value[0]) || (fr && go_bool_true(fr->value))) {
		/* explicit: conv_ssl_redirect says what it does */
	} else if (ing->has_tls || from) {
		k = pkey("ssl-redirect");
		if (sr) {
			struct action *act = plan_add(plan, ACT_SET_VALUE, (size_t)(sr - ing->ann), NULL);
			action_pair(act, NULL, "true");
		} else {
			struct action *act = plan_add(plan, ACT_ADD, 0, NULL);
			action_pair(act, k, "true");
		}
		if (from)
			msg = xasprintf("host '%s' has TLS from Ingress '%s', so ingress-nginx redirects HTTP to HTTPS here "
					"too; higress only with an explicit '%s: \"true\"'; convert %s it",
					host, from, k, sr ? "sets" : "adds");
		else
			msg = xasprintf("ingress-nginx redirects HTTP to HTTPS by default on TLS hosts%s, higress only with "
					"an explicit '%s: \"true\"'; convert %s it",
					fr ? " ('force-ssl-redirect: \"false\"' does not turn that off)" : "", k,
					sr ? "sets" : "adds");
		{
			/* Higress redirects every host of the Ingress; ingress-nginx only
			 * those with a certificate */
			struct buf plain = {0};
			for (size_t i = 0; i < ing->npaths; i++) {
				const char *h = ing->paths[i].host;
				bool seen = false;
				for (size_t j = 0; h && j < i; j++)
					seen |= ing->paths[j].host && strcasecmp(ing->paths[j].host, h) == 0;
				if (h && !seen && !tls_note_for(a, h))
					list_add(&plain, h, strlen(h));
			}
			if (plain.len) {
				char *m2 = xasprintf("%s; but higress redirects every host of this Ingress, and ingress-nginx "
						     "did not redirect %s, which has no TLS", msg, buf_cstr(&plain));
				free(msg);
				msg = m2;
			}
			emit_finding(a, w, from ? node_key(ing->spec, "rules") : node_key(ing->spec, "tls"), NULL, NULL,
				     plain.len ? ST_PARTIAL : ST_CONVERTED, plain.len ? SEV_WARNING : SEV_INFO,
				     "implicit-ssl-redirect", msg,
				     plain.len ? "move the rules of the hosts without TLS into an Ingress of their own" : NULL,
				     NULL);
			buf_free(&plain);
		}
		free(k);
		free(msg);
	} else {
		/* no TLS known yet: a later Ingress may give these hosts one */
		char *who = ingress_who(ing);
		for (size_t i = 0; i < ing->npaths; i++)
			if (ing->paths[i].host)
				note_host(&a->plain_hosts, &a->nplain, &a->pcap, ing->paths[i].host, who, NULL);
		free(who);
	}
}

static void object_checks(struct analyzer *a, const struct where *w, struct plan *plan)
{
	const struct ingress *ing = w->ing;

	if (ing->legacy_api) {
		char *msg = xasprintf("apiVersion '%s' is no longer served since Kubernetes 1.22; the converted Ingress "
				      "keeps it and will not apply on a current cluster", ing->api_version);
		emit_finding(a, w, node_key(w->obj, "apiVersion"), NULL, NULL, ST_PARTIAL, SEV_WARNING,
			     "legacy-api-version", msg,
			     "move to 'networking.k8s.io/v1' (backend 'service.name'/'service.port', and 'pathType')",
			     NULL);
		free(msg);
	}

	implicit_ssl_redirect(a, w, plan);
	if (!ann_named(a, ing, "use-regex") && !ann_named(a, ing, "rewrite-target")) {
		for (size_t i = 0; i < ing->npaths; i++) {
			const struct ingress_path *p = &ing->paths[i];
			size_t n = p->path ? strlen(p->path) : 0;
			if (p->path == NULL || n <= 1 || p->path[n - 1] == '/')
				continue;
			if (p->path_type && strcmp(p->path_type, "ImplementationSpecific") != 0)
				continue;
			{
				char *msg = xasprintf("path '%s' with pathType '%s' is a plain string prefix for ingress-nginx "
						      "('%s' also matches '%sx'), an element-wise Prefix for higress",
						      p->path, p->path_type ? p->path_type : "(none)", p->path, p->path);
				emit_finding(a, w, p->path_node, NULL, NULL, ST_PARTIAL, SEV_WARNING,
					     "implementation-specific-path", msg,
					     "use pathType 'Prefix' or 'Exact' to say which matching is meant", NULL);
				free(msg);
			}
		}
	}
}

/* Shapes: aliases, merge keys, duplicate keys --------------------------- */

/* Where the anchored node n stands, for messages: "anchor '&x' at L:C",
 * or "the mapping at L:C" when it has no anchor. Caller frees. */
static char *anchor_text(const struct node *n)
{
	return n->anchor ? xasprintf("anchor '&%s' at %zu:%zu", n->anchor, n->pos.line, n->pos.column)
			 : xasprintf("the mapping at %zu:%zu", n->pos.line, n->pos.column);
}

/* Say where annotation idx's value comes from in its finding fd: a merged
 * or aliased annotation is reported at the merge key or alias of the
 * object, naming the anchor. Allocates only temporarily (the finding list
 * copies the message). */
static void note_origin(struct analyzer *a, const struct ingress *ing, size_t idx, struct finding *fd)
{
	const struct annotation *an = &ing->ann[idx];
	const struct node *from = an->via ? an->source : node_resolve(NULL, an->vnode);
	char *where, *msg;

	if (an->via == NULL && (an->vnode->type != N_ALIAS || from == NULL))
		return;	/* written here, or an alias to nothing (invalid-value says so) */
	where = from ? anchor_text(from) : xstrdup("a mapping of its own");
	msg = xasprintf("%s (value from %s)", fd->message, where);
	findings_set_message(a->out, fd, msg);
	if (an->via)
		fd->pos = an->via->pos;
	free(where);
	free(msg);
}

/* The first node of n's tree (n included) whose anchor an alias refers
 * to or may refer to (stream_anchor_in_use), or NULL. Borrowed. */
static struct node *anchor_in_use(struct stream *st, struct node *n, int depth)
{
	struct node *found = NULL;

	if (n == NULL || depth > 256)
		return NULL;
	if (stream_anchor_in_use(st, n))
		return n;
	for (size_t i = 0; i < n->nkids && found == NULL; i++)
		found = anchor_in_use(st, n->kids[i], depth + 1);
	return found;
}

#define MAX_MERGE_KEYS 64	/* merge keys of one mapping searched for a hidden key */

/* Why convert must leave annotation an as it is written, or NULL (caller
 * frees): it comes from elsewhere through a merge key or alias; removing
 * or renaming its key (unless keeps_key) would uncover an earlier
 * duplicate or a merged value of the same key; or its pair carries an
 * anchor that an alias refers to (or may: a later element of the List). */
static char *why_not_editable(struct stream *st, const struct ingress *ing, const struct annotation *an,
			      bool keeps_key)
{
	struct node *anc;

	if (an->via)
		return xasprintf("it comes through the %s at %zu:%zu, and editing its source would change whatever "
				 "else uses it", node_is_merge_key(an->via) ? "merge key" : "alias", an->via->pos.line,
				 an->via->pos.column);
	if (an->shadows && !keeps_key)
		return xasprintf("the earlier pair with the same key at line %zu would take effect instead",
				 an->shadows->pos.line);
	if (ing->nmerge_pairs > MAX_MERGE_KEYS && !keeps_key)
		return xasprintf("its mapping has more than %d merge keys, which could supply the same key",
				 MAX_MERGE_KEYS);
	for (size_t p = 0; p < ing->nmerge_pairs && !keeps_key; p++) {
		/* an explicit key hides a merged one, which removing it uncovers */
		const struct node *mk = ing->annotations->kids[ing->merge_pairs[p]];
		struct node *v = ing->annotations->kids[ing->merge_pairs[p] + 1];
		bool seq = v->type == N_SEQUENCE;
		for (size_t j = 0; j < (seq ? v->nkids : 1); j++)
			if (node_lookup(seq ? v->kids[j] : v, an->key, NULL, NULL))
				return xasprintf("the merge key at %zu:%zu supplies the same key, which would take "
						 "effect instead", mk->pos.line, mk->pos.column);
	}
	anc = anchor_in_use(st, an->knode, 0);
	if (anc == NULL)
		anc = anchor_in_use(st, an->vnode, 0);
	if (anc == NULL)
		return NULL;
	return xasprintf("it carries anchor '&%s' (%zu:%zu), which %s: convert keeps the pair as written so no alias "
			 "loses its anchor", anc->anchor, anc->pos.line, anc->pos.column,
			 anc->aliases ? "an alias refers to" : "later objects of this List may refer to");
}

/* Remove action i from the plan, freeing its strings. */
static void plan_drop(struct plan *plan, size_t i)
{
	struct action *x = &plan->v[i];

	for (size_t j = 0; j < x->npairs; j++) {
		free(x->keys[j]);
		free(x->values[j]);
	}
	free(x->reason);
	memmove(x, x + 1, (plan->n - i - 1) * sizeof(*x));
	plan->n--;
}

/* Whether convert can add pairs to the Ingress's own annotations: a
 * mapping written in its metadata (or none yet), or 'annotations: *x'
 * there, which becomes '{<<: *x, ...}'. */
static bool can_add_annotations(const struct ingress *ing)
{
	const struct node *m = ing->annotations;

	if (ing->annotations_bad)
		return false;
	if (m && m->type == N_ALIAS)
		return ing->annotations_via == m && m->target && m->target->type == N_MAPPING;
	return ing->annotations_via == NULL;
}

/* Turn plan action i, a replacement or a new value of an annotation that
 * cannot be edited in place, into additions to the Ingress's own
 * annotations: an explicit key there overrides a merged one, and a new
 * key stands beside the old pair. Not for a new value of the object's own
 * pair (its key would be written twice), nor when a new key is already an
 * own annotation. Returns whether it did. */
static bool add_instead(const struct ingress *ing, struct plan *plan, size_t i)
{
	struct action *x = &plan->v[i];
	const struct annotation *an = &ing->ann[x->ann];
	char *k2 = NULL, *v2 = NULL;

	if (x->type == ACT_REMOVE || x->npairs == 0 || (x->type == ACT_SET_VALUE && an->via == NULL))
		return false;
	for (size_t p = 0; p < x->npairs; p++) {
		const char *key = x->keys[p] ? x->keys[p] : an->key;
		for (size_t j = 0; j < ing->nann; j++)
			if (ing->ann[j].via == NULL && strcmp(ing->ann[j].key, key) == 0)
				return false;
	}
	if (x->keys[0] == NULL)
		x->keys[0] = xstrdup(an->key);
	if (x->npairs > 1) {
		k2 = x->keys[1];
		v2 = x->values[1];
		x->npairs = 1;
	}
	x->type = ACT_ADD;
	if (k2) {
		struct action *y = plan_add(plan, ACT_ADD, plan->v[i].ann, NULL);
		action_pair(y, k2, v2);
		free(k2);
		free(v2);
	}
	return true;
}

/* Drop the edits convert cannot make in place (see why_not_editable), or
 * turn them into additions (add_instead), and say so in the annotation's
 * finding (fidx: the finding of each annotation, or SIZE_MAX). Allocates
 * only temporarily and in the plan: a removal that stays keeps the
 * rule's severity (at least error for a dormant key higress would read),
 * a conversion that cannot happen is at least an error. */
static void withhold_annotation_edits(struct analyzer *a, const struct where *w, struct plan *plan,
				      const size_t *fidx)
{
	const struct ingress *ing = w->ing;
	bool own = can_add_annotations(ing);

	for (size_t i = 0; i < plan->n;) {
		struct action *x = &plan->v[i];
		const struct annotation *an;
		struct finding *fd;
		bool removal = x->type == ACT_REMOVE, added;
		char *why;
		if (x->type != ACT_REMOVE && x->type != ACT_REPLACE && x->type != ACT_SET_VALUE) {
			i++;
			continue;
		}
		an = &ing->ann[x->ann];
		why = why_not_editable(w->st, ing, an, x->type == ACT_SET_VALUE);
		if (why == NULL) {
			i++;
			continue;
		}
		fd = fidx[x->ann] == SIZE_MAX ? NULL : &a->out->v[fidx[x->ann]];
		added = own && add_instead(ing, plan, i);
		if (fd) {
			char *msg = xasprintf("%s; convert cannot %s: %s%s", fd->message,
					      removal ? "comment it out" : "change it in place", why,
					      added ? "; it writes the converted pair into the Ingress's own annotations "
						      "instead, where it takes precedence" : "");
			findings_set_message(a->out, fd, msg);
			free(msg);
			if (!added && (!removal || strcmp(fd->rule, "dormant-annotation") == 0))
				fd->severity = fd->severity > SEV_ERROR ? fd->severity : SEV_ERROR;
			if (!added && fd->status == ST_CONVERTED)
				fd->status = ST_PARTIAL;
		}
		free(why);
		if (added)
			i++;
		else
			plan_drop(plan, i);
	}
}

/* Class edits and new annotations convert cannot make in place: drop them
 * with an error finding. A merged class annotation is overridden by an
 * explicit one in the Ingress's own annotations instead. */
static void withhold_object_edits(struct analyzer *a, const struct where *w, struct plan *plan, size_t first)
{
	const struct ingress *ing = w->ing;
	bool own = can_add_annotations(ing);
	bool override = false;
	size_t adds = 0;
	char *why = NULL;

	for (size_t i = 0; i < plan->n; i++)
		adds += plan->v[i].type == ACT_ADD;
	if (adds && !own) {
		struct buf b = {0};
		for (size_t i = 0; i < plan->n;) {
			if (plan->v[i].type != ACT_ADD) {
				i++;
				continue;
			}
			buf_printf(&b, "%s'%s: \"%s\"'", b.len ? ", " : "", plan->v[i].keys[0], plan->v[i].values[0]);
			plan_drop(plan, i);
		}
		{
			const struct node *at = ing->annotations_via ? ing->annotations_via : ing->annotations;
			char *msg = ing->annotations_via
					    ? xasprintf("convert cannot add %s: the annotations come through the %s at "
							"%zu:%zu, shared with what else refers to them", buf_cstr(&b),
							node_is_merge_key(at) ? "merge key" : "alias", at->pos.line,
							at->pos.column)
					    : xasprintf("convert cannot add %s: 'annotations' is not a mapping", buf_cstr(&b));
			/* the findings that promised an addition say it is not made */
			for (size_t f = first; f < a->out->n; f++) {
				struct finding *fd = &a->out->v[f];
				if (strcmp(fd->rule, "implicit-ssl-redirect") == 0 ||
				    (fd->annotation && fd->status == ST_CONVERTED)) {
					char *m = xasprintf("%s; not done: see 'annotations-not-editable'", fd->message);
					findings_set_message(a->out, fd, m);
					free(m);
					if (fd->severity < SEV_WARNING)
						fd->severity = SEV_WARNING;
					fd->status = ST_PARTIAL;
				}
			}
			emit_finding(a, w, at, NULL, NULL, ST_UNSUPPORTED, SEV_ERROR, "annotations-not-editable", msg,
				     "add them by hand in the object's own 'metadata.annotations'", NULL);
			free(msg);
		}
		buf_free(&b);
	}
	for (size_t i = 0; i < plan->n; i++) {
		struct action *x = &plan->v[i];
		if (x->type == ACT_SET_CLASS) {
			const struct annotation *ca = ing->class_annotation;
			struct node *anc;
			if (ca && (why = why_not_editable(w->st, ing, ca, true)) != NULL) {
				char *t = NULL;
				if (ca->via && own) {
					/* an explicit key in the own annotations overrides it */
					override = true;
				} else {
					t = xasprintf("'%s': %s", ca->key, why);
				}
				free(why);
				why = t;
				if (why)
					break;
			}
			if (ing->class_name && ing->spec_via) {
				why = xasprintf("'ingressClassName' comes through the %s at %zu:%zu",
						node_is_merge_key(ing->spec_via) ? "merge key" : "alias",
						ing->spec_via->pos.line, ing->spec_via->pos.column);
				break;
			}
			anc = anchor_in_use(w->st, ing->class_name, 0);
			if (anc) {
				why = xasprintf("'ingressClassName' carries anchor '&%s' (%zu:%zu), which %s", anc->anchor,
						anc->pos.line, anc->pos.column,
						anc->aliases ? "an alias refers to" : "later objects of this List may refer to");
				break;
			}
		} else if (x->type == ACT_ADD_CLASS && ing->spec_via) {
			why = xasprintf("'spec' comes through the %s at %zu:%zu",
					node_is_merge_key(ing->spec_via) ? "merge key" : "alias", ing->spec_via->pos.line,
					ing->spec_via->pos.column);
			break;
		}
	}
	if (why == NULL && override) {
		struct action *y = plan_add(plan, ACT_ADD, 0, NULL);
		action_pair(y, ing->class_annotation->key, a->opt->target_class);
	}
	if (why) {
		char *msg = xasprintf("convert cannot switch the class to '%s': %s; the Ingress stays with ingress-nginx",
				      a->opt->target_class, why);
		for (size_t i = 0; i < plan->n;) {
			if (plan->v[i].type == ACT_SET_CLASS || plan->v[i].type == ACT_ADD_CLASS)
				plan_drop(plan, i);
			else
				i++;
		}
		emit_finding(a, w, node_key(w->obj, "kind"), NULL, NULL, ST_UNSUPPORTED, SEV_ERROR, "class-not-set", msg,
			     "switch the class by hand", NULL);
		free(msg);
		free(why);
	}
}

/* Structural problems the model found (annotations that are not a mapping
 * of strings, bad merge keys). The finding list copies what it keeps. */
static void shape_problems(struct analyzer *a, const struct where *w)
{
	for (size_t i = 0; i < w->ing->nproblems; i++) {
		const struct ingress_problem *p = &w->ing->problems[i];
		emit_finding(a, w, p->at, NULL, NULL, ST_INVALID, SEV_ERROR, p->rule, p->message,
			     "make 'metadata.annotations' a mapping of string keys to string values", NULL);
	}
}

/* A duplicate key in any mapping of the object's own text, at the later
 * key; an alias without anchor. Aliases are not followed (their anchors
 * are checked where they stand). Allocates only temporarily. */
static void duplicate_keys(struct analyzer *a, const struct where *w, const struct node *n, int depth)
{
	if (n == NULL || depth > 256)
		return;
	if (n->type == N_ALIAS && n->target == NULL) {
		char *msg = xasprintf("alias '*%s' refers to no anchor before it in this document (or to a node that "
				      "contains it); Kubernetes cannot read the manifest", n->value);
		emit_finding(a, w, n, NULL, NULL, ST_INVALID, SEV_ERROR, "undefined-alias", msg,
			     "define the anchor before the alias, in the same document", NULL);
		free(msg);
	}
	if (n->type == N_MAPPING && n->nkids >= 4) {
		size_t *firsts = xmalloc(n->nkids / 2 * sizeof(*firsts));
		bool dups = node_dup_keys(n, firsts) > 0;
		for (size_t p = 0; p < n->nkids / 2; p++) {
			if (dups && firsts[p] != p) {
				const struct node *k = n->kids[2 * p], *fk = n->kids[2 * firsts[p]];
				char *msg = xasprintf("duplicate key '%s' (first at line %zu): kubectl's strict field "
						      "validation rejects the object, older clients silently keep the last "
						      "value, which the analysis uses",
						      node_resolve(NULL, (struct node *)k)->value, fk->pos.line);
				emit_finding(a, w, k, NULL, NULL, ST_INVALID, SEV_ERROR, "duplicate-key", msg,
					     "keep one of the keys", NULL);
				free(msg);
			}
			duplicate_keys(a, w, n->kids[2 * p], depth + 1);
			duplicate_keys(a, w, n->kids[2 * p + 1], depth + 1);
		}
		free(firsts);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		duplicate_keys(a, w, n->kids[i], depth + 1);
}

/* A 'kind: List' the stream could not split into objects. */
static void list_shape(struct analyzer *a, const struct where *w)
{
	struct node *items = node_get(w->obj, "items"), *r;
	const char *kind = node_get_str(w->obj, "kind");

	if (kind == NULL || strcmp(kind, "List") != 0 || items == NULL)
		return;
	r = node_resolve(NULL, items);
	if (items->type == N_ALIAS && r && r->type == N_SEQUENCE) {
		emit_finding(a, w, items, NULL, NULL, ST_UNSUPPORTED, SEV_WARNING, "invalid-list",
			     "'items' is an alias: the objects it refers to are not analysed", "write the items out",
			     NULL);
		return;
	}
	if (r == NULL || (r->type != N_SEQUENCE && !(r->type == N_SCALAR && r->style == SS_PLAIN &&
						      (r->len == 0 || strcmp(r->value, "null") == 0 ||
						       strcmp(r->value, "~") == 0)))) {
		emit_finding(a, w, items, NULL, NULL, ST_INVALID, SEV_ERROR, "invalid-list",
			     r && r->type == N_MAPPING ? "'items' of a List must be a sequence, not a mapping; Kubernetes "
							 "rejects it and nothing in it is analysed"
						       : "'items' of a List must be a sequence; Kubernetes rejects it",
			     "make 'items' a sequence of objects", NULL);
		return;
	}
	for (size_t i = 0; r->type == N_SEQUENCE && i < r->nkids; i++) {
		const struct node *e = node_resolve(NULL, r->kids[i]);
		if (e && e->type == N_MAPPING && (node_get(e, "kind") || node_get(e, "apiVersion")))
			continue;
		emit_finding(a, w, r->kids[i], NULL, NULL, ST_INVALID, SEV_ERROR, "invalid-list",
			     e && e->type == N_MAPPING && r->kids[i]->type != N_ALIAS
				     ? "an element of 'items' has no 'kind' or 'apiVersion'; Kubernetes rejects the List"
				     : r->kids[i]->type == N_ALIAS
					       ? "an element of 'items' is an alias: it is not analysed"
					       : "an element of 'items' is not an object (a mapping); Kubernetes rejects the List",
			     "make every element of 'items' an object with 'kind' and 'apiVersion'", NULL);
	}
}

/* An annotation outside the prefix whose value is not a string. */
static void invalid_plain_annotation(struct analyzer *a, const struct where *w, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];
	char *msg = xasprintf("the value of annotation '%s' is not a string; Kubernetes rejects this object", an->key);

	emit_finding(a, w, an->via ? an->via : an->knode, NULL, NULL, ST_INVALID, SEV_ERROR, "invalid-annotations", msg,
		     "write the value as a quoted string", NULL);
	free(msg);
}

/* Entry ------------------------------------------------------------------ */

int analyze_object(void *ud, struct stream *st, struct node *obj)
{
	struct analyzer *a = ud;
	struct ingress ing;
	struct plan plan = {0};
	struct where w = { st, NULL, obj };
	size_t first, *fidx;
	int nginx;

	a->stats.objects++;
	switch (object_kind(obj)) {
	case OBJ_INGRESS_CLASS:
		ingress_class_object(a, st, obj);
		return 0;
	case OBJ_OTHER:
		list_shape(a, &w);
		return 0;
	case OBJ_INGRESS:
		break;
	}
	ingress_build(&ing, obj);
	w.ing = &ing;
	nginx = analyzer_is_nginx(a, &ing);
	if (nginx == 0) {
		note_skipped_class(a, ingress_class(&ing));
		goto out;
	}
	if (nginx < 0) {
		a->classless_skipped++;
		emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_IGNORED, SEV_INFO, "classless-ingress",
			     "Ingress has no class (no 'spec.ingressClassName' or 'kubernetes.io/ingress.class'); "
			     "left untouched", "set a class, or pass --include-classless to treat it as ingress-nginx's",
			     NULL);
		goto out;
	}
	a->stats.ingresses++;
	first = a->out->n;
	shape_problems(a, &w);
	duplicate_keys(a, &w, obj, 0);
	fidx = xmalloc((ing.nann ? ing.nann : 1) * sizeof(*fidx));
	for (size_t i = 0; i < ing.nann; i++) {
		size_t before = a->out->n;
		if (under_prefix(a, ing.ann[i].key))
			annotation(a, &w, &plan, i);
		else if (strcmp(a->opt->prefix, HIGRESS_NGINX_PREFIX) != 0)
			dormant_annotation(a, &w, &plan, i);
		if (!under_prefix(a, ing.ann[i].key) && ing.ann[i].vscalar == NULL)
			invalid_plain_annotation(a, &w, i);
		/* the annotation's own finding, if it got one */
		fidx[i] = SIZE_MAX;
		for (size_t f = before; f < a->out->n; f++)
			if (a->out->v[f].annotation)
				fidx[i] = f;
		if (fidx[i] != SIZE_MAX)
			note_origin(a, &ing, i, &a->out->v[fidx[i]]);
	}
	object_checks(a, &w, &plan);
	resolve_collisions(a, &ing, &plan, first);
	withhold_annotation_edits(a, &w, &plan, fidx);
	free(fidx);
	if (!a->opt->keep_class) {
		if (ing.class_annotation || ing.class_name) {
			struct action *act = plan_add(&plan, ACT_SET_CLASS, 0, NULL);
			action_pair(act, NULL, a->opt->target_class);
		} else if (ing.spec && ing.spec->nkids) {
			struct action *act = plan_add(&plan, ACT_ADD_CLASS, 0, NULL);
			action_pair(act, NULL, a->opt->target_class);
		} else {
			char *msg = xasprintf("no 'spec' mapping to add 'ingressClassName: %s' to; higress will not "
					      "serve this Ingress", a->opt->target_class);
			emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_UNSUPPORTED, SEV_ERROR,
				     "class-not-set", msg, "give the Ingress a spec with 'ingressClassName'", NULL);
			free(msg);
		}
	}
	withhold_object_edits(a, &w, &plan, first);
	if (a->opt->convert)
		emit_ingress_apply(st, &ing, &plan);
out:
	plan_free(&plan);
	ingress_free(&ing);
	return 0;
}
