/*
 * Multifd with zlib: one deflate stream per channel for the whole
 * migration; each packet's pages are compressed in a row and the
 * packet ends with a sync flush, so the destination inflates exactly
 * one packet's data at a time (QEMU's format).
 */
#include "qemu/osdep.h"
#include <zlib.h>
#include "qapi/error.h"
#include "options.h"
#include "multifd.h"

/* Largest compressed packet accepted (pages that do not compress) */
#define ZLIB_BUF_LEN ((uint32_t)MULTIFD_PACKET_SIZE * 2)

typedef struct ZlibState {
    z_stream zs;
    uint8_t *buf;
    uint8_t *page;      /* the guest may write on: compress a copy */
} ZlibState;

static int zlib_send_setup(MultiFDSendChannel *p, Error **errp)
{
    ZlibState *z = g_new0(ZlibState, 1);
    int level = migrate_multifd_zlib_level();

    if (deflateInit(&z->zs, level) != Z_OK) {
        error_setg(errp, "zlib: deflateInit at level %d failed: %s", level,
                   z->zs.msg ? z->zs.msg : "unknown error");
        g_free(z);
        return -1;
    }
    z->buf = g_malloc(ZLIB_BUF_LEN);
    z->page = g_malloc(MULTIFD_PAGE_SIZE);
    p->compress = z;
    return 0;
}

static void zlib_send_cleanup(MultiFDSendChannel *p)
{
    ZlibState *z = p->compress;

    if (z) {
        deflateEnd(&z->zs);
        g_free(z->buf);
        g_free(z->page);
        g_free(z);
        p->compress = NULL;
    }
}

static int zlib_send_prepare(MultiFDSendChannel *p, Error **errp)
{
    ZlibState *z = p->compress;
    z_stream *zs = &z->zs;
    int ret = Z_OK;

    zs->next_out = z->buf;
    zs->avail_out = ZLIB_BUF_LEN;
    for (uint32_t i = 0; i < p->normal_num; i++) {
        int flush = i == p->normal_num - 1 ? Z_SYNC_FLUSH : Z_NO_FLUSH;

        memcpy(z->page, p->block->host + p->offset[i], MULTIFD_PAGE_SIZE);
        zs->next_in = z->page;
        zs->avail_in = MULTIFD_PAGE_SIZE;
        do {
            ret = deflate(zs, flush);
        } while (ret == Z_OK && zs->avail_in && zs->avail_out);
        if (ret != Z_OK || zs->avail_in) {
            error_setg(errp, "zlib: deflate of page %" PRIu32 " of the "
                       "packet failed (%d): %s", i, ret,
                       zs->msg ? zs->msg : "output buffer full");
            return -1;
        }
    }
    p->next_packet_size = ZLIB_BUF_LEN - zs->avail_out;
    p->iov[p->iovs_num].iov_base = z->buf;
    p->iov[p->iovs_num].iov_len = p->next_packet_size;
    p->iovs_num++;
    p->flags = MULTIFD_FLAG_ZLIB;
    return 0;
}

static int zlib_recv_setup(MultiFDRecvChannel *p, Error **errp)
{
    ZlibState *z = g_new0(ZlibState, 1);

    if (inflateInit(&z->zs) != Z_OK) {
        error_setg(errp, "zlib: inflateInit failed: %s",
                   z->zs.msg ? z->zs.msg : "unknown error");
        g_free(z);
        return -1;
    }
    z->buf = g_malloc(ZLIB_BUF_LEN);
    p->compress = z;
    return 0;
}

static void zlib_recv_cleanup(MultiFDRecvChannel *p)
{
    ZlibState *z = p->compress;

    if (z) {
        inflateEnd(&z->zs);
        g_free(z->buf);
        g_free(z);
        p->compress = NULL;
    }
}

static int zlib_recv(MultiFDRecvChannel *p, Error **errp)
{
    ZlibState *z = p->compress;
    z_stream *zs = &z->zs;
    uint32_t len = p->next_packet_size;
    int ret = Z_OK;

    if (!p->normal_num || !len || len > ZLIB_BUF_LEN) {
        error_setg(errp, "packet announces %" PRIu32 " bytes of zlib data "
                   "for %" PRIu32 " pages, expected 1 to %" PRIu32
                   " bytes for at least one page", len, p->normal_num,
                   ZLIB_BUF_LEN);
        return -1;
    }
    if (qio_channel_read_all(p->c, (char *)z->buf, len, errp) < 0) {
        return -1;
    }
    zs->next_in = z->buf;
    zs->avail_in = len;
    for (uint32_t i = 0; i < p->normal_num; i++) {
        bool last = i == p->normal_num - 1;

        zs->next_out = p->dst[i];
        zs->avail_out = MULTIFD_PAGE_SIZE;
        do {
            ret = inflate(zs, last ? Z_SYNC_FLUSH : Z_NO_FLUSH);
        } while (ret == Z_OK && zs->avail_in && zs->avail_out);
        /* The sync flush marker after the last page produces nothing. */
        while (last && ret == Z_OK && zs->avail_in) {
            ret = inflate(zs, Z_SYNC_FLUSH);
        }
        if ((ret != Z_OK && ret != Z_BUF_ERROR) || zs->avail_out) {
            error_setg(errp, "zlib: page %" PRIu32 " of the packet does "
                       "not decompress to a page (%d): %s", i, ret,
                       zs->msg ? zs->msg : "data ends early");
            return -1;
        }
    }
    if (zs->avail_in) {
        error_setg(errp, "zlib: %u bytes of the packet's data are left "
                   "after its %" PRIu32 " pages", zs->avail_in,
                   p->normal_num);
        return -1;
    }
    return 0;
}

const MultiFDMethods multifd_zlib_ops = {
    .flag = MULTIFD_FLAG_ZLIB,
    .send_setup = zlib_send_setup,
    .send_cleanup = zlib_send_cleanup,
    .send_prepare = zlib_send_prepare,
    .recv_setup = zlib_recv_setup,
    .recv_cleanup = zlib_recv_cleanup,
    .recv = zlib_recv,
};
