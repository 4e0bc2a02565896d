/* parse-floor.c - the parse floor: read a YAML stream with libyaml's event
 * parser and do nothing else. Prints the event count. */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t e;
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	unsigned long events = 0;
	int done = 0;

	if (f == NULL || !yaml_parser_initialize(&p))
		return 2;
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "parse error: %s\n", p.problem);
			return 2;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		events++;
	}
	yaml_parser_delete(&p);
	printf("%lu events\n", events);
	return 0;
}
