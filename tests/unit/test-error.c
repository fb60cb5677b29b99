/*
 * Tests for Error objects and error reporting.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"

/* Collects what error_report() & co. print while a printer is pushed. */
static void collect(void *opaque, const char *text)
{
    g_string_append(opaque, text);
}

static void test_setg(void)
{
    Error *err = NULL;

    error_setg(&err, "bad value '%s' for %d", "x", 3);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 'x' for 3");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    g_assert_null(error_get_hint(err));
    error_free(err);

    /* NULL errp: the error is ignored */
    error_setg(NULL, "ignored");
    error_free(NULL);
}

static void test_set_class(void)
{
    Error *err = NULL;

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "foo");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'foo' not found");
    error_free(err);

    g_assert_cmpstr(ErrorClass_str(ERROR_CLASS_GENERIC_ERROR), ==,
                    "GenericError");
    g_assert_cmpstr(ErrorClass_str(ERROR_CLASS_COMMAND_NOT_FOUND), ==,
                    "CommandNotFound");
    g_assert_cmpstr(ErrorClass_str(ERROR_CLASS_DEVICE_NOT_ACTIVE), ==,
                    "DeviceNotActive");
    g_assert_cmpstr(ErrorClass_str(ERROR_CLASS_DEVICE_NOT_FOUND), ==,
                    "DeviceNotFound");
    g_assert_cmpstr(ErrorClass_str(ERROR_CLASS_KVM_MISSING), ==,
                    "KVMMissing");
}

static void test_setg_errno(void)
{
    Error *err = NULL;
    char *expected = g_strdup_printf("open 'f': %s", g_strerror(ENOENT));

    errno = 42;
    error_setg_errno(&err, ENOENT, "open '%s'", "f");
    g_assert_cmpint(errno, ==, 42);     /* errno is preserved */
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
    g_free(expected);

    err = NULL;
    error_setg_file_open(&err, EACCES, "/x");
    expected = g_strdup_printf("Could not open '/x': %s", g_strerror(EACCES));
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
    g_free(expected);
}

static void test_propagate(void)
{
    Error *err = NULL, *local = NULL, *second = NULL;

    error_propagate(&err, NULL);
    g_assert_null(err);

    error_setg(&local, "first");
    error_propagate(&err, local);
    g_assert_cmpstr(error_get_pretty(err), ==, "first");

    /* the first error wins; the second is freed */
    error_setg(&second, "second");
    error_propagate(&err, second);
    g_assert_cmpstr(error_get_pretty(err), ==, "first");

    /* propagating into NULL frees */
    local = NULL;
    error_setg(&local, "dropped");
    error_propagate(NULL, local);

    error_free_or_abort(&err);
    g_assert_null(err);
}

static void test_prepend(void)
{
    Error *err = NULL, *local = NULL;

    error_setg(&err, "world");
    error_prepend(&err, "hello %s ", "big");
    g_assert_cmpstr(error_get_pretty(err), ==, "hello big world");
    error_free(err);
    err = NULL;

    /* no error: nothing happens */
    error_prepend(&err, "x");
    error_prepend(NULL, "x");
    g_assert_null(err);

    error_setg(&local, "inner");
    error_propagate_prepend(&err, local, "outer: ");
    g_assert_cmpstr(error_get_pretty(err), ==, "outer: inner");
    error_free(err);
}

static void test_hint_copy(void)
{
    Error *err = NULL, *copy;

    error_setg(&err, "msg");
    error_append_hint(&err, "try %s\n", "this");
    error_append_hint(&err, "or that\n");
    g_assert_cmpstr(error_get_hint(err), ==, "try this\nor that\n");

    copy = error_copy(err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "msg");
    g_assert_cmpstr(error_get_hint(copy), ==, "try this\nor that\n");
    g_assert_cmpint(error_get_class(copy), ==, ERROR_CLASS_GENERIC_ERROR);
    error_free(err);
    error_free(copy);

    /* hints on special destinations are ignored, not fatal */
    error_append_hint(&error_fatal, "ignored\n");
    error_append_hint(NULL, "ignored\n");
}

static bool guarded(int fail, Error **errp)
{
    ERRP_GUARD();

    if (fail) {
        error_setg(errp, "failed %d", fail);
    }
    /* dereferencing errp is safe after ERRP_GUARD() */
    if (*errp) {
        error_append_hint(errp, "hint\n");
        return false;
    }
    return true;
}

static void test_errp_guard(void)
{
    Error *err = NULL;

    g_assert_true(guarded(0, NULL));
    g_assert_false(guarded(1, NULL));
    g_assert_false(guarded(2, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "failed 2");
    g_assert_cmpstr(error_get_hint(err), ==, "hint\n");
    error_free(err);
}

static void test_report_printer(void)
{
    GString *out = g_string_new(NULL);
    Error *err = NULL;

    error_printer_push(collect, out);
    g_assert_true(error_printer_active());

    /* no program name when printing to a monitor */
    error_report("plain %d", 1);
    g_assert_cmpstr(out->str, ==, "plain 1\n");
    g_string_truncate(out, 0);

    warn_report("careful");
    g_assert_cmpstr(out->str, ==, "warning: careful\n");
    g_string_truncate(out, 0);

    info_report("fyi");
    g_assert_cmpstr(out->str, ==, "info: fyi\n");
    g_string_truncate(out, 0);

    g_assert_cmpint(error_printf("%s-%d", "x", 5), ==, 3);
    g_assert_cmpstr(out->str, ==, "x-5");
    g_string_truncate(out, 0);

    error_setg(&err, "with hint");
    error_append_hint(&err, "the hint\n");
    error_report_err(err);
    g_assert_cmpstr(out->str, ==, "with hint\nthe hint\n");
    g_string_truncate(out, 0);

    err = NULL;
    error_setg(&err, "inner");
    error_reportf_err(err, "outer %d: ", 7);
    g_assert_cmpstr(out->str, ==, "outer 7: inner\n");
    g_string_truncate(out, 0);

    err = NULL;
    error_setg(&err, "soft");
    warn_report_err(err);
    g_assert_cmpstr(out->str, ==, "warning: soft\n");
    g_string_truncate(out, 0);

    /* &error_warn reports and carries on */
    error_setg(&error_warn, "via error_warn");
    g_assert_cmpstr(out->str, ==, "warning: via error_warn\n");
    g_string_truncate(out, 0);

    error_printer_pop();
    g_assert_false(error_printer_active());
    g_string_free(out, true);
}

static void test_report_nesting(void)
{
    GString *outer = g_string_new(NULL);
    GString *inner = g_string_new(NULL);

    error_printer_push(collect, outer);
    error_printer_push(collect, inner);
    error_report("to inner");
    error_printer_pop();
    error_report("to outer");
    error_printer_pop();
    g_assert_cmpstr(inner->str, ==, "to inner\n");
    g_assert_cmpstr(outer->str, ==, "to outer\n");
    g_string_free(outer, true);
    g_string_free(inner, true);
}

static void report_once(GString *out, int i)
{
    error_report_once("once %d", i);
    warn_report_once("warn once %d", i);
}

static void test_report_once(void)
{
    GString *out = g_string_new(NULL);
    int i;

    error_printer_push(collect, out);
    for (i = 0; i < 3; i++) {
        report_once(out, i);
    }
    error_printer_pop();
    g_assert_cmpstr(out->str, ==, "once 0\nwarning: warn once 0\n");
    g_string_free(out, true);
}

static void test_location(void)
{
    GString *out = g_string_new(NULL);
    char *argv[] = { "prog", "-incoming", "config:foo=1", NULL };
    Location loc, saved;

    error_printer_push(collect, out);

    loc_push_none(&loc);
    loc_set_cmdline(argv, 1, 2);
    error_report("bad");
    g_assert_cmpstr(out->str, ==, "-incoming config:foo=1: bad\n");
    g_string_truncate(out, 0);

    warn_report("meh");
    g_assert_cmpstr(out->str, ==, "-incoming config:foo=1: warning: meh\n");
    g_string_truncate(out, 0);

    loc_save(&saved);
    loc_set_file("vm.cfg", 12);
    error_report("in file");
    g_assert_cmpstr(out->str, ==, "vm.cfg:12: in file\n");
    g_string_truncate(out, 0);

    loc_set_file("vm.cfg", 0);
    error_report("no line");
    g_assert_cmpstr(out->str, ==, "vm.cfg: no line\n");
    g_string_truncate(out, 0);

    loc_restore(&saved);
    error_report("restored");
    g_assert_cmpstr(out->str, ==, "-incoming config:foo=1: restored\n");
    g_string_truncate(out, 0);

    loc_set_none();
    error_report("none");
    g_assert_cmpstr(out->str, ==, "none\n");
    g_string_truncate(out, 0);

    loc_pop(&loc);
    error_printer_pop();
    g_string_free(out, true);
}

static gpointer thread_check_printer(gpointer data)
{
    return GINT_TO_POINTER(error_printer_active());
}

static void test_printer_thread_local(void)
{
    GString *out = g_string_new(NULL);
    GThread *t;

    error_printer_push(collect, out);
    t = g_thread_new("check", thread_check_printer, NULL);
    g_assert_false(GPOINTER_TO_INT(g_thread_join(t)));
    error_printer_pop();
    g_string_free(out, true);
}

/* Output to stderr carries the program name: check in a subprocess. */
static void test_stderr_format(void)
{
    char *argv[] = { "-incoming", "config:foo=1", NULL };
    char *pattern;

    if (g_test_subprocess()) {
        Location loc;

        error_report("plain");
        loc_push_none(&loc);
        loc_set_cmdline(argv, 0, 2);
        warn_report("located");
        loc_pop(&loc);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    pattern = g_strdup_printf("%s: plain\n%s: -incoming config:foo=1: "
                              "warning: located\n",
                              g_get_prgname(), g_get_prgname());
    g_test_trap_assert_stderr(pattern);
    g_free(pattern);
}

static void test_error_fatal(void)
{
    if (g_test_subprocess()) {
        error_setg(&error_fatal, "fatal %s", "thing");
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*fatal thing*");
}

static void test_error_abort(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;

        error_setg(&err, "aborting");
        error_propagate(&error_abort, err);
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Unexpected error in test_error_abort()*"
                              "aborting*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/setg", test_setg);
    g_test_add_func("/error/set-class", test_set_class);
    g_test_add_func("/error/setg-errno", test_setg_errno);
    g_test_add_func("/error/propagate", test_propagate);
    g_test_add_func("/error/prepend", test_prepend);
    g_test_add_func("/error/hint-copy", test_hint_copy);
    g_test_add_func("/error/errp-guard", test_errp_guard);
    g_test_add_func("/error/report/printer", test_report_printer);
    g_test_add_func("/error/report/nesting", test_report_nesting);
    g_test_add_func("/error/report/once", test_report_once);
    g_test_add_func("/error/report/location", test_location);
    g_test_add_func("/error/report/thread-local", test_printer_thread_local);
    g_test_add_func("/error/report/stderr", test_stderr_format);
    g_test_add_func("/error/fatal", test_error_fatal);
    g_test_add_func("/error/abort", test_error_abort);
    return g_test_run();
}
