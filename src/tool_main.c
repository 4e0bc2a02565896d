/* tool_main.c - command dispatch: parse the command line, run the
 * command, return its exit status. */
#include "tool_main.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tool_complete.h"
#include "tool_opts.h"
#include "tool_rules.h"
#include "tool_run.h"
#include "util.h"

/* ingress2higress --completions SHELL (or --completions=SHELL): write
 * the completion script. Returns the exit status. */
static int completions(int argc, char **argv)
{
	const char *shell = argv[1][sizeof("--completions") - 1] == '=' ? argv[1] + sizeof("--completions") : NULL;
	int rc;

	if (shell == NULL && argc > 2)
		shell = argv[2];
	if (shell == NULL || *shell == '\0')
		return usage_error(CMD_NONE, "%s", "--completions needs a shell: bash, zsh or fish");
	if (argc > (argv[1][sizeof("--completions") - 1] == '=' ? 2 : 3))
		return usage_error(CMD_NONE, "%s", "--completions takes one shell and nothing else");
	rc = complete_write(shell, stdout);
	if (rc == -1)
		return usage_error(CMD_NONE, "unknown shell '%s' (bash, zsh or fish)", shell);
	if (rc < 0) {
		fprintf(stderr, "ingress2higress: error: cannot write the completion script: %s\n", errstr(errno));
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

int tool_main(int argc, char **argv)
{
	struct tool_opts o;
	int first = 0, rc;

	/* past a file size limit, write() must fail with EFBIG (an error we
	 * report, the original untouched), not kill the process */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "ingress2higress: warning: cannot ignore SIGXFSZ: %s\n", errstr(errno));
	if (argc >= 2 && strncmp(argv[1], "--completions", sizeof("--completions") - 1) == 0 &&
	    (argv[1][sizeof("--completions") - 1] == '\0' || argv[1][sizeof("--completions") - 1] == '='))
		return completions(argc, argv);
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
