/* ingress.h - the Ingress model: the facts of one Ingress object that the
 * analysis and the emitters need, with the nodes they came from.
 *
 * An ingress borrows every string and node from the object tree it was
 * built from (valid during the stream callback); its arrays are owned and
 * released by ingress_free().
 */
#ifndef I2H_INGRESS_H
#define I2H_INGRESS_H

#include <stdbool.h>

#include "k8s.h"
#include "stream.h"

struct annotation {
	const char *key;
	const char *value;	/* "" for a non-scalar value */
	struct node *knode;
	struct node *vnode;	/* the value as written (possibly an alias) */
	struct node *vscalar;	/* the scalar it stands for, or NULL */
	struct node *via;	/* the merge key ('<<') or alias of the object that brought
				 * it in, or NULL when written in the object's own
				 * annotations: such a pair cannot be edited in place */
	struct node *source;	/* with via: the mapping it comes from (its anchor, if
				 * any, is named in messages), else NULL */
	struct node *shadows;	/* the first earlier key of the same name in the same
				 * mapping (a duplicate this one overrides), or NULL */
};

/* Something Kubernetes would refuse in the object's shape, found while
 * building the model (rule ids 'invalid-annotations' and the like). */
struct ingress_problem {
	struct node *at;
	const char *rule;	/* static */
	char *message;		/* owned */
};

struct ingress_path {
	const char *host;	/* NULL for a rule without host */
	const char *path;	/* NULL when absent */
	const char *path_type;	/* NULL when absent */
	struct node *path_node;
};

struct ingress {
	const char *api_version;
	const char *kind;
	const char *name;	/* NULL when absent */
	const char *ns;		/* NULL when absent */
	struct node *obj;
	struct node *metadata;		/* mapping (through aliases and merges) or NULL */
	struct node *annotations;	/* the value of 'annotations' as written in the
					 * object's own metadata (a mapping, an alias, a
					 * null or a wrong shape), or NULL */
	struct node *annotations_key;	/* its key node, or NULL */
	struct node *annotations_via;	/* the alias or merge key through which the
					 * annotations analysed were reached, or NULL
					 * when they are the object's own mapping */
	bool annotations_bad;		/* annotations that are not a mapping */
	size_t *merge_pairs;		/* kids indexes of the merge keys of the object's own
					 * annotations mapping */
	size_t nmerge_pairs;
	struct node *spec;		/* mapping (through aliases and merges) or NULL */
	struct node *spec_via;		/* the alias or merge key through which spec, or its
					 * ingressClassName, was reached, or NULL */
	struct node *class_name;	/* value of spec.ingressClassName (as written when
					 * the object's own, possibly an alias) or NULL */
	struct annotation *class_annotation;	/* kubernetes.io/ingress.class or NULL */
	struct annotation *ann;
	size_t nann;
	struct ingress_path *paths;
	size_t npaths;
	struct ingress_problem *problems;
	size_t nproblems;
	bool has_tls;
	bool legacy_api;	/* v1beta1 shapes */
};

/* Fill ing from an Ingress object (its arrays are allocated), reading it
 * as Kubernetes does: aliases and merge keys resolved, the last of
 * duplicate keys kept. */
void ingress_build(struct ingress *ing, struct node *obj);
void ingress_free(struct ingress *ing);

/* The class named by the Ingress (the annotation wins over
 * spec.ingressClassName, as in Ingress-NGINX), or NULL. Borrowed. */
const char *ingress_class(const struct ingress *ing);

/* The Ingress's annotation 'prefix/name' (prefix without '/'), or NULL.
 * Borrowed. */
const struct annotation *ingress_annotation(const struct ingress *ing, const char *prefix, const char *name);

#endif
