/*
 * String helpers: number parsing with strict error checking, sizes with
 * suffixes, small string utilities.
 *
 * The qemu_strto*() functions share these rules (as QEMU):
 * - Leading whitespace is skipped.
 * - If @endptr is NULL, the whole string must be consumed, otherwise
 *   -EINVAL.  If @endptr is non-NULL, it is set to the first unused
 *   character (to @nptr when nothing was parsed).
 * - Return 0 on success, -EINVAL if no number was found (or trailing
 *   garbage with NULL @endptr), -ERANGE on overflow (then *@result is the
 *   clamped value).  @nptr NULL is -EINVAL.
 * - Unsigned variants accept a leading '-', like strtoul(): the number is
 *   parsed, range-checked without the sign, then negated ("-1" is the
 *   type's maximum).
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);
/* Parse a double (strtod rules, so also "inf" and "nan"). */
int qemu_strtod(const char *nptr, const char **endptr, double *result);
/* Like qemu_strtod(), but inf and nan are -EINVAL (result unchanged). */
int qemu_strtod_finite(const char *nptr, const char **endptr,
                       double *result);

/*
 * Parse a size: a non-negative decimal number, optionally with a
 * fraction ("1.5"), or a hexadecimal integer ("0x1000"), followed by an
 * optional suffix B, K, M, G, T, P or E (case-insensitive, powers of
 * 1024).  A fraction needs a suffix other than B.  Without a suffix the
 * unit is bytes (qemu_strtosz), MiB (qemu_strtosz_MiB), or bytes with
 * powers of 1000 for the suffixes (qemu_strtosz_metric).
 * Returns 0, -EINVAL (bad syntax, negative, or trailing garbage with NULL
 * @end) or -ERANGE (does not fit uint64_t).  On error *@result is 0 and
 * *@end is @nptr.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_metric(const char *nptr, const char **end,
                        uint64_t *result);

/*
 * Parse an unsigned integer: no leading '-' (that is -ERANGE like QEMU:
 * "-0" too), whitespace allowed before.  With @endptr NULL trailing
 * characters are -EINVAL.  On error *@value is 0 (or UINT64_MAX on
 * overflow).
 */
int parse_uint(const char *s, const char **endptr, int base,
               uint64_t *value);
/* Like parse_uint() but the whole string must be the number. */
int parse_uint_full(const char *s, int base, uint64_t *value);

/*
 * If @str starts with @val, store the rest of @str in *@ptr (if @ptr is
 * non-NULL) and return 1; else return 0.
 */
int strstart(const char *str, const char *val, const char **ptr);
/* Case-insensitive (ASCII) strstart(). */
int stristart(const char *str, const char *val, const char **ptr);

/*
 * Copy @str into @buf of @buf_size bytes, truncating if needed; the
 * result is always NUL-terminated (if @buf_size > 0).
 */
void pstrcpy(char *buf, int buf_size, const char *str);
/* Append @s to the string in @buf, truncating; returns @buf. */
char *pstrcat(char *buf, int buf_size, const char *s);

/* Like strchrnul(). */
const char *qemu_strchrnul(const char *s, int c);

/*
 * Copy @str into @buf of @buf_size bytes, padding with @pad; no NUL
 * terminator is added (fixed-width fields).
 */
void strpadcpy(char *buf, int buf_size, const char *str, char pad);

/* Like strsep(). */
char *qemu_strsep(char **input, const char *delimiter);

/* strcmp() that sorts NULL before everything; arguments are char **. */
int qemu_pstrcmp0(const char **str1, const char **str2);

/* True if the @len bytes at @buf are all zero (true for @len 0). */
bool buffer_is_zero(const void *buf, size_t len);

/*
 * Human-readable size with binary prefixes, 3 significant digits:
 * 0 -> "0 B", 1536 -> "1.5 KiB", 1073741824 -> "1 GiB".  g_free() it.
 */
char *size_to_str(uint64_t val);
/* Frequency with SI prefixes, e.g. 1500000 -> "1.5 MHz".  g_free() it. */
char *freq_to_str(uint64_t freq_hz);

/*
 * Parse a file descriptor number: a non-negative int with nothing after
 * it.  Returns the fd or -1.
 */
int qemu_parse_fd(const char *param);

/* True if @s is NULL or "". */
static inline bool qemu_str_empty(const char *s)
{
    return !s || !*s;
}

#endif
