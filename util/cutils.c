/*
 * String helpers (see include/qemu/cutils.h).
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/cutils.h"
#include "qemu/option.h"

/*
 * Common tail of the qemu_strto*() wrappers: @ep is where the C library
 * stopped, @libc_errno its errno.
 */
static int check_strtox_error(const char *nptr, const char *ep,
                              const char **endptr, int libc_errno)
{
    assert(ep >= nptr);

    /* no conversion at all */
    if (ep == nptr) {
        libc_errno = EINVAL;
    }
    if (endptr) {
        *endptr = ep;
    }
    /* Must consume the whole string when the caller wants no end */
    if (!endptr && *ep) {
        return -EINVAL;
    }
    return -libc_errno;
}

/* True if the first non-space character of @s is '-'. */
static bool has_minus(const char *s)
{
    while (g_ascii_isspace(*s)) {
        s++;
    }
    return *s == '-';
}

/* Shared argument check of the integer qemu_strto*() wrappers. */
static bool strtox_null_input(const char *nptr, const char **endptr, int base)
{
    assert((unsigned)base <= 36 && base != 1);
    if (!nptr && endptr) {
        *endptr = nptr;
    }
    return !nptr;
}

/*
 * Body of the signed qemu_strto*() wrappers: strtoll() clamped to
 * [@min, @max], with ERANGE when the value had to be clamped.
 */
static int strtox_signed(const char *nptr, const char **endptr, int base,
                         long long min, long long max, long long *result)
{
    char *ep;
    long long val;
    int ret;

    if (strtox_null_input(nptr, endptr, base)) {
        *result = 0;
        return -EINVAL;
    }
    errno = 0;
    val = strtoll(nptr, &ep, base);
    if (val < min) {
        val = min;
        errno = ERANGE;
    } else if (val > max) {
        val = max;
        errno = ERANGE;
    }
    ret = check_strtox_error(nptr, ep, endptr, errno);
    *result = ep == nptr ? 0 : val;
    return ret;
}

/*
 * Body of the unsigned qemu_strto*() wrappers: strtoull() limited to
 * @max.  Like strtoull(), a leading '-' negates the value (the caller's
 * narrowing keeps it modulo its width), but the magnitude must fit @max.
 */
static int strtox_unsigned(const char *nptr, const char **endptr, int base,
                           unsigned long long max, unsigned long long *result)
{
    char *ep;
    unsigned long long val;
    int ret;

    if (strtox_null_input(nptr, endptr, base)) {
        *result = 0;
        return -EINVAL;
    }
    errno = 0;
    val = strtoull(nptr, &ep, base);
    if (errno == ERANGE) {
        val = max;
    } else if (has_minus(nptr) ? -val > max : val > max) {
        val = max;
        errno = ERANGE;
    }
    ret = check_strtox_error(nptr, ep, endptr, errno);
    *result = ep == nptr ? 0 : val;
    return ret;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result)
{
    long long val;
    int ret = strtox_signed(nptr, endptr, base, INT_MIN, INT_MAX, &val);

    *result = val;
    return ret;
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    unsigned long long val;
    int ret = strtox_unsigned(nptr, endptr, base, UINT_MAX, &val);

    *result = val;
    return ret;
}

int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result)
{
    long long val;
    int ret = strtox_signed(nptr, endptr, base, LONG_MIN, LONG_MAX, &val);

    *result = val;
    return ret;
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    unsigned long long val;
    int ret = strtox_unsigned(nptr, endptr, base, ULONG_MAX, &val);

    *result = val;
    return ret;
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    long long val;
    int ret = strtox_signed(nptr, endptr, base, INT64_MIN, INT64_MAX, &val);

    QEMU_BUILD_BUG_ON(sizeof(int64_t) != sizeof(long long));
    *result = val;
    return ret;
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    unsigned long long val;
    int ret = strtox_unsigned(nptr, endptr, base, UINT64_MAX, &val);

    QEMU_BUILD_BUG_ON(sizeof(uint64_t) != sizeof(unsigned long long));
    *result = val;
    return ret;
}

int qemu_strtod(const char *nptr, const char **endptr, double *result)
{
    char *ep;
    int ret;

    if (!nptr) {
        *result = 0.0;
        if (endptr) {
            *endptr = nptr;
        }
        return -EINVAL;
    }
    errno = 0;
    /* locale independent: '.' is always the decimal point */
    *result = g_ascii_strtod(nptr, &ep);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ep == nptr) {
        *result = 0.0;
    }
    return ret;
}

int qemu_strtod_finite(const char *nptr, const char **endptr,
                       double *result)
{
    const char *tmp;
    int ret;

    ret = qemu_strtod(nptr, &tmp, result);
    if (!isfinite(*result)) {
        tmp = nptr;
        *result = 0.0;
        ret = -EINVAL;
    }
    if (endptr) {
        *endptr = tmp;
    } else if (ret == -ERANGE && *tmp) {
        /* trailing garbage takes priority over range errors */
        ret = -EINVAL;
        *result = 0.0;
    } else if (ret == 0 && *tmp) {
        ret = -EINVAL;
    }
    return ret;
}

/* Multiplier of size suffix @suffix, or -1 if it is not one. */
static int64_t suffix_mul(char suffix, int64_t unit)
{
    static const char suffixes[] = "BKMGTPE";
    const char *p;
    int64_t mul = 1;

    if (!suffix) {
        return -1;
    }
    p = strchr(suffixes, g_ascii_toupper(suffix));
    if (!p) {
        return -1;
    }
    for (; p > suffixes; p--) {
        mul *= unit;
    }
    return mul;
}

/*
 * Size parser behind qemu_strtosz() and friends: see the header for the
 * accepted syntax.  On -EINVAL *end is @nptr; on -ERANGE *end is past
 * what was parsed.  *result is 0 on any error.
 */
static int do_strtosz(const char *nptr, const char **end,
                      char default_suffix, int64_t unit, uint64_t *result)
{
    const char *p, *endptr = nptr;
    const char *frac_start = NULL;
    bool neg = false, hex = false, overflow = false, frac_nonzero = false;
    uint64_t val = 0, total = 0;
    size_t n_int = 0, n_frac = 0;
    int64_t mul;
    int ret = 0;

    if (!nptr) {
        ret = -EINVAL;
        goto out;
    }
    p = nptr;
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '+') {
        p++;
    } else if (*p == '-') {
        neg = true;
        p++;
    }

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        g_ascii_isxdigit(p[2])) {
        hex = true;
        for (p += 2; g_ascii_isxdigit(*p); p++) {
            if (val >> 60) {
                overflow = true;
            }
            val = (val << 4) | g_ascii_xdigit_value(*p);
        }
        /* no fractions or scaling suffixes on hexadecimal numbers */
        if (*p == '.' || suffix_mul(*p, unit) > 0) {
            ret = -EINVAL;
            goto out;
        }
    } else {
        for (; g_ascii_isdigit(*p); p++, n_int++) {
            unsigned d = *p - '0';

            if (val > (UINT64_MAX - d) / 10) {
                overflow = true;
            }
            val = val * 10 + d;
        }
        if (*p == '.') {
            frac_start = ++p;
            for (; g_ascii_isdigit(*p); p++, n_frac++) {
                if (*p != '0') {
                    frac_nonzero = true;
                }
            }
        }
        if (!n_int && !n_frac) {
            ret = -EINVAL;
            goto out;
        }
    }

    if (neg) {
        /* negative sizes, even -0, are out of range */
        endptr = p;
        ret = -ERANGE;
        goto out;
    }

    mul = hex ? -1 : suffix_mul(*p, unit);
    if (mul > 0) {
        p++;
    } else {
        mul = suffix_mul(default_suffix, unit);
        assert(mul > 0);
    }
    if (frac_nonzero && mul == 1) {
        /* fractions of a byte make no sense */
        ret = -EINVAL;
        goto out;
    }
    endptr = p;
    if (overflow || val > UINT64_MAX / mul) {
        ret = -ERANGE;
        goto out;
    }
    total = val * mul;

    if (frac_nonzero) {
        char *text = g_strndup(frac_start - 1, n_frac + 1);
        double fraction = g_ascii_strtod(text, NULL);
        uint64_t add;

        g_free(text);
        if (fraction >= 1.0) {
            /* digits like .99999... round up to a whole unit */
            add = mul;
        } else {
            /* scale in 64.64 fixed point, rounding to nearest */
            uint64_t valf = (uint64_t)ldexp(fraction, 64);
            unsigned __int128 prod = (unsigned __int128)valf * mul;

            add = (uint64_t)(prod >> 64) + (uint64_t)((prod >> 63) & 1);
        }
        if (total > UINT64_MAX - add) {
            ret = -ERANGE;
            goto out;
        }
        total += add;
    }

out:
    if (end) {
        *end = endptr;
    } else if (ret != -EINVAL && *endptr) {
        /* trailing garbage takes priority over range errors */
        ret = -EINVAL;
    }
    *result = ret ? 0 : total;
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1024, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'M', 1024, result);
}

int qemu_strtosz_metric(const char *nptr, const char **end,
                        uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1000, result);
}

int parse_uint(const char *s, const char **endptr, int base,
               uint64_t *value)
{
    const char *ep = s;
    const char *p;
    unsigned long long val = 0;
    int ret = 0;

    if (!s) {
        ret = -EINVAL;
        goto out;
    }
    errno = 0;
    val = strtoull(s, (char **)&ep, base);
    if (ep == s) {
        ret = -EINVAL;
        val = 0;
        goto out;
    }
    if (errno == ERANGE) {
        ret = -ERANGE;
        val = UINT64_MAX;
    }
    /* reject negative numbers, even "-0" */
    for (p = s; g_ascii_isspace(*p); p++) {
        /* skip */
    }
    if (*p == '-') {
        ret = -ERANGE;
        val = 0;
    }

out:
    if (endptr) {
        *endptr = ep;
    } else if (s && *ep) {
        ret = -EINVAL;
        val = 0;
    }
    *value = val;
    return ret;
}

int parse_uint_full(const char *s, int base, uint64_t *value)
{
    return parse_uint(s, NULL, base, value);
}

const char *get_opt_value(const char *p, char **value)
{
    GString *buf = g_string_new(NULL);

    for (;;) {
        const char *comma = qemu_strchrnul(p, ',');

        g_string_append_len(buf, p, comma - p);
        if (comma[0] != ',' || comma[1] != ',') {
            *value = g_string_free(buf, false);
            return comma;
        }
        g_string_append_c(buf, ',');
        p = comma + 2;
    }
}

/* Prefix test behind strstart() and stristart(). */
static int prefix_match(const char *str, const char *val, const char **ptr,
                        bool ignore_case)
{
    const char *p = str, *q = val;

    while (*q != '\0') {
        if (ignore_case ? g_ascii_toupper(*p) != g_ascii_toupper(*q)
                        : *p != *q) {
            return 0;
        }
        p++;
        q++;
    }
    if (ptr) {
        *ptr = p;
    }
    return 1;
}

int strstart(const char *str, const char *val, const char **ptr)
{
    return prefix_match(str, val, ptr, false);
}

int stristart(const char *str, const char *val, const char **ptr)
{
    return prefix_match(str, val, ptr, true);
}

void pstrcpy(char *buf, int buf_size, const char *str)
{
    size_t len;

    if (buf_size <= 0) {
        return;
    }
    len = strnlen(str, buf_size - 1);
    memcpy(buf, str, len);
    buf[len] = '\0';
}

char *pstrcat(char *buf, int buf_size, const char *s)
{
    int len = strnlen(buf, buf_size);

    if (len < buf_size) {
        pstrcpy(buf + len, buf_size - len, s);
    }
    return buf;
}

const char *qemu_strchrnul(const char *s, int c)
{
    return strchrnul(s, c);
}

void strpadcpy(char *buf, int buf_size, const char *str, char pad)
{
    int len = strnlen(str, buf_size);

    memcpy(buf, str, len);
    memset(buf + len, pad, buf_size - len);
}

char *qemu_strsep(char **input, const char *delimiter)
{
    return strsep(input, delimiter);
}

int qemu_pstrcmp0(const char **str1, const char **str2)
{
    return g_strcmp0(*str1, *str2);
}

bool buffer_is_zero(const void *buf, size_t len)
{
    const unsigned char *p = buf;

    if (!len) {
        return true;
    }
    /* if the first byte is zero and each byte equals the next, all are */
    return p[0] == 0 && !memcmp(p, p + 1, len - 1);
}

char *size_to_str(uint64_t val)
{
    static const char *const prefixes[] = {
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"
    };
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    double scaled = val;
    int i = 0;

    /* move to the next unit once the number would need 4 digits */
    while (i < 6 && scaled >= 1000.0) {
        scaled /= 1024.0;
        i++;
    }
    g_ascii_formatd(buf, sizeof(buf), "%.3g", scaled);
    return g_strdup_printf("%s %sB", buf, prefixes[i]);
}

char *freq_to_str(uint64_t freq_hz)
{
    static const char *const prefixes[] = {
        "", "K", "M", "G", "T", "P", "E"
    };
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    double freq = freq_hz;
    int i = 0;

    while (i < 6 && freq >= 1000.0) {
        freq /= 1000.0;
        i++;
    }
    g_ascii_formatd(buf, sizeof(buf), "%.3g", freq);
    return g_strdup_printf("%s %sHz", buf, prefixes[i]);
}

int qemu_parse_fd(const char *param)
{
    int fd;

    if (qemu_strtoi(param, NULL, 10, &fd) < 0 || fd < 0) {
        return -1;
    }
    return fd;
}
