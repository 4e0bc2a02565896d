/* rule_ids.c - look up the finding rule ids (see rule_ids.h). */
#include "rule_ids.h"

#include <string.h>

const struct rule_id *rule_id_find(const char *id)
{
	for (size_t i = 0; id && i < rule_ids_count; i++)
		if (strcmp(rule_ids[i].id, id) == 0)
			return &rule_ids[i];
	return NULL;
}
