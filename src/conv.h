/* conv.h - target-neutral conversion intents of an Ingress-NGINX Ingress.
 *
 * conv_add reads one annotation (its name without the prefix) into the
 * intents; an emitter turns the intents into its own form. Strings in a
 * struct conv are owned (conv_free releases them).
 */
#ifndef I2H_CONV_H
#define I2H_CONV_H

#include <stdbool.h>
#include <stddef.h>

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

/* Every boolean annotation is read as ingress-nginx reads it (Go's
 * strconv.ParseBool, scalar_go_bool): "1", "t", "True", ... are true; a
 * spelling that is neither true nor false leaves the default. */
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
	/* CORS: enable-cors and the cors-* values as written (NULL unset) */
	bool cors;
	char *cors_origin, *cors_methods, *cors_headers, *cors_expose;
	int cors_credentials;		/* enum conv_tristate */
	char *cors_max_age;
	/* mirror */
	char *mirror_target;
	char *mirror_host;
	int mirror_body;		/* enum conv_tristate: on, off, unset */
	/* proxy-*-timeout in seconds (strconv.Atoi), -1 unset or not a
	 * non-negative number */
	long connect_timeout, send_timeout, read_timeout;
	char *server_alias;
	char *default_backend;
	long next_upstream_tries;	/* -1 unset */
	char *affinity;
	char *session_cookie_name;
	/* backend protocol and TLS (GRPCRoute, BackendTLSPolicy, TLSRoute) */
	enum conv_protocol protocol;	/* backend-protocol */
	char *protocol_value;		/* as written, for messages (NULL: unset) */
	char *proxy_ssl_secret;		/* "[ns/]name", or NULL */
	char *proxy_ssl_name;
	int proxy_ssl_verify;		/* enum conv_tristate ("on"/"off") */
	int proxy_ssl_server_name;	/* enum conv_tristate ("on"/"off") */
	bool ssl_passthrough;
	/* What the Higress Ingress converters read besides the above
	 * (emit_ingress_conv.c); all owned. */
	char *ciphers;			/* ssl-ciphers: its entries (OpenSSL separates them by
					 * ':', ',' or white space) joined by ':', "" for none,
					 * NULL when unset */
	char *hash_by;			/* upstream-hash-by without the blanks around it */
	char *protocol_name;		/* backend-protocol without the blanks around it */
	char *redirect_temporal;	/* temporal-redirect as written (redirect_url holds
					 * whichever wins), or NULL */
	int canary_go;			/* 'canary' by strconv.ParseBool, as both controllers
					 * read it: 1, 0, -1 unset or neither ('canary' above
					 * is canary_go == 1, like the index's role) */
	long canary_weight_go;		/* canary-weight by conv_atoi32, 0 unset or not a number */
	long canary_total_go;		/* canary-weight-total by conv_atoi32, 100 unset or not one */
	char *next_upstream;		/* proxy-next-upstream as written, or NULL */
};

/* Ingress-NGINX's defaults when 'enable-cors' is true (cors/main.go). */
#define CONV_CORS_ORIGIN "*"
#define CONV_CORS_METHODS "GET, PUT, POST, DELETE, PATCH, OPTIONS"
#define CONV_CORS_HEADERS \
	"DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization"
#define CONV_CORS_MAX_AGE 1728000L
/* ConfigMap defaults of proxy-connect-timeout, -send- and -read- (seconds) */
#define CONV_CONNECT_TIMEOUT 5L
#define CONV_SEND_TIMEOUT 60L
#define CONV_READ_TIMEOUT 60L

/* A Service named by a mirror-target URL of the cluster DNS form
 * http(s)://SVC.NS.svc[.cluster.local][:PORT][/PATH]. Strings owned
 * (conv_mirror_free). */
struct conv_mirror {
	char *svc, *ns;
	long port;		/* the URL's, else 80 or 443 by scheme */
	bool port_given;
	bool tls;		/* https */
	char *path;		/* what follows host and port, "" for none */
};

/* A URL Ingress-NGINX proxies to (mirror-target): http(s)://HOST[:PORT]REST,
 * HOST a DNS name or an IP address (IPv6 in brackets), REST from the first
 * '/', '?', '#' or '$' after it on (mirror/main.go splits the target on
 * '$' to find the host). Strings owned (conv_url_free). */
struct conv_url {
	bool tls;		/* the scheme is https (either scheme in any case) */
	char *host;		/* lowercase, without brackets or a final '.' */
	bool ip;		/* an IPv4 or IPv6 address */
	char *port;		/* the port's digits as written, or NULL */
	char *rest;		/* what follows host and port, "" for none */
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

/* Parse a mirror-target value; true when it names a Service in the
 * cluster DNS form (m filled, free with conv_mirror_free), false
 * otherwise (m left empty). */
bool conv_mirror(const char *value, struct conv_mirror *m);
void conv_mirror_free(struct conv_mirror *m);

/* Parse value (blanks around it ignored) as a URL of struct conv_url;
 * true with u filled (allocated; conv_url_free), false with u empty when
 * it is not one (no scheme, a port that is not a TCP port, a host that is
 * not a DNS name or an address, a variable in the host). */
bool conv_url(const char *value, struct conv_url *u);
void conv_url_free(struct conv_url *u);

/* A Secret reference '[ns/]name' (blanks around it ignored): true with
 * *ns (NULL when none is given, possibly "") and *name allocated (caller
 * frees both), false with both NULL when it has two '/' or no name. */
bool conv_secret_ref(const char *value, char **ns, char **name);

/* value without the white space (isspace) around it. Allocated; caller
 * frees. */
char *conv_trim(const char *value);

/* Go's strconv.Atoi limited to the int32 range both controllers store
 * weights and counts in: true with *out set, false (*out untouched) when
 * s is not such a number. */
bool conv_atoi32(const char *s, long *out);

/* Go's strconv.ParseBool: 1 true, 0 false, -1 neither. */
int conv_go_bool(const char *v);

/* A Gateway API Duration (GEP-2257: up to four 1-5 digit h/m/s/ms
 * groups) for secs seconds, written into out (at least 16 bytes; the
 * longest is '99999h59m59s'); allocates nothing; false when secs is too
 * large to write. */
bool conv_duration(long secs, char *out, size_t size);

/* A gRPC method match from an Ingress path: an nginx path naming a
 * service ('/pkg.Service', prefix only) or a method ('/pkg.Service/Method').
 * Returns true and sets *service and *method (allocated, caller frees;
 * *method NULL for a whole service) when the path is one; exact is the
 * path type (an exact path must name a method). Allocates nothing when it
 * returns false. */
bool conv_grpc_method(const char *path, bool exact, char **service, char **method);

/* One rule of Higress's nginx-rewrite-compatible plugin (emit_plugins.c
 * names the source and the facts) standing for one nginx 'rewrite'.
 * Strings owned; release with conv_rw_free(). */
struct conv_rw {
	char *regex;		/* RE2; matches the whole path, so that the plugin's
				 * replace-all yields the replacement alone, as nginx does */
	char *replacement;	/* Go template: nginx's $N written ${N} */
	char *query_append;	/* or NULL */
	char *query_template;	/* or NULL */
	bool brk;		/* mode 'break', else 'last' (go on with the next rule) */
	char *notes;		/* differences from nginx this rule has, or NULL */
};

/* nginx's 'rewrite REGEX REPLACEMENT [FLAG]' (flag NULL or "" for none)
 * as a plugin rule. anchored: the enclosing location matched REGEX at the
 * start of the path already (rewrite-target's '~*' location), which keeps
 * the rule short. Returns true with r filled (allocated; conv_rw_free), or
 * false with *why (allocated, caller frees; names no value beyond the
 * directive's own text) and r zeroed. */
bool conv_nginx_rewrite(const char *regex, const char *repl, const char *flag, bool anchored, struct conv_rw *r,
			char **why);
void conv_rw_free(struct conv_rw *r);

/* The plugin regex standing for nginx regex re as a whole-path match (see
 * conv_rw.regex; anchored as for conv_nginx_rewrite). Allocated. */
char *conv_rw_regex(const char *re, bool anchored);

/* Does s hold characters nginx would read as regex syntax? */
bool conv_is_regex(const char *s);

/* Every field of struct conv, in declaration order, by type, for
 * conv_write() and conv_read(): a new field of struct conv is one line
 * here (the 'conv-fields' unit test fails when a field is missing). */
#define CONV_FIELDS(STR, BOOL, INT, LONG, SNIPPET) \
	STR(rewrite_target) BOOL(use_regex) STR(redirect_url) LONG(redirect_code) BOOL(redirect_permanent) \
	LONG(temporal_code) STR(app_root) BOOL(from_to_www) INT(ssl_redirect) BOOL(force_ssl_redirect) \
	STR(upstream_vhost) STR(x_forwarded_prefix) BOOL(canary) LONG(canary_weight) LONG(canary_weight_total) \
	STR(canary_header) STR(canary_header_value) STR(canary_header_pattern) STR(canary_cookie) BOOL(auth_tls) \
	SNIPPET(snippet) BOOL(snippet_server) BOOL(snippet_both) BOOL(cors) STR(cors_origin) STR(cors_methods) \
	STR(cors_headers) STR(cors_expose) INT(cors_credentials) STR(cors_max_age) STR(mirror_target) \
	STR(mirror_host) INT(mirror_body) LONG(connect_timeout) LONG(send_timeout) LONG(read_timeout) \
	STR(server_alias) STR(default_backend) LONG(next_upstream_tries) STR(affinity) STR(session_cookie_name) \
	INT(protocol) STR(protocol_value) STR(proxy_ssl_secret) STR(proxy_ssl_name) INT(proxy_ssl_verify) \
	INT(proxy_ssl_server_name) BOOL(ssl_passthrough) \
	STR(ciphers) \
	STR(hash_by) \
	STR(protocol_name) \
	STR(redirect_temporal) \
	INT(canary_go) \
	LONG(canary_weight_go) \
	LONG(canary_total_go) \
	STR(next_upstream)

struct buf;

/* Append c to b in a private binary form (conv_read reads it back);
 * allocates nothing beyond b. Of the snippet it keeps what an emitter
 * writes: the header operations and the redirect (not the items, notes
 * and rewrites the analysis has reported already). */
void conv_write(const struct conv *c, struct buf *b);
/* Read a conv that conv_write wrote at *p (moved past it) into c
 * (initialised here; strings allocated, conv_free releases them). */
void conv_read(struct conv *c, const char **p);
/* Do the fields of CONV_FIELDS cover struct conv (each gap between them
 * smaller than the next field's alignment)? For the unit test. */
bool conv_fields_complete(void);

#endif
