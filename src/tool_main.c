/* tool_main.c - command dispatch: parse the command line, run the
 * command, return its exit status. */
#include "tool_main.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "regex_compat.h"
#include "tool_complete.h"
#include "tool_opts.h"
#include "tool_rules.h"
#include "tool_run.h"
#include "util.h"

static const char completions_flag[] = "--completions";
#define COMPLETIONS_LEN (sizeof(completions_flag) - 1)

/* Is word '--completions' or '--completions=SHELL'? */
static bool is_completions(const char *word)
{
	return strncmp(word, completions_flag, COMPLETIONS_LEN) == 0 &&
	       (word[COMPLETIONS_LEN] == '\0' || word[COMPLETIONS_LEN] == '=');
}

/* ingress2higress --completions SHELL (or --completions=SHELL): write
 * the completion script to stdout. Returns the exit status. */
static int completions(int argc, char **argv)
{
	bool joined = argv[1][COMPLETIONS_LEN] == '=';
	const char *shell = joined ? argv[1] + COMPLETIONS_LEN + 1 : argc > 2 ? argv[2] : NULL;
	int rc;

	if (shell == NULL || *shell == '\0')
		return usage_error(CMD_NONE, "%s", "--completions needs a shell: bash, zsh or fish");
	if (argc > (joined ? 2 : 3))
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
	if (argc >= 2 && is_completions(argv[1]))
		return completions(argc, argv);
	rc = tool_opts_parse(&o, argc, argv, &first);
	if (rc < 0) {
		if (o.cmd == CMD_RULES)
			rc = tool_rules(&o, argc - first, argv + first);
		else
			rc = tool_run(&o, argc - first, argv + first);
	}
	tool_opts_free(&o);
	regex_check_release();
	return rc;
}
