/* analyze.c - classify objects and annotations; build conversion plans. */
#include "analyze.h"

#include "ctrl_config.h"
#include "emit_checks.h"
#include "emit_gateway.h"
#include "emit_ingress_conv.h"
#include "emit_plugins.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_cross.h"
#include "check_regex.h"
#include "conv_names.h"
#include "emit_ingress.h"
#include "inject.h"
#include "scalar.h"
#include "regex_compat.h"
#include "snippet.h"
#include "util.h"

#define NGINX_CONTROLLER "k8s.io/ingress-nginx"
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
	size_t next;	/* tls_hosts: 1 + the index of the next note of the same host, or 0 */
	uint32_t hash;	/* tls_hosts: host_hash of host (probes compare it first) */
};

struct analyzer {
	const struct analyze_options *opt;
	/* an emptied plan whose array the next object reuses (owned) */
	struct plan spare_plan;
	/* --to gateway: the last flow item left out, so that a run of them
	 * takes the right commas */
	const struct stream *drop_st;
	size_t drop_start, drop_end;
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
	size_t *tls_slots;	/* hash of tls_hosts by lowercase host: 1 + the index of the
				 * latest note of a host, 0 empty; owned */
	size_t tls_nslots;	/* a power of two, or 0 */
	bool indexed;		/* analyzer_use_index ran: every TLS host is known */
	struct cross *cross;	/* its host+path table, owned, or NULL */
	struct host_note *plain_hosts;	/* hosts converted without any HTTPS redirect */
	size_t nplain, pcap;
	struct analyze_stats stats;
	struct ca_store secrets;	/* Secrets seen so far, those convert added, and those
					 * wanted before they were seen (owned) */
	int passthrough_flag;	/* the controller's --enable-ssl-passthrough: -1 unknown, 0 off, 1 on */
	char *controller;	/* "Kind 'ns/name'" of the workload that told it, owned */
	struct buf added_docs;	/* documents to add after the current object */
	struct buf scratch;	/* reused for short-lived strings (a wildcard host) */
	struct conv intents;	/* the current Ingress's, for its converters (owned) */
	bool have_intents;	/* intents is read from the current Ingress */
};

struct analyzer *analyzer_new(const struct analyze_options *opt,
			      const struct ruleset *rules, struct findings *out)
{
	struct analyzer *a;

	if (!hconv_names_agree()) {	/* a converter added in one place only */
		fputs("ingress2higress: internal error: the converters and conv_names.c disagree\n", stderr);
		abort();
	}
	a = xcalloc(1, sizeof(*a));

	a->opt = opt;
	a->rules = rules;
	a->out = out;
	a->passthrough_flag = -1;
	conv_init(&a->intents);
	return a;
}

void analyzer_free(struct analyzer *a)
{
	if (a == NULL)
		return;
	plan_free(&a->spare_plan);
	for (size_t i = 0; i < a->nclasses; i++)
		free(a->classes[i]);
	free(a->classes);
	for (size_t i = 0; i < a->nseen; i++)
		free(a->seen[i].name);
	free(a->seen);
	for (size_t i = 0; i < a->ntls; i++)
		free(a->tls_hosts[i].host), free(a->tls_hosts[i].who), free(a->tls_hosts[i].cls);
	free(a->tls_hosts);
	free(a->tls_slots);
	for (size_t i = 0; i < a->nplain; i++)
		free(a->plain_hosts[i].host), free(a->plain_hosts[i].who), free(a->plain_hosts[i].cls);
	free(a->plain_hosts);
	ca_store_free(&a->secrets);
	free(a->controller);
	cross_free(a->cross);
	buf_free(&a->added_docs);
	buf_free(&a->scratch);
	conv_free(&a->intents);
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
	const char *kind, *ns, *name;	/* the object's, borrowed from it, or NULL */
};

/* Where the findings on obj go: its identity is read once, not per
 * finding. Allocates nothing; borrows st and obj. */
static struct where where_of(struct stream *st, const struct node *obj)
{
	struct node *md = node_get(obj, "metadata");
	struct where w = { st, NULL, obj, node_get_str(obj, "kind"), node_get_str(md, "namespace"),
			   node_get_str(md, "name") };

	return w;
}

/* Add a finding at pos (the list copies the strings). */
static void emit_finding_pos(struct analyzer *a, const struct where *w, struct pos pos,
			     const char *annotation, const char *value, enum status status,
			     enum severity sev, const char *rule, const char *message,
			     const char *fix, const char *doc)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.file = stream_name(w->st);
	f.pos = pos;
	f.kind = w->kind;
	f.ns = w->ns;
	f.name = w->name;
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

/* Add a finding at node at (the object when NULL). */
static void emit_finding(struct analyzer *a, const struct where *w, const struct node *at,
			 const char *annotation, const char *value, enum status status,
			 enum severity sev, const char *rule, const char *message,
			 const char *fix, const char *doc)
{
	emit_finding_pos(a, w, at ? at->pos : w->obj->pos, annotation, value, status, sev, rule, message, fix,
			 doc);
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

/* Are class-less Ingresses Ingress-NGINX's? */
static bool classless_nginx(struct analyzer *a)
{
	if (a->opt->include_classless)
		return true;
	if (a->opt->default_class)
		return class_is_nginx(a, a->opt->default_class);
	return a->default_is_nginx;
}

int analyzer_is_nginx(struct analyzer *a, const struct ingress *ing)
{
	const char *cls = ingress_class(ing);

	if (cls == NULL || *cls == '\0')
		return classless_nginx(a) ? 1 : -1;
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

static void note_tls_host(struct analyzer *a, const char *host, const char *who, const char *cls);

void analyzer_use_index(struct analyzer *a, const struct index *ix)
{
	a->indexed = true;
	cross_free(a->cross);
	a->cross = cross_new(ix);
	for (size_t i = 0; i < index_nclasses(ix); i++) {
		const struct index_class *c = index_class_at(ix, i);
		const char *name = index_str(ix, c->name);
		if (c->name == 0 || strcmp(index_str(ix, c->controller), NGINX_CONTROLLER) != 0)
			continue;
		if (!class_is_nginx(a, name)) {
			grow_array((void **)&a->classes, &a->ccap, a->nclasses + 1, sizeof(*a->classes));
			a->classes[a->nclasses++] = xstrdup(name);
		}
		if (c->is_default)
			a->default_is_nginx = true;
	}
	/* the TLS hosts of every Ingress are known before the first is
	 * converted: those of spec.tls, or every rule host for a tls entry
	 * without hosts */
	for (size_t i = 0; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		char *who;
		/* cls read at each use: a spilled index's strings are copies
		 * that later reads reuse (index.h) */
#define CLS (x->cls ? index_str(ix, x->cls) : NULL)
		if (x->ntls == 0)
			continue;
		who = xasprintf("%s/%s", x->ns ? index_str(ix, x->ns) : "default", x->name ? index_str(ix, x->name) : "?");
		for (uint32_t t = 0; t < x->ntls; t++) {
			const struct index_tls *tl = index_tls_at(ix, x->first_tls + t);
			for (uint32_t h = 0; h < tl->nhosts; h++)
				note_tls_host(a, index_str(ix, index_host_at(ix, tl->first_host + h)),
					  who, CLS);
			for (uint32_t p = 0; tl->nhosts == 0 && p < x->npaths; p++) {
				const struct index_path *ip = index_path_at(ix, x->first_path + p);
				if (ip->host)
					note_tls_host(a, index_str(ix, ip->host), who, CLS);
			}
		}
		free(who);
#undef CLS
	}
}

static void ingress_class_object(struct analyzer *a, struct stream *st, struct node *obj)
{
	struct where w = where_of(st, obj);
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
 * object at a time; the index pass gives the analyzer the TLS hosts of
 * every Ingress of the input (analyzer_use_index), and it remembers the
 * hosts it converted without any redirect, to report them when a later
 * Ingress gives them TLS (kept for Ingresses the index did not see). */

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

/* FNV-1a of host, ASCII case folded. */
static size_t host_hash(const char *host, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
	}
	return h;
}

/* The slot of host[0..n) in the TLS host table: the one that holds its
 * chain, or the empty one where it would go. Allocates nothing. */
static size_t tls_slot(const struct analyzer *a, const char *host, size_t n)
{
	uint32_t hash = (uint32_t)host_hash(host, n);
	size_t j = hash & (a->tls_nslots - 1);

	while (a->tls_slots[j]) {
		const struct host_note *hn = &a->tls_hosts[a->tls_slots[j] - 1];
		if (hn->hash == hash && strncasecmp(hn->host, host, n) == 0 && hn->host[n] == '\0')
			break;
		j = (j + 1) & (a->tls_nslots - 1);
	}
	return j;
}

/* Grow the TLS host table (allocates; analyzer_free frees) and rehash. */
static void tls_rehash(struct analyzer *a)
{
	size_t old = a->tls_nslots, *slots = a->tls_slots;

	a->tls_nslots = old ? old * 2 : 256;
	a->tls_slots = xcalloc(a->tls_nslots, sizeof(*a->tls_slots));
	for (size_t i = 0; i < old; i++)
		if (slots[i])
			a->tls_slots[tls_slot(a, a->tls_hosts[slots[i] - 1].host,
					      strlen(a->tls_hosts[slots[i] - 1].host))] = slots[i];
	free(slots);
}

/* The first TLS note (in the order noted) of an Ingress-NGINX Ingress for
 * exactly host[0..n) (case-insensitive), or SIZE_MAX. */
static size_t tls_first_exact(struct analyzer *a, const char *host, size_t n)
{
	size_t best = SIZE_MAX, j;

	if (a->tls_nslots == 0)
		return best;
	j = tls_slot(a, host, n);
	for (size_t k = a->tls_slots[j]; k; k = a->tls_hosts[k - 1].next)
		if (k - 1 < best && note_is_nginx(a, &a->tls_hosts[k - 1]))
			best = k - 1;
	return best;
}

/* The first TLS note of an Ingress-NGINX Ingress that covers host (as
 * tls_covers: the host itself or a '*.' wildcard of its parent), or
 * SIZE_MAX. Allocates only a->scratch's storage. */
static size_t tls_first_covering(struct analyzer *a, const char *host)
{
	size_t best = tls_first_exact(a, host, strlen(host));
	const char *dot = strchr(host, '.');

	if (dot && dot != host) {
		size_t w;
		a->scratch.len = 0;
		buf_addc(&a->scratch, '*');
		buf_adds(&a->scratch, dot);
		w = tls_first_exact(a, a->scratch.data, a->scratch.len);
		if (w < best)
			best = w;
	}
	return best;
}

/* An Ingress-NGINX Ingress seen so far that gave one of this Ingress's
 * hosts TLS (borrowed "ns/name"), or NULL; *host gets that host
 * (borrowed). The earliest note wins. Allocates only temporarily. */
static const char *earlier_tls(struct analyzer *a, const struct ingress *ing, const char **host)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < ing->npaths; i++) {
		size_t t;
		if (ing->paths[i].host == NULL)
			continue;
		t = tls_first_covering(a, ing->paths[i].host);
		if (t < best) {
			best = t;
			*host = ing->paths[i].host;
		}
	}
	return best == SIZE_MAX ? NULL : a->tls_hosts[best].who;
}

/* The Ingress-NGINX Ingress (borrowed "ns/name") known to give host TLS,
 * or NULL. Allocates only temporarily. */
static const char *tls_note_for(struct analyzer *a, const char *host)
{
	size_t t = tls_first_covering(a, host);

	return t == SIZE_MAX ? NULL : a->tls_hosts[t].who;
}

/* Does a TLS entry of ing itself cover host (as its notes would: the hosts
 * of spec.tls, or every rule host for an entry without hosts), the
 * Ingress being Ingress-NGINX's? Allocates nothing. */
static bool tls_self_covers(struct analyzer *a, const struct ingress *ing, const char *host)
{
	struct node *tls = node_get(ing->spec, "tls");
	struct host_note self = { .cls = (char *)ingress_class(ing) };

	if (!note_is_nginx(a, &self))
		return false;
	for (size_t i = 0; tls && tls->type == N_SEQUENCE && i < tls->nkids; i++) {
		struct node *hosts = node_get(tls->kids[i], "hosts");
		bool any = false;
		for (size_t h = 0; hosts && hosts->type == N_SEQUENCE && h < hosts->nkids; h++) {
			if (hosts->kids[h]->type == N_SCALAR && hosts->kids[h]->value[0]) {
				any = true;
				if (tls_covers(hosts->kids[h]->value, host))
					return true;
			}
		}
		for (size_t p = 0; !any && p < ing->npaths; p++)
			if (ing->paths[p].host && tls_covers(ing->paths[p].host, host))
				return true;
	}
	return false;
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
	(*v)[*n].next = 0;
	(*v)[*n].hash = 0;
	(*n)++;
}

/* note_host for the TLS hosts, through their hash table: O(1) per note.
 * Copies owned by the analyzer. */
static void note_tls_host(struct analyzer *a, const char *host, const char *who, const char *cls)
{
	size_t j, n = strlen(host);

	/* After the index pass, a host that no other Ingress names needs no
	 * note: its own Ingress asks tls_self_covers (a wildcard may cover
	 * other names: always kept). This keeps the notes from growing with
	 * the stream. */
	if (a->indexed && host[0] != '*' && !cross_host_shared(a->cross, host))
		return;
	if ((a->ntls + 1) * 2 > a->tls_nslots)
		tls_rehash(a);
	j = tls_slot(a, host, n);
	for (size_t k = a->tls_slots[j]; k; k = a->tls_hosts[k - 1].next)
		if (strcmp(a->tls_hosts[k - 1].who, who) == 0)
			return;
	grow_array((void **)&a->tls_hosts, &a->tcap, a->ntls + 1, sizeof(*a->tls_hosts));
	a->tls_hosts[a->ntls].host = xstrdup(host);
	a->tls_hosts[a->ntls].who = xstrdup(who);
	a->tls_hosts[a->ntls].cls = cls ? xstrdup(cls) : NULL;
	a->tls_hosts[a->ntls].next = a->tls_slots[j];
	a->tls_hosts[a->ntls].hash = (uint32_t)host_hash(host, n);
	a->tls_slots[j] = ++a->ntls;
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
				note_tls_host(a, hosts->kids[h]->value, who, cls);
				any = true;
			}
		}
		for (size_t p = 0; !any && p < ing->npaths; p++)
			if (ing->paths[p].host)
				note_tls_host(a, ing->paths[p].host, who, cls);
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
	for (size_t i = 0; first < a->ntls && i < a->nplain;) {
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
					      "first in the input and convert again", HCONV_NGINX_PREFIX,
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

/* The Ingress's annotation with the short name under the controller's
 * prefix, or NULL. Borrowed. */
static const struct annotation *ann_named(const struct analyzer *a, const struct ingress *ing, const char *name)
{
	return ingress_annotation(ing, a->opt->prefix, name);
}

/* The annotation's value, or NULL when it is absent or empty (both
 * controllers treat an empty value as absent). Borrowed. */
static const char *ann_value(const struct analyzer *a, const struct ingress *ing, const char *name)
{
	const struct annotation *an = ann_named(a, ing, name);

	return an && an->value[0] ? an->value : NULL;
}

/* Append "'x'" to the comma list in b (the caller's buffer). */
static void list_add(struct buf *b, const char *s, size_t n)
{
	buf_printf(b, "%s'%.*s'", b->len ? ", " : "", (int)n, s);
}

static bool under_prefix(const struct analyzer *a, const char *key)
{
	size_t plen = strlen(a->opt->prefix);

	return strncmp(key, a->opt->prefix, plen) == 0 && key[plen] == '/';
}

/* The intents of the Ingress (read on the first call for each Ingress;
 * owned by the analyzer). The snippets are not read: the analysis
 * converts them itself (snippet_annotation). */
static const struct conv *intents(struct analyzer *a, const struct ingress *ing)
{
	if (!a->have_intents) {
		for (size_t i = 0; i < ing->nann; i++) {
			const char *k = ing->ann[i].key;
			if (under_prefix(a, k) && !snippet_name(k + strlen(a->opt->prefix) + 1))
				(void)conv_add(&a->intents, k + strlen(a->opt->prefix) + 1, ing->ann[i].value);
		}
		a->have_intents = true;
	}
	return &a->intents;
}

/* earlier_tls for the converters (struct hconv_env). */
static const char *env_earlier_tls(void *ud, const struct ingress *ing, const char **host)
{
	return earlier_tls(ud, ing, host);
}

/* Other objects ---------------------------------------------------------- */

static bool controller_arg(const char *s)
{
	size_t n = strlen(s), k = strlen("nginx-ingress-controller");

	return n >= k && strcmp(s + n - k, "nginx-ingress-controller") == 0 && (n == k || s[n - k - 1] == '/');
}

/* An Ingress-NGINX controller workload: learn --enable-ssl-passthrough
 * (Go flag syntax: -flag, --flag, --flag=BOOL) from its containers. The
 * workload's description is copied into a->controller (freed by
 * analyzer_free()). */
static void learn_controller(struct analyzer *a, const struct node *obj)
{
	struct node *cs = node_get(node_get(node_get(node_get(obj, "spec"), "template"), "spec"), "containers");
	struct where id;
	const char *kind, *ns, *name;

	if (cs == NULL || cs->type != N_SEQUENCE)
		return;
	id = where_of(NULL, obj);
	kind = id.kind;
	ns = id.ns;
	name = id.name;
	for (size_t i = 0; i < cs->nkids; i++) {
		bool is_ctl = false;
		int flag = 0;
		for (int pass = 0; pass < 2; pass++) {
			struct node *l = node_get(cs->kids[i], pass ? "args" : "command");
			for (size_t k = 0; l && l->type == N_SEQUENCE && k < l->nkids; k++) {
				const char *s = l->kids[k]->value, *f;
				if (l->kids[k]->type != N_SCALAR)
					continue;
				f = s[0] != '-' ? NULL : s[1] == '-' ? s + 2 : s + 1;
				if (controller_arg(s))
					is_ctl = true;
				else if (f && strcmp(f, "enable-ssl-passthrough") == 0)
					flag = 1;
				else if (f && str_has_prefix(f, "enable-ssl-passthrough="))
					flag = conv_go_bool(f + strlen("enable-ssl-passthrough=")) == 1;
			}
		}
		if (!is_ctl || a->passthrough_flag == 1 || (a->passthrough_flag == 0 && !flag))
			continue;
		a->passthrough_flag = flag;
		free(a->controller);
		a->controller = xasprintf("%s '%s%s%s'", kind ? kind : "?", ns ? ns : "", ns ? "/" : "",
					  name ? name : "");
	}
}

/* A Secret: remember its 'ca.crt' (copies owned by the analyzer, freed by
 * analyzer_free()); report it when an earlier Ingress needed it, or when
 * convert already added one of that name. */
static void learn_secret(struct analyzer *a, struct stream *st, struct node *obj)
{
	struct where w = where_of(st, obj);
	struct node *md = node_get(obj, "metadata");
	const char *ns = node_get_str(md, "namespace"), *name = node_get_str(md, "name");
	const char *ca = node_get_str(node_get(obj, "data"), "ca.crt");
	bool sd = false;
	struct ca_secret *old;

	if (name == NULL)
		return;
	if (ca == NULL && (ca = node_get_str(node_get(obj, "stringData"), "ca.crt")) != NULL)
		sd = true;
	for (size_t i = 0; i < a->secrets.nwanted; i++) {
		struct ca_wanted *x = &a->secrets.wanted[i];
		char *msg, *fix;
		if (!((x->ns == NULL && ns == NULL) || (x->ns && ns && strcmp(x->ns, ns) == 0)) ||
		    strcmp(x->name, name) != 0)
			continue;
		msg = xasprintf("this Secret '%s' holds the client CA of Ingress '%s' ('auth-tls-secret') but comes after it, "
				"so convert could not copy its 'ca.crt' into '%s'", name, x->ingress, x->target);
		fix = xasprintf("put the Secret before the Ingress and convert again, or create '%s' yourself", x->target);
		emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_IGNORED, SEV_ERROR, "late-ca-secret", msg, fix,
			     NULL);
		free(msg);
		free(fix);
	}
	old = ca_store_find(&a->secrets, ns, name);
	if (old && old->added) {
		char *msg = xasprintf("a Secret '%s' is also added by convert (the client CA of an earlier Ingress); "
				      "the output holds it twice", name);
		emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_IGNORED, SEV_ERROR, "duplicate-ca-secret", msg,
			     "keep one of the two, with the CA the Ingress needs", NULL);
		free(msg);
	}
	if (old == NULL)
		(void)ca_store_add(&a->secrets, ns, name, ca, sd, false);
}

/* Objects that are neither Ingresses nor IngressClasses. */
static void other_object(struct analyzer *a, struct stream *st, struct node *obj)
{
	const char *kind = node_get_str(obj, "kind"), *api = node_get_str(obj, "apiVersion");

	if (kind == NULL || api == NULL)
		return;
	if (strcmp(kind, "Secret") == 0 && strcmp(api, "v1") == 0)
		learn_secret(a, st, obj);
	else if ((strcmp(kind, "Deployment") == 0 || strcmp(kind, "DaemonSet") == 0) && str_has_prefix(api, "apps/"))
		learn_controller(a, obj);
}

/* What Ingress-NGINX did with an invalid value, for the message; borrowed
 * static text or NULL. The rejected Ingress is served by the target. */
static const char *on_invalid_text(const char *on_invalid, enum target target)
{
	static const struct { const char *key, *text; } texts[] = {
		{ "reject-ingress", "ingress-nginx rejects the whole Ingress, higress would serve it" },
		{ "location-503", "ingress-nginx answers 503 on its paths" },
		{ "default", "ingress-nginx silently uses the default instead" },
		{ "ignored", "ingress-nginx ignores it" },
		{ "auth-dropped", "ingress-nginx drops the whole external auth configuration" },
	};

	if (on_invalid && target == TARGET_GATEWAY && strcmp(on_invalid, "reject-ingress") == 0)
		return "ingress-nginx rejects the whole Ingress, its Gateway API routes would be served";
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

/* Snippets ---------------------------------------------------------------- */

/* Maps byte offsets of an annotation value to positions in the input, for
 * offsets in increasing order (each call resumes where the last stopped,
 * so all of a snippet's findings cost one pass). Borrows the input. */
struct vmap {
	const struct node *n;
	const char *raw;	/* the scalar's bytes as written, or NULL: not exact */
	size_t len;
	size_t indent;		/* '|' scalars: the block's indentation */
	size_t i, v;		/* the walk: raw index i holds value byte v */
	size_t ci, line, col;	/* raw index ci is at line:col */
};

/* Set up m for annotation an's value. Allocates nothing. */
static void vmap_init(struct vmap *m, struct stream *st, const struct annotation *an)
{
	const struct node *n = an->vscalar;

	memset(m, 0, sizeof(*m));
	m->n = n;
	m->len = n->pos.end - n->pos.start;
	m->raw = stream_bytes(st, n->pos.start, n->pos.end);
	m->line = n->pos.line;
	m->col = n->pos.column;
	if (m->raw == NULL || n->style == SS_FOLDED) {
		m->raw = NULL;
	} else if (n->style == SS_LITERAL) {
		size_t i = 0;
		while (i < m->len && m->raw[i] != '\n' && m->raw[i] != '\r') {
			if (m->raw[i] >= '1' && m->raw[i] <= '9') {
				m->raw = NULL;	/* an explicit indentation indicator */
				return;
			}
			i++;
		}
		if (i + 1 < m->len && m->raw[i] == '\r' && m->raw[i + 1] == '\n')
			i++;	/* the header ends with CR LF */
		m->i = ++i;
		m->ci = i;	/* the first content line starts the next line */
		m->line++;
		m->col = 1;
		for (size_t j = i; m->raw && j < m->len; j++) {	/* the first line that is not blank tells */
			size_t k = j;
			while (k < m->len && m->raw[k] == ' ')
				k++;
			if (k < m->len && m->raw[k] != '\n' && m->raw[k] != '\r') {
				m->indent = k - j;
				break;
			}
			j = k;
			while (j < m->len && m->raw[j] != '\n' && m->raw[j] != '\r')
				j++;
			if (j + 1 < m->len && m->raw[j] == '\r' && m->raw[j + 1] == '\n')
				j++;
		}
		for (size_t sp = 0; m->raw && m->i < m->len && m->raw[m->i] == ' ' && sp < m->indent; sp++)
			m->i++;
	} else {
		size_t q = n->style == SS_PLAIN ? 0 : 1;
		if (m->len != n->len + 2 * q || memcmp(m->raw + q, n->value, n->len) != 0)
			m->raw = NULL;	/* escapes or line folding: not byte for byte */
		m->i = q;
	}
}

/* The raw index of value byte off in a '|' scalar, or SIZE_MAX. */
static size_t vmap_literal(struct vmap *m, size_t off)
{
	while (m->i < m->len) {
		if (m->v == off)
			return m->i;
		if (m->raw[m->i] == '\n' || m->raw[m->i] == '\r') {
			if (m->raw[m->i] == '\r' && m->i + 1 < m->len && m->raw[m->i + 1] == '\n')
				m->i++;
			m->i++, m->v++;
			for (size_t sp = 0; m->i < m->len && m->raw[m->i] == ' ' && sp < m->indent; sp++)
				m->i++;
			continue;
		}
		m->i++, m->v++;
	}
	return m->v == off && m->i <= m->len ? m->i : SIZE_MAX;
}

/* The position in the file of byte off of the value: exact in a '|' block
 * scalar and in a scalar written byte for byte (no escapes, no folding);
 * otherwise the scalar's start. */
static struct pos vmap_pos(struct vmap *m, size_t off)
{
	struct pos p = m->n->pos;
	size_t at = SIZE_MAX;

	if (m->raw && m->n->style == SS_LITERAL) {
		if (off < m->v) {	/* out of order: walk again */
			const struct node *n = m->n;
			size_t len = m->len, indent = m->indent;
			const char *raw = m->raw;
			memset(m, 0, sizeof(*m));
			m->n = n, m->raw = raw, m->len = len, m->indent = indent;
			while (m->i < len && raw[m->i] != '\n' && raw[m->i] != '\r')
				m->i++;
			if (m->i + 1 < len && raw[m->i] == '\r' && raw[m->i + 1] == '\n')
				m->i++;	/* CR LF */
			if (m->i < len)
				m->i++;
			m->ci = m->i, m->line = n->pos.line + 1, m->col = 1;
			for (size_t sp = 0; m->i < len && raw[m->i] == ' ' && sp < indent; sp++)
				m->i++;
		}
		at = vmap_literal(m, off);
	} else if (m->raw && off <= m->n->len) {
		at = m->i + off;
	}
	if (at == SIZE_MAX || at > m->len)
		return p;
	if (at < m->ci)	/* out of order: count again */
		m->ci = 0, m->line = m->n->pos.line, m->col = m->n->pos.column;
	for (; m->ci < at; m->ci++) {
		unsigned char ch = (unsigned char)m->raw[m->ci];
		if (ch == '\r' && m->ci + 1 < m->len && m->raw[m->ci + 1] == '\n')
			continue;
		if (ch == '\n' || ch == '\r')
			m->line++, m->col = 1;
		else if ((ch & 0xC0) != 0x80)
			m->col++;
	}
	p.line = m->line;
	p.column = m->col;
	p.start = m->n->pos.start + at;
	p.end = p.start + 1;
	return p;
}

/* A '*-snippet' annotation read directive by directive: one finding for
 * the annotation (converted when every directive is translatable or
 * droppable) and one object-level finding per directive that needs a word,
 * at its line and column. */
static void snippet_annotation(struct analyzer *a, const struct where *w, struct plan *plan, size_t idx,
			       const struct rule *r, const struct target_rule *t)
{
	const struct annotation *an = &w->ing->ann[idx];
	const char *name = an->key + strlen(a->opt->prefix) + 1;
	enum status status = (enum status)t->status;
	enum severity sev = (enum severity)t->severity;
	const char *fix = t->fix;
	struct snippet s;
	struct vmap vm;
	struct buf keys = {0};
	size_t blocking = 0;
	char *msg;

	snippet_read(name, an->value, an->vscalar->len, &s);
	for (size_t i = 0; i < s.nitems; i++) {
		blocking += s.items[i].cls <= SNIP_UNSUPPORTED;
		if (s.items[i].cls == SNIP_DANGEROUS)
			sev = SEV_CRITICAL;
	}
	if (s.convertible) {
		bool server = strcmp(name, "server-snippet") == 0 && s.translates;
		if (a->opt->target == TARGET_INGRESS)
			hconv_snippet(w->ing, plan, idx, &s, &keys);
		else
			hconv_plan_remove(plan, idx, "converted to filters of its HTTPRoute rules");
		status = server || s.notes ? ST_PARTIAL : ST_CONVERTED;
		sev = server || s.notes ? SEV_WARNING : SEV_INFO;
		fix = NULL;
		if (!s.translates)
			msg = xasprintf("read directive by directive: none has an effect behind higress, so convert "
					"removes it");
		else if (a->opt->target == TARGET_INGRESS)
			msg = xasprintf("read directive by directive: converted to %s%s%s%s", buf_cstr(&keys),
					s.notes ? "; but " : "", s.notes ? s.notes : "",
					server ? "; ingress-nginx applied a server-snippet to every Ingress of the host, the "
						 "conversion to this Ingress's paths only" : "");
		else
			msg = xasprintf("read directive by directive: converted to header modifier%s filters on the "
					"HTTPRoute rules of this Ingress%s%s%s", s.redirect_url ? " and RequestRedirect" : "",
					s.notes ? "; but " : "", s.notes ? s.notes : "",
					server ? "; ingress-nginx applied a server-snippet to every Ingress of the host, the "
						 "conversion to this Ingress's paths only" : "");
		if (server || s.notes)
			fix = "check that the difference does not matter, or rebuild it as a WasmPlugin";
	} else {
		msg = xasprintf("%s; read directive by directive, %zu problem%s among its %zu directive%s keep%s it from "
				"being converted (see the 'snippet-*' findings at their lines)", t->message, blocking,
				blocking == 1 ? "" : "s", s.ndirectives, s.ndirectives == 1 ? "" : "s",
				blocking == 1 ? "s" : "");
		if (strcmp(name, "modsecurity-snippet") == 0)
			msg[strlen(t->message)] = '\0';
		if (t->status == ST_UNSUPPORTED && !a->opt->keep_unsupported)
			hconv_plan_remove(plan, idx, t->message);
	}
	emit_finding(a, w, an->knode, an->key, an->value, status, sev, r->name, msg, fix, r->doc);
	free(msg);
	vmap_init(&vm, w->st, an);
	for (size_t i = 0; i < s.nitems; i++) {
		const struct snip_item *it = &s.items[i];
		struct pos p = vmap_pos(&vm, it->off);
		static const enum severity sevs[] = { SEV_ERROR, SEV_CRITICAL, SEV_ERROR, SEV_INFO, SEV_INFO };
		enum status st = it->cls == SNIP_DROPPABLE && s.convertible ? ST_CONVERTED
				 : it->cls == SNIP_DROPPABLE ? ST_IGNORED : ST_UNSUPPORTED;
		char *m = xasprintf("'%s': %s", an->key, it->msg);
		emit_finding_pos(a, w, p, NULL, NULL, st, sevs[it->cls], snippet_rule_id(it->cls), m,
				 it->cls == SNIP_DANGEROUS ? "remove the directive; do not carry it to any gateway" : NULL,
				 NULL);
		free(m);
	}
	buf_free(&keys);
	snippet_free(&s);
}

/* An invalid value of a key whose failure makes ingress-nginx drop the
 * whole external auth ('auth-dropped': auth-cache-duration,
 * auth-request-redirect, auth-always-set-cookie) on an Ingress with
 * 'auth-url': the paths were served without authentication. The
 * annotation's own finding, rule 'auth-fail-open'. Returns whether it
 * was that case. */
static bool auth_fail_open(struct analyzer *a, const struct where *w, const struct rule *r,
			   const struct annotation *an)
{
	const char *url = ann_value(a, w->ing, "auth-url");
	char *msg, *fix;

	if (r->on_invalid == NULL || strcmp(r->on_invalid, "auth-dropped") != 0 || url == NULL || *url == '\0')
		return false;
	msg = xasprintf("value '%s' fails ingress-nginx validation of '%s' (%s), which then silently drops the whole "
			"external auth ('auth-url'): the paths were served without authentication on ingress-nginx "
			"too, not behind '%s' as intended", an->value, r->name, r->validator, url);
	fix = r->default_value ? xasprintf("fix the value (ingress-nginx default: '%s') so that the external auth "
					   "applies, and check who reached the paths meanwhile", r->default_value)
			       : xstrdup("fix the value so that the external auth applies, and check who reached the "
					 "paths meanwhile");
	emit_finding(a, w, an->knode, an->key, an->value, ST_INVALID, SEV_CRITICAL, "auth-fail-open", msg, fix,
		     r->doc);
	free(msg);
	free(fix);
	return true;
}

static void annotation(struct analyzer *a, const struct where *w, struct plan *plan, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];
	const char *name = an->key + strlen(a->opt->prefix) + 1;
	const struct rule *r = ruleset_find(a->rules, name);
	const struct target_rule *t;
	const char *why = NULL;
	struct hconv_env env;
	struct hconv c;
	int valid;

	a->stats.annotations++;
	if (r == NULL) {
		unknown_annotation(a, w, an, name);
		return;
	}
	t = &r->targets[a->opt->target];
	if (an->vscalar == NULL) {
		emit_finding(a, w, an->knode, an->key, NULL, ST_INVALID, SEV_ERROR, "invalid-value",
			     an->vnode->type == N_ALIAS
				     ? "the alias refers to no anchor in this object; the value is unknown"
				     : "annotation values must be strings; Kubernetes rejects this object",
			     "write the value as a quoted string", r->doc);
		return;
	}
	valid = rule_check_value(a->rules, r, an->value, &why);
	if (valid == 0 && auth_fail_open(a, w, r, an)) {
		if (t->status == ST_UNSUPPORTED && !a->opt->keep_unsupported)
			hconv_plan_remove(plan, idx, t->message);
		return;
	}
	if (valid <= 0) {
		const char *effect = on_invalid_text(r->on_invalid, a->opt->target);
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
			hconv_plan_remove(plan, idx, t->message);
		return;
	}
	if (snippet_name(name)) {
		snippet_annotation(a, w, plan, idx, r, t);
		return;
	}
	memset(&env, 0, sizeof(env));
	env.rules = a->rules;
	env.prefix = a->opt->prefix;
	env.convert = a->opt->convert;
	env.keep_class = a->opt->keep_class;
	env.keep_unsupported = a->opt->keep_unsupported;
	env.ctrl = a->opt->ctrl;
	env.passthrough_flag = a->passthrough_flag;
	env.controller = a->controller;
	env.secrets = &a->secrets;
	env.added_docs = &a->added_docs;
	env.earlier_tls = env_earlier_tls;
	env.ud = a;
	memset(&c, 0, sizeof(c));
	c.env = &env;
	c.ing = w->ing;
	c.plan = plan;
	c.idx = idx;
	c.an = an;
	c.name = name;
	c.status = (enum status)t->status;
	c.sev = (enum severity)t->severity;
	/* the converters write Higress Ingress forms: the Ingress target's
	 * alone; the Gateway API emitter converts for its own target */
	if (t->convert && a->opt->target == TARGET_INGRESS) {
		c.in = intents(a, w->ing);
		(void)hconv_run(&c, t->convert);
	} else if (t->status == ST_UNSUPPORTED && !a->opt->keep_unsupported) {
		hconv_plan_remove(plan, idx, t->message);
	}
	if (a->opt->target == TARGET_INGRESS) {
		char *moved = hconv_move_to_prefix(&c, c.message ? c.message : t->message);
		if (moved)
			hconv_set_message(&c, moved);
	}
	emit_finding(a, w, an->knode, an->key, an->value, c.status, c.sev, r->name,
		     c.message ? c.message : t->message,
		     c.fix ? (*c.fix ? c.fix : NULL)
			   : c.status == ST_SUPPORTED && t->status != ST_SUPPORTED ? NULL : t->fix, r->doc);
	free(c.message);
	free(c.fix);
}

/* With a custom prefix, Ingress-NGINX ignores 'nginx.ingress.kubernetes.io/'
 * keys, but Higress reads them: a dormant setting would wake up. */
static void dormant_annotation(struct analyzer *a, const struct where *w, struct plan *plan, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];
	size_t plen = strlen(HCONV_NGINX_PREFIX);
	const struct rule *r;
	bool superseded = false;
	char *msg;

	if (strncmp(an->key, HCONV_NGINX_PREFIX, plen) != 0 || an->key[plen] != '/')
		return;
	r = ruleset_find(a->rules, an->key + plen + 1);
	if (r == NULL || r->targets[TARGET_INGRESS].status == ST_UNSUPPORTED ||
	    r->targets[TARGET_INGRESS].status == ST_IGNORED)
		return;
	if (a->opt->target == TARGET_GATEWAY) {
		msg = xasprintf("ingress-nginx (prefix '%s') ignores this key, and the Gateway API output does not read "
				"it either", a->opt->prefix);
		emit_finding(a, w, an->knode, an->key, an->value, ST_IGNORED, SEV_INFO, "dormant-annotation", msg,
			     NULL, r->doc);
		free(msg);
		return;
	}
	/* the same setting under the controller's prefix moves onto this key */
	for (size_t i = 0; i < w->ing->nann; i++)
		if (under_prefix(a, w->ing->ann[i].key) &&
		    strcmp(w->ing->ann[i].key + strlen(a->opt->prefix) + 1, an->key + plen + 1) == 0)
			superseded = true;
	msg = xasprintf("ingress-nginx (prefix '%s') ignores this key, but higress reads it: it would take effect "
			"after the migration%s", a->opt->prefix,
			a->opt->keep_unsupported && !superseded ? "" : "; convert comments it out");
	if (!a->opt->keep_unsupported || superseded)
		hconv_plan_remove(plan, idx, "dormant under ingress-nginx's prefix, higress would read it");
	emit_finding(a, w, an->knode, an->key, an->value, ST_IGNORED, SEV_WARNING, "dormant-annotation", msg,
		     "delete it, or move it under the controller's prefix if it was meant to apply", r->doc);
	free(msg);
}

/* A key the converted Ingress will hold, and what puts it there. */
struct claim {
	const char *key;	/* borrowed from the plan or the Ingress */
	size_t act;		/* plan index, or NO_ACTION: an annotation kept under its key */
	size_t ann;		/* the annotation it comes from, or NO_ACTION (an addition) */
	int rank;		/* 0 converted or added, 1 moved, 2 kept: the lowest wins */
	bool holds;		/* the output will hold key from this claim */
};

#define NO_ACTION ((size_t)-1)

/* Append "; note" to the findings on annotation idx (the findings own
 * the new messages). */
static void note_superseded(struct analyzer *a, const struct ingress *ing, size_t first, size_t idx,
			    const char *note)
{
	for (size_t f = first; f < a->out->n; f++) {
		struct finding *fd = &a->out->v[f];
		if (fd->annotation && fd->pos.start == ing->ann[idx].knode->pos.start) {
			char *msg = xasprintf("%s; %s", fd->message, note);
			findings_set_message(a->out, fd, msg);
			free(msg);
		}
	}
}

/* The claim that holds key, or NULL. Borrowed. */
static const struct claim *holder(const struct claim *cl, size_t n, const char *key)
{
	for (size_t c = 0; c < n; c++)
		if (cl[c].holds && strcmp(cl[c].key, key) == 0)
			return &cl[c];
	return NULL;
}

/* Claim l lost to claim w: comment its annotation out, or drop the
 * addition (marked in drop[], dropped by the caller). The reason is
 * allocated here and owned by the plan. */
static void lose(struct analyzer *a, const struct ingress *ing, struct plan *plan, size_t first,
		 const struct claim *l, const struct claim *w, bool *drop)
{
	char *reason = w->ann == NO_ACTION ? xasprintf("superseded by the value convert sets for '%s'", w->key)
					   : xasprintf("superseded by the converted '%s'", ing->ann[w->ann].key);
	struct action *x = l->act == NO_ACTION ? hconv_rewriting_action(plan, l->ann) : &plan->v[l->act];

	if (l->act != NO_ACTION && x->type == ACT_ADD) {
		drop[l->act] = true;
	} else if (x) {
		x->type = ACT_REMOVE;
		x->moved = false;
		free(x->reason);
		x->reason = reason;
		reason = NULL;
	} else {
		hconv_plan_remove(plan, l->ann, reason);
	}
	if (l->ann != NO_ACTION) {
		char *note = l->rank == 2 ? xstrdup("convert comments it out: the converted value takes its key")
			     : w->ann == NO_ACTION
				     ? xstrdup("convert comments it out instead: the value convert adds takes that key")
				     : xasprintf("convert comments it out instead: the converted '%s' takes that key",
						 ing->ann[w->ann].key);
		note_superseded(a, ing, first, l->ann, note);
		free(note);
	}
	free(reason);
}

/* No key may be written twice. A converted key may already be on the
 * Ingress (both 'allowlist-' and 'whitelist-source-range', a converted
 * key written by hand), or be the key another annotation moves to
 * under a custom prefix, or be written by another conversion. The
 * converted value, which is what Ingress-NGINX applied, wins over a moved
 * one and both over a kept one; between equals the first in the plan
 * wins. A conversion that loses one of its keys loses all of them (its
 * pairs belong together). The loser is commented out, an addition
 * dropped. first is the index of this Ingress's first finding. Temporary
 * arrays are freed before returning. */
static void resolve_collisions(struct analyzer *a, const struct ingress *ing, struct plan *plan, size_t first)
{
	struct claim *cl = NULL;
	size_t n = 0, cap = 0, nact = plan->n, nnew;
	bool *drop;

	for (size_t i = 0; i < nact; i++) {
		const struct action *x = &plan->v[i];
		if (x->type != ACT_REPLACE && x->type != ACT_ADD)
			continue;
		for (size_t k = 0; k < x->npairs; k++) {
			if (x->keys[k] == NULL)
				continue;
			grow_array((void **)&cl, &cap, n + 1, sizeof(*cl));
			cl[n++] = (struct claim){ x->keys[k], i, x->type == ACT_REPLACE ? x->ann : NO_ACTION,
						  x->moved ? 1 : 0, false };
		}
	}
	/* The claims of new keys come first: only they can hold a key against
	 * a later claim (rank 0 and 1 hold before rank 2 is looked at, and a
	 * kept key never wins against another), so holders are looked for
	 * among them alone: linear in the number of annotations. */
	nnew = n;
	for (size_t j = 0; j < ing->nann; j++) {
		const struct action *x = hconv_rewriting_action(plan, j);
		if (x && x->type != ACT_SET_VALUE)
			continue;	/* removed, or rewritten under other keys */
		grow_array((void **)&cl, &cap, n + 1, sizeof(*cl));
		cl[n++] = (struct claim){ ing->ann[j].key, NO_ACTION, j, 2, false };
	}
	drop = xcalloc(nact ? nact : 1, sizeof(*drop));
	/* strongest first; an action's claims are consecutive and go as one */
	for (int rank = 0; rank <= 2; rank++) {
		for (size_t c = 0, e; c < n; c = e) {
			const struct claim *w = NULL;
			for (e = c + 1; e < n && cl[c].act != NO_ACTION && cl[e].act == cl[c].act; e++)
				;
			if (cl[c].rank != rank)
				continue;
			for (size_t k = c; k < e && w == NULL; k++)
				w = holder(cl, nnew, cl[k].key);
			if (w && !(rank == 2 && w->rank == 2)) {
				lose(a, ing, plan, first, &cl[c], w, drop);
				continue;
			}
			/* (two kept keys, a key written twice in the input, are
			 * not ours to settle) */
			for (size_t k = c; k < e; k++)
				cl[k].holds = true;
		}
	}
	for (size_t i = nact; i-- > 0;)
		if (drop[i])
			plan_drop(plan, i);
	free(drop);
	free(cl);
}

/* Object-level checks ---------------------------------------------------- */

/* The controller ConfigMap's 'force-ssl-redirect: "true"' on an Ingress
 * without the annotation: every plain-HTTP request was redirected, TLS
 * host or not, whatever 'ssl-redirect' says (lua_ingress.lua tests force
 * first). Higress needs the annotation on the Ingress: convert adds it. */
static void global_force_redirect(struct analyzer *a, const struct where *w, struct plan *plan,
				  const struct annotation *sr)
{
	char *k = hconv_add(plan, "force-ssl-redirect", "true",
			    "the controller ConfigMap redirects every request to HTTPS"), *msg;
	bool gw = a->opt->target == TARGET_GATEWAY;

	if (gw)
		msg = xasprintf("the controller ConfigMap's 'force-ssl-redirect: \"true\"' redirected every plain-HTTP "
				"request to HTTPS%s; the Gateway API output keeps that for the TLS hosts (HTTP-listener "
				"route, RequestRedirect to https, 308), not for hosts without TLS",
				sr ? ", whatever 'ssl-redirect' says" : "");
	else
		msg = xasprintf("the controller ConfigMap's 'force-ssl-redirect: \"true\"' redirected every plain-HTTP "
				"request to HTTPS%s; higress redirects only with the annotation: convert adds '%s: "
				"\"true\"'", sr ? ", whatever 'ssl-redirect' says" : "", k);
	emit_finding(a, w, node_key(w->obj, "metadata"), NULL, NULL, gw ? ST_PARTIAL : ST_CONVERTED,
		     gw ? SEV_WARNING : SEV_INFO, "implicit-ssl-redirect", msg,
		     gw ? "terminate TLS for every host, or redirect in front of the gateway" : NULL, NULL);
	free(msg);
	free(k);
}

/* The controller ConfigMap's 'whitelist-source-range' on an Ingress with
 * no list of its own: only those clients were let in. Higress reads the
 * annotation, so convert adds it; the Gateway API has no allow-list. */
static void global_allowlist(struct analyzer *a, const struct where *w, struct plan *plan)
{
	const struct ingress *ing = w->ing;
	const char *v = a->opt->ctrl ? a->opt->ctrl->allowlist : NULL;
	char *k, *msg;

	if (v == NULL || ann_named(a, ing, "whitelist-source-range") || ann_named(a, ing, "allowlist-source-range"))
		return;
	if (a->opt->target == TARGET_GATEWAY) {
		msg = xasprintf("the controller ConfigMap's 'whitelist-source-range' let only %s reach this Ingress; "
				"the Gateway API has no allow-list: its routes are open to all clients", v);
		emit_finding(a, w, node_key(w->obj, "metadata"), NULL, NULL, ST_UNSUPPORTED, SEV_CRITICAL,
			     "configmap-default", msg,
			     "create an ip-restriction WasmPlugin with 'allow' set to these ranges for its routes before "
			     "switching traffic", NULL);
		free(msg);
		return;
	}
	k = hconv_add(plan, "whitelist-source-range", v, "the controller ConfigMap's allow-list");
	msg = xasprintf("the controller ConfigMap's 'whitelist-source-range' let only %s reach this Ingress; convert "
			"adds '%s', which higress reads (403 otherwise), but the client IP is Envoy's peer address: "
			"behind a load balancer it sees the balancer's", v, k);
	emit_finding(a, w, node_key(w->obj, "metadata"), NULL, NULL, ST_PARTIAL, SEV_WARNING, "configmap-default", msg,
		     "enable PROXY protocol on Higress when behind a load balancer", NULL);
	free(msg);
	free(k);
}

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
	/* an 'ssl-redirect' ParseBool refuses ("yes", or empty) counts as
	 * absent: ingress-nginx keeps the default then (invalid-value says so) */
	bool sr_set = sr && conv_go_bool(sr->value) >= 0;

	if (ing->has_tls)
		learn_tls_hosts(a, w);
	from = ing->has_tls ? NULL : earlier_tls(a, ing, &host);
	if (fr == NULL && a->opt->ctrl && a->opt->ctrl->force_ssl_redirect) {
		global_force_redirect(a, w, plan, sr);
	} else if (sr_set || (fr && conv_go_bool(fr->value) == 1)) {
		/* explicit: the ssl-redirect converter (emit_ingress_conv.c) says what it does */
	} else if ((ing->has_tls || from) && a->opt->ctrl && !a->opt->ctrl->ssl_redirect) {
		/* the controller ConfigMap's 'ssl-redirect: "false"': no redirect
		 * on either side (its configmap-default finding says so) */
	} else if (ing->has_tls || from) {
		if (sr) {
			/* composed with a move to the prefix higress reads */
			hconv_plan_set_value(plan, (size_t)(sr - ing->ann), "true");
			k = hconv_key("ssl-redirect");
		} else {
			k = hconv_add(plan, "ssl-redirect", "true",
				      "ingress-nginx redirects HTTP to HTTPS on TLS hosts by default");
		}
		if (a->opt->target == TARGET_GATEWAY) {
			/* the Gateway API emitter redirects exactly the TLS hosts, as
			 * ingress-nginx did (HTTP-listener route, RequestRedirect) */
			msg = from ? xasprintf("host '%s' has TLS from Ingress '%s', so ingress-nginx redirects HTTP to HTTPS "
					       "here too; the Gateway API output keeps that with an HTTP-listener route "
					       "whose RequestRedirect has scheme 'https' and status 308", host, from)
				   : xasprintf("ingress-nginx redirects HTTP to HTTPS by default on TLS hosts%s; the Gateway "
					       "API output keeps that with an HTTP-listener route whose RequestRedirect has "
					       "scheme 'https' and status 308",
					       fr ? " ('force-ssl-redirect: \"false\"' does not turn that off)" : "");
			emit_finding(a, w, from ? node_key(ing->spec, "rules") : node_key(ing->spec, "tls"), NULL, NULL,
				     ST_CONVERTED, SEV_INFO, "implicit-ssl-redirect", msg, NULL, NULL);
			free(k);
			free(msg);
			return;
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
				if (h && !seen && !tls_note_for(a, h) && !tls_self_covers(a, ing, h))
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
		/* no TLS known yet: a later Ingress may give these hosts one
		 * (not after an index pass, which knew every TLS host) */
		char *who = a->indexed ? NULL : ingress_who(ing);
		for (size_t i = 0; who && i < ing->npaths; i++)
			if (ing->paths[i].host)
				note_host(&a->plain_hosts, &a->nplain, &a->pcap, ing->paths[i].host, who, NULL);
		free(who);
	}
}

static void object_checks(struct analyzer *a, const struct where *w, struct plan *plan)
{
	const struct ingress *ing = w->ing;

	if (ing->legacy_api && a->opt->target == TARGET_GATEWAY) {
		char *msg = xasprintf("apiVersion '%s' is no longer served since Kubernetes 1.22; the Gateway API output "
				      "reads its 'serviceName'/'servicePort' backends%s", ing->api_version,
				      a->opt->keep_ingresses ? ", and the Ingress kept by --keep-ingresses will not apply "
							       "on a current cluster" : "");
		emit_finding(a, w, node_key(w->obj, "apiVersion"), NULL, NULL,
			     a->opt->keep_ingresses ? ST_PARTIAL : ST_CONVERTED,
			     a->opt->keep_ingresses ? SEV_WARNING : SEV_INFO, "legacy-api-version", msg,
			     a->opt->keep_ingresses ? "move to 'networking.k8s.io/v1' (backend 'service.name'/'service.port', "
						      "and 'pathType')" : NULL, NULL);
		free(msg);
	} else if (ing->legacy_api) {
		char *msg = xasprintf("apiVersion '%s' is no longer served since Kubernetes 1.22; the converted Ingress "
				      "keeps it and will not apply on a current cluster", ing->api_version);
		emit_finding(a, w, node_key(w->obj, "apiVersion"), NULL, NULL, ST_PARTIAL, SEV_WARNING,
			     "legacy-api-version", msg,
			     "move to 'networking.k8s.io/v1' (backend 'service.name'/'service.port', and 'pathType')",
			     NULL);
		free(msg);
	}

	implicit_ssl_redirect(a, w, plan);
	global_allowlist(a, w, plan);
	if (!ann_named(a, ing, "use-regex") && !ann_named(a, ing, "rewrite-target")) {
		for (size_t i = 0; i < ing->npaths; i++) {
			const struct ingress_path *p = &ing->paths[i];
			size_t n = p->path ? strlen(p->path) : 0;
			if (p->path == NULL || n <= 1 || p->path[n - 1] == '/')
				continue;
			if (p->path_type && strcmp(p->path_type, "ImplementationSpecific") != 0)
				continue;
			if (cross_host_regex(a->cross, p->host, NULL))
				continue;	/* a regex: see regex-host-contagion */
			{
				char *msg = xasprintf("path '%s' with pathType '%s' is a plain string prefix for ingress-nginx "
						      "('%s' also matches '%sx'), an element-wise %s",
						      p->path, p->path_type ? p->path_type : "(none)", p->path, p->path,
						      a->opt->target == TARGET_GATEWAY ? "PathPrefix in the HTTPRoute"
										       : "Prefix for higress");
				emit_finding(a, w, p->path_node, NULL, NULL, ST_PARTIAL, SEV_WARNING,
					     "implementation-specific-path", msg,
					     "use pathType 'Prefix' or 'Exact' to say which matching is meant", NULL);
				free(msg);
			}
		}
	}
}

/* Queue the documents converters added (a->added_docs) after obj, a
 * top-level block document, in the input's line breaks (stream_edit()
 * copies the text); then forget them. Queued last, so they follow any
 * other insertion at the same place. */
static void add_documents_after(struct analyzer *a, struct stream *st, const struct node *obj)
{
	struct buf b = {0};
	size_t at = obj->pos.end;
	const char *prev = at > 0 ? stream_bytes(st, at - 1, at) : NULL;
	const char *nl = stream_newline(st);

	if (a->added_docs.len == 0)
		return;
	if (prev && *prev != '\n' && *prev != '\r')
		buf_adds(&b, nl);
	for (const char *p = buf_cstr(&a->added_docs); *p; p++) {
		if (*p == '\n')
			buf_adds(&b, nl);
		else
			buf_addc(&b, *p);
	}
	stream_edit(st, at, at, buf_cstr(&b));
	buf_free(&b);
	a->added_docs.len = 0;
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
 * own annotation that cannot take the value. Returns 0 when it did
 * nothing, 1 when action i became an addition, 2 when the converted value
 * went to an own annotation with the new key, or it holds that value
 * already (action *pi is then to be dropped; *pi follows the action when
 * an earlier one is dropped). */
/* The own annotation (not merged) of key, or SIZE_MAX. */
static size_t own_annotation(const struct ingress *ing, const char *key)
{
	for (size_t j = 0; key && j < ing->nann; j++)
		if (ing->ann[j].via == NULL && strcmp(ing->ann[j].key, key) == 0)
			return j;
	return SIZE_MAX;
}

/* Does the Ingress hold every pair of action *pi as an own annotation
 * with exactly the converted value (pairs convert added on an earlier
 * pass beside one it could not edit, such as a duplicate key)? Then the
 * actions rewriting those annotations are dropped (*pi follows), *pj is
 * the first of them, and true is returned: the conversion is there. */
static bool holds_pairs(const struct ingress *ing, struct plan *plan, size_t *pi, size_t *pj)
{
	size_t npairs = plan->v[*pi].npairs;

	for (size_t p = 0; p < npairs; p++) {
		const struct action *x = &plan->v[*pi];
		size_t j = own_annotation(ing, x->keys[p]);
		const struct action *y = j == SIZE_MAX ? NULL : hconv_rewriting_action(plan, j);
		if (j == SIZE_MAX || ing->ann[j].vscalar == NULL || strcmp(ing->ann[j].value, x->values[p]) != 0 ||
		    (y && y->type == ACT_REPLACE))
			return false;
	}
	for (size_t p = 0; p < npairs; p++) {
		size_t j = own_annotation(ing, plan->v[*pi].keys[p]);
		struct action *y = hconv_rewriting_action(plan, j);
		if (p == 0)
			*pj = j;
		if (y) {
			size_t k = (size_t)(y - plan->v);
			plan_drop(plan, k);
			if (k < *pi)
				--*pi;
		}
	}
	return true;
}

static int add_instead(struct stream *st, const struct ingress *ing, struct plan *plan, size_t *pi, size_t *pj)
{
	size_t i = *pi;
	struct action *x = &plan->v[i];
	const struct annotation *an = &ing->ann[x->ann];
	char *k2 = NULL, *v2 = NULL;

	if (x->type == ACT_REMOVE || x->npairs == 0 || (x->type == ACT_SET_VALUE && an->via == NULL))
		return 0;
	if (x->npairs > 1 && holds_pairs(ing, plan, pi, pj))
		return 2;	/* every pair is there already: keep them as they are */
	for (size_t p = 0; p < x->npairs; p++) {
		const char *key = x->keys[p] ? x->keys[p] : an->key;
		for (size_t j = 0; j < ing->nann; j++) {
			struct action *y;
			char *why;
			if (ing->ann[j].via != NULL || strcmp(ing->ann[j].key, key) != 0)
				continue;
			/* the key is an own annotation (e.g. one a collision would
			 * comment out): the converted value goes there, if it can */
			y = hconv_rewriting_action(plan, j);
			*pj = j;
			why = why_not_editable(st, ing, &ing->ann[j], true);
			if (x->npairs != 1 || why != NULL || (y && y->type == ACT_REPLACE)) {
				free(why);
				return 0;
			}
			if (strcmp(ing->ann[j].value, x->values[0]) == 0) {
				/* it holds the converted value already: keep it as it is */
				if (y) {
					size_t k = (size_t)(y - plan->v);
					plan_drop(plan, k);
					if (k < *pi)
						--*pi;
				}
				return 2;
			}
			if (y == NULL) {
				/* x is stale from here */
				(void)plan_add_pair(plan, ACT_SET_VALUE, j, NULL, NULL, plan->v[i].values[0]);
				return 2;
			}
			y->type = ACT_SET_VALUE;
			free(y->reason);
			y->reason = NULL;
			for (size_t q = 0; q < y->npairs; q++) {
				free(y->keys[q]);
				free(y->values[q]);
			}
			y->npairs = 0;
			action_pair(y, NULL, x->values[0]);
			return 2;
		}
	}
	if (x->keys[0] == NULL)
		x->keys[0] = xstrdup(an->key);
	if (x->npairs > 1) {
		k2 = x->keys[1];
		v2 = x->values[1];
		x->npairs = 1;
	}
	x->type = ACT_ADD;
	if (x->reason == NULL)
		x->reason = xstrdup("converted value, overriding the merged one");
	if (k2) {
		(void)plan_add_pair(plan, ACT_ADD, plan->v[i].ann, plan->v[i].reason, k2, v2);
		free(k2);
		free(v2);
	}
	return true;
}

/* Annotations whose value is an alias and that the plan removes (and may:
 * nothing keeps the pair) stop counting as users of their anchor, so the
 * anchored pair can go in the same pass: otherwise it would go only on
 * the next one, and convert would be no fixed point. Returns the anchored
 * nodes whose count was lowered, one entry per alias, NULL-terminated
 * (caller restores the counts and frees), or NULL. */
static struct node **removed_aliases(struct stream *st, const struct ingress *ing, struct plan *plan)
{
	struct node **gone = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < plan->n; i++) {
		const struct action *x = &plan->v[i];
		const struct annotation *an;
		struct node *t;
		char *why;
		if (x->type != ACT_REMOVE || x->ann >= ing->nann)
			continue;
		an = &ing->ann[x->ann];
		if (an->via || an->vnode == NULL || an->vnode->type != N_ALIAS)
			continue;
		t = an->vnode->target;
		if (t == NULL || t->aliases == 0)
			continue;
		why = why_not_editable(st, ing, an, false);
		if (why) {
			free(why);
			continue;
		}
		grow_array((void **)&gone, &cap, n + 2, sizeof(*gone));
		gone[n++] = t;
		gone[n] = NULL;
	}
	for (size_t k = 0; k < n; k++)
		gone[k]->aliases--;
	return gone;
}

/* The finding of an own annotation that takes a converted value (see
 * add_instead) no longer says it is commented out. */
static void own_key_takes_value(struct analyzer *a, struct finding *fd)
{
	static const char gone[] = "; convert comments it out: the converted value takes its key";
	const char *at = strstr(fd->message, gone);
	char *msg = xasprintf("%.*s; it keeps its key, with the converted value", (int)(at ? at - fd->message
											: (long)strlen(fd->message)),
			      fd->message);

	findings_set_message(a->out, fd, msg);
	free(msg);
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
	struct node **gone = removed_aliases(w->st, ing, plan);

	for (size_t i = 0; i < plan->n;) {
		struct action *x = &plan->v[i];
		const struct annotation *an;
		struct finding *fd;
		bool removal = x->type == ACT_REMOVE, added;
		size_t target = SIZE_MAX;
		int how;
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
		how = own ? add_instead(w->st, ing, plan, &i, &target) : 0;
		added = how != 0;
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
		if (how == 2 && fidx[target] != SIZE_MAX)
			own_key_takes_value(a, &a->out->v[fidx[target]]);
		if (how == 1)
			i++;
		else
			plan_drop(plan, i);
	}
	for (size_t k = 0; gone && gone[k]; k++)
		gone[k]->aliases++;
	free(gone);
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
		hconv_set_class(plan, ACT_ADD, ing->class_annotation->key, a->opt->target_class,
				"overrides the class of the merged annotations");
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
	if (n == NULL || n->type == N_SCALAR || depth > 256)
		return;
	if (n->type == N_ALIAS && n->target == NULL) {
		char *msg = xasprintf("alias '*%s' refers to no anchor before it in this document (or to a node that "
				      "contains it); Kubernetes cannot read the manifest", n->value);
		emit_finding(a, w, n, NULL, NULL, ST_INVALID, SEV_ERROR, "undefined-alias", msg,
			     "define the anchor before the alias, in the same document", NULL);
		free(msg);
	}
	if (n->type == N_MAPPING && n->nkids >= 4) {
		/* most mappings are small: their table lives on the stack */
		size_t small[16], npairs = n->nkids / 2;
		size_t *firsts = npairs <= sizeof(small) / sizeof(small[0]) ? small : xmalloc(npairs * sizeof(*firsts));
		bool dups = node_dup_keys(n, firsts) > 0;
		for (size_t p = 0; p < npairs; p++) {
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
			if (n->kids[2 * p] && n->kids[2 * p]->type != N_SCALAR)
				duplicate_keys(a, w, n->kids[2 * p], depth + 1);
			if (n->kids[2 * p + 1] && n->kids[2 * p + 1]->type != N_SCALAR)
				duplicate_keys(a, w, n->kids[2 * p + 1], depth + 1);
		}
		if (firsts != small)
			free(firsts);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		if (n->kids[i] && n->kids[i]->type != N_SCALAR)	/* spares the call for the many leaves */
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

/* An annotation value kubectl does not read as a string (YAML 1.1: plain
 * 'true', '0755', '~'): rule 'invalid-annotations', at the value. */
static void value_typing(struct analyzer *a, const struct where *w, const struct annotation *an)
{
	enum yaml11_type t = scalar_type(an->vscalar);
	char *msg, *fix;
	bool edited;

	if (t == Y11_STRING)
		return;
	if (t == Y11_NULL)
		msg = xasprintf("value '%s' is YAML null, not a string: Kubernetes stores an empty value",
				an->value);
	else if (t == Y11_TIMESTAMP)
		msg = xasprintf("value '%s' is %s to YAML 1.1 readers: kubectl keeps it a string, other tools "
				"(and a later kubectl) may not", an->value, yaml11_type_name(t));
	else
		msg = xasprintf("value '%s' is %s to kubectl (YAML 1.1), not a string: annotation values are "
				"strings and Kubernetes rejects the object", an->value, yaml11_type_name(t));
	/* the same in lint and convert: what convert would do */
	edited = a->opt->target == TARGET_INGRESS && an->via == NULL && an->vnode == an->vscalar;
	fix = t == Y11_NULL ? xasprintf("write the empty string Kubernetes stores, '%s: \"\"'%s, or quote the text",
					an->key, edited ? " (convert does)" : "")
			    : xasprintf("quote it: '%s: \"%s\"'%s", an->key, an->value, edited ? " (convert does)" : "");
	emit_finding(a, w, an->vscalar, an->key, an->value, ST_INVALID, t == Y11_TIMESTAMP ? SEV_WARNING : SEV_ERROR,
		     "invalid-annotations", msg, fix, NULL);
	free(msg);
	free(fix);
}

/* The shape of an nginx directive injection in the value of an annotation
 * ingress-nginx reads (a rule id naming the CVE, 'critical'), at the
 * offending byte. Snippets are configuration by design: not here. */
static void value_injection(struct analyzer *a, const struct where *w, const struct annotation *an)
{
	const char *name = an->key + strlen(a->opt->prefix) + 1;
	const struct rule *r = ruleset_find(a->rules, name);
	struct inject_hit hit;

	if (r == NULL || an->vscalar == NULL || (r->state != RS_CURRENT && r->state != RS_ALIAS))
		return;
	if (!inject_check(name, an->value, an->vscalar->len, &hit))
		return;
	emit_finding_pos(a, w, scalar_value_pos(w->st, an->vscalar, hit.off), an->key, an->value, ST_INVALID,
			 SEV_CRITICAL, hit.rule, hit.message, hit.fix, r->doc);
	free(hit.message);
}

/* The shape of an nginx directive injection in the Ingress's paths
 * (CVE-2026-24512), at the offending byte of each path. */
static void path_injection(struct analyzer *a, const struct where *w)
{
	for (size_t i = 0; i < w->ing->npaths; i++) {
		const struct ingress_path *p = &w->ing->paths[i];
		struct inject_hit hit;
		if (p->path == NULL || !inject_check_path(p->path, p->path_node->len, &hit))
			continue;
		emit_finding_pos(a, w, scalar_value_pos(w->st, p->path_node, hit.off), NULL, NULL, ST_INVALID,
				 SEV_CRITICAL, hit.rule, hit.message, hit.fix, NULL);
		free(hit.message);
	}
}

/* Findings on an annotation's value beside its own, emitted before it so
 * that the annotation's own finding stays the last of its key's. */
static void value_checks(struct analyzer *a, const struct where *w, size_t idx)
{
	const struct annotation *an = &w->ing->ann[idx];

	value_typing(a, w, an);
	if (under_prefix(a, an->key))
		value_injection(a, w, an);
}

/* Entry ------------------------------------------------------------------ */

/* The plan's invariant: at most one action removes or rewrites each
 * annotation (each edits its text). The index of an annotation with two,
 * or -1. */
static long plan_duplicate(const struct plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct action *x = &plan->v[i];
		if (x->type != ACT_REMOVE && x->type != ACT_REPLACE && x->type != ACT_SET_VALUE)
			continue;
		for (size_t j = i + 1; j < plan->n; j++) {
			const struct action *y = &plan->v[j];
			if (y->ann == x->ann && (y->type == ACT_REMOVE || y->type == ACT_REPLACE || y->type == ACT_SET_VALUE))
				return (long)x->ann;
		}
	}
	return -1;
}

/* An Ingress passed through (another class but the target's, or none)
 * that carries annotations under the prefix: say that they go unchecked,
 * and how to have them checked. Returns whether it said so. */
static bool unjudged_annotations(struct analyzer *a, const struct where *w, bool classless)
{
	size_t n = 0;
	char *msg, *fix;

	/* the target's class: Higress reads them (converted or migrated) */
	if (!classless && a->opt->target_class && strcmp(ingress_class(w->ing), a->opt->target_class) == 0)
		return false;
	for (size_t i = 0; i < w->ing->nann; i++)
		if (under_prefix(a, w->ing->ann[i].key))
			n++;
	if (n == 0)
		return false;
	if (classless) {
		msg = xasprintf("Ingress has no class (no 'spec.ingressClassName' or 'kubernetes.io/ingress.class') but "
				"carries %zu '%s/' annotation%s; left untouched and not checked", n, a->opt->prefix,
				n == 1 ? "" : "s");
		fix = xstrdup("if ingress-nginx serves it, pass --include-classless (config: 'include-classless: "
			      "true' or 'default-ingress-class'), or set its class");
	} else {
		const char *cls = ingress_class(w->ing);
		msg = xasprintf("Ingress of class '%s', not an ingress-nginx class, carries %zu '%s/' annotation%s; "
				"left untouched and not checked", cls, n, a->opt->prefix, n == 1 ? "" : "s");
		fix = xasprintf("if ingress-nginx serves class '%s', pass --ingress-class %s (config: 'ingress-class')",
				cls, cls);
	}
	emit_finding(a, w, node_key(w->obj, "kind"), NULL, NULL, ST_IGNORED, SEV_WARNING,
		     classless ? "classless-nginx-annotations" : "other-class-nginx-annotations", msg, fix, NULL);
	free(msg);
	free(fix);
	return true;
}

/* Is c (borrowed, may be NULL) a blank or line break? */
static bool blank(const char *c)
{
	return c && (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n');
}

/* Leave a converted object out of the output: its lines, with the '---'
 * that opens its document, or its '- ' item line in a List; in a flow
 * List (JSON) the item and a comma. Returns false when it cannot (the last
 * item of a flow List after a kept one: the comma before it is written). */
static bool drop_object(struct analyzer *a, struct stream *st, struct node *obj)
{
	size_t start = stream_line_start(st, obj->pos.start);
	size_t end = obj->pos.end;
	const char *before;

	if (obj->flow) {
		/* JSON or flow YAML: the object and the comma after it, or for
		 * the last item the comma before it (before the run of items
		 * left out just before it, whose edits stand) */
		const char *c;
		size_t e = obj->pos.end, b = obj->pos.start, run;
		while (blank(c = stream_bytes(st, e, e + 1)))
			e++;
		if (c && *c == ',') {
			while (blank(stream_bytes(st, b - 1, b)) && b > 0)
				b--;
			run = a->drop_st == st && a->drop_end == b ? a->drop_start : obj->pos.start;
			stream_edit(st, obj->pos.start, e + 1, "");
			a->drop_st = st;
			a->drop_start = run;
			a->drop_end = e + 1;
			return true;
		}
		while (b > 0 && blank(stream_bytes(st, b - 1, b)))
			b--;
		run = a->drop_st == st && a->drop_end == b ? a->drop_start : obj->pos.start;
		b = run;
		while (b > 0 && blank(stream_bytes(st, b - 1, b)))
			b--;
		a->drop_st = NULL;
		if (b > 0 && (c = stream_bytes(st, b - 1, b)) != NULL && *c == ',')
			return false;	/* that comma is written already */
		stream_edit(st, obj->pos.start, obj->pos.end, "");
		return true;
	}
	/* the end mark may stand on the next document's line: stop at the
	 * end of the last line that holds the object's text */
	while (end > obj->pos.start && stream_bytes(st, end - 1, end) && *stream_bytes(st, end - 1, end) != '\n')
		end--;
	if (end <= obj->pos.start)
		end = stream_line_end(st, obj->pos.end);
	if (start >= 4 && (before = stream_bytes(st, start - 4, start)) != NULL && memcmp(before, "---\n", 4) == 0)
		start -= 4;
	stream_edit(st, start, end, "");
	return true;
}

/* The comments left where removed annotations are taken over by a
 * WasmPlugin say so. */
static void plugin_comments(struct analyzer *a, const struct ingress *ing, struct plan *plan)
{
	for (size_t i = 0; a->opt->plugins && i < plan->n; i++) {
		struct action *x = &plan->v[i];
		char *c;
		if (x->type != ACT_REMOVE || x->ann >= ing->nann || !under_prefix(a, ing->ann[x->ann].key))
			continue;
		c = plugins_comment(a->opt->plugins, ing, a->opt->prefix, x->ann);
		if (c) {
			free(x->reason);
			x->reason = c;
		}
	}
}

int analyze_object(void *ud, struct stream *st, struct node *obj)
{
	struct analyzer *a = ud;
	struct ingress ing;
	struct plan plan;
	struct where w = where_of(st, obj);
	size_t first, *fidx;
	int nginx, rc = 0;

	a->stats.objects++;
	switch (object_kind(obj)) {
	case OBJ_INGRESS_CLASS:
		ingress_class_object(a, st, obj);
		return 0;
	case OBJ_OTHER:
		if (a->opt->gateway)
			gateway_add_service(a->opt->gateway, st, obj);
		if (a->opt->plugins)
			plugins_add_object(a->opt->plugins, st, obj);
		other_object(a, st, obj);
		list_shape(a, &w);
		return 0;
	case OBJ_INGRESS:
		break;
	}
	plan = a->spare_plan;	/* its array, emptied (NULL at first) */
	a->spare_plan = (struct plan){ 0 };
	ingress_build(&ing, obj);
	w.ing = &ing;
	nginx = analyzer_is_nginx(a, &ing);
	if (nginx == 0) {
		note_skipped_class(a, ingress_class(&ing));
		unjudged_annotations(a, &w, false);
		goto out;
	}
	if (nginx < 0) {
		a->classless_skipped++;
		if (!unjudged_annotations(a, &w, true))
			emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_IGNORED, SEV_INFO, "classless-ingress",
				     a->opt->target == TARGET_GATEWAY
					     ? "Ingress has no class (no 'spec.ingressClassName' or "
					       "'kubernetes.io/ingress.class'); passed through unchanged, no Gateway API "
					       "route is made from it"
					     : "Ingress has no class (no 'spec.ingressClassName' or "
					       "'kubernetes.io/ingress.class'); left untouched",
				     "set a class, or pass --include-classless to treat it as ingress-nginx's", NULL);
		goto out;
	}
	a->stats.ingresses++;
	first = a->out->n;
	shape_problems(a, &w);
	duplicate_keys(a, &w, obj, 0);
	fidx = xmalloc((ing.nann ? ing.nann : 1) * sizeof(*fidx));
	for (size_t i = 0; i < ing.nann; i++) {
		size_t before = a->out->n;
		value_checks(a, &w, i);
		if (under_prefix(a, ing.ann[i].key))
			annotation(a, &w, &plan, i);
		else if (strcmp(a->opt->prefix, HCONV_NGINX_PREFIX) != 0)
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
	path_injection(a, &w);
	{
		struct check_regex cr = { a->out, st, &ing, a->opt->prefix, a->cross, a->opt->target == TARGET_GATEWAY };
		struct check_cross cc = { a->out, st, &ing, a->cross, a->opt->target == TARGET_GATEWAY };
		check_regex_ingress(&cr);
		check_cross_ingress(&cc);
	}
	if (a->opt->checks)
		checks_add_ingress(a->opt->checks, st, &ing, a->opt->prefix);
	resolve_collisions(a, &ing, &plan, first);
	/* the Gateway API target never edits the Ingress's text: nothing
	 * to withhold, and no finding should speak of such edits */
	if (a->opt->target == TARGET_INGRESS)
		withhold_annotation_edits(a, &w, &plan, fidx);
	free(fidx);
	if (!a->opt->keep_class && !a->opt->gateway) {
		/* a class annotation the plan removes or rewrites names no class */
		struct node *cn, *ck;
		bool named = ing.class_annotation && !hconv_rewriting_action(&plan, (size_t)(ing.class_annotation - ing.ann));
		if (named || ing.class_name) {
			hconv_set_class(&plan, ACT_SET_CLASS, NULL, a->opt->target_class, NULL);
		} else if (ing.spec && (ck = node_key(ing.spec, "ingressClassName")) != NULL &&
			   (cn = node_get(ing.spec, "ingressClassName")) != NULL) {
			/* a key whose value names no class (an alias without an
			 * anchor, a mapping): a second key would be a duplicate */
			char *msg = xasprintf("'ingressClassName' is not a class name (%s), so convert cannot set it to "
					      "'%s'; higress will not serve this Ingress",
					      cn->type == N_ALIAS && cn->target == NULL ? "an alias without an anchor" : "not a string",
					      a->opt->target_class);
			emit_finding(a, &w, ck, NULL, NULL, ST_UNSUPPORTED, SEV_ERROR, "class-not-set", msg,
				     "write the class name as a string", NULL);
			free(msg);
		} else if (ing.spec && ing.spec->nkids) {
			hconv_set_class(&plan, ACT_ADD_CLASS, NULL, a->opt->target_class, NULL);
		} else {
			char *msg = xasprintf("no 'spec' mapping to add 'ingressClassName: %s' to; higress will not "
					      "serve this Ingress", a->opt->target_class);
			emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_UNSUPPORTED, SEV_ERROR,
				     "class-not-set", msg, "give the Ingress a spec with 'ingressClassName'", NULL);
			free(msg);
		}
	}
	if (a->opt->target == TARGET_INGRESS)
		withhold_object_edits(a, &w, &plan, first);
	/* lint --to gateway judges as convert does: the emitter's findings too */
	if (a->opt->gateway)
		gateway_add_ingress(a->opt->gateway, st, &ing, ingress_class(&ing), a->opt->prefix);
	if (a->opt->plugins)
		plugins_add_ingress(a->opt->plugins, st, &ing, a->opt->prefix, first);
	if (a->opt->convert) {
		long dup = plan_duplicate(&plan);
		if (dup >= 0) {
			const struct node *k = ing.ann[dup].knode;
			char *msg = xasprintf("internal error: two actions on annotation '%s'", k->value);
			stream_error(st, k->pos.line, k->pos.column, msg);
			free(msg);
			rc = -1;
			goto out;
		}
		if (a->opt->gateway) {
			if (!a->opt->keep_ingresses && !drop_object(a, st, obj))
				emit_finding(a, &w, node_key(obj, "kind"), NULL, NULL, ST_PARTIAL, SEV_WARNING,
					     "gateway-ingress-kept",
					     "the converted Ingress stays in the output: it is the last item of a flow "
					     "(JSON) List after a kept one, whose comma is written already",
					     "delete it from the output, or convert a YAML List", NULL);
		} else {
			plugin_comments(a, &ing, &plan);
			emit_ingress_apply(st, &ing, &plan, !a->opt->no_comments);
		}
	}
	add_documents_after(a, st, obj);
out:
	if (a->have_intents) {
		conv_free(&a->intents);
		a->have_intents = false;
	}
	plan_clear(&plan);
	if (a->spare_plan.v == NULL)
		a->spare_plan = plan;	/* the next object reuses the array */
	else
		plan_free(&plan);
	ingress_free(&ing);
	return rc;
}
