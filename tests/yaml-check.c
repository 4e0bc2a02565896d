/* yaml-check.c - does a file load as YAML with libyaml's composer (which,
 * unlike the event parser the tool reads with, rejects an alias to an
 * undefined anchor)? Used by the hostile and determinism tests on
 * converted output.
 *
 * usage: yaml-check FILE; exit 0 when every document loads, 1 (with
 * FILE:LINE:COL: PROBLEM on stderr) when one does not, 2 on usage or I/O
 * errors.
 */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	FILE *f;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml-check FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (f == NULL) {
		perror(argv[1]);
		return 2;
	}
	if (!yaml_parser_initialize(&p)) {
		fclose(f);
		return 2;
	}
	yaml_parser_set_input_file(&p, f);
	for (;;) {
		yaml_document_t d;	/* owned by this loop; deleted each round */
		int last;

		if (!yaml_parser_load(&p, &d)) {
			fprintf(stderr, "%s:%zu:%zu: %s%s%s\n", argv[1], p.problem_mark.line + 1,
				p.problem_mark.column + 1, p.context ? p.context : "",
				p.context ? ": " : "", p.problem ? p.problem : "error");
			rc = 1;
			break;
		}
		last = yaml_document_get_root_node(&d) == NULL;
		yaml_document_delete(&d);
		if (last)
			break;
	}
	yaml_parser_delete(&p);
	fclose(f);
	return rc;
}
