/* test_output.c - unit tests for output.h: the self-check before a file is
 * replaced, commit and abort, modes, hard links, file identities. Every
 * file is made in a temporary directory of the test's own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "output.h"
#include "util.h"

static char *dir;	/* the test's temporary directory */
static FILE *sink;	/* messages from the module */

static int setup(void **state)
{
	(void)state;
	dir = h_tmpdir("output");
	sink = h_tmpfile();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h_tmpdir_remove(dir);
	dir = NULL;
	fclose(sink);
	return 0;
}

/* Files in the directory besides the named ones (temporary leftovers). */
static int others(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".i2h-"))
			n++;
	closedir(d);
	return n;
}

static void test_verify_refuses_bad_text(void **state)
{
	char *target = xasprintf("%s/t.yaml", dir), *got;
	struct outfile o;

	(void)state;
	h_write_file(target, "kind: Original\n");
	assert_int_equal(outfile_open(&o, target, OUTFILE_VERIFY, sink), 0);
	fputs("kind: New\n\"unterminated\n", o.fp);
	assert_int_equal(outfile_commit(&o, sink), -1);
	assert_false(outfile_is_open(&o));
	got = h_read_file(target, NULL);
	assert_string_equal(got, "kind: Original\n");
	assert_int_equal(others(), 0);
	free(got);
	free(target);
}

static void test_verify_refuses_non_mapping(void **state)
{
	char *target = xasprintf("%s/s.yaml", dir), *got;
	struct outfile o;

	(void)state;
	h_write_file(target, "kind: Original\n");
	assert_int_equal(outfile_open(&o, target, OUTFILE_VERIFY, sink), 0);
	fputs("- a sequence\n", o.fp);
	assert_int_equal(outfile_prepare(&o, sink), -1);
	outfile_abort(&o);
	got = h_read_file(target, NULL);
	assert_string_equal(got, "kind: Original\n");
	assert_int_equal(others(), 0);
	free(got);
	free(target);
}

static void test_commit_keeps_mode(void **state)
{
	char *target = xasprintf("%s/m.yaml", dir), *got;
	struct outfile o;
	struct stat sb;

	(void)state;
	h_write_file(target, "kind: Original\n");
	assert_int_equal(chmod(target, 0604), 0);
	assert_int_equal(outfile_open(&o, target, OUTFILE_VERIFY, sink), 0);
	fputs("kind: New\n", o.fp);
	assert_int_equal(outfile_commit(&o, sink), 0);
	got = h_read_file(target, NULL);
	assert_string_equal(got, "kind: New\n");
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0604);
	assert_int_equal(others(), 0);
	free(got);
	free(target);
}

static void test_abort_leaves_target(void **state)
{
	char *target = xasprintf("%s/a.yaml", dir), *got;
	struct outfile o;

	(void)state;
	h_write_file(target, "kind: Original\n");
	assert_int_equal(outfile_open(&o, target, 0, sink), 0);
	fputs("kind: New\n", o.fp);
	outfile_abort(&o);
	outfile_abort(&o);	/* twice is harmless */
	got = h_read_file(target, NULL);
	assert_string_equal(got, "kind: Original\n");
	assert_int_equal(others(), 0);
	free(got);
	free(target);
}

static void test_hard_link_refused(void **state)
{
	char *target = xasprintf("%s/h1.yaml", dir), *other = xasprintf("%s/h2.yaml", dir), *got;
	struct outfile o;

	(void)state;
	h_write_file(target, "kind: Original\n");
	assert_int_equal(link(target, other), 0);
	assert_int_equal(outfile_open(&o, target, 0, sink), 0);
	fputs("kind: New\n", o.fp);
	assert_int_equal(outfile_commit(&o, sink), -1);
	got = h_read_file(other, NULL);
	assert_string_equal(got, "kind: Original\n");
	assert_int_equal(others(), 0);
	free(got);
	free(other);
	free(target);
}

static void test_regular_only(void **state)
{
	struct outfile o;

	(void)state;
	assert_int_equal(outfile_open(&o, "-", OUTFILE_REGULAR, sink), -1);
	assert_false(outfile_is_open(&o));
	assert_int_equal(outfile_open(&o, dir, 0, sink), -1);	/* a directory */
}

static void test_file_ids(void **state)
{
	char *a = xasprintf("%s/new.yaml", dir), *b = xasprintf("%s/./new.yaml", dir);
	char *c = xasprintf("%s/other.yaml", dir), *l = xasprintf("%s/link.yaml", dir);
	struct file_id ia, ib, ic, il;

	(void)state;
	assert_int_equal(symlink("new.yaml", l), 0);	/* dangling: names the new file */
	file_id_path(&ia, a);
	file_id_path(&ib, b);
	file_id_path(&ic, c);
	file_id_path(&il, l);
	assert_false(ia.exists);
	assert_true(file_id_same(&ia, &ib));
	assert_true(file_id_same(&ia, &il));
	assert_false(file_id_same(&ia, &ic));
	file_id_free(&ia);
	file_id_free(&ib);
	file_id_free(&il);
	h_write_file(a, "x: 1\n");
	file_id_path(&ia, a);
	file_id_path(&il, l);
	assert_true(ia.exists);
	assert_true(file_id_same(&ia, &il));
	assert_false(file_id_same(&ia, &ic));
	file_id_free(&ia);
	file_id_free(&ic);
	file_id_free(&il);
	free(a);
	free(b);
	free(c);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_refuses_bad_text),
		cmocka_unit_test(test_verify_refuses_non_mapping),
		cmocka_unit_test(test_commit_keeps_mode),
		cmocka_unit_test(test_abort_leaves_target),
		cmocka_unit_test(test_hard_link_refused),
		cmocka_unit_test(test_regular_only),
		cmocka_unit_test(test_file_ids),
	};

	return cmocka_run_group_tests_name("output", tests, setup, teardown);
}
