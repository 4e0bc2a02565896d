/* yaml_node.h - the tree of one YAML object and its helpers.
 *
 * The reader (stream.h) builds a struct node per scalar, mapping,
 * sequence and alias, each with its line, column and byte span; aliases
 * point at the node they name. These helpers read such trees: keys of a
 * mapping (the last of duplicates, as Kubernetes keeps), merge keys,
 * aliases, duplicate keys. They borrow the nodes, which live as long as
 * the reader keeps them (stream.h says how long); none allocates what
 * outlives the call.
 */
#ifndef I2H_YAML_NODE_H
#define I2H_YAML_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum node_type { N_SCALAR, N_MAPPING, N_SEQUENCE, N_ALIAS };

/* Scalar styles, as in the source text. */
enum scalar_style { SS_PLAIN, SS_SINGLE, SS_DOUBLE, SS_LITERAL, SS_FOLDED };

struct node {
	enum node_type type;
	bool flow;			/* collections: flow style ({} / []) */
	bool in_item;			/* internal: allocated in a List element's arena */
	enum scalar_style style;	/* scalars */
	const char *tag;		/* explicit tag or NULL */
	const char *anchor;		/* anchor defined on this node ('&x'), or NULL */
	const char *value;		/* scalar text (NUL-terminated) or alias name */
	size_t len;
	struct pos pos;			/* start line/column; byte span */
	size_t end_line;		/* 1-based line of the end mark */
	size_t end_column;		/* 1-based column of the end mark */
	struct node **kids;		/* mapping: key, value, key, value ...; sequence: items */
	size_t nkids;
	struct node *target;		/* alias: the anchored node it refers to, or NULL */
	size_t aliases;			/* anchored node: aliases read so far that refer to it */
};

/* Borrowed value of key in a mapping (the last of duplicate keys), or NULL. */
struct node *node_get(const struct node *map, const char *key);
/* Borrowed key node of key in a mapping (for its position), or NULL. */
struct node *node_key(const struct node *map, const char *key);
/* Borrowed scalar text of key in a mapping, or NULL if absent/not scalar. */
const char *node_get_str(const struct node *map, const char *key);
/* True if the node is a scalar equal to s. */
bool node_is(const struct node *n, const char *s);
/* True if the node is a YAML 1.1 merge key ('<<'). */
bool node_is_merge_key(const struct node *n);
/* Borrowed value of key in a mapping as Kubernetes reads it: map and the
 * value are resolved through aliases; the last of duplicate keys wins;
 * merge keys ('<<': a mapping, an alias to one, or a sequence of those)
 * supply keys the mapping does not write, the earlier source first.
 * *knode (optional) gets the key node; *via (optional) the merge key of
 * map that supplied it, or NULL when map writes the key itself. NULL when
 * absent, or beyond the first 4096 mappings visited (hostile merges). */
struct node *node_lookup(struct node *map, const char *key, struct node **knode, struct node **via);
/* Find the duplicate scalar keys of a mapping (aliases resolved, merge
 * keys left out): first[p] (an array of nkids / 2 the caller provides)
 * becomes the index of the first pair with pair p's key, p itself when
 * none is earlier. Returns the number of pairs that repeat an earlier
 * key. O(n log n); allocates only temporarily. */
size_t node_dup_keys(const struct node *map, size_t *first);
/* The node an alias refers to: the last node anchored with its name
 * before it in the same document (an earlier List element included, as
 * YAML anchors are document-scoped), or NULL for an undefined anchor or an
 * alias inside the node it names. Non-alias nodes are returned as they
 * are. root is unused (aliases are resolved while reading). Borrowed. */
struct node *node_resolve(struct node *root, struct node *n);

#endif
