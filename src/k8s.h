/* k8s.h - Kubernetes object identity: what kind of object a tree is, and
 * its apiVersion, kind, name and namespace as Kubernetes reads them.
 * Everything returned is borrowed from the object tree (yaml_node.h).
 */
#ifndef I2H_K8S_H
#define I2H_K8S_H

#include "yaml_node.h"

/* Kinds of object the pipeline distinguishes. */
enum object_kind { OBJ_OTHER, OBJ_INGRESS, OBJ_INGRESS_CLASS };

/* Classify an object by apiVersion and kind. */
enum object_kind object_kind(const struct node *obj);

/* The identity of obj: apiVersion and kind as written (scalars, or NULL);
 * metadata through aliases and merge keys (a mapping, or NULL); its name
 * and namespace likewise (scalars, or NULL). Borrowed; allocates nothing. */
struct k8s_id {
	const char *api_version, *kind;
	struct node *metadata;
	const char *name, *ns;
};
void k8s_identity(struct node *obj, struct k8s_id *id);

#endif
