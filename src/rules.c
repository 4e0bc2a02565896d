/* rules.c - load, merge, look up and check the annotation rule table. */
#include "rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <libfyaml.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "conv_names.h"
#include "fydoc.h"
#include "govalid.h"
#include "util.h"

struct ruleset {
	struct rule *v;
	size_t n;
	size_t cap;
	/* true while the strings of v and sources are borrowed from static
	 * data (ruleset_new_data); the first merge makes the table own them */
	bool borrowed;
	char *sources[RSRC__COUNT];
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

static const char *const source_keys[RSRC__COUNT] = {
	[RSRC_INGRESS_NGINX] = "ingress-nginx",
	[RSRC_HIGRESS] = "higress",
};

static const char *const state_names[RS__COUNT] = {
	"current", "alias", "removed", "higress",
};

const char *const on_invalid_names[] = {
	"reject-ingress", "location-503", "default", "ignored", "auth-dropped", NULL,
};

const char *const controller_validator_names[] = {
	"regex", "bool", "int", "cidrs", "server-name", "server-names", "options",
	"common-name", "service-name", "null", NULL,
};

const char *rule_state_name(int state)
{
	return state >= 0 && state < RS__COUNT ? state_names[state] : "?";
}

static int state_from_name(const char *s)
{
	for (int i = 0; i < RS__COUNT; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

struct ruleset *ruleset_new_empty(void)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));

	rs->md = pcre2_match_data_create(1, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	if (rs->md == NULL || rs->mctx == NULL) {
		fputs("ingress2higress: error: out of memory\n", stderr);
		exit(2);
	}
	pcre2_set_match_limit(rs->mctx, 1000000);
	return rs;
}

struct ruleset *ruleset_new_data(const struct rules_data *d)
{
	struct ruleset *rs = ruleset_new_empty();

	/* one copy of the array (the compiled patterns are per table); the
	 * strings stay where they are */
	if (d->n) {
		rs->v = xmalloc(d->n * sizeof(*rs->v));
		memcpy(rs->v, d->rules, d->n * sizeof(*rs->v));
	}
	rs->n = rs->cap = d->n;
	for (int i = 0; i < RSRC__COUNT; i++)
		rs->sources[i] = (char *)d->sources[i];
	rs->borrowed = true;
	return rs;
}

const char *rule_source_key(int which)
{
	return which >= 0 && which < RSRC__COUNT ? source_keys[which] : "?";
}

const char *ruleset_source(const struct ruleset *rs, int which)
{
	return which >= 0 && which < RSRC__COUNT ? rs->sources[which] : NULL;
}

/* Copy a possibly NULL string in place (borrowed becomes owned). */
static void own_str(char **s)
{
	if (*s)
		*s = xstrdup(*s);
}

/* Make a table over static data own its strings, before a merge changes
 * any of them; nothing to do for a table that owns them already. */
static void ruleset_own(struct ruleset *rs)
{
	if (!rs->borrowed)
		return;
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->v[i];
		own_str(&r->name);
		own_str(&r->alias_of);
		own_str(&r->risk);
		own_str(&r->scope);
		own_str(&r->validator);
		own_str(&r->default_value);
		own_str(&r->on_invalid);
		own_str(&r->doc);
		own_str(&r->origin);
		for (int t = 0; t < TARGET__COUNT; t++) {
			own_str(&r->targets[t].message);
			own_str(&r->targets[t].becomes);
			own_str(&r->targets[t].fix);
			own_str(&r->targets[t].convert);
		}
	}
	for (int i = 0; i < RSRC__COUNT; i++)
		own_str(&rs->sources[i]);
	rs->borrowed = false;
}

static void target_free(struct target_rule *t)
{
	free(t->message);
	free(t->becomes);
	free(t->fix);
	free(t->convert);
}

/* Free what r owns: its compiled pattern, and its strings unless they are
 * borrowed (static data). */
static void rule_free(struct rule *r, bool borrowed)
{
	if (r->re)
		pcre2_code_free(r->re);
	if (borrowed)
		return;
	free(r->name);
	free(r->alias_of);
	free(r->risk);
	free(r->scope);
	free(r->validator);
	free(r->default_value);
	free(r->on_invalid);
	free(r->doc);
	free(r->origin);
	for (int t = 0; t < TARGET__COUNT; t++)
		target_free(&r->targets[t]);
}

void ruleset_free(struct ruleset *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i], rs->borrowed);
	free(rs->v);
	if (!rs->borrowed)
		for (int i = 0; i < RSRC__COUNT; i++)
			free(rs->sources[i]);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	free(rs);
}

/* Binary search; the array is kept sorted by name. Returns the index of
 * name, or (-(insertion point) - 1). */
static long find_index(const struct ruleset *rs, const char *name)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rs->v[mid].name, name);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *name)
{
	long i = find_index(rs, name);

	return i >= 0 ? &rs->v[i] : NULL;
}

size_t ruleset_count(const struct ruleset *rs)
{
	return rs->n;
}

const struct rule *ruleset_at(const struct ruleset *rs, size_t i)
{
	return i < rs->n ? &rs->v[i] : NULL;
}

const char *ruleset_suggest(const struct ruleset *rs, const char *name)
{
	const char *best = NULL;
	size_t bestd = strlen(name) <= 6 ? 1 : (strlen(name) <= 12 ? 2 : 3);

	bestd++;
	for (size_t i = 0; i < rs->n; i++) {
		size_t d = edit_distance(name, rs->v[i].name, bestd - 1);
		if (d < bestd) {
			bestd = d;
			best = rs->v[i].name;
		}
	}
	return best;
}

/* Loading ---------------------------------------------------------------- */

struct loader {
	const char *name;	/* for diagnostics */
	FILE *err;
	int errors;
};

static void node_where(struct fy_node *fyn, int *line, int *col)
{
	struct fy_token *t = fyn ? fy_node_get_scalar_token(fyn) : NULL;
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

	*line = m ? m->line + 1 : 1;
	*col = m ? m->column + 1 : 1;
}

static void load_error(struct loader *ld, struct fy_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void load_error(struct loader *ld, struct fy_node *at, const char *fmt, ...)
{
	va_list ap;
	int line, col;

	node_where(at, &line, &col);
	fprintf(ld->err, "%s:%d:%d: error: ", ld->name, line, col);
	va_start(ap, fmt);
	vfprintf(ld->err, fmt, ap);
	va_end(ap);
	fputc('\n', ld->err);
	ld->errors++;
}

/* Return a new copy of a scalar node's text, or NULL (with a diagnostic)
 * if it is not a scalar. */
static char *scalar_dup(struct loader *ld, struct fy_node *key, struct fy_node *val)
{
	const char *s;
	size_t len;

	if (val == NULL || fy_node_get_type(val) != FYNT_SCALAR || fy_node_is_alias(val)) {
		load_error(ld, key, "'%s' must be a scalar", fy_node_get_scalar0(key));
		return NULL;
	}
	s = fy_node_get_scalar(val, &len);
	if (s == NULL) {
		load_error(ld, val, "%s", "unreadable scalar");
		return NULL;
	}
	return xstrndup(s, len);
}

static void set_str(char **dst, char *v)
{
	if (v == NULL)
		return;
	free(*dst);
	*dst = v;
}

/* One table of fields drives the loading of a rule and of each of its
 * target blocks: a key, how its value is read, and where it goes. */
enum field_kind {
	F_STR,		/* char *, replaced */
	F_STATE,	/* int, enum rule_state */
	F_RISK,		/* char *, one of Low Medium High Critical */
	F_VALIDATOR,	/* char *, and the compiled pattern is dropped */
	F_BOOL,		/* bool, 'true' or 'false' */
	F_CONTROLLER,	/* int, enum controller_validator */
	F_ON_INVALID,	/* char *, one of on_invalid_names */
	F_STATUS,	/* int, enum status (not unknown or invalid) */
	F_SEVERITY,	/* int, enum severity */
	F_STATUSES,	/* unsigned, statuses (bit 1u << enum status) as "a, b" */
	F_TARGET,	/* a nested block of target fields; 'target' says which */
};

struct field {
	const char *key;
	enum field_kind kind;
	size_t off;		/* in struct rule (rule level) or struct target_rule */
	int target;		/* F_TARGET: enum target */
};

static const char *const target_keys[TARGET__COUNT] = {
	[TARGET_INGRESS] = "higress",
	[TARGET_GATEWAY] = "gateway",
};

static const struct field rule_fields[] = {
	{ "state", F_STATE, offsetof(struct rule, state), 0 },
	{ "alias-of", F_STR, offsetof(struct rule, alias_of), 0 },
	{ "risk", F_RISK, offsetof(struct rule, risk), 0 },
	{ "scope", F_STR, offsetof(struct rule, scope), 0 },
	{ "validator", F_VALIDATOR, offsetof(struct rule, validator), 0 },
	{ "strip-spaces", F_BOOL, offsetof(struct rule, strip_spaces), 0 },
	{ "controller-validator", F_CONTROLLER, offsetof(struct rule, controller), 0 },
	{ "default", F_STR, offsetof(struct rule, default_value), 0 },
	{ "on-invalid", F_ON_INVALID, offsetof(struct rule, on_invalid), 0 },
	{ "doc", F_STR, offsetof(struct rule, doc), 0 },
	{ "higress", F_TARGET, offsetof(struct rule, targets) + TARGET_INGRESS * sizeof(struct target_rule),
	  TARGET_INGRESS },
	{ "gateway", F_TARGET, offsetof(struct rule, targets) + TARGET_GATEWAY * sizeof(struct target_rule),
	  TARGET_GATEWAY },
	{ NULL, F_STR, 0, 0 },
};

static const struct field target_fields[] = {
	{ "status", F_STATUS, offsetof(struct target_rule, status), 0 },
	{ "severity", F_SEVERITY, offsetof(struct target_rule, severity), 0 },
	{ "message", F_STR, offsetof(struct target_rule, message), 0 },
	{ "becomes", F_STR, offsetof(struct target_rule, becomes), 0 },
	{ "fix", F_STR, offsetof(struct target_rule, fix), 0 },
	{ "convert", F_STR, offsetof(struct target_rule, convert), 0 },
	{ "may-become", F_STATUSES, offsetof(struct target_rule, may_become), 0 },
	{ NULL, F_STR, 0, 0 },
};

const char *rule_target_key(int target)
{
	return target >= 0 && target < TARGET__COUNT ? target_keys[target] : "?";
}

int rule_target_from_name(const char *key)
{
	for (int i = 0; i < TARGET__COUNT; i++)
		if (strcmp(key, target_keys[i]) == 0)
			return i;
	return -1;
}

/* The Gateway API target's converters, in one place: the names a
 * 'gateway' block may give in 'convert'. The gateway emitter implements
 * them (issue 7 §2); the analysis does not run them. */
const char *const gateway_converter_names[] = {
	"app-root",		/* RequestRedirect to the root path */
	"auth-tls",		/* critical: no frontend client-certificate validation */
	"backend-protocol",	/* GRPCRoute; BackendTLSPolicy for HTTPS/GRPCS */
	"backend-tls",		/* proxy-ssl-* -> BackendTLSPolicy */
	"canary",		/* weighted backendRefs, header matches; cookie -> error */
	"cors",			/* CORS filter */
	"default-backend",	/* lowest-precedence rule */
	"from-to-www-redirect",	/* RequestRedirect hostname */
	"mirror",		/* RequestMirror */
	"redirect",		/* permanent/temporal redirect -> RequestRedirect */
	"retry",		/* experimental rules[].retry, with --allow-experimental */
	"rewrite-target",	/* URLRewrite ReplacePrefixMatch / ReplaceFullPath */
	"server-alias",		/* extra hostnames */
	"session-persistence",	/* experimental sessionPersistence, with --allow-experimental */
	"ssl-passthrough",	/* TLSRoute on a Passthrough listener */
	"ssl-redirect",		/* RequestRedirect scheme https, 308 */
	"timeouts",		/* rules[].timeouts */
	"upstream-vhost",	/* URLRewrite hostname */
	"use-regex",		/* RegularExpression path matches */
	"x-forwarded-prefix",	/* RequestHeaderModifier */
	NULL,
};

bool target_converter_exists(int target, const char *name)
{
	if (target == TARGET_INGRESS)
		return converter_exists(name);
	if (target == TARGET_GATEWAY)
		for (const char *const *n = gateway_converter_names; *n; n++)
			if (strcmp(*n, name) == 0)
				return true;
	return false;
}

/* The statuses of a 'may-become' list ("partial, converted") as bits
 * (1u << enum status); an unknown name is a load error. Allocates only
 * temporarily. */
static unsigned statuses_from_list(struct loader *ld, struct fy_node *v, const char *s)
{
	unsigned bits = 0;

	while (*s) {
		size_t n = strcspn(s, ", ");
		if (n) {
			char *name = xstrndup(s, n);
			int st = status_from_name(name);
			if (st < 0 || st == ST_UNKNOWN || st == ST_INVALID)
				load_error(ld, v, "unknown status '%s' in 'may-become'", name);
			else
				bits |= 1u << st;
			free(name);
		}
		s += n;
		s += strspn(s, ", ");
	}
	return bits;
}

/* Load the fields of mapping map into the struct at base, by table;
 * keys named in skip (or NULL) are passed over. what names the mapping
 * in diagnostics ("rule", "target"). Allocates the strings it stores
 * (owned by the struct, freed by rule_free). */
static void load_fields(struct loader *ld, void *base, const struct field *fields,
			struct fy_node *map, const char *skip, const char *what)
{
	struct fy_node_pair *p;
	void *it = NULL;

	if (fy_node_get_type(map) != FYNT_MAPPING) {
		load_error(ld, map, "%s must be a mapping", what);
		return;
	}
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		const char *key = fy_node_get_scalar0(k);
		const struct field *f = fields;
		char *s;
		void *at;

		if (key == NULL) {
			load_error(ld, k, "%s", "keys must be scalars");
			continue;
		}
		if (skip && strcmp(key, skip) == 0)
			continue;
		while (f->key && strcmp(f->key, key) != 0)
			f++;
		if (f->key == NULL) {
			load_error(ld, k, "unknown %s field '%s'", what, key);
			continue;
		}
		at = (char *)base + f->off;
		if (f->kind == F_TARGET) {
			if (v == NULL)
				load_error(ld, k, "'%s' must be a mapping", key);
			else
				load_fields(ld, at, target_fields, v, NULL, "target");
			continue;
		}
		s = scalar_dup(ld, k, v);
		if (s == NULL)
			continue;
		switch (f->kind) {
		case F_STATE:
			*(int *)at = state_from_name(s);
			if (*(int *)at < 0)
				load_error(ld, v, "unknown state '%s'", s);
			free(s);
			break;
		case F_RISK:
			if (strcmp(s, "Low") && strcmp(s, "Medium") && strcmp(s, "High") && strcmp(s, "Critical"))
				load_error(ld, v, "unknown risk '%s' (Low, Medium, High or Critical)", s);
			set_str(at, s);
			break;
		case F_VALIDATOR: {
			struct rule *r = base;
			set_str(at, s);
			if (r->re) {
				pcre2_code_free(r->re);
				r->re = NULL;
			}
			r->re_state = 0;
			break;
		}
		case F_BOOL:
			if (strcmp(s, "true") && strcmp(s, "false"))
				load_error(ld, v, "'%s' must be true or false, not '%s'", key, s);
			*(bool *)at = strcmp(s, "true") == 0;
			free(s);
			break;
		case F_CONTROLLER:
			*(int *)at = CV_UNSET;
			for (int i = 0; controller_validator_names[i]; i++)
				if (strcmp(controller_validator_names[i], s) == 0)
					*(int *)at = i;
			if (*(int *)at == CV_UNSET)
				load_error(ld, v, "unknown '%s' value '%s'", key, s);
			free(s);
			break;
		case F_ON_INVALID: {
			bool known = false;
			for (const char *const *o = on_invalid_names; *o; o++)
				known |= strcmp(*o, s) == 0;
			if (!known)
				load_error(ld, v, "unknown '%s' value '%s'", key, s);
			set_str(at, s);
			break;
		}
		case F_STATUS:
			*(int *)at = status_from_name(s);
			if (*(int *)at < 0 || *(int *)at == ST_UNKNOWN || *(int *)at == ST_INVALID) {
				load_error(ld, v, "unknown status '%s'", s);
				*(int *)at = -1;
			}
			free(s);
			break;
		case F_STATUSES:
			*(unsigned *)at = statuses_from_list(ld, v, s);
			free(s);
			break;
		case F_SEVERITY:
			*(int *)at = severity_from_name(s);
			if (*(int *)at < 0)
				load_error(ld, v, "unknown severity '%s'", s);
			free(s);
			break;
		case F_STR:
		case F_TARGET:
			set_str(at, s);
			break;
		}
	}
}

/* Find or insert the entry called name; returns its index. */
static size_t upsert(struct ruleset *rs, const char *name)
{
	long i = find_index(rs, name);
	size_t at;

	if (i >= 0)
		return (size_t)i;
	at = (size_t)(-i - 1);
	grow_array((void **)&rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v));
	memmove(&rs->v[at + 1], &rs->v[at], (rs->n - at) * sizeof(*rs->v));
	memset(&rs->v[at], 0, sizeof(*rs->v));
	rs->v[at].name = xstrdup(name);
	rs->v[at].state = -1;
	rs->v[at].controller = CV_UNSET;
	for (int t = 0; t < TARGET__COUNT; t++) {
		rs->v[at].targets[t].status = -1;
		rs->v[at].targets[t].severity = -1;
	}
	rs->n++;
	return at;
}

static void load_rule(struct loader *ld, struct ruleset *rs, struct fy_node *map)
{
	struct fy_node *namen;
	const char *name;
	struct rule *r;
	int line, col;

	if (fy_node_get_type(map) != FYNT_MAPPING) {
		load_error(ld, map, "%s", "each rule must be a mapping");
		return;
	}
	namen = fy_node_mapping_lookup_by_string(map, "name", FY_NT);
	name = namen ? fy_node_get_scalar0(namen) : NULL;
	if (name == NULL || *name == '\0') {
		load_error(ld, map, "%s", "rule without a 'name'");
		return;
	}
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_')) {
			load_error(ld, namen, "rule name '%s' must be lowercase letters, digits, '-', '.' or '_'", name);
			return;
		}
	}
	{
		size_t idx = upsert(rs, name);
		r = &rs->v[idx];
	}
	node_where(namen, &line, &col);
	free(r->origin);
	r->origin = xasprintf("%s:%d", ld->name, line);
	load_fields(ld, r, rule_fields, map, "name", "rule");
}

/* Read the optional 'sources' mapping: the releases the table's facts
 * were read from (--version shows them). Stores owned copies in rs. */
static void load_sources(struct loader *ld, struct ruleset *rs, struct fy_node *map)
{
	struct fy_node_pair *p;
	void *it = NULL;

	if (fy_node_get_type(map) != FYNT_MAPPING) {
		load_error(ld, map, "%s", "'sources' must be a mapping");
		return;
	}
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *key = fy_node_get_scalar0(k);
		int which = -1;
		char *s;

		for (int i = 0; key && i < RSRC__COUNT; i++)
			if (strcmp(key, source_keys[i]) == 0)
				which = i;
		if (which < 0) {
			load_error(ld, k, "unknown source '%s' (ingress-nginx or higress)", key ? key : "?");
			continue;
		}
		s = scalar_dup(ld, k, fy_node_pair_value(p));
		if (s) {
			free(rs->sources[which]);
			rs->sources[which] = s;
		}
	}
}

static int load_document(struct ruleset *rs, struct loader *ld, struct fy_document *fyd)
{
	struct fy_node *root = fy_document_root(fyd), *ver, *list, *item, *src;
	void *it = NULL;

	if (root == NULL || fy_node_get_type(root) != FYNT_MAPPING) {
		load_error(ld, root, "%s", "rules file must be a mapping with 'version' and 'rules'");
		return -1;
	}
	ver = fy_node_mapping_lookup_by_string(root, "version", FY_NT);
	if (ver == NULL || fy_node_get_scalar0(ver) == NULL || strcmp(fy_node_get_scalar0(ver), "1") != 0) {
		load_error(ld, ver ? ver : root, "%s", "unsupported rules 'version' (expected 1)");
		return -1;
	}
	list = fy_node_mapping_lookup_by_string(root, "rules", FY_NT);
	if (list == NULL || fy_node_get_type(list) != FYNT_SEQUENCE) {
		load_error(ld, root, "%s", "'rules' must be a sequence");
		return -1;
	}
	src = fy_node_mapping_lookup_by_string(root, "sources", FY_NT);
	if (src)
		load_sources(ld, rs, src);
	while ((item = fy_node_sequence_iterate(list, &it)) != NULL)
		load_rule(ld, rs, item);
	return ld->errors ? -1 : 0;
}

static int load_with(struct ruleset *rs, const char *name, const char *text, size_t len, FILE *err)
{
	struct loader ld = { .name = name, .err = err };
	struct fy_document *fyd = fydoc_parse(name, text, len, "cannot load rules", err);
	int rc;

	if (fyd == NULL)
		return -1;
	ruleset_own(rs);
	rc = load_document(rs, &ld, fyd);
	fy_document_destroy(fyd);
	return rc;
}

int ruleset_load_string(struct ruleset *rs, const char *name, const char *text,
			size_t len, FILE *err)
{
	return load_with(rs, name, text, len, err);
}

int ruleset_load_file(struct ruleset *rs, const char *path, FILE *err)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	int rc;

	if (f == NULL) {
		fprintf(err, "%s: error: cannot open rules file: %s\n", path, errstr(errno));
		return -1;
	}
	/* read whole (rules files are small) so the encoding can be checked */
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fprintf(err, "%s: error: cannot read rules file: %s\n", path, errstr(errno));
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = load_with(rs, path, buf_cstr(&b), b.len, err);
	buf_free(&b);
	return rc;
}

/* Validation ------------------------------------------------------------- */

static int compile_rule(const struct rule *cr, const char **why)
{
	struct rule *r = (struct rule *)cr;	/* the cache is logically const */
	int errcode;
	PCRE2_SIZE erroff;

	if (r->re_state)
		goto out;
	r->re = pcre2_compile((PCRE2_SPTR)r->validator, PCRE2_ZERO_TERMINATED,
			      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY,
			      &errcode, &erroff, NULL);
	if (r->re == NULL) {
		r->re_state = -1;
		goto out;
	}
	(void)pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);	/* falls back when unavailable */
	r->re_state = 1;
out:
	if (r->re_state < 0 && why)
		*why = "the validator pattern does not compile";
	return r->re_state;
}

int rule_check_value(const struct ruleset *rs, const struct rule *r,
		     const char *value, const char **why)
{
	char *stripped = NULL;
	const char *subject = value;
	int rc;

	if (r->validator == NULL || value == NULL || *value == '\0')
		return 1;
	if (compile_rule(r, why) < 0)
		return -1;
	if (r->strip_spaces && strchr(value, ' ')) {
		char *d;
		stripped = xstrdup(value);
		d = stripped;
		for (const char *s = value; *s; s++)
			if (*s != ' ')
				*d++ = *s;
		*d = '\0';
		subject = stripped;
	}
	rc = pcre2_match(r->re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, rs->md, rs->mctx);
	if (rc >= 0) {
		/* what the controller's validator adds to its regular expression */
		switch (r->controller) {
		case CV_REGEX:	/* MaliciousRegex, validators.go L119-121 */
			rc = strpbrk(subject, "\r\n") == NULL;
			break;
		case CV_INT:	/* strconv.Atoi: int64 */
			rc = go_atoi_ok(subject);
			break;
		case CV_CIDRS:	/* net.ParseCIDR / net.ParseIP */
			rc = go_cidrs_ok(subject);
			break;
		case CV_COMMON_NAME:	/* regexp.Compile(s[3:]), validators.go L134 */
			rc = strncmp(subject, "CN=", 3) == 0 && go_regexp_ok(subject + 3);
			break;
		default:
			rc = 1;
			break;
		}
		free(stripped);
		return rc;
	}
	free(stripped);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (why)
		*why = rc == PCRE2_ERROR_MATCHLIMIT ? "the validator hit its match limit"
						    : "the validator failed to run";
	return -1;
}

size_t ruleset_check(struct ruleset *rs, FILE *err)
{
	size_t problems = 0;

#define PROBLEM(...) do { fprintf(err, "%s: error: rule '%s': ", r->origin ? r->origin : "?", r->name); \
	fprintf(err, __VA_ARGS__); fputc('\n', err); problems++; } while (0)

	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->v[i];
		const char *why = NULL;

		if (i > 0 && strcmp(rs->v[i - 1].name, r->name) >= 0)
			PROBLEM("table not sorted or duplicated");
		if (r->state < 0)
			PROBLEM("missing 'state'");
		if (r->state == RS_ALIAS) {
			const struct rule *target = r->alias_of ? ruleset_find(rs, r->alias_of) : NULL;
			if (target == NULL)
				PROBLEM("alias without an existing 'alias-of'");
			else if (target->state != RS_CURRENT)
				PROBLEM("alias of '%s', which is not a current annotation", r->alias_of);
		} else if (r->alias_of) {
			PROBLEM("'alias-of' on a rule whose state is not 'alias'");
		}
		if ((r->state == RS_CURRENT || r->state == RS_ALIAS) && r->risk == NULL)
			PROBLEM("missing 'risk'");
		if ((r->state == RS_CURRENT || r->state == RS_ALIAS) && r->controller == CV_UNSET)
			PROBLEM("missing 'controller-validator'");
		if ((r->state == RS_CURRENT || r->state == RS_ALIAS) && r->validator == NULL)
			PROBLEM("missing 'validator' (write '(?s)^.*$' for a value the controller never checks)");
		if (r->validator && compile_rule(r, &why) < 0)
			PROBLEM("validator '%s' does not compile", r->validator);
		for (int ti = 0; ti < TARGET__COUNT; ti++) {
			const struct target_rule *t = &r->targets[ti];
			const char *tk = target_keys[ti];

			if (t->status < 0 && t->severity < 0 && t->message == NULL) {
				PROBLEM("missing the '%s' block", tk);
				continue;
			}
			if (t->status < 0)
				PROBLEM("missing '%s.status'", tk);
			if (t->severity < 0)
				PROBLEM("missing '%s.severity'", tk);
			if (t->message == NULL || *t->message == '\0')
				PROBLEM("missing '%s.message'", tk);
			else {
				size_t ml = strlen(t->message);
				if (t->message[ml - 1] == '.')
					PROBLEM("'%s' message ends with a full stop", tk);
				if (t->message[0] >= 'A' && t->message[0] <= 'Z')
					PROBLEM("'%s' message starts with a capital letter", tk);
				if (strchr(t->message, '\n'))
					PROBLEM("'%s' message spans lines", tk);
			}
			if (t->status == ST_CONVERTED && t->convert == NULL)
				PROBLEM("'%s' status 'converted' without a 'convert' routine", tk);
			if (t->convert && !target_converter_exists(ti, t->convert))
				PROBLEM("unknown '%s' converter '%s'", tk, t->convert);
			if (t->may_become && t->convert == NULL)
				PROBLEM("'%s.may-become' without a 'convert' routine", tk);
			if (t->status >= 0 && (t->may_become & (1u << t->status)))
				PROBLEM("'%s.may-become' names the row's own status '%s'", tk, status_name(t->status));
			if (ti == TARGET_INGRESS && t->convert && (t->may_become & ~converter_statuses(t->convert)))
				PROBLEM("'%s.may-become' names a status converter '%s' never gives", tk, t->convert);
		}
	}
#undef PROBLEM
	return problems;
}
