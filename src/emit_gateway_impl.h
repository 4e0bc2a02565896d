/* emit_gateway_impl.h - what the emit_gateway*.c files share: the owned
 * records of the Gateway API target (Ingresses, paths, backends, Services,
 * Secrets, listeners, output objects) and the functions one file calls in
 * another. Private to the Gateway API target; the public interface is
 * emit_gateway.h. Ownership is as each definition's comment says.
 */
#ifndef I2H_EMIT_GATEWAY_IMPL_H
#define I2H_EMIT_GATEWAY_IMPL_H

#include "emit_gateway.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conv.h"
#include "spill.h"
#include "snippet.h"
#include "yaml_write.h"

/* Schema limits of Gateway API v1 */
#define MAX_LISTENERS 64
#define MAX_HOSTNAMES 16
#define MAX_RULES 16
#define MAX_GRANT_TO 16

enum ptype { P_PREFIX, P_EXACT, P_IMPL };

struct strv {
	char **v;
	size_t n;
	size_t cap;	/* allocated elements of v */
};


struct be {
	char *svc;		/* NULL: no service backend (strings owned by the cold record or in g->strs) */
	char *port_name;	/* NULL when given by number */
	long port;		/* -1 unknown */
};

struct gpath {
	char *host;		/* "" for none */
	char *path;		/* "/" when absent */
	enum ptype type;
	struct be be;
	struct pos pos;
	/* canaries merged into this path (indexes into g->ings) */
	size_t *canaries;
	size_t ncanaries;
	char *match_host;	/* a server-alias copy: the host whose regex mode it shares */
};

struct tls {
	char *host;		/* "" for a TLS block without hosts */
	char *secret;
};

/* The CORS filter of an Ingress, nginx's defaults made explicit. */
struct gcors {
	struct strv origins, methods, headers, expose;
	bool credentials;
	long max_age;		/* 0: not written */
};

/* What only the routes of one Ingress need (its intents, filters and
 * annotation positions): written to the store when the object pass is
 * done with the Ingress and loaded again (gw_cold) while its routes are
 * written, so that memory holds no Ingress's whole record. Strings owned
 * (gw_cold_free). */
struct ing_cold {
	struct gpath *paths;	/* canaries: attached from g->links when loaded */
	size_t npaths;
	struct be def;		/* when the Ingress's has_def */
	bool has_ann_def;	/* default-backend, resolved at the finish */
	struct be ann_def;
	struct conv cv;
	/* filters and rule fields (gateway_add_ingress decides them) */
	bool has_cors;		/* the CORS filter: cors_read from cv */
	struct conv_mirror mirror;	/* when the Ingress's has_mirror */
	char timeout[16];	/* rules[].timeouts.backendRequest, "" for none */
	long retry_attempts;	/* -1: no retry field */
	char *session_name;	/* sessionPersistence cookie name, or NULL */
	struct pos at_def, at_alias, at_www, at_mirror;	/* those annotations */
	struct pos at_spec_def;	/* spec.defaultBackend (or spec.backend) */
	struct strv www_from, www_to;	/* from-to-www-redirect: name -> host */
};

/* One Ingress as the finish step's cross-Ingress decisions see it: the
 * sort key, hosts, paths, backends, TLS, canary links and a few flags,
 * strings in the emitter's arena (g->strs). The rest is its cold record
 * in the store (cold_off, cold_len), loaded into c by gw_cold. */
struct ing {
	char *ns, *name, *file, *cls, *created;
	struct pos pos;
	struct tls *tls;
	struct ing_cold *c;	/* loaded cold record, or NULL */
	uint64_t cold_off;	/* the cold record in the store */
	uint32_t cold_len;
	uint32_t seq;		/* input order */
	uint32_t age;		/* "oldest wins" order (gw_older, then seq), from the finish on */
	uint32_t nrules;	/* spec.rules entries, converted or not */
	uint32_t ntls;
	bool has_def;		/* spec.defaultBackend (or spec.backend) */
	bool named_port;	/* a backend's port is given by name */
	/* copies of the intents that decisions across Ingresses read */
	bool canary, ssl_passthrough, from_to_www, has_alias, wants_regex, has_mirror, ann_default;
	bool hsts_own;		/* it sets, adds or removes 'Strict-Transport-Security' itself */
	uint8_t protocol;	/* enum conv_protocol */
};

struct svc {
	char *key;		/* "ns/name" */
	char **port_names;
	long *ports;
	size_t nports;
};

/* A host that ssl-passthrough hands to a backend on port 443. */
struct passthrough {
	const char *cls, *host;	/* in g->strs */
	size_t ing;		/* the Ingress whose root path owns it, or SIZE_MAX */
	bool has_root;		/* it has a root path: */
	struct be root;		/* its backend (strings in g->strs) */
};

/* A path's host and path as a hash, for the finish step's matching of
 * paths across Ingresses without their strings in memory. */
struct path_key {
	uint64_t hash;		/* gw_path_hash */
	uint32_t ing;		/* the Ingress (its seq until the finish sorts them, then its index) */
	uint32_t path;		/* index in its paths */
};

/* A canary path merged into a primary path. */
struct canary_link {
	uint32_t ing, path;	/* the primary Ingress (index) and its path */
	uint32_t canary;	/* the canary Ingress (index) */
	uint32_t seq;		/* order of merging */
};

/* An emitted object: its sort key (strings in g->strs) and its text in
 * the store. */
struct out_obj {
	const char *kind;	/* static */
	const char *ns, *name;
	uint64_t off;
	size_t len;
};

/* Records that memory keeps up to a budget, the rest in a spill file:
 * each record is written once (gw_store_put) and read back by offset. */
struct gw_store {
	char *mem;		/* the records in memory, owned */
	size_t len, cap, budget;
	bool spilling;		/* the records from len on are in sp (or wbuf) */
	struct spill sp;
	char *wbuf;		/* what is written to sp next (GW_STORE_WBUF bytes), owned */
	size_t wlen;
	uint64_t wstart;	/* offset in sp of wbuf[0] */
	uint64_t end;		/* offset of the next record */
};

/* Strings that live as long as the emitter, in blocks (no free of one). */
struct arena {
	char **blocks;
	size_t nblocks, cap;
	size_t used, size;	/* of the last block */
};

struct gateway {
	const struct gateway_options *opt;
	struct findings *out;
	struct ing *ings;
	size_t nings, cap;
	struct svc *svcs;
	size_t nsvcs, svcap;
	struct out_obj *objs;
	size_t nobjs, objcap;
	struct gw_store store;	/* cold records and object texts */
	struct arena strs;	/* the strings of the Ingress records and object keys */
	struct ing **loaded;	/* Ingresses whose cold record is loaded */
	size_t nloaded, loadcap;
	struct path_key *pkeys;	/* every path of every Ingress */
	size_t npkeys, pkcap;
	struct canary_link *links;	/* canaries merged into primary paths */
	size_t nlinks, linkcap;
	bool links_sorted;
	size_t nprimary;	/* pkeys[0..nprimary): the primaries', sorted (finish) */
	uint32_t *by_age;	/* Ingress indexes in "oldest wins" order (finish) */
	size_t regcap;
	char **regex_hosts;	/* hosts whose paths nginx reads as regexes (in g->strs) */
	size_t nregex;
	bool findings_only;	/* gateway_finish without output: keep no text */
	const struct index *ix;	/* the index pass's facts (gateway_use_index), or NULL */
	uint32_t *secrets;	/* its v1 Secrets, sorted (index_secrets_sorted) */
	size_t nsecrets;
	struct passthrough *pass;	/* ssl-passthrough hosts (finish) */
	const char *prefix;	/* the annotation prefix (borrowed) */
	size_t npass;
	char *hsts;		/* the HSTS value ingress-nginx sent (ctrl_hsts_value), or NULL; owned */
	bool hsts_known;	/* hsts is read (when routes are written: the ConfigMap may come last) */
};

/* Listeners ---------------------------------------------------------------- */

struct listener {
	const char *cls, *host, *secret_ns, *secret;	/* the Ingresses' (g->strs) */
	const char *gw;		/* Gateway name (in g->strs) */
	const char *name;	/* listener name (in g->strs) */
	size_t order;		/* learning order: the first of a host wins */
	size_t ing;		/* index of the Ingress it comes from */
	bool passthrough;	/* TLS, mode Passthrough (ssl-passthrough), no Secret */
};

struct listeners {
	struct listener *v;
	size_t n, cap;
};

/* emit_gateway.c */
/* Add a finding on Ingress n at at (NULL: the object); strings are copied
 * by the findings list. */
void gw_finding(struct gateway *g, const struct ing *n, const struct pos *at, enum status st,
		enum severity sev, const char *rule, const char *msg, const char *fix);
/* A DNS label from prefix and s; allocated, caller frees. */
char *gw_label(const char *prefix, const char *s);
/* Take text (detached; b is left empty) as output object kind ns/name;
 * with findings only, text is freed instead. kind is static. */
void gw_add_obj(struct gateway *g, const char *kind, const char *ns, const char *name, struct buf *text);
/* Write the apiVersion, kind, metadata and provenance comment (from)
 * of a new object; allocates nothing beyond w's buffer. */
void gw_header(struct yw *w, const char *kind, const char *ns, const char *name, const char *from);
/* The provenance comment of objects made from n; allocated, caller frees. */
char *gw_provenance(const struct ing *n);
/* Is a older than b for "oldest wins"? */
bool gw_older(const struct ing *a, const struct ing *b);

/* emit_gateway_store.c */
/* An empty store (memory up to the budget: 8 MiB, or a debug build's
 * I2H_GATEWAY_BUDGET); allocates nothing yet. */
void gw_store_init(struct gw_store *s);
void gw_store_free(struct gw_store *s);
/* Write p[0..n) as the next record; returns its offset. */
uint64_t gw_store_put(struct gw_store *s, const void *p, size_t n);
/* Read the n bytes of the record at off into dst. */
void gw_store_get(struct gw_store *s, uint64_t off, void *dst, size_t n);
/* Grow *arr (of *cap elements of size elsz) to hold need elements, by
 * half again (not doubling: the records that grow with the input). */
void gw_grow(void **arr, size_t *cap, size_t need, size_t elsz);
/* A copy of s (NULL: NULL) in a, freed with a. */
char *gw_arena_dup(struct arena *a, const char *s);
void gw_arena_free(struct arena *a);
/* n's cold record (allocated; gw_cold_free frees it) to the store. */
void gw_cold_store(struct gateway *g, struct ing *n);
/* n's cold record, loaded from the store if it is not (listed in
 * g->loaded until gw_cold_drop). Owned by n. */
struct ing_cold *gw_cold(struct gateway *g, const struct ing *n);
/* Free the cold records loaded since the last drop. */
void gw_cold_drop(struct gateway *g);
/* Free n's cold record if loaded (no other). */
void gw_cold_release(struct gateway *g, const struct ing *n);
/* The hash of a path's host and path. */
uint64_t gw_path_hash(const char *host, const char *path);
void gw_cold_free(struct ing_cold *c);

/* emit_gateway_read.c */
/* Is h a hostname Gateway API accepts? */
bool gw_valid_hostname(const char *h);
/* Value of key in map through aliases and merge keys, or NULL. Borrowed. */
struct node *gw_get(struct node *map, const char *key);
/* Set status, severity and message (copied) of the finding of
 * annotation prefix/name of the Ingress just analysed. */
void gw_override(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix,
		 const char *name, enum status status, enum severity sev, const char *msg);
/* The decisions that need only Ingress in (copied into n). */
void gw_judge(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
	      const char *prefix);
/* Set status, severity and message (copied) of finding i (SIZE_MAX: none). */
void gw_refine(struct gateway *g, size_t i, enum status status, enum severity sev, const char *msg);
/* The hostname a BackendTLSPolicy of svc checks; allocated, caller frees. */
char *gw_backend_tls_hostname(const struct ing *n, const char *svc);
/* Report what a GRPCRoute cannot carry of Ingress in. */
void gw_grpc_not_carried(struct gateway *g, struct stream *st, const struct ingress *in, const char *prefix);

/* emit_gateway_filters.c */
/* Append a copy of x[0..len) to s (owned by s; gw_strv_free frees). */
void gw_strv_add(struct strv *s, const char *x, size_t len);
/* Free s's strings and array; s is left empty. */
void gw_strv_free(struct strv *s);
/* Append the items of list s (separated by seps) to out (owned by out). */
void gw_split_list(const char *s, const char *seps, struct strv *out);
/* The CORS filter of cv into c (owned; freed by the caller with
 * gw_strv_free on its lists); dropped entries quoted into drops[0..3]. */
bool gw_cors_read(const struct conv *cv, struct gcors *c, struct buf *drops);
/* CORS, mirror, timeouts and experimental fields of Ingress in:
 * decided into n, findings on the annotations. Nothing for the caller to free. */
void gw_judge_cors(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		   const char *prefix);
void gw_judge_mirror(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		     const char *prefix);
void gw_judge_timeouts(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
		       const char *prefix);
void gw_judge_experimental(struct gateway *g, struct stream *st, const struct ingress *in, struct ing *n,
			   const char *prefix);
/* Does a rule of n carry CORS or RequestMirror filters? */
bool gw_has_more_filters(const struct ing *n);
/* Write the CORS and RequestMirror filter items of n into w. */
void gw_more_filters(struct yw *w, const struct ing *n);
/* Write the rule fields after backendRefs (timeouts, retry, session). */
void gw_rule_fields(struct yw *w, const struct ing *n);

/* emit_gateway_routes.c */
/* qsort/bsearch order of Services and of host strings. */
int gw_svc_cmp(const void *a, const void *b);
/* Resolve b's named port through the Services; report what cannot be. */
void gw_resolve_port(struct gateway *g, const struct ing *n, struct be *b, const struct pos *at);
int gw_str_cmp(const void *a, const void *b);
/* Does n ask for regex paths (use-regex, rewrite-target)? */
bool gw_wants_regex(const struct ing *n);
/* Does b name a Service and a port number? */
bool gw_usable(const struct be *b);
/* The path of canary cn with p's host and path, or NULL. Borrowed. */
const struct gpath *gw_canary_path(const struct ing *cn, const struct gpath *p);
/* The name of the Gateway of class cls; allocated, caller frees. */
char *gw_gateway_name(const char *cls);
/* The backend of host's lowest-precedence rule, or NULL. Borrowed. */
const struct be *gw_default_backend(const struct ing *n, const char *host);
/* The HTTPRoutes or GRPCRoutes of n (and its redirect routes) to the
 * output objects. */
void gw_route_objects(struct gateway *g, struct ing *n, struct listeners *ls);
/* The passthrough entry of host in class cls, or NULL. Borrowed. */
struct passthrough *gw_passthrough_of(const struct gateway *g, const char *cls, const char *host);
/* Learn the ssl-passthrough hosts (g->pass, owned by g). */
void gw_find_passthrough(struct gateway *g);
/* The TLSRoutes of every passthrough host to the output objects. */
void gw_all_tls_routes(struct gateway *g, struct listeners *ls);
/* The HTTPRoutes of the www redirects of n to the output objects. */
void gw_www_routes(struct gateway *g, const struct ing *n, struct listeners *ls);

/* emit_gateway_listeners.c */
/* The listener of host in class cls (ls sorted), or NULL. Borrowed. */
struct listener *gw_find_listener(struct listeners *ls, const char *cls, const char *host);
/* Does n have a TLS entry for host? */
bool gw_tls_host(const struct ing *n, const char *host);
/* The Gateways and their Secret ReferenceGrants to the output objects. */
void gw_gateway_objects(struct gateway *g, struct listeners *ls);
/* Fill ls (its array allocated, the caller frees it; names in g->strs)
 * from the Ingresses. */
void gw_learn_listeners(struct gateway *g, struct listeners *ls);
/* The ReferenceGrants for mirror Services of other namespaces. */
void gw_mirror_grants(struct gateway *g);

/* emit_gateway_policies.c */
/* The BackendTLSPolicies to the output objects, with their findings. */
void gw_backend_tls_policies(struct gateway *g);
/* Judge the proxy-ssl-secret finding fi (SIZE_MAX: none) of Ingress n
 * (not a canary) by the Secret it names, from the index. */
void gw_judge_ssl_secret(struct gateway *g, const struct ing *n, size_t fi);

#endif
