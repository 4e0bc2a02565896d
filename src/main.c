/* main.c - ingress2higress entry point. */
#include <signal.h>

#include "tool_main.h"

int main(int argc, char **argv)
{
	/* Past a file size limit, a write must fail with EFBIG (and leave
	 * the target untouched) instead of the signal killing us. */
	signal(SIGXFSZ, SIG_IGN);
	return tool_main(argc, argv);
}
