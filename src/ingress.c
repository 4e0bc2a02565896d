/* ingress.c - extract the Ingress model from an object tree. */
#include "ingress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add_path(struct ingress *ing, size_t *cap, const char *host, struct node *p)
{
	struct ingress_path *ip;

	grow_array((void **)&ing->paths, cap, ing->npaths + 1, sizeof(*ing->paths));
	ip = &ing->paths[ing->npaths++];
	ip->host = host;
	ip->path_node = node_lookup(p, "path", NULL, NULL);
	ip->path = ip->path_node && ip->path_node->type == N_SCALAR ? ip->path_node->value : NULL;
	{
		struct node *t = node_lookup(p, "pathType", NULL, NULL);
		ip->path_type = t && t->type == N_SCALAR ? t->value : NULL;
	}
}

/* Record a problem; msg is taken over (ingress_free frees it). */
static void problem(struct ingress *ing, size_t *cap, struct node *at, const char *rule, char *msg)
{
	grow_array((void **)&ing->problems, cap, ing->nproblems + 1, sizeof(*ing->problems));
	ing->problems[ing->nproblems].at = at;
	ing->problems[ing->nproblems].rule = rule;
	ing->problems[ing->nproblems].message = msg;
	ing->nproblems++;
}

#define MAX_MERGED 1024	/* distinct mappings merged into one annotations mapping (and recursion depth) */

/* Collecting the annotations: the keys seen (a hash set of key nodes, so
 * big mappings stay linear) and the mappings merged already. */
struct collect {
	struct ingress *ing;
	size_t cap;
	size_t pcap;
	const struct node **seen;
	size_t seen_cap;	/* a power of two, or 0 */
	size_t nseen;
	struct node **merged;
	size_t nmerged;
	size_t mcap;
};

static size_t key_hash(const struct node *k)
{
	size_t h = 1469598103934665603u & SIZE_MAX;

	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->value[i]) * 1099511628211u;
	return h;
}

static const struct node **seen_slot(const struct node **slots, size_t cap, const struct node *k)
{
	size_t i = key_hash(k) & (cap - 1);

	while (slots[i] && !(slots[i]->len == k->len && memcmp(slots[i]->value, k->value, k->len) == 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Add k (borrowed) to the set, growing it (freed by build_annotations);
 * false when it was there already. */
static bool seen_add(struct collect *c, const struct node *k)
{
	const struct node **s;

	if (c->nseen + 1 > c->seen_cap / 2) {
		size_t ncap = c->seen_cap ? c->seen_cap * 2 : 64;
		const struct node **ns = xcalloc(ncap, sizeof(*ns));
		for (size_t i = 0; i < c->seen_cap; i++)
			if (c->seen[i])
				*seen_slot(ns, ncap, c->seen[i]) = c->seen[i];
		free(c->seen);
		c->seen = ns;
		c->seen_cap = ncap;
	}
	s = seen_slot(c->seen, c->seen_cap, k);
	if (*s)
		return false;
	*s = k;
	c->nseen++;
	return true;
}

static void collect(struct collect *c, struct node *map, struct node *via, struct node *source);

/* Merge the mapping n stands for (a merge source) into the annotations
 * (ing->ann grows; ingress_free frees it). */
static void merge_one(struct collect *c, struct node *n, struct node *via)
{
	struct node *t = node_resolve(NULL, n);

	if (t == NULL && n->type == N_ALIAS)
		return;	/* an undefined alias: the analysis reports it (undefined-alias) */
	if (t == NULL || t->type != N_MAPPING) {
		problem(c->ing, &c->pcap, n, "invalid-annotations",
			xstrdup("a merge key ('<<') takes a mapping or a sequence of mappings; Kubernetes rejects this "
				"object"));
		return;
	}
	for (size_t i = 0; i < c->nmerged; i++)
		if (c->merged[i] == t)
			return;	/* merged before, with precedence: adds nothing */
	if (c->nmerged >= MAX_MERGED) {
		problem(c->ing, &c->pcap, n, "invalid-annotations",
			xasprintf("more than %d mappings merged into the annotations; the rest are not analysed",
				  MAX_MERGED));
		return;
	}
	grow_array((void **)&c->merged, &c->mcap, c->nmerged + 1, sizeof(*c->merged));
	c->merged[c->nmerged++] = t;
	collect(c, t, via, t);
}

/* Add the annotations of map that are not there yet: its own keys (the
 * last of duplicates), then its merge sources in order. via/source: see
 * struct annotation. Recursion follows merge sources, whose aliases
 * always point backwards: it ends. Allocates only temporarily. */
static void collect(struct collect *c, struct node *map, struct node *via, struct node *source)
{
	struct ingress *ing = c->ing;
	size_t npairs = map->nkids / 2;
	size_t *first = xmalloc((npairs ? npairs : 1) * 2 * sizeof(*first)), *last = first + npairs;

	/* the last of duplicate keys is the one Kubernetes keeps */
	(void)node_dup_keys(map, first);
	for (size_t p = 0; p < npairs; p++)
		last[first[p]] = p;
	for (size_t p = 0; p < npairs; p++) {
		struct node *k = map->kids[2 * p], *kr = node_resolve(NULL, k);
		struct annotation *an;
		if (node_is_merge_key(k))
			continue;
		if (kr == NULL || kr->type != N_SCALAR) {
			if (via == NULL)
				problem(ing, &c->pcap, k, "invalid-annotations",
					xstrdup("an annotation key must be a string; Kubernetes rejects this object"));
			continue;
		}
		if (last[first[p]] != p || !seen_add(c, kr))
			continue;
		grow_array((void **)&ing->ann, &c->cap, ing->nann + 1, sizeof(*ing->ann));
		an = &ing->ann[ing->nann++];
		memset(an, 0, sizeof(*an));
		an->knode = k;
		an->vnode = map->kids[2 * p + 1];
		an->key = kr->value;
		an->vscalar = node_resolve(NULL, an->vnode);
		if (an->vscalar && an->vscalar->type != N_SCALAR)
			an->vscalar = NULL;
		an->value = an->vscalar ? an->vscalar->value : "";
		an->via = via;
		an->source = source;
		an->shadows = first[p] != p ? map->kids[2 * first[p]] : NULL;
	}
	free(first);
	for (size_t p = 0; p < npairs; p++) {
		struct node *v = map->kids[2 * p + 1];
		struct node *by = via ? via : map->kids[2 * p];
		if (!node_is_merge_key(map->kids[2 * p]))
			continue;
		if (v->type == N_SEQUENCE) {
			for (size_t j = 0; j < v->nkids; j++)
				merge_one(c, v->kids[j], by);
		} else {
			merge_one(c, v, by);
		}
	}
}

static bool is_null(const struct node *n)
{
	return n->type == N_SCALAR && n->style == SS_PLAIN && n->tag == NULL &&
	       (n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
		strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0);
}

/* Find the annotations: the object's own mapping (ing->annotations as
 * written) or one reached through an alias or merge key. Fills ing->ann,
 * ing->problems and ing->merge_pairs (ingress_free frees them). */
static void build_annotations(struct ingress *ing, struct node *obj)
{
	struct collect c;
	struct node *md_written = node_get(obj, "metadata"), *mvia = NULL, *akey = NULL, *avia = NULL;
	struct node *a;

	memset(&c, 0, sizeof(c));
	c.ing = ing;
	(void)node_lookup(obj, "metadata", NULL, &mvia);
	if (ing->metadata == NULL)
		return;
	a = node_lookup(ing->metadata, "annotations", &akey, &avia);
	if (mvia || md_written == NULL) {
		ing->annotations_via = mvia;
	} else if (md_written->type == N_ALIAS) {
		ing->annotations_via = md_written;
	} else if (avia) {
		ing->annotations_via = avia;
	} else {
		ing->annotations_key = akey;
		ing->annotations = node_get(ing->metadata, "annotations");
		if (ing->annotations && ing->annotations->type == N_ALIAS)
			ing->annotations_via = ing->annotations;
	}
	if (a == NULL && akey == NULL)
		return;
	if (a == NULL || a->type != N_MAPPING) {
		struct node *at = ing->annotations ? ing->annotations : akey;
		if (a && is_null(a))
			return;
		ing->annotations_bad = true;
		if (a == NULL)
			return;	/* an undefined alias: the analysis reports it (undefined-alias) */
		problem(ing, &c.pcap, at ? at : ing->metadata, "invalid-annotations",
			xasprintf("'annotations' must be a mapping of strings, not a %s; Kubernetes rejects this object",
				  a->type == N_SEQUENCE ? "sequence" : "scalar"));
		return;
	}
	collect(&c, a, ing->annotations_via, ing->annotations_via ? a : NULL);
	if (ing->annotations_via == NULL) {
		size_t mcap = 0;
		for (size_t p = 0; p + 1 < a->nkids; p += 2) {
			if (!node_is_merge_key(a->kids[p]))
				continue;
			grow_array((void **)&ing->merge_pairs, &mcap, ing->nmerge_pairs + 1, sizeof(*ing->merge_pairs));
			ing->merge_pairs[ing->nmerge_pairs++] = p;
		}
	}
	free(c.seen);
	free(c.merged);
}

void ingress_build(struct ingress *ing, struct node *obj)
{
	struct node *rules, *tls;
	struct k8s_id id;
	size_t pcap = 0;

	memset(ing, 0, sizeof(*ing));
	ing->obj = obj;
	k8s_identity(obj, &id);
	ing->api_version = id.api_version;
	ing->kind = id.kind;
	ing->legacy_api = ing->api_version && strcmp(ing->api_version, "networking.k8s.io/v1") != 0;
	ing->metadata = id.metadata;
	ing->name = id.name;
	ing->ns = id.ns;
	build_annotations(ing, obj);
	for (size_t i = 0; i < ing->nann; i++)
		if (strcmp(ing->ann[i].key, "kubernetes.io/ingress.class") == 0)
			ing->class_annotation = &ing->ann[i];
	ing->spec = node_lookup(obj, "spec", NULL, &ing->spec_via);
	if (ing->spec && ing->spec->type != N_MAPPING)
		ing->spec = NULL;
	if (ing->spec_via == NULL && node_get(obj, "spec") && node_get(obj, "spec")->type == N_ALIAS)
		ing->spec_via = node_get(obj, "spec");
	{
		/* as written when the object's own: the emitter rewrites it (an
		 * alias by the new value) */
		struct node *via = NULL, *cn = node_lookup(ing->spec, "ingressClassName", NULL, &via);
		struct node *written = node_get(ing->spec, "ingressClassName");
		if (ing->spec_via == NULL)
			ing->spec_via = via;
		ing->class_name = cn && cn->type == N_SCALAR ? (written && !via ? written : cn) : NULL;
	}
	tls = node_lookup(ing->spec, "tls", NULL, NULL);
	ing->has_tls = tls && tls->type == N_SEQUENCE && tls->nkids > 0;
	rules = node_lookup(ing->spec, "rules", NULL, NULL);
	if (rules && rules->type == N_SEQUENCE) {
		for (size_t i = 0; i < rules->nkids; i++) {
			struct node *r = node_resolve(NULL, rules->kids[i]);
			struct node *http = node_lookup(r, "http", NULL, NULL);
			struct node *paths = node_lookup(http, "paths", NULL, NULL);
			struct node *h = node_lookup(r, "host", NULL, NULL);
			const char *host = h && h->type == N_SCALAR ? h->value : NULL;
			if (paths == NULL || paths->type != N_SEQUENCE)
				continue;
			for (size_t j = 0; j < paths->nkids; j++)
				add_path(ing, &pcap, host, node_resolve(NULL, paths->kids[j]));
		}
	}
}

void ingress_free(struct ingress *ing)
{
	for (size_t i = 0; i < ing->nproblems; i++)
		free(ing->problems[i].message);
	free(ing->problems);
	free(ing->merge_pairs);
	free(ing->ann);
	free(ing->paths);
	memset(ing, 0, sizeof(*ing));
}

const char *ingress_class(const struct ingress *ing)
{
	if (ing->class_annotation && ing->class_annotation->vscalar)
		return ing->class_annotation->value;
	if (ing->class_name)
		return node_resolve(NULL, ing->class_name)->value;
	return NULL;
}

const struct annotation *ingress_annotation(const struct ingress *ing, const char *prefix, const char *name)
{
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' && k[plen + 1] == name[0] &&
		    strcmp(k + plen + 1, name) == 0)
			return &ing->ann[i];
	}
	return NULL;
}
