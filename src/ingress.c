/* ingress.c - extract the Ingress model from an object tree. */
#include "ingress.h"

#include <stdlib.h>
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

static void add_path(struct ingress *ing, size_t *cap, const char *host, struct node *p)
{
	struct ingress_path *ip;

	grow_array((void **)&ing->paths, cap, ing->npaths + 1, sizeof(*ing->paths));
	ip = &ing->paths[ing->npaths++];
	ip->host = host;
	ip->path_node = node_get(p, "path");
	ip->path = node_get_str(p, "path");
	ip->path_type = node_get_str(p, "pathType");
}

void ingress_build(struct ingress *ing, struct node *obj)
{
	struct node *rules, *tls;
	size_t cap = 0, pcap = 0;

	memset(ing, 0, sizeof(*ing));
	ing->obj = obj;
	ing->api_version = node_get_str(obj, "apiVersion");
	ing->kind = node_get_str(obj, "kind");
	ing->legacy_api = ing->api_version && strcmp(ing->api_version, "networking.k8s.io/v1") != 0;
	ing->metadata = node_get(obj, "metadata");
	if (ing->metadata && ing->metadata->type != N_MAPPING)
		ing->metadata = NULL;
	ing->name = node_get_str(ing->metadata, "name");
	ing->ns = node_get_str(ing->metadata, "namespace");
	if (ing->metadata) {
		for (size_t i = 0; i + 1 < ing->metadata->nkids; i += 2) {
			if (node_is(ing->metadata->kids[i], "annotations")) {
				ing->annotations_key = ing->metadata->kids[i];
				ing->annotations = ing->metadata->kids[i + 1];
			}
		}
	}
	if (ing->annotations && ing->annotations->type == N_MAPPING) {
		struct node *a = ing->annotations;
		for (size_t i = 0; i + 1 < a->nkids; i += 2) {
			struct annotation *an;
			if (a->kids[i]->type != N_SCALAR)
				continue;
			grow_array((void **)&ing->ann, &cap, ing->nann + 1, sizeof(*ing->ann));
			an = &ing->ann[ing->nann++];
			an->knode = a->kids[i];
			an->vnode = a->kids[i + 1];
			an->key = an->knode->value;
			an->vscalar = node_resolve(obj, an->vnode);
			if (an->vscalar && an->vscalar->type != N_SCALAR)
				an->vscalar = NULL;
			an->value = an->vscalar ? an->vscalar->value : "";
		}
		for (size_t i = 0; i < ing->nann; i++)
			if (strcmp(ing->ann[i].key, "kubernetes.io/ingress.class") == 0)
				ing->class_annotation = &ing->ann[i];
	}
	ing->spec = node_get(obj, "spec");
	if (ing->spec && ing->spec->type != N_MAPPING)
		ing->spec = NULL;
	ing->class_name = node_get(ing->spec, "ingressClassName");
	if (ing->class_name && ing->class_name->type != N_SCALAR)
		ing->class_name = NULL;
	tls = node_get(ing->spec, "tls");
	ing->has_tls = tls && tls->type == N_SEQUENCE && tls->nkids > 0;
	rules = node_get(ing->spec, "rules");
	if (rules && rules->type == N_SEQUENCE) {
		for (size_t i = 0; i < rules->nkids; i++) {
			struct node *r = rules->kids[i];
			struct node *paths = node_get(node_get(r, "http"), "paths");
			const char *host = node_get_str(r, "host");
			if (paths == NULL || paths->type != N_SEQUENCE)
				continue;
			for (size_t j = 0; j < paths->nkids; j++)
				add_path(ing, &pcap, host, paths->kids[j]);
		}
	}
}

void ingress_free(struct ingress *ing)
{
	free(ing->ann);
	free(ing->paths);
	memset(ing, 0, sizeof(*ing));
}

const char *ingress_class(const struct ingress *ing)
{
	if (ing->class_annotation && ing->class_annotation->vnode->type == N_SCALAR)
		return ing->class_annotation->value;
	if (ing->class_name)
		return ing->class_name->value;
	return NULL;
}
