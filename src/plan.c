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

struct action *plan_add_pair(struct plan *p, enum action_type type, size_t ann, const char *reason,
			     const char *key, const char *value)
{
	struct action *a = plan_add(p, type, ann, reason);

	action_pair(a, key, value);
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

static void action_free(struct action *a)
{
	for (size_t j = 0; j < a->npairs; j++) {
		free(a->keys[j]);
		free(a->values[j]);
	}
	free(a->reason);
}

void plan_drop(struct plan *p, size_t i)
{
	if (i >= p->n)
		return;
	action_free(&p->v[i]);
	memmove(p->v + i, p->v + i + 1, (p->n - i - 1) * sizeof(*p->v));
	p->n--;
}

void plan_clear(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		action_free(&p->v[i]);
	p->n = 0;
}

void plan_free(struct plan *p)
{
	plan_clear(p);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
