/* plan.c - conversion plans. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct action *plan_add(struct plan *p, enum action_type type, size_t ann,
			const char *reason)
{
	struct action *a;

	grow_array((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	a = &p->v[p->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->ann = ann;
	a->reason = reason ? xstrdup(reason) : NULL;
	return a;
}

void action_pair(struct action *a, const char *key, const char *value)
{
	if (a->npairs >= PLAN_MAX_PAIRS)
		return;
	a->keys[a->npairs] = key ? xstrdup(key) : NULL;
	a->values[a->npairs] = xstrdup(value ? value : "");
	a->npairs++;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->v[i].npairs; j++) {
			free(p->v[i].keys[j]);
			free(p->v[i].values[j]);
		}
		free(p->v[i].reason);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
