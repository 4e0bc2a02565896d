/* emit_ingress_conv.h - the Higress Ingress target's converters.
 *
 * The analysis judges each annotation against the rule table; where the
 * Higress Ingress block of its row names a converter, the converter refines
 * that judgement for the value at hand (status, severity, message, fix) and
 * writes what Higress reads into the plan, which emit_ingress.c splices into
 * the Ingress. The converters read the nginx values through the Ingress's
 * intents (conv.h) where those carry them; the analysis keeps the
 * cross-object facts and lends them through struct hconv_env.
 */
#ifndef I2H_EMIT_INGRESS_CONV_H
#define I2H_EMIT_INGRESS_CONV_H

#include <stdbool.h>
#include <stddef.h>

#include "conv.h"
#include "finding.h"
#include "ingress.h"
#include "plan.h"
#include "rules.h"
#include "util.h"

struct ctrl_settings;
struct snippet;

/* A Secret of the input seen so far that auth-tls-secret may need; all
 * strings owned by the store. */
struct ca_secret {
	char *ns;		/* NULL when the object names none */
	char *name;
	char *ca;		/* its 'ca.crt' as written, or NULL */
	bool string_data;	/* 'ca.crt' from stringData (PEM), not data (base64) */
	bool added;		/* added by convert after an Ingress */
};

/* A CA Secret an Ingress named before it was seen; all strings owned by
 * the store. */
struct ca_wanted {
	char *ns;
	char *name;
	char *ingress;		/* the Ingress's name */
	char *target;		/* the '<tls-secret>-cacert' it should have become */
};

/* The Secrets auth-tls-secret reads and the ones it still waits for.
 * Zero-initialise; release with ca_store_free(). */
struct ca_store {
	struct ca_secret *v;
	size_t n, cap;
	struct ca_wanted *wanted;
	size_t nwanted, wcap;
};

void ca_store_free(struct ca_store *s);
/* The remembered Secret ns/name (NULL ns: none given), or NULL. Borrowed. */
struct ca_secret *ca_store_find(struct ca_store *s, const char *ns, const char *name);
/* Remember a Secret (strings copied); returns the borrowed entry, valid
 * until the next ca_store_add. */
struct ca_secret *ca_store_add(struct ca_store *s, const char *ns, const char *name, const char *ca,
			       bool string_data, bool added);

/* The run and the cross-object facts the converters read; everything is
 * borrowed from the analysis, which fills it. */
struct hconv_env {
	const struct ruleset *rules;
	const char *prefix;		/* the controller's annotation prefix, without '/' */
	bool convert;			/* plans are applied (documents may be added) */
	bool keep_class;
	bool keep_unsupported;
	const struct ctrl_settings *ctrl;	/* the controller ConfigMap's defaults, or NULL */
	int passthrough_flag;		/* the controller's --enable-ssl-passthrough: -1 unknown, 0 off, 1 on */
	const char *controller;		/* "Kind 'ns/name'" of the workload that told it, or NULL */
	struct ca_store *secrets;	/* auth-tls-secret's Secrets (the converter adds to it) */
	struct buf *added_docs;		/* documents to add after the current object (appended to) */
	/* The Ingress seen earlier that gave one of ing's hosts TLS ("ns/name",
	 * borrowed), *host set to that host; or NULL. */
	const char *(*earlier_tls)(void *ud, const struct ingress *ing, const char **host);
	void *ud;			/* earlier_tls's first argument */
};

/* One annotation being converted: what the analysis lends (borrowed) and
 * the judgement the converter may change (message and fix owned: free
 * them after use; fix "" means no fix). */
struct hconv {
	const struct hconv_env *env;
	const struct ingress *ing;
	const struct conv *in;		/* the Ingress's intents (all its annotations) */
	struct plan *plan;
	size_t idx;			/* the annotation's index in ing->ann */
	const struct annotation *an;
	const char *name;		/* its name without the prefix */
	enum status status;		/* the rule's, until a converter says otherwise */
	enum severity sev;
	char *message;			/* override, or NULL for the rule's */
	char *fix;			/* override ("" for none), or NULL for the rule's */
};

/* Run the converter named 'convert' (a row's higress 'convert') on c.
 * Returns false when no converter has that name. */
bool hconv_run(struct hconv *c, const char *convert);

/* Do the converters and conv_names.c list the same names, in the same
 * order? Allocates nothing. */
bool hconv_names_agree(void);

/* With a custom annotation prefix Higress reads none of the keys: move
 * the annotation to the prefix Higress reads (composed with what the plan
 * already does to it) and append that to message. Returns the new message
 * (allocated, caller frees) or NULL when nothing moved. */
char *hconv_move_to_prefix(struct hconv *c, const char *message);

/* Replace c's message by msg (allocated; c owns it from here). */
void hconv_set_message(struct hconv *c, char *msg);

/* Give annotation idx the value v (copied into the plan), composed with
 * what the plan already does to it: a new value for a moved key goes
 * under the new key, a removed annotation stays removed. */
void hconv_plan_set_value(struct plan *plan, size_t idx, const char *v);

/* Remove annotation idx with reason (copied into the plan), whatever the
 * plan did to it before: removal wins over a value set or a move. */
void hconv_plan_remove(struct plan *plan, size_t idx, const char *reason);

/* The plan's action on annotation idx that removes or rewrites it, or
 * NULL (a plan holds at most one). Borrowed. */
struct action *hconv_rewriting_action(struct plan *plan, size_t idx);

/* A key Higress reads under the Ingress-NGINX prefix, for the short name.
 * Allocated; caller frees. */
char *hconv_key(const char *name);

/* Add the annotation Higress reads for the short name with value (both
 * copied into the plan), for reason. Returns the key (allocated; caller
 * frees), for messages. */
char *hconv_add(struct plan *plan, const char *name, const char *value, const char *reason);

/* Switch the class: type ACT_SET_CLASS or ACT_ADD_CLASS (key NULL), or
 * ACT_ADD of the class annotation key; cls and reason (or NULL) copied. */
void hconv_set_class(struct plan *plan, enum action_type type, const char *key, const char *cls, const char *reason);

/* Carry a converted snippet's header operations and redirect into the
 * Ingress as Higress annotations (the plan replaces annotation idx, the
 * snippet, by them); the keys written are appended to keys (a comma
 * list, the caller's buffer). A key the Ingress already has keeps its
 * value, first; a key the other snippet writes gets one value for both. */
void hconv_snippet(const struct ingress *ing, struct plan *plan, size_t idx, const struct snippet *s,
		   struct buf *keys);

/* The annotation prefix Higress reads besides higress.io. */
#define HCONV_NGINX_PREFIX "nginx.ingress.kubernetes.io"

#endif
