/*
 * XBZRLE: a page as the difference to its previous copy, as runs of
 * unchanged bytes and runs of new bytes (QEMU's migration/xbzrle.h).
 *
 * Encoded form: pairs of (zero run length, data run length, data run
 * bytes), lengths as ULEB128 of at most 2 bytes.  Only the first zero
 * run may be empty; an unchanged tail is not encoded.
 */
#ifndef MIGRATION_XBZRLE_H
#define MIGRATION_XBZRLE_H

/**
 * xbzrle_encode_buffer: encode @new_buf against @old_buf (@slen bytes
 * each, at most 16 KiB) into @dst of @dlen bytes.  Returns the encoded
 * length, 0 if nothing changed, -1 if it does not fit in @dlen.
 */
int xbzrle_encode_buffer(uint8_t *old_buf, uint8_t *new_buf, int slen,
                         uint8_t *dst, int dlen);

/**
 * xbzrle_decode_buffer: apply the @slen encoded bytes at @src to @dst
 * (@dlen bytes, holding the previous copy).  Returns the number of
 * bytes of @dst covered, or -1 if @src is malformed or reaches beyond
 * @dlen.
 */
int xbzrle_decode_buffer(uint8_t *src, int slen, uint8_t *dst, int dlen);

#endif
