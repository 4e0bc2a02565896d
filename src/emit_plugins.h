/* emit_plugins.h - WasmPlugins that replace what Higress drops
 * ('convert', both targets).
 *
 * During the object pass the analysis hands each Secret and each
 * converted Ingress-NGINX Ingress to the emitter, which copies (owns) the
 * facts it needs; at the end, plugins_finish writes one WasmPlugin per
 * plugin kind in the Higress namespace (basic-auth with the transformer
 * that strips 'Authorization', ip-restriction), each with one matchRule
 * per Ingress, and the auth-map Secrets derived from auth-file Secrets;
 * and it turns the findings of the annotations the plugins cover into
 * 'converted' or 'partial', naming the object. Secret values are held
 * only to be written as hashes: never into a finding.
 */
#ifndef I2H_EMIT_PLUGINS_H
#define I2H_EMIT_PLUGINS_H

#include <stdbool.h>

#include "finding.h"
#include "ingress.h"
#include "stream.h"
#include "util.h"

#define PLUGINS_DEFAULT_NS "higress-system"
#define PLUGINS_DEFAULT_REGISTRY "oci://higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins"

struct plugins_options {
	const char *ns;			/* --higress-namespace: where WasmPlugins go */
	const char *registry;		/* --plugin-registry: URL up to '/<plugin>:<tag>' */
	bool inline_credentials;	/* --inline-credentials: hashes in the WasmPlugin */
	const char *redis;		/* --redis-service FQDN[:PORT], or NULL */
	bool gateway;			/* --to gateway: rewrite-target beyond URLRewrite too */
};

struct plugins;

/* A new emitter; opt (and its strings) and out are borrowed and must
 * outlive it. Free with plugins_free() (which wipes the Secret values it
 * copied). */
struct plugins *plugins_new(const struct plugins_options *opt, struct findings *out);
void plugins_free(struct plugins *p);

/* Copy the data of a Secret (others are ignored). */
void plugins_add_object(struct plugins *p, struct stream *st, struct node *obj);

/* Copy what a converted Ingress-NGINX Ingress needs; prefix is the
 * annotation prefix without '/'. */
void plugins_add_ingress(struct plugins *p, struct stream *st, const struct ingress *ing, const char *prefix);

/* May plugins_finish revise findings already in the list: has an Ingress
 * with an annotation a plugin covers been handed over (named or not)?
 * Findings added before the first such Ingress are never revised, so a
 * caller may deliver them before the finish step. Allocates nothing. */
bool plugins_pending(const struct plugins *p);

/* Will plugins_finish write anything? (Judges the Ingresses against the
 * Secrets seen; adds no finding.) */
bool plugins_needed(struct plugins *p);

/* The comment convert leaves where it removes annotation i of ing (under
 * prefix, without '/'), when a plugin takes it over: a new string (caller
 * frees), or NULL when no plugin covers it. */
char *plugins_comment(const struct plugins *p, const struct ingress *ing, const char *prefix, size_t i);

/* --to gateway: the gateway emitter names a route it writes for Ingress
 * ns/name (ns NULL: "default") beyond the HTTPRoute of the Ingress's own
 * namespace and name (a split part, a GRPCRoute): kind "HTTPRoute" or
 * "GRPCRoute", in namespace route_ns. The plugin rules of that Ingress
 * name it too (Higress's route name: higress-plugins.md §1.3). Copies what
 * it keeps; call before plugins_finish. */
void plugins_add_route(struct plugins *p, const char *ns, const char *name, const char *kind, const char *route_ns,
		       const char *route);

/* Append the emitted documents to out (each starts with '---') and the
 * findings of the decisions; change the findings of covered annotations.
 * Call once. */
void plugins_finish(struct plugins *p, struct buf *out);

#endif
