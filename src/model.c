/* model.c - names of statuses and severities. */
#include "model.h"

#include <string.h>

static const char *const status_names[ST__COUNT] = {
	"supported", "converted", "partial", "unsupported",
	"ignored", "unknown", "invalid",
};

static const char *const severity_names[SEV__COUNT] = {
	"info", "warning", "error", "critical",
};

const char *status_name(enum status s)
{
	return (unsigned)s < ST__COUNT ? status_names[s] : "?";
}

const char *severity_name(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? severity_names[s] : "?";
}

int status_from_name(const char *name)
{
	for (int i = 0; i < ST__COUNT; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

int severity_from_name(const char *name)
{
	for (int i = 0; i < SEV__COUNT; i++)
		if (strcmp(name, severity_names[i]) == 0)
			return i;
	return -1;
}
