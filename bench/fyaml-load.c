/* fyaml-load.c - load every document of a YAML stream as a libfyaml
 * document tree, then destroy it (what a tree-based reader would pay). */
#include <libfyaml.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct fy_parse_cfg cfg;
	struct fy_parser *fyp;
	struct fy_document *fyd;
	unsigned long docs = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET;
	fyp = fy_parser_create(&cfg);
	if (fyp == NULL || argc < 2 || fy_parser_set_input_file(fyp, argv[1]) != 0)
		return 2;
	while ((fyd = fy_parse_load_document(fyp)) != NULL) {
		docs++;
		fy_parse_document_destroy(fyp, fyd);
	}
	if (fy_parser_get_stream_error(fyp))
		return 2;
	fy_parser_destroy(fyp);
	printf("%lu documents\n", docs);
	return 0;
}
