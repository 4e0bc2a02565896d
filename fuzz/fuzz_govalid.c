/* fuzz_govalid.c - libFuzzer target: the Go standard-library checks behind
 * Ingress-NGINX's validators (src/govalid.c: strconv.Atoi, unicode.IsSpace,
 * net.ParseCIDR/ParseIP, the RE2 syntax of regexp.Compile), which read
 * annotation values straight from the input. The pipeline targets reach
 * them too, one YAML document at a time; this one feeds them directly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govalid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);	/* NUL-terminated copy; freed below */

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	(void)go_atoi_ok(s);
	(void)go_cidrs_ok(s);
	(void)go_regexp_ok(s);
	for (size_t i = 0; i < size;) {
		size_t n = go_space_len(s + i, size - i);
		if (n > size - i)
			abort();	/* longer than what it was given */
		i += n ? n : 1;
	}
	free(s);
	return 0;
}
