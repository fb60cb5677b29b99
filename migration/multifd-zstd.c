/*
 * Multifd with zstd: one zstd stream per channel for the whole
 * migration; each packet's pages are compressed in a row and the
 * packet ends with a flush, so the destination decompresses exactly
 * one packet's data at a time (QEMU's format).
 */
#include "qemu/osdep.h"
#include <zstd.h>
#include "qapi/error.h"
#include "options.h"
#include "multifd.h"

typedef struct ZstdState {
    ZSTD_CStream *cs;
    ZSTD_DStream *ds;
    uint8_t *buf;
    size_t buf_len;
    uint8_t *page;      /* the guest may write on: compress a copy */
} ZstdState;

static void zstd_state_free(ZstdState *z)
{
    if (z) {
        ZSTD_freeCStream(z->cs);
        ZSTD_freeDStream(z->ds);
        g_free(z->buf);
        g_free(z->page);
        g_free(z);
    }
}

static int zstd_send_setup(MultiFDSendChannel *p, Error **errp)
{
    ZstdState *z = g_new0(ZstdState, 1);
    int level = migrate_multifd_zstd_level();
    size_t ret;

    z->cs = ZSTD_createCStream();
    if (!z->cs) {
        error_setg(errp, "zstd: cannot create a compression stream");
        zstd_state_free(z);
        return -1;
    }
    ret = ZSTD_initCStream(z->cs, level);
    if (ZSTD_isError(ret)) {
        error_setg(errp, "zstd: cannot start compressing at level %d: %s",
                   level, ZSTD_getErrorName(ret));
        zstd_state_free(z);
        return -1;
    }
    z->buf_len = ZSTD_compressBound(MULTIFD_PACKET_SIZE);
    z->buf = g_malloc(z->buf_len);
    z->page = g_malloc(MULTIFD_PAGE_SIZE);
    p->compress = z;
    return 0;
}

static void zstd_send_cleanup(MultiFDSendChannel *p)
{
    zstd_state_free(p->compress);
    p->compress = NULL;
}

static int zstd_send_prepare(MultiFDSendChannel *p, Error **errp)
{
    ZstdState *z = p->compress;
    ZSTD_outBuffer out = { .dst = z->buf, .size = z->buf_len, .pos = 0 };

    for (uint32_t i = 0; i < p->normal_num; i++) {
        ZSTD_EndDirective mode = i == p->normal_num - 1 ? ZSTD_e_flush
                                                        : ZSTD_e_continue;
        ZSTD_inBuffer in = { .src = z->page, .size = MULTIFD_PAGE_SIZE };
        size_t ret;

        memcpy(z->page, p->block->host + p->offset[i], MULTIFD_PAGE_SIZE);
        do {
            ret = ZSTD_compressStream2(z->cs, &out, &in, mode);
        } while (!ZSTD_isError(ret) && out.pos < out.size &&
                 (in.pos < in.size || (mode == ZSTD_e_flush && ret)));
        if (ZSTD_isError(ret)) {
            error_setg(errp, "zstd: compressing page %" PRIu32 " of the "
                       "packet failed: %s", i, ZSTD_getErrorName(ret));
            return -1;
        }
        if (in.pos < in.size || (mode == ZSTD_e_flush && ret)) {
            error_setg(errp, "zstd: the packet does not fit %zu bytes",
                       z->buf_len);
            return -1;
        }
    }
    p->next_packet_size = out.pos;
    p->iov[p->iovs_num].iov_base = z->buf;
    p->iov[p->iovs_num].iov_len = out.pos;
    p->iovs_num++;
    p->flags = MULTIFD_FLAG_ZSTD;
    return 0;
}

static int zstd_recv_setup(MultiFDRecvChannel *p, Error **errp)
{
    ZstdState *z = g_new0(ZstdState, 1);
    size_t ret;

    z->ds = ZSTD_createDStream();
    if (!z->ds) {
        error_setg(errp, "zstd: cannot create a decompression stream");
        zstd_state_free(z);
        return -1;
    }
    ret = ZSTD_initDStream(z->ds);
    if (ZSTD_isError(ret)) {
        error_setg(errp, "zstd: cannot start decompressing: %s",
                   ZSTD_getErrorName(ret));
        zstd_state_free(z);
        return -1;
    }
    z->buf_len = ZSTD_compressBound(MULTIFD_PACKET_SIZE);
    z->buf = g_malloc(z->buf_len);
    p->compress = z;
    return 0;
}

static void zstd_recv_cleanup(MultiFDRecvChannel *p)
{
    zstd_state_free(p->compress);
    p->compress = NULL;
}

static int zstd_recv(MultiFDRecvChannel *p, Error **errp)
{
    ZstdState *z = p->compress;
    uint32_t len = p->next_packet_size;
    ZSTD_inBuffer in = { .src = z->buf, .size = len, .pos = 0 };
    uint8_t none;
    size_t ret = 0;

    if (!p->normal_num || !len || len > z->buf_len) {
        error_setg(errp, "packet announces %" PRIu32 " bytes of zstd data "
                   "for %" PRIu32 " pages, expected 1 to %zu bytes for at "
                   "least one page", len, p->normal_num, z->buf_len);
        return -1;
    }
    if (qio_channel_read_all(p->c, (char *)z->buf, len, errp) < 0) {
        return -1;
    }
    for (uint32_t i = 0; i < p->normal_num; i++) {
        ZSTD_outBuffer out = { .dst = p->dst[i], .size = MULTIFD_PAGE_SIZE };
        size_t in_pos, out_pos;

        do {
            in_pos = in.pos;
            out_pos = out.pos;
            ret = ZSTD_decompressStream(z->ds, &out, &in);
        } while (!ZSTD_isError(ret) && out.pos < out.size &&
                 (in.pos != in_pos || out.pos != out_pos));
        if (ZSTD_isError(ret) || out.pos < out.size) {
            error_setg(errp, "zstd: page %" PRIu32 " of the packet does not "
                       "decompress to a page: %s", i,
                       ZSTD_isError(ret) ? ZSTD_getErrorName(ret)
                                         : "data ends early");
            return -1;
        }
    }
    /* Block headers after the last byte of the last page */
    while (in.pos < in.size) {
        ZSTD_outBuffer out = { .dst = &none, .size = 0 };
        size_t in_pos = in.pos;

        ret = ZSTD_decompressStream(z->ds, &out, &in);
        if (ZSTD_isError(ret) || in.pos == in_pos) {
            break;
        }
    }
    if (ZSTD_isError(ret) || in.pos < in.size) {
        error_setg(errp, "zstd: %zu bytes of the packet's data are left "
                   "after its %" PRIu32 " pages%s%s", in.size - in.pos,
                   p->normal_num, ZSTD_isError(ret) ? ": " : "",
                   ZSTD_isError(ret) ? ZSTD_getErrorName(ret) : "");
        return -1;
    }
    return 0;
}

const MultiFDMethods multifd_zstd_ops = {
    .flag = MULTIFD_FLAG_ZSTD,
    .send_setup = zstd_send_setup,
    .send_cleanup = zstd_send_cleanup,
    .send_prepare = zstd_send_prepare,
    .recv_setup = zstd_recv_setup,
    .recv_cleanup = zstd_recv_cleanup,
    .recv = zstd_recv,
};
