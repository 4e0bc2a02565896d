/* tool_main.c - command dispatch: parse the command line, run the
 * command, return its exit status. */
#include "tool_main.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include "tool_opts.h"
#include "tool_rules.h"
#include "tool_run.h"
#include "util.h"

int tool_main(int argc, char **argv)
{
	struct tool_opts o;
	int first = 0, rc;

	/* past a file size limit, write() must fail with EFBIG (an error we
	 * report, the original untouched), not kill the process */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "ingress2higress: warning: cannot ignore SIGXFSZ: %s\n", errstr(errno));
	rc = tool_opts_parse(&o, argc, argv, &first);
	if (rc < 0) {
		if (o.cmd == CMD_RULES)
			rc = tool_rules(&o, argc - first, argv + first);
		else
			rc = tool_run(&o, argc - first, argv + first);
	}
	tool_opts_free(&o);
	return rc;
}
