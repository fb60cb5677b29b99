/*
 * Multifd without compression: the pages go as they are, straight from
 * guest RAM on the source and straight into it on the destination.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "multifd.h"

static int nocomp_send_setup(MultiFDSendChannel *p, Error **errp)
{
    return 0;
}

static void nocomp_send_cleanup(MultiFDSendChannel *p)
{
}

static int nocomp_send_prepare(MultiFDSendChannel *p, Error **errp)
{
    for (uint32_t i = 0; i < p->normal_num; i++) {
        p->iov[p->iovs_num].iov_base = p->block->host + p->offset[i];
        p->iov[p->iovs_num].iov_len = MULTIFD_PAGE_SIZE;
        p->iovs_num++;
    }
    p->next_packet_size = p->normal_num * MULTIFD_PAGE_SIZE;
    return 0;
}

static int nocomp_recv_setup(MultiFDRecvChannel *p, Error **errp)
{
    return 0;
}

static void nocomp_recv_cleanup(MultiFDRecvChannel *p)
{
}

static int nocomp_recv(MultiFDRecvChannel *p, Error **errp)
{
    struct iovec iov[MULTIFD_PACKET_PAGES];

    if (p->next_packet_size != p->normal_num * MULTIFD_PAGE_SIZE) {
        error_setg(errp, "packet announces %" PRIu32 " bytes of data for %"
                   PRIu32 " pages, expected %" PRIu32, p->next_packet_size,
                   p->normal_num,
                   (uint32_t)(p->normal_num * MULTIFD_PAGE_SIZE));
        return -1;
    }
    for (uint32_t i = 0; i < p->normal_num; i++) {
        iov[i].iov_base = p->dst[i];
        iov[i].iov_len = MULTIFD_PAGE_SIZE;
    }
    return qio_channel_readv_all(p->c, iov, p->normal_num, errp);
}

const MultiFDMethods multifd_nocomp_ops = {
    .flag = MULTIFD_FLAG_NOCOMP,
    .send_setup = nocomp_send_setup,
    .send_cleanup = nocomp_send_cleanup,
    .send_prepare = nocomp_send_prepare,
    .recv_setup = nocomp_recv_setup,
    .recv_cleanup = nocomp_recv_cleanup,
    .recv = nocomp_recv,
};
