/* inject.c - directive injection shapes in annotation values (see
 * inject.h). Facts: shared reference ingress-nginx.md section 4. */
#include "inject.h"

#include <string.h>

#include "util.h"

#define R_GENERIC "cve-2021-25746-annotation-injection"
#define R_AUTH_URL "cve-2025-24514-auth-url-injection"
#define R_MATCH_CN "cve-2025-1097-auth-tls-match-cn-injection"
#define R_MIRROR "cve-2025-1098-mirror-injection"
#define R_METHOD "cve-2026-1580-auth-method-injection"
#define R_PATH "cve-2026-24512-path-injection"

const char *const inject_rule_ids[] = { R_GENERIC, R_AUTH_URL, R_MATCH_CN, R_MIRROR, R_METHOD, R_PATH, NULL };

static const char *const fix_text =
	"remove it from the value; run ingress-nginx v1.12.1 or later with annotation validation on";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Length of a harmless brace construct at v[i] == '{' (nginx's '${name}'
 * after a '$', a regular expression's '{n}', '{n,}', '{n,m}'), or 0. */
static size_t benign_braces(const char *v, size_t len, size_t i)
{
	size_t j = i + 1;

	if (i > 0 && v[i - 1] == '$') {
		while (j < len && is_word(v[j]))
			j++;
		return j > i + 1 && j < len && v[j] == '}' ? j + 1 - i : 0;
	}
	while (j < len && is_digit(v[j]))
		j++;
	if (j == i + 1)
		return 0;
	if (j < len && v[j] == ',')
		for (j++; j < len && is_digit(v[j]); j++)
			;
	return j < len && v[j] == '}' ? j + 1 - i : 0;
}

/* First byte of v that is in set, skipping benign braces when braces
 * are in the set; len when none. */
static size_t first_of(const char *v, size_t len, const char *set)
{
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '{' && strchr(set, '{')) {
			size_t b = benign_braces(v, len, i);
			if (b) {
				i += b - 1;
				continue;
			}
		}
		if (v[i] != '\0' && strchr(set, v[i]))
			return i;
	}
	return len;
}

/* nginx directive words no plain value has. */
static size_t first_keyword(const char *v, size_t len)
{
	static const char *const words[] = { "_by_lua", "load_module", "lua_package_", "ssl_engine", NULL };
	size_t best = len;

	for (size_t w = 0; words[w]; w++) {
		size_t n = strlen(words[w]);
		for (size_t i = 0; i + n <= len && i < best; i++)
			if (memcmp(v + i, words[w], n) == 0) {
				best = i;
				break;
			}
	}
	/* the whole directive word: back to its start */
	while (best < len && best > 0 && is_word(v[best - 1]))
		best--;
	return best;
}

/* The character at v[i], named for a message (static or in out). */
static const char *char_name(char c, char out[8])
{
	switch (c) {
	case '\n':
		return "a line break";
	case '\r':
		return "a carriage return";
	case '\t':
		return "a tab";
	case ' ':
		return "a space";
	case '\'':
		return "a quote \"'\"";
	default:
		out[0] = '\'';
		out[1] = c;
		out[2] = '\'';
		out[3] = '\0';
		return out;
	}
}

static bool hit_at(struct inject_hit *hit, size_t off, const char *rule, char *message)
{
	hit->off = off;
	hit->rule = rule;
	hit->message = message;
	hit->fix = fix_text;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool contains(const char *v, size_t len, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(v + i, w, n) == 0)
			return true;
	return false;
}

/* 'auth-method' on a vulnerable controller: any value containing one of
 * the methods passed the unanchored check and was written unquoted in
 * 'proxy_method'. */
static bool auth_method(const char *v, size_t len, struct inject_hit *hit)
{
	static const char *const methods[] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", NULL,
	};
	size_t at;
	char nb[8];

	for (size_t m = 0; methods[m]; m++) {
		if (strlen(methods[m]) == len && memcmp(v, methods[m], len) == 0)
			return false;
	}
	for (size_t m = 0; methods[m]; m++) {
		if (!contains(v, len, methods[m]))
			continue;
		at = first_of(v, len, ";{}#'\"\r\n \t");
		if (at == len)
			return false;
		return hit_at(hit, at, R_METHOD,
			      xasprintf("the value of 'auth-method' has %s after a method: ingress-nginx before v1.13.7 "
					"and v1.14.3 accepted any value containing '%s' and wrote it unquoted in "
					"'proxy_method', so the rest became nginx configuration (CVE-2026-1580)",
					char_name(v[at], nb), methods[m]));
	}
	return false;
}

bool inject_check(const char *name, const char *value, size_t len, struct inject_hit *hit)
{
	size_t at, kat;
	char nb[8];

	if (ends_with(name, "-snippet"))
		return false;
	if (strcmp(name, "auth-url") == 0) {
		at = first_of(value, len, "\r\n;{}#'\"");
		if (at < len)
			return hit_at(hit, at, R_AUTH_URL,
				      xasprintf("the value of 'auth-url' has %s: ingress-nginx before v1.11.5 and v1.12.1 "
						"wrote it unquoted in 'set $target', and with annotation validation off (the "
						"default before v1.12.0) it ends the directive and injects the rest as nginx "
						"configuration (CVE-2025-24514)", char_name(value[at], nb)));
	} else if (strcmp(name, "auth-tls-match-cn") == 0) {
		at = first_of(value, len, "\r\n;{}#'\"");
		if (at < len)
			return hit_at(hit, at, R_MATCH_CN,
				      xasprintf("the value of 'auth-tls-match-cn' has %s: it compiles as a regular "
						"expression, so it passes validation, and ingress-nginx before v1.11.5 and "
						"v1.12.1 wrote it unquoted in an 'if' condition, where it injects nginx "
						"configuration (CVE-2025-1097)", char_name(value[at], nb)));
	} else if (strcmp(name, "mirror-target") == 0 || strcmp(name, "mirror-host") == 0) {
		/* between double quotes: only what closes or breaks them */
		at = first_of(value, len, "\r\n\"\\");
		if (at == len)
			return false;
		return hit_at(hit, at, R_MIRROR,
			      xasprintf("the value of '%s' has %s: ingress-nginx before v1.11.5 and v1.12.1 wrote it "
					"between double quotes without escaping, which it closes or breaks, injecting "
					"nginx configuration (CVE-2025-1098)", name, char_name(value[at], nb)));
	} else if (strcmp(name, "auth-method") == 0) {
		if (auth_method(value, len, hit))
			return true;
	}
	/* every annotation: what no value of a plain setting needs */
	at = first_of(value, len, "\r\n;{}'\"");
	/* a directive's name says more than the byte before it */
	kat = first_keyword(value, len);
	if (kat < len) {
		size_t w = kat;
		while (w < len && is_word(value[w]))
			w++;
		return hit_at(hit, kat, R_GENERIC,
			      xasprintf("the value of '%s' names the nginx directive '%.*s' where a plain value is "
					"expected: an injection attempt on ingress-nginx, which wrote annotation values "
					"into nginx.conf unchecked before v1.2.0 (CVE-2021-25746)", name, (int)(w - kat),
					value + kat));
	}
	if (at < len)
		return hit_at(hit, at, R_GENERIC,
			      xasprintf("the value of '%s' has %s, which ends or opens an nginx directive where a "
					"plain value is expected: ingress-nginx wrote annotation values into nginx.conf "
					"unchecked before v1.2.0, and without annotation validation (the default before "
					"v1.12.0) it injects configuration (CVE-2021-25746)", name,
					char_name(value[at], nb)));
	return false;
}

bool inject_check_path(const char *path, size_t len, struct inject_hit *hit)
{
	size_t at = first_of(path, len, ";{}#\" \t\r\n");
	char nb[8];

	if (at == len)
		return false;
	hit_at(hit, at, R_PATH,
	       xasprintf("path '%s' has %s: ingress-nginx before v1.13.7 and v1.14.3 wrote paths unquoted in "
			 "'location', where it ends the path and injects nginx configuration (CVE-2026-24512)",
			 path, char_name(path[at], nb)));
	hit->fix = "remove it from the path; run ingress-nginx v1.13.7, v1.14.3 or later";
	return true;
}
