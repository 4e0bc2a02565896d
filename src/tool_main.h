/* tool_main.h - command dispatch and exit codes. */
#ifndef I2H_TOOL_MAIN_H
#define I2H_TOOL_MAIN_H

enum exit_code {
	EXIT_CLEAN = 0,		/* no finding at or above --fail-on */
	EXIT_FINDINGS = 1,	/* a finding at or above --fail-on */
	EXIT_USAGE = 2,		/* usage error, unreadable or malformed input */
};

/* Run the tool; returns the process exit status. */
int tool_main(int argc, char **argv);

#endif
