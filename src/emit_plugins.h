/* emit_plugins.h - WasmPlugins that replace what Higress drops
 * ('convert', both targets).
 *
 * The index pass judged every Secret (index.h: its keys, and each value
 * as an htpasswd hash), so when the object pass hands the emitter a
 * converted Ingress-NGINX Ingress, its plugins are decided at once,
 * wherever its Secret stands in the input: the findings of the decision
 * are added, and the findings of the annotations the plugins cover turn
 * 'converted' or 'partial', naming the object, before the Ingress's
 * findings leave (nothing is revised later). The emitter keeps what it
 * will write as records (spill_sort.h: at most PLUGINS_BUDGET bytes of
 * them in memory, sorted runs on a temporary file beyond, so nothing per
 * Ingress stays in memory; never a hash: --inline-credentials takes them
 * from the Secrets at the end); at the end plugins_finish writes one WasmPlugin per plugin
 * kind in the Higress namespace (basic-auth with the transformer that
 * strips 'Authorization', ip-restriction, ext-auth, rate limits,
 * nginx-rewrite-compatible for rewrites), each with one matchRule per
 * Ingress (naming its canaries' and, --to gateway, all its routes), and
 * the auth-map Secrets derived from auth-file Secrets. Of a Secret an auth-secret names, the hashes convert
 * writes (derived Secrets, --inline-credentials) are taken when the
 * object pass reaches it; a plaintext value is never kept, nor any value
 * put into a finding.
 */
#ifndef I2H_EMIT_PLUGINS_H
#define I2H_EMIT_PLUGINS_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"
#include "index.h"
#include "ingress.h"
#include "stream.h"
#include "util.h"

#define PLUGINS_DEFAULT_NS "higress-system"
#define PLUGINS_DEFAULT_REGISTRY "oci://higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins"
/* Bytes of rule records (and of canary path keys) the emitter keeps in
 * memory per store; beyond, sorted runs go to a temporary file. */
#define PLUGINS_BUDGET (1u << 20)

struct plugins_options {
	const char *ns;			/* --higress-namespace: where WasmPlugins go */
	const char *registry;		/* --plugin-registry: URL up to '/<plugin>:<tag>' */
	bool inline_credentials;	/* --inline-credentials: hashes in the WasmPlugin */
	const char *redis;		/* --redis-service FQDN[:PORT], or NULL */
	bool gateway;			/* --to gateway: rewrite-target beyond URLRewrite too */
	const char *ip_header;		/* the controller ConfigMap trusts this client address
					 * header (use-forwarded-headers), or NULL: the connection's */
};

struct plugins;

/* A new emitter; opt (and its strings) and out are borrowed and must
 * outlive it. Free with plugins_free() (which wipes the Secret values it
 * copied). */
struct plugins *plugins_new(const struct plugins_options *opt, struct findings *out);
void plugins_free(struct plugins *p);

/* The facts of the index pass (borrowed; must outlive the object pass
 * and plugins_finish, not plugins_free), before the object pass. Without
 * them no Secret is known. Allocates a few bytes per Secret of the index. */
void plugins_use_index(struct plugins *p, const struct index *ix);

/* An object of the object pass: of a Secret that an auth-secret names
 * (the one the index judged), the hashes convert writes are taken; a
 * WasmPlugin of the input with the name of one convert writes is noted. */
void plugins_add_object(struct plugins *p, struct stream *st, struct node *obj);

/* A converted Ingress-NGINX Ingress: decide its plugins now (findings
 * added to the list), keep what will be written, and make final its
 * findings from out->v[from] on of the annotations they cover; prefix is
 * the annotation prefix without '/'. */
void plugins_add_ingress(struct plugins *p, struct stream *st, const struct ingress *ing, const char *prefix,
			 size_t from);

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

/* While plugins_finish adds findings, call flush(ctx) now and then to
 * deliver and clear those waiting in the list (out of plugins_new), so
 * that they do not pile up. Optional. */
void plugins_set_flush(struct plugins *p, void (*flush)(void *ctx), void *ctx);

/* Append the emitted documents to out (each starts with '---'); the only
 * findings added are about WasmPlugins of the input with the names of
 * those it would write (not written again), and, --to ingress, which
 * Ingresses' rules name the routes of their canaries (plugin-canary).
 * Call once. */
void plugins_finish(struct plugins *p, struct buf *out);
/* As plugins_finish, the documents written to out as they are made (a
 * few KiB at a time), or, out NULL, not made (the findings only). Returns
 * the bytes written (out NULL: more than 0 when any document would be),
 * or -1 when a write failed. */
long plugins_finish_to(struct plugins *p, FILE *out);

#endif
