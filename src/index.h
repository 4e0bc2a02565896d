/* index.h - the facts of the index pass: what the whole input says, read
 * before any object is analysed.
 *
 * Pass 1 reads every input once and keeps compact, owned facts:
 * IngressClasses, Services and their ports, and per Ingress its identity,
 * position, class, hosts, paths with their backends, TLS entries, canary
 * role, regex use and creationTimestamp. Strings are interned in one pool
 * (an istr is an offset into it, 0 for none), records sit in arrays, so
 * memory grows with the number of Ingresses and Services, never with the
 * bytes of the input. Everything returned is borrowed from the index.
 *
 * Memory is bounded: above a budget (index_set_budget, 24 MiB by default)
 * the records and strings indexed from then on go to unlinked temporary
 * files (spill.h) and those in memory stay. Reading a spilled record or
 * string copies it into a small ring, so a pointer returned for one stays
 * valid only for the next 15 records of its kind (63 strings): hold
 * indices rather than pointers, compare records by index, not address,
 * and interned strings by index_str() text unless both are known to be in
 * memory (spilled strings may repeat under different istr). The strings of
 * Secrets (and of the Secret an Ingress names) always stay in memory: they
 * are few and their users hold many at once.
 */
#ifndef I2H_INDEX_H
#define I2H_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stream.h"

typedef uint32_t istr;		/* interned string: 0 none, else pool offset + 1 */

struct index_class {
	istr name, controller;
	bool is_default;	/* ingressclass.kubernetes.io/is-default-class: "true" */
};

struct index_port {
	istr name;		/* 0 for an unnamed port */
	int32_t number;		/* -1 when absent or not a number */
	istr protocol, app_protocol;
};

struct index_service {
	istr ns, name;
	uint32_t first_port, nports;	/* in the port array */
};

enum index_path_type { IPT_NONE, IPT_EXACT, IPT_PREFIX, IPT_IMPLEMENTATION_SPECIFIC, IPT_OTHER };

struct index_path {
	istr host;		/* 0 for a rule without host */
	istr path;
	uint8_t path_type;	/* enum index_path_type */
	istr service;		/* backend service name, 0 when none (or a resource backend) */
	int32_t port_number;	/* -1 when the port is named or absent */
	istr port_name;
};

struct index_tls {
	istr secret;
	uint32_t first_host, nhosts;	/* in the host array; 0 hosts: the rule hosts */
};

/* The names (after the prefix) of the server-level annotations. */
#define INDEX_NSERVER_KEYS 12
extern const char *const index_server_keys[INDEX_NSERVER_KEYS];

/* A server-level annotation of an Ingress (one nginx applies to the whole
 * host, the oldest Ingress's value winning): its name after the prefix. */
struct index_setting {
	istr key, value;
};

enum {
	IX_CANARY = 1,		/* canary: "true" */
	IX_USE_REGEX = 2,	/* use-regex: "true" */
	IX_REWRITE = 4,		/* rewrite-target present (implies regex) */
	IX_NGINX = 8,		/* Ingress-NGINX's, after index_finish() */
	IX_CLASSLESS = 16,	/* no class at all */
	IX_LEGACY = 32,		/* networking.k8s.io/v1beta1 or extensions/v1beta1 */
};

struct index_ingress {
	istr ns, name;		/* ns 0: no namespace written */
	istr file;
	uint32_t line, col;
	istr cls;		/* the class (annotation over spec.ingressClassName) or 0 */
	istr created;		/* metadata.creationTimestamp or 0 */
	uint32_t first_path, npaths;
	uint32_t first_tls, ntls;
	uint32_t first_setting, nsettings;	/* server-level annotations */
	uint32_t flags;		/* IX_* */
};

/* A ConfigMap the index kept (one index_set_configmap_filter wanted):
 * its identity, where it starts, and its 'data' entries whose values are
 * strings as kubectl types them, in order, in the ConfigMap data array. */
struct index_configmap {
	istr ns, name;		/* ns 0: no namespace written */
	istr file;
	uint32_t line, col;
	uint32_t first_data, ndata;	/* in the ConfigMap data array (index_cmdata_at) */
};

/* Which ConfigMaps to keep: name (NULL when none) and the keys of its
 * 'data' (n of them, borrowed for the call); ud as given. */
typedef bool (*index_configmap_filter)(const char *name, const char *const *keys, size_t n, void *ud);

struct index;

/* A new, empty index; prefix (copied) is the annotation prefix, without
 * '/'. Free with index_free(). */
struct index *index_new(const char *prefix);
void index_free(struct index *ix);

/* The bytes of records and strings kept in memory before the index
 * spills (debug builds: also the environment's I2H_INDEX_BUDGET); set it
 * before the first object. Whether the index has spilled. */
void index_set_budget(struct index *ix, size_t bytes);
bool index_spilled(const struct index *ix);

/* Name the input the next objects come from (copied into the pool). */
void index_set_file(struct index *ix, const char *name);
/* The next objects come from text that starts after line 'lines' of the
 * input (a document read on its own): their lines count from the input's
 * start. index_set_file sets it back to 0. */
void index_set_line_base(struct index *ix, uint32_t lines);

/* The stream callback of the index pass (ud is the index): keeps the
 * facts of Ingress, IngressClass and Service objects; never fails. */
int index_object(void *ud, struct stream *st, struct node *obj);

/* After the pass: decide which Ingresses are Ingress-NGINX's (IX_NGINX):
 * a class among classes[0..n) or of an IngressClass whose controller is
 * Ingress-NGINX's; a class-less one when include_classless or the input's
 * default IngressClass is Ingress-NGINX's. */
void index_finish(struct index *ix, const char *const *classes, size_t n, bool include_classless);

/* Build (again) the fixed-size filters index_ingress_maybe_repeated
 * answers from, reading every Ingress record once; the index owns them.
 * At most 4.5 MiB (32 + 4 bits per Ingress up to 2^20 Ingresses). */
void index_identities(struct index *ix);
/* After index_identities (before it: always true): may another Ingress of the input have namespace ns
 * (NULL or "": "default") and name? false only when none has: a true may
 * be a false positive (a fixed-size filter; memory does not grow with the
 * stream). Allocates nothing. */
bool index_ingress_maybe_repeated(const struct index *ix, const char *ns, const char *name);

/* The string of s ("" for 0). */
const char *index_str(const struct index *ix, istr s);

size_t index_nclasses(const struct index *ix);
const struct index_class *index_class_at(const struct index *ix, size_t i);
size_t index_nservices(const struct index *ix);
const struct index_service *index_service_at(const struct index *ix, size_t i);
size_t index_ningresses(const struct index *ix);
const struct index_ingress *index_ingress_at(const struct index *ix, size_t i);
const struct index_path *index_path_at(const struct index *ix, size_t i);
const struct index_tls *index_tls_at(const struct index *ix, size_t i);
istr index_host_at(const struct index *ix, size_t i);
const struct index_setting *index_setting_at(const struct index *ix, size_t i);
const struct index_port *index_port_at(const struct index *ix, size_t i);

/* The number of the port named port_name of Service ns/name, or -1 when
 * the Service or the port is not in the input. */
int32_t index_service_port(const struct index *ix, const char *ns, const char *name, const char *port_name);
/* The Service ns/name (the last of that name), or NULL; ns NULL or ""
 * is "default". A hash table over the Services (built on the first
 * lookup, the Services pushed since added by the next) finds it in
 * constant time, spilled or not; look up after the Services are indexed.
 * Borrowed: a spilled record is a copy in the index's ring. */
const struct index_service *index_service_find(const struct index *ix, const char *ns, const char *name);

/* The next Ingress at or after *pos with a path for host (exact, case-
 * insensitive); returns it and moves *pos past it, or NULL at the end. */
const struct index_ingress *index_next_by_host(const struct index *ix, size_t *pos, const char *host);

/* Building the index from outside the tree walk (index_scan.c reads plain
 * block YAML without building trees). Each push appends a zeroed record
 * and returns it, borrowed until the next push of its kind; the counts
 * say where an object's records start. Nothing here fails. */
/* Intern s[0..n) (copied); 0 for a NULL s. */
istr index_intern(struct index *ix, const char *s, size_t n);
/* The current input (index_set_file) and the annotation prefix. */
istr index_file(const struct index *ix);
const char *index_prefix(const struct index *ix, size_t *len);
struct index_ingress *index_push_ingress(struct index *ix);
struct index_path *index_push_path(struct index *ix);
struct index_tls *index_push_tls(struct index *ix);
void index_push_host(struct index *ix, istr host);
struct index_class *index_push_class(struct index *ix);
struct index_service *index_push_service(struct index *ix);
struct index_port *index_push_port(struct index *ix);
void index_push_setting(struct index *ix, istr key, istr value);
size_t index_nsettings(const struct index *ix);
size_t index_npaths(const struct index *ix);
size_t index_ntls(const struct index *ix);
size_t index_nhosts(const struct index *ix);
size_t index_nports(const struct index *ix);
/* The record counts at a point of the pass, to go back to them when a
 * reader gives up on an input and reads it again another way (interned
 * strings stay; they are only unused). */
struct index_mark {
	size_t classes, services, ports, ingresses, paths, tls, hosts, settings;
	size_t configmaps, cmdata;
	size_t secrets, secret_keys, secret_users, secret_refs;
};
void index_mark(const struct index *ix, struct index_mark *m);
void index_rollback(struct index *ix, const struct index_mark *m);
/* The path type of a pathType string of n bytes (s NULL: none). */
uint8_t index_path_type(const char *s, size_t n);
/* A Service port number as Kubernetes writes it (decimal 0..65535), or -1
 * for anything else and for NULL. s is NUL-terminated. */
int32_t index_port_number(const char *s);

/* Secrets (kind Secret): where each is, its type, the names of its data
 * and stringData keys and, for the Secrets a credential can be in (not
 * kubernetes.io/tls, dockerconfigjson or service-account-token), what
 * each value is as an htpasswd hash, and the lines of its 'auth' key
 * (user name and the same facts of the hash). Values are decoded only to
 * be judged, then wiped: the index never holds Secret data. */
enum {
	IXV_BAD = 1,		/* data value that is not base64 (or decodes to a NUL): not a value */
	IXV_EMPTY = 2,		/* the hash is empty */
	IXV_PLAIN = 4,		/* the hash starts '{PLAIN}' (a plaintext password) */
	IXV_CHARS = 8,		/* the hash has only the characters of htpasswd hashes */
	IXV_NOCOLON = 16,	/* an 'auth' line without ':' (its name is 0) */
};

enum {
	IXS_AUTH = 1,		/* an 'auth' key with a value (users: its lines) */
	IXS_NO_CREDENTIALS = 2,	/* a TLS, docker config or token Secret: values not judged */
	IXS_V1 = 4,		/* apiVersion v1 */
	IXS_NO_API = 8,		/* no apiVersion written (read all the same: v1 is a Secret's only one) */
};

struct index_secret_key {
	istr name;		/* the key, or the user of an 'auth' line */
	uint32_t flags;		/* IXV_* */
};

struct index_secret {
	istr ns, name, type;	/* ns 0: no namespace written */
	istr file;
	uint32_t line, col;
	uint32_t first_key, nkeys;	/* index_secret_key_at */
	uint32_t first_user, nusers;	/* index_secret_user_at: the 'auth' lines */
	uint32_t flags;		/* IXS_* */
};

/* The Secret an Ingress's auth-secret annotation names (as written: the
 * namespace is 0 unless the value has one; ingress_ns is the Ingress's). */
struct index_secret_ref {
	istr ns, name, ingress_ns;
};

size_t index_nsecrets(const struct index *ix);
const struct index_secret *index_secret_at(const struct index *ix, size_t i);
const struct index_secret_key *index_secret_key_at(const struct index *ix, size_t i);
const struct index_secret_key *index_secret_user_at(const struct index *ix, size_t i);
size_t index_nsecret_refs(const struct index *ix);
const struct index_secret_ref *index_secret_ref_at(const struct index *ix, size_t i);

/* The numbers of the named Secrets with every flag of want and none of
 * refuse (IXS_*), sorted by namespace ("default" for none), name, then
 * input order: a new array of *n (caller frees). */
uint32_t *index_secrets_sorted(const struct index *ix, uint32_t want, uint32_t refuse, size_t *n);
/* In such an array v[0..n): the last Secret ns/name, or -1. */
long index_secret_lookup(const struct index *ix, const uint32_t *v, size_t n, const char *ns, const char *name);
/* Does Secret s have the data or stringData key key? */
bool index_secret_has(const struct index *ix, const struct index_secret *s, const char *key);

/* Building: push a Secret (zeroed; fill ns, name, type, file, line, col
 * and flags), then give it its values in input order, data (b64) before
 * stringData, as index_secret_value does. */
struct index_secret *index_push_secret(struct index *ix);
/* Key key[0..klen) of the last pushed Secret has value val[0..vlen)
 * (base64 when b64): a later value of a key replaces an earlier one, one
 * that is not base64 replaces none. The decoded value is wiped. */
void index_secret_value(struct index *ix, const char *key, size_t klen, const char *val, size_t vlen, bool b64);
/* Record the auth-secret value v[0..n) of an Ingress of namespace ns (an
 * interned string, 0 for none). */
void index_push_secret_ref(struct index *ix, istr ns, const char *v, size_t n);
/* Is the type string t[0..n) one whose Secrets hold no credential
 * (kubernetes.io/tls, dockerconfigjson, service-account-token)? */
bool index_secret_type_other(const char *t, size_t n);

/* Decode base64 s[0..n) (RFC 4648, padding optional, line breaks and
 * spaces skipped) into a new NUL-terminated string (caller wipes and
 * frees, see index_wipe), or NULL when it is not base64 or decodes to a
 * NUL byte. */
char *index_b64_decode(const char *s, size_t n);
/* Overwrite a string with zeros, then free it (NULL is fine). */
void index_wipe(char *s);
/* The htpasswd lines of text from *p on: the next one that is neither
 * blank nor a comment, trimmed of blanks, as [*start, *start + *len), and
 * the length of its user (up to the first ':'; *ulen == *len when there
 * is no ':'). Moves *p past it. False at the end. Allocates nothing. */
bool index_htpasswd_next(const char **p, const char **start, size_t *len, size_t *ulen);
/* The IXV_* facts of an htpasswd hash h[0..n). */
uint32_t index_hash_flags(const char *h, size_t n);

/* Append every record of the index to b as text, one per line, strings
 * resolved (and whether they are set): for tests that compare two ways
 * of building it. */
struct buf;
void index_dump(const struct index *ix, struct buf *b);

/* Keep the v1 ConfigMaps want() accepts (none without a filter). With a
 * filter set, an input with a ConfigMap is read by the full parse, never
 * the line scanner, which does not read 'data'. ud is borrowed. */
void index_set_configmap_filter(struct index *ix, index_configmap_filter want, void *ud);
bool index_wants_configmaps(const struct index *ix);
/* Would the filter keep a ConfigMap of this name and these data keys?
 * (For a reader that decides without building a tree.) */
bool index_configmap_wanted(const struct index *ix, const char *name, const char *const *keys, size_t n);
size_t index_nconfigmaps(const struct index *ix);
const struct index_configmap *index_configmap_at(const struct index *ix, size_t i);
const struct index_setting *index_cmdata_at(const struct index *ix, size_t i);
size_t index_ncmdata(const struct index *ix);
/* For a reader without trees (index_scan.c): a zeroed ConfigMap record,
 * borrowed until the next push; a data entry after it. */
struct index_configmap *index_push_configmap(struct index *ix);
void index_push_cmdata(struct index *ix, istr key, istr value);

/* Memory held: bytes of records (arrays, in use) and of interned strings. */
void index_memory(const struct index *ix, size_t *records, size_t *strings);

#endif
