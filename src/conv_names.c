/* conv_names.c - the names of the built-in converters (see conv_names.h). */
#include "conv_names.h"

#include <string.h>

#include "model.h"

#define S(x) (1u << (x))

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

/* What each converter may set (emit_ingress_conv.c), in the order of
 * converter_names. */
static const unsigned statuses[] = {
	S(ST_PARTIAL),						/* auth-tls-secret */
	S(ST_SUPPORTED) | S(ST_PARTIAL),			/* backend-protocol */
	S(ST_SUPPORTED) | S(ST_CONVERTED) | S(ST_PARTIAL),	/* canary-by-header-pattern */
	S(ST_CONVERTED),					/* canary-by-header-value */
	S(ST_SUPPORTED) | S(ST_PARTIAL),			/* canary-weight */
	S(ST_SUPPORTED) | S(ST_PARTIAL),			/* canary-weight-total */
	S(ST_SUPPORTED) | S(ST_CONVERTED),			/* cors */
	S(ST_CONVERTED) | S(ST_PARTIAL) | S(ST_UNSUPPORTED) | S(ST_IGNORED),	/* mirror-target */
	S(ST_SUPPORTED) | S(ST_CONVERTED) | S(ST_PARTIAL),	/* proxy-next-upstream-tries */
	S(ST_SUPPORTED),					/* redirect */
	S(ST_IGNORED),						/* rename-whitelist */
	S(ST_CONVERTED),					/* rewrite-target */
	S(ST_UNSUPPORTED) | S(ST_IGNORED),			/* ssl-ciphers */
	S(ST_SUPPORTED) | S(ST_CONVERTED) | S(ST_PARTIAL),	/* ssl-passthrough */
	S(ST_SUPPORTED) | S(ST_PARTIAL) | S(ST_IGNORED),	/* ssl-redirect */
	S(ST_SUPPORTED) | S(ST_CONVERTED) | S(ST_PARTIAL),	/* upstream-hash-by */
};

_Static_assert(sizeof(statuses) / sizeof(statuses[0]) + 1 == sizeof(converter_names) / sizeof(converter_names[0]),
	       "one status set per converter");

unsigned converter_statuses(const char *name)
{
	for (size_t i = 0; converter_names[i]; i++)
		if (strcmp(converter_names[i], name) == 0)
			return statuses[i];
	return 0;
}

bool converter_exists(const char *name)
{
	for (size_t i = 0; converter_names[i]; i++)
		if (strcmp(converter_names[i], name) == 0)
			return true;
	return false;
}
