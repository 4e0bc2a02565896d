/* ctrl_config.h - the Ingress-NGINX controller ConfigMap: which one it is,
 * what each of its keys means on Higress, and the controller-wide
 * defaults the per-Ingress analysis assumes.
 *
 * The controller ConfigMap is a v1 ConfigMap whose name contains
 * 'ingress-nginx-controller' or 'nginx-ingress-controller' (the charts'
 * names) or is 'nginx-configuration' (the older static manifests), or
 * one whose 'data' holds at least two keys and only keys of the
 * controller's table (ctrl_config_wanted decides, for the index pass).
 * '--nginx-configmap FILE' names it instead: then the ConfigMaps of the
 * inputs are not used. Two candidates in one place are an error and
 * neither is used.
 *
 * In the object pass, the chosen ConfigMap gets one finding per key
 * (ctrl_config_object), and what has an exact 'higress-config'
 * counterpart is collected (struct higress_values) for emit_config.c.
 */
#ifndef I2H_CTRL_CONFIG_H
#define I2H_CTRL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "index.h"
#include "ingress.h"
#include "stream.h"

/* What a key of the controller ConfigMap is, on Higress. */
enum ctrl_class {
	CTRL_HIGRESS,	/* an exact 'higress-config' counterpart: written */
	CTRL_DEFAULT,	/* a default the per-Ingress analysis assumes: applied */
	CTRL_LOST,	/* changes behaviour; no Higress setting keeps it */
	CTRL_NGINX,	/* tunes nginx itself (logs, workers, caches): nothing to carry */
	CTRL_SNIPPET,	/* raw nginx configuration */
};

/* How a value is checked (as the controller's Go decoder reads it). */
enum ctrl_type {
	CTRL_TEXT,	/* any string */
	CTRL_BOOL,	/* strconv.ParseBool */
	CTRL_UINT,	/* a non-negative strconv.Atoi */
	CTRL_SIZE,	/* an nginx size: digits, then k, m or g (either case) or nothing */
	CTRL_FLOAT,	/* a non-negative decimal number */
};

/* One row of the key table. */
struct ctrl_key {
	const char *name;
	unsigned char cls;	/* enum ctrl_class */
	unsigned char type;	/* enum ctrl_type */
	unsigned char sev;	/* enum severity of its finding */
	const char *dflt;	/* ingress-nginx's default as written, or NULL (empty) */
	const char *higress;	/* the counterpart, or what is lost, for the message */
};

/* The key table, sorted by name; its row count in *n (static). */
const struct ctrl_key *ctrl_keys(size_t *n);
/* The row of key name, or NULL. */
const struct ctrl_key *ctrl_key_find(const char *name);
/* Does value v pass the key's type check? */
bool ctrl_value_ok(const struct ctrl_key *k, const char *v);
/* Go's strconv.ParseBool: 1 true, 0 false, -1 neither. */
int ctrl_parse_bool(const char *v);
/* An nginx size ("8k", "1m", "512") in bytes, or -1 when it is none (or
 * larger than a long holds). */
long ctrl_parse_size(const char *v);

/* The index pass's ConfigMap filter (index_configmap_filter): the name
 * rule and the key rule above. Allocates nothing. */
bool ctrl_config_wanted(const char *name, const char *const *keys, size_t n, void *ud);

/* What 'higress-config' gets (section 4.3 of the reference): only keys
 * with an exact counterpart and a valid value. Strings owned. */
struct higress_values {
	int gzip_enable;		/* -1 not written, else 0 or 1 */
	long gzip_min_length;		/* 0: not written */
	const char *gzip_level;		/* static, or NULL */
	char **gzip_types;		/* owned, ngzip_types of them */
	size_t ngzip_types;
	long down_idle;			/* downstream.idleTimeout, -1: not written */
	long up_idle;			/* upstream.idleTimeout, -1 */
	long max_streams;		/* downstream.http2.maxConcurrentStreams, 0 */
	long max_headers_kb;		/* downstream.maxRequestHeadersKb, 0 */
	bool tracing;			/* tracing.enable with opentelemetry */
	char *otel_service, *otel_port;	/* owned, with tracing */
	char *sampling;			/* owned: percent, a plain YAML number */
};

/* The controller-wide defaults the per-Ingress analysis assumes (each
 * ingress-nginx's own default when there is no ConfigMap). */
struct ctrl_settings {
	bool found;			/* a controller ConfigMap is used */
	bool ssl_redirect;		/* ssl-redirect */
	bool force_ssl_redirect;	/* force-ssl-redirect */
	long connect_timeout, send_timeout, read_timeout;	/* proxy-*-timeout, seconds */
	const char *ip_header;		/* use-forwarded-headers true: the client address header, else NULL */
	const char *allowlist;		/* whitelist-source-range: ranges (valid), or NULL */
	bool hsts;			/* hsts: Strict-Transport-Security on HTTPS responses */
	const char *hsts_max_age;	/* hsts-max-age as written (valid), static or borrowed */
	bool hsts_include_subdomains;	/* hsts-include-subdomains */
	bool hsts_preload;		/* hsts-preload */
};

struct ctrl_config;

/* A new, empty choice (ingress-nginx's defaults). Free with
 * ctrl_config_free(). */
struct ctrl_config *ctrl_config_new(void);
void ctrl_config_free(struct ctrl_config *cc);

/* Learn the candidates ix kept (after its pass): the one is chosen (its
 * values copied), two or more are a conflict. given: ix is the index of
 * --nginx-configmap FILE; a later call for the inputs then only marks
 * their candidates as overridden. A ConfigMap 'higress-config' of the
 * inputs in higress_ns is no candidate: it means convert writes none
 * (the output converted again stays as it is). Returns the number of
 * candidates. */
size_t ctrl_config_choose(struct ctrl_config *cc, const struct index *ix, bool given, const char *higress_ns);

/* The defaults (borrowed from cc). */
const struct ctrl_settings *ctrl_config_settings(const struct ctrl_config *cc);
/* The 'higress-config' values to write, or NULL when no controller
 * ConfigMap is used or the input has a higress-config (borrowed from cc). */
const struct higress_values *ctrl_config_higress(const struct ctrl_config *cc);
/* The value of the 'Strict-Transport-Security' header ingress-nginx sent
 * on HTTPS responses with settings s (its defaults when s is NULL):
 * "max-age=N[; includeSubDomains][; preload]" as lua_ingress.lua's
 * header() builds it, or NULL when 'hsts' is false. Allocates; the caller
 * frees. */
char *ctrl_hsts_value(const struct ctrl_settings *s);
/* The ConfigMap used, "ns/name" (static ""), for messages. */
const char *ctrl_config_who(const struct ctrl_config *cc);
/* The value of key in the ConfigMap used (the last one written) when it
 * passes the key's type check, else NULL: no ConfigMap used, the key not
 * set, or not valid (the controller then keeps its default). Borrowed
 * from cc. */
const char *ctrl_config_value(const struct ctrl_config *cc, const char *key);
/* Where the ConfigMap used starts: its file (borrowed from cc) and line.
 * False, with nothing set, when none is used. */
bool ctrl_config_where(const struct ctrl_config *cc, const char **file, size_t *line);

/* The object pass: when obj is a candidate, add its findings to out
 * (one per key of the one used; the conflict or the override otherwise)
 * and return true. higress_ns names where 'higress-config' goes; convert
 * says whether it is written. Allocates only findings. */
bool ctrl_config_object(struct ctrl_config *cc, struct stream *st, struct node *obj, const char *higress_ns,
			bool convert, struct findings *out);

/* Does a response-header-control value name the header: an add/update
 * value ('Name value' lines) with a line for it, or a remove value (a
 * comma list) holding it? Case-insensitive. Allocates nothing. */
bool hsts_named(const char *value, bool remove);

/* The annotation of ing (prefix: the controller's, without '/') that sets,
 * adds or removes 'Strict-Transport-Security' itself, so that no default
 * is added (borrowed), or NULL: a higress.io response-header-control key
 * naming it, or a configuration- or server-snippet mentioning it.
 * Allocates nothing. */
const struct annotation *ctrl_hsts_own(const struct ingress *ing, const char *prefix);

#endif
