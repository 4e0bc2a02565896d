/* conv_names.c - the names of the built-in converters (see conv_names.h). */
#include "conv_names.h"

#include <string.h>

const char *const converter_names[] = {
	"auth-tls-secret",
	"backend-protocol",
	"canary-by-header-pattern",
	"canary-by-header-value",
	"canary-weight",
	"canary-weight-total",
	"cors",
	"mirror-target",
	"proxy-next-upstream-tries",
	"redirect",
	"rename-whitelist",
	"rewrite-target",
	"ssl-ciphers",
	"ssl-passthrough",
	"ssl-redirect",
	"upstream-hash-by",
	NULL,
};

bool converter_exists(const char *name)
{
	for (size_t i = 0; converter_names[i]; i++)
		if (strcmp(converter_names[i], name) == 0)
			return true;
	return false;
}
