/*
 * UUID text form: parsing (both cases, every malformed shape refused)
 * and printing back.
 */
#include "qemu/osdep.h"
#include "qemu/uuid.h"

static void test_round_trip(void)
{
    QemuUUID u;
    char out[UUID_STR_LEN + 1];

    g_assert_true(qemu_uuid_parse("6BA7B810-9dad-11d1-80b4-00c04fd430c8",
                                  &u));
    g_assert_cmpint(u.data[0], ==, 0x6b);
    g_assert_cmpint(u.data[15], ==, 0xc8);
    qemu_uuid_unparse(&u, out);
    g_assert_cmpstr(out, ==, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}

static void test_malformed(void)
{
    static const char *const bad[] = {
        "", "6ba7b810", "6ba7b810-9dad-11d1-80b4-00c04fd430c",
        "6ba7b810-9dad-11d1-80b4-00c04fd430c80",
        "6ba7b8109dad11d180b400c04fd430c8xxxx",
        "6ba7b810-9dad-11d1-80b4_00c04fd430c8",
        "6ba7b81-09dad-11d1-80b4-00c04fd430c8",
        "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
        " ba7b810-9dad-11d1-80b4-00c04fd430c8",
    };
    QemuUUID u = { .data = { 1 } };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_false(qemu_uuid_parse(bad[i], &u));
    }
    g_assert_false(qemu_uuid_parse(NULL, &u));
    g_assert_cmpint(u.data[0], ==, 1);      /* left alone */
}

static void test_equal(void)
{
    QemuUUID a, b;

    g_assert_true(qemu_uuid_parse("00000000-0000-0000-0000-000000000001",
                                  &a));
    g_assert_true(qemu_uuid_parse("00000000-0000-0000-0000-000000000001",
                                  &b));
    g_assert_true(qemu_uuid_is_equal(&a, &b));
    b.data[15] = 2;
    g_assert_false(qemu_uuid_is_equal(&a, &b));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uuid/round-trip", test_round_trip);
    g_test_add_func("/uuid/malformed", test_malformed);
    g_test_add_func("/uuid/equal", test_equal);
    return g_test_run();
}
