/* index.c - the facts of the index pass (see index.h). */
#include "index.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingress.h"
#include "scalar.h"
#include "spill.h"
#include "util.h"

#define NGINX_CONTROLLER "k8s.io/ingress-nginx"
#define DEFAULT_BUDGET ((size_t)24 << 20)
#define ISTR_PIN 0x80000000u	/* an istr of the pinned strings */
#define DEFAULT_CLASS_ANNOTATION "ingressclass.kubernetes.io/is-default-class"

/* A growable array of records of one type (the IngressClasses: few,
 * never spilled). */
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec) (grow_array((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof(*(vec).v)), \
		       memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)), &(vec).v[(vec).n++])

#define TAIL 256	/* records a spilling store keeps before writing them out */
#define RING 16		/* copies of read-back records in use at once, per store */
#define SRING 64	/* the same for strings */

/* The records of one kind. In memory, records [0, nmem) sit in v. Once the
 * index is over its budget the store spills: v stops growing, records
 * [nmem, tail_first) go to the file (record i at (i - nmem) * size) and
 * [tail_first, n) wait in tail, so the record last pushed can still be
 * written. A record read back from the file is copied into the ring. */
struct store {
	size_t size;		/* bytes per record */
	char *v;		/* owned */
	size_t nmem, cap, n;
	bool spilling;
	size_t tail_cap;	/* TAIL; 1 under a tiny budget, so tests read files */
	char *tail;		/* owned, tail_cap records, while spilling */
	size_t tail_first;
	struct spill sp;
	char *ring;		/* owned, RING records, on the first read back */
	unsigned ring_next;
};

struct index {
	char *prefix;		/* owned */
	size_t prefix_len;
	size_t budget;		/* bytes of records and strings kept in memory */
	bool spilled;		/* over the budget: new records and strings go to files */
	char *pool;		/* interned strings, NUL-terminated, back to back: [0, pool_mem) */
	size_t pool_len, pool_cap;	/* pool_len: bytes of all strings, also those spilled */
	size_t pool_mem;	/* bytes in pool (all of them until spilled) */
	char *ptail;		/* owned, while spilled: strings [ptail_first, pool_len) */
	size_t ptail_first, ptail_cap;
	struct spill psp;	/* strings [pool_mem, ptail_first) at offset - pool_mem */
	struct { char *s; size_t cap; } sring[SRING];	/* read-back strings, owned */
	unsigned sring_next;
	char *pin;		/* owned: strings interned while spilled that stay in memory
				 * (a Secret's: few, and held while sorted), istr ISTR_PIN | offset + 1 */
	size_t pin_len, pin_cap;
	bool pinning;		/* a Secret is being indexed: its strings go to pin */
	uint32_t *slots;	/* open-addressing table of the istr in memory, 0 empty */
	size_t nslots, nused;
	istr file;
	uint32_t line_base;	/* lines of the input before the text being read */
	VEC(struct index_class) classes;
	struct store services, ports, ingresses, paths, tls, hosts, settings;
	VEC(struct index_configmap) configmaps;	/* few: in memory */
	VEC(struct index_setting) cmdata;	/* the data entries of the ConfigMaps */
	index_configmap_filter cm_want;	/* which ConfigMaps to keep, or NULL: none */
	void *cm_ud;
	VEC(struct index_secret) secrets;	/* few: in memory */
	VEC(struct index_secret_key) secret_keys;
	VEC(struct index_secret_key) secret_users;
	VEC(struct index_secret_ref) secret_refs;
	/* Ingress identities (namespace, name), by index_finish: two Bloom
	 * filters of a fixed size, of those seen and of those seen again;
	 * owned, NULL before */
	uint64_t *seen, *again;
	size_t seen_bits, again_bits;	/* powers of two */
	/* Services by (namespace, name), for index_service_find: an
	 * open-addressing table of svc_cap slots (a power of two, at most
	 * half used; owned), each the key's hash and the record number + 1
	 * (0: empty). Records [0, svc_done) are in it; a lookup adds the
	 * later ones first. */
	struct svc_slot { uint32_t hash, rec; } *svc;
	size_t svc_cap, svc_used, svc_done;
};

static void store_init(struct store *st, size_t size)
{
	memset(st, 0, sizeof(*st));
	st->size = size;
	spill_init(&st->sp);
}

static void store_free(struct store *st)
{
	free(st->v);
	free(st->tail);
	free(st->ring);
	spill_free(&st->sp);
}

/* From now on, records pushed go to the file, tail_cap at a time. */
static void store_spill(struct store *st, size_t tail_cap)
{
	st->spilling = true;
	st->tail_cap = tail_cap;
	st->tail = xmalloc(tail_cap * st->size);
	st->tail_first = st->n;
}

/* Write the waiting records out. */
static void store_flush(struct store *st)
{
	spill_write(&st->sp, (uint64_t)(st->tail_first - st->nmem) * st->size, st->tail,
		    (st->n - st->tail_first) * st->size);
	st->tail_first = st->n;
}

/* Append a zeroed record; borrowed until the next push. */
static void *store_push(struct store *st)
{
	char *r;

	if (!st->spilling) {
		grow_array((void **)&st->v, &st->cap, st->n + 1, st->size);
		r = st->v + st->n * st->size;
		st->nmem = ++st->n;
	} else {
		if (st->n - st->tail_first == st->tail_cap)
			store_flush(st);
		r = st->tail + (st->n - st->tail_first) * st->size;
		st->n++;
	}
	memset(r, 0, st->size);
	return r;
}

/* Record i of a spilling store, not in v. */
static void *store_at_spilled(struct store *st, size_t i)
{
	char *r;

	if (i >= st->tail_first)
		return st->tail + (i - st->tail_first) * st->size;
	if (st->ring == NULL)
		st->ring = xmalloc(RING * st->size);
	r = st->ring + st->ring_next * st->size;
	st->ring_next = (st->ring_next + 1) % RING;
	spill_read(&st->sp, (uint64_t)(i - st->nmem) * st->size, r, st->size);
	return r;
}

/* Record i (< n): in memory, the last pushed (writable), or a copy. The
 * store is logically const: reading back only fills its ring and cache. */
static inline void *store_at(const struct store *cst, size_t i)
{
	struct store *st = (struct store *)cst;

	return i < st->nmem ? st->v + i * st->size : store_at_spilled(st, i);
}

/* Forget the records from n on. */
static void store_truncate(struct store *st, size_t n)
{
	if (n < st->nmem)
		st->nmem = n;
	if (st->spilling && n < st->tail_first)
		st->tail_first = n;
	st->n = n;
}

/* Call fn on every record, writable (those in the file are written back). */
static void store_each(struct store *st, void (*fn)(void *rec, void *ud), void *ud)
{
	size_t chunk = TAIL;	/* records at a time */
	char *buf = NULL;

	for (size_t i = 0; i < st->nmem; i++)
		fn(st->v + i * st->size, ud);
	for (size_t i = st->nmem; i < st->tail_first; i += chunk) {
		size_t k = st->tail_first - i < chunk ? st->tail_first - i : chunk;
		uint64_t off = (uint64_t)(i - st->nmem) * st->size;
		if (buf == NULL)
			buf = xmalloc(chunk * st->size);
		spill_read(&st->sp, off, buf, k * st->size);
		for (size_t j = 0; j < k; j++)
			fn(buf + j * st->size, ud);
		spill_write(&st->sp, off, buf, k * st->size);
	}
	free(buf);
	for (size_t i = st->tail_first > st->nmem ? st->tail_first : st->nmem; i < st->n; i++)
		fn(st->tail + (i - st->tail_first) * st->size, ud);
}

/* Bytes the store holds in memory. */
static size_t store_memory(const struct store *st)
{
	return st->nmem * st->size + st->tail_cap * st->size + (st->ring ? RING * st->size : 0) +
	       spill_memory(&st->sp);
}

/* The server-level annotations (ingress-nginx.md 7.5: the oldest Ingress
 * of a host that sets one wins for the whole host). */
const char *const index_server_keys[INDEX_NSERVER_KEYS] = {
	"app-root", "auth-tls-error-page", "auth-tls-match-cn", "auth-tls-pass-certificate-to-upstream",
	"auth-tls-secret", "auth-tls-verify-client", "auth-tls-verify-depth", "from-to-www-redirect",
	"server-alias", "server-snippet", "ssl-ciphers", "ssl-prefer-server-ciphers",
};

static uint32_t hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Double the slot table and rehash. */
static void rehash(struct index *ix)
{
	size_t n = ix->nslots ? ix->nslots * 2 : 1024;
	uint32_t *slots = xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < ix->nslots; i++) {
		istr s = ix->slots[i];
		if (s == 0)
			continue;
		const char *str = ix->pool + s - 1;
		size_t j = hash_str(str, strlen(str)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = s;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->nslots = n;
}

/* Append s[0..n) and a NUL to the strings of a spilled index (not to
 * the table: every istr in the table is in memory). */
static istr intern_spilled(struct index *ix, const char *s, size_t n)
{
	istr at = (istr)(ix->pool_len + 1);

	if (ix->pool_len - ix->ptail_first + n + 1 > ix->ptail_cap) {	/* write the waiting ones out */
		spill_write(&ix->psp, ix->ptail_first - ix->pool_mem, ix->ptail, ix->pool_len - ix->ptail_first);
		ix->ptail_first = ix->pool_len;
		if (n + 1 > ix->ptail_cap) {	/* a long one: straight to the file */
			spill_write(&ix->psp, ix->pool_len - ix->pool_mem, s, n);
			spill_write(&ix->psp, ix->pool_len - ix->pool_mem + n, "", 1);
			ix->pool_len += n + 1;
			ix->ptail_first = ix->pool_len;
			return at;
		}
	}
	memcpy(ix->ptail + (ix->pool_len - ix->ptail_first), s, n);
	ix->ptail[ix->pool_len - ix->ptail_first + n] = '\0';
	ix->pool_len += n + 1;
	return at;
}

/* Intern s[0..n) (copied into the pool); 0 for a NULL s. */
static istr intern_n(struct index *ix, const char *s, size_t n)
{
	size_t j;

	if (s == NULL)
		return 0;
	if (!ix->spilled && (ix->nused + 1) * 2 > ix->nslots)
		rehash(ix);
	j = hash_str(s, n) & (ix->nslots - 1);
	while (ix->slots[j]) {
		const char *p = ix->pool + ix->slots[j] - 1;
		if (strncmp(p, s, n) == 0 && p[n] == '\0')
			return ix->slots[j];
		j = (j + 1) & (ix->nslots - 1);
	}
	if (ix->pool_len + n + 1 > ISTR_PIN - 1 || ix->pin_len + n + 1 > ISTR_PIN - 1) {
		fprintf(stderr, "ingress2higress: error: too many strings in the index\n");
		exit(2);
	}
	if (ix->spilled && ix->pinning) {
		istr at = (istr)(ISTR_PIN | (ix->pin_len + 1));
		grow_array((void **)&ix->pin, &ix->pin_cap, ix->pin_len + n + 1, 1);
		memcpy(ix->pin + ix->pin_len, s, n);
		ix->pin[ix->pin_len + n] = '\0';
		ix->pin_len += n + 1;
		return at;
	}
	if (ix->spilled)
		return intern_spilled(ix, s, n);
	if (ix->pool_len + n + 1 > ix->pool_cap) {
		ix->pool_cap = (ix->pool_len + n + 1) * 2;
		ix->pool = xrealloc(ix->pool, ix->pool_cap);
	}
	memcpy(ix->pool + ix->pool_len, s, n);
	ix->pool[ix->pool_len + n] = '\0';
	ix->slots[j] = (istr)(ix->pool_len + 1);
	ix->pool_len += n + 1;
	ix->pool_mem = ix->pool_len;
	ix->nused++;
	return ix->slots[j];
}

static istr intern(struct index *ix, const char *s)
{
	return s ? intern_n(ix, s, strlen(s)) : 0;
}

/* The scalar text of a node (through an alias), or NULL. */
static const char *scalar(struct node *n)
{
	n = node_resolve(NULL, n);
	return n && n->type == N_SCALAR ? n->value : NULL;
}

/* The scalar at key of map (aliases and merge keys resolved), or NULL. */
static const char *get_str(struct node *map, const char *key)
{
	map = node_resolve(NULL, map);
	if (map == NULL || map->type != N_MAPPING)
		return NULL;
	return scalar(node_lookup(map, key, NULL, NULL));
}

static struct node *get(struct node *map, const char *key)
{
	map = node_resolve(NULL, map);
	if (map == NULL || map->type != N_MAPPING)
		return NULL;
	return node_resolve(NULL, node_lookup(map, key, NULL, NULL));
}

int32_t index_port_number(const char *s)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	return *end == '\0' && v >= 0 && v <= 65535 ? (int32_t)v : -1;
}

struct index *index_new(const char *prefix)
{
	struct index *ix = xcalloc(1, sizeof(*ix));

	ix->prefix = xstrdup(prefix);
	ix->prefix_len = strlen(prefix);
	ix->budget = DEFAULT_BUDGET;
#ifndef NDEBUG
	{	/* tests force the spilled index with a small budget */
		const char *e = getenv("I2H_INDEX_BUDGET");
		if (e && *e)
			ix->budget = (size_t)strtoull(e, NULL, 10);
	}
#endif
	spill_init(&ix->psp);
	store_init(&ix->services, sizeof(struct index_service));
	store_init(&ix->ports, sizeof(struct index_port));
	store_init(&ix->ingresses, sizeof(struct index_ingress));
	store_init(&ix->paths, sizeof(struct index_path));
	store_init(&ix->tls, sizeof(struct index_tls));
	store_init(&ix->hosts, sizeof(istr));
	store_init(&ix->settings, sizeof(struct index_setting));
	rehash(ix);
	return ix;
}

void index_free(struct index *ix)
{
	if (ix == NULL)
		return;
	free(ix->prefix);
	free(ix->pool);
	free(ix->slots);
	free(ix->ptail);
	free(ix->pin);
	spill_free(&ix->psp);
	for (size_t i = 0; i < SRING; i++)
		free(ix->sring[i].s);
	free(ix->classes.v);
	store_free(&ix->services);
	store_free(&ix->ports);
	store_free(&ix->ingresses);
	store_free(&ix->paths);
	store_free(&ix->tls);
	store_free(&ix->hosts);
	store_free(&ix->settings);
	free(ix->configmaps.v);
	free(ix->cmdata.v);
	free(ix->secrets.v);
	free(ix->secret_keys.v);
	free(ix->secret_users.v);
	free(ix->secret_refs.v);
	free(ix->seen);
	free(ix->again);
	free(ix->svc);
	free(ix);
}

/* Bytes of records and strings in memory (not counting caches). */
static size_t memory_used(const struct index *ix)
{
	return ix->classes.n * sizeof(*ix->classes.v) + ix->services.nmem * ix->services.size +
	       ix->ports.nmem * ix->ports.size + ix->ingresses.nmem * ix->ingresses.size +
	       ix->paths.nmem * ix->paths.size + ix->tls.nmem * ix->tls.size + ix->hosts.nmem * ix->hosts.size +
	       ix->settings.nmem * ix->settings.size + ix->nslots * sizeof(*ix->slots) + ix->pool_mem;
}

#define PTAIL_CAP ((size_t)64 << 10)
#define TINY_BUDGET ((size_t)64 << 10)

/* Called where an object starts: over the budget, records and strings
 * from now on go to temporary files; those in memory stay there. Under a
 * tiny budget (tests) each record and string goes out at once. */
static void check_budget(struct index *ix)
{
	bool tiny = ix->budget < TINY_BUDGET;
	size_t tail = tiny ? 1 : TAIL;

	ix->pinning = false;	/* an Ingress or a Service starts */
	if (ix->spilled || memory_used(ix) <= ix->budget)
		return;
	ix->spilled = true;
	store_spill(&ix->services, tail);
	store_spill(&ix->ports, tail);
	store_spill(&ix->ingresses, tail);
	store_spill(&ix->paths, tail);
	store_spill(&ix->tls, tail);
	store_spill(&ix->hosts, tail);
	store_spill(&ix->settings, tail);
	ix->ptail_cap = tiny ? 1 : PTAIL_CAP;
	ix->ptail = xmalloc(ix->ptail_cap);
	ix->ptail_first = ix->pool_len;
}

void index_set_budget(struct index *ix, size_t bytes)
{
	ix->budget = bytes;
}

bool index_spilled(const struct index *ix)
{
	return ix->spilled;
}

void index_set_file(struct index *ix, const char *name)
{
	ix->file = intern(ix, name);
	ix->line_base = 0;
}

void index_set_line_base(struct index *ix, uint32_t lines)
{
	ix->line_base = lines;
}

static void add_class(struct index *ix, struct node *obj)
{
	struct node *md = get(obj, "metadata");
	struct index_class *c = VEC_PUSH(ix->classes);
	const char *def = get_str(get(md, "annotations"), DEFAULT_CLASS_ANNOTATION);

	ix->pinning = false;
	c->name = intern(ix, get_str(md, "name"));
	c->controller = intern(ix, get_str(get(obj, "spec"), "controller"));
	c->is_default = def && strcmp(def, "true") == 0;
}

static void add_service(struct index *ix, struct node *obj)
{
	struct node *md = get(obj, "metadata");
	struct node *ports = get(get(obj, "spec"), "ports");
	struct index_service *s;

	check_budget(ix);
	s = store_push(&ix->services);
	s->ns = intern(ix, get_str(md, "namespace"));
	s->name = intern(ix, get_str(md, "name"));
	s->first_port = (uint32_t)ix->ports.n;
	for (size_t i = 0; ports && ports->type == N_SEQUENCE && i < ports->nkids; i++) {
		struct node *p = node_resolve(NULL, ports->kids[i]);
		struct index_port *ip;
		if (p == NULL || p->type != N_MAPPING)
			continue;
		ip = store_push(&ix->ports);
		ip->name = intern(ix, get_str(p, "name"));
		ip->number = index_port_number(get_str(p, "port"));
		ip->protocol = intern(ix, get_str(p, "protocol"));
		ip->app_protocol = intern(ix, get_str(p, "appProtocol"));
	}
	s->nports = (uint32_t)(ix->ports.n - s->first_port);
}

/* The backend of an Ingress path (v1 'service', v1beta1 'serviceName'). */
static void path_backend(struct index *ix, struct index_path *ip, struct node *backend)
{
	struct node *svc = get(backend, "service");
	const char *port;

	ip->port_number = -1;
	if (svc) {
		struct node *pn = get(svc, "port");
		ip->service = intern(ix, get_str(svc, "name"));
		ip->port_number = index_port_number(get_str(pn, "number"));
		ip->port_name = intern(ix, get_str(pn, "name"));
		return;
	}
	ip->service = intern(ix, get_str(backend, "serviceName"));
	port = get_str(backend, "servicePort");
	ip->port_number = index_port_number(port);
	if (ip->port_number < 0)
		ip->port_name = intern(ix, port);
}

uint8_t index_path_type(const char *t, size_t n)
{
	if (t == NULL)
		return IPT_NONE;
	if (n == 5 && memcmp(t, "Exact", 5) == 0)
		return IPT_EXACT;
	if (n == 6 && memcmp(t, "Prefix", 6) == 0)
		return IPT_PREFIX;
	if (n == 22 && memcmp(t, "ImplementationSpecific", 22) == 0)
		return IPT_IMPLEMENTATION_SPECIFIC;
	return IPT_OTHER;
}

static uint8_t path_type(const char *t)
{
	return index_path_type(t, t ? strlen(t) : 0);
}

/* The value of annotation name (after the prefix) on ing, or NULL. */
static const char *annotation(struct index *ix, const struct ingress *ing, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < ing->nann; i++) {
		const char *k = ing->ann[i].key;
		if (strncmp(k, ix->prefix, ix->prefix_len) == 0 && k[ix->prefix_len] == '/' &&
		    strcmp(k + ix->prefix_len + 1, name) == 0)
			v = ing->ann[i].value;	/* the last one wins */
	}
	return v;
}

static void add_ingress(struct index *ix, struct node *obj)
{
	struct ingress ing;
	struct index_ingress *x;
	struct node *rules, *tls;
	const char *v;
	uint32_t flags = 0;

	ingress_build(&ing, obj);
	check_budget(ix);
	x = store_push(&ix->ingresses);
	x->ns = intern(ix, ing.ns);
	x->name = intern(ix, ing.name);
	x->file = ix->file;
	x->line = ix->line_base + (uint32_t)obj->pos.line;
	x->col = (uint32_t)obj->pos.column;
	x->cls = intern(ix, ingress_class(&ing));
	x->created = intern(ix, get_str(ing.metadata, "creationTimestamp"));
	if ((v = annotation(ix, &ing, "canary")) && scalar_go_bool(v, strlen(v)) == 1)
		flags |= IX_CANARY;
	if ((v = annotation(ix, &ing, "use-regex")) && scalar_go_bool(v, strlen(v)) == 1)
		flags |= IX_USE_REGEX;
	if (annotation(ix, &ing, "rewrite-target"))
		flags |= IX_REWRITE;
	if (x->cls == 0 || *index_str(ix, x->cls) == '\0')
		flags |= IX_CLASSLESS;
	if (ing.legacy_api)
		flags |= IX_LEGACY;
	x->flags = flags;
	if ((v = annotation(ix, &ing, "auth-secret")) != NULL)
		index_push_secret_ref(ix, x->ns, v, strlen(v));
	x->first_setting = (uint32_t)ix->settings.n;
	for (size_t k = 0; k < INDEX_NSERVER_KEYS; k++) {
		if ((v = annotation(ix, &ing, index_server_keys[k])) != NULL) {
			struct index_setting *st = store_push(&ix->settings);
			st->key = intern(ix, index_server_keys[k]);
			st->value = intern(ix, v);
		}
	}
	x->nsettings = (uint32_t)(ix->settings.n - x->first_setting);
	x->first_path = (uint32_t)ix->paths.n;
	rules = get(ing.spec, "rules");
	for (size_t r = 0; rules && rules->type == N_SEQUENCE && r < rules->nkids; r++) {
		const char *host = get_str(rules->kids[r], "host");
		struct node *paths = get(get(rules->kids[r], "http"), "paths");
		for (size_t p = 0; paths && paths->type == N_SEQUENCE && p < paths->nkids; p++) {
			struct index_path *ip = store_push(&ix->paths);
			ip->host = host && *host ? intern(ix, host) : 0;
			ip->path = intern(ix, get_str(paths->kids[p], "path"));
			ip->path_type = path_type(get_str(paths->kids[p], "pathType"));
			path_backend(ix, ip, get(paths->kids[p], "backend"));
		}
		if (paths == NULL && host && *host) {	/* a host without paths still names the host */
			struct index_path *ip = store_push(&ix->paths);
			ip->host = intern(ix, host);
			ip->port_number = -1;
		}
	}
	tls = get(ing.spec, "tls");
	x->npaths = (uint32_t)(ix->paths.n - x->first_path);
	x->first_tls = (uint32_t)ix->tls.n;
	for (size_t t = 0; tls && tls->type == N_SEQUENCE && t < tls->nkids; t++) {
		struct node *hosts = get(tls->kids[t], "hosts");
		struct index_tls *it = store_push(&ix->tls);
		it->secret = intern(ix, get_str(tls->kids[t], "secretName"));
		it->first_host = (uint32_t)ix->hosts.n;
		for (size_t h = 0; hosts && hosts->type == N_SEQUENCE && h < hosts->nkids; h++) {
			const char *s = scalar(hosts->kids[h]);
			if (s && *s)
				*(istr *)store_push(&ix->hosts) = intern(ix, s);
		}
		it->nhosts = (uint32_t)(ix->hosts.n - it->first_host);
	}
	x->ntls = (uint32_t)(ix->tls.n - x->first_tls);
	ingress_free(&ing);
}

/* A v1 ConfigMap: kept with its scalar 'data' entries when the filter
 * wants it. */
static void add_configmap(struct index *ix, struct node *obj)
{
	struct node *md = get(obj, "metadata");
	struct node *data = get(obj, "data");
	const char **keys;
	size_t n = 0;
	struct index_configmap *cm;

	if (data && data->type != N_MAPPING)
		data = NULL;
	keys = xmalloc((data && data->nkids ? data->nkids : 1) * sizeof(*keys));
	for (size_t i = 0; data && i + 1 < data->nkids; i += 2) {
		const char *k = scalar(data->kids[i]);
		if (k)
			keys[n++] = k;
	}
	if (!ix->cm_want(get_str(md, "name"), keys, n, ix->cm_ud)) {
		free(keys);
		return;
	}
	free(keys);
	ix->pinning = true;	/* its strings stay in memory, as a Secret's */
	cm = VEC_PUSH(ix->configmaps);
	cm->ns = intern(ix, get_str(md, "namespace"));
	cm->name = intern(ix, get_str(md, "name"));
	cm->file = ix->file;
	cm->line = ix->line_base + (uint32_t)obj->pos.line;
	cm->col = (uint32_t)obj->pos.column;
	cm->first_data = (uint32_t)ix->cmdata.n;
	for (size_t i = 0; data && i + 1 < data->nkids; i += 2) {
		const char *k = scalar(data->kids[i]), *v = scalar(data->kids[i + 1]);
		struct index_setting *st;
		if (k == NULL || v == NULL || scalar_type(node_resolve(NULL, data->kids[i + 1])) != Y11_STRING)
			continue;	/* not a string, which Kubernetes rejects: the object pass reports it */
		st = VEC_PUSH(ix->cmdata);
		st->key = intern(ix, k);
		st->value = intern(ix, v);
	}
	ix->configmaps.v[ix->configmaps.n - 1].ndata = (uint32_t)(ix->cmdata.n - ix->configmaps.v[ix->configmaps.n - 1].first_data);
}

void index_set_configmap_filter(struct index *ix, index_configmap_filter want, void *ud)
{
	ix->cm_want = want;
	ix->cm_ud = ud;
}

bool index_wants_configmaps(const struct index *ix) { return ix->cm_want != NULL; }

bool index_configmap_wanted(const struct index *ix, const char *name, const char *const *keys, size_t n)
{
	return ix->cm_want && ix->cm_want(name, keys, n, ix->cm_ud);
}
size_t index_nconfigmaps(const struct index *ix) { return ix->configmaps.n; }
const struct index_configmap *index_configmap_at(const struct index *ix, size_t i) { return &ix->configmaps.v[i]; }
const struct index_setting *index_cmdata_at(const struct index *ix, size_t i) { return &ix->cmdata.v[i]; }
size_t index_ncmdata(const struct index *ix) { return ix->cmdata.n; }
struct index_configmap *index_push_configmap(struct index *ix)
{
	ix->pinning = true;	/* its strings stay in memory, as a Secret's */
	return VEC_PUSH(ix->configmaps);
}

void index_push_cmdata(struct index *ix, istr key, istr value)
{
	struct index_setting *st = VEC_PUSH(ix->cmdata);

	st->key = key;
	st->value = value;
}

/* The data (b64) or stringData mapping of Secret obj, into its record. */
static void secret_values(struct index *ix, struct node *obj, const char *field, bool b64)
{
	struct node *m = node_lookup(obj, field, NULL, NULL);

	if (m == NULL || m->type != N_MAPPING)
		return;
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		struct node *k = m->kids[i], *v = m->kids[i + 1];
		if (k->type == N_SCALAR && v->type == N_SCALAR)
			index_secret_value(ix, k->value, strlen(k->value), v->value, strlen(v->value), b64);
	}
}

static void add_secret(struct index *ix, struct node *obj)
{
	struct node *md = get(obj, "metadata");
	struct index_secret *s = index_push_secret(ix);
	const char *type = node_get_str(obj, "type"), *api = node_get_str(obj, "apiVersion");

	s->ns = intern(ix, get_str(md, "namespace"));
	s->name = intern(ix, get_str(md, "name"));
	s->type = intern(ix, type);
	s->file = ix->file;
	s->line = ix->line_base + (uint32_t)obj->pos.line;
	s->col = (uint32_t)obj->pos.column;
	if (type && index_secret_type_other(type, strlen(type)))
		s->flags |= IXS_NO_CREDENTIALS;
	if (api == NULL)
		s->flags |= IXS_NO_API;
	else if (strcmp(api, "v1") == 0)
		s->flags |= IXS_V1;
	secret_values(ix, obj, "data", true);
	secret_values(ix, obj, "stringData", false);
}

int index_object(void *ud, struct stream *st, struct node *obj)
{
	struct index *ix = ud;
	const char *kind, *api;

	(void)st;
	switch (object_kind(obj)) {
	case OBJ_INGRESS:
		add_ingress(ix, obj);
		break;
	case OBJ_INGRESS_CLASS:
		add_class(ix, obj);
		break;
	default:
		kind = node_get_str(obj, "kind");
		api = node_get_str(obj, "apiVersion");
		if (kind && api && strcmp(kind, "Service") == 0 && strcmp(api, "v1") == 0)
			add_service(ix, obj);
		else if (ix->cm_want && kind && api && strcmp(kind, "ConfigMap") == 0 && strcmp(api, "v1") == 0)
			add_configmap(ix, obj);
		else if (kind && strcmp(kind, "Secret") == 0)
			add_secret(ix, obj);	/* also without apiVersion, which a hand-written file may lack */
	}
	return 0;
}

/* Are the interned strings a and b the same? Those in memory are
 * interned once; those spilled may repeat. */
static bool istr_eq(const struct index *ix, istr a, istr b)
{
	if (a == b)
		return true;
	if (a == 0 || b == 0 || a <= ix->pool_mem || b <= ix->pool_mem)
		return false;
	return strcmp(index_str(ix, a), index_str(ix, b)) == 0;
}

struct finish {
	const struct index *ix;
	const char *const *classes;
	size_t n;
	bool include_classless, default_nginx;
};

static void finish_one(void *rec, void *ud)
{
	const struct finish *f = ud;
	const struct index *ix = f->ix;
	struct index_ingress *x = rec;
	bool nginx = false;

	if (x->flags & IX_CLASSLESS) {
		nginx = f->include_classless || f->default_nginx;
	} else {
		for (size_t k = 0; k < f->n && !nginx; k++)
			nginx = strcmp(f->classes[k], index_str(ix, x->cls)) == 0;
		for (size_t c = 0; c < ix->classes.n && !nginx; c++)
			nginx = istr_eq(ix, ix->classes.v[c].name, x->cls) &&
				strcmp(index_str(ix, ix->classes.v[c].controller), NGINX_CONTROLLER) == 0;
	}
	x->flags = nginx ? x->flags | IX_NGINX : x->flags & ~(uint32_t)IX_NGINX;
}

/* The 64-bit FNV-1a of an Ingress identity: ns (NULL or "": "default"),
 * a NUL, name. */
static uint64_t identity_hash(const char *ns, const char *name)
{
	uint64_t h = 14695981039346656037u;
	const char *s = ns && *ns ? ns : "default";

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	h *= 1099511628211u;	/* the NUL */
	for (s = name; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Set the two bits of h in filter v of nbits (a power of two); whether
 * both were set already. */
static bool bloom_add(uint64_t *v, size_t nbits, uint64_t h)
{
	size_t a = (size_t)(h & (nbits - 1)), b = (size_t)((h >> 32 ^ h >> 17) & (nbits - 1));
	bool had = (v[a / 64] >> (a % 64) & 1) && (v[b / 64] >> (b % 64) & 1);

	v[a / 64] |= (uint64_t)1 << (a % 64);
	v[b / 64] |= (uint64_t)1 << (b % 64);
	return had;
}

static bool bloom_has(const uint64_t *v, size_t nbits, uint64_t h)
{
	size_t a = (size_t)(h & (nbits - 1)), b = (size_t)((h >> 32 ^ h >> 17) & (nbits - 1));

	return (v[a / 64] >> (a % 64) & 1) && (v[b / 64] >> (b % 64) & 1);
}

static void identity_one(void *rec, void *ud)
{
	struct index *ix = ud;
	const struct index_ingress *x = rec;
	uint64_t h;

	if (x->name == 0)
		return;
	h = identity_hash(index_str(ix, x->ns), index_str(ix, x->name));
	if (bloom_add(ix->seen, ix->seen_bits, h))
		(void)bloom_add(ix->again, ix->again_bits, h);
}

/* Build the filters of the Ingress identities: 32 bits per Ingress for those
 * seen (at most 2^25 bits, 4 MiB, whatever the stream), an eighth of it
 * for those seen again; debug builds take the first size from the
 * environment's I2H_IDENTITY_BITS (tests: many false positives). */
void index_identities(struct index *ix)
{
	size_t bits = 64;

	while (bits < ((size_t)1 << 25) && bits < ix->ingresses.n * 32)
		bits *= 2;
#ifndef NDEBUG
	{
		const char *e = getenv("I2H_IDENTITY_BITS");
		if (e && *e)
			for (bits = 64; bits < (size_t)strtoull(e, NULL, 10) && bits < ((size_t)1 << 25);)
				bits *= 2;
	}
#endif
	free(ix->seen);
	free(ix->again);
	ix->seen_bits = bits;
	ix->again_bits = bits / 8 < 64 ? 64 : bits / 8;
	ix->seen = xcalloc(ix->seen_bits / 64, sizeof(*ix->seen));
	ix->again = xcalloc(ix->again_bits / 64, sizeof(*ix->again));
	store_each(&ix->ingresses, identity_one, ix);
}

void index_finish(struct index *ix, const char *const *classes, size_t n, bool include_classless)
{
	struct finish f = { ix, classes, n, include_classless, false };

	for (size_t c = 0; c < ix->classes.n; c++)
		if (ix->classes.v[c].is_default && strcmp(index_str(ix, ix->classes.v[c].controller), NGINX_CONTROLLER) == 0)
			f.default_nginx = true;
	store_each(&ix->ingresses, finish_one, &f);
}

bool index_ingress_maybe_repeated(const struct index *ix, const char *ns, const char *name)
{
	if (ix->again == NULL)
		return true;	/* before index_identities: nothing known */
	return bloom_has(ix->again, ix->again_bits, identity_hash(ns, name));
}

/* A string of a spilled index, not in the pool: the waiting ones, or a
 * copy read back into the ring. */
static const char *str_spilled(struct index *ix, size_t off)
{
	unsigned k = ix->sring_next;

	if (off >= ix->ptail_first)
		return ix->ptail + (off - ix->ptail_first);
	ix->sring_next = (k + 1) % SRING;
	return spill_read_str(&ix->psp, off - ix->pool_mem, &ix->sring[k].s, &ix->sring[k].cap);
}

const char *index_str(const struct index *ix, istr s)
{
	if (s == 0)
		return "";
	if (s <= ix->pool_mem)
		return ix->pool + s - 1;
	if (s & ISTR_PIN)
		return ix->pin + (s & ~ISTR_PIN) - 1;
	return str_spilled((struct index *)ix, s - 1);	/* fills the index's ring only */
}

size_t index_nclasses(const struct index *ix) { return ix->classes.n; }
const struct index_class *index_class_at(const struct index *ix, size_t i) { return &ix->classes.v[i]; }
size_t index_nservices(const struct index *ix) { return ix->services.n; }
const struct index_service *index_service_at(const struct index *ix, size_t i) { return store_at(&ix->services, i); }
size_t index_ningresses(const struct index *ix) { return ix->ingresses.n; }
const struct index_ingress *index_ingress_at(const struct index *ix, size_t i) { return store_at(&ix->ingresses, i); }
const struct index_path *index_path_at(const struct index *ix, size_t i) { return store_at(&ix->paths, i); }
const struct index_tls *index_tls_at(const struct index *ix, size_t i) { return store_at(&ix->tls, i); }
istr index_host_at(const struct index *ix, size_t i) { return *(const istr *)store_at(&ix->hosts, i); }
const struct index_setting *index_setting_at(const struct index *ix, size_t i) { return store_at(&ix->settings, i); }
const struct index_port *index_port_at(const struct index *ix, size_t i) { return store_at(&ix->ports, i); }

/* The hash of a Service's key: namespace ("default" for none), a NUL,
 * name. */
static uint32_t svc_hash(const char *ns, const char *name)
{
	uint32_t h = hash_str(ns, strlen(ns) + 1);	/* the NUL too: ("a", "bc") is not ("ab", "c") */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* Is Service record i the one of ns/name? (A spilled record and its
 * strings are read back into the index's rings.) */
static bool svc_is(const struct index *ix, size_t i, const char *ns, const char *name)
{
	const struct index_service *s = index_service_at(ix, i);

	return strcmp(index_str(ix, s->name), name) == 0 && strcmp(s->ns ? index_str(ix, s->ns) : "default", ns) == 0;
}

/* The slot of ns/name (hash h) in ix's table: its own, or the empty one
 * where it goes. The table has an empty slot. */
static struct svc_slot *svc_slot(const struct index *ix, uint32_t h, const char *ns, const char *name)
{
	size_t j = h & (ix->svc_cap - 1);

	while (ix->svc[j].rec && !(ix->svc[j].hash == h && svc_is(ix, ix->svc[j].rec - 1, ns, name)))
		j = (j + 1) & (ix->svc_cap - 1);
	return &ix->svc[j];
}

/* Add the Service records pushed since the last lookup to the table; of
 * two with one key, the later wins (as kubectl apply leaves it). */
static void svc_catch_up(struct index *ix)
{
	for (; ix->svc_done < ix->services.n; ix->svc_done++) {
		const struct index_service *s = index_service_at(ix, ix->svc_done);
		/* copies: reading spilled records back moves the index's rings on */
		char *ns = xstrdup(s->ns ? index_str(ix, s->ns) : "default"), *name = xstrdup(index_str(ix, s->name));
		uint32_t h = svc_hash(ns, name);
		struct svc_slot *slot;
		if (2 * (ix->svc_used + 1) > ix->svc_cap) {
			size_t cap = ix->svc_cap ? 2 * ix->svc_cap : 64;
			struct svc_slot *t = xcalloc(cap, sizeof(*t));
			for (size_t i = 0; i < ix->svc_cap; i++) {
				size_t j = ix->svc[i].hash & (cap - 1);
				if (ix->svc[i].rec == 0)
					continue;
				while (t[j].rec)
					j = (j + 1) & (cap - 1);
				t[j] = ix->svc[i];
			}
			free(ix->svc);
			ix->svc = t;
			ix->svc_cap = cap;
		}
		slot = svc_slot(ix, h, ns, name);
		ix->svc_used += slot->rec == 0;
		slot->hash = h;
		slot->rec = (uint32_t)ix->svc_done + 1;
		free(ns);
		free(name);
	}
}

const struct index_service *index_service_find(const struct index *ix, const char *ns, const char *name)
{
	struct index *m = (struct index *)ix;	/* logically const: the table only caches */
	struct svc_slot *slot;

	if (ns == NULL || *ns == '\0')
		ns = "default";
	svc_catch_up(m);
	if (m->svc_cap == 0)
		return NULL;
	slot = svc_slot(m, svc_hash(ns, name), ns, name);
	return slot->rec ? index_service_at(ix, slot->rec - 1) : NULL;
}

int32_t index_service_port(const struct index *ix, const char *ns, const char *name, const char *port_name)
{
	const struct index_service *s = index_service_find(ix, ns, name);

	for (uint32_t i = 0; s && i < s->nports; i++) {
		const struct index_port *p = index_port_at(ix, s->first_port + i);
		if (p->name && strcmp(index_str(ix, p->name), port_name) == 0)
			return p->number;
	}
	return -1;
}

const struct index_ingress *index_next_by_host(const struct index *ix, size_t *pos, const char *host)
{
	for (; *pos < ix->ingresses.n; (*pos)++) {
		const struct index_ingress *x = index_ingress_at(ix, *pos);
		for (uint32_t p = 0; p < x->npaths; p++) {
			istr h = index_path_at(ix, x->first_path + p)->host;
			if (h && strcasecmp(index_str(ix, h), host) == 0) {
				(*pos)++;
				return x;
			}
		}
	}
	return NULL;
}

istr index_intern(struct index *ix, const char *s, size_t n)
{
	return intern_n(ix, s, n);
}

istr index_file(const struct index *ix) { return ix->file; }

const char *index_prefix(const struct index *ix, size_t *len)
{
	*len = ix->prefix_len;
	return ix->prefix;
}

struct index_ingress *index_push_ingress(struct index *ix)
{
	check_budget(ix);
	return store_push(&ix->ingresses);
}

struct index_path *index_push_path(struct index *ix) { return store_push(&ix->paths); }
struct index_tls *index_push_tls(struct index *ix) { return store_push(&ix->tls); }
void index_push_host(struct index *ix, istr host) { *(istr *)store_push(&ix->hosts) = host; }
struct index_class *index_push_class(struct index *ix)
{
	ix->pinning = false;
	return VEC_PUSH(ix->classes);
}

struct index_service *index_push_service(struct index *ix)
{
	check_budget(ix);
	return store_push(&ix->services);
}

struct index_port *index_push_port(struct index *ix) { return store_push(&ix->ports); }
size_t index_npaths(const struct index *ix) { return ix->paths.n; }
size_t index_nsettings(const struct index *ix) { return ix->settings.n; }

void index_push_setting(struct index *ix, istr key, istr value)
{
	struct index_setting *st = store_push(&ix->settings);

	st->key = key;
	st->value = value;
}
size_t index_ntls(const struct index *ix) { return ix->tls.n; }
size_t index_nhosts(const struct index *ix) { return ix->hosts.n; }
size_t index_nports(const struct index *ix) { return ix->ports.n; }

void index_mark(const struct index *ix, struct index_mark *m)
{
	m->classes = ix->classes.n;
	m->services = ix->services.n;
	m->ports = ix->ports.n;
	m->ingresses = ix->ingresses.n;
	m->paths = ix->paths.n;
	m->tls = ix->tls.n;
	m->hosts = ix->hosts.n;
	m->settings = ix->settings.n;
	m->configmaps = ix->configmaps.n;
	m->cmdata = ix->cmdata.n;
	m->secrets = ix->secrets.n;
	m->secret_keys = ix->secret_keys.n;
	m->secret_users = ix->secret_users.n;
	m->secret_refs = ix->secret_refs.n;
}

void index_rollback(struct index *ix, const struct index_mark *m)
{
	ix->classes.n = m->classes;
	store_truncate(&ix->services, m->services);
	if (ix->svc_done > m->services) {	/* rare: the table is made again on the next lookup */
		memset(ix->svc, 0, ix->svc_cap * sizeof(*ix->svc));
		ix->svc_used = ix->svc_done = 0;
	}
	store_truncate(&ix->ports, m->ports);
	store_truncate(&ix->ingresses, m->ingresses);
	store_truncate(&ix->paths, m->paths);
	store_truncate(&ix->tls, m->tls);
	store_truncate(&ix->hosts, m->hosts);
	store_truncate(&ix->settings, m->settings);
	ix->configmaps.n = m->configmaps;
	ix->cmdata.n = m->cmdata;
	ix->secrets.n = m->secrets;
	ix->secret_keys.n = m->secret_keys;
	ix->secret_users.n = m->secret_users;
	ix->secret_refs.n = m->secret_refs;
}

void index_dump(const struct index *ix, struct buf *b)
{
#define S(x) index_str(ix, (x)), (unsigned)((x) != 0)
	for (size_t i = 0; i < index_nclasses(ix); i++) {
		const struct index_class *c = index_class_at(ix, i);
		buf_printf(b, "class %s/%u %s/%u %d\n", S(c->name), S(c->controller), c->is_default);
	}
	for (size_t i = 0; i < index_nservices(ix); i++) {
		const struct index_service *s = index_service_at(ix, i);
		buf_printf(b, "service %s/%u %s/%u\n", S(s->ns), S(s->name));
		for (uint32_t p = 0; p < s->nports; p++) {
			const struct index_port *ip = index_port_at(ix, s->first_port + p);
			buf_printf(b, "  port %s/%u %d %s/%u %s/%u\n", S(ip->name), ip->number, S(ip->protocol),
				   S(ip->app_protocol));
		}
	}
	for (size_t i = 0; i < index_ningresses(ix); i++) {
		const struct index_ingress *x = index_ingress_at(ix, i);
		buf_printf(b, "ingress %s/%u %s/%u %s:%u:%u cls %s/%u created %s/%u flags %u\n", S(x->ns), S(x->name),
			   index_str(ix, x->file), x->line, x->col, S(x->cls), S(x->created), x->flags);
		for (uint32_t p = 0; p < x->npaths; p++) {
			const struct index_path *ip = index_path_at(ix, x->first_path + p);
			buf_printf(b, "  path %s/%u %s/%u %u %s/%u %d %s/%u\n", S(ip->host), S(ip->path), ip->path_type,
				   S(ip->service), ip->port_number, S(ip->port_name));
		}
		for (uint32_t t = 0; t < x->ntls; t++) {
			const struct index_tls *it = index_tls_at(ix, x->first_tls + t);
			buf_printf(b, "  tls %s/%u", S(it->secret));
			for (uint32_t h = 0; h < it->nhosts; h++)
				buf_printf(b, " %s", index_str(ix, index_host_at(ix, it->first_host + h)));
			buf_printf(b, "\n");
		}
	}
	for (size_t i = 0; i < index_nconfigmaps(ix); i++) {
		const struct index_configmap *cm = index_configmap_at(ix, i);
		buf_printf(b, "configmap %s/%u %s/%u %s:%u:%u\n", S(cm->ns), S(cm->name), index_str(ix, cm->file),
			   cm->line, cm->col);
		for (uint32_t d = 0; d < cm->ndata; d++) {
			const struct index_setting *st = index_cmdata_at(ix, cm->first_data + d);
			buf_printf(b, "  data %s/%u %s/%u\n", S(st->key), S(st->value));
		}
	}
	for (size_t i = 0; i < index_nsecrets(ix); i++) {
		const struct index_secret *sc = index_secret_at(ix, i);
		buf_printf(b, "secret %s/%u %s/%u %s/%u %s:%u:%u flags %u\n", S(sc->ns), S(sc->name), S(sc->type),
			   index_str(ix, sc->file), sc->line, sc->col, sc->flags);
		for (uint32_t k = 0; k < sc->nkeys; k++) {
			const struct index_secret_key *key = index_secret_key_at(ix, sc->first_key + k);
			buf_printf(b, "  key %s/%u %u\n", S(key->name), key->flags);
		}
		for (uint32_t u = 0; u < sc->nusers; u++) {
			const struct index_secret_key *user = index_secret_user_at(ix, sc->first_user + u);
			buf_printf(b, "  user %s/%u %u\n", S(user->name), user->flags);
		}
	}
	for (size_t i = 0; i < index_nsecret_refs(ix); i++) {
		const struct index_secret_ref *rf = index_secret_ref_at(ix, i);
		buf_printf(b, "secret-ref %s/%u %s/%u in %s/%u\n", S(rf->ns), S(rf->name), S(rf->ingress_ns));
	}
#undef S
}

void index_memory(const struct index *ix, size_t *records, size_t *strings)
{
	*records = ix->classes.n * sizeof(*ix->classes.v) + store_memory(&ix->services) + store_memory(&ix->ports) +
		   store_memory(&ix->ingresses) + store_memory(&ix->paths) + store_memory(&ix->tls) +
		   store_memory(&ix->hosts) + store_memory(&ix->settings) + ix->nslots * sizeof(*ix->slots) +
		   ix->configmaps.n * sizeof(*ix->configmaps.v) + ix->cmdata.n * sizeof(*ix->cmdata.v) +
		   ix->secrets.n * sizeof(*ix->secrets.v) + ix->secret_keys.n * sizeof(*ix->secret_keys.v) +
		   ix->secret_users.n * sizeof(*ix->secret_users.v) + ix->secret_refs.n * sizeof(*ix->secret_refs.v) +
		   ix->svc_cap * sizeof(*ix->svc);
	*strings = ix->pool_mem + ix->ptail_cap + spill_memory(&ix->psp) + ix->pin_len;
	for (size_t i = 0; i < SRING; i++)
		*strings += ix->sring[i].cap;
}

/* Secrets ------------------------------------------------------------------ */

size_t index_nsecrets(const struct index *ix) { return ix->secrets.n; }
const struct index_secret *index_secret_at(const struct index *ix, size_t i) { return &ix->secrets.v[i]; }
const struct index_secret_key *index_secret_key_at(const struct index *ix, size_t i) { return &ix->secret_keys.v[i]; }
const struct index_secret_key *index_secret_user_at(const struct index *ix, size_t i) { return &ix->secret_users.v[i]; }
size_t index_nsecret_refs(const struct index *ix) { return ix->secret_refs.n; }
const struct index_secret_ref *index_secret_ref_at(const struct index *ix, size_t i) { return &ix->secret_refs.v[i]; }

struct index_secret *index_push_secret(struct index *ix)
{
	struct index_secret *s = VEC_PUSH(ix->secrets);

	ix->pinning = true;	/* until the next Ingress, Service or class */
	s->first_key = (uint32_t)ix->secret_keys.n;
	s->first_user = (uint32_t)ix->secret_users.n;
	return s;
}

bool index_secret_type_other(const char *t, size_t n)
{
	static const char *const other[] = { "kubernetes.io/tls", "kubernetes.io/dockerconfigjson",
					     "kubernetes.io/service-account-token" };

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (strlen(other[i]) == n && memcmp(other[i], t, n) == 0)
			return true;
	return false;
}

void index_wipe(char *s)
{
	if (s == NULL)
		return;
	for (volatile char *v = s; *v; v++)
		*v = 0;
	free(s);
}

char *index_b64_decode(const char *s, size_t n)
{
	size_t o = 0;
	char *d = xmalloc(n / 4 * 3 + 4);
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int v;
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else if (c == '=' || c == '\n' || c == '\r' || c == ' ')
			continue;
		else
			goto bad;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			d[o] = (char)((acc >> bits) & 0xff);
			if (d[o] == '\0')
				goto bad;
			o++;
		}
	}
	d[o] = '\0';
	return d;
bad:
	d[o] = '\0';
	index_wipe(d);
	return NULL;
}

bool index_htpasswd_next(const char **p, const char **start, size_t *len, size_t *ulen)
{
	while (**p) {
		const char *line = *p, *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		const char *colon;
		*p += n + (end != NULL);
		while (n && (*line == ' ' || *line == '\t'))
			line++, n--;
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			n--;
		if (n == 0 || *line == '#')
			continue;
		colon = memchr(line, ':', n);
		*start = line;
		*len = n;
		*ulen = colon ? (size_t)(colon - line) : n;
		return true;
	}
	return false;
}

uint32_t index_hash_flags(const char *h, size_t n)
{
	uint32_t f = IXV_CHARS;

	if (n == 0)
		f |= IXV_EMPTY;
	if (n >= 7 && memcmp(h, "{PLAIN}", 7) == 0)
		f |= IXV_PLAIN;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      (c != '\0' && strchr("./$={}+-_", c)))) {
			f &= ~(uint32_t)IXV_CHARS;
			break;
		}
	}
	return f;
}

/* The lines of the 'auth' value text of the last Secret, replacing any
 * it had. */
static void secret_users(struct index *ix, struct index_secret *s, const char *text)
{
	const char *p = text, *line;
	size_t len, ulen;

	ix->secret_users.n = s->first_user;
	while (index_htpasswd_next(&p, &line, &len, &ulen)) {
		struct index_secret_key *u = VEC_PUSH(ix->secret_users);
		if (ulen == len) {
			u->flags = IXV_NOCOLON;
			continue;
		}
		u->name = intern_n(ix, line, ulen);
		u->flags = index_hash_flags(line + ulen + 1, len - ulen - 1);
	}
	s->nusers = (uint32_t)(ix->secret_users.n - s->first_user);
	s->flags |= IXS_AUTH;
}

void index_secret_value(struct index *ix, const char *key, size_t klen, const char *val, size_t vlen, bool b64)
{
	struct index_secret *s = &ix->secrets.v[ix->secrets.n - 1];
	istr k = intern_n(ix, key, klen);
	struct index_secret_key *e = NULL;
	char *text = NULL;
	uint32_t flags = 0;

	if (!(s->flags & IXS_NO_CREDENTIALS)) {
		text = b64 ? index_b64_decode(val, vlen) : xstrndup(val, vlen);
		flags = text ? index_hash_flags(text, strlen(text)) : IXV_BAD;
	}
	for (uint32_t i = 0; i < s->nkeys; i++)
		if (istr_eq(ix, ix->secret_keys.v[s->first_key + i].name, k))
			e = &ix->secret_keys.v[s->first_key + i];
	if (e && (flags & IXV_BAD)) {
		index_wipe(text);
		return;		/* a value that is not one replaces none */
	}
	if (e && (e->flags & IXV_BAD)) {
		/* the first real value: it goes last, as if the bad one was not there */
		struct index_secret_key *last = &ix->secret_keys.v[s->first_key + s->nkeys - 1];
		memmove(e, e + 1, (size_t)(last - e) * sizeof(*e));
		e = last;
	}
	if (e == NULL) {
		e = VEC_PUSH(ix->secret_keys);
		s->nkeys++;
	}
	e->name = k;
	e->flags = flags;
	if (text && klen == 4 && memcmp(key, "auth", 4) == 0)
		secret_users(ix, s, text);
	index_wipe(text);
}

void index_push_secret_ref(struct index *ix, istr ns, const char *v, size_t n)
{
	struct index_secret_ref *r;
	const char *slash;

	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	slash = memchr(v, '/', n);
	r = VEC_PUSH(ix->secret_refs);
	r->ingress_ns = ns;
	ix->pinning = true;
	if (slash) {
		r->ns = intern_n(ix, v, (size_t)(slash - v));
		r->name = intern_n(ix, slash + 1, n - (size_t)(slash - v) - 1);
	} else {
		r->name = intern_n(ix, v, n);
	}
	ix->pinning = false;
}

/* A Secret to sort: its namespace and name (borrowed), number. */
struct sec_key {
	const char *ns, *name;
	uint32_t i;
};

/* By namespace, name, then input order. */
static int sec_cmp(const void *a, const void *b)
{
	const struct sec_key *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);

	if (c == 0)
		c = strcmp(x->name, y->name);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The namespace of Secret s as Kubernetes reads it. */
static const char *secret_ns(const struct index *ix, const struct index_secret *s)
{
	return s->ns ? index_str(ix, s->ns) : "default";
}

uint32_t *index_secrets_sorted(const struct index *ix, uint32_t want, uint32_t refuse, size_t *n)
{
	struct sec_key *keys = xmalloc((ix->secrets.n ? ix->secrets.n : 1) * sizeof(*keys));
	uint32_t *v;

	*n = 0;
	for (size_t i = 0; i < ix->secrets.n; i++) {
		const struct index_secret *s = &ix->secrets.v[i];
		if ((s->flags & want) == want && !(s->flags & refuse) && s->name)
			keys[(*n)++] = (struct sec_key){ secret_ns(ix, s), index_str(ix, s->name), (uint32_t)i };
	}
	if (*n > 1)
		qsort(keys, *n, sizeof(*keys), sec_cmp);
	v = xmalloc((*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; i < *n; i++)
		v[i] = keys[i].i;
	free(keys);
	return v;
}

long index_secret_lookup(const struct index *ix, const uint32_t *v, size_t n, const char *ns, const char *name)
{
	size_t lo = 0, hi = n;
	const struct index_secret *s;

	while (lo < hi) {	/* the first Secret after ns/name */
		size_t mid = lo + (hi - lo) / 2;
		int c;
		s = &ix->secrets.v[v[mid]];
		c = strcmp(secret_ns(ix, s), ns);
		if (c == 0)
			c = strcmp(index_str(ix, s->name), name);
		if (c <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	s = &ix->secrets.v[v[lo - 1]];
	if (strcmp(secret_ns(ix, s), ns) != 0 || strcmp(index_str(ix, s->name), name) != 0)
		return -1;
	return (long)v[lo - 1];
}

bool index_secret_has(const struct index *ix, const struct index_secret *s, const char *key)
{
	for (uint32_t i = 0; i < s->nkeys; i++)
		if (strcmp(index_str(ix, ix->secret_keys.v[s->first_key + i].name), key) == 0)
			return true;
	return false;
}
