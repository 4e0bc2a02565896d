/* harness.c - the pipeline over memory streams, shared by the fuzz targets. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "analyze.h"
#include "emit_gateway.h"
#include "finding.h"
#include "index.h"
#include "index_scan.h"
#include "rules.h"
#include "util.h"

const char *const fz_targets[] = {
	"ingress",
	"gateway",
	NULL,
};

/* The built-in rule table, loaded once for the life of the process
 * (reachable, so the leak checker does not count it). */
static struct ruleset *rules(void)
{
	static struct ruleset *rs;

	if (rs == NULL) {
		rs = ruleset_new_builtin(stderr);
		if (rs == NULL)
			abort();
	}
	return rs;
}

void fz_opts_from(const uint8_t *data, size_t size, struct fz_opts *o)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	memset(o, 0, sizeof(*o));
	o->target = fz_targets[0];
	o->convert = (h & 1) == 0 || (h & 2) == 0;	/* convert three times in four */
	o->include_classless = h & 4;
	o->keep_class = h & 8;
	o->keep_unsupported = h & 16;
	o->extra_class = h & 32;
	o->custom_prefix = (h & 0x1c0) == 0x1c0;	/* one in eight */
	o->allow_experimental = h & 0x200;
	o->keep_ingresses = (h & 0xc00) == 0xc00;	/* one in four */
}

static FILE *memout(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (f == NULL)
		abort();
	return f;
}

void fz_run(const uint8_t *data, size_t size, const struct fz_opts *o, struct fz_result *r)
{
	static const char *const classes[] = { "nginx", "corp" };
	struct analyze_options aopt = {
		.prefix = o->custom_prefix ? "ingress.example.com" : "nginx.ingress.kubernetes.io",
		.classes = classes,
		.nclasses = o->extra_class ? 2 : 1,
		.include_classless = o->include_classless,
		.convert = o->convert,
		.target_class = "higress",
		.keep_class = o->keep_class,
		.keep_unsupported = o->keep_unsupported,
	};
	struct gateway_options gopt = {
		.ns = "higress-system",
		.gateway_class = "higress",
		.allow_experimental = o->allow_experimental,
	};
	struct findings fs = {0};
	struct analyzer *an;
	struct index *ix;
	FILE *in, *out = NULL, *err;
	int t = target_from_name(o->target);

	memset(r, 0, sizeof(*r));
	if (t < 0)
		abort();
	aopt.target = (enum target)t;
	if (aopt.target == TARGET_GATEWAY) {
		/* as the command line: the emitter for lint and convert alike */
		aopt.gateway = gateway_new(&gopt, &fs);
		aopt.keep_ingresses = o->keep_ingresses;
	}
	an = analyzer_new(&aopt, rules(), &fs);
	err = memout(&r->err, &r->errlen);
	/* The index pass of the command line: classes, Services, Ingress facts. */
	ix = index_new(aopt.prefix);
	{
		char *pbuf = NULL;
		size_t plen = 0;
		FILE *perr = memout(&pbuf, &plen);	/* errors are the object pass's to report */
		in = fmemopen((void *)data, size, "r");
		if (in == NULL)
			abort();
		(void)index_scan_input(ix, "fuzz.yaml", in, perr, 0, index_object, INDEX_SCAN_AUTO);
		fclose(in);
		fclose(perr);
		free(pbuf);
	}
	index_finish(ix, aopt.classes, aopt.nclasses, aopt.include_classless);
	analyzer_use_index(an, ix);
	if (aopt.gateway)
		gateway_use_index(aopt.gateway, ix);	/* the Secrets behind proxy-ssl-secret */
	in = fmemopen((void *)data, size, "r");
	if (in == NULL)
		abort();
	if (o->convert)
		out = memout(&r->out, &r->outlen);
	r->rc = stream_run("fuzz.yaml", in, out, err, analyze_object, an, &r->ss);
	fclose(in);
	if (aopt.gateway) {
		/* the run driver's finish step: after a clean run only */
		struct buf b = {0};
		if (r->rc == 0)
			gateway_finish(aopt.gateway, out ? &b : NULL);	/* lint: findings only */
		if (out && b.len && fwrite(b.data, 1, b.len, out) != b.len)
			abort();
		buf_free(&b);
	}
	if (out && fclose(out) != 0)
		abort();
	if (fclose(err) != 0)
		abort();
	for (int f = 0; f < RF__COUNT; f++) {
		const struct analyze_stats *as = analyzer_stats(an);
		struct report_summary sum = {
			.target = o->target,
			.files = 1,
			.objects = as->objects,
			.ingresses = as->ingresses,
			.annotations = as->annotations,
		};
		FILE *rep = memout(&r->report[f], &r->reportlen[f]);
		if (report_write(rep, f, &fs, &sum, f == RF_TEXT && (size & 1)) < 0 || fclose(rep) != 0)
			abort();
	}
	r->findings = fs.n;
	analyzer_free(an);
	gateway_free(aopt.gateway);
	index_free(ix);
	findings_free(&fs);
}

void fz_result_free(struct fz_result *r)
{
	free(r->out);
	free(r->err);
	for (int f = 0; f < RF__COUNT; f++)
		free(r->report[f]);
	memset(r, 0, sizeof(*r));
}

struct collect {
	struct fz_object *v;
	size_t n, cap;
};

static int collect_object(void *ud, struct stream *st, struct node *obj)
{
	struct collect *c = ud;
	const char *kind = node_get_str(obj, "kind");

	(void)st;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (c->v == NULL)
			abort();
	}
	c->v[c->n].start = obj->pos.start;
	c->v[c->n].end = obj->pos.end;
	c->v[c->n].ingress = kind && strcmp(kind, "Ingress") == 0;
	c->n++;
	return 0;
}

int fz_objects(const char *data, size_t size, struct fz_object **objs, size_t *n)
{
	struct collect c = {0};
	char *errbuf = NULL;
	size_t errlen = 0;
	FILE *in = fmemopen((void *)data, size, "r"), *err = memout(&errbuf, &errlen);
	int rc;

	if (in == NULL)
		abort();
	rc = stream_run("fuzz.yaml", in, NULL, err, collect_object, &c, NULL);
	fclose(in);
	fclose(err);
	free(errbuf);
	*objs = c.v;
	*n = c.n;
	return rc;
}

bool fz_loads(const char *data, size_t size)
{
	yaml_parser_t p;
	bool ok = true;

	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)data, size);
	for (;;) {
		yaml_document_t d;	/* deleted each round */
		bool last;

		if (!yaml_parser_load(&p, &d)) {
			ok = false;
			break;
		}
		last = yaml_document_get_root_node(&d) == NULL;
		yaml_document_delete(&d);
		if (last)
			break;
	}
	yaml_parser_delete(&p);
	return ok;
}

/* JSON ------------------------------------------------------------------- */

struct js {
	const unsigned char *p, *end;
	int depth;
};

static void ws(struct js *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool lit(struct js *j, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, s, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool utf8_char(struct js *j)
{
	unsigned long cp;
	size_t n = utf8_decode(j->p, (size_t)(j->end - j->p), &cp);

	j->p += n;
	return n != 0;
}

static bool string(struct js *j)
{
	if (!lit(j, "\""))
		return false;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p < 0x20)
			return false;
		if (*j->p == '\\') {
			j->p++;
			if (j->p >= j->end)
				return false;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->p + i >= j->end || !strchr("0123456789abcdefABCDEF", j->p[i]) || !j->p[i])
						return false;
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) && *j->p) {
				j->p++;
			} else {
				return false;
			}
		} else if (!utf8_char(j)) {
			return false;
		}
	}
	return lit(j, "\"");
}

static bool number(struct js *j)
{
	const unsigned char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' ||
				 *j->p == 'E' || *j->p == '+' || *j->p == '-'))
		j->p++;
	return j->p > s && s[s[0] == '-'] >= '0' && s[s[0] == '-'] <= '9';
}

static bool value(struct js *j)
{
	bool first = true;

	ws(j);
	if (j->p >= j->end || ++j->depth > 64)
		return false;
	switch (*j->p) {
	case '{':
		j->p++;
		for (;;) {
			ws(j);
			if (first && lit(j, "}"))
				break;
			if (!string(j))
				return false;
			ws(j);
			if (!lit(j, ":") || !value(j))
				return false;
			ws(j);
			if (lit(j, "}"))
				break;
			if (!lit(j, ","))
				return false;
			first = false;
		}
		break;
	case '[':
		j->p++;
		for (;;) {
			ws(j);
			if (first && lit(j, "]"))
				break;
			if (!value(j))
				return false;
			ws(j);
			if (lit(j, "]"))
				break;
			if (!lit(j, ","))
				return false;
			first = false;
		}
		break;
	case '"':
		if (!string(j))
			return false;
		break;
	default:
		if (!lit(j, "true") && !lit(j, "false") && !lit(j, "null") && !number(j))
			return false;
	}
	j->depth--;
	return true;
}

bool fz_json_valid(const char *s, size_t n)
{
	struct js j = { (const unsigned char *)s, (const unsigned char *)s + n, 0 };

	if (!value(&j))
		return false;
	ws(&j);
	return j.p == j.end;
}

void fz_fail(const uint8_t *data, size_t size, const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	if (size <= 4096) {
		fprintf(stderr, "--- input (%zu bytes) ---\n", size);
		fwrite(data, 1, size, stderr);
		fprintf(stderr, "\n--- end ---\n");
	}
	abort();
}
