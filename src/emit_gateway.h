/* emit_gateway.h - the Gateway API target ('convert --to gateway').
 *
 * During the object pass the analysis hands each Ingress-NGINX Ingress
 * and each Service to the emitter, which copies (owns) the facts it
 * needs: in memory only what decisions across Ingresses read (sort key,
 * TLS hosts, flags, a hash per path), the rest of each Ingress in its
 * store (memory up to 8 MiB, then a temporary file), read back when its
 * routes are written; at the end, gateway_finish writes Gateways, HTTPRoutes (or
 * GRPCRoutes for gRPC backends), TLSRoutes for passthrough hosts,
 * BackendTLSPolicies for TLS backends and ReferenceGrants, sorted by
 * (kind, namespace, name), and adds findings for what the objects cannot
 * carry.
 */
#ifndef I2H_EMIT_GATEWAY_H
#define I2H_EMIT_GATEWAY_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"
#include "index.h"
#include "ingress.h"
#include "stream.h"
#include "util.h"

struct ctrl_settings;

struct gateway_options {
	const char *ns;			/* namespace of emitted Gateways */
	const char *gateway_class;	/* their gatewayClassName */
	const char *attach;		/* "NS/NAME" of an existing Gateway, or NULL */
	bool allow_experimental;
	struct plugins *plugins;	/* the WasmPlugin emitter told of each route, or NULL */
	const struct ctrl_settings *ctrl;	/* the controller ConfigMap's defaults, or NULL */
	/* Called by gateway_finish when the findings it has added may be
	 * delivered (they are final; it keeps no index into the list), so
	 * that they do not wait for the end; NULL: they wait. */
	void (*flush)(void *ud);
	void *flush_ud;
};

struct gateway;

/* A new emitter; opt (and its strings) and out are borrowed and must
 * outlive it. Free with gateway_free(). */
struct gateway *gateway_new(const struct gateway_options *opt, struct findings *out);
void gateway_free(struct gateway *g);

/* The facts of the index pass (borrowed; must outlive the object pass
 * and gateway_finish, not gateway_free), before the object pass: the Secrets behind proxy-ssl-secret are judged from them
 * when each Ingress is handed over. Allocates a sorted list of the
 * Secrets. */
void gateway_use_index(struct gateway *g, const struct index *ix);

/* Learn a Service's ports. obj is any object; others are ignored. */
void gateway_add_service(struct gateway *g, struct stream *st, struct node *obj);

/* Copy what an Ingress-NGINX Ingress of class cls (may be NULL) needs;
 * prefix is the annotation prefix without '/'. */
void gateway_add_ingress(struct gateway *g, struct stream *st, const struct ingress *ing, const char *cls,
			 const char *prefix);

/* Append the emitted documents to out (each starts with '---'), and the
 * findings of whole-input decisions to the findings list; with out NULL
 * (lint) the findings only, keeping no object text. */
void gateway_finish(struct gateway *g, struct buf *out);
/* gateway_finish() writing the documents to out one by one (each object's
 * text is freed once written, so the output is not held twice); *written
 * gets the bytes written. Returns 0, or -1 when a write failed (the caller
 * reports it). */
int gateway_finish_to(struct gateway *g, FILE *out, size_t *written);

#endif
