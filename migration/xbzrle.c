/*
 * XBZRLE encoding and decoding.  The encoder compares eight bytes at a
 * time and only drops to bytes at the edges of runs.
 */
#include "qemu/osdep.h"
#include "xbzrle.h"

#define ULEB_MAX 0x3fff         /* what two ULEB128 bytes hold */

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* Whether some byte of @x is zero. */
static inline bool has_zero_byte(uint64_t x)
{
    return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* First i >= @i where the buffers differ, or @len. */
static int skip_equal(const uint8_t *a, const uint8_t *b, int i, int len)
{
    while (i + 8 <= len && load64(a + i) == load64(b + i)) {
        i += 8;
    }
    while (i < len && a[i] == b[i]) {
        i++;
    }
    return i;
}

/* First i >= @i where the buffers agree, or @len. */
static int skip_different(const uint8_t *a, const uint8_t *b, int i,
                          int len)
{
    while (i + 8 <= len && !has_zero_byte(load64(a + i) ^ load64(b + i))) {
        i += 8;
    }
    while (i < len && a[i] != b[i]) {
        i++;
    }
    return i;
}

static inline int uleb_len(uint32_t v)
{
    return v < 0x80 ? 1 : 2;
}

static inline int uleb_put(uint8_t *p, uint32_t v)
{
    if (v < 0x80) {
        p[0] = v;
        return 1;
    }
    p[0] = (v & 0x7f) | 0x80;
    p[1] = v >> 7;
    return 2;
}

/* Decode at most 2 bytes of ULEB128 from @p (@avail readable). */
static inline int uleb_get(const uint8_t *p, int avail, uint32_t *v)
{
    if (avail < 1) {
        return -1;
    }
    if (!(p[0] & 0x80)) {
        *v = p[0];
        return 1;
    }
    if (avail < 2 || (p[1] & 0x80)) {
        return -1;
    }
    *v = (p[0] & 0x7f) | ((uint32_t)p[1] << 7);
    return 2;
}

int xbzrle_encode_buffer(uint8_t *old_buf, uint8_t *new_buf, int slen,
                         uint8_t *dst, int dlen)
{
    int i = 0, d = 0;

    if (slen < 0 || slen > ULEB_MAX + 1) {
        return -1;
    }
    while (i < slen) {
        int zstart = i, nzstart, zrun, nzrun;

        i = skip_equal(old_buf, new_buf, i, slen);
        if (i == slen) {
            break;              /* unchanged tail: not encoded */
        }
        zrun = i - zstart;
        nzstart = i;
        i = skip_different(old_buf, new_buf, i, slen);
        nzrun = i - nzstart;
        if (zrun > ULEB_MAX || nzrun > ULEB_MAX ||
            d + uleb_len(zrun) + uleb_len(nzrun) + nzrun > dlen) {
            return -1;
        }
        d += uleb_put(dst + d, zrun);
        d += uleb_put(dst + d, nzrun);
        memcpy(dst + d, new_buf + nzstart, nzrun);
        d += nzrun;
    }
    return d;
}

int xbzrle_decode_buffer(uint8_t *src, int slen, uint8_t *dst, int dlen)
{
    int i = 0, d = 0;

    if (slen < 0 || dlen < 0) {
        return -1;
    }
    while (i < slen) {
        uint32_t count;
        int n;

        /* zero run: only the first may be empty */
        n = uleb_get(src + i, slen - i, &count);
        if (n < 0 || (i && !count)) {
            return -1;
        }
        i += n;
        if (count > (uint32_t)(dlen - d)) {
            return -1;
        }
        d += count;

        /* data run: never empty */
        n = uleb_get(src + i, slen - i, &count);
        if (n < 0 || !count) {
            return -1;
        }
        i += n;
        if (count > (uint32_t)(dlen - d) || count > (uint32_t)(slen - i)) {
            return -1;
        }
        memcpy(dst + d, src + i, count);
        d += count;
        i += count;
    }
    return d;
}
