/* util.h - allocation helpers and a growable byte buffer.
 *
 * Allocation failure is fatal: x*() print "out of memory" and exit with
 * status 2, so callers never see NULL from them.
 */
#ifndef I2H_UTIL_H
#define I2H_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Each returns memory the caller frees with free(3); never NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of *cap elements of size elsz) to hold at least need elements. */
void grow_array(void **arr, size_t *cap, size_t need, size_t elsz);

/* A growable byte buffer; always NUL-terminated when len > 0 or after
 * buf_cstr(). Owns its memory; release with buf_free(). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Remove the first n bytes. */
void buf_consume(struct buf *b, size_t n);
/* Borrowed pointer to the NUL-terminated contents ("" when empty). */
const char *buf_cstr(struct buf *b);
/* Take ownership of the contents (caller frees); b is reset. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* Append s as a YAML double-quoted scalar. */
void buf_add_yaml_dq(struct buf *b, const char *s, size_t n);
/* Append s as a JSON string (with quotes); NULL appends null. */
void buf_add_json_str(struct buf *b, const char *s);

/* Append "key":value (value a JSON string or null), then a comma if
 * comma is set. */
void buf_add_json_kv(struct buf *b, const char *key, const char *value, bool comma);

/* Levenshtein distance of a and b (bounded: returns max+1 when larger). */
size_t edit_distance(const char *a, const char *b, size_t max);

bool str_has_prefix(const char *s, const char *prefix);

/* strerror(e) with a lowercase first letter, for messages; the result is
 * borrowed and valid until the next call. */
const char *errstr(int e);

/* Decode the UTF-8 character at s[0..n) into *cp: returns its length, or
 * 0 when it is not well-formed (overlong forms, surrogates and values above
 * U+10FFFF included). Allocates nothing. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp);

/* Does path match the glob pat? '*' matches within one path element,
 * '**' across elements (and '**' then '/' also matches no element), '?'
 * one character but '/', '[...]' a class as in fnmatch(3). Allocates
 * nothing. */
bool glob_match(const char *pat, const char *path);

#endif
