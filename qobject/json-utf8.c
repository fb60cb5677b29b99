/*
 * Strict UTF-8 decoding shared by the JSON parser and writer.
 */
#include "qemu/osdep.h"
#include "json-parser-int.h"

/*
 * Decode the character at @s, looking at no more than @n bytes.  Return
 * its code point and store its length in *@consumed; or return -1 for an
 * invalid sequence (overlong form, surrogate, beyond U+10FFFF, truncated,
 * stray continuation byte, 0xFE/0xFF), with *@consumed covering the lead
 * byte and the continuation bytes that follow it.
 */
int json_utf8_decode(const char *s, size_t n, size_t *consumed)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    int len, cp, min, i;

    if (c < 0x80) {
        *consumed = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        /* continuation byte, overlong lead 0xC0/0xC1, or 0xF5..0xFF */
        len = (c >= 0xC0 && c <= 0xC1) ? 2 : 1;
        for (i = 1; i < len && (size_t)i < n && (u[i] & 0xC0) == 0x80; i++) {
            /* swallow the continuation bytes of the bad sequence */
        }
        *consumed = i;
        return -1;
    }
    for (i = 1; i < len; i++) {
        if ((size_t)i >= n || (u[i] & 0xC0) != 0x80) {
            *consumed = i;
            return -1;
        }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    *consumed = len;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
    }
    return cp;
}
