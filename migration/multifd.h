/*
 * Multifd: RAM pages over several connections at once (QEMU's
 * migration/multifd.h).
 *
 * The source's RAM pass queues dirty pages; full packets go to one of N
 * sender threads, each with its own connection, which detect zero
 * pages, compress and write them.  The destination's receiver threads
 * write the pages straight into the RAM blocks.  The main stream's
 * RAM_SAVE_FLAG_MULTIFD_FLUSH records tie the channels to it: every
 * page sent before one has landed before the destination reads on.
 * The format is in docs/devel/migration/stream.rst.
 */
#ifndef MIGRATION_MULTIFD_H
#define MIGRATION_MULTIFD_H

#include "qapi/qapi-types.h"
#include "io/channel.h"
#include "system/ramblock.h"

typedef struct QEMUFile QEMUFile;

#define MULTIFD_MAGIC   0x11223344U
#define MULTIFD_VERSION 1

/* Flags of a packet */
#define MULTIFD_FLAG_SYNC             (1 << 0)
#define MULTIFD_FLAG_COMPRESSION_MASK (0x1f << 1)
#define MULTIFD_FLAG_NOCOMP           (0 << 1)
#define MULTIFD_FLAG_ZLIB             (1 << 1)
#define MULTIFD_FLAG_ZSTD             (2 << 1)
/* QEMU's accelerator methods: not built here, named in messages */
#define MULTIFD_FLAG_QPL              (4 << 1)
#define MULTIFD_FLAG_UADK             (8 << 1)
#define MULTIFD_FLAG_QATZIP           (16 << 1)

#define MULTIFD_PAGE_SIZE    RAM_DIRTY_PAGE_SIZE
/* Pages per packet: 512 KiB of RAM */
#define MULTIFD_PACKET_PAGES 128
#define MULTIFD_PACKET_SIZE  (MULTIFD_PACKET_PAGES * MULTIFD_PAGE_SIZE)

/* Bytes of the init packet and of a packet header (fixed-size) */
#define MULTIFD_INIT_SIZE    64
#define MULTIFD_HEADER_SIZE  (64 + 256 + 8 * MULTIFD_PACKET_PAGES)

/* What a sender thread hands to its compression method */
typedef struct MultiFDSendChannel {
    uint8_t id;
    /* Pages of the packet being sent: normal first, zeros after */
    RAMBlock *block;
    uint64_t offset[MULTIFD_PACKET_PAGES];
    uint32_t normal_num;
    uint32_t zero_num;
    /* The method fills iov[1..] and sets these */
    struct iovec iov[MULTIFD_PACKET_PAGES + 1];
    uint32_t iovs_num;
    uint32_t next_packet_size;
    uint32_t flags;
    void *compress;             /* the method's state */
} MultiFDSendChannel;

/* What a receiver thread hands to its compression method */
typedef struct MultiFDRecvChannel {
    uint8_t id;
    QIOChannel *c;
    uint32_t normal_num;
    uint32_t next_packet_size;
    /* Where each normal page goes (guest RAM, or a scratch copy) */
    uint8_t *dst[MULTIFD_PACKET_PAGES];
    void *compress;
} MultiFDRecvChannel;

/* One compression method: a table per MultiFDCompression value. */
typedef struct MultiFDMethods {
    uint32_t flag;              /* MULTIFD_FLAG_NOCOMP/ZLIB/ZSTD */
    /* Per-channel state of the sender; 0 or -1 with @errp set */
    int (*send_setup)(MultiFDSendChannel *p, Error **errp);
    void (*send_cleanup)(MultiFDSendChannel *p);
    /* Put the data of the normal pages in p->iov[1..] */
    int (*send_prepare)(MultiFDSendChannel *p, Error **errp);
    int (*recv_setup)(MultiFDRecvChannel *p, Error **errp);
    void (*recv_cleanup)(MultiFDRecvChannel *p);
    /* Read the packet's data from p->c into p->dst[] */
    int (*recv)(MultiFDRecvChannel *p, Error **errp);
} MultiFDMethods;

extern const MultiFDMethods multifd_nocomp_ops;
extern const MultiFDMethods multifd_zlib_ops;
extern const MultiFDMethods multifd_zstd_ops;

/* ---- both sides ---- */

/**
 * multifd_transport_check: whether the transport of @addr can carry
 * the multifd channels (tcp, unix, vsock; file only with mapped-ram).
 * Always true when multifd is off.
 */
bool multifd_transport_check(const MigrationAddress *addr, Error **errp);

/* ---- source ---- */

/**
 * multifd_send_set_address: the socket address @saddr the main channel
 * connects to; the multifd channels connect there too.
 */
void multifd_send_set_address(const SocketAddress *saddr);

/**
 * multifd_send_setup: with multifd on, connect the channels, send their
 * init packets and start the sender threads.  Runs in the migration
 * thread, without the BQL.  False with @errp set on failure.
 */
bool multifd_send_setup(Error **errp);

/** multifd_send_active: whether RAM pages go through multifd now. */
bool multifd_send_active(void);

/**
 * multifd_queue_page: queue page @offset of @block (migration thread);
 * a full packet goes to the next free channel.  Returns 0, or -1 with
 * the error set on @f.
 */
int multifd_queue_page(QEMUFile *f, RAMBlock *block, uint64_t offset);

/* Where the RAM code may synchronise the channels with the main stream */
typedef enum MultiFDSyncPoint {
    MULTIFD_SYNC_PASS_END,      /* a pass over the dirty bitmap ended */
    MULTIFD_SYNC_SECTION_END,   /* before the EOS of a setup/part section */
    MULTIFD_SYNC_COMPLETE,      /* before the EOS of the last section */
} MultiFDSyncPoint;

/**
 * multifd_ram_flush_and_sync: at @where, if the flush mode wants a sync
 * there (multifd-flush-after-each-section: at section ends; otherwise
 * at pass ends), send what is queued and a SYNC packet on every
 * channel, wait until they are written, and (unless flushing after
 * each section) put RAM_SAVE_FLAG_MULTIFD_FLUSH on @f.  The last
 * section always syncs.  With mapped-ram every point syncs, and only
 * with the threads (nothing goes on @f).  Returns 0, or -1 with the
 * error set on @f.
 */
int multifd_ram_flush_and_sync(QEMUFile *f, MultiFDSyncPoint where);

/**
 * multifd_send_shutdown: cancel or failure: shut every channel down so
 * that the threads and the migration thread stop waiting.
 */
void multifd_send_shutdown(void);

/**
 * multifd_send_cleanup: stop the sender threads, join them and close
 * the channels (main loop, after the migration thread ended).
 */
void multifd_send_cleanup(void);

/* ---- destination ---- */

/**
 * multifd_recv_new_channel: the transport accepted @ioc while multifd
 * is on: tell the main channel from a multifd one by its first bytes
 * (in a thread of its own).  Once the main channel and every multifd
 * channel arrived, the receiver threads and the load start.
 */
void multifd_recv_new_channel(QIOChannel *ioc, Error **errp);

/**
 * multifd_ram_recv_sync: RAM_SAVE_FLAG_MULTIFD_FLUSH, or EOS when @eos
 * (which only syncs with multifd-flush-after-each-section), on the main
 * stream @f: wait until every channel has landed the pages sent before
 * it.  0, or -1 with @f's error set.
 */
int multifd_ram_recv_sync(QEMUFile *f, bool eos);

/**
 * multifd_recv_finish: the load ended (@errp set if it failed): stop
 * and join the receiver threads.  An error of a multifd channel says
 * more than the main stream's and replaces it.
 */
void multifd_recv_finish(Error **errp);

#endif
