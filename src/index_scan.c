/* index_scan.c - the index pass over one input, cheaply (see index_scan.h).
 *
 * The scanner reads an input line by line into a window that holds the
 * current document. A stack of block collections (mapping or sequence,
 * with their indentation) follows the structure; each collection has a
 * context that says which facts its keys hold (the root, metadata,
 * annotations, spec, rules, paths, backends, TLS entries, Service ports)
 * or that it holds none. Scalars the index keeps are recorded as spans of
 * the document; at the document's end the facts go to the index, as
 * index_object would put them; a List's elements are documents of their
 * own, one level deeper. Whatever the scanner cannot be sure of makes it
 * give up on the document ('bad'): it skips to the document's end and
 * libyaml reads the document's bytes. What libyaml cannot read alone
 * makes it give up on the whole input ('fatal'), and the full parse reads
 * it again.
 */
#define _GNU_SOURCE	/* fopencookie: libyaml reads a document from the input */
#include "index_scan.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "scalar.h"
#include "util.h"

#define READ_CHUNK 65536
#define MAX_KEY 1000		/* libyaml's simple keys end at 1024 characters */
#define MAX_FRAMES 64

/* A scalar of the current document: bytes [off - 1, off - 1 + len) from
 * its start; off 0 when absent. */
struct span {
	uint32_t off, len;
};

/* Contexts of collections: which facts their keys or items hold. */
enum ctx {
	C_SKIP,			/* nothing the index keeps */
	C_LEAF,			/* a scalar the index keeps */
	C_ROOT, C_META, C_ANN, C_SPEC, C_RULE, C_HTTP, C_PATH, C_BACKEND, C_SERVICE,
	C_PORT, C_TLSI, C_SPORT, C_DATA, C_SDATA,	/* mappings */
	C_RULES, C_PATHS, C_TLS, C_HOSTS, C_PORTS, C_ITEMS,	/* sequences */
	C_LAST = C_ITEMS
};

static bool ctx_is_seq(int c)
{
	return c >= C_RULES;
}

/* Keys the index reads; a second one in the same mapping is a duplicate
 * whose meaning the scanner does not model (the last wins, wholesale). */
enum key {
	K_KIND, K_API, K_METADATA, K_SPEC, K_ITEMS, K_NAME, K_NAMESPACE, K_CREATED,
	K_ANNOTATIONS, K_A_CANARY, K_A_REGEX, K_A_REWRITE, K_A_CLASS, K_A_DEFAULT,
	K_CLASSNAME, K_CONTROLLER, K_RULES, K_TLS, K_PORTS, K_HOST, K_HTTP, K_PATHS,
	K_PATH, K_PATHTYPE, K_BACKEND, K_SERVICE, K_SERVICENAME, K_SERVICEPORT, K_PORT,
	K_NUMBER, K_SECRETNAME, K_HOSTS, K_PROTOCOL, K_APPPROTOCOL,
	K_TYPE, K_DATA, K_SDATA, K_A_AUTHSECRET,
	K_DATAKEY,	/* any key of a Secret's data or stringData (not in the seen set) */
	K_A_SRV0,	/* the server-level annotations: K_A_SRV0 + i for index_server_keys[i] */
	K_A_SRV_END = K_A_SRV0 + INDEX_NSERVER_KEYS,
};
#define K_MERGE (-2)	/* '<<': keys from elsewhere, left to libyaml */

static const struct keydef {
	uint8_t ctx;
	const char *name;
	uint8_t len;
	uint8_t key;
	uint8_t child;
} keydefs[] = {	/* the rows of one context stand together */
	{ C_ROOT, "kind", sizeof("kind") - 1, K_KIND, C_LEAF },
	{ C_ROOT, "apiVersion", sizeof("apiVersion") - 1, K_API, C_LEAF },
	{ C_ROOT, "metadata", sizeof("metadata") - 1, K_METADATA, C_META },
	{ C_ROOT, "spec", sizeof("spec") - 1, K_SPEC, C_SPEC },
	{ C_ROOT, "items", sizeof("items") - 1, K_ITEMS, C_ITEMS },
	{ C_ROOT, "type", sizeof("type") - 1, K_TYPE, C_LEAF },
	{ C_ROOT, "data", sizeof("data") - 1, K_DATA, C_DATA },
	{ C_ROOT, "stringData", sizeof("stringData") - 1, K_SDATA, C_SDATA },
	{ C_META, "name", sizeof("name") - 1, K_NAME, C_LEAF },
	{ C_META, "namespace", sizeof("namespace") - 1, K_NAMESPACE, C_LEAF },
	{ C_META, "creationTimestamp", sizeof("creationTimestamp") - 1, K_CREATED, C_LEAF },
	{ C_META, "annotations", sizeof("annotations") - 1, K_ANNOTATIONS, C_ANN },
	{ C_ANN, "kubernetes.io/ingress.class", sizeof("kubernetes.io/ingress.class") - 1, K_A_CLASS, C_LEAF },
	{ C_ANN, "ingressclass.kubernetes.io/is-default-class", sizeof("ingressclass.kubernetes.io/is-default-class") - 1,
	  K_A_DEFAULT, C_LEAF },
	{ C_SPEC, "ingressClassName", sizeof("ingressClassName") - 1, K_CLASSNAME, C_LEAF },
	{ C_SPEC, "controller", sizeof("controller") - 1, K_CONTROLLER, C_LEAF },
	{ C_SPEC, "rules", sizeof("rules") - 1, K_RULES, C_RULES },
	{ C_SPEC, "tls", sizeof("tls") - 1, K_TLS, C_TLS },
	{ C_SPEC, "ports", sizeof("ports") - 1, K_PORTS, C_PORTS },
	{ C_RULE, "host", sizeof("host") - 1, K_HOST, C_LEAF },
	{ C_RULE, "http", sizeof("http") - 1, K_HTTP, C_HTTP },
	{ C_HTTP, "paths", sizeof("paths") - 1, K_PATHS, C_PATHS },
	{ C_PATH, "path", sizeof("path") - 1, K_PATH, C_LEAF },
	{ C_PATH, "pathType", sizeof("pathType") - 1, K_PATHTYPE, C_LEAF },
	{ C_PATH, "backend", sizeof("backend") - 1, K_BACKEND, C_BACKEND },
	{ C_BACKEND, "service", sizeof("service") - 1, K_SERVICE, C_SERVICE },
	{ C_BACKEND, "serviceName", sizeof("serviceName") - 1, K_SERVICENAME, C_LEAF },
	{ C_BACKEND, "servicePort", sizeof("servicePort") - 1, K_SERVICEPORT, C_LEAF },
	{ C_SERVICE, "name", sizeof("name") - 1, K_NAME, C_LEAF },
	{ C_SERVICE, "port", sizeof("port") - 1, K_PORT, C_PORT },
	{ C_PORT, "number", sizeof("number") - 1, K_NUMBER, C_LEAF },
	{ C_PORT, "name", sizeof("name") - 1, K_NAME, C_LEAF },
	{ C_TLSI, "secretName", sizeof("secretName") - 1, K_SECRETNAME, C_LEAF },
	{ C_TLSI, "hosts", sizeof("hosts") - 1, K_HOSTS, C_HOSTS },
	{ C_SPORT, "name", sizeof("name") - 1, K_NAME, C_LEAF },
	{ C_SPORT, "port", sizeof("port") - 1, K_PORT, C_LEAF },
	{ C_SPORT, "protocol", sizeof("protocol") - 1, K_PROTOCOL, C_LEAF },
	{ C_SPORT, "appProtocol", sizeof("appProtocol") - 1, K_APPPROTOCOL, C_LEAF },
};

struct srule {
	struct span host;
	uint32_t first_path, npaths;
	bool paths;		/* http.paths written */
};

struct spath {
	struct span path, type, svc_name, port_number, port_name, service_name, service_port;
	bool service;		/* backend.service written */
};

struct stls {
	struct span secret;
	uint32_t first_host, nhosts;
};

struct sport {
	struct span name, port, protocol, app;
};

/* A key of data or stringData and its value (a Secret's, when the
 * document is one). */
struct sdata {
	struct span key, val;
	bool string;		/* stringData's */
	bool odd;		/* a value the scanner does not read (a collection, a block, null) */
};

/* The facts of the current document. */
struct doc {
	bool root;		/* a root mapping was seen */
	uint32_t line, col;	/* where it starts */
	struct span kind, api, name, ns, created, canary, regex, rewrite, cls_ann, is_default;
	struct span class_name, controller, type, auth_secret;
	struct span srv[INDEX_NSERVER_KEYS];	/* server-level annotations */
	struct srule *rules;
	struct spath *paths;
	struct stls *tls;
	struct span *hosts;
	struct sport *ports;
	struct sdata *data;
	size_t nrules, npaths, ntls, nhosts, nports, ndata;
	size_t rcap, pcap, tcap, hcap, ocap, dcap;
};

struct frame {
	int indent;
	bool seq;
	bool indentless;	/* a sequence at its mapping's indentation */
	uint8_t ctx;
	bool item;		/* the root mapping of a List element */
	uint32_t rec;		/* the record its facts go to (rule, path, TLS entry, port) */
	uint64_t seen;		/* keys read (1 << enum key) */
};

/* A key or '-' whose value starts on a later line (or is null). */
struct pending {
	bool on, item;
	int indent;		/* of the key's mapping, or of the '-' */
	uint8_t child;
	int key;
	uint32_t rec;
};

/* A block scalar being skipped. */
struct block {
	bool on;
	int parent;		/* indentation of its collection */
	int indent;		/* of its content, 0 until known */
	int max_blank;		/* spaces of the all-space lines before the content */
};

struct scan {
	struct index *ix;
	const char *prefix;
	size_t prefix_len;
	FILE *in;
	char *buf;		/* the window: the current document (or List element) from buf + docstart */
	size_t len, cap, pos, docstart;
	off_t base;		/* where buf starts in the input */
	off_t docpos;		/* where the current document starts in the input */
	bool slid;		/* the window left the document's start behind (List elements) */
	bool eof;
	bool bad;		/* give up on the current document: libyaml reads it */
	bool fatal;		/* give up on the input: the full parse reads it all */
	uint32_t line;
	uint32_t docline;	/* the line the current document starts on (its '---', or 1) */
	struct index_mark docmark;	/* the index before the current document */
	size_t reparsed;	/* documents read by libyaml */
	const char *name;	/* of the input */
	FILE *err;		/* where a document's re-parse reports (discarded) */
	char *errbuf;
	size_t errlen;
	unsigned stream_flags;
	stream_object_fn fn;
	struct frame stack[MAX_FRAMES];
	int depth;
	struct pending pend;
	struct block blk;
	struct doc d;		/* the document's facts, or its List element's */
	struct doc outer;	/* in a List element: the List document's facts */
	bool in_item;
	size_t items_done;	/* List elements given to the index as objects */
	size_t items_left;	/* items not objects (index_object sees the document then) */
	char *tmp;		/* a NUL-terminated copy for port numbers */
	size_t tmpcap;
};

/* Span helpers ----------------------------------------------------------- */

static const char *span_ptr(const struct scan *s, struct span sp)
{
	return s->buf + s->docstart + sp.off - 1;
}

static bool span_is(const struct scan *s, struct span sp, const char *str)
{
	size_t n = strlen(str);

	return sp.off && sp.len == n && memcmp(span_ptr(s, sp), str, n) == 0;
}

/* Is the value at sp true as ingress-nginx reads a boolean annotation
 * (Go's strconv.ParseBool)? */
static bool span_bool(const struct scan *s, struct span sp)
{
	return sp.off && scalar_go_bool(span_ptr(s, sp), sp.len) == 1;
}

static istr span_intern(struct scan *s, struct span sp)
{
	return sp.off ? index_intern(s->ix, span_ptr(s, sp), sp.len) : 0;
}

static int32_t span_port(struct scan *s, struct span sp)
{
	if (sp.off == 0)
		return -1;
	grow_array((void **)&s->tmp, &s->tmpcap, sp.len + 1, 1);
	memcpy(s->tmp, span_ptr(s, sp), sp.len);
	s->tmp[sp.len] = '\0';
	return index_port_number(s->tmp);
}

/* Committing a document -------------------------------------------------- */

static void commit_ingress(struct scan *s)
{
	struct doc *d = &s->d;
	struct index_ingress *x = index_push_ingress(s->ix);
	uint32_t flags = 0;
	size_t first_path = index_npaths(s->ix), first_tls = index_ntls(s->ix);

	x->ns = span_intern(s, d->ns);
	x->name = span_intern(s, d->name);
	x->file = index_file(s->ix);
	x->line = d->line;
	x->col = d->col;
	x->cls = span_intern(s, d->cls_ann.off ? d->cls_ann : d->class_name);
	x->created = span_intern(s, d->created);
	if (d->auth_secret.off)
		index_push_secret_ref(s->ix, x->ns, span_ptr(s, d->auth_secret), d->auth_secret.len);
	x = (struct index_ingress *)index_ingress_at(s->ix, index_ningresses(s->ix) - 1);
	if (span_bool(s, d->canary))
		flags |= IX_CANARY;
	if (span_bool(s, d->regex))
		flags |= IX_USE_REGEX;
	if (d->rewrite.off)
		flags |= IX_REWRITE;
	if (x->cls == 0 || *index_str(s->ix, x->cls) == '\0')
		flags |= IX_CLASSLESS;
	if (!span_is(s, d->api, "networking.k8s.io/v1"))
		flags |= IX_LEGACY;
	x->flags = flags;
	x->first_setting = (uint32_t)index_nsettings(s->ix);
	for (size_t k = 0; k < INDEX_NSERVER_KEYS; k++)
		if (d->srv[k].off)
			index_push_setting(s->ix, index_intern(s->ix, index_server_keys[k], strlen(index_server_keys[k])),
					   span_intern(s, d->srv[k]));
	x->nsettings = (uint32_t)(index_nsettings(s->ix) - x->first_setting);
	for (size_t r = 0; r < d->nrules; r++) {
		const struct srule *sr = &d->rules[r];
		istr host = sr->host.off && sr->host.len ? span_intern(s, sr->host) : 0;
		for (uint32_t p = 0; p < sr->npaths; p++) {
			const struct spath *sp = &d->paths[sr->first_path + p];
			struct index_path *ip = index_push_path(s->ix);
			ip->host = host;
			ip->path = span_intern(s, sp->path);
			ip->path_type = index_path_type(sp->type.off ? span_ptr(s, sp->type) : NULL, sp->type.len);
			if (sp->service) {
				ip->service = span_intern(s, sp->svc_name);
				ip->port_number = span_port(s, sp->port_number);
				ip->port_name = span_intern(s, sp->port_name);
			} else {
				ip->service = span_intern(s, sp->service_name);
				ip->port_number = span_port(s, sp->service_port);
				if (ip->port_number < 0)
					ip->port_name = span_intern(s, sp->service_port);
			}
		}
		if (!sr->paths && host) {	/* a host without paths still names the host */
			struct index_path *ip = index_push_path(s->ix);
			ip->host = host;
			ip->port_number = -1;
		}
	}
	for (size_t t = 0; t < d->ntls; t++) {
		struct index_tls *it = index_push_tls(s->ix);
		it->secret = span_intern(s, d->tls[t].secret);
		it->first_host = (uint32_t)index_nhosts(s->ix);
		for (uint32_t h = 0; h < d->tls[t].nhosts; h++) {
			struct span hs = d->hosts[d->tls[t].first_host + h];
			if (hs.off && hs.len)
				index_push_host(s->ix, span_intern(s, hs));
		}
		it = (struct index_tls *)index_tls_at(s->ix, index_ntls(s->ix) - 1);
		it->nhosts = (uint32_t)(index_nhosts(s->ix) - it->first_host);
	}
	x = (struct index_ingress *)index_ingress_at(s->ix, index_ningresses(s->ix) - 1);
	x->first_path = (uint32_t)first_path;
	x->npaths = (uint32_t)(index_npaths(s->ix) - first_path);
	x->first_tls = (uint32_t)first_tls;
	x->ntls = (uint32_t)(index_ntls(s->ix) - first_tls);
}

static void commit_service(struct scan *s)
{
	struct doc *d = &s->d;
	struct index_service *sv = index_push_service(s->ix);
	size_t first = index_nports(s->ix);

	sv->ns = span_intern(s, d->ns);
	sv->name = span_intern(s, d->name);
	sv->first_port = (uint32_t)first;
	for (size_t i = 0; i < d->nports; i++) {
		struct index_port *ip = index_push_port(s->ix);
		ip->name = span_intern(s, d->ports[i].name);
		ip->number = span_port(s, d->ports[i].port);
		ip->protocol = span_intern(s, d->ports[i].protocol);
		ip->app_protocol = span_intern(s, d->ports[i].app);
	}
	sv = (struct index_service *)index_service_at(s->ix, index_nservices(s->ix) - 1);
	sv->nports = (uint32_t)(index_nports(s->ix) - first);
}

static void commit_class(struct scan *s)
{
	struct doc *d = &s->d;
	struct index_class *c = index_push_class(s->ix);

	c->name = span_intern(s, d->name);
	c->controller = span_intern(s, d->controller);
	c->is_default = span_is(s, d->is_default, "true");
}

/* A Secret: its keys and values as index_object gives them (data, then
 * stringData). False when a value is one the scanner did not read. */
static bool commit_secret(struct scan *s)
{
	struct doc *d = &s->d;
	struct index_secret *sc;

	for (size_t i = 0; i < d->ndata; i++)
		if (d->data[i].odd)
			return false;
	sc = index_push_secret(s->ix);
	sc->ns = span_intern(s, d->ns);
	sc->name = span_intern(s, d->name);
	sc->type = span_intern(s, d->type);
	sc->file = index_file(s->ix);
	sc->line = d->line;
	sc->col = d->col;
	if (d->type.off && index_secret_type_other(span_ptr(s, d->type), d->type.len))
		sc->flags |= IXS_NO_CREDENTIALS;
	if (!d->api.off)
		sc->flags |= IXS_NO_API;
	else if (span_is(s, d->api, "v1"))
		sc->flags |= IXS_V1;
	for (int string = 0; string < 2; string++)
		for (size_t i = 0; i < d->ndata; i++) {
			const struct sdata *e = &d->data[i];
			if (e->string == (string != 0))
				index_secret_value(s->ix, span_ptr(s, e->key), e->key.len, span_ptr(s, e->val), e->val.len,
						   !string);
		}
	return true;
}

static bool resolve_pending(struct scan *s, int ind, bool dash);
static void end_item(struct scan *s, uint64_t seen);

/* Does the index keep the current document, a ConfigMap (its name and
 * the keys of its 'data' as the full parse would see them)? */
static bool configmap_wanted(struct scan *s)
{
	struct doc *d = &s->d;
	char **keys = xcalloc(d->ndata ? d->ndata : 1, sizeof(*keys));
	char *name = d->name.off ? xstrndup(span_ptr(s, d->name), d->name.len) : NULL;
	size_t n = 0;
	bool want;

	for (size_t i = 0; i < d->ndata; i++)
		if (!d->data[i].string)
			keys[n++] = xstrndup(span_ptr(s, d->data[i].key), d->data[i].key.len);
	want = index_configmap_wanted(s->ix, name, (const char *const *)keys, n);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(name);
	return want;
}

/* Keep the current document, a ConfigMap the index wants, as index_object
 * keeps one: the values of 'data' kubectl reads as strings. False when a
 * value is one the scanner did not read (a snippet's block, an empty
 * value): libyaml reads the document then. */
static bool commit_configmap(struct scan *s)
{
	struct doc *d = &s->d;
	struct index_configmap *cm;
	size_t first = index_ncmdata(s->ix);

	for (size_t i = 0; i < d->ndata; i++)
		if (!d->data[i].string && (d->data[i].odd || d->data[i].val.off == 0))
			return false;
	cm = index_push_configmap(s->ix);
	cm->ns = span_intern(s, d->ns);
	cm->name = span_intern(s, d->name);
	cm->file = index_file(s->ix);
	cm->line = d->line;
	cm->col = d->col;
	cm->first_data = (uint32_t)first;
	for (size_t i = 0; i < d->ndata; i++) {
		const struct sdata *e = &d->data[i];
		const char *v = span_ptr(s, e->val);
		bool quoted = e->val.off > 1 && (v[-1] == '"' || v[-1] == '\'');
		if (e->string || (!quoted && yaml11_resolve(v, e->val.len) != Y11_STRING))
			continue;	/* not a string, which Kubernetes rejects: the object pass reports it */
		index_push_cmdata(s->ix, span_intern(s, e->key), span_intern(s, e->val));
	}
	cm = (struct index_configmap *)index_configmap_at(s->ix, index_nconfigmaps(s->ix) - 1);
	cm->ndata = (uint32_t)(index_ncmdata(s->ix) - first);
	return true;
}

/* The facts of the document go to the index, as index_object classifies
 * it (s->bad when it is a Secret with a value the scanner did not read). */
static void commit_doc(struct scan *s)
{
	struct doc *d = &s->d;

	if (!d->root || !d->kind.off)
		return;
	if (!d->api.off) {	/* only a Secret is read without apiVersion (as index_object does) */
		if (span_is(s, d->kind, "Secret") && !commit_secret(s))
			s->bad = true;
		return;
	}
	if (span_is(s, d->kind, "Ingress") &&
	    (span_is(s, d->api, "networking.k8s.io/v1") || span_is(s, d->api, "networking.k8s.io/v1beta1") ||
	     span_is(s, d->api, "extensions/v1beta1")))
		commit_ingress(s);
	else if (span_is(s, d->kind, "IngressClass") && d->api.len >= 18 &&
		 memcmp(span_ptr(s, d->api), "networking.k8s.io/", 18) == 0)
		commit_class(s);
	else if (span_is(s, d->kind, "Service") && span_is(s, d->api, "v1"))
		commit_service(s);
	else if (span_is(s, d->kind, "Secret") && !commit_secret(s))
		s->bad = true;
	else if (span_is(s, d->kind, "ConfigMap") && span_is(s, d->api, "v1") && index_wants_configmaps(s->ix) &&
		 configmap_wanted(s) && !commit_configmap(s))
		s->bad = true;	/* a value only libyaml reads (a snippet's block) */
}

/* Forget the facts of the document (its arrays stay for the next). */
static void clear_doc(struct doc *d)
{
	struct doc keep = *d;

	memset(d, 0, sizeof(*d));
	d->rules = keep.rules, d->rcap = keep.rcap;
	d->paths = keep.paths, d->pcap = keep.pcap;
	d->tls = keep.tls, d->tcap = keep.tcap;
	d->hosts = keep.hosts, d->hcap = keep.hcap;
	d->ports = keep.ports, d->ocap = keep.ocap;
	d->data = keep.data, d->dcap = keep.dcap;
}

/* The scanner's state between documents. */
static void reset_doc(struct scan *s)
{
	clear_doc(&s->d);
	clear_doc(&s->outer);
	s->in_item = false;
	s->slid = false;
	s->items_done = s->items_left = 0;
	s->depth = 0;
	s->pend.on = false;
	s->blk.on = false;
	s->bad = false;
}

/* The document is done: its facts go to the index (unless the scanner
 * gave up on it: s->bad). */
static void end_doc(struct scan *s)
{
	if (!s->bad && s->pend.on && !resolve_pending(s, -1, false))
		s->bad = true;	/* a container written as null: not modelled */
	if (!s->bad && s->in_item) {	/* the last List element (its frame is on the stack) */
		int i = s->depth - 1;
		while (i > 0 && !s->stack[i].item)
			i--;
		end_item(s, s->stack[i].seen);
	}
	if (!s->bad && (s->items_done == 0 || s->items_left > 0)) {
		if (s->slid)
			s->bad = true;	/* the document's facts from before its elements are gone */
		else
			commit_doc(s);	/* the document, unless it is a List whose items all were objects */
	}
}

/* Whether the line p[0..n) has no line break within, as libyaml counts
 * them (a lone CR, NEL, LS, PS), so the scanner counts lines as it does. */
static bool one_line(const char *p, size_t n)
{
	if (memchr(p, '\r', n))
		return false;
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0xc2 && (unsigned char)p[i + 1] == 0x85)
			return false;
		if (c == 0xe2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
		    ((unsigned char)p[i + 2] == 0xa8 || (unsigned char)p[i + 2] == 0xa9))
			return false;
	}
	return true;
}

/* A part of the input for libyaml: the next left bytes of in. */
struct range {
	FILE *in;
	off_t left;
};

static ssize_t range_read(void *cookie, char *b, size_t size)
{
	struct range *r = cookie;
	size_t n = (off_t)size < r->left ? size : (size_t)r->left;

	n = fread(b, 1, n, r->in);
	r->left -= (off_t)n;
	return n == 0 && ferror(r->in) ? -1 : (ssize_t)n;
}

/* A stream of the current document's bytes up to window offset end: from
 * the window when it still holds them, else from the input (whose read
 * position the caller restores). NULL when it cannot be opened. */
static FILE *doc_bytes(struct scan *s, size_t end, struct range *r)
{
	off_t len = s->base + (off_t)end - s->docpos;

	if (s->docpos >= s->base)
		return fmemopen(s->buf + (s->docpos - s->base), (size_t)len, "r");
	if (fseeko(s->in, s->docpos, SEEK_SET) != 0)
		return NULL;
	r->in = s->in;
	r->left = len;
	return fopencookie(r, "r", (cookie_io_functions_t){ .read = range_read });
}

/* libyaml reads the current document, up to window offset end (from its
 * '---' line, or the start of the input): the scan's records of it are
 * dropped, index_object's (through s->fn) kept, their lines counted from
 * the start of the input. s->fatal when libyaml stops at an error (the
 * full parse then reads the whole input, as only it knows which facts
 * before the error it keeps). */
static void reparse_doc(struct scan *s, size_t end)
{
	struct range r;
	FILE *in;

	index_rollback(s->ix, &s->docmark);
	if (s->base + (off_t)end == s->docpos)
		return;
	if (s->err == NULL && (s->err = open_memstream(&s->errbuf, &s->errlen)) == NULL) {
		s->fatal = true;
		return;
	}
	if ((in = doc_bytes(s, end, &r)) == NULL) {
		s->fatal = true;
		return;
	}
	index_set_line_base(s->ix, s->docline - 1);
	if (stream_run_flags(s->name, in, NULL, s->err, s->stream_flags, s->fn, s->ix, NULL) < 0)
		s->fatal = true;
	index_set_line_base(s->ix, 0);
	fclose(in);
	if (s->docpos < s->base && fseeko(s->in, s->base + (off_t)s->len, SEEK_SET) != 0)
		s->fatal = true;
	s->reparsed++;
}

/* Records ---------------------------------------------------------------- */

static uint32_t push_rule(struct scan *s)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->rules, &d->rcap, d->nrules + 1, sizeof(*d->rules));
	memset(&d->rules[d->nrules], 0, sizeof(*d->rules));
	d->rules[d->nrules].first_path = (uint32_t)d->npaths;
	return (uint32_t)d->nrules++;
}

static uint32_t push_path(struct scan *s, uint32_t rule)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->paths, &d->pcap, d->npaths + 1, sizeof(*d->paths));
	memset(&d->paths[d->npaths], 0, sizeof(*d->paths));
	d->rules[rule].npaths++;
	return (uint32_t)d->npaths++;
}

static uint32_t push_tls(struct scan *s)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->tls, &d->tcap, d->ntls + 1, sizeof(*d->tls));
	memset(&d->tls[d->ntls], 0, sizeof(*d->tls));
	d->tls[d->ntls].first_host = (uint32_t)d->nhosts;
	return (uint32_t)d->ntls++;
}

static void push_host(struct scan *s, uint32_t tls, struct span h)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->hosts, &d->hcap, d->nhosts + 1, sizeof(*d->hosts));
	d->hosts[d->nhosts++] = h;
	d->tls[tls].nhosts++;
}

/* A key of data (or stringData) at p[k0..k) of the line at off; its value is
 * the last entry's until another is pushed. */
static void push_data(struct scan *s, int ctx, const char *p, size_t k0, size_t k, size_t off)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->data, &d->dcap, d->ndata + 1, sizeof(*d->data));
	memset(&d->data[d->ndata], 0, sizeof(*d->data));
	d->data[d->ndata].key = (struct span){ (uint32_t)(off + k0 + 1), (uint32_t)(k - k0) };
	d->data[d->ndata].string = ctx == C_SDATA;
	d->ndata++;
}

static uint32_t push_port(struct scan *s)
{
	struct doc *d = &s->d;

	grow_array((void **)&d->ports, &d->ocap, d->nports + 1, sizeof(*d->ports));
	memset(&d->ports[d->nports], 0, sizeof(*d->ports));
	return (uint32_t)d->nports++;
}

/* Where the scalar of key goes in a collection of context ctx (record rec). */
static struct span *leaf_slot(struct scan *s, int ctx, int key, uint32_t rec)
{
	struct doc *d = &s->d;

	switch (ctx) {
	case C_ROOT: return key == K_KIND ? &d->kind : key == K_TYPE ? &d->type : &d->api;
	case C_META: return key == K_NAME ? &d->name : key == K_NAMESPACE ? &d->ns : &d->created;
	case C_ANN:
		switch (key) {
		case K_A_CANARY: return &d->canary;
		case K_A_REGEX: return &d->regex;
		case K_A_REWRITE: return &d->rewrite;
		case K_A_CLASS: return &d->cls_ann;
		case K_A_DEFAULT: return &d->is_default;
		case K_A_AUTHSECRET: return &d->auth_secret;
		default: return &d->srv[key - K_A_SRV0];
		}
	case C_SPEC: return key == K_CLASSNAME ? &d->class_name : &d->controller;
	case C_RULE: return &d->rules[rec].host;
	case C_PATH: return key == K_PATH ? &d->paths[rec].path : &d->paths[rec].type;
	case C_BACKEND: return key == K_SERVICENAME ? &d->paths[rec].service_name : &d->paths[rec].service_port;
	case C_SERVICE: return &d->paths[rec].svc_name;
	case C_PORT: return key == K_NUMBER ? &d->paths[rec].port_number : &d->paths[rec].port_name;
	case C_TLSI: return &d->tls[rec].secret;
	case C_DATA:
	case C_SDATA: return &d->data[d->ndata - 1].val;
	case C_SPORT:
		switch (key) {
		case K_NAME: return &d->ports[rec].name;
		case K_PORT: return &d->ports[rec].port;
		case K_PROTOCOL: return &d->ports[rec].protocol;
		default: return &d->ports[rec].app;
		}
	default: return NULL;
	}
}

/* The first row of keydefs for context ctx (its rows stand together),
 * or the end of the table. */
static size_t ctx_first(int ctx)
{
	static uint8_t first[C_LAST + 1];
	static bool done;
	const size_t n = sizeof(keydefs) / sizeof(keydefs[0]);

	if (!done) {
		for (size_t c = 0; c <= C_LAST; c++)
			first[c] = (uint8_t)n;
		for (size_t i = n; i-- > 0;)
			first[keydefs[i].ctx] = (uint8_t)i;
		done = true;
	}
	return first[ctx];
}

/* The key k[0..n) of a mapping of context ctx: its enum key (or -1 for a
 * key the index does not read) and the context of its value. */
static int key_lookup(const struct scan *s, int ctx, const char *k, size_t n, uint8_t *child)
{
	static const char *const ann[] = { "canary", "use-regex", "rewrite-target", "auth-secret" };
	static const int annkey[] = { K_A_CANARY, K_A_REGEX, K_A_REWRITE, K_A_AUTHSECRET };

	*child = C_SKIP;
	if (n == 2 && k[0] == '<' && k[1] == '<')
		return K_MERGE;
	if (ctx == C_SKIP)
		return -1;
	if (ctx == C_DATA || ctx == C_SDATA) {
		*child = C_LEAF;
		return K_DATAKEY;
	}
	if (ctx == C_ANN && n > s->prefix_len && memcmp(k, s->prefix, s->prefix_len) == 0 && k[s->prefix_len] == '/') {
		const char *name = k + s->prefix_len + 1;
		size_t nn = n - s->prefix_len - 1;
		for (size_t i = 0; i < sizeof(ann) / sizeof(ann[0]); i++) {
			if (ann[i][0] == name[0] && strncmp(ann[i], name, nn) == 0 && ann[i][nn] == '\0') {
				*child = C_LEAF;
				return annkey[i];
			}
		}
		for (size_t i = 0; i < INDEX_NSERVER_KEYS; i++) {
			const char *sk = index_server_keys[i];
			if (sk[0] == name[0] && strncmp(sk, name, nn) == 0 && sk[nn] == '\0') {
				*child = C_LEAF;
				return K_A_SRV0 + (int)i;
			}
		}
	}
	for (size_t i = ctx_first(ctx); i < sizeof(keydefs) / sizeof(keydefs[0]) && keydefs[i].ctx == ctx; i++) {
		const struct keydef *kd = &keydefs[i];
		if (kd->len == n && memcmp(kd->name, k, n) == 0) {
			*child = kd->child;
			return kd->key;
		}
	}
	return -1;
}

/* Lines ------------------------------------------------------------------ */

/* Characters that cannot start a plain scalar (or start one only in
 * forms the scanner leaves to libyaml: '-', '?', ':'). */
static bool plain_start(char c)
{
	switch (c) {
	case ' ': case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#':
	case '&': case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
	case '\0':	/* nor does a NUL byte */
		return false;
	default:
		return true;
	}
}

/* The rest of a line after a value ends at j: spaces, then nothing or a
 * comment after a space. */
static bool tail_ok(const char *p, size_t j, size_t n)
{
	size_t k = j;

	while (k < n && p[k] == ' ')
		k++;
	return k == n || (p[k] == '#' && k > j);
}

/* Is p[i..n) 'KEY:' with a plain key? 1 (the key ends at *kend, its value
 * starts at *after), 0 when it is no such key, -1 when it is a form the
 * scanner leaves to libyaml. */
static int key_at(const char *p, size_t i, size_t n, size_t *kend, size_t *after)
{
	if (i >= n || !plain_start(p[i]))
		return 0;
	for (size_t j = i + 1; j < n; j++) {
		if (p[j] == ':' && (j + 1 == n || p[j + 1] == ' ')) {
			if (p[j - 1] == ' ' || j - i > MAX_KEY)
				return -1;
			*kend = j;
			*after = j + 1;
			return 1;
		}
		if (p[j] == '#' && p[j - 1] == ' ')
			return 0;
	}
	return 0;
}

enum vkind { V_BAD, V_SCALAR, V_BLOCK };

/* Read the scalar or block scalar header at p[i..n) (after 'key: ' or
 * '- '; not a flow collection). A scalar goes to *out. */
static enum vkind value_at(const char *p, size_t i, size_t n, size_t off, struct span *out)
{
	size_t j;
	char c = p[i];

	if (c == '|' || c == '>') {
		j = i + 1;
		if (j < n && (p[j] == '+' || p[j] == '-'))
			j++;
		if (j < n && p[j] != ' ')
			return V_BAD;	/* an indentation indicator, or more */
		return tail_ok(p, j, n) ? V_BLOCK : V_BAD;
	}
	if (c == '"' || c == '\'') {
		for (j = i + 1; j < n && p[j] != c; j++)
			if (c == '"' && p[j] == '\\')
				return V_BAD;
		if (j == n || (c == '\'' && j + 1 < n && p[j + 1] == '\'') || !tail_ok(p, j + 1, n))
			return V_BAD;	/* multi-line, an escaped quote, a quoted key, or more */
		*out = (struct span){ (uint32_t)(off + i + 2), (uint32_t)(j - i - 1) };
		return V_SCALAR;
	}
	if (!plain_start(c))
		return V_BAD;
	for (j = i + 1; j < n; j++) {
		if (p[j] == ':' && (j + 1 == n || p[j + 1] == ' '))
			return V_BAD;	/* a mapping where a scalar stands */
		if (p[j] == '#' && p[j - 1] == ' ')
			break;
	}
	while (p[j - 1] == ' ')
		j--;
	*out = (struct span){ (uint32_t)(off + i + 1), (uint32_t)(j - i) };
	return V_SCALAR;
}

/* The context of the items of a sequence of context ctx. */
static uint8_t item_ctx(int ctx)
{
	switch (ctx) {
	case C_RULES: return C_RULE;
	case C_PATHS: return C_PATH;
	case C_TLS: return C_TLSI;
	case C_PORTS: return C_SPORT;
	case C_ITEMS: return C_ROOT;
	case C_HOSTS: return C_LEAF;
	default: return C_SKIP;
	}
}

/* One-line flow collections ---------------------------------------------- */

#define MAX_FLOW_DEPTH 32

/* Characters of a plain scalar in a flow collection, as the scanner takes
 * them (no spaces, no ':', '#' or '?': those are left to libyaml). */
static bool flow_plain_char(char c)
{
	return (unsigned char)c > ' ' && c != 0x7f && strchr(",[]{}#:?'\"", c) == NULL;
}

static void skip_spaces(const char *p, size_t *j, size_t n)
{
	while (*j < n && p[*j] == ' ')
		(*j)++;
}

/* A scalar in a flow collection at p[*j]: a plain word or a quoted
 * scalar without escapes; *j moves past it. */
static bool flow_scalar(const char *p, size_t *j, size_t n, size_t off, struct span *out)
{
	size_t i = *j, k;
	char c = i < n ? p[i] : '\0';

	if (c == '"' || c == '\'') {
		for (k = i + 1; k < n && p[k] != c; k++)
			if (c == '"' && p[k] == '\\')
				return false;
		if (k == n || (c == '\'' && k + 1 < n && p[k + 1] == '\''))
			return false;
		*out = (struct span){ (uint32_t)(off + i + 2), (uint32_t)(k - i - 1) };
		*j = k + 1;
		return true;
	}
	if (i >= n || !plain_start(c))
		return false;
	for (k = i; k < n && flow_plain_char(p[k]); k++)
		;
	*out = (struct span){ (uint32_t)(off + i + 1), (uint32_t)(k - i) };
	*j = k;
	return true;
}

static bool flow_value(struct scan *s, const char *p, size_t *j, size_t n, size_t off, uint8_t child,
		       struct span *leaf, uint32_t rec, int depth);

/* After an element of a flow collection: ',' (another follows) or the
 * closing bracket. 1 for ',', 0 for the end, -1 for anything else. */
static int flow_next(const char *p, size_t *j, size_t n, char close)
{
	skip_spaces(p, j, n);
	if (*j < n && p[*j] == ',') {
		(*j)++;
		skip_spaces(p, j, n);
		return *j < n && p[*j] != close ? 1 : -1;	/* no trailing comma */
	}
	if (*j < n && p[*j] == close) {
		(*j)++;
		return 0;
	}
	return -1;
}

/* A flow mapping at p[*j] ('{') of context ctx, its facts to record rec,
 * read as the block mappings are. */
static bool flow_map(struct scan *s, const char *p, size_t *j, size_t n, size_t off, uint8_t ctx, uint32_t rec,
		     int depth)
{
	uint64_t seen = 0;
	int more;

	(*j)++;
	skip_spaces(p, j, n);
	if (*j < n && p[*j] == '}') {
		(*j)++;
		return true;
	}
	do {
		size_t k0 = *j, k;
		uint8_t child;
		int key;
		if (k0 >= n || !plain_start(p[k0]))
			return false;
		for (k = k0; k < n && flow_plain_char(p[k]); k++)
			;
		if (k + 1 >= n || p[k] != ':' || p[k + 1] != ' ' || k - k0 > MAX_KEY)
			return false;
		key = key_lookup(s, ctx, p + k0, k - k0, &child);
		if (key == K_ITEMS || key == K_MERGE)
			return false;	/* a merge key (or a root mapping's items, which no flow mapping holds here) */
		if (key == K_DATAKEY)
			push_data(s, ctx, p, k0, k, off);
		else if (key >= 0) {
			if (seen & ((uint64_t)1 << key))
				return false;
			seen |= (uint64_t)1 << key;
		}
		if (key == K_PATHS)
			s->d.rules[rec].paths = true;
		if (key == K_SERVICE)
			s->d.paths[rec].service = true;
		*j = k + 2;
		skip_spaces(p, j, n);
		if (!flow_value(s, p, j, n, off, child, child == C_LEAF ? leaf_slot(s, ctx, key, rec) : NULL, rec,
				depth + 1))
			return false;
	} while ((more = flow_next(p, j, n, '}')) == 1);
	return more == 0;
}

/* A flow sequence at p[*j] ('[') of context ctx (its records, as the
 * block sequences make them). */
static bool flow_seq(struct scan *s, const char *p, size_t *j, size_t n, size_t off, uint8_t ctx, uint32_t rec,
		     int depth)
{
	uint8_t ic = item_ctx(ctx);
	int more;

	(*j)++;
	skip_spaces(p, j, n);
	if (*j < n && p[*j] == ']') {
		(*j)++;
		return true;
	}
	do {
		uint32_t r = rec;
		struct span v;
		if (ic == C_RULE)
			r = push_rule(s);
		else if (ic == C_PATH)
			r = push_path(s, rec);
		else if (ic == C_TLSI)
			r = push_tls(s);
		if (*j < n && p[*j] == '[') {
			if (ic != C_SKIP)
				return false;	/* a sequence where a mapping or a host stands */
			if (!flow_seq(s, p, j, n, off, C_SKIP, 0, depth + 1))
				return false;
		} else if (*j < n && p[*j] == '{') {
			if (ic == C_LEAF)
				return false;
			if (ic == C_SPORT)
				r = push_port(s);
			if (!flow_map(s, p, j, n, off, ic, r, depth + 1))
				return false;
		} else {
			if (!flow_scalar(p, j, n, off, &v))
				return false;
			if (ic == C_LEAF)
				push_host(s, rec, v);	/* other scalar items: a record without facts, or none */
		}
	} while ((more = flow_next(p, j, n, ']')) == 1);
	return more == 0;
}

/* The value at p[*j] of a key whose value has context child (a scalar to
 * *leaf when C_LEAF), in a collection with record rec. */
static bool flow_value(struct scan *s, const char *p, size_t *j, size_t n, size_t off, uint8_t child,
		       struct span *leaf, uint32_t rec, int depth)
{
	struct span v;

	if (depth > MAX_FLOW_DEPTH || *j >= n)
		return false;
	if (p[*j] == '{')
		return (child == C_SKIP || (child != C_LEAF && !ctx_is_seq(child))) &&
		       flow_map(s, p, j, n, off, child, rec, depth);
	if (p[*j] == '[')
		return (child == C_SKIP || (child != C_LEAF && ctx_is_seq(child))) &&
		       flow_seq(s, p, j, n, off, child, rec, depth);
	if (!flow_scalar(p, j, n, off, &v))
		return false;
	if (child == C_LEAF)
		*leaf = v;
	return child == C_LEAF || child == C_SKIP;
}

static bool push_frame(struct scan *s, int indent, bool seq, bool indentless, uint8_t ctx, uint32_t rec)
{
	struct frame *f;

	if (s->depth >= MAX_FRAMES)
		return false;
	f = &s->stack[s->depth++];
	f->indent = indent;
	f->seq = seq;
	f->indentless = indentless;
	f->ctx = ctx;
	f->item = false;
	f->rec = rec;
	f->seen = 0;
	return true;
}

/* The value of a key of the top mapping, from p[j] on. */
static bool key_value(struct scan *s, int key, uint8_t child, const char *p, size_t j, size_t n, size_t off)
{
	struct frame *f = &s->stack[s->depth - 1];
	struct span v = { 0, 0 };

	while (j < n && p[j] == ' ')
		j++;
	if (j == n || p[j] == '#') {
		s->pend = (struct pending){ true, false, f->indent, child, key, f->rec };
		return true;
	}
	if (p[j] == '[' || p[j] == '{')
		return flow_value(s, p, &j, n, off, child, child == C_LEAF ? leaf_slot(s, f->ctx, key, f->rec) : NULL,
				  f->rec, 0) && tail_ok(p, j, n);
	switch (value_at(p, j, n, off, &v)) {
	case V_SCALAR:
		if (child == C_LEAF)
			*leaf_slot(s, f->ctx, key, f->rec) = v;
		return child == C_LEAF || child == C_SKIP;
	case V_BLOCK:
		if (child != C_SKIP)
			return false;
		s->blk = (struct block){ true, f->indent, 0, 0 };
		return true;
	default:
		return false;
	}
}

/* The value of a data key (the last entry) from p[j] on: a scalar is
 * kept, anything else skipped and marked odd (a Secret with one is left
 * to libyaml). */
static bool data_value(struct scan *s, const char *p, size_t j, size_t n, size_t off)
{
	struct sdata *e = &s->d.data[s->d.ndata - 1];
	struct frame *f = &s->stack[s->depth - 1];

	while (j < n && p[j] == ' ')
		j++;
	if (j == n || p[j] == '#') {
		e->odd = true;
		s->pend = (struct pending){ true, false, f->indent, C_SKIP, K_DATAKEY, f->rec };
		return true;
	}
	if (p[j] == '[' || p[j] == '{') {
		e->odd = true;
		return flow_value(s, p, &j, n, off, C_SKIP, NULL, f->rec, 0) && tail_ok(p, j, n);
	}
	switch (value_at(p, j, n, off, &e->val)) {
	case V_SCALAR:
		return true;
	case V_BLOCK:
		e->odd = true;
		s->blk = (struct block){ true, f->indent, 0, 0 };
		return true;
	default:
		return false;
	}
}

/* The context of the value of the document's 'items' from p[j] on: a
 * block sequence (C_ITEMS), whose mappings are List elements (objects of
 * their own, as the stream gives them), or anything else (C_SKIP), which
 * has none; C_LEAF for a flow sequence with elements (left to libyaml). */
static uint8_t items_ctx(const char *p, size_t j, size_t n)
{
	size_t k;

	while (j < n && p[j] == ' ')
		j++;
	if (j == n || p[j] == '#')
		return C_ITEMS;
	if (p[j] == '[') {
		for (k = j + 1; k < n && p[k] == ' '; k++)
			;
		if (k == n || p[k] != ']')
			return C_LEAF;
	}
	return C_SKIP;
}

/* A List element starts: its mapping's first key at column col + 1 of
 * the current line. The List document's facts wait in s->outer. */
static void begin_item(struct scan *s, size_t col)
{
	struct doc t = s->outer;

	s->outer = s->d;
	s->d = t;
	clear_doc(&s->d);
	s->d.root = true;
	s->d.line = s->line;
	s->d.col = (uint32_t)col + 1;
	s->in_item = true;
}

/* The List element whose mapping read the keys seen is done: an object
 * (given to the index) when it has 'kind' or 'apiVersion', else left in
 * the List's items (the List document is then an object too). */
static void end_item(struct scan *s, uint64_t seen)
{
	struct doc t;

	if (seen & ((uint64_t)1 << K_KIND | (uint64_t)1 << K_API)) {
		s->items_done++;
		commit_doc(s);
	} else {
		s->items_left++;
	}
	t = s->d;
	s->d = s->outer;
	s->outer = t;
	s->in_item = false;
}

/* A 'key: ...' line of the top mapping; the key starts at p[i]. */
static bool map_entry(struct scan *s, const char *p, size_t i, size_t n, size_t off)
{
	struct frame *f = &s->stack[s->depth - 1];
	size_t kend, after;
	uint8_t child;
	int key;

	if (key_at(p, i, n, &kend, &after) != 1)
		return false;
	key = key_lookup(s, f->ctx, p + i, kend - i, &child);
	if (key == K_MERGE)
		return false;
	if (key == K_ITEMS && s->depth > 1) {
		key = -1;	/* a List element's own 'items': no elements of their own */
		child = C_SKIP;
	}
	if (key == K_DATAKEY) {
		push_data(s, f->ctx, p, i, kend, off);
		return data_value(s, p, after, n, off);
	}
	if (key >= 0) {
		if (f->seen & ((uint64_t)1 << key))
			return false;
		f->seen |= (uint64_t)1 << key;
	}
	if (key == K_PATHS)
		s->d.rules[f->rec].paths = true;
	if (key == K_SERVICE)
		s->d.paths[f->rec].service = true;
	if (key == K_ITEMS && (child = items_ctx(p, after, n)) == C_LEAF)
		return false;
	return key_value(s, key, child, p, after, n, off);
}

/* A '- ...' line of the top sequence; the '-' is at p[i]. */
static bool seq_entry(struct scan *s, const char *p, size_t i, size_t n, size_t off)
{
	struct frame *f = &s->stack[s->depth - 1];
	uint8_t ctx = item_ctx(f->ctx);
	uint32_t rec = 0;
	size_t j = i + 1, kend, after;
	struct span v = { 0, 0 };
	int r;

	if (ctx == C_RULE)
		rec = push_rule(s);
	else if (ctx == C_PATH)
		rec = push_path(s, f->rec);
	else if (ctx == C_TLSI)
		rec = push_tls(s);
	while (j < n && p[j] == ' ')
		j++;
	if (j == n || p[j] == '#') {
		if (ctx == C_ROOT)
			return false;	/* a List element below its '-': left to libyaml */
		s->pend = (struct pending){ true, true, (int)i, ctx, -1, rec };
		return true;
	}
	if (p[j] == '-' && (j + 1 == n || p[j + 1] == ' '))
		return false;	/* '- - x' */
	r = key_at(p, j, n, &kend, &after);
	if (r < 0)
		return false;
	if (r == 1 && ctx == C_ROOT) {
		begin_item(s, j);
		if (off > 0) {	/* the window keeps only the element */
			s->docstart += off;
			off = 0;
			s->slid = true;
		}
		if (!push_frame(s, (int)j, false, false, C_ROOT, 0))
			return false;
		s->stack[s->depth - 1].item = true;
		return map_entry(s, p, j, n, off);
	}
	if (r == 1) {
		if (ctx == C_LEAF)
			return false;
		if (ctx == C_SPORT)
			rec = push_port(s);
		return push_frame(s, (int)j, false, false, ctx, rec) && map_entry(s, p, j, n, off);
	}
	if (p[j] == '{' || p[j] == '[') {
		if (ctx == C_LEAF || ctx == C_ROOT || (p[j] == '[' && ctx != C_SKIP))
			return false;
		if (ctx == C_SPORT)
			rec = push_port(s);
		return flow_value(s, p, &j, n, off, ctx, NULL, rec, 0) && tail_ok(p, j, n);
	}
	switch (value_at(p, j, n, off, &v)) {
	case V_SCALAR:
		if (ctx == C_LEAF)
			push_host(s, f->rec, v);
		if (ctx == C_ROOT)
			s->items_left++;	/* a List item that is no object */
		return true;	/* a scalar item: a record without facts, or none */
	case V_BLOCK:
		if (ctx != C_SKIP)
			return false;
		s->blk = (struct block){ true, (int)i, 0, 0 };
		return true;
	default:
		return false;
	}
}

/* The line after a key or '-' without value, at indentation ind: the
 * value is the collection it opens, or null. */
static bool resolve_pending(struct scan *s, int ind, bool dash)
{
	struct pending pd = s->pend;
	struct frame *f = &s->stack[s->depth - 1];
	uint32_t rec = pd.rec;

	s->pend.on = false;
	if (ind > pd.indent) {
		if (pd.child == C_LEAF)
			return false;
		if (dash) {
			if (pd.child != C_SKIP && !ctx_is_seq(pd.child))
				return false;
			return push_frame(s, ind, true, false, pd.child, pd.item ? rec : f->rec);
		}
		if (pd.child != C_SKIP && ctx_is_seq(pd.child))
			return false;
		if (pd.item && pd.child == C_SPORT)
			rec = push_port(s);
		return push_frame(s, ind, false, false, pd.child, pd.item ? rec : f->rec);
	}
	if (ind == pd.indent && dash && !pd.item && !f->seq) {
		if (pd.child == C_LEAF || (pd.child != C_SKIP && !ctx_is_seq(pd.child)))
			return false;
		return push_frame(s, ind, true, true, pd.child, f->rec);
	}
	/* null */
	if (pd.item)
		return true;	/* a null item: a record without facts, or none (an empty host is skipped) */
	if (pd.child == C_LEAF) {
		*leaf_slot(s, f->ctx, pd.key, f->rec) = (struct span){ 1, 0 };
		return true;
	}
	return pd.child == C_SKIP || pd.child == C_DATA || pd.child == C_SDATA ||	/* null data: no keys */
	       pd.child == C_ITEMS;	/* null items: no List elements */
}

/* A line with content (not blank, not a comment) at indentation ind. */
static bool content(struct scan *s, const char *p, size_t n, size_t off, size_t ind)
{
	bool dash = p[ind] == '-' && (ind + 1 == n || p[ind + 1] == ' ');
	struct frame *f;

	if (s->pend.on && !resolve_pending(s, (int)ind, dash))
		return false;
	while (s->depth > 0) {
		f = &s->stack[s->depth - 1];
		if (f->indent > (int)ind || (f->seq && f->indentless && f->indent == (int)ind && !dash)) {
			s->depth--;
			if (f->item)
				end_item(s, f->seen);
		} else {
			break;
		}
	}
	if (s->bad)
		return false;
	if (s->depth == 0) {
		if (s->d.root || dash)
			return false;	/* a second root, or a sequence document */
		s->d.root = true;
		s->d.line = s->line;
		s->d.col = (uint32_t)ind + 1;
		(void)push_frame(s, (int)ind, false, false, C_ROOT, 0);
	}
	f = &s->stack[s->depth - 1];
	if (f->indent != (int)ind || f->seq != dash)
		return false;
	return dash ? seq_entry(s, p, ind, n, off) : map_entry(s, p, ind, n, off);
}

/* A line of a block scalar being skipped? False when it ends the scalar
 * (the line is read as usual then). */
static bool block_line(struct scan *s, const char *p, size_t n)
{
	int sp = 0;

	while ((size_t)sp < n && p[sp] == ' ')
		sp++;
	if ((size_t)sp == n) {
		if (s->blk.indent == 0 && sp > s->blk.max_blank)
			s->blk.max_blank = sp;
		return true;
	}
	if (s->blk.indent == 0) {
		if (sp > s->blk.parent) {
			if (s->blk.max_blank > sp)
				s->bad = true;
			s->blk.indent = sp;
			return true;
		}
	} else if (sp >= s->blk.indent) {
		return true;
	} else if (sp > s->blk.parent) {
		s->bad = true;
		return true;
	}
	s->blk.on = false;
	return false;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Whether p[0..n) is printable ASCII (0x20 to 0x7e), eight bytes at a
 * time: no high bit, no byte below 0x20, none equal to 0x7f. */
static bool printable(const char *p, size_t n)
{
	size_t i = 0;

	for (uint64_t w, d; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		d = w ^ (ONES * 0x7f);
		if ((w & HIGHS) || ((w - ONES * 0x20) & ~w & HIGHS) || ((d - ONES) & ~d & HIGHS))
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f)
			return false;
	return true;
}

/* The character of the UTF-8 sequence at p[*i..n) that libyaml reads as
 * text, *i moved past it; -1 for anything else: invalid or overlong UTF-8,
 * a character libyaml rejects (controls, surrogates, U+FFFE, U+FFFF) or
 * reads as more than text (NEL, LS and PS break lines, a byte order mark
 * is skipped at a line's start). */
static long utf8_char(const char *p, size_t *i, size_t n)
{
	unsigned char c = (unsigned char)p[*i];
	size_t w = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	long v = w == 1 ? c : w == 2 ? c & 0x1f : w == 3 ? c & 0x0f : c & 0x07;
	static const long least[] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (w == 0 || *i + w > n)
		return -1;
	for (size_t k = 1; k < w; k++) {
		unsigned char b = (unsigned char)p[*i + k];
		if ((b & 0xc0) != 0x80)
			return -1;
		v = v << 6 | (b & 0x3f);
	}
	*i += w;
	if (v < least[w] || v > 0x10ffff)
		return -1;
	if ((v >= 0x20 && v <= 0x7e) || (v >= 0xa0 && v <= 0xd7ff && v != 0x2028 && v != 0x2029) ||
	    (v >= 0xe000 && v <= 0xfffd && v != 0xfeff) || v >= 0x10000)
		return v;
	return -1;
}

/* Whether p[0..n) (not printable ASCII: see printable) is text the
 * scanner reads: characters libyaml reads as text (never syntax: the
 * scanner looks only at ASCII bytes, which are never part of a longer
 * sequence). */
static bool utf8_text(const char *p, size_t n)
{
	for (size_t i = 0; i < n;)
		if (utf8_char(p, &i, n) < 0)
			return false;
	return true;
}

/* One line p[0..n) (without its line break) at offset off of the document. */
static void scan_line(struct scan *s, const char *p, size_t n, size_t off)
{
	bool txt = printable(p, n) || utf8_text(p, n);
	size_t ind = 0;

	if (off + n > UINT32_MAX / 2) {	/* spans are 32-bit */
		s->fatal = true;
		return;
	}
	if (n >= 3 && memcmp(p, "---", 3) == 0 && (n == 3 || p[3] == ' ' || p[3] == '\t')) {
		/* a document starts here (a block scalar's content is indented,
		 * a quoted or flow one that runs on is an error either way) */
		end_doc(s);
		if (s->bad)
			reparse_doc(s, s->docstart + off);
		reset_doc(s);
		if (s->fatal)
			return;
		s->docstart += off;	/* the next document starts with this line */
		s->docpos = s->base + (off_t)s->docstart;
		s->docline = s->line;
		index_mark(s->ix, &s->docmark);
		if (!txt || !tail_ok(p, 3, n)) {
			s->bad = true;	/* '--- content', a tab */
			s->fatal = !one_line(p, n);
		}
		return;
	}
	if (s->bad) {	/* skipping to the document's end */
		if ((n > 0 && p[0] == '%') || !one_line(p, n))
			s->fatal = true;	/* a directive (of the next document), lines libyaml counts otherwise */
		return;
	}
	if (!txt) {
		s->bad = true;	/* tabs, control characters, CR, what libyaml would not read as text */
		s->fatal = !one_line(p, n);
		return;
	}
	if (s->blk.on && block_line(s, p, n))
		return;
	if (n >= 3 && memcmp(p, "...", 3) == 0 && (n == 3 || p[3] == ' ')) {
		s->bad = true;
		return;
	}
	if (n > 0 && p[0] == '%') {
		s->fatal = true;
		return;
	}
	while (ind < n && p[ind] == ' ')
		ind++;
	if (ind == n || p[ind] == '#')
		return;
	if (!content(s, p, n, off, ind))
		s->bad = true;
}

/* Reading ---------------------------------------------------------------- */

/* Make room and read more input into the window, dropping what is before
 * the current document. False at the end of input or on a read error
 * (s->bad then). */
static bool fill(struct scan *s)
{
	size_t got;

	if (s->eof)
		return false;
	if (s->docstart > 0) {
		s->base += (off_t)s->docstart;
		memmove(s->buf, s->buf + s->docstart, s->len - s->docstart);
		s->len -= s->docstart;
		s->pos -= s->docstart;
		s->docstart = 0;
	}
	if (s->cap - s->len < READ_CHUNK) {
		s->cap = s->cap * 2 > s->len + READ_CHUNK ? s->cap * 2 : s->len + READ_CHUNK;
		s->buf = xrealloc(s->buf, s->cap);
	}
	got = fread(s->buf + s->len, 1, s->cap - s->len, s->in);
	s->len += got;
	if (got == 0) {
		s->eof = true;
		if (ferror(s->in))
			s->fatal = true;
		return false;
	}
	return true;
}

/* Scan the whole input; false when the full parse must read it. */
static bool scan_all(struct scan *s)
{
	bool first = true;

	for (;;) {
		char *nl = s->pos < s->len ? memchr(s->buf + s->pos, '\n', s->len - s->pos) : NULL;
		size_t start, n;
		if (nl == NULL && fill(s))
			continue;
		if (s->fatal)
			return false;
		start = s->pos;	/* after fill(), which moves the window */
		if (nl == NULL && start == s->len)
			break;
		n = nl ? (size_t)(nl - (s->buf + start)) : s->len - start;
		s->pos = start + n + (nl != NULL);
		if (first) {
			first = false;
			if (n >= 3 && memcmp(s->buf + start, "\xef\xbb\xbf", 3) == 0) {
				start += 3;	/* a byte order mark: not a column */
				n -= 3;
			}
		}
		s->line++;
		if (n > 0 && s->buf[start + n - 1] == '\r' && nl)
			n--;	/* CR LF */
		scan_line(s, s->buf + start, n, start - s->docstart);
		if (s->fatal)
			return false;
		if (nl == NULL)
			break;
	}
	end_doc(s);
	if (s->bad)
		reparse_doc(s, s->len);
	return !s->fatal;
}

static void scan_free(struct scan *s)
{
	free(s->buf);
	free(s->tmp);
	free(s->d.rules);
	free(s->d.paths);
	free(s->d.tls);
	free(s->d.hosts);
	free(s->d.ports);
	free(s->d.data);
	free(s->outer.rules);
	free(s->outer.paths);
	free(s->outer.tls);
	free(s->outer.hosts);
	free(s->outer.ports);
	free(s->outer.data);
	if (s->err)
		fclose(s->err);
	free(s->errbuf);
}

int index_scan_input(struct index *ix, const char *name, FILE *in, FILE *err, unsigned stream_flags,
		     stream_object_fn fn, enum index_scan_mode mode)
{
	index_set_file(ix, name);
	if (mode == INDEX_SCAN_AUTO && ftello(in) == 0) {	/* at its start, and it can go back there */
		struct scan s;
		struct index_mark m;
		bool ok;

		memset(&s, 0, sizeof(s));
		s.ix = ix;
		s.prefix = index_prefix(ix, &s.prefix_len);
		s.in = in;
		s.name = name;
		s.fn = fn;
		s.stream_flags = stream_flags;
		s.docline = 1;
		index_mark(ix, &m);
		s.docmark = m;
		ok = scan_all(&s);
		scan_free(&s);
		if (ok)
			return s.reparsed ? 2 : 1;
		index_rollback(ix, &m);
		if (fseek(in, 0, SEEK_SET) != 0) {
			fprintf(err, "%s: error: cannot read: %s\n", name, errstr(errno));
			return -1;
		}
		clearerr(in);
	}
	return stream_run_flags(name, in, NULL, err, stream_flags, fn, ix, NULL) < 0 ? -1 : 0;
}
