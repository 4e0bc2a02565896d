/* tool_complete.c - the completion scripts of bash, zsh and fish, written
 * from the option table (tool_opts.c): the commands, each command's
 * options, the words an option's argument takes (targets, severities,
 * report formats), file names where an argument or operand is a file,
 * and the rule names for 'rules NAME'. The build writes them with
 * 'ingress2higress --completions SHELL' and installs them. */
#include "tool_complete.h"

#include <getopt.h>
#include <stdbool.h>
#include <string.h>

#include "rule_ids.h"
#include "rules.h"
#include "tool_opts.h"
#include "util.h"

const char *const complete_shells[] = { "bash", "zsh", "fish", NULL };

#define MAX_WORDS 32

#define MAX_ROWS 256

/* The rows of command cmd, one per long name (the first, as getopt
 * takes it), in table order: fills v[0..MAX_ROWS) and returns how many. */
static size_t rows_of(enum command cmd, const struct opt_row **v)
{
	size_t nt, n = 0;
	const struct opt_row *t = tool_opt_table(&nt);

	for (size_t i = 0; i < nt; i++) {
		bool dup = false;
		if (!(t[i].cmds & (1u << cmd)) || n == MAX_ROWS)
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(v[j]->name, t[i].name) == 0;
		if (!dup)
			v[n++] = &t[i];
	}
	return n;
}

/* The description of a row for cmd: its help on one line, or for an
 * alias "same as --NAME". Appends to b. */
static void describe(struct buf *b, const struct opt_row *r, enum command cmd)
{
	size_t nt;
	const struct opt_row *t = tool_opt_table(&nt);

	if (r->help) {
		for (const char *p = r->help; *p; p++)
			buf_addc(b, *p == '\n' ? ' ' : *p);
		return;
	}
	for (size_t i = 0; i < nt; i++) {
		if (t[i].val == r->val && t[i].help && (t[i].cmds & (1u << cmd)) && strcmp(t[i].name, r->name)) {
			buf_printf(b, "same as --%s", t[i].name);
			return;
		}
	}
	if (strcmp(r->name, "version") == 0)
		buf_adds(b, "show the version and the rule table's sources");
}

/* The words of a row's argument joined by spaces into b (nothing for
 * free text or a file). Returns how many. */
static size_t join_words(struct buf *b, const struct opt_row *r, enum command cmd)
{
	const char *w[MAX_WORDS];
	size_t n = opt_value_words(r, cmd, w, MAX_WORDS);

	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", w[i]);
	return n;
}

/* Every rule name of the built-in table, then every finding rule id,
 * space-separated, into b. */
static void rule_names(struct buf *b)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);

	for (size_t i = 0; rs && i < ruleset_count(rs); i++)
		buf_printf(b, "%s%s", i ? " " : "", ruleset_at(rs, i)->name);
	/* and the finding rule ids, which 'rules ID' explains too */
	for (size_t i = 0; i < rule_ids_count; i++)
		buf_printf(b, "%s%s", b->len ? " " : "", rule_ids[i].id);
	ruleset_free(rs);
}

/* Does the command take file operands (PATH...)? */
static bool takes_paths(enum command cmd)
{
	return cmd == CMD_CONVERT || cmd == CMD_LINT || cmd == CMD_CHECKS;
}

/* bash ------------------------------------------------------------------- */

static void bash_command(struct buf *b, enum command cmd)
{
	const struct opt_row *v[MAX_ROWS];
	size_t n = rows_of(cmd, v);
	struct buf files = {0}, free_text = {0}, all = {0};

	buf_printf(b, "\t%s)\n\t\tcase $prev in\n", command_name(cmd));
	for (size_t i = 0; i < n; i++) {
		struct buf w = {0};
		const char *sep = all.len ? " " : "";
		if (v[i]->val < 256)
			buf_printf(&all, "%s-%c --%s", sep, v[i]->val, v[i]->name);
		else
			buf_printf(&all, "%s--%s", sep, v[i]->name);
		if (v[i]->has_arg == no_argument)
			continue;
		if (join_words(&w, v[i], cmd)) {
			buf_printf(b, "\t\t--%s", v[i]->name);
			if (v[i]->val < 256)
				buf_printf(b, "|-%c", v[i]->val);
			buf_printf(b, ")\n\t\t\tmapfile -t COMPREPLY < <(compgen -W '%s' -- \"$cur\")\n"
				   "\t\t\treturn 0 ;;\n", buf_cstr(&w));
		} else {
			struct buf *to = opt_takes_file(v[i], cmd) ? &files : &free_text;
			buf_printf(to, "%s--%s", to->len ? "|" : "", v[i]->name);
			if (v[i]->val < 256)
				buf_printf(to, "|-%c", v[i]->val);
		}
		buf_free(&w);
	}
	if (files.len)
		buf_printf(b, "\t\t%s)\n\t\t\t_ingress2higress_files\n\t\t\treturn 0 ;;\n", buf_cstr(&files));
	if (free_text.len)
		buf_printf(b, "\t\t%s)\n\t\t\treturn 0 ;;\n", buf_cstr(&free_text));
	buf_printf(b, "\t\tesac\n\t\tif [[ $cur == -* ]]; then\n"
		   "\t\t\tmapfile -t COMPREPLY < <(compgen -W '%s' -- \"$cur\")\n\t\t\treturn 0\n\t\tfi\n",
		   buf_cstr(&all));
	if (takes_paths(cmd)) {
		buf_adds(b, "\t\t_ingress2higress_files ;;\n");
	} else {
		struct buf names = {0};
		rule_names(&names);
		buf_printf(b, "\t\tmapfile -t COMPREPLY < <(compgen -W '%s' -- \"$cur\") ;;\n", buf_cstr(&names));
		buf_free(&names);
	}
	buf_free(&files);
	buf_free(&free_text);
	buf_free(&all);
}

static void bash_script(struct buf *b)
{
	buf_adds(b, "# bash completion for ingress2higress\n"
		 "# written from the option table by 'ingress2higress --completions bash'; do not edit\n\n"
		 "_ingress2higress_files()\n{\n"
		 "\tcompopt -o filenames 2>/dev/null\n"
		 "\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n}\n\n"
		 "_ingress2higress()\n{\n"
		 "\tlocal cur prev cmd i\n"
		 "\tCOMPREPLY=()\n"
		 "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
		 "\tprev=\n"
		 "\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
		 "\tcmd=\n"
		 "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		 "\t\tcase ${COMP_WORDS[i]} in\n\t\t");
	for (int i = 0; command_names[i]; i++)
		buf_printf(b, "%s%s", i ? "|" : "", command_names[i]);
	buf_adds(b, ")\n\t\t\tcmd=${COMP_WORDS[i]}\n\t\t\tbreak ;;\n\t\tesac\n\tdone\n"
		 "\tcase $cmd in\n\t'')\n"
		 "\t\tif [ \"$prev\" = --completions ]; then\n"
		 "\t\t\tmapfile -t COMPREPLY < <(compgen -W '");
	for (int i = 0; complete_shells[i]; i++)
		buf_printf(b, "%s%s", i ? " " : "", complete_shells[i]);
	buf_adds(b, "' -- \"$cur\")\n\t\t\treturn 0\n\t\tfi\n"
		 "\t\tmapfile -t COMPREPLY < <(compgen -W '");
	for (int i = 0; command_names[i]; i++)
		buf_printf(b, "%s ", command_names[i]);
	buf_adds(b, "--help --version --completions' -- \"$cur\")\n\t\treturn 0 ;;\n");
	for (int c = CMD_CONVERT; c <= CMD_RULES; c++)
		bash_command(b, (enum command)c);
	buf_adds(b, "\tesac\n}\n\ncomplete -F _ingress2higress ingress2higress\n");
}

/* zsh -------------------------------------------------------------------- */

/* Append s for the inside of a single-quoted zsh word that _arguments
 * reads as a description in [...]: quotes closed and reopened, brackets
 * and colons escaped. */
static void zsh_desc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else
			buf_addc(b, *s);
	}
}

/* One _arguments spec of row r spelt as flag ("-o" or "--output"). */
static void zsh_spec(struct buf *b, const struct opt_row *r, enum command cmd, const char *flag)
{
	struct buf d = {0}, w = {0};
	bool repeat = r->help && strstr(r->help, "repeatable");

	describe(&d, r, cmd);
	buf_printf(b, "\t\t\t'%s%s[", repeat ? "*" : "", flag);
	zsh_desc(b, buf_cstr(&d));
	buf_addc(b, ']');
	if (r->has_arg != no_argument) {
		const char *arg = r->arg ? r->arg : "value";
		buf_addc(b, ':');
		for (const char *p = arg; *p; p++)
			buf_addc(b, *p == ':' ? '-' : (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
		if (join_words(&w, r, cmd))
			buf_printf(b, ":(%s)", buf_cstr(&w));
		else if (opt_takes_file(r, cmd))
			buf_adds(b, ":_files");
		else
			buf_adds(b, ": ");
	}
	buf_adds(b, "' \\\n");
	buf_free(&d);
	buf_free(&w);
}

static void zsh_script(struct buf *b)
{
	buf_adds(b, "#compdef ingress2higress\n"
		 "# zsh completion for ingress2higress\n"
		 "# written from the option table by 'ingress2higress --completions zsh'; do not edit\n\n"
		 "_ingress2higress() {\n"
		 "\tlocal curcontext=$curcontext state line\n"
		 "\ttypeset -A opt_args\n"
		 "\t_arguments -C \\\n"
		 "\t\t'(- *)--help[show the help]' \\\n"
		 "\t\t'(- *)--version[show the version and the rule table'\\''s sources]' \\\n"
		 "\t\t'(- *)--completions[write the completion script of a shell]:shell:(");
	for (int i = 0; complete_shells[i]; i++)
		buf_printf(b, "%s%s", i ? " " : "", complete_shells[i]);
	buf_adds(b, ")' \\\n\t\t'1:command:((");
	for (int c = CMD_CONVERT; c <= CMD_RULES; c++) {
		buf_printf(b, "%s%s\\:\"", c > CMD_CONVERT ? " " : "", command_name((enum command)c));
		zsh_desc(b, command_summary((enum command)c));
		buf_adds(b, "\"");
	}
	buf_adds(b, "))' \\\n\t\t'*::arg:->args'\n"
		 "\tcase $state in\n\targs)\n\t\tcase $line[1] in\n");
	for (int c = CMD_CONVERT; c <= CMD_RULES; c++) {
		const struct opt_row *v[MAX_ROWS];
		size_t n = rows_of((enum command)c, v);

		buf_printf(b, "\t\t%s)\n\t\t\t_arguments \\\n", command_name((enum command)c));
		for (size_t i = 0; i < n; i++) {
			char flag[80];	/* an option name from the table */
			if (v[i]->val < 256) {
				snprintf(flag, sizeof(flag), "-%c", v[i]->val);
				zsh_spec(b, v[i], (enum command)c, flag);
			}
			snprintf(flag, sizeof(flag), "--%s", v[i]->name);
			zsh_spec(b, v[i], (enum command)c, flag);
		}
		if (takes_paths((enum command)c)) {
			buf_adds(b, "\t\t\t'*:path:_files' ;;\n");
		} else {
			struct buf names = {0};
			rule_names(&names);
			buf_printf(b, "\t\t\t'*:rule:(%s)' ;;\n", buf_cstr(&names));
			buf_free(&names);
		}
	}
	buf_adds(b, "\t\tesac ;;\n\tesac\n}\n\n_ingress2higress \"$@\"\n");
}

/* fish ------------------------------------------------------------------- */

/* Append s as a single-quoted fish word. */
static void fish_quote(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

static void fish_script(struct buf *b)
{
	buf_adds(b, "# fish completion for ingress2higress\n"
		 "# written from the option table by 'ingress2higress --completions fish'; do not edit\n\n"
		 "complete -c ingress2higress -f\n"
		 "complete -c ingress2higress -n __fish_use_subcommand -l help -d 'show the help'\n"
		 "complete -c ingress2higress -n __fish_use_subcommand -l version"
		 " -d 'show the version and the rule table\\'s sources'\n"
		 "complete -c ingress2higress -n __fish_use_subcommand -l completions -x -a '");
	for (int i = 0; complete_shells[i]; i++)
		buf_printf(b, "%s%s", i ? " " : "", complete_shells[i]);
	buf_adds(b, "' -d 'write the completion script of a shell'\n");
	for (int c = CMD_CONVERT; c <= CMD_RULES; c++) {
		buf_printf(b, "complete -c ingress2higress -n __fish_use_subcommand -a %s -d ",
			   command_name((enum command)c));
		fish_quote(b, command_summary((enum command)c));
		buf_addc(b, '\n');
	}
	for (int c = CMD_CONVERT; c <= CMD_RULES; c++) {
		const struct opt_row *v[MAX_ROWS];
		size_t n = rows_of((enum command)c, v);
		const char *name = command_name((enum command)c);

		for (size_t i = 0; i < n; i++) {
			struct buf d = {0}, w = {0};
			buf_printf(b, "complete -c ingress2higress -n '__fish_seen_subcommand_from %s'", name);
			if (v[i]->val < 256)
				buf_printf(b, " -s %c", v[i]->val);
			buf_printf(b, " -l %s", v[i]->name);
			if (v[i]->has_arg != no_argument) {
				if (join_words(&w, v[i], (enum command)c))
					buf_printf(b, " -x -a '%s'", buf_cstr(&w));
				else if (opt_takes_file(v[i], (enum command)c))
					buf_adds(b, " -r -F");
				else
					buf_adds(b, " -x");
			}
			describe(&d, v[i], (enum command)c);
			if (d.len) {
				buf_adds(b, " -d ");
				fish_quote(b, buf_cstr(&d));
			}
			buf_addc(b, '\n');
			buf_free(&d);
			buf_free(&w);
		}
		if (takes_paths((enum command)c)) {
			buf_printf(b, "complete -c ingress2higress -n '__fish_seen_subcommand_from %s' -F\n", name);
		} else {
			struct buf names = {0};
			rule_names(&names);
			buf_printf(b, "complete -c ingress2higress -n '__fish_seen_subcommand_from %s' -a '%s'\n", name,
				   buf_cstr(&names));
			buf_free(&names);
		}
	}
}

int complete_write(const char *shell, FILE *out)
{
	struct buf b = {0};
	int rc = 0;

	if (strcmp(shell, "bash") == 0)
		bash_script(&b);
	else if (strcmp(shell, "zsh") == 0)
		zsh_script(&b);
	else if (strcmp(shell, "fish") == 0)
		fish_script(&b);
	else
		return -1;
	if (fwrite(buf_cstr(&b), 1, b.len, out) != b.len || fflush(out) != 0)
		rc = -2;
	buf_free(&b);
	return rc;
}
