/*
 * Multifd: RAM pages over several connections (see multifd.h).
 *
 * Source: the migration thread fills one packet's worth of page
 * offsets of one RAM block; a full packet (or a block change, or a
 * sync) hands it to a free sender thread.  One lock guards the hand
 * over; the threads write without it.  A sync queues a SYNC packet on
 * every channel after whatever it is sending and waits until all of
 * them are written.  With mapped-ram the channels are descriptors of
 * the migration file: the threads write the pages at their places, no
 * packets, and a sync only waits for them (multifd-mapped-ram.c reads
 * such a file back).
 *
 * Destination: each accepted connection is sorted by its first four
 * bytes in a thread of its own (a silent peer must not block the main
 * loop).  Once the main channel and every multifd channel are there,
 * the receiver threads and the load start.  A receiver that reads a
 * SYNC packet waits until the main thread reaches the matching
 * RAM_SAVE_FLAG_MULTIFD_FLUSH, so the main stream never runs ahead of
 * the pages.  A receiver's error shuts every channel down, the main
 * one too, so the load ends with that error.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-visit.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/uuid.h"
#include "io/channel-socket.h"
#include "system/runstate.h"
#include "migration.h"
#include "migration-stats.h"
#include "mapped-ram.h"
#include "multifd.h"
#include "multifd-zero-copy.h"
#include "options.h"
#include "qemu-file.h"
#include "ram.h"
#include "savevm.h"

static const MultiFDMethods *const multifd_methods[] = {
    [MULTIFD_COMPRESSION_NONE] = &multifd_nocomp_ops,
    [MULTIFD_COMPRESSION_ZLIB] = &multifd_zlib_ops,
    [MULTIFD_COMPRESSION_ZSTD] = &multifd_zstd_ops,
};

/* Offsets of the packet header fields */
enum {
    PKT_MAGIC = 0,
    PKT_VERSION = 4,
    PKT_FLAGS = 8,
    PKT_PAGES_ALLOC = 12,
    PKT_NORMAL = 16,
    PKT_NEXT_SIZE = 20,
    PKT_NUM = 24,
    PKT_ZERO = 32,
    PKT_RAMBLOCK = 64,
    PKT_OFFSETS = 64 + 256,
};

/* Offsets of the init packet fields */
enum {
    INIT_MAGIC = 0,
    INIT_VERSION = 4,
    INIT_UUID = 8,
    INIT_ID = 24,
};

/* The method a packet's flags name (for messages). */
static const char *compression_flag_name(uint32_t flag)
{
    switch (flag) {
    case MULTIFD_FLAG_NOCOMP:
        return "none";
    case MULTIFD_FLAG_ZLIB:
        return "zlib";
    case MULTIFD_FLAG_ZSTD:
        return "zstd";
    case MULTIFD_FLAG_QPL:
        return "qpl";
    case MULTIFD_FLAG_UADK:
        return "uadk";
    case MULTIFD_FLAG_QATZIP:
        return "qatzip";
    default:
        return "unknown";
    }
}

bool multifd_transport_check(const MigrationAddress *addr, Error **errp)
{
    bool ok = false;

    if (!migrate_multifd()) {
        return true;
    }
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        ok = addr->u.socket.type == SOCKET_ADDRESS_TYPE_INET ||
             addr->u.socket.type == SOCKET_ADDRESS_TYPE_UNIX ||
             addr->u.socket.type == SOCKET_ADDRESS_TYPE_VSOCK;
        break;
    case MIGRATION_ADDRESS_TYPE_FILE:
        /* mapped-ram writes the pages at their place in the file */
        ok = migrate_mapped_ram();
        break;
    default:
        break;
    }
    if (!ok) {
        error_setg(errp, "Migration requires multi-channel URIs (e.g. tcp)");
    }
    return ok;
}

/* ---- source ----------------------------------------------------------- */

typedef struct SendChannel {
    MultiFDSendChannel p;       /* what the method sees */
    QIOChannel *c;
    GThread *thread;
    GCond wake;
    uint8_t packet[MULTIFD_HEADER_SIZE];
    uint64_t packet_num;
    uint32_t num;               /* pages handed over, before sorting */
    bool job;                   /* p holds a packet to send */
    bool sync;                  /* send a SYNC packet after the job */
    bool setup_done;            /* the method's send_setup succeeded */
} SendChannel;

static struct {
    SocketAddress *addr;
    const MultiFDMethods *ops;
    SendChannel *ch;
    int n;
    bool active;
    bool zero_copy;             /* pages go with MSG_ZEROCOPY */
    bool mapped_ram;            /* the channels are the file's descriptors */
    ZeroPageDetection zero;
    QemuUUID uuid;

    GMutex lock;                /* guards what follows */
    GCond cond;                 /* a channel went idle, or failed */
    bool quit;
    Error *error;
    uint64_t packet_num;
    int next;                   /* round robin start */

    /* The packet the migration thread is filling (no lock needed) */
    bool flush_main;            /* a sync point is still in f's buffer */
    RAMBlock *block;
    uint64_t offset[MULTIFD_PACKET_PAGES];
    uint32_t num;
} S;

void multifd_send_set_address(const SocketAddress *saddr)
{
    qapi_free_SocketAddress(S.addr);
    S.addr = QAPI_CLONE(SocketAddress, saddr);
}

bool multifd_send_active(void)
{
    return S.active;
}

/* Shut every channel down; called with S.lock held. */
static void send_shutdown_locked(void)
{
    S.quit = true;
    for (int i = 0; i < S.n; i++) {
        if (S.ch[i].c) {
            qio_channel_shutdown(S.ch[i].c, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
        }
        g_cond_signal(&S.ch[i].wake);
    }
    g_cond_broadcast(&S.cond);
}

void multifd_send_shutdown(void)
{
    g_mutex_lock(&S.lock);
    if (S.ch) {
        send_shutdown_locked();
    }
    g_mutex_unlock(&S.lock);
}

/* A sender failed: keep the first error, stop everything. */
static void send_fail(Error *err)
{
    g_mutex_lock(&S.lock);
    if (!S.error && !S.quit) {
        S.error = err;
        err = NULL;
    }
    send_shutdown_locked();
    g_mutex_unlock(&S.lock);
    error_free(err);
}

/*
 * Put the multifd error on the main stream @f (migration thread), so
 * that the migration fails with it.  Called with S.lock held.
 */
static int send_error_to_file_locked(QEMUFile *f)
{
    Error *err = NULL;

    if (S.error) {
        err = error_copy(S.error);
    } else {
        error_setg(&err, "multifd: the channels were shut down");
    }
    qemu_file_set_error_obj(f, -EIO, err);
    return -1;
}

/* Move zero pages after the normal ones (sender thread). */
static void send_sort_zero_pages(SendChannel *ch)
{
    MultiFDSendChannel *p = &ch->p;
    uint64_t zero[MULTIFD_PACKET_PAGES];
    uint32_t normal = 0, nzero = 0;

    for (uint32_t i = 0; i < ch->num; i++) {
        uint64_t off = p->offset[i];

        if (S.zero == ZERO_PAGE_DETECTION_MULTIFD &&
            buffer_is_zero(p->block->host + off, MULTIFD_PAGE_SIZE)) {
            zero[nzero++] = off;
        } else {
            p->offset[normal++] = off;
        }
    }
    memcpy(&p->offset[normal], zero, nzero * sizeof(zero[0]));
    p->normal_num = normal;
    p->zero_num = nzero;
}

static void send_fill_header(SendChannel *ch, uint32_t flags)
{
    MultiFDSendChannel *p = &ch->p;
    uint8_t *h = ch->packet;
    uint32_t pages = p->normal_num + p->zero_num;

    memset(h, 0, MULTIFD_HEADER_SIZE);
    stl_be_p(h + PKT_MAGIC, MULTIFD_MAGIC);
    stl_be_p(h + PKT_VERSION, MULTIFD_VERSION);
    stl_be_p(h + PKT_FLAGS, flags | p->flags);
    stl_be_p(h + PKT_PAGES_ALLOC, MULTIFD_PACKET_PAGES);
    stl_be_p(h + PKT_NORMAL, p->normal_num);
    stl_be_p(h + PKT_NEXT_SIZE, p->next_packet_size);
    stq_be_p(h + PKT_NUM, ch->packet_num);
    stl_be_p(h + PKT_ZERO, p->zero_num);
    if (pages) {
        pstrcpy((char *)h + PKT_RAMBLOCK, 256, p->block->idstr);
    }
    for (uint32_t i = 0; i < pages; i++) {
        stq_be_p(h + PKT_OFFSETS + 8 * i, p->offset[i]);
    }
}

static void send_account(MultiFDSendChannel *p, size_t bytes)
{
    stat64_add(&mig_stats.multifd_bytes, bytes);
    stat64_add(&mig_stats.transferred, bytes);
    stat64_add(runstate_is_running() ? &mig_stats.precopy_bytes
                                     : &mig_stats.downtime_bytes, bytes);
    stat64_add(&mig_stats.normal_pages, p->normal_num);
    stat64_add(&mig_stats.zero_pages, p->zero_num);
}

/*
 * mapped-ram: write the normal pages at their places in the file, take
 * the zero ones out of it; no packet header, and a SYNC only means
 * that the channel is idle (sender thread, without the lock).
 */
static int send_packet_file(SendChannel *ch, uint32_t flags, Error **errp)
{
    MultiFDSendChannel *p = &ch->p;

    if (flags & MULTIFD_FLAG_SYNC) {
        return 0;
    }
    send_sort_zero_pages(ch);
    if (p->zero_num) {
        mapped_ram_clear_pages(p->block, &p->offset[p->normal_num],
                               p->zero_num);
    }
    if (p->normal_num &&
        mapped_ram_write_pages(ch->c, p->block, p->offset, p->normal_num,
                               errp) < 0) {
        return -1;
    }
    send_account(p, (size_t)p->normal_num * MULTIFD_PAGE_SIZE);
    return 0;
}

/* Compress and write one packet (sender thread, without the lock). */
static int send_packet(SendChannel *ch, uint32_t flags, Error **errp)
{
    MultiFDSendChannel *p = &ch->p;
    size_t bytes;

    if (S.mapped_ram) {
        return send_packet_file(ch, flags, errp);
    }
    if (flags & MULTIFD_FLAG_SYNC) {
        p->normal_num = p->zero_num = 0;
    } else {
        send_sort_zero_pages(ch);
    }
    p->iovs_num = 1;
    p->next_packet_size = 0;
    p->flags = S.ops->flag;
    if (p->normal_num && S.ops->send_prepare(p, errp) < 0) {
        return -1;
    }
    send_fill_header(ch, flags);
    p->iov[0].iov_base = ch->packet;
    p->iov[0].iov_len = MULTIFD_HEADER_SIZE;
    if (S.zero_copy) {
        if (multifd_zero_copy_send(ch->c, p->iov, p->iovs_num,
                                   flags & MULTIFD_FLAG_SYNC, errp) < 0) {
            return -1;
        }
    } else if (qio_channel_writev_all(ch->c, p->iov, p->iovs_num,
                                      errp) < 0) {
        return -1;
    }
    bytes = MULTIFD_HEADER_SIZE + p->next_packet_size;
    send_account(p, bytes);
    return 0;
}

static gpointer send_thread(gpointer opaque)
{
    SendChannel *ch = opaque;
    Error *err = NULL;

    g_mutex_lock(&S.lock);
    for (;;) {
        bool job;
        int ret;

        while (!ch->job && !ch->sync && !S.quit) {
            g_cond_wait(&ch->wake, &S.lock);
        }
        if (S.quit) {
            break;
        }
        job = ch->job;
        if (!job) {
            ch->packet_num = S.packet_num++;
        }
        g_mutex_unlock(&S.lock);
        ret = send_packet(ch, job ? 0 : MULTIFD_FLAG_SYNC, &err);
        g_mutex_lock(&S.lock);
        if (ret < 0) {
            g_mutex_unlock(&S.lock);
            error_prepend(&err, "multifd channel %d: ", ch->p.id);
            send_fail(err);
            return NULL;
        }
        if (job) {
            ch->job = false;
        } else {
            ch->sync = false;
        }
        g_cond_broadcast(&S.cond);
    }
    g_mutex_unlock(&S.lock);
    return NULL;
}

/* Hand the packet being filled to a free channel (migration thread). */
static int send_pages(QEMUFile *f)
{
    SendChannel *ch = NULL;

    /*
     * The receivers wait at a sync until the main thread on the other
     * side reads past it: it must not sit in our buffer while the
     * channels fill up behind it.
     */
    if (S.flush_main) {
        S.flush_main = false;
        if (qemu_fflush(f) < 0) {
            S.num = 0;
            return -1;
        }
    }
    g_mutex_lock(&S.lock);
    while (!ch) {
        if (S.error || S.quit) {
            int ret = send_error_to_file_locked(f);

            g_mutex_unlock(&S.lock);
            S.num = 0;          /* dropped: the migration failed */
            return ret;
        }
        for (int i = 0; i < S.n; i++) {
            SendChannel *c = &S.ch[(S.next + i) % S.n];

            if (!c->job && !c->sync) {
                ch = c;
                S.next = (S.next + i + 1) % S.n;
                break;
            }
        }
        if (!ch) {
            g_cond_wait(&S.cond, &S.lock);
        }
    }
    ch->p.block = S.block;
    memcpy(ch->p.offset, S.offset, S.num * sizeof(S.offset[0]));
    ch->num = S.num;
    ch->packet_num = S.packet_num++;
    ch->job = true;
    g_cond_signal(&ch->wake);
    g_mutex_unlock(&S.lock);
    S.num = 0;
    S.block = NULL;
    return 0;
}

int multifd_queue_page(QEMUFile *f, RAMBlock *block, uint64_t offset)
{
    if (S.num && S.block != block && send_pages(f) < 0) {
        return -1;
    }
    S.block = block;
    S.offset[S.num++] = offset;
    if (S.num == MULTIFD_PACKET_PAGES) {
        return send_pages(f);
    }
    return 0;
}

/* Flush the queue and a SYNC packet on every channel; wait for them. */
static int send_sync(QEMUFile *f)
{
    bool busy = true;
    int ret = 0;

    if (S.num && send_pages(f) < 0) {
        return -1;
    }
    g_mutex_lock(&S.lock);
    for (int i = 0; i < S.n; i++) {
        S.ch[i].sync = true;
        g_cond_signal(&S.ch[i].wake);
    }
    while (busy && !S.error && !S.quit) {
        busy = false;
        for (int i = 0; i < S.n; i++) {
            busy |= S.ch[i].job || S.ch[i].sync;
        }
        if (busy) {
            g_cond_wait(&S.cond, &S.lock);
        }
    }
    if (busy) {
        ret = send_error_to_file_locked(f);
    }
    g_mutex_unlock(&S.lock);
    return ret;
}

int multifd_ram_flush_and_sync(QEMUFile *f, MultiFDSyncPoint where)
{
    bool each_section = migrate_multifd_flush_after_each_section();

    if (!S.active) {
        return 0;
    }
    if (S.mapped_ram) {
        /*
         * Only the threads to wait for, at every point: the file has no
         * FLUSH (its layout does not depend on multifd), and a page a
         * thread still writes must not be found zero after the next
         * bitmap sync and taken out of the file before it lands.
         */
        return send_sync(f);
    }
    switch (where) {
    case MULTIFD_SYNC_PASS_END:
        if (each_section) {
            return 0;
        }
        break;
    case MULTIFD_SYNC_SECTION_END:
        if (!each_section) {
            return 0;
        }
        break;
    case MULTIFD_SYNC_COMPLETE:
        break;
    }
    if (send_sync(f) < 0) {
        return -1;
    }
    S.flush_main = true;
    if (!each_section) {
        qemu_put_be64(f, RAM_SAVE_FLAG_MULTIFD_FLUSH);
        stat64_add(&mig_stats.transferred, 8);
    }
    return 0;
}

static bool send_init_packet(SendChannel *ch, Error **errp)
{
    uint8_t msg[MULTIFD_INIT_SIZE] = { 0 };

    stl_be_p(msg + INIT_MAGIC, MULTIFD_MAGIC);
    stl_be_p(msg + INIT_VERSION, MULTIFD_VERSION);
    memcpy(msg + INIT_UUID, S.uuid.data, sizeof(S.uuid.data));
    msg[INIT_ID] = ch->p.id;
    if (qio_channel_write_all(ch->c, (const char *)msg, sizeof(msg),
                              errp) < 0) {
        return false;
    }
    stat64_add(&mig_stats.multifd_bytes, sizeof(msg));
    return true;
}

/* mapped-ram: open channel @i on the file and start its thread. */
static bool send_file_channel_start(SendChannel *ch, int i, Error **errp)
{
    QEMUFile *f = migrate_get_current()->to_dst_file;
    g_autofree char *tname = g_strdup_printf("mig/src/send_%d", i);

    ch->p.id = i;
    ch->c = mapped_ram_open_channel(qemu_file_get_ioc(f), O_WRONLY, errp);
    if (!ch->c) {
        return false;
    }
    ch->thread = g_thread_new(tname, send_thread, ch);
    return true;
}

/* Connect channel @i and start its thread. */
static bool send_channel_start(SendChannel *ch, int i, Error **errp)
{
    QIOChannelSocket *sioc = qio_channel_socket_new();
    g_autofree char *name = g_strdup_printf("multifd-send-%d", i);
    g_autofree char *tname = g_strdup_printf("mig/src/send_%d", i);

    ch->p.id = i;
    if (qio_channel_socket_connect_sync(sioc, S.addr, errp) < 0) {
        object_unref(OBJECT(sioc));
        return false;
    }
    qio_channel_set_name(QIO_CHANNEL(sioc), name);
    g_mutex_lock(&S.lock);
    ch->c = QIO_CHANNEL(sioc);
    if (S.quit) {
        /* cancelled while connecting */
        g_mutex_unlock(&S.lock);
        error_setg(errp, "cancelled while connecting");
        return false;
    }
    g_mutex_unlock(&S.lock);
    if (!send_init_packet(ch, errp)) {
        return false;
    }
    if (S.ops->send_setup(&ch->p, errp) < 0) {
        return false;
    }
    ch->setup_done = true;
    ch->thread = g_thread_new(tname, send_thread, ch);
    return true;
}

bool multifd_send_setup(Error **errp)
{
    int n = migrate_multifd_channels();
    SendChannel *ch;

    S.active = false;
    S.mapped_ram = migrate_mapped_ram();
    if (!migrate_multifd()) {
        return true;
    }
    if (!S.addr && !S.mapped_ram) {
        error_setg(errp, "Migration requires multi-channel URIs (e.g. tcp)");
        return false;
    }
    ch = g_new0(SendChannel, n);
    for (int i = 0; i < n; i++) {
        g_cond_init(&ch[i].wake);
    }
    g_mutex_lock(&S.lock);
    S.ch = ch;
    S.n = n;
    S.quit = false;
    S.packet_num = 0;
    S.next = 0;
    g_mutex_unlock(&S.lock);
    S.ops = multifd_methods[migrate_multifd_compression()];
    S.zero = migrate_zero_page_detection();
    S.zero_copy = migrate_zero_copy_send();
    S.num = 0;
    S.block = NULL;
    S.flush_main = false;
    for (size_t i = 0; i < sizeof(S.uuid.data); i += 4) {
        stl_be_p(S.uuid.data + i, g_random_int());
    }
    for (int i = 0; i < n; i++) {
        if (!(S.mapped_ram ? send_file_channel_start(&ch[i], i, errp)
                           : send_channel_start(&ch[i], i, errp))) {
            error_prepend(errp, "multifd channel %d: ", i);
            return false;
        }
    }
    S.active = true;
    return true;
}

void multifd_send_cleanup(void)
{
    if (!S.ch) {
        return;
    }
    /* Threads blocked in a write wake up too; sent data still goes. */
    g_mutex_lock(&S.lock);
    send_shutdown_locked();
    g_mutex_unlock(&S.lock);
    /* All of them first: a failing thread shuts the others down. */
    for (int i = 0; i < S.n; i++) {
        if (S.ch[i].thread) {
            g_thread_join(S.ch[i].thread);
        }
    }
    for (int i = 0; i < S.n; i++) {
        SendChannel *ch = &S.ch[i];

        if (ch->setup_done) {
            S.ops->send_cleanup(&ch->p);
        }
        if (ch->c) {
            object_unref(OBJECT(ch->c));
        }
        g_cond_clear(&ch->wake);
    }
    g_mutex_lock(&S.lock);
    g_free(S.ch);
    S.ch = NULL;
    S.n = 0;
    S.active = false;
    error_free(S.error);
    S.error = NULL;
    g_mutex_unlock(&S.lock);
}

/* ---- destination ------------------------------------------------------ */

typedef struct RecvChannel {
    MultiFDRecvChannel p;       /* what the method sees */
    GThread *thread;
    GCond wake;
    uint8_t packet[MULTIFD_HEADER_SIZE];
    uint8_t *scratch;           /* pages of read-only blocks land here */
    bool setup_done;
    bool synced;                /* read a SYNC, waits for the main thread */
    bool release;
    bool exited;                /* the thread ended (EOF or error) */
    bool eof;                   /* it ended because the source closed */
} RecvChannel;

/* A connection whose first bytes are being read */
typedef struct Peek {
    QIOChannel *ioc;
    GThread *thread;
    bool is_main;
    uint8_t init[MULTIFD_INIT_SIZE];
    Error *err;
} Peek;

static struct {
    const MultiFDMethods *ops;
    RecvChannel *ch;            /* indexed by channel id */
    int n;
    int arrived;
    QIOChannel *main_ioc;
    GSList *peeks;
    QemuUUID uuid;
    bool started;               /* threads and load started */
    bool failed;                /* failed before the load started */

    GMutex lock;                /* guards what follows */
    GCond cond;                 /* a channel synced or ended */
    bool quit;
    Error *error;
} R;

/*
 * Shut every channel down, and the main one too when @main (a failure
 * must wake the loader blocked on it; after the load the main channel
 * still carries the return path's last messages).  R.lock held.
 */
static void recv_shutdown_locked(bool main)
{
    R.quit = true;
    for (int i = 0; i < R.n; i++) {
        if (R.ch[i].p.c) {
            qio_channel_shutdown(R.ch[i].p.c, QIO_CHANNEL_SHUTDOWN_BOTH,
                                 NULL);
        }
        g_cond_signal(&R.ch[i].wake);
    }
    if (main && R.main_ioc) {
        qio_channel_shutdown(R.main_ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
    }
    g_cond_broadcast(&R.cond);
}

static void recv_fail(Error *err)
{
    g_mutex_lock(&R.lock);
    if (!R.error && !R.quit) {
        R.error = err;
        err = NULL;
    }
    recv_shutdown_locked(true);
    g_mutex_unlock(&R.lock);
    error_free(err);
}

/* Check a packet header and find where its pages go. */
static bool recv_parse_header(RecvChannel *ch, uint32_t *flags,
                              RAMBlock **blockp, uint64_t *offset,
                              uint32_t *zero_num, Error **errp)
{
    const uint8_t *h = ch->packet;
    uint32_t magic = ldl_be_p(h + PKT_MAGIC);
    uint32_t version = ldl_be_p(h + PKT_VERSION);
    uint32_t comp, normal, zero;
    RAMBlock *block = NULL;
    char name[256];

    if (magic != MULTIFD_MAGIC) {
        error_setg(errp, "packet has magic 0x%08" PRIx32 ", expected "
                   "0x%08x", magic, MULTIFD_MAGIC);
        return false;
    }
    if (version != MULTIFD_VERSION) {
        error_setg(errp, "packet has version %" PRIu32 ", expected %d",
                   version, MULTIFD_VERSION);
        return false;
    }
    *flags = ldl_be_p(h + PKT_FLAGS);
    if (*flags & ~(MULTIFD_FLAG_SYNC | MULTIFD_FLAG_COMPRESSION_MASK)) {
        error_setg(errp, "packet has unknown flags 0x%" PRIx32,
                   *flags & ~(MULTIFD_FLAG_SYNC |
                              MULTIFD_FLAG_COMPRESSION_MASK));
        return false;
    }
    comp = *flags & MULTIFD_FLAG_COMPRESSION_MASK;
    if (comp != R.ops->flag) {
        error_setg(errp, "packet is compressed with '%s' (flags 0x%" PRIx32
                   "), expected '%s': multifd-compression differs between "
                   "source and destination", compression_flag_name(comp),
                   *flags, compression_flag_name(R.ops->flag));
        return false;
    }
    normal = ldl_be_p(h + PKT_NORMAL);
    zero = ldl_be_p(h + PKT_ZERO);
    if (normal > MULTIFD_PACKET_PAGES || zero > MULTIFD_PACKET_PAGES ||
        normal + zero > MULTIFD_PACKET_PAGES) {
        error_setg(errp, "packet has %" PRIu32 " normal and %" PRIu32
                   " zero pages, more than the %d a packet holds", normal,
                   zero, MULTIFD_PACKET_PAGES);
        return false;
    }
    ch->p.normal_num = normal;
    ch->p.next_packet_size = ldl_be_p(h + PKT_NEXT_SIZE);
    *zero_num = zero;
    if (normal + zero) {
        memcpy(name, h + PKT_RAMBLOCK, sizeof(name));
        name[sizeof(name) - 1] = '\0';
        block = qemu_ram_block_by_name(name);
        if (!block) {
            error_setg(errp, "packet names unknown RAM block '%s'", name);
            return false;
        }
    }
    for (uint32_t i = 0; i < normal + zero; i++) {
        offset[i] = ldq_be_p(h + PKT_OFFSETS + 8 * i);
        if (offset[i] % MULTIFD_PAGE_SIZE ||
            offset[i] >= block->used_length ||
            block->used_length - offset[i] < MULTIFD_PAGE_SIZE) {
            error_setg(errp, "page offset 0x%" PRIx64 " is outside RAM "
                       "block '%s' of 0x%" PRIx64 " bytes (or not "
                       "page-aligned)", offset[i], block->idstr,
                       block->used_length);
            return false;
        }
    }
    *blockp = block;
    return true;
}

/* Pages of read-only blocks must already hold what the source has. */
static bool recv_check_readonly(RecvChannel *ch, RAMBlock *block,
                                const uint64_t *offset, uint32_t zero_num,
                                Error **errp)
{
    uint32_t normal = ch->p.normal_num;

    for (uint32_t i = 0; i < normal + zero_num; i++) {
        const uint8_t *host = block->host + offset[i];
        bool same = i < normal
            ? !memcmp(host, ch->p.dst[i], MULTIFD_PAGE_SIZE)
            : buffer_is_zero(host, MULTIFD_PAGE_SIZE);

        if (!same) {
            error_setg(errp, "page 0x%" PRIx64 " of read-only RAM block "
                       "'%s' differs from the source", offset[i],
                       block->idstr);
            return false;
        }
    }
    return true;
}

static bool recv_packet(RecvChannel *ch, uint32_t *flags, Error **errp)
{
    uint64_t offset[MULTIFD_PACKET_PAGES];
    RAMBlock *block = NULL;
    uint32_t zero_num, normal;

    if (!recv_parse_header(ch, flags, &block, offset, &zero_num, errp)) {
        return false;
    }
    normal = ch->p.normal_num;
    for (uint32_t i = 0; i < normal; i++) {
        ch->p.dst[i] = block->readonly
            ? ch->scratch + i * MULTIFD_PAGE_SIZE
            : block->host + offset[i];
    }
    if ((normal || ch->p.next_packet_size) &&
        R.ops->recv(&ch->p, errp) < 0) {
        return false;
    }
    if (block && block->readonly) {
        return recv_check_readonly(ch, block, offset, zero_num, errp);
    }
    for (uint32_t i = normal; i < normal + zero_num; i++) {
        uint8_t *host = block->host + offset[i];

        /* Untouched memory stays untouched (and unallocated). */
        if (!buffer_is_zero(host, MULTIFD_PAGE_SIZE)) {
            memset(host, 0, MULTIFD_PAGE_SIZE);
        }
    }
    return true;
}

static gpointer recv_thread(gpointer opaque)
{
    RecvChannel *ch = opaque;
    Error *err = NULL;

    for (;;) {
        uint32_t flags;
        int ret = qio_channel_read_all_eof(ch->p.c, (char *)ch->packet,
                                           MULTIFD_HEADER_SIZE, &err);

        if (ret == 0) {
            ch->eof = true; /* the source closed the channel */
            break;
        }
        if (ret < 0 || !recv_packet(ch, &flags, &err)) {
            error_prepend(&err, "multifd channel %d: ", ch->p.id);
            recv_fail(err);
            err = NULL;
            break;
        }
        if (flags & MULTIFD_FLAG_SYNC) {
            g_mutex_lock(&R.lock);
            ch->synced = true;
            g_cond_broadcast(&R.cond);
            while (!ch->release && !R.quit) {
                g_cond_wait(&ch->wake, &R.lock);
            }
            ch->release = false;
            g_mutex_unlock(&R.lock);
        }
    }
    g_mutex_lock(&R.lock);
    ch->exited = true;
    g_cond_broadcast(&R.cond);
    g_mutex_unlock(&R.lock);
    return NULL;
}

int multifd_ram_recv_sync(QEMUFile *f, bool eos)
{
    Error *err = NULL;
    bool all = false;

    if (eos && (!migrate_multifd_flush_after_each_section() || !R.started)) {
        return 0;
    }
    if (!R.started) {
        error_setg(&err, "RAM: the source sends pages over multifd "
                   "channels, but capability 'multifd' is off here");
        qemu_file_set_error_obj(f, -EINVAL, err);
        return -1;
    }
    g_mutex_lock(&R.lock);
    while (!all && !R.error && !err) {
        all = true;
        for (int i = 0; i < R.n && !err; i++) {
            if (R.ch[i].synced) {
                continue;
            }
            all = false;
            if (R.ch[i].exited) {
                error_setg(&err, "multifd channel %d: the source closed it "
                           "before synchronising", i);
            }
        }
        if (!all && !R.error && !err) {
            g_cond_wait(&R.cond, &R.lock);
        }
    }
    if (R.error || err) {
        if (!err) {
            err = error_copy(R.error);
        }
        g_mutex_unlock(&R.lock);
        qemu_file_set_error_obj(f, -EIO, err);
        return -1;
    }
    for (int i = 0; i < R.n; i++) {
        R.ch[i].synced = false;
        R.ch[i].release = true;
        g_cond_signal(&R.ch[i].wake);
    }
    g_mutex_unlock(&R.lock);
    return 0;
}

/* Free the channels (threads joined or never started). */
static void recv_free_channels(void)
{
    for (int i = 0; i < R.n; i++) {
        RecvChannel *ch = &R.ch[i];

        if (ch->setup_done) {
            R.ops->recv_cleanup(&ch->p);
        }
        if (ch->p.c) {
            object_unref(OBJECT(ch->p.c));
        }
        g_free(ch->scratch);
        g_cond_clear(&ch->wake);
    }
    g_free(R.ch);
    R.ch = NULL;
    R.n = 0;
    if (R.main_ioc) {
        object_unref(OBJECT(R.main_ioc));
        R.main_ioc = NULL;
    }
}

void multifd_recv_finish(Error **errp)
{
    if (!R.started) {
        return;
    }
    g_mutex_lock(&R.lock);
    recv_shutdown_locked(false);
    g_mutex_unlock(&R.lock);
    for (int i = 0; i < R.n; i++) {
        g_thread_join(R.ch[i].thread);
    }
    g_mutex_lock(&R.lock);
    if (R.error) {
        if (errp) {
            error_free(*errp);
            *errp = R.error;
        } else {
            error_free(R.error);
        }
        R.error = NULL;
    } else if (errp && *errp) {
        /* Closed early (normal after the last sync): say so on failure. */
        for (int i = 0; i < R.n; i++) {
            if (R.ch[i].eof) {
                error_prepend(errp, "multifd channel %d: the source closed "
                              "it; ", i);
                break;
            }
        }
    }
    g_mutex_unlock(&R.lock);
    recv_free_channels();
    R.started = false;
}

/* Connections still being sorted are not wanted: end their threads. */
static void recv_drop_peeks(void)
{
    for (GSList *l = R.peeks; l; l = l->next) {
        Peek *pk = l->data;

        qio_channel_shutdown(pk->ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
    }
}

/* Before the load started: give up on the whole migration. */
static void recv_fail_early(Error *err)
{
    R.failed = true;
    g_mutex_lock(&R.lock);
    recv_shutdown_locked(true);
    g_mutex_unlock(&R.lock);
    recv_drop_peeks();
    recv_free_channels();
    migration_incoming_fail(err);
}

/* An init packet: which channel this is, of which migration. */
static bool recv_register(Peek *pk, Error **errp)
{
    const uint8_t *m = pk->init;
    uint32_t magic = ldl_be_p(m + INIT_MAGIC);
    uint32_t version = ldl_be_p(m + INIT_VERSION);
    uint8_t id = m[INIT_ID];
    QemuUUID uuid;
    RecvChannel *ch;

    if (magic != MULTIFD_MAGIC) {
        error_setg(errp, "multifd: received init packet magic 0x%08" PRIx32
                   ", expected 0x%08x", magic, MULTIFD_MAGIC);
        return false;
    }
    if (version != MULTIFD_VERSION) {
        error_setg(errp, "multifd: received init packet version %" PRIu32
                   ", expected %d", version, MULTIFD_VERSION);
        return false;
    }
    if (id >= R.n) {
        error_setg(errp, "multifd: received channel id %u, but "
                   "multifd-channels is %d here (ids 0 to %d expected)",
                   id, R.n, R.n - 1);
        return false;
    }
    ch = &R.ch[id];
    if (ch->p.c) {
        error_setg(errp, "multifd: channel %u connected twice", id);
        return false;
    }
    memcpy(uuid.data, m + INIT_UUID, sizeof(uuid.data));
    if (R.arrived && !qemu_uuid_is_equal(&R.uuid, &uuid)) {
        g_autofree char *got = qemu_uuid_unparse_strdup(&uuid);
        g_autofree char *want = qemu_uuid_unparse_strdup(&R.uuid);

        error_setg(errp, "multifd: channel %u belongs to another migration "
                   "(uuid %s, expected %s)", id, got, want);
        return false;
    }
    R.uuid = uuid;
    ch->p.id = id;
    ch->scratch = g_malloc(MULTIFD_PACKET_SIZE);
    if (R.ops->recv_setup(&ch->p, errp) < 0) {
        return false;
    }
    ch->setup_done = true;
    ch->p.c = pk->ioc;
    pk->ioc = NULL;
    R.arrived++;
    return true;
}

/* All channels are there: start the receivers and the load. */
static void recv_start(void)
{
    QIOChannel *main_ioc = R.main_ioc;

    R.started = true;
    R.quit = false;
    recv_drop_peeks();          /* extra connections */
    for (int i = 0; i < R.n; i++) {
        g_autofree char *name = g_strdup_printf("mig/dst/recv_%d", i);

        R.ch[i].thread = g_thread_new(name, recv_thread, &R.ch[i]);
    }
    /* The main QEMUFile takes its own reference; keep ours to shut it. */
    object_ref(OBJECT(main_ioc));
    migration_incoming_process(main_ioc);
    object_unref(OBJECT(main_ioc));
}

/* Main loop: a connection was sorted (or failed to be). */
static void peek_bh(void *opaque)
{
    Peek *pk = opaque;
    Error *err = pk->err;

    g_thread_join(pk->thread);
    R.peeks = g_slist_remove(R.peeks, pk);
    pk->err = NULL;
    if (R.failed || R.started) {
        /* Too late: the migration failed or has all it needs. */
        error_free(err);
    } else if (err) {
        recv_fail_early(err);
    } else if (pk->is_main) {
        if (R.main_ioc) {
            error_setg(&err, "multifd: a second main migration channel "
                       "arrived");
            recv_fail_early(err);
        } else {
            R.main_ioc = pk->ioc;
            pk->ioc = NULL;
        }
    } else if (!recv_register(pk, &err)) {
        recv_fail_early(err);
    }
    if (!R.failed && !R.started && R.main_ioc && R.arrived == R.n) {
        recv_start();
    }
    if (pk->ioc) {
        object_unref(OBJECT(pk->ioc));
    }
    g_free(pk);
}

/* Thread: read enough of a new connection to know what it is. */
static gpointer peek_thread(gpointer opaque)
{
    Peek *pk = opaque;
    uint8_t first[4];
    struct iovec iov = { .iov_base = first, .iov_len = sizeof(first) };
    uint32_t magic;

    for (;;) {
        ssize_t len = qio_channel_readv_full(pk->ioc, &iov, 1, NULL, NULL,
                                             QIO_CHANNEL_READ_FLAG_MSG_PEEK,
                                             &pk->err);

        if (len < 0) {
            error_prepend(&pk->err, "reading a new migration channel: ");
            goto out;
        }
        if (len == 0) {
            error_setg(&pk->err, "a new migration channel closed before "
                       "saying what it is");
            goto out;
        }
        if (len == sizeof(first)) {
            break;
        }
        g_usleep(1000);
    }
    magic = ldl_be_p(first);
    if (magic == QEMU_VM_FILE_MAGIC) {
        pk->is_main = true;
    } else if (magic == MULTIFD_MAGIC) {
        if (qio_channel_read_all(pk->ioc, (char *)pk->init,
                                 sizeof(pk->init), &pk->err) < 0) {
            error_prepend(&pk->err, "reading a multifd init packet: ");
        }
    } else {
        error_setg(&pk->err, "a new migration channel starts with "
                   "0x%08" PRIx32 ", expected 0x%08x (\"QEVM\", the main "
                   "stream) or 0x%08x (a multifd channel)", magic,
                   QEMU_VM_FILE_MAGIC, MULTIFD_MAGIC);
    }
out:
    qemu_bh_schedule_oneshot(peek_bh, pk);
    return NULL;
}

void multifd_recv_new_channel(QIOChannel *ioc, Error **errp)
{
    Peek *pk;

    if (R.failed || R.started) {
        error_setg(errp, "multifd: a migration channel arrived after the "
                   "migration %s", R.failed ? "failed" : "started");
        return;
    }
    if (!R.ch) {
        R.n = migrate_multifd_channels();
        R.ch = g_new0(RecvChannel, R.n);
        for (int i = 0; i < R.n; i++) {
            g_cond_init(&R.ch[i].wake);
        }
        R.ops = multifd_methods[migrate_multifd_compression()];
        R.arrived = 0;
    }
    pk = g_new0(Peek, 1);
    pk->ioc = ioc;
    object_ref(OBJECT(ioc));
    R.peeks = g_slist_prepend(R.peeks, pk);
    pk->thread = g_thread_new("mig/dst/peek", peek_thread, pk);
}
