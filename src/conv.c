/* conv.c - target-neutral conversion intents (see conv.h). */
#include "conv.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "snippet.h"
#include "util.h"

void conv_init(struct conv *c)
{
	memset(c, 0, sizeof(*c));
	c->ssl_redirect = CONV_UNSET;
	c->canary_weight = -1;
	c->canary_weight_total = 100;
	c->proxy_ssl_verify = CONV_UNSET;
	c->proxy_ssl_server_name = CONV_UNSET;
}


void conv_free(struct conv *c)
{
	free(c->rewrite_target);
	free(c->redirect_url);
	free(c->app_root);
	free(c->upstream_vhost);
	free(c->x_forwarded_prefix);
	free(c->canary_header);
	free(c->canary_header_value);
	free(c->canary_header_pattern);
	free(c->canary_cookie);
	if (c->snippet) {
		snippet_free(c->snippet);
		free(c->snippet);
	}
	free(c->protocol_value);
	free(c->proxy_ssl_secret);
	free(c->proxy_ssl_name);
	conv_init(c);
}

static void set(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* A non-negative decimal number, or -1. */
static long number(const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0)
		return -1;
	return n;
}

/* A configuration-snippet or server-snippet that converts with headers or
 * a redirect: kept in c (the configuration-snippet's when both do). */
static void add_snippet(struct conv *c, const char *name, const char *value)
{
	bool server = strcmp(name, "server-snippet") == 0;
	struct snippet *s = xmalloc(sizeof(*s));

	snippet_read(name, value, strlen(value), s);
	if (s->translates && c->snippet) {
		c->snippet_both = true;
		if (server || !c->snippet_server) {
			snippet_free(s);
			free(s);
			return;
		}
		snippet_free(c->snippet);
		free(c->snippet);
		c->snippet = NULL;
	}
	if (!s->translates) {
		snippet_free(s);
		free(s);
		return;
	}
	c->snippet = s;
	c->snippet_server = server;
}

/* value without the blanks around it (allocated; caller frees) */
static char *trimmed(const char *v)
{
	size_t n;

	v += strspn(v, " \t\r\n");
	n = strlen(v);
	while (n && strchr(" \t\r\n", v[n - 1]))
		n--;
	return xstrndup(v, n);
}

static enum conv_protocol protocol(const char *v)
{
	char *t = trimmed(v);
	enum conv_protocol p = CONV_PROTO_OTHER;

	if (strcasecmp(t, "HTTP") == 0)
		p = CONV_PROTO_HTTP;
	else if (strcasecmp(t, "HTTPS") == 0)
		p = CONV_PROTO_HTTPS;
	else if (strcasecmp(t, "GRPC") == 0)
		p = CONV_PROTO_GRPC;
	else if (strcasecmp(t, "GRPCS") == 0)
		p = CONV_PROTO_GRPCS;
	free(t);
	return p;
}

static int on_off(const char *v)
{
	return strcmp(v, "on") == 0 ? CONV_TRUE : strcmp(v, "off") == 0 ? CONV_FALSE : CONV_UNSET;
}

/* The backend protocol and TLS intents (see conv_add). */
static bool conv_add_backend(struct conv *c, const char *name, const char *value)
{
	if (strcmp(name, "backend-protocol") == 0) {
		c->protocol = protocol(value);
		set(&c->protocol_value, value);
	} else if (strcmp(name, "proxy-ssl-secret") == 0) {
		free(c->proxy_ssl_secret);
		c->proxy_ssl_secret = *value ? trimmed(value) : NULL;
	} else if (strcmp(name, "proxy-ssl-name") == 0) {
		free(c->proxy_ssl_name);
		c->proxy_ssl_name = *value ? trimmed(value) : NULL;
	} else if (strcmp(name, "proxy-ssl-verify") == 0) {
		c->proxy_ssl_verify = on_off(value);
	} else if (strcmp(name, "proxy-ssl-server-name") == 0) {
		c->proxy_ssl_server_name = on_off(value);
	} else if (strcmp(name, "ssl-passthrough") == 0) {
		/* strconv.ParseBool's true spellings */
		c->ssl_passthrough = strcmp(value, "true") == 0 || strcmp(value, "1") == 0 || strcmp(value, "t") == 0 ||
				     strcmp(value, "T") == 0 || strcmp(value, "TRUE") == 0 || strcmp(value, "True") == 0;
	} else {
		return false;
	}
	return true;
}

bool conv_add(struct conv *c, const char *name, const char *value)
{
	bool yes = strcmp(value, "true") == 0;

	if (strcmp(name, "configuration-snippet") == 0 || strcmp(name, "server-snippet") == 0)
		add_snippet(c, name, value);
	else if (strcmp(name, "rewrite-target") == 0)
		set(&c->rewrite_target, value);
	else if (strcmp(name, "use-regex") == 0)
		c->use_regex = yes;
	else if (strcmp(name, "permanent-redirect") == 0) {
		set(&c->redirect_url, value);
		c->redirect_permanent = true;
	} else if (strcmp(name, "permanent-redirect-code") == 0)
		c->redirect_code = number(value);
	else if (strcmp(name, "temporal-redirect") == 0) {
		if (c->redirect_url == NULL)
			set(&c->redirect_url, value);
	} else if (strcmp(name, "temporal-redirect-code") == 0)
		c->temporal_code = number(value); else if (strcmp(name, "app-root") == 0)
		set(&c->app_root, value);
	else if (strcmp(name, "from-to-www-redirect") == 0)
		c->from_to_www = yes;
	else if (strcmp(name, "ssl-redirect") == 0)
		c->ssl_redirect = yes ? CONV_TRUE : strcmp(value, "false") == 0 ? CONV_FALSE : CONV_UNSET;
	else if (strcmp(name, "force-ssl-redirect") == 0)
		c->force_ssl_redirect = yes;
	else if (strcmp(name, "upstream-vhost") == 0)
		set(&c->upstream_vhost, value);
	else if (strcmp(name, "x-forwarded-prefix") == 0)
		set(&c->x_forwarded_prefix, value);
	else if (strcmp(name, "canary") == 0)
		c->canary = yes;
	else if (strcmp(name, "canary-weight") == 0)
		c->canary_weight = number(value);
	else if (strcmp(name, "canary-weight-total") == 0) {
		long n = number(value);
		c->canary_weight_total = n > 0 ? n : 100;
	} else if (strcmp(name, "canary-by-header") == 0)
		set(&c->canary_header, value);
	else if (strcmp(name, "canary-by-header-value") == 0)
		set(&c->canary_header_value, value);
	else if (strcmp(name, "canary-by-header-pattern") == 0)
		set(&c->canary_header_pattern, value);
	else if (strcmp(name, "canary-by-cookie") == 0)
		set(&c->canary_cookie, value);
	else if (str_has_prefix(name, "auth-tls-"))
		c->auth_tls = true;
	else
		return conv_add_backend(c, name, value);
	return true;
}

bool conv_is_regex(const char *s)
{
	return strpbrk(s, "^$()[]{}*+?|\\.") != NULL;
}

/* A literal path: no regex syntax at all. */
static bool literal_path(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("^$()[]{}*+?|\\.", s[i]))
			return false;
	return n > 0 && s[0] == '/';
}

enum conv_rewrite conv_rewrite(const char *path, const char *target, char **prefix, char **replace)
{
	static const char idiom[] = "(/|$)(.*)";
	size_t pl, il = sizeof(idiom) - 1, tl;

	*prefix = NULL;
	*replace = NULL;
	if (target == NULL || *target == '\0' || path == NULL)
		return CONV_RW_NONE;
	pl = strlen(path);
	tl = strlen(target);
	if (strchr(target, '$') == NULL) {
		*replace = xstrdup(target);
		return CONV_RW_FULL;
	}
	if (pl > il && strcmp(path + pl - il, idiom) == 0 && literal_path(path, pl - il) &&
	    tl >= 3 && strcmp(target + tl - 2, "$2") == 0 && target[tl - 3] == '/' &&
	    strchr(target, '$') == target + tl - 2 && !strpbrk(target, "\\")) {
		*prefix = xstrndup(path, pl - il);
		/* R/$2: keep R's trailing slash only when R is the root */
		*replace = tl == 3 ? xstrdup("/") : xstrndup(target, tl - 3);
		return CONV_RW_PREFIX;
	}
	return CONV_RW_UNSUPPORTED;
}

/* A protobuf identifier: letter or '_', then letters, digits, '_'. */
static size_t ident(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i;
}

/* A full gRPC service name: identifiers joined by '.' (the pattern the
 * GRPCRoute CRD gives an Exact service). */
static bool service_name(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		size_t k = ident(s + i, n - i);
		if (k == 0)
			return false;
		i += k;
		if (i == n)
			return true;
		if (s[i] != '.')
			return false;
		i++;
	}
}

bool conv_grpc_method(const char *path, bool exact, char **service, char **method)
{
	const char *svc, *slash;
	size_t sn, mn;

	*service = *method = NULL;
	if (path == NULL || path[0] != '/')
		return false;
	svc = path + 1;
	slash = strchr(svc, '/');
	sn = slash ? (size_t)(slash - svc) : strlen(svc);
	if (!service_name(svc, sn))
		return false;
	if (slash == NULL || slash[1] == '\0') {
		/* '/pkg.Service' or '/pkg.Service/': every method of it */
		if (exact)
			return false;
		*service = xstrndup(svc, sn);
		return true;
	}
	mn = strlen(slash + 1);
	if (ident(slash + 1, mn) != mn)
		return false;
	*service = xstrndup(svc, sn);
	*method = xstrdup(slash + 1);
	return true;
}
