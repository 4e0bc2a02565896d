/* tool_run.h - the run driver of convert and lint: inputs → index pass →
 * object pass (each object's findings to the report sinks, then freed) →
 * the target's finish step → commit outputs → end the reports. */
#ifndef I2H_TOOL_RUN_H
#define I2H_TOOL_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "analyze.h"
#include "finding.h"
#include "index.h"
#include "input.h"
#include "tool_opts.h"

/* What a target's finish step sees: the whole run, read-only except the
 * findings it adds. */
struct run_ctx {
	const struct tool_opts *opts;
	const struct input_list *inputs;
	const struct index *index;	/* the facts of the index pass */
	const struct ruleset *rules;
	struct analyzer *an;
	struct findings *fs;
	bool out_has_docs;	/* finish: out already holds documents (write '---' first) */
	size_t out_written;	/* finish sets it: the bytes it wrote to out */
};

/* A target's steps. finish (NULL: nothing) runs after the object pass
 * and writes what depends on the whole input to out: the converted stream
 * (stdout or -o, after every input's documents; it writes a '---'
 * separator first when ctx->out_has_docs) or, with --in-place, NULL
 * (the target then names its own output). Returns 0, or -1 after
 * reporting why (an input error: exit 2). ready (NULL: always) tells
 * whether convert can write this target yet; when not, it sets *why. */
struct target_ops {
	const char *name;
	bool (*ready)(const struct run_ctx *ctx, const char **why);
	int (*finish)(struct run_ctx *ctx, FILE *out);
};

/* The steps of each target, indexed by enum target. */
extern const struct target_ops target_ops[TARGET__COUNT];

/* Run convert or lint over the operands argv[0..argc). Returns the exit
 * status. */
int tool_run(struct tool_opts *o, int argc, char **argv);

#endif
