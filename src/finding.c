/* finding.c - the finding list and its string pool. */
#include "finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define POOL_CHUNK 65536

struct pool_chunk {
	struct pool_chunk *next;
	size_t used;
	size_t size;
	char data[];
};

/* One slot of the set: the pooled string with its hash and length, so
 * that a probe compares a string only when both match. */
struct pool_slot {
	const char *s;		/* NULL or gen not the pool's: empty */
	uint64_t hash;
	size_t len;
	uint32_t gen;
};

/* The fields of a finding that findings_add() interns, each with the
 * pooled string it returned last (see intern_field). */
enum {
	PF_FILE, PF_KIND, PF_NS, PF_NAME, PF_ANNOTATION, PF_VALUE, PF_RULE, PF_MESSAGE, PF_FIX, PF_DOC,
	PF_JUSTIFICATION, PF__COUNT
};

/* A recent source string and its pooled copy (see intern_field). */
struct pool_recent {
	const char *src;	/* the caller's pointer, compared only */
	const char *pooled;	/* valid while gen is the pool's */
	uint32_t gen;
};

#define POOL_RECENT 256		/* a power of two */

/* A pooled string by its hash (see intern). */
struct pool_hot {
	const char *s;		/* pooled, valid while gen is the pool's */
	uint64_t hash;
	size_t len;
	uint32_t gen;
};

#define POOL_HOT 256		/* a power of two */

/* Interned strings: an open-addressing hash set over chunked storage. */
struct strpool {
	struct pool_chunk *chunks;
	struct pool_slot *slots;
	size_t nslots;		/* a power of two */
	size_t count;
	uint32_t gen;		/* the current generation (from 1): findings_clear()
				 * empties the tables by starting a new one */
	const char *last[PF__COUNT];	/* pooled, or NULL */
	struct pool_recent recent[POOL_RECENT];	/* direct-mapped by source address */
	struct pool_hot hot[POOL_HOT];	/* direct-mapped by hash */
};

/* A hash of the n bytes at s, eight at a time (messages are long). */
static uint64_t hash_str(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t h = 1469598103934665603ull ^ n, w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	h ^= h >> 32;
	return h * 0x9e3779b97f4a7c15ull ^ (h >> 29);
}

static const char *pool_store(struct strpool *p, const char *s, size_t n)
{
	struct pool_chunk *c = p->chunks;
	char *d;

	if (c == NULL || c->size - c->used < n + 1) {
		size_t size = n + 1 > POOL_CHUNK ? n + 1 : POOL_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->next = p->chunks;
		c->used = 0;
		c->size = size;
		p->chunks = c;
	}
	d = c->data + c->used;
	memcpy(d, s, n + 1);
	c->used += n + 1;
	return d;
}

static void pool_grow(struct strpool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	struct pool_slot *slots = xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < p->nslots; i++) {
		size_t j;
		if (p->slots[i].s == NULL || p->slots[i].gen != p->gen)
			continue;
		for (j = p->slots[i].hash & (n - 1); slots[j].s && slots[j].gen == p->gen; j = (j + 1) & (n - 1))
			;
		slots[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
}

/* The pooled copy of s (NULL stays NULL). */
static const char *intern(struct findings *fs, const char *s)
{
	struct strpool *p;
	struct pool_hot *hot;
	size_t j, n;
	uint64_t h;

	if (s == NULL)
		return NULL;
	if (fs->pool == NULL) {
		fs->pool = xcalloc(1, sizeof(*fs->pool));
		fs->pool->gen = 1;
	}
	p = fs->pool;
	if ((p->count + 1) * 2 > p->nslots)
		pool_grow(p);
	n = strlen(s);
	h = hash_str(s, n);
	/* a small table of strings pooled lately stays in the cache, where
	 * the slots of a large pool do not (keys and values repeat) */
	hot = &p->hot[(h >> 16) & (POOL_HOT - 1)];
	if (hot->gen == p->gen && hot->hash == h && hot->len == n && memcmp(hot->s, s, n) == 0)
		return hot->s;
	for (j = h & (p->nslots - 1); p->slots[j].s && p->slots[j].gen == p->gen; j = (j + 1) & (p->nslots - 1))
		if (p->slots[j].hash == h && p->slots[j].len == n && memcmp(p->slots[j].s, s, n) == 0)
			break;
	if (p->slots[j].s == NULL || p->slots[j].gen != p->gen) {
		p->slots[j] = (struct pool_slot){ pool_store(p, s, n), h, n, p->gen };
		p->count++;
	}
	*hot = (struct pool_hot){ p->slots[j].s, h, n, p->gen };
	return p->slots[j].s;
}

/* intern() for field k of a finding, which first tries the pooled
 * string the field got last (pooled strings neither move nor change
 * until findings_clear()): the findings of one object share their file,
 * kind, namespace and name, which are compared; for the other fields
 * only the pointer is, for callers that pass pooled strings back. Then
 * the pooled copy of the last string interned from the same address (a
 * rule table's message, fix or link; a literal): the strings are
 * compared, as an address may since hold another string. Both spare the
 * hash table, whose slots are cold once it is large. */
static const char *intern_field(struct findings *fs, int k, const char *s)
{
	const char *last = fs->pool ? fs->pool->last[k] : NULL;
	struct pool_recent *r;

	if (s == NULL)
		return NULL;
	if (last && (s == last || (k <= PF_NAME && strcmp(s, last) == 0)))
		return last;
	if (fs->pool == NULL) {
		fs->pool = xcalloc(1, sizeof(*fs->pool));
		fs->pool->gen = 1;
	}
	r = &fs->pool->recent[((uintptr_t)s >> 3) & (POOL_RECENT - 1)];
	if (r->gen == fs->pool->gen && r->src == s && strcmp(s, r->pooled) == 0) {
		fs->pool->last[k] = r->pooled;
		return r->pooled;
	}
	r->src = s;
	r->pooled = intern(fs, s);
	r->gen = fs->pool->gen;
	fs->pool->last[k] = r->pooled;
	return r->pooled;
}

struct finding *findings_add(struct findings *fs, const struct finding *f)
{
	struct finding *d;

	grow_array((void **)&fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v));
	d = &fs->v[fs->n++];
	*d = *f;
	d->file = intern_field(fs, PF_FILE, f->file);
	d->kind = intern_field(fs, PF_KIND, f->kind);
	d->ns = intern_field(fs, PF_NS, f->ns);
	d->name = intern_field(fs, PF_NAME, f->name);
	d->annotation = intern_field(fs, PF_ANNOTATION, f->annotation);
	d->value = intern_field(fs, PF_VALUE, f->value);
	d->rule = intern_field(fs, PF_RULE, f->rule);
	d->message = intern_field(fs, PF_MESSAGE, f->message);
	d->fix = intern_field(fs, PF_FIX, f->fix);
	d->doc = intern_field(fs, PF_DOC, f->doc);
	d->justification = intern_field(fs, PF_JUSTIFICATION, f->justification);
	return d;
}

const char *findings_intern(struct findings *fs, const char *s)
{
	return intern(fs, s);
}

void findings_set_message(struct findings *fs, struct finding *f, const char *message)
{
	f->message = intern(fs, message);
}

void findings_clear(struct findings *fs)
{
	struct strpool *p = fs->pool;

	fs->n = 0;
	if (p == NULL || p->count == 0)
		return;
	/* while the strings fit in half a chunk they stay, and with them the
	 * caches: the next object's rule ids, fixes, links, file and kind
	 * are then found by address or by the last field, not hashed again */
	if (p->chunks && p->chunks->next == NULL && p->chunks->used <= POOL_CHUNK / 2)
		return;
	/* keep the newest chunk (the pool's usual size), free the others */
	if (p->chunks) {
		struct pool_chunk *c = p->chunks->next, *next;
		for (; c; c = next) {
			next = c->next;
			free(c);
		}
		p->chunks->next = NULL;
		p->chunks->used = 0;
	}
	/* a new generation empties the slots and caches without touching
	 * them (the findings of each object are cleared once written) */
	if (++p->gen == 0) {
		memset(p->slots, 0, p->nslots * sizeof(*p->slots));
		memset(p->recent, 0, sizeof(p->recent));
		memset(p->hot, 0, sizeof(p->hot));
		p->gen = 1;
	}
	memset(p->last, 0, sizeof(p->last));
	p->count = 0;
}

void findings_set_fix(struct findings *fs, struct finding *f, const char *fix)
{
	f->fix = fix ? intern(fs, fix) : NULL;
}

void findings_suppress(struct findings *fs, struct finding *f, const char *reason)
{
	f->suppressed = true;
	f->justification = intern(fs, reason);
}

size_t findings_filter(struct findings *fs, size_t from, bool (*keep)(const struct finding *f, void *ud), void *ud)
{
	size_t k = from;

	for (size_t i = from; i < fs->n; i++)
		if (keep(&fs->v[i], ud))
			fs->v[k++] = fs->v[i];
	k = fs->n - k;
	fs->n -= k;
	return k;
}

/* FNV-1a over s (NULL as "") and its NUL. */
static uint64_t fnv_field(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h * 1099511628211ull;	/* the NUL: h ^ 0 == h */
}

void finding_fingerprint(const struct finding *f, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = 1469598103934665603ull;

	h = fnv_field(h, f->kind);
	h = fnv_field(h, f->ns);
	h = fnv_field(h, f->name);
	h = fnv_field(h, f->annotation);
	/* the rule: no NUL after it */
	for (const char *s = f->rule; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = hex[h & 15];
	out[16] = '\0';
}

void findings_free(struct findings *fs)
{
	if (fs->pool) {
		struct pool_chunk *c = fs->pool->chunks, *next;
		for (; c; c = next) {
			next = c->next;
			free(c);
		}
		free(fs->pool->slots);
		free(fs->pool);
	}
	free(fs->v);
	fs->v = NULL;
	fs->pool = NULL;
	fs->n = fs->cap = 0;
}
