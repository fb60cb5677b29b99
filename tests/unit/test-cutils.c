/*
 * Tests for the string helpers: number and size parsing, formatting.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/cutils.h"
#include "qemu/option.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)
#define PiB (1ULL << 50)
#define EiB (1ULL << 60)

typedef int (*StrtoszFn)(const char *, const char **, uint64_t *);

/*
 * Check @fn on @str with an end pointer (expect @ret, @val, @offset) and
 * without (expect @null_ret, @null_val).
 */
static void do_strtosz_full(const char *str, StrtoszFn fn, int ret,
                            uint64_t val, size_t offset, int null_ret,
                            uint64_t null_val)
{
    const char *end = "somewhere";
    uint64_t res = 0xbaadf00d;

    g_assert_cmpint(fn(str, &end, &res), ==, ret);
    g_assert_cmpuint(res, ==, val);
    if (str) {
        g_assert_true(end == str + offset);
    } else {
        g_assert_null(end);
    }
    res = 0xbaadf00d;
    g_assert_cmpint(fn(str, NULL, &res), ==, null_ret);
    g_assert_cmpuint(res, ==, null_val);
}

static void do_strtosz(const char *str, int ret, uint64_t val, size_t off)
{
    do_strtosz_full(str, qemu_strtosz, ret, val, off, ret, val);
}

static void test_strtosz_simple(void)
{
    do_strtosz("0", 0, 0, 1);
    do_strtosz("08", 0, 8, 2);          /* decimal, not octal */
    do_strtosz(" +12345", 0, 12345, 7);
    do_strtosz("9007199254740993", 0, 0x20000000000001ULL, 16);
    do_strtosz("18446744073709551615", 0, UINT64_MAX, 20);
    do_strtosz("0x0", 0, 0, 3);
    do_strtosz("0xab", 0, 171, 4);
    do_strtosz(" +0xae", 0, 174, 6);
}

static void test_strtosz_units(void)
{
    do_strtosz("1", 0, 1, 1);
    do_strtosz("1B", 0, 1, 2);
    do_strtosz("1b", 0, 1, 2);
    do_strtosz("1K", 0, KiB, 2);
    do_strtosz("1k", 0, KiB, 2);
    do_strtosz("1M", 0, MiB, 2);
    do_strtosz("1G", 0, GiB, 2);
    do_strtosz("2T", 0, 2 * TiB, 2);
    do_strtosz("1P", 0, PiB, 2);
    do_strtosz("1E", 0, EiB, 2);
    do_strtosz("512m", 0, 512 * MiB, 4);

    do_strtosz_full("1", qemu_strtosz_MiB, 0, MiB, 1, 0, MiB);
    do_strtosz_full("1B", qemu_strtosz_MiB, 0, 1, 2, 0, 1);
    do_strtosz_full("1K", qemu_strtosz_MiB, 0, KiB, 2, 0, KiB);
    do_strtosz_full("0x10", qemu_strtosz_MiB, 0, 16 * MiB, 4, 0, 16 * MiB);
    do_strtosz_full("1", qemu_strtosz_metric, 0, 1, 1, 0, 1);
    do_strtosz_full("1K", qemu_strtosz_metric, 0, 1000, 2, 0, 1000);
    do_strtosz_full("12345k", qemu_strtosz_metric, 0, 12345000, 6,
                    0, 12345000);
    do_strtosz_full("12.345M", qemu_strtosz_metric, 0, 12345000, 7,
                    0, 12345000);
}

static void test_strtosz_float(void)
{
    do_strtosz("0.5E", 0, EiB / 2, 4);
    do_strtosz("1.5G", 0, GiB + GiB / 2, 4);
    do_strtosz_full("0.5", qemu_strtosz_MiB, 0, MiB / 2, 3, 0, MiB / 2);
    do_strtosz("1.0B", 0, 1, 4);        /* a zero fraction is fine */
    do_strtosz("1.k", 0, 1024, 3);
    do_strtosz(" .5k", 0, 512, 4);
    /* rounded to the nearest byte */
    do_strtosz("12.345M", 0, (uint64_t)(12.345 * MiB + 0.5), 7);
    do_strtosz("1.9999k", 0, 2048, 7);
    do_strtosz("1.9999999999999999999999999999999999999999999999999999k",
               0, 2048, 55);
}

static void test_strtosz_invalid(void)
{
    do_strtosz(NULL, -EINVAL, 0, 0);
    do_strtosz("", -EINVAL, 0, 0);
    do_strtosz(" \t ", -EINVAL, 0, 0);
    do_strtosz(".", -EINVAL, 0, 0);
    do_strtosz(" .k", -EINVAL, 0, 0);
    do_strtosz("inf", -EINVAL, 0, 0);
    do_strtosz("NaN", -EINVAL, 0, 0);
    do_strtosz("k", -EINVAL, 0, 0);
    do_strtosz(" M", -EINVAL, 0, 0);
    /* fractions need a unit above bytes */
    do_strtosz("1.1B", -EINVAL, 0, 0);
    do_strtosz("1.1", -EINVAL, 0, 0);
    do_strtosz("1.00000000000000000001B", -EINVAL, 0, 0);
    /* no hex fractions or suffixes */
    do_strtosz("0x1.8k", -EINVAL, 0, 0);
    do_strtosz("0x18M", -EINVAL, 0, 0);
    do_strtosz("0x1p1", -EINVAL, 0, 0);
    do_strtosz("1.1.k", -EINVAL, 0, 0);
}

static void test_strtosz_trailing(void)
{
    do_strtosz_full("1k ", qemu_strtosz, 0, 1024, 2, -EINVAL, 0);
    do_strtosz_full("123xxx", qemu_strtosz, 0, 123, 3, -EINVAL, 0);
    do_strtosz_full("123xxx", qemu_strtosz_MiB, 0, 123 * MiB, 3,
                    -EINVAL, 0);
    do_strtosz_full("1.5.k", qemu_strtosz_MiB, 0, MiB + MiB / 2, 3,
                    -EINVAL, 0);
    do_strtosz_full("1kiB", qemu_strtosz, 0, 1024, 2, -EINVAL, 0);
    do_strtosz_full("0x", qemu_strtosz, 0, 0, 1, -EINVAL, 0);
    do_strtosz_full("00x1", qemu_strtosz, 0, 0, 2, -EINVAL, 0);
    do_strtosz_full("0b1000", qemu_strtosz, 0, 0, 2, -EINVAL, 0);
    do_strtosz_full("0.NaN", qemu_strtosz, 0, 0, 2, -EINVAL, 0);
    do_strtosz_full("123-45", qemu_strtosz, 0, 123, 3, -EINVAL, 0);
    do_strtosz_full("1.5e1k", qemu_strtosz, 0, EiB + EiB / 2, 4,
                    -EINVAL, 0);
}

static void test_strtosz_erange(void)
{
    do_strtosz(" -0", -ERANGE, 0, 3);
    do_strtosz("-1", -ERANGE, 0, 2);
    do_strtosz_full("-2M", qemu_strtosz, -ERANGE, 0, 2, -EINVAL, 0);
    do_strtosz(" -.0", -ERANGE, 0, 4);
    do_strtosz("18446744073709551616", -ERANGE, 0, 20);
    do_strtosz("20E", -ERANGE, 0, 3);
    do_strtosz("16E", -ERANGE, 0, 3);
    do_strtosz("15.9999999999999999999999999999999999999999999999999999E",
               -ERANGE, 0, 56);
    do_strtosz_full("100000Pjunk", qemu_strtosz, -ERANGE, 0, 7, -EINVAL, 0);
}

static void test_strtoi(void)
{
    const char *end;
    int res;

    g_assert_cmpint(qemu_strtoi(" -12", NULL, 0, &res), ==, 0);
    g_assert_cmpint(res, ==, -12);
    g_assert_cmpint(qemu_strtoi("0x1f", NULL, 0, &res), ==, 0);
    g_assert_cmpint(res, ==, 31);
    g_assert_cmpint(qemu_strtoi("010", NULL, 0, &res), ==, 0);
    g_assert_cmpint(res, ==, 8);
    g_assert_cmpint(qemu_strtoi("2147483648", NULL, 10, &res), ==, -ERANGE);
    g_assert_cmpint(res, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("-2147483649", NULL, 10, &res), ==,
                    -ERANGE);
    g_assert_cmpint(res, ==, INT_MIN);

    g_assert_cmpint(qemu_strtoi("12abc", &end, 10, &res), ==, 0);
    g_assert_cmpint(res, ==, 12);
    g_assert_cmpstr(end, ==, "abc");
    g_assert_cmpint(qemu_strtoi("12abc", NULL, 10, &res), ==, -EINVAL);

    res = 999;
    g_assert_cmpint(qemu_strtoi("abc", &end, 10, &res), ==, -EINVAL);
    g_assert_cmpint(res, ==, 0);
    g_assert_cmpstr(end, ==, "abc");
    g_assert_cmpint(qemu_strtoi("", NULL, 10, &res), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi(NULL, &end, 10, &res), ==, -EINVAL);
    g_assert_null(end);
}

static void test_strtoui(void)
{
    unsigned int res;

    g_assert_cmpint(qemu_strtoui("4294967295", NULL, 10, &res), ==, 0);
    g_assert_cmpuint(res, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("4294967296", NULL, 10, &res), ==,
                    -ERANGE);
    g_assert_cmpuint(res, ==, UINT_MAX);
    /* negative numbers wrap like strtoul() */
    g_assert_cmpint(qemu_strtoui("-1", NULL, 10, &res), ==, 0);
    g_assert_cmpuint(res, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("-4294967295", NULL, 10, &res), ==, 0);
    g_assert_cmpuint(res, ==, 1);
    g_assert_cmpint(qemu_strtoui("-4294967296", NULL, 10, &res), ==,
                    -ERANGE);
    g_assert_cmpuint(res, ==, UINT_MAX);
}

static void test_strtol_64(void)
{
    long l;
    unsigned long ul;
    int64_t i64;
    uint64_t u64;

    g_assert_cmpint(qemu_strtol("-9223372036854775808", NULL, 10, &l), ==,
                    0);
    g_assert_cmpint(l, ==, LONG_MIN);
    g_assert_cmpint(qemu_strtol("9223372036854775808", NULL, 10, &l), ==,
                    -ERANGE);
    g_assert_cmpint(l, ==, LONG_MAX);
    g_assert_cmpint(qemu_strtoul("-1", NULL, 10, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, ULONG_MAX);
    g_assert_cmpint(qemu_strtoul("18446744073709551616", NULL, 10, &ul), ==,
                    -ERANGE);
    g_assert_cmpuint(ul, ==, ULONG_MAX);
    g_assert_cmpint(qemu_strtoi64("-0x10", NULL, 16, &i64), ==, 0);
    g_assert_cmpint(i64, ==, -16);
    g_assert_cmpint(qemu_strtou64("0xffffffffffffffff", NULL, 0, &u64), ==,
                    0);
    g_assert_cmpuint(u64, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("-18446744073709551616", NULL, 0, &u64),
                    ==, -ERANGE);
    g_assert_cmpuint(u64, ==, UINT64_MAX);
}

static void test_strtod(void)
{
    const char *end;
    double d;

    g_assert_cmpint(qemu_strtod("1.5", NULL, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 1.5);
    g_assert_cmpint(qemu_strtod("-2e3x", &end, &d), ==, 0);
    g_assert_cmpfloat(d, ==, -2000);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpint(qemu_strtod("1. ", NULL, &d), ==, -EINVAL);
    g_assert_cmpfloat(d, ==, 1.0);
    g_assert_cmpint(qemu_strtod("inf", NULL, &d), ==, 0);
    g_assert_true(isinf(d));
    g_assert_cmpint(qemu_strtod("1e999", NULL, &d), ==, -ERANGE);
    g_assert_cmpint(qemu_strtod("x", &end, &d), ==, -EINVAL);
    g_assert_cmpfloat(d, ==, 0.0);

    d = 999;
    g_assert_cmpint(qemu_strtod_finite("inf", &end, &d), ==, -EINVAL);
    g_assert_cmpfloat(d, ==, 0.0);
    g_assert_cmpstr(end, ==, "inf");
    g_assert_cmpint(qemu_strtod_finite(" NaN", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod_finite(".5e", &end, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 0.5);
    g_assert_cmpstr(end, ==, "e");
    g_assert_cmpint(qemu_strtod_finite("1e-999junk", NULL, &d), ==,
                    -EINVAL);
    g_assert_cmpfloat(d, ==, 0.0);
}

static void test_parse_uint(void)
{
    const char *end;
    uint64_t v;

    g_assert_cmpint(parse_uint(" 123abc", &end, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 123);
    g_assert_cmpstr(end, ==, "abc");
    g_assert_cmpint(parse_uint("0x1f", &end, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 31);
    g_assert_cmpint(parse_uint("017", &end, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 15);
    g_assert_cmpint(parse_uint("-1", &end, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint("-0", &end, 0, &v), ==, -ERANGE);
    g_assert_cmpint(parse_uint("18446744073709551616", &end, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_cmpint(parse_uint("x", &end, 0, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint(NULL, &end, 0, &v), ==, -EINVAL);

    g_assert_cmpint(parse_uint_full("42", 10, &v), ==, 0);
    g_assert_cmpuint(v, ==, 42);
    g_assert_cmpint(parse_uint_full("42 ", 10, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint_full("", 10, &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint_full(NULL, 10, &v), ==, -EINVAL);
}

static void test_strings(void)
{
    const char *rest;
    char buf[6];

    g_assert_true(strstart("-incoming", "-inc", &rest));
    g_assert_cmpstr(rest, ==, "oming");
    g_assert_false(strstart("-inc", "-incoming", &rest));
    g_assert_true(strstart("abc", "", NULL));
    g_assert_true(stristart("HeLLo", "hello", &rest));
    g_assert_cmpstr(rest, ==, "");

    pstrcpy(buf, sizeof(buf), "truncated");
    g_assert_cmpstr(buf, ==, "trunc");
    pstrcpy(buf, sizeof(buf), "ab");
    pstrcat(buf, sizeof(buf), "cdefg");
    g_assert_cmpstr(buf, ==, "abcde");

    strpadcpy(buf, sizeof(buf), "ab", ' ');
    g_assert_cmpmem(buf, sizeof(buf), "ab    ", 6);

    g_assert_cmpint(qemu_parse_fd("3"), ==, 3);
    g_assert_cmpint(qemu_parse_fd("-1"), ==, -1);
    g_assert_cmpint(qemu_parse_fd("3x"), ==, -1);
    g_assert_cmpint(qemu_parse_fd(""), ==, -1);
}

static void test_buffer_is_zero(void)
{
    size_t len = 4096 + 3;
    unsigned char *buf = g_malloc0(len);
    size_t i;

    g_assert_true(buffer_is_zero(buf, 0));
    g_assert_true(buffer_is_zero(buf, len));
    for (i = 0; i < len; i += 97) {
        buf[i] = 1;
        g_assert_false(buffer_is_zero(buf, len));
        g_assert_true(i == 0 || buffer_is_zero(buf, i));
        buf[i] = 0;
    }
    buf[len - 1] = 0x80;
    g_assert_false(buffer_is_zero(buf, len));
    g_free(buf);
}

static void check_size_str(uint64_t val, const char *expected)
{
    char *s = size_to_str(val);

    g_assert_cmpstr(s, ==, expected);
    g_free(s);
}

static void test_size_to_str(void)
{
    char *s;

    check_size_str(0, "0 B");
    check_size_str(1, "1 B");
    check_size_str(999, "999 B");
    check_size_str(1016, "0.992 KiB");
    check_size_str(1024, "1 KiB");
    check_size_str(1536, "1.5 KiB");
    check_size_str(512 * MiB, "512 MiB");
    check_size_str(GiB, "1 GiB");
    check_size_str(UINT64_MAX, "16 EiB");

    s = freq_to_str(999);
    g_assert_cmpstr(s, ==, "999 Hz");
    g_free(s);
    s = freq_to_str(1000);
    g_assert_cmpstr(s, ==, "1 KHz");
    g_free(s);
    s = freq_to_str(1010);
    g_assert_cmpstr(s, ==, "1.01 KHz");
    g_free(s);
}

static void test_get_opt_value(void)
{
    char *value;
    const char *end;
    const char *s = "a,,b,c";

    end = get_opt_value(s, &value);
    g_assert_cmpstr(value, ==, "a,b");
    g_assert(end == s + 4);
    g_free(value);

    end = get_opt_value("x,,", &value);
    g_assert_cmpstr(value, ==, "x,");
    g_assert_cmpint(*end, ==, '\0');
    g_free(value);

    s = ",y";
    end = get_opt_value(s, &value);
    g_assert_cmpstr(value, ==, "");
    g_assert(end == s);
    g_free(value);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/strtosz/simple", test_strtosz_simple);
    g_test_add_func("/cutils/strtosz/units", test_strtosz_units);
    g_test_add_func("/cutils/strtosz/float", test_strtosz_float);
    g_test_add_func("/cutils/strtosz/invalid", test_strtosz_invalid);
    g_test_add_func("/cutils/strtosz/trailing", test_strtosz_trailing);
    g_test_add_func("/cutils/strtosz/erange", test_strtosz_erange);
    g_test_add_func("/cutils/strtoi", test_strtoi);
    g_test_add_func("/cutils/strtoui", test_strtoui);
    g_test_add_func("/cutils/strtol-64", test_strtol_64);
    g_test_add_func("/cutils/strtod", test_strtod);
    g_test_add_func("/cutils/parse-uint", test_parse_uint);
    g_test_add_func("/cutils/strings", test_strings);
    g_test_add_func("/cutils/buffer-is-zero", test_buffer_is_zero);
    g_test_add_func("/cutils/size-to-str", test_size_to_str);
    g_test_add_func("/cutils/get-opt-value", test_get_opt_value);
    return g_test_run();
}
