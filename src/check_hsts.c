/* check_hsts.c - the default HSTS header of ingress-nginx (see check_hsts.h).
 *
 * Facts: ingress-nginx dbb11b92 rootfs/etc/nginx/lua/lua_ingress.lua
 * L178-190 (header(): config.hsts, scheme https, the value built from
 * hsts_max_age, hsts_include_subdomains, hsts_preload), nginx.tmpl L1169
 * (every location runs it as its header filter), config.go L801-804 (the
 * defaults); Higress pkg/ingress/kube/annotations/header_control.go ('Name
 * value' per line, split at the first blank; update is Istio's set, add
 * appends); ../shared/reference/higress-plugins.md 4.3 (the hsts row).
 */
#include "check_hsts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_regex.h"
#include "util.h"

#define HSTS "Strict-Transport-Security"
#define HSTS_KEY "higress.io/response-header-control-update"
#define R_HSTS "hsts-default"
/* where the values come from without the controller ConfigMap */
#define DEFAULTS "ingress-nginx's default; if the cluster's controller ConfigMap changes 'hsts*', pass it with " \
		 "--nginx-configmap"

/* The value slot of a planned action that writes HSTS_KEY (a converted
 * snippet's), or NULL. Borrowed from the plan. */
static char **planned_slot(struct plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		for (size_t j = 0; plan->v[i].type == ACT_REPLACE && j < plan->v[i].npairs; j++)
			if (plan->v[i].keys[j] && strcmp(plan->v[i].keys[j], HSTS_KEY) == 0)
				return &plan->v[i].values[j];
	return NULL;
}

/* Does the plan rewrite or remove annotation idx? */
static bool rewritten(const struct plan *plan, size_t idx)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].ann == idx && (plan->v[i].type == ACT_REMOVE || plan->v[i].type == ACT_REPLACE ||
					      plan->v[i].type == ACT_SET_VALUE))
			return true;
	return false;
}

/* own's lines (its final line breaks left out), then line; or line alone
 * when own is empty. Allocates; the caller frees. */
static char *join_lines(const char *own, const char *line)
{
	size_t n = strlen(own);

	while (n && (own[n - 1] == '\n' || own[n - 1] == '\r'))
		n--;	/* a block scalar's final break: no empty line */
	return n ? xasprintf("%.*s\n%s", (int)n, own, line) : xstrdup(line);
}

/* Put the header line into the plan: appended to the value a converted
 * snippet writes under HSTS_KEY, else to the Ingress's own HSTS_KEY (a new
 * value for it), else as a new annotation. Returns a description of what
 * was done (static). The plan owns the strings. */
static const char *plan_header(const struct check_hsts *c, const char *line)
{
	char **slot = planned_slot(c->plan);
	const char *own = NULL;
	char *v;

	if (slot) {
		v = join_lines(*slot, line);
		free(*slot);
		*slot = v;
		return "adds it to the 'higress.io/response-header-control-update' the snippet's conversion writes";
	}
	for (size_t i = 0; i < c->ing->nann; i++) {
		const struct annotation *an = &c->ing->ann[i];
		if (strcmp(an->key, HSTS_KEY) != 0 || an->vscalar == NULL)
			continue;
		if (an->via || rewritten(c->plan, i)) {
			own = an->value;	/* not editable here: the added key holds it too */
			continue;
		}
		v = join_lines(an->value, line);
		action_pair(plan_add(c->plan, ACT_SET_VALUE, i, NULL), NULL, v);
		free(v);
		return "adds it as a line of this Ingress's own 'higress.io/response-header-control-update'";
	}
	v = join_lines(own ? own : "", line);
	action_pair(plan_add(c->plan, ACT_ADD, 0, "the HSTS header ingress-nginx sent on HTTPS responses"), HSTS_KEY,
		    v);
	free(v);
	return own ? "adds 'higress.io/response-header-control-update' with it and the lines of the merged one"
		   : "adds 'higress.io/response-header-control-update' with it";
}

/* The node the finding goes to: spec.tls, or spec.rules when the TLS is
 * another Ingress's. */
static struct pos finding_pos(const struct check_hsts *c)
{
	const struct node *n = c->ing->spec ? node_key(c->ing->spec, c->from ? "rules" : "tls") : NULL;

	return n ? n->pos : c->ing->obj->pos;
}

/* The value of annotation name of c->ing as Go's strconv.ParseBool reads
 * it: 1 true, 0 false, -1 absent or neither. Allocates nothing. */
static int ann_bool(const struct check_hsts *c, const char *name)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE", "False" };
	size_t plen = strlen(c->prefix);

	for (size_t i = 0; i < c->ing->nann; i++) {
		const char *k = c->ing->ann[i].key;
		if (strncmp(k, c->prefix, plen) != 0 || k[plen] != '/' || strcmp(k + plen + 1, name) != 0)
			continue;
		for (size_t y = 0; y < sizeof(yes) / sizeof(yes[0]); y++) {
			if (strcmp(c->ing->ann[i].value, yes[y]) == 0)
				return 1;
			if (strcmp(c->ing->ann[i].value, no[y]) == 0)
				return 0;
		}
	}
	return -1;
}

/* Does the Ingress pass TLS through ('ssl-passthrough' true)? Then nginx
 * terminates no TLS for it and sends no header. */
static bool passthrough(const struct check_hsts *c)
{
	return ann_bool(c, "ssl-passthrough") == 1;
}

/* Does the Ingress serve plain HTTP on its TLS hosts: 'ssl-redirect'
 * false (its own or the controller ConfigMap's) and no
 * 'force-ssl-redirect'? Then its routes attach to the HTTP listener too. */
static bool serves_http(const struct check_hsts *c)
{
	int redirect = ann_bool(c, "ssl-redirect"), force = ann_bool(c, "force-ssl-redirect");

	if (force == 1 || (force == -1 && c->ctrl && c->ctrl->force_ssl_redirect))
		return false;
	return redirect == 0 || (redirect == -1 && c->ctrl && !c->ctrl->ssl_redirect);
}

/* The --to gateway finding: the emitter (emit_gateway_routes.c) sets the
 * header on the rules of the Ingress's own TLS hosts on their HTTPS
 * listener; a host whose TLS is another Ingress's has its routes on the
 * HTTP listener only, where no header is written. who and src describe
 * the header and its values; allocates nothing that outlives the call. */
static void gateway_finding(const struct check_hsts *c, const char *who, const char *src, const char *fix)
{
	char *msg;

	if (ann_bool(c, "canary") == 1) {
		/* a canary's paths are merged into its primary's rules */
		msg = xasprintf("%s (%s), replacing the backend's; Envoy adds none: this canary's traffic is served by "
				"the rules of the primary Ingress it is merged into, and convert sets the header "
				"('set', not 'add') on those of them on an HTTPS listener (the primary's TLS hosts)",
				who, src);
		check_finding(c->out, c->st, c->ing, finding_pos(c), ST_CONVERTED, SEV_INFO, R_HSTS, msg, fix);
		free(msg);
		return;
	}
	if (c->from) {
		msg = xasprintf("%s (%s), replacing the backend's; Envoy adds none, and the routes convert writes for "
				"this Ingress attach to the HTTP listener only (it has no TLS entry for the host), so they "
				"set no header", who, src);
		check_finding(c->out, c->st, c->ing, finding_pos(c), ST_UNSUPPORTED, SEV_WARNING, R_HSTS, msg,
			      "give this Ingress a 'spec.tls' entry for the host (then its routes serve the HTTPS "
			      "listener and convert sets the header), or add a ResponseHeaderModifier that sets '"
			      HSTS "' to them");
		free(msg);
		return;
	}
	msg = xasprintf("%s (%s), replacing the backend's; Envoy adds none: convert sets it ('set', not 'add') with "
			"the ResponseHeaderModifier of every rule this Ingress's routes have for its TLS hosts on the "
			"HTTPS listener (the one filter, with any response headers of a converted snippet)%s", who, src,
			serves_http(c) ? "; with 'ssl-redirect' false those routes serve the HTTP listener too, where "
					 "browsers ignore the header (RFC 6797 8.1)" : "");
	check_finding(c->out, c->st, c->ing, finding_pos(c), ST_CONVERTED, SEV_INFO, R_HSTS, msg, fix);
	free(msg);
}

void check_hsts_ingress(const struct check_hsts *c)
{
	const struct annotation *own;
	char *v, *line, *who, *msg;
	const char *done, *fix;
	bool found = c->ctrl && c->ctrl->found;

	if (!c->tls || passthrough(c) || (v = ctrl_hsts_value(c->ctrl)) == NULL)
		return;
	who = c->from ? xasprintf("host '%s' has TLS from Ingress '%s', so ingress-nginx sent '%s: %s' on its HTTPS "
				  "responses here too", c->host, c->from, HSTS, v)
		      : xasprintf("ingress-nginx sent '%s: %s' on every HTTPS response of this Ingress", HSTS, v);
	own = ctrl_hsts_own(c->ing, c->prefix);
	if (own) {
		msg = xasprintf("%s (%s), replacing the backend's; this Ingress names the header itself in '%s': convert "
				"adds no default, the annotation's own finding says what becomes of it", who,
				found ? "the controller ConfigMap's 'hsts' settings" : "ingress-nginx's default", own->key);
		check_finding(c->out, c->st, c->ing, finding_pos(c), ST_SUPPORTED, SEV_INFO, R_HSTS, msg, NULL);
		free(msg);
		free(who);
		free(v);
		return;
	}
	fix = found ? "nothing for convert; to go without the header, delete the added line, or convert with a "
		      "controller ConfigMap that says 'hsts: \"false\"'"
		    : "nothing for convert, if the cluster kept ingress-nginx's 'hsts*' defaults; otherwise pass its "
		      "controller ConfigMap with --nginx-configmap FILE ('hsts: \"false\"': no header)";
	if (c->gateway) {
		gateway_finding(c, who, found ? "the controller ConfigMap's 'hsts' settings" : DEFAULTS,
				found ? "nothing for convert; to go without the header, convert with a controller ConfigMap "
					"that says 'hsts: \"false\"', or take the header's 'set' entries out of the routes"
				      : fix);
		free(who);
		free(v);
		return;
	}
	line = xasprintf("%s %s", HSTS, v);
	done = c->plan ? plan_header(c, line) : "adds 'higress.io/response-header-control-update' with it";
	msg = xasprintf("%s (%s), replacing the backend's; Envoy adds none: convert %s, which higress also applies "
			"to plain-HTTP responses of these routes (browsers ignore it there, RFC 6797 8.1)",
			who, found ? "the controller ConfigMap's 'hsts' settings" : DEFAULTS, done);
	check_finding(c->out, c->st, c->ing, finding_pos(c), ST_CONVERTED, SEV_INFO, R_HSTS, msg, fix);
	free(msg);
	free(line);
	free(who);
	free(v);
}
