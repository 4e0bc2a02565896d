/* index-compare.c FILE... - the index pass's scanner against the full
 * parse: for each file, index it both ways (index_scan_input with
 * INDEX_SCAN_AUTO and INDEX_SCAN_FULL) and compare every record, strings
 * resolved. TAP on stdout: 'ok N - FILE (scanned)' when the scanner read
 * it, '(parsed)' when it left it to libyaml; 'not ok' with both dumps on
 * stderr when they differ. With -q, only the verdicts are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_scan.h"
#include "util.h"

static void dump(const struct index *ix, struct buf *b)
{
#define S(x) index_str(ix, (x)), (unsigned)((x) != 0)
	for (size_t i = 0; i < index_nclasses(ix); i++) {
		const struct index_class *c = index_class_at(ix, i);
		buf_printf(b, "class %s/%u %s/%u %d\n", S(c->name), S(c->controller), c->is_default);
	}
	for (size_t i = 0; i < index_nservices(ix); i++) {
		const struct index_service *s = index_service_at(ix, i);
		buf_printf(b, "service %s/%u %s/%u\n", S(s->ns), S(s->name));
		for (uint32_t p = 0; p < s->nports; p++) {
			const struct index_port *ip = index_port_at(ix, s->first_port + p);
			buf_printf(b, "  port %s/%u %d %s/%u %s/%u\n", S(ip->name), ip->number, S(ip->protocol),
				   S(ip->app_protocol));
		}
	}
	for (size_t i = 0; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		buf_printf(b, "ingress %s/%u %s/%u %s:%u:%u cls %s/%u created %s/%u flags %u\n", S(x->ns), S(x->name),
			   index_str(ix, x->file), x->line, x->col, S(x->cls), S(x->created), x->flags);
		for (uint32_t p = 0; p < x->npaths; p++) {
			const struct index_path *ip = index_path_at(ix, x->first_path + p);
			buf_printf(b, "  path %s/%u %s/%u %u %s/%u %d %s/%u\n", S(ip->host), S(ip->path), ip->path_type,
				   S(ip->service), ip->port_number, S(ip->port_name));
		}
		for (uint32_t t = 0; t < x->ntls; t++) {
			const struct index_tls *it = index_tls_at(ix, x->first_tls + t);
			buf_printf(b, "  tls %s/%u", S(it->secret));
			for (uint32_t h = 0; h < it->nhosts; h++)
				buf_printf(b, " %s", index_str(ix, index_host_at(ix, it->first_host + h)));
			buf_printf(b, "\n");
		}
	}
#undef S
}

/* Index path one way; the dump goes to b. Returns index_scan_input's
 * verdict, or -2 when the file cannot be opened. */
static int index_one(const char *path, enum index_scan_mode mode, struct buf *b, FILE *sink)
{
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	FILE *f = fopen(path, "rb");
	int rc;

	if (f == NULL) {
		index_free(ix);
		return -2;
	}
	rc = index_scan_input(ix, path, f, sink, 0, index_object, mode);
	fclose(f);
	dump(ix, b);
	index_free(ix);
	return rc;
}

int main(int argc, char **argv)
{
	FILE *sink = tmpfile();	/* the full parse's error messages, unread */
	int fails = 0, n = 0, first = 1;
	size_t scanned = 0;

	if (argc > 1 && strcmp(argv[1], "-q") == 0)
		first = 2;
	if (sink == NULL)
		return 2;
	printf("1..%d\n", argc - first);
	for (int i = first; i < argc; i++) {
		struct buf a = {0}, f = {0};
		int ra = index_one(argv[i], INDEX_SCAN_AUTO, &a, sink);
		int rf = index_one(argv[i], INDEX_SCAN_FULL, &f, sink);
		bool same = ra != -2 && rf != -2 && a.len == f.len && memcmp(a.data, f.data, a.len) == 0 &&
			    (ra == 1 ? rf == 0 : ra == rf);
		n++;
		if (ra == 1)
			scanned++;
		printf("%s %d - %s (%s)\n", same ? "ok" : "not ok", n, argv[i], ra == 1 ? "scanned" : "parsed");
		if (!same) {
			fails++;
			fprintf(stderr, "# %s: scanner (%d):\n%.*s# full parse (%d):\n%.*s", argv[i], ra, (int)a.len,
				a.data ? a.data : "", rf, (int)f.len, f.data ? f.data : "");
		}
		buf_free(&a);
		buf_free(&f);
	}
	fprintf(stderr, "# %zu of %d files read by the scanner\n", scanned, n);
	fclose(sink);
	return fails ? 1 : 0;
}
