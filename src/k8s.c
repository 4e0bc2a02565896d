/* k8s.c - Kubernetes object identity (see k8s.h). */
#include "k8s.h"

#include <string.h>

#include "util.h"

enum object_kind object_kind(const struct node *obj)
{
	const char *kind = node_get_str(obj, "kind");
	const char *api = node_get_str(obj, "apiVersion");

	if (kind == NULL || api == NULL)
		return OBJ_OTHER;
	if (strcmp(kind, "Ingress") == 0 &&
	    (strcmp(api, "networking.k8s.io/v1") == 0 ||
	     strcmp(api, "networking.k8s.io/v1beta1") == 0 ||
	     strcmp(api, "extensions/v1beta1") == 0))
		return OBJ_INGRESS;
	if (strcmp(kind, "IngressClass") == 0 && str_has_prefix(api, "networking.k8s.io/"))
		return OBJ_INGRESS_CLASS;
	return OBJ_OTHER;
}

void k8s_identity(struct node *obj, struct k8s_id *id)
{
	struct node *n, *ns;

	id->api_version = node_get_str(obj, "apiVersion");
	id->kind = node_get_str(obj, "kind");
	id->metadata = node_lookup(obj, "metadata", NULL, NULL);
	if (id->metadata && id->metadata->type != N_MAPPING)
		id->metadata = NULL;
	n = node_lookup(id->metadata, "name", NULL, NULL);
	ns = node_lookup(id->metadata, "namespace", NULL, NULL);
	id->name = n && n->type == N_SCALAR ? n->value : NULL;
	id->ns = ns && ns->type == N_SCALAR ? ns->value : NULL;
}
