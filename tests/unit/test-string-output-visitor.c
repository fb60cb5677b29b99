/*
 * Tests of the string output visitor.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/string-output-visitor.h"
#include "qobject/qnull.h"
#include "test-qapi-visit.h"

/* Format with @human through a visit of @call (using Visitor *v) */
#define FORMAT(human, call)                                             \
    ({                                                                  \
        char *out_;                                                     \
        Visitor *v = string_output_visitor_new(human, &out_);           \
        g_assert(call);                                                 \
        visit_complete(v, &out_);                                       \
        visit_free(v);                                                  \
        out_;                                                           \
    })

#define CHECK(human, call, expect)                                      \
    do {                                                                \
        g_autofree char *s_ = FORMAT(human, call);                      \
        g_assert_cmpstr(s_, ==, expect);                                \
    } while (0)

static void test_scalars(void)
{
    int64_t i = 42, neg = -42;
    uint64_t u = UINT64_MAX, sz = 1024 * 1024;
    int16_t i16 = -7;
    bool b = true;
    char *s = (char *)"hello", *null_str = NULL;
    double d = 0.1, big = 1e300;
    QNull *null = qnull();
    Color c = COLOR_BLUE;

    CHECK(false, visit_type_int(v, NULL, &i, &error_abort), "42");
    CHECK(true, visit_type_int(v, NULL, &i, &error_abort), "42 (0x2a)");
    CHECK(false, visit_type_int(v, NULL, &neg, &error_abort), "-42");
    CHECK(true, visit_type_int(v, NULL, &neg, &error_abort), "-42 (-0x2a)");
    CHECK(false, visit_type_uint64(v, NULL, &u, &error_abort),
          "18446744073709551615");
    CHECK(false, visit_type_int16(v, NULL, &i16, &error_abort), "-7");
    CHECK(false, visit_type_size(v, NULL, &sz, &error_abort), "1048576");
    CHECK(true, visit_type_size(v, NULL, &sz, &error_abort),
          "1048576 (1 MiB)");
    CHECK(false, visit_type_bool(v, NULL, &b, &error_abort), "true");
    CHECK(false, visit_type_str(v, NULL, &s, &error_abort), "hello");
    CHECK(true, visit_type_str(v, NULL, &s, &error_abort), "\"hello\"");
    CHECK(false, visit_type_str(v, NULL, &null_str, &error_abort), "");
    CHECK(false, visit_type_number(v, NULL, &d, &error_abort), "0.1");
    CHECK(false, visit_type_number(v, NULL, &big, &error_abort), "1e+300");
    CHECK(false, visit_type_null(v, NULL, &null, &error_abort), "");
    CHECK(true, visit_type_null(v, NULL, &null, &error_abort), "<null>");
    CHECK(false, visit_type_Color(v, NULL, &c, &error_abort), "blue");
    qobject_unref(null);
}

static intList *make_int_list(const int64_t *vals, int n)
{
    intList *head = NULL, **tail = &head;
    int i;

    for (i = 0; i < n; i++) {
        QAPI_LIST_APPEND(tail, vals[i]);
    }
    return head;
}

static void test_int_lists(void)
{
    static const int64_t v1[] = { 1, 2, 3, 5, 7, 8 };
    static const int64_t v2[] = { 4, 3, -1, 0, 1 };
    intList *l1 = make_int_list(v1, ARRAY_SIZE(v1));
    intList *l2 = make_int_list(v2, ARRAY_SIZE(v2));
    intList *empty = NULL;

    CHECK(false, visit_type_intList(v, NULL, &l1, &error_abort),
          "1-3,5,7-8");
    CHECK(true, visit_type_intList(v, NULL, &l1, &error_abort),
          "1-3,5,7-8 (0x1-0x3,0x5,0x7-0x8)");
    CHECK(false, visit_type_intList(v, NULL, &l2, &error_abort),
          "4,3,-1-1");
    CHECK(false, visit_type_intList(v, NULL, &empty, &error_abort), "");
    qapi_free_intList(l1);
    qapi_free_intList(l2);
}

static void test_other_lists(void)
{
    strList *sl = NULL, **tail = &sl;
    ColorList cl2 = { NULL, COLOR_GREEN }, cl1 = { &cl2, COLOR_RED };
    ColorList *cl = &cl1;

    QAPI_LIST_APPEND(tail, g_strdup("a"));
    QAPI_LIST_APPEND(tail, g_strdup("b"));
    CHECK(false, visit_type_strList(v, NULL, &sl, &error_abort), "a,b");
    CHECK(true, visit_type_strList(v, NULL, &sl, &error_abort),
          "\"a\",\"b\"");
    CHECK(false, visit_type_ColorList(v, NULL, &cl, &error_abort),
          "red,green");
    qapi_free_strList(sl);
}

static void test_struct_unsupported(void)
{
    char *out;
    Visitor *v = string_output_visitor_new(false, &out);
    Point p = { 1, 2 };
    Point *pp = &p;
    Error *err = NULL;

    g_assert(!out);
    g_assert(!visit_type_Point(v, "p", &pp, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'p': structs cannot be formatted as a string");
    error_free(err);
    visit_free(v);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/string-output/scalars", test_scalars);
    g_test_add_func("/string-output/int-lists", test_int_lists);
    g_test_add_func("/string-output/lists", test_other_lists);
    g_test_add_func("/string-output/struct", test_struct_unsupported);
    return g_test_run();
}
