/*
 * Postcopy on the source: the switch from precopy, the queue of the
 * destination's page requests, and the postcopy phase of the
 * migration thread.
 *
 * The switch (guest stopped): the pages still dirty go to the
 * destination as discard ranges (it drops its stale copies), then one
 * PACKAGED command carries LISTEN, the device state and RUN, so that
 * the destination reads the device state from memory while its
 * incoming thread goes on placing the pages that follow.  From then
 * on the destination's guest runs and the source's never may again.
 *
 * The return path thread queues page requests; the migration thread
 * serves them before the background pages (see ram.c), and waits for
 * them instead of sleeping when the rate limit is reached.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/qapi-events.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "io/channel-buffer.h"
#include "system/ramblock.h"
#include "system/runstate.h"
#include "migration/global_state.h"
#include "migration.h"
#include "migration-stats.h"
#include "options.h"
#include "qemu-file.h"
#include "ram.h"
#include "savevm.h"
#include "return-path.h"
#include "postcopy-ram.h"

/* How long a broken stream waits for the destination's last word */
#define RP_SETTLE_MS 1000

typedef struct PageRequest {
    RAMBlock *rb;
    uint64_t start;
    uint64_t len;
} PageRequest;

static struct {
    bool start_requested;       /* atomic */
    bool active;                /* atomic */
    GMutex lock;
    GCond cond;
    GQueue requests;            /* of PageRequest, under @lock */
    bool kicked;                /* under @lock */
    RAMBlock *last_rb;          /* return path thread only */
    /* Discard ranges not sent yet (migration thread only) */
    RAMBlock *discard_rb;
    unsigned discard_n;
    uint64_t discard_start[MAX_DISCARDS_PER_COMMAND];
    uint64_t discard_len[MAX_DISCARDS_PER_COMMAND];
} pcs;

static int64_t now_ms(void)
{
    return qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
}

void postcopy_source_reset(void)
{
    PageRequest *req;

    qatomic_set(&pcs.start_requested, false);
    qatomic_set(&pcs.active, false);
    g_mutex_lock(&pcs.lock);
    while ((req = g_queue_pop_head(&pcs.requests))) {
        g_free(req);
    }
    pcs.kicked = false;
    g_mutex_unlock(&pcs.lock);
    pcs.last_rb = NULL;
    pcs.discard_rb = NULL;
    pcs.discard_n = 0;
}

void postcopy_source_request_start(void)
{
    qatomic_set(&pcs.start_requested, true);
}

bool postcopy_source_start_requested(void)
{
    return qatomic_read(&pcs.start_requested);
}

bool postcopy_source_active(void)
{
    return qatomic_read(&pcs.active);
}

/* ---- commands ----------------------------------------------------------- */

static void psize_summary(RAMBlock *rb, void *opaque)
{
    *(uint64_t *)opaque |= rb->page_size;
}

void qemu_savevm_send_postcopy_advise(QEMUFile *f)
{
    uint64_t psize = 0;
    uint8_t buf[16];

    /* The destination checks both against its own. */
    qemu_ram_foreach_block(psize_summary, &psize);
    stq_be_p(buf, psize);
    stq_be_p(buf + 8, RAM_DIRTY_PAGE_SIZE);
    qemu_savevm_command_send(f, MIG_CMD_POSTCOPY_ADVISE, sizeof(buf), buf);
}

void postcopy_discard_send_finish(QEMUFile *f)
{
    uint8_t buf[3 + 255 + 16 * MAX_DISCARDS_PER_COMMAND];
    size_t n = 0, idlen;

    if (!pcs.discard_n) {
        return;
    }
    idlen = strlen(pcs.discard_rb->idstr);
    buf[n++] = 0;               /* version */
    buf[n++] = idlen;
    memcpy(buf + n, pcs.discard_rb->idstr, idlen);
    n += idlen;
    buf[n++] = 0;               /* the id's terminating nil */
    for (unsigned i = 0; i < pcs.discard_n; i++) {
        stq_be_p(buf + n, pcs.discard_start[i]);
        stq_be_p(buf + n + 8, pcs.discard_len[i]);
        n += 16;
    }
    qemu_savevm_command_send(f, MIG_CMD_POSTCOPY_RAM_DISCARD, n, buf);
    pcs.discard_n = 0;
}

void postcopy_discard_send_range(QEMUFile *f, RAMBlock *rb, uint64_t start,
                                 uint64_t length)
{
    if (rb != pcs.discard_rb) {
        postcopy_discard_send_finish(f);
        pcs.discard_rb = rb;
    }
    pcs.discard_start[pcs.discard_n] = start;
    pcs.discard_len[pcs.discard_n] = length;
    if (++pcs.discard_n == MAX_DISCARDS_PER_COMMAND) {
        postcopy_discard_send_finish(f);
    }
}

/* ---- page requests ------------------------------------------------------ */

int postcopy_source_queue_request(const char *rbname, uint64_t start,
                                  uint64_t len, Error **errp)
{
    PageRequest *req;
    RAMBlock *rb;

    if (rbname) {
        rb = qemu_ram_block_by_name(rbname);
        if (!rb) {
            error_setg(errp, "Postcopy page request for unknown RAM block "
                       "'%s'", rbname);
            return -1;
        }
        pcs.last_rb = rb;
    } else {
        rb = pcs.last_rb;
        if (!rb) {
            error_setg(errp, "Postcopy page request (REQ_PAGES) before any "
                       "request named its RAM block (REQ_PAGES_ID)");
            return -1;
        }
    }
    if ((start | len) & (RAM_DIRTY_PAGE_SIZE - 1) || !len ||
        start >= rb->used_length || len > rb->used_length - start) {
        error_setg(errp, "Postcopy page request for 0x%" PRIx64 "+0x%"
                   PRIx64 " is not whole pages within RAM block '%s' of 0x%"
                   PRIx64 " bytes", start, len, rb->idstr, rb->used_length);
        return -1;
    }
    stat64_add(&mig_stats.postcopy_requests, 1);
    req = g_new(PageRequest, 1);
    req->rb = rb;
    req->start = start;
    req->len = len;
    g_mutex_lock(&pcs.lock);
    g_queue_push_tail(&pcs.requests, req);
    g_cond_broadcast(&pcs.cond);
    g_mutex_unlock(&pcs.lock);
    return 0;
}

bool postcopy_source_pop_request(RAMBlock **rb, uint64_t *start,
                                 uint64_t *len)
{
    PageRequest *req;

    g_mutex_lock(&pcs.lock);
    req = g_queue_pop_head(&pcs.requests);
    g_mutex_unlock(&pcs.lock);
    if (!req) {
        return false;
    }
    *rb = req->rb;
    *start = req->start;
    *len = req->len;
    g_free(req);
    return true;
}

void postcopy_source_kick(void)
{
    g_mutex_lock(&pcs.lock);
    pcs.kicked = true;
    g_cond_broadcast(&pcs.cond);
    g_mutex_unlock(&pcs.lock);
}

/* Sleep until @deadline_ms, or until a request (or a kick) comes. */
static void wait_for_request(int64_t deadline_ms)
{
    gint64 end = g_get_monotonic_time() +
                 MAX(deadline_ms - now_ms(), 0) * G_TIME_SPAN_MILLISECOND;

    g_mutex_lock(&pcs.lock);
    while (g_queue_is_empty(&pcs.requests) && !pcs.kicked) {
        if (!g_cond_wait_until(&pcs.cond, &pcs.lock, end)) {
            break;
        }
    }
    pcs.kicked = false;
    g_mutex_unlock(&pcs.lock);
}

/* ---- the switch and the postcopy phase ---------------------------------- */

/*
 * The package: LISTEN, the device state, RUN, written to @fb (over a
 * buffer channel).  Returns 0 or negative with @errp.
 */
static int build_package(QEMUFile *fb, QIOChannelBuffer *bioc,
                         Error **errp)
{
    int ret;

    qemu_savevm_command_send(fb, MIG_CMD_POSTCOPY_LISTEN, 0, NULL);
    ret = qemu_savevm_state_postcopy_devices(fb, errp);
    if (ret < 0) {
        return ret;
    }
    qemu_savevm_command_send(fb, MIG_CMD_POSTCOPY_RUN, 0, NULL);
    if (qemu_fflush(fb) < 0) {
        error_setg(errp, "writing the device state package failed");
        return -EIO;
    }
    if (bioc->usage > MAX_VM_CMD_PACKAGED_SIZE) {
        error_setg(errp, "Unreasonably large packaged state: %zu (at most "
                   "%u bytes)", bioc->usage, MAX_VM_CMD_PACKAGED_SIZE);
        return -E2BIG;
    }
    return 0;
}

/* Stop the guest, discard what is dirty, send the package. */
static bool postcopy_switch(MigrationState *s, QEMUFile *f, Error **errp)
{
    QIOChannelBuffer *bioc;
    QEMUFile *fb;
    uint8_t len[4];
    bool ok = false;

    bql_lock();
    s->downtime_start = now_ms();
    s->vm_old_state = runstate_get();
    global_state_store();
    vm_stop_force_state(RUN_STATE_FINISH_MIGRATE);
    if (!migration_pause_before_switchover(s, MIGRATION_STATUS_ACTIVE)) {
        error_setg(errp, "cancelled before switch-over");
        goto out;
    }
    if (qatomic_cmpxchg(&s->state, MIGRATION_STATUS_ACTIVE,
                        MIGRATION_STATUS_POSTCOPY_ACTIVE) !=
        MIGRATION_STATUS_ACTIVE) {
        error_setg(errp, "the migration ended before postcopy started");
        goto out;
    }
    if (migrate_events()) {
        qapi_event_send_migration(MIGRATION_STATUS_POSTCOPY_ACTIVE);
    }
    ram_postcopy_send_discard_bitmap(f);
    bioc = qio_channel_buffer_new(64 * 1024);
    fb = qemu_file_new_output(QIO_CHANNEL(bioc));
    if (build_package(fb, bioc, errp) < 0) {
        qemu_fclose(fb);
        object_unref(OBJECT(bioc));
        goto out;
    }
    stl_be_p(len, bioc->usage);
    qemu_savevm_command_send(f, MIG_CMD_PACKAGED, sizeof(len), len);
    qemu_put_buffer(f, bioc->data, bioc->usage);
    qemu_fflush(f);
    /* Closing the buffer channel frees the package. */
    qemu_fclose(fb);
    object_unref(OBJECT(bioc));
    if (qemu_file_get_error_obj(f, errp) < 0) {
        error_prepend(errp, "sending the postcopy package: ");
        goto out;
    }
    /* The destination has the devices: no way back for this guest. */
    qatomic_set(&pcs.active, true);
    if (migrate_release_ram()) {
        /* What precopy sent is all out (flushed above), and final. */
        ram_postcopy_release_sent();
    }
    s->downtime = now_ms() - s->downtime_start;
    ok = true;
out:
    bql_unlock();
    return ok;
}

/* The postcopy phase broke: why, and what the status becomes. */
static void postcopy_source_fail(MigrationState *s, QEMUFile *f,
                                 const char *what)
{
    MigrationStatus old = qatomic_read(&s->state);
    MigrationStatus new;
    Error *err;

    migration_rp_source_settle(RP_SETTLE_MS);
    err = migration_rp_source_error();

    if (!err && qemu_file_get_error_obj(f, &err) < 0) {
        error_prepend(&err, "%s: ", what);
    }
    if (!err) {
        error_setg(&err, "%s failed", what);
    }
    /* Only a dead connection could be recovered from: paused. */
    new = migration_rp_source_dest_failed() ? MIGRATION_STATUS_FAILED
                                            : MIGRATION_STATUS_POSTCOPY_PAUSED;
    migrate_set_error(s, err);
    migrate_set_state(&s->state, old, new);
    if (new == MIGRATION_STATUS_POSTCOPY_PAUSED) {
        error_report("Detected IO failure for postcopy. Migration paused: "
                     "%s", error_get_pretty(err));
    }
    error_free(err);
}

/* The pages, requested ones first, then the end; sets the status. */
static void postcopy_source_phase(MigrationState *s, QEMUFile *f)
{
    int64_t window_start;
    uint64_t window_bytes;
    Error *err;
    int ret;

    window_start = now_ms();
    window_bytes = migration_transferred_bytes();
    migration_rate_reset();
    migration_rate_set(migrate_max_postcopy_bandwidth());
    for (;;) {
        int64_t elapsed;

        err = migration_rp_source_error();
        if (err || qemu_file_get_error(f)) {
            error_free(err);
            postcopy_source_fail(s, f, "sending RAM in postcopy");
            return;
        }
        ret = qemu_savevm_state_iterate(f, true);
        qemu_fflush(f);
        if (ret < 0 || qemu_file_get_error(f)) {
            postcopy_source_fail(s, f, "sending RAM in postcopy");
            return;
        }
        if (ret == 1) {
            break;              /* every page went */
        }
        elapsed = now_ms() - window_start;
        if (elapsed >= BUFFER_DELAY) {
            uint64_t bytes = migration_transferred_bytes();

            s->mbps = (double)(bytes - window_bytes) * 8.0 /
                      (elapsed * 1000.0);
            window_start = now_ms();
            window_bytes = bytes;
            migration_rate_reset();
            /* The user may change max-postcopy-bandwidth meanwhile. */
            migration_rate_set(migrate_max_postcopy_bandwidth());
        } else if (migration_rate_exceeded(f)) {
            wait_for_request(window_start + BUFFER_DELAY);
        }
    }

    if (qemu_savevm_state_complete_postcopy(f) < 0) {
        postcopy_source_fail(s, f, "completing postcopy");
        return;
    }
    /* Done when the destination says it has everything. */
    if (!migration_rp_source_wait_shut(&err)) {
        error_free(err);
        postcopy_source_fail(s, f, "completing postcopy");
        return;
    }
    s->total_time = now_ms() - s->start_time;
    bql_lock();
    runstate_set(RUN_STATE_POSTMIGRATE);
    migrate_set_state(&s->state, MIGRATION_STATUS_POSTCOPY_ACTIVE,
                      MIGRATION_STATUS_COMPLETED);
    bql_unlock();
}

bool postcopy_source_run(MigrationState *s, QEMUFile *f, Error **errp)
{
    if (!postcopy_switch(s, f, errp)) {
        return false;
    }
    postcopy_source_phase(s, f);
    return true;
}

/* ---- recovery ------------------------------------------------------------ */

bool postcopy_source_recovering(void)
{
    MigrationStatus st = qatomic_read(&migrate_get_current()->state);

    return st == MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP ||
           st == MIGRATION_STATUS_POSTCOPY_RECOVER;
}

typedef struct RecvBitmapCtx {
    QEMUFile *f;
    unsigned count;
} RecvBitmapCtx;

static void send_recv_bitmap(RAMBlock *rb, void *opaque)
{
    RecvBitmapCtx *ctx = opaque;
    size_t len = strlen(rb->idstr);
    uint8_t buf[1 + 255];

    buf[0] = len;
    memcpy(buf + 1, rb->idstr, len);
    qemu_savevm_command_send(ctx->f, MIG_CMD_RECV_BITMAP, 1 + len, buf);
    ctx->count++;
}

gpointer postcopy_source_resume_thread(gpointer opaque)
{
    MigrationState *s = opaque;
    RecvBitmapCtx ctx = { .f = s->to_dst_file };
    Error *err = NULL;
    bool ok;

    migrate_set_state(&s->state, MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP,
                      MIGRATION_STATUS_POSTCOPY_RECOVER);
    bql_lock();
    ok = migration_rp_source_start(s, ctx.f, &err);
    if (ok) {
        /* What has the destination got?  The rest goes again. */
        qemu_ram_foreach_block(send_recv_bitmap, &ctx);
    }
    bql_unlock();
    qemu_fflush(ctx.f);
    if (ok && migration_rp_source_wait_recovered(ctx.count, &err)) {
        qemu_savevm_command_send(ctx.f, MIG_CMD_POSTCOPY_RESUME, 0, NULL);
        qemu_fflush(ctx.f);
        ok = migration_rp_source_wait_recovered(0, &err);
    } else {
        ok = false;
    }
    if (ok) {
        migrate_set_state(&s->state, MIGRATION_STATUS_POSTCOPY_RECOVER,
                          MIGRATION_STATUS_POSTCOPY_ACTIVE);
        postcopy_source_phase(s, ctx.f);
    } else {
        error_free(err);
        postcopy_source_fail(s, ctx.f, "resuming postcopy");
    }
    bql_lock();
    qemu_bh_schedule(s->cleanup_bh);
    bql_unlock();
    return NULL;
}

void qmp_migrate_pause(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationIncomingState *mis = migration_incoming_get_current();

    /* Either side: cut the channel, both go to postcopy-paused. */
    if (qatomic_read(&s->state) == MIGRATION_STATUS_POSTCOPY_ACTIVE &&
        s->to_dst_file) {
        qemu_file_shutdown(s->to_dst_file);
        return;
    }
    if (qatomic_read(&mis->state) == MIGRATION_STATUS_POSTCOPY_ACTIVE &&
        mis->from_src_file) {
        qemu_file_shutdown(mis->from_src_file);
        return;
    }
    error_setg(errp, "migrate-pause is currently only supported during "
               "postcopy-active state");
}
