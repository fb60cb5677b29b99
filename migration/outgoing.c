/*
 * The source side of a migration: the migrate command, the migration
 * thread that sends the stream, switch-over, cancel and failure.
 *
 * The thread runs without the BQL: setup and completion take it, RAM
 * iterations do not.  Whatever happens, the source VM ends up as it
 * was (running or not) unless the migration completed.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-commands.h"
#include "qapi/qapi-events.h"
#include "qapi/qapi-visit.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "system/cpu-throttle.h"
#include "system/runstate.h"
#include "migration.h"
#include "migration-stats.h"
#include "options.h"
#include "qemu-file.h"
#include "savevm.h"
#include "migration/global_state.h"
#include "channel.h"
#include "socket.h"
#include "exec.h"
#include "fd.h"
#include "file.h"
#include "multifd.h"
#include "mapped-ram.h"
#include "return-path.h"
#include "postcopy-ram.h"

/* The rate limit and the counters work in windows of this length. */
#define BUFFER_DELAY_MS 100

static int64_t now_ms(void)
{
    return qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
}

static bool migration_is_cancelling(MigrationState *s)
{
    return qatomic_read(&s->state) == MIGRATION_STATUS_CANCELLING;
}

/* Runs in the main loop once the thread has finished. */
static void migration_cleanup_bh(void *opaque)
{
    MigrationState *s = opaque;
    MigrationStatus state;

    qemu_bh_delete(s->cleanup_bh);
    s->cleanup_bh = NULL;
    if (s->thread) {
        g_thread_join(s->thread);
        s->thread = NULL;
    }
    multifd_send_cleanup();
    state = qatomic_read(&s->state);
    if (state != MIGRATION_STATUS_POSTCOPY_PAUSED) {
        /* A paused postcopy keeps what it needs to resume. */
        qemu_savevm_state_cleanup();
    }
    migration_rp_source_cleanup();
    if (s->to_dst_file) {
        qemu_fclose(s->to_dst_file);
        s->to_dst_file = NULL;
    }
    cpu_throttle_stop();

    state = qatomic_read(&s->state);
    switch (state) {
    case MIGRATION_STATUS_COMPLETED:
        break;                  /* in postmigrate already */
    case MIGRATION_STATUS_CANCELLING:
        migrate_set_state(&s->state, state, MIGRATION_STATUS_CANCELLED);
        /* fall through */
    default:
        if (postcopy_source_active()) {
            /* The destination has the devices: this guest is gone. */
            break;
        }
        /* Failed or cancelled: the guest goes on where it was. */
        if (s->vm_old_state == RUN_STATE_RUNNING) {
            vm_start();
        } else if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
            runstate_set(s->vm_old_state);
        }
        if (s->state == MIGRATION_STATUS_FAILED && s->error_desc) {
            error_report("migration failed: %s", s->error_desc);
        }
        break;
    }
}

/* From the thread: fail with @err unless the user is cancelling. */
static void migration_thread_fail(MigrationState *s, Error *err)
{
    MigrationStatus old = qatomic_read(&s->state);
    Error *rp_err;

    /* The destination's account of what went wrong comes first. */
    if (old != MIGRATION_STATUS_CANCELLING) {
        migration_rp_source_settle(1000);
    }
    rp_err = migration_rp_source_error();
    if (rp_err) {
        error_free(err);
        err = rp_err;
    }

    if (old != MIGRATION_STATUS_CANCELLING) {
        if (err) {
            migrate_set_error(s, err);
        }
        migrate_set_state(&s->state, old, MIGRATION_STATUS_FAILED);
    }
    error_free(err);
}

/* The stream's error, if the channel failed (peer gone, disk full). */
static Error *stream_error(QEMUFile *f, const char *what)
{
    Error *err = NULL;
    int ret = qemu_file_get_error_obj(f, &err);

    if (!ret) {
        return NULL;
    }
    if (!err) {
        error_setg_errno(&err, -ret, "%s", what);
    } else {
        error_prepend(&err, "%s: ", what);
    }
    return err;
}

/*
 * End of a window: measure the bandwidth, derive the amount of data
 * that fits the downtime limit, and open a new rate-limit window.
 */
static uint64_t update_counters(MigrationState *s, int64_t *window_start,
                                uint64_t *window_bytes, uint64_t pending)
{
    int64_t now = now_ms();
    int64_t elapsed = MAX(now - *window_start, 1);
    uint64_t transferred = migration_transferred_bytes();
    double bytes_per_ms = (double)(transferred - *window_bytes) / elapsed;
    uint64_t avail = migrate_avail_switchover_bandwidth();

    s->mbps = bytes_per_ms * 8.0 / 1000.0;
    if (avail) {
        /* The user knows the bandwidth of the switch-over better. */
        bytes_per_ms = (double)avail / 1000.0;
    }
    if (bytes_per_ms > 0) {
        s->expected_downtime = pending / bytes_per_ms;
    }
    *window_start = now;
    *window_bytes = transferred;
    migration_rate_reset();
    return bytes_per_ms * migrate_downtime_limit();
}

bool migration_pause_before_switchover(MigrationState *s,
                                       MigrationStatus next)
{
    if (!migrate_pause_before_switchover()) {
        return true;
    }
    migrate_set_state(&s->state, MIGRATION_STATUS_ACTIVE,
                      MIGRATION_STATUS_PRE_SWITCHOVER);
    bql_unlock();
    g_mutex_lock(&s->pause_lock);
    while (!s->pause_continue && !migration_is_cancelling(s)) {
        g_cond_wait(&s->pause_cond, &s->pause_lock);
    }
    s->pause_continue = false;
    g_mutex_unlock(&s->pause_lock);
    bql_lock();
    migrate_set_state(&s->state, MIGRATION_STATUS_PRE_SWITCHOVER, next);
    return qatomic_read(&s->state) == next;
}

/* Stop the guest and send what is left.  Returns false on failure. */
static bool migration_completion(MigrationState *s, Error **errp)
{
    QEMUFile *f = s->to_dst_file;
    MigrationStatus active;
    Error *err;
    bool ok = false;
    int ret;

    bql_lock();
    s->downtime_start = now_ms();
    s->vm_old_state = runstate_get();
    global_state_store();
    vm_stop_force_state(RUN_STATE_FINISH_MIGRATE);
    if (!migration_pause_before_switchover(s, MIGRATION_STATUS_DEVICE)) {
        error_setg(errp, "cancelled before switch-over");
        goto out;
    }
    active = qatomic_read(&s->state);
    qemu_savevm_maybe_send_switchover_start(f);
    ret = qemu_savevm_state_complete_precopy(f, false);
    qemu_fflush(f);
    if (ret < 0 || qemu_file_get_error(f)) {
        err = stream_error(f, "sending the device state");
        if (!err) {
            error_setg(&err, "saving the device state failed");
        }
        error_propagate(errp, err);
        goto out;
    }
    if (migration_rp_source_active()) {
        /* Completed only once the destination loaded it all. */
        bool loaded;

        bql_unlock();
        loaded = migration_rp_source_wait_shut(errp);
        bql_lock();
        if (!loaded) {
            goto out;
        }
    }
    s->downtime = now_ms() - s->downtime_start;
    s->total_time = now_ms() - s->start_time;
    /* Whoever sees 'completed' also sees the guest stopped for good. */
    runstate_set(RUN_STATE_POSTMIGRATE);
    migrate_set_state(&s->state, active, MIGRATION_STATUS_COMPLETED);
    ok = true;
out:
    bql_unlock();
    return ok;
}

/*
 * switchover-ack: no switch-over (completion or postcopy) before the
 * destination acknowledged it; wait up to @timeout_ms for that.
 */
static bool migration_switchover_allowed(int timeout_ms)
{
    return !migrate_switchover_ack() ||
           migration_rp_source_switchover_acked(timeout_ms);
}

static gpointer migration_thread(gpointer opaque)
{
    MigrationState *s = opaque;
    QEMUFile *f = s->to_dst_file;
    Error *err = NULL;
    int64_t setup_start = now_ms();
    int64_t window_start;
    uint64_t window_bytes, threshold = 0;
    bool pass_over = false;
    int ret;

    if (!multifd_send_setup(&err)) {
        migration_thread_fail(s, err);
        goto out;
    }
    bql_lock();
    qemu_savevm_state_header(f);
    if (!migration_rp_source_start(s, f, &err)) {
        bql_unlock();
        migration_thread_fail(s, err);
        goto out;
    }
    ret = qemu_savevm_state_setup(f, &err);
    bql_unlock();
    if (ret < 0) {
        migration_thread_fail(s, err);
        goto out;
    }
    s->setup_time = now_ms() - setup_start;
    migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_ACTIVE);

    window_start = now_ms();
    window_bytes = migration_transferred_bytes();
    migration_rate_set(migrate_max_bandwidth());
    while (!migration_is_cancelling(s)) {
        uint64_t must = 0, can = 0;
        int64_t elapsed;

        err = stream_error(f, "sending RAM");
        if (err || (err = migration_rp_source_error())) {
            migration_thread_fail(s, err);
            goto out;
        }
        if (postcopy_source_start_requested() &&
            migration_switchover_allowed(0)) {
            break;
        }
        /*
         * Switch over only between passes: mid-pass, the pages not sent
         * yet may fit the estimate and still take far longer to send
         * with the guest stopped than the bandwidth of the pass says.
         */
        qemu_savevm_state_pending_estimate(&must, &can);
        if (pass_over && must + can <= threshold) {
            qemu_savevm_state_pending_exact(&must, &can);
            if (must + can <= threshold &&
                migration_switchover_allowed(BUFFER_DELAY_MS)) {
                break;          /* fits the downtime: switch over */
            }
        }
        ret = qemu_savevm_state_iterate(f, false);
        pass_over = ret > 0;
        if (ret < 0) {
            err = stream_error(f, "sending RAM");
            if (!err) {
                error_setg(&err, "saving RAM failed");
            }
            migration_thread_fail(s, err);
            goto out;
        }

        elapsed = now_ms() - window_start;
        if (elapsed >= BUFFER_DELAY_MS) {
            threshold = update_counters(s, &window_start, &window_bytes,
                                        must + can);
            /* The user may have changed max-bandwidth meanwhile. */
            migration_rate_set(migrate_max_bandwidth());
        } else if (migration_rate_exceeded(f)) {
            g_usleep((BUFFER_DELAY_MS - elapsed) * 1000);
        }
    }
    if (migration_is_cancelling(s)) {
        goto out;
    }
    if (postcopy_source_start_requested()) {
        if (!postcopy_source_run(s, f, &err)) {
            migration_thread_fail(s, err);
        }
        goto out;
    }
    if (!migration_completion(s, &err)) {
        migration_thread_fail(s, err);
    }
out:
    /* Unblocks the transport of a cancelled migration too. */
    bql_lock();
    qemu_bh_schedule(s->cleanup_bh);
    bql_unlock();
    return NULL;
}

void migration_connect(MigrationState *s, Error *error_in)
{
    bool resume = qatomic_read(&s->state) ==
                  MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP;

    if (error_in && resume) {
        /* Still paused: another 'resume' may work. */
        migrate_set_error(s, error_in);
        migrate_set_state(&s->state, MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP,
                          MIGRATION_STATUS_POSTCOPY_PAUSED);
        error_report("resuming postcopy failed: %s",
                     error_get_pretty(error_in));
        if (s->to_dst_file) {
            qemu_fclose(s->to_dst_file);
            s->to_dst_file = NULL;
        }
        return;
    }
    if (error_in) {
        if (migration_is_cancelling(s)) {
            /* The user gave up on a connection that failed anyway. */
            migrate_set_state(&s->state, MIGRATION_STATUS_CANCELLING,
                              MIGRATION_STATUS_CANCELLED);
        } else {
            migrate_set_error(s, error_in);
            migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                              MIGRATION_STATUS_FAILED);
            error_report("migration failed: %s", error_get_pretty(error_in));
        }
        if (s->to_dst_file) {
            qemu_fclose(s->to_dst_file);
            s->to_dst_file = NULL;
        }
        return;
    }
    s->cleanup_bh = qemu_bh_new_full(migration_cleanup_bh, s,
                                     "migration-cleanup");
    if (migration_is_cancelling(s)) {
        /* Cancelled while connecting: only the cleanup is left. */
        qemu_bh_schedule(s->cleanup_bh);
        return;
    }
    if (resume) {
        s->thread = g_thread_new("live_migration",
                                 postcopy_source_resume_thread, s);
        return;
    }
    s->vm_old_state = runstate_get();
    s->thread = g_thread_new("live_migration", migration_thread, s);
}

static bool migrate_prepare(MigrationState *s, bool resume, Error **errp)
{
    if (resume) {
        if (qatomic_read(&s->state) != MIGRATION_STATUS_POSTCOPY_PAUSED) {
            error_setg(errp, "Cannot resume if there is no paused "
                       "migration");
            return false;
        }
        return true;
    }
    if (migration_is_running()) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        error_setg(errp, "Guest is waiting for an incoming migration");
        return false;
    }
    if (runstate_check(RUN_STATE_POSTMIGRATE)) {
        error_setg(errp, "Can't migrate the vm that was paused due to "
                   "previous migration");
        return false;
    }
    if (qemu_savevm_state_blocked(errp)) {
        return false;
    }
    return true;
}

/* Dispatch to the transport; it calls migration_connect() when done. */
static void migrate_start_transport(MigrationState *s, MigrationAddress *addr,
                                    Error **errp)
{
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        if (addr->u.socket.type == SOCKET_ADDRESS_TYPE_FD) {
            fd_start_outgoing_migration(s, addr->u.socket.u.fd.str, errp);
        } else {
            socket_start_outgoing_migration(s, &addr->u.socket, errp);
        }
        break;
    case MIGRATION_ADDRESS_TYPE_EXEC:
        exec_start_outgoing_migration(s, addr->u.exec.args, errp);
        break;
    case MIGRATION_ADDRESS_TYPE_FILE:
        file_start_outgoing_migration(s, &addr->u.file, errp);
        break;
    default:
        error_setg(errp, "migration transport '%s' is not supported",
                   MigrationAddressType_str(addr->transport));
        break;
    }
}

void qmp_migrate(const char *uri, bool has_channels,
                 MigrationChannelList *channels, bool has_detach, bool detach,
                 bool has_resume, bool resume, Error **errp)
{
    MigrationState *s = migrate_get_current();
    g_autoptr(MigrationChannel) channel = NULL;
    Error *err = NULL;

    channel = migrate_channel_from_args(uri, has_channels, channels, errp);
    if (!channel || !mapped_ram_check_transport(channel->addr, errp) ||
        !migrate_prepare(s, has_resume && resume, errp) ||
        !multifd_transport_check(channel->addr, errp) ||
        !migration_rp_transport_check(channel->addr, errp)) {
        return;
    }
    if (has_resume && resume) {
        /* Postcopy goes on over a new channel: same state, new error. */
        g_clear_pointer(&s->error_desc, g_free);
        migrate_set_state(&s->state, MIGRATION_STATUS_POSTCOPY_PAUSED,
                          MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP);
        migrate_start_transport(s, channel->addr, &err);
        if (err) {
            migrate_set_error(s, err);
            migrate_set_state(&s->state,
                              MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP,
                              MIGRATION_STATUS_POSTCOPY_PAUSED);
            error_propagate(errp, err);
        }
        return;
    }
    postcopy_source_reset();

    g_free(s->error_desc);
    s->error_desc = NULL;
    s->start_time = now_ms();
    s->setup_time = s->total_time = s->downtime = 0;
    s->expected_downtime = migrate_downtime_limit();
    s->mbps = 0;
    s->pause_continue = false;
    migration_reset_stats();
    migrate_set_state(&s->state, s->state, MIGRATION_STATUS_SETUP);

    migrate_start_transport(s, channel->addr, &err);
    if (err) {
        migrate_set_error(s, err);
        migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                          MIGRATION_STATUS_FAILED);
        error_propagate(errp, err);
    }
}

void qmp_migrate_cancel(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationStatus old;

    old = qatomic_read(&s->state);
    if (old == MIGRATION_STATUS_POSTCOPY_ACTIVE ||
        old == MIGRATION_STATUS_POSTCOPY_PAUSED ||
        old == MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP ||
        old == MIGRATION_STATUS_POSTCOPY_RECOVER) {
        /* The guest runs on the destination: there is no way back. */
        error_setg(errp, "Postcopy migration in progress, cannot cancel.");
        return;
    }
    do {
        old = qatomic_read(&s->state);
        if (!migration_is_running() || old == MIGRATION_STATUS_CANCELLING) {
            return;
        }
    } while (qatomic_cmpxchg(&s->state, old, MIGRATION_STATUS_CANCELLING)
             != old);
    if (migrate_events()) {
        qapi_event_send_migration(MIGRATION_STATUS_CANCELLING);
    }
    if (old == MIGRATION_STATUS_SETUP && !s->to_dst_file) {
        /*
         * Still connecting, maybe for minutes (a peer that does not
         * answer, a full backlog): give up now; socket.c drops what the
         * abandoned attempt yields later.
         */
        s->connect_gen++;
        migrate_set_state(&s->state, MIGRATION_STATUS_CANCELLING,
                          MIGRATION_STATUS_CANCELLED);
        return;
    }
    /* Wake a thread blocked on the channel or in pre-switchover. */
    if (s->to_dst_file) {
        qemu_file_shutdown(s->to_dst_file);
    }
    multifd_send_shutdown();
    g_mutex_lock(&s->pause_lock);
    g_cond_broadcast(&s->pause_cond);
    g_mutex_unlock(&s->pause_lock);
}

void qmp_migrate_continue(MigrationStatus state, Error **errp)
{
    MigrationState *s = migrate_get_current();

    if (qatomic_read(&s->state) != state) {
        error_setg(errp, "Migration not in expected state: %s",
                   MigrationStatus_str(qatomic_read(&s->state)));
        return;
    }
    if (state != MIGRATION_STATUS_PRE_SWITCHOVER) {
        error_setg(errp, "migrate-continue only continues from '%s'",
                   MigrationStatus_str(MIGRATION_STATUS_PRE_SWITCHOVER));
        return;
    }
    g_mutex_lock(&s->pause_lock);
    s->pause_continue = true;
    g_cond_broadcast(&s->pause_cond);
    g_mutex_unlock(&s->pause_lock);
}

void qmp_migrate_start_postcopy(Error **errp)
{
    MigrationState *s = migrate_get_current();

    if (!migrate_postcopy_ram()) {
        error_setg(errp, "Enable postcopy with migrate_set_capability "
                   "before the start of migration");
        return;
    }
    if (qatomic_read(&s->state) == MIGRATION_STATUS_NONE) {
        error_setg(errp, "Postcopy must be started after migration has "
                   "been started");
        return;
    }
    /* Not an error once it finished: that races with the command. */
    postcopy_source_request_start();
}
