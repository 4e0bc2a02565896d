/* analyze.h - classify objects and annotations against the rule table.
 *
 * For each object of the stream: IngressClass objects extend the set of
 * Ingress-NGINX classes; Ingresses of an Ingress-NGINX class get one
 * finding per prefixed annotation plus object-level findings, and a
 * conversion plan that the target emitter applies. Everything else
 * passes through untouched.
 */
#ifndef I2H_ANALYZE_H
#define I2H_ANALYZE_H

#include <stdbool.h>

#include "finding.h"
#include "index.h"
#include "ingress.h"
#include "plan.h"
#include "rules.h"
#include "stream.h"
#include "target.h"

struct analyze_options {
	const char *prefix;		/* annotation prefix, without '/' */
	const char *const *classes;	/* Ingress-NGINX class names */
	size_t nclasses;
	bool include_classless;
	const char *default_class;	/* the cluster's default IngressClass as configured
					 * (overrides the input's marks), or NULL */
	bool convert;			/* build plans and apply them */
	const char *target_class;
	bool keep_class;
	bool keep_unsupported;
	bool no_comments;		/* no comment lines on added or changed lines */
	enum target target;		/* the target judged for (and converted to) */
	struct gateway *gateway;		/* --to gateway: the emitter, or NULL */
	struct checks *checks;		/* the checks command: its emitter, or NULL */
	struct plugins *plugins;		/* convert: the WasmPlugin emitter, or NULL (--no-plugins) */
	bool keep_ingresses;		/* --to gateway: copy converted Ingresses too */
	const struct ctrl_settings *ctrl;	/* the controller ConfigMap's defaults, or NULL */
};

struct analyze_stats {
	size_t objects;
	size_t ingresses;	/* Ingress-NGINX Ingresses analysed */
	size_t annotations;	/* prefixed annotations on them */
};

struct ctrl_settings;
struct analyzer;

/* Create an analyzer; rules and findings are borrowed and must outlive
 * it. Free with analyzer_free(). */
struct analyzer *analyzer_new(const struct analyze_options *opt,
			      const struct ruleset *rules, struct findings *out);
void analyzer_free(struct analyzer *a);

/* The stream callback (ud is the analyzer). */
int analyze_object(void *ud, struct stream *st, struct node *obj);

/* Before the object pass: learn what the index pass found in the whole
 * input, so the object pass knows it wherever it stands (the Ingress-NGINX
 * IngressClasses and the default class; the TLS hosts of every Ingress).
 * ix is borrowed for this call only (the analyzer copies what it keeps).
 * Reports nothing. */
void analyzer_use_index(struct analyzer *a, const struct index *ix);

const struct analyze_stats *analyzer_stats(const struct analyzer *a);

/* Decide whether an Ingress belongs to Ingress-NGINX: 1 yes, 0 no,
 * -1 class-less (and not included). */
int analyzer_is_nginx(struct analyzer *a, const struct ingress *ing);

#endif
