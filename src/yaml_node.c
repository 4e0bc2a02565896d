/* yaml_node.c - the YAML node tree's helpers (see yaml_node.h). */
#include "yaml_node.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Index of key's last pair in a mapping's kids (Kubernetes keeps the
 * last of duplicate keys), or -1. */
static long pair_of(const struct node *map, const char *key)
{
	if (map == NULL || map->type != N_MAPPING)
		return -1;
	for (size_t i = map->nkids / 2; i-- > 0;)
		if (node_is(map->kids[2 * i], key))
			return (long)(2 * i);
	return -1;
}

struct node *node_get(const struct node *map, const char *key)
{
	long i = pair_of(map, key);

	return i < 0 ? NULL : map->kids[i + 1];
}

struct node *node_key(const struct node *map, const char *key)
{
	long i = pair_of(map, key);

	return i < 0 ? NULL : map->kids[i];
}

const char *node_get_str(const struct node *map, const char *key)
{
	struct node *v = node_get(map, key);

	return v && v->type == N_SCALAR ? v->value : NULL;
}

bool node_is(const struct node *n, const char *s)
{
	/* the first bytes first: most keys compared differ there */
	return n && n->type == N_SCALAR && n->value[0] == s[0] && strcmp(n->value, s) == 0;
}

bool node_is_merge_key(const struct node *n)
{
	return n && n->type == N_SCALAR && n->style == SS_PLAIN && n->value[0] == '<' &&
	       strcmp(n->value, "<<") == 0 &&
	       (n->tag == NULL || strcmp(n->tag, "tag:yaml.org,2002:merge") == 0);
}

/* Mappings node_lookup visits at most: merge sources can share sources
 * (a chain of anchors each merging the last twice would take exponential
 * time); what lies beyond is not found. */
#define LOOKUP_BUDGET 4096

/* node_lookup over the merge sources of map, depth levels deep. */
static struct node *lookup(struct node *map, const char *key, struct node **knode, struct node **via, int depth,
			   size_t *budget)
{
	long i;

	map = node_resolve(NULL, map);
	if (map == NULL || map->type != N_MAPPING || depth > 64 || *budget == 0)
		return NULL;
	(*budget)--;
	i = pair_of(map, key);
	if (i >= 0) {
		if (knode)
			*knode = map->kids[i];
		return node_resolve(NULL, map->kids[i + 1]);
	}
	for (size_t p = 0; p + 1 < map->nkids; p += 2) {
		struct node *src = map->kids[p + 1], *v = NULL;
		if (!node_is_merge_key(map->kids[p]))
			continue;
		if (src->type == N_SEQUENCE) {
			for (size_t j = 0; j < src->nkids && v == NULL; j++)
				v = lookup(src->kids[j], key, knode, NULL, depth + 1, budget);
		} else {
			v = lookup(src, key, knode, NULL, depth + 1, budget);
		}
		if (v) {
			if (via && depth == 0)
				*via = map->kids[p];
			return v;
		}
	}
	return NULL;
}

struct node *node_lookup(struct node *map, const char *key, struct node **knode, struct node **via)
{
	size_t budget = LOOKUP_BUDGET;

	if (knode)
		*knode = NULL;
	if (via)
		*via = NULL;
	return lookup(map, key, knode, via, 0, &budget);
}

struct key_ref {
	const char *s;
	size_t len;
	size_t pair;
};

static int key_ref_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c == 0 && x->len != y->len)
		c = x->len < y->len ? -1 : 1;
	if (c == 0)
		c = x->pair < y->pair ? -1 : (x->pair > y->pair);
	return c;
}

/* The scalar a key stands for (through an alias), or NULL. */
static const struct node *key_scalar(const struct node *k)
{
	k = node_resolve(NULL, (struct node *)k);
	return k && k->type == N_SCALAR && !node_is_merge_key(k) ? k : NULL;
}

size_t node_dup_keys(const struct node *map, size_t *first)
{
	size_t npairs = map && map->type == N_MAPPING ? map->nkids / 2 : 0, ndup = 0, nk = 0;
	struct key_ref *v;

	for (size_t p = 0; p < npairs; p++)
		first[p] = p;
	if (npairs < 2)
		return 0;
	if (npairs <= 8) {
		for (size_t p = 1; p < npairs; p++) {
			const struct node *k = key_scalar(map->kids[2 * p]);
			for (size_t q = 0; k && q < p; q++) {
				const struct node *o = key_scalar(map->kids[2 * q]);
				if (o && o->len == k->len && memcmp(o->value, k->value, k->len) == 0) {
					first[p] = q;
					ndup++;
					break;
				}
			}
		}
		return ndup;
	}
	v = xmalloc(npairs * sizeof(*v));
	for (size_t p = 0; p < npairs; p++) {
		const struct node *k = key_scalar(map->kids[2 * p]);
		if (k)
			v[nk++] = (struct key_ref){ k->value, k->len, p };
	}
	qsort(v, nk, sizeof(*v), key_ref_cmp);
	for (size_t i = 1, g = 0; i < nk; i++) {
		if (v[i].len == v[g].len && memcmp(v[i].s, v[g].s, v[i].len) == 0) {
			first[v[i].pair] = v[g].pair;
			ndup++;
		} else {
			g = i;
		}
	}
	free(v);
	return ndup;
}

struct node *node_resolve(struct node *root, struct node *n)
{
	(void)root;
	if (n == NULL || n->type != N_ALIAS)
		return n;
	return n->target;
}
