/*
 * The return path: the destination's messages to the source, on the
 * migration channel in the other direction.
 *
 * Source: a thread reads message after message until SHUT, and hands
 * page requests to postcopy.  Whatever goes wrong (a bad message, the
 * destination's failure, a lost connection) is kept as the return
 * path's error, and the channel is shut down so that the migration
 * thread stops writing at once; it reports that error.
 *
 * Destination: any thread may send (incoming thread: PONG, SHUT;
 * fault thread: page requests); a mutex keeps messages whole.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "system/ramblock.h"
#include "io/channel.h"
#include "migration.h"
#include "options.h"
#include "qemu-file.h"
#include "savevm.h"
#include "postcopy-ram.h"
#include "ram.h"
#include "return-path.h"

/* After a RECV_BITMAP message, its bitmap ends with this (QEMU's). */
#define RAMBLOCK_RECV_BITMAP_ENDING 0x0123456789abcdefULL
/* The value of RESUME_ACK */
#define MIGRATION_RESUME_ACK_VALUE 1

/* Largest message: REQ_PAGES_ID with a 255-byte block id. */
#define RP_MAX_LEN (8 + 4 + 1 + 255)

static const struct {
    const char *name;
    int len;                    /* -1: variable */
} rp_msgs[MIG_RP_MSG_MAX] = {
    [MIG_RP_MSG_INVALID] = { "INVALID", -1 },
    [MIG_RP_MSG_SHUT] = { "SHUT", 4 },
    [MIG_RP_MSG_PONG] = { "PONG", 4 },
    [MIG_RP_MSG_REQ_PAGES_ID] = { "REQ_PAGES_ID", -1 },
    [MIG_RP_MSG_REQ_PAGES] = { "REQ_PAGES", 12 },
    [MIG_RP_MSG_RECV_BITMAP] = { "RECV_BITMAP", -1 },
    [MIG_RP_MSG_RESUME_ACK] = { "RESUME_ACK", 4 },
    [MIG_RP_MSG_SWITCHOVER_ACK] = { "SWITCHOVER_ACK", 0 },
};

static struct {
    QEMUFile *from_dst;
    GThread *thread;
    GMutex lock;
    Error *error;               /* under @lock */
    bool shut;                  /* SHUT 0 received */
    bool dest_failed;           /* SHUT with an error received */
    bool ended;                 /* the thread is done (under @lock) */
    /* Recovery: bitmaps reloaded, RESUME_ACK seen (under @lock) */
    GCond cond;
    unsigned bitmaps;
    bool resume_ack;
    bool switchover_acked;      /* SWITCHOVER_ACK seen (under @lock) */
} rp_src;

static struct {
    GMutex lock;
    QEMUFile *to_src;
    RAMBlock *last_rb;          /* of the last page request */
} rp_dst;

bool migration_rp_transport_check(const MigrationAddress *addr,
                                  Error **errp)
{
    const char *cap;

    if (migrate_postcopy_ram()) {
        cap = "postcopy-ram";
    } else if (migrate_return_path()) {
        cap = "return-path";
    } else {
        return true;
    }
    if (addr->transport == MIGRATION_ADDRESS_TYPE_EXEC ||
        addr->transport == MIGRATION_ADDRESS_TYPE_FILE) {
        error_setg(errp, "Capability '%s' needs a return path from the "
                   "destination, which the '%s' transport does not have; "
                   "expected a socket (tcp, unix, fd)", cap,
                   MigrationAddressType_str(addr->transport));
        return false;
    }
    return true;
}

/* ---- source ------------------------------------------------------------ */

static void rp_src_fail(Error *err)
{
    g_mutex_lock(&rp_src.lock);
    if (!rp_src.error) {
        rp_src.error = err;
        err = NULL;
    }
    g_cond_broadcast(&rp_src.cond);
    g_mutex_unlock(&rp_src.lock);
    error_free(err);
}

/*
 * RECV_BITMAP: the destination's received pages of block @id follow
 * the message: be64 size, the bitmap (little-endian longs), be64
 * RAMBLOCK_RECV_BITMAP_ENDING.  Whatever it lacks goes again.
 */
static bool rp_src_recv_bitmap(QEMUFile *f, const char *id, Error **errp)
{
    RAMBlock *rb = qemu_ram_block_by_name(id);
    g_autofree uint8_t *map = NULL;
    uint64_t size, pages, ending;

    if (!rb) {
        error_setg(errp, "RECV_BITMAP for unknown RAM block '%s'", id);
        return false;
    }
    pages = DIV_ROUND_UP(rb->used_length, RAM_DIRTY_PAGE_SIZE);
    size = qemu_get_be64(f);
    if (size != ROUND_UP(DIV_ROUND_UP(pages, 8), 8)) {
        error_setg(errp, "RECV_BITMAP of RAM block '%s' has %" PRIu64
                   " bytes, expected %" PRIu64, id, size,
                   ROUND_UP(DIV_ROUND_UP(pages, 8), 8));
        return false;
    }
    map = g_malloc(size);
    if (qemu_get_buffer(f, map, size) != size) {
        error_setg(errp, "RECV_BITMAP of RAM block '%s' cut short", id);
        return false;
    }
    ending = qemu_get_be64(f);
    if (qemu_file_get_error(f) || ending != RAMBLOCK_RECV_BITMAP_ENDING) {
        error_setg(errp, "RECV_BITMAP of RAM block '%s' ends with 0x%"
                   PRIx64 ", expected 0x%llx", id, ending,
                   (unsigned long long)RAMBLOCK_RECV_BITMAP_ENDING);
        return false;
    }
    ram_postcopy_reload_bitmap(rb, map, pages);
    g_mutex_lock(&rp_src.lock);
    rp_src.bitmaps++;
    g_cond_broadcast(&rp_src.cond);
    g_mutex_unlock(&rp_src.lock);
    return true;
}

/* One message; false when the thread must end (SHUT or an error). */
static bool rp_src_handle(QEMUFile *f, uint16_t type, uint16_t len,
                          const uint8_t *buf)
{
    Error *err = NULL;
    uint32_t val;
    char id[256];

    switch (type) {
    case MIG_RP_MSG_SHUT:
        val = ldl_be_p(buf);
        if (val) {
            error_setg(&err, "Sibling indicated error %" PRIu32 ": the "
                       "destination could not load the migration stream",
                       val);
            qatomic_set(&rp_src.dest_failed, true);
            rp_src_fail(err);
        } else {
            qatomic_set(&rp_src.shut, true);
        }
        return false;
    case MIG_RP_MSG_PONG:
        return true;
    case MIG_RP_MSG_REQ_PAGES_ID:
        if (len < 13 || len != 13 + buf[12]) {
            error_setg(&err, "Received 'REQ_PAGES_ID' message (0x%04x) "
                       "with length %u; expected 13 plus the block id's "
                       "length", type, len);
            rp_src_fail(err);
            return false;
        }
        memcpy(id, buf + 13, buf[12]);
        id[buf[12]] = '\0';
        /* fall through */
    case MIG_RP_MSG_REQ_PAGES:
        if (postcopy_source_queue_request(type == MIG_RP_MSG_REQ_PAGES_ID ?
                                          id : NULL, ldq_be_p(buf),
                                          ldl_be_p(buf + 8), &err) < 0) {
            rp_src_fail(err);
            return false;
        }
        return true;
    case MIG_RP_MSG_RECV_BITMAP:
        if (!len || len != 1 + buf[0] || !postcopy_source_recovering()) {
            error_setg(&err, "Received 'RECV_BITMAP' message (0x%04x) with "
                       "length %u%s", type, len,
                       postcopy_source_recovering() ?
                       "; expected 1 plus the block id's length" :
                       " outside of a postcopy recovery");
            rp_src_fail(err);
            return false;
        }
        memcpy(id, buf + 1, buf[0]);
        id[buf[0]] = '\0';
        if (!rp_src_recv_bitmap(f, id, &err)) {
            rp_src_fail(err);
            return false;
        }
        return true;
    case MIG_RP_MSG_RESUME_ACK:
        val = ldl_be_p(buf);
        if (val != MIGRATION_RESUME_ACK_VALUE ||
            !postcopy_source_recovering()) {
            error_setg(&err, "Received 'RESUME_ACK' message with value %"
                       PRIu32 "%s", val, postcopy_source_recovering() ?
                       ", expected 1" : " outside of a postcopy recovery");
            rp_src_fail(err);
            return false;
        }
        g_mutex_lock(&rp_src.lock);
        rp_src.resume_ack = true;
        g_cond_broadcast(&rp_src.cond);
        g_mutex_unlock(&rp_src.lock);
        return true;
    case MIG_RP_MSG_SWITCHOVER_ACK:
        /* Harmless without switchover-ack here: QEMU takes it too. */
        g_mutex_lock(&rp_src.lock);
        rp_src.switchover_acked = true;
        g_cond_broadcast(&rp_src.cond);
        g_mutex_unlock(&rp_src.lock);
        return true;
    default:
        error_setg(&err, "Received '%s' message (0x%04x), which this "
                   "migration does not use", rp_msgs[type].name, type);
        rp_src_fail(err);
        return false;
    }
}

static gpointer rp_src_thread(gpointer opaque)
{
    QEMUFile *f = rp_src.from_dst;
    uint8_t buf[RP_MAX_LEN];
    Error *err = NULL;

    for (;;) {
        uint16_t type = qemu_get_be16(f);
        uint16_t len = qemu_get_be16(f);

        if (qemu_file_get_error(f)) {
            error_setg(&err, "Return path: the connection to the "
                       "destination was lost before it reported the end "
                       "of the load");
            break;
        }
        if (type == MIG_RP_MSG_INVALID || type >= MIG_RP_MSG_MAX) {
            error_setg(&err, "Received invalid message 0x%04x length "
                       "0x%04x on the return path (expected a type from 1 "
                       "to %d)", type, len, MIG_RP_MSG_MAX - 1);
            break;
        }
        if ((rp_msgs[type].len != -1 && len != rp_msgs[type].len) ||
            len > sizeof(buf)) {
            if (rp_msgs[type].len == -1) {
                error_setg(&err, "Received '%s' message (0x%04x) with "
                           "incorrect length %u expecting at most %zu",
                           rp_msgs[type].name, type, len, sizeof(buf));
            } else {
                error_setg(&err, "Received '%s' message (0x%04x) with "
                           "incorrect length %u expecting %d",
                           rp_msgs[type].name, type, len, rp_msgs[type].len);
            }
            break;
        }
        if (qemu_get_buffer(f, buf, len) != len ||
            qemu_file_get_error(f)) {
            error_setg(&err, "Return path: '%s' message cut short",
                       rp_msgs[type].name);
            break;
        }
        if (!rp_src_handle(f, type, len, buf)) {
            break;
        }
    }
    if (err) {
        rp_src_fail(err);
    }
    if (!qatomic_read(&rp_src.shut)) {
        /* Stop the migration thread's writes too: this one failed. */
        qio_channel_shutdown(qemu_file_get_ioc(f), QIO_CHANNEL_SHUTDOWN_BOTH,
                             NULL);
        postcopy_source_kick();
    }
    g_mutex_lock(&rp_src.lock);
    rp_src.ended = true;
    g_cond_broadcast(&rp_src.cond);
    g_mutex_unlock(&rp_src.lock);
    return NULL;
}

bool migration_rp_source_start(MigrationState *s, QEMUFile *f, Error **errp)
{
    if (!migrate_return_path() && !migrate_postcopy_ram()) {
        return true;
    }
    if (rp_src.thread || rp_src.from_dst) {
        error_setg(errp, "the return path of the previous migration is "
                   "still being closed; try again");
        return false;
    }
    g_mutex_lock(&rp_src.lock);
    g_clear_pointer(&rp_src.error, error_free);
    g_mutex_unlock(&rp_src.lock);
    rp_src.shut = false;
    rp_src.dest_failed = false;
    rp_src.bitmaps = 0;
    rp_src.resume_ack = false;
    rp_src.switchover_acked = false;
    rp_src.ended = false;
    rp_src.from_dst = qemu_file_get_return_path(f);
    qemu_savevm_send_open_return_path(f);
    /* Answered by a PONG: the return path works both ways early on. */
    qemu_savevm_send_ping(f, 1);
    if (migrate_postcopy_ram() && !postcopy_source_recovering()) {
        qemu_savevm_send_postcopy_advise(f);
    }
    rp_src.thread = g_thread_try_new("mig/src/rp", rp_src_thread, NULL,
                                     NULL);
    if (!rp_src.thread) {
        error_setg(errp, "Unable to open return-path for postcopy");
        return false;
    }
    return true;
}

bool migration_rp_source_active(void)
{
    return rp_src.thread != NULL;
}

void migration_rp_source_settle(int timeout_ms)
{
    gint64 end = g_get_monotonic_time() +
                 timeout_ms * G_TIME_SPAN_MILLISECOND;

    if (!rp_src.thread) {
        return;
    }
    g_mutex_lock(&rp_src.lock);
    while (!rp_src.ended && !rp_src.error) {
        if (!g_cond_wait_until(&rp_src.cond, &rp_src.lock, end)) {
            break;
        }
    }
    g_mutex_unlock(&rp_src.lock);
}

Error *migration_rp_source_error(void)
{
    Error *err = NULL;

    g_mutex_lock(&rp_src.lock);
    if (rp_src.error) {
        err = error_copy(rp_src.error);
    }
    g_mutex_unlock(&rp_src.lock);
    return err;
}

bool migration_rp_source_wait_recovered(unsigned bitmaps, Error **errp)
{
    Error *err = NULL;

    g_mutex_lock(&rp_src.lock);
    while (!rp_src.error && (bitmaps ? rp_src.bitmaps < bitmaps
                                     : !rp_src.resume_ack)) {
        g_cond_wait(&rp_src.cond, &rp_src.lock);
    }
    if (rp_src.error) {
        err = error_copy(rp_src.error);
    }
    g_mutex_unlock(&rp_src.lock);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

bool migration_rp_source_switchover_acked(int timeout_ms)
{
    gint64 end = g_get_monotonic_time() +
                 timeout_ms * G_TIME_SPAN_MILLISECOND;
    bool acked;

    g_mutex_lock(&rp_src.lock);
    while (!rp_src.switchover_acked && !rp_src.error && !rp_src.ended &&
           timeout_ms > 0) {
        if (!g_cond_wait_until(&rp_src.cond, &rp_src.lock, end)) {
            break;
        }
    }
    acked = rp_src.switchover_acked;
    g_mutex_unlock(&rp_src.lock);
    return acked;
}

bool migration_rp_source_dest_failed(void)
{
    return qatomic_read(&rp_src.dest_failed);
}

static void rp_src_join(void)
{
    if (rp_src.thread) {
        g_thread_join(rp_src.thread);
        rp_src.thread = NULL;
    }
}

bool migration_rp_source_wait_shut(Error **errp)
{
    Error *err;

    if (!rp_src.thread) {
        return true;
    }
    rp_src_join();
    err = migration_rp_source_error();
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

void migration_rp_source_cleanup(void)
{
    if (rp_src.thread) {
        /* Wake a read that waits for a destination gone silent. */
        qio_channel_shutdown(qemu_file_get_ioc(rp_src.from_dst),
                             QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
        rp_src_join();
    }
    if (rp_src.from_dst) {
        qemu_fclose(rp_src.from_dst);
        rp_src.from_dst = NULL;
    }
}

/* ---- destination ------------------------------------------------------- */

static int rp_send_locked(enum mig_rp_message_type type, uint16_t len,
                          const uint8_t *data);

bool migration_rp_dest_open(QEMUFile *f, Error **errp)
{
    g_mutex_lock(&rp_dst.lock);
    if (rp_dst.to_src) {
        g_mutex_unlock(&rp_dst.lock);
        error_setg(errp, "Migration command OPEN_RETURN_PATH came twice");
        return false;
    }
    rp_dst.to_src = qemu_file_get_return_path(f);
    rp_dst.last_rb = NULL;
    /*
     * No device of ours asks to approve the switch-over, so the
     * destination is ready for it as soon as it can say so.
     */
    if (migrate_switchover_ack() &&
        rp_send_locked(MIG_RP_MSG_SWITCHOVER_ACK, 0, NULL) < 0) {
        g_mutex_unlock(&rp_dst.lock);
        error_setg(errp, "Could not send switchover ack RP MSG");
        return false;
    }
    g_mutex_unlock(&rp_dst.lock);
    return true;
}

bool migration_rp_dest_is_open(void)
{
    bool open;

    g_mutex_lock(&rp_dst.lock);
    open = rp_dst.to_src != NULL;
    g_mutex_unlock(&rp_dst.lock);
    return open;
}

/* Called with rp_dst.lock held. */
static int rp_send_locked(enum mig_rp_message_type type, uint16_t len,
                          const uint8_t *data)
{
    if (!rp_dst.to_src) {
        return -EIO;
    }
    qemu_put_be16(rp_dst.to_src, type);
    qemu_put_be16(rp_dst.to_src, len);
    if (len) {
        qemu_put_buffer(rp_dst.to_src, data, len);
    }
    return qemu_fflush(rp_dst.to_src);
}

int migration_rp_send_pong(uint32_t value)
{
    uint8_t buf[4];
    int ret;

    stl_be_p(buf, value);
    g_mutex_lock(&rp_dst.lock);
    ret = rp_send_locked(MIG_RP_MSG_PONG, sizeof(buf), buf);
    g_mutex_unlock(&rp_dst.lock);
    return ret;
}

void migration_rp_send_shut(bool failed)
{
    uint8_t buf[4];
    QEMUFile *f;

    stl_be_p(buf, failed ? 1 : 0);
    g_mutex_lock(&rp_dst.lock);
    /* A postcopy that lost its link is paused, not failed: no SHUT. */
    if (!failed || postcopy_state_get() != POSTCOPY_INCOMING_RUNNING) {
        rp_send_locked(MIG_RP_MSG_SHUT, sizeof(buf), buf);
    }
    f = rp_dst.to_src;
    rp_dst.to_src = NULL;
    g_mutex_unlock(&rp_dst.lock);
    if (f) {
        qemu_fclose(f);
    }
}

int migration_rp_send_recv_bitmap(RAMBlock *rb, const unsigned long *map,
                                  uint64_t pages)
{
    uint64_t size = ROUND_UP(DIV_ROUND_UP(pages, 8), 8);
    g_autofree uint8_t *le = g_malloc0(size);
    uint8_t buf[1 + 255];
    size_t idlen = strlen(rb->idstr);
    int ret;

    /* Little-endian longs, whatever this host's order. */
    for (uint64_t p = 0; p < pages; p++) {
        if (qatomic_read(&map[p / (sizeof(long) * 8)]) &
            (1UL << (p % (sizeof(long) * 8)))) {
            le[p / 8] |= 1 << (p % 8);
        }
    }
    buf[0] = idlen;
    memcpy(buf + 1, rb->idstr, idlen);
    g_mutex_lock(&rp_dst.lock);
    ret = rp_send_locked(MIG_RP_MSG_RECV_BITMAP, 1 + idlen, buf);
    if (!ret) {
        qemu_put_be64(rp_dst.to_src, size);
        qemu_put_buffer(rp_dst.to_src, le, size);
        qemu_put_be64(rp_dst.to_src, RAMBLOCK_RECV_BITMAP_ENDING);
        ret = qemu_fflush(rp_dst.to_src);
    }
    g_mutex_unlock(&rp_dst.lock);
    return ret;
}

int migration_rp_send_resume_ack(void)
{
    uint8_t buf[4];
    int ret;

    stl_be_p(buf, MIGRATION_RESUME_ACK_VALUE);
    g_mutex_lock(&rp_dst.lock);
    ret = rp_send_locked(MIG_RP_MSG_RESUME_ACK, sizeof(buf), buf);
    g_mutex_unlock(&rp_dst.lock);
    return ret;
}

int migration_rp_send_req_pages(RAMBlock *rb, uint64_t start, uint32_t len)
{
    uint8_t buf[RP_MAX_LEN];
    size_t n = 12;
    enum mig_rp_message_type type = MIG_RP_MSG_REQ_PAGES;
    int ret;

    stl_be_p(buf, start >> 32);
    stl_be_p(buf + 4, start);
    stl_be_p(buf + 8, len);
    g_mutex_lock(&rp_dst.lock);
    if (rb != rp_dst.last_rb) {
        size_t idlen = strlen(rb->idstr);

        buf[n++] = idlen;
        memcpy(buf + n, rb->idstr, idlen);
        n += idlen;
        type = MIG_RP_MSG_REQ_PAGES_ID;
        rp_dst.last_rb = rb;
    }
    ret = rp_send_locked(type, n, buf);
    g_mutex_unlock(&rp_dst.lock);
    return ret;
}
