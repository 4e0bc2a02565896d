/* conv.h - target-neutral conversion intents of an Ingress-NGINX Ingress.
 *
 * conv_add reads one annotation (its name without the prefix) into the
 * intents; an emitter turns the intents into its own form. Strings in a
 * struct conv are owned (conv_free releases them).
 */
#ifndef I2H_CONV_H
#define I2H_CONV_H

#include <stdbool.h>

enum conv_tristate { CONV_UNSET = -1, CONV_FALSE = 0, CONV_TRUE = 1 };

struct snippet;

/* backend-protocol values (case-insensitive, surrounding blanks ignored) */
enum conv_protocol {
	CONV_PROTO_HTTP,	/* HTTP, or unset */
	CONV_PROTO_HTTPS,
	CONV_PROTO_GRPC,
	CONV_PROTO_GRPCS,
	CONV_PROTO_OTHER,	/* AUTO_HTTP, FCGI, or anything else */
};

/* Does the protocol speak TLS to the backend? gRPC? */
#define CONV_PROTO_TLS(p) ((p) == CONV_PROTO_HTTPS || (p) == CONV_PROTO_GRPCS)
#define CONV_PROTO_IS_GRPC(p) ((p) == CONV_PROTO_GRPC || (p) == CONV_PROTO_GRPCS)

struct conv {
	char *rewrite_target;		/* rewrite-target, or NULL */
	bool use_regex;
	char *redirect_url;		/* permanent-redirect or temporal-redirect */
	long redirect_code;		/* as asked (permanent-redirect-code), 0 unset */
	bool redirect_permanent;
	long temporal_code;		/* temporal-redirect-code, 0 unset */
	char *app_root;
	bool from_to_www;
	int ssl_redirect;		/* enum conv_tristate */
	bool force_ssl_redirect;
	char *upstream_vhost;
	char *x_forwarded_prefix;
	bool canary;
	long canary_weight;		/* -1 unset */
	long canary_weight_total;	/* 100 unless set */
	char *canary_header;
	char *canary_header_value;
	char *canary_header_pattern;
	char *canary_cookie;
	bool auth_tls;			/* any auth-tls-* */
	struct snippet *snippet;	/* owned: the converted configuration-snippet (else
					 * server-snippet) that carries headers or a redirect */
	bool snippet_server;		/* it is the server-snippet */
	bool snippet_both;		/* both convert: the server-snippet's is not carried */
	/* backend protocol and TLS (GRPCRoute, BackendTLSPolicy, TLSRoute) */
	enum conv_protocol protocol;	/* backend-protocol */
	char *protocol_value;		/* as written, for messages (NULL: unset) */
	char *proxy_ssl_secret;		/* "[ns/]name", or NULL */
	char *proxy_ssl_name;
	int proxy_ssl_verify;		/* enum conv_tristate ("on"/"off") */
	int proxy_ssl_server_name;	/* enum conv_tristate ("on"/"off") */
	bool ssl_passthrough;
};

/* Rewrites a Gateway API route can express. */
enum conv_rewrite {
	CONV_RW_NONE,		/* no rewrite */
	CONV_RW_PREFIX,		/* match prefix, ReplacePrefixMatch */
	CONV_RW_FULL,		/* ReplaceFullPath with the (static) target */
	CONV_RW_UNSUPPORTED,	/* needs capture groups beyond the idiom */
};

void conv_init(struct conv *c);
void conv_free(struct conv *c);
/* Read annotation name (prefix removed) = value into c. Returns true when
 * the name is one of the intents' sources. Copies what it keeps. */
bool conv_add(struct conv *c, const char *name, const char *value);

/* Judge the rewrite of a path under target. For CONV_RW_PREFIX, *prefix
 * (allocated, caller frees) gets the literal path prefix to match and
 * *replace (allocated) the ReplacePrefixMatch value; for CONV_RW_FULL
 * *replace gets the full path. Otherwise both stay NULL. The idiom is
 * P(/|$)(.*) with target R$2 (R "/" or ending in "/"), P a literal path. */
enum conv_rewrite conv_rewrite(const char *path, const char *target, char **prefix, char **replace);

/* A gRPC method match from an Ingress path: an nginx path naming a
 * service ('/pkg.Service', prefix only) or a method ('/pkg.Service/Method').
 * Returns true and sets *service and *method (allocated, caller frees;
 * *method NULL for a whole service) when the path is one; exact is the
 * path type (an exact path must name a method). Allocates nothing when it
 * returns false. */
bool conv_grpc_method(const char *path, bool exact, char **service, char **method);

/* Does s hold characters nginx would read as regex syntax? */
bool conv_is_regex(const char *s);

#endif
