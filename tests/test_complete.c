/* test_complete.c - unit tests for tool_complete.h: every option of the
 * table, and the words its argument takes, appear in the completion
 * script of every shell; an unknown shell writes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "harness.h"
#include "tool_complete.h"
#include "tool_opts.h"

/* The script of shell, as a new string the caller frees. */
static char *script_of(const char *shell)
{
	struct h_capture c;

	h_capture_open(&c);
	assert_int_equal(complete_write(shell, c.fp), 0);
	return h_capture_close(&c);
}

/* Does script name the option as its shell spells it? */
static int has_option(const char *shell, const char *script, const char *name)
{
	char want[128];

	if (strcmp(shell, "fish") == 0)
		snprintf(want, sizeof(want), " -l %s", name);
	else
		snprintf(want, sizeof(want), "--%s", name);
	for (const char *p = strstr(script, want); p; p = strstr(p + 1, want)) {
		char after = p[strlen(want)];
		/* a whole name, not the prefix of a longer one */
		if (!(after >= 'a' && after <= 'z') && after != '-')
			return 1;
	}
	return 0;
}

static void test_every_option_in_every_shell(void **state)
{
	size_t nrows;
	const struct opt_row *t = tool_opt_table(&nrows);

	(void)state;
	assert_true(nrows > 10);
	for (const char *const *sh = complete_shells; *sh; sh++) {
		char *s = script_of(*sh);
		for (size_t i = 0; i < nrows; i++) {
			if (!has_option(*sh, s, t[i].name))
				fail_msg("%s completion lacks --%s", *sh, t[i].name);
		}
		free(s);
	}
}

static void test_argument_words_in_every_shell(void **state)
{
	size_t nrows;
	const struct opt_row *t = tool_opt_table(&nrows);
	size_t checked = 0;

	(void)state;
	for (const char *const *sh = complete_shells; *sh; sh++) {
		char *s = script_of(*sh);
		for (size_t i = 0; i < nrows; i++) {
			for (int c = CMD_CONVERT; c <= CMD_RULES; c++) {
				const char *w[32];
				size_t n;
				if (!(t[i].cmds & (1u << c)))
					continue;
				n = opt_value_words(&t[i], (enum command)c, w, 32);
				for (size_t j = 0; j < n; j++, checked++)
					if (strstr(s, w[j]) == NULL)
						fail_msg("%s completion lacks '%s' for --%s", *sh, w[j], t[i].name);
			}
		}
		free(s);
	}
	assert_true(checked > 0);
}

/* The words of the arguments that take a closed set of values. */
static void test_words(void **state)
{
	size_t nrows;
	const struct opt_row *t = tool_opt_table(&nrows);
	int seen = 0;

	(void)state;
	for (size_t i = 0; i < nrows; i++) {
		const char *w[32];
		size_t n;
		if (strcmp(t[i].name, "fail-on") == 0) {
			n = opt_value_words(&t[i], CMD_LINT, w, 32);
			assert_int_equal(n, 5);
			assert_string_equal(w[0], "critical");
			assert_string_equal(w[4], "never");
			assert_null(w[5]);
			seen |= 1;
		} else if (strcmp(t[i].name, "to") == 0) {
			n = opt_value_words(&t[i], CMD_CONVERT, w, 32);
			assert_int_equal(n, 2);
			assert_string_equal(w[0], "ingress");
			assert_string_equal(w[1], "gateway");
			seen |= 2;
		} else if (strcmp(t[i].name, "rules") == 0) {
			assert_int_equal(opt_value_words(&t[i], CMD_LINT, w, 32), 0);
			assert_true(opt_takes_file(&t[i], CMD_LINT));
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
}

/* Every report format has a name that reads back as itself, so the
 * completions list every format. */
static void test_report_format_names(void **state)
{
	(void)state;
	for (int f = 0; f < RF__COUNT; f++) {
		assert_non_null(report_format_name(f));
		assert_int_equal(report_format_from_name(report_format_name(f)), f);
	}
	assert_null(report_format_name(RF__COUNT));
	assert_null(report_format_name(-1));
}

static void test_rule_names_and_commands(void **state)
{
	(void)state;
	for (const char *const *sh = complete_shells; *sh; sh++) {
		char *s = script_of(*sh);
		assert_non_null(strstr(s, "auth-url"));
		assert_non_null(strstr(s, "proxy-next-upstream-tries"));
		for (const char *const *c = command_names; *c; c++)
			assert_non_null(strstr(s, *c));
		free(s);
	}
}

static void test_unknown_shell(void **state)
{
	struct h_capture c;

	(void)state;
	h_capture_open(&c);
	assert_int_equal(complete_write("tcsh", c.fp), -1);
	assert_string_equal(h_capture_text(&c), "");
	h_capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_option_in_every_shell),
		cmocka_unit_test(test_argument_words_in_every_shell),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_report_format_names),
		cmocka_unit_test(test_rule_names_and_commands),
		cmocka_unit_test(test_unknown_shell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
