/*
 * Tests of the event senders generated from the test schema.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "test-qapi-emit-events.h"
#include "test-qapi-events.h"

static test_QAPIEvent last_event = TEST_QAPI_EVENT__MAX;
static QDict *last_dict;
static int emitted;

/* What the monitor would implement: here, keep the message */
void test_qapi_event_emit(test_QAPIEvent event, QDict *qdict)
{
    last_event = event;
    qobject_unref(last_dict);
    last_dict = qobject_ref(qdict);
    emitted++;
}

/* Check the last event is @name; return its "data" (or NULL) */
static QDict *check_event(test_QAPIEvent event, const char *name)
{
    QDict *ts;
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;

    g_assert_cmpint(last_event, ==, event);
    g_assert(last_dict);
    g_assert_cmpstr(qdict_get_str(last_dict, "event"), ==, name);
    ts = qdict_get_qdict(last_dict, "timestamp");
    g_assert(ts);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), <=, now);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), >=, now - 60);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), >=, 0);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), <, 1000000);
    return qdict_get_qdict(last_dict, "data");
}

static void test_no_data(void)
{
    qapi_event_send_test_event_a();
    g_assert(!check_event(TEST_QAPI_EVENT_TEST_EVENT_A, "TEST_EVENT_A"));
    g_assert_cmpint(qdict_size(last_dict), ==, 2);

    qapi_event_send_test_event_deprecated();
    check_event(TEST_QAPI_EVENT_TEST_EVENT_DEPRECATED,
                "TEST_EVENT_DEPRECATED");
}

static void test_data(void)
{
    intList *list = NULL;
    QDict *data;

    qapi_event_send_test_event_b(5, NULL, false, false, false, NULL);
    data = check_event(TEST_QAPI_EVENT_TEST_EVENT_B, "TEST_EVENT_B");
    g_assert(data);
    g_assert_cmpint(qdict_get_int(data, "n"), ==, 5);
    g_assert_cmpint(qdict_size(data), ==, 1);

    QAPI_LIST_PREPEND(list, 9);
    qapi_event_send_test_event_b(-1, "str", true, true, true, list);
    data = check_event(TEST_QAPI_EVENT_TEST_EVENT_B, "TEST_EVENT_B");
    g_assert_cmpint(qdict_get_int(data, "n"), ==, -1);
    g_assert_cmpstr(qdict_get_str(data, "s"), ==, "str");
    g_assert(qdict_get_bool(data, "flag"));
    g_assert_cmpint(qlist_size(qdict_get_qlist(data, "list")), ==, 1);
    qapi_free_intList(list);
}

static void test_struct_data(void)
{
    Point p = { .x = 1, .y = 2, .label = (char *)"p" };
    Figure f = { .kind = SHAPE_KIND_CIRCLE, .u.circle.radius = 3 };
    QDict *data;

    qapi_event_send_test_event_c(&p);
    data = check_event(TEST_QAPI_EVENT_TEST_EVENT_C, "TEST_EVENT_C");
    g_assert_cmpint(qdict_get_int(data, "x"), ==, 1);
    g_assert_cmpstr(qdict_get_str(data, "label"), ==, "p");

    qapi_event_send_test_event_d(3, 4, NULL);
    data = check_event(TEST_QAPI_EVENT_TEST_EVENT_D, "TEST_EVENT_D");
    g_assert_cmpint(qdict_get_int(data, "y"), ==, 4);
    g_assert(!qdict_haskey(data, "label"));

    qapi_event_send_test_event_e(&f);
    data = check_event(TEST_QAPI_EVENT_TEST_EVENT_E, "TEST_EVENT_E");
    g_assert_cmpstr(qdict_get_str(data, "kind"), ==, "circle");
    g_assert_cmpfloat(qdict_get_double(data, "radius"), ==, 3);
}

static void test_event_enum(void)
{
    /* the enum lists every event, also those compiled out */
    g_assert_cmpint(TEST_QAPI_EVENT__MAX, ==, 8);
    g_assert_cmpstr(test_QAPIEvent_str(TEST_QAPI_EVENT_TEST_EVENT_A), ==,
                    "TEST_EVENT_A");
    g_assert_cmpstr(test_QAPIEvent_str(TEST_QAPI_EVENT_TEST_EVENT_COND), ==,
                    "TEST_EVENT_COND");
    g_assert_cmpint(qapi_enum_parse(&test_QAPIEvent_lookup, "TEST_EVENT_B",
                                    -1, &error_abort), ==,
                    TEST_QAPI_EVENT_TEST_EVENT_B);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp-event/no-data", test_no_data);
    g_test_add_func("/qmp-event/data", test_data);
    g_test_add_func("/qmp-event/struct-data", test_struct_data);
    g_test_add_func("/qmp-event/enum", test_event_enum);
    ret = g_test_run();
    qobject_unref(last_dict);
    return ret;
}
