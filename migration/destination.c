/*
 * The destination side: migrate-incoming / -incoming URI start a
 * transport; the channel it accepts is read by the incoming thread;
 * at the end the VM runs (or not) as the source's did.
 *
 * The incoming thread loads without the BQL (qemu_loadvm_state takes
 * it for device state), so the monitor answers during the load.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-visit.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "system/runstate.h"
#include "io/channel.h"
#include "migration/misc.h"
#include "migration.h"
#include "options.h"
#include "qemu-file.h"
#include "savevm.h"
#include "migration/global_state.h"
#include "socket.h"
#include "exec.h"
#include "fd.h"
#include "file.h"
#include "multifd.h"
#include "mapped-ram.h"
#include "return-path.h"
#include "postcopy-ram.h"

static MigrationIncomingState incoming_state = {
    .state = MIGRATION_STATUS_NONE,
    .exit_on_error = true,
};
static GThread *incoming_thread;
static Error *incoming_error;
static bool incoming_started;
/* The incoming thread goes on with a paused postcopy (recovery). */
static bool incoming_resume;

MigrationIncomingState *migration_incoming_get_current(void)
{
    return &incoming_state;
}

static void transport_cleanup(MigrationIncomingState *mis)
{
    if (mis->transport_cleanup) {
        mis->transport_cleanup(mis->transport_data);
        mis->transport_cleanup = NULL;
        mis->transport_data = NULL;
    }
}

/* Run the guest as it ran on the source (or stay paused with -S). */
void migration_incoming_start_guest(void)
{
    RunState source_state = global_state_received() ?
                            global_state_get_runstate() : RUN_STATE_RUNNING;

    if (source_state == RUN_STATE_RUNNING ||
        source_state == RUN_STATE_FINISH_MIGRATE) {
        if (autostart) {
            vm_start();
        } else {
            runstate_set(RUN_STATE_PAUSED);
        }
    } else {
        runstate_set(source_state);
    }
}

/* Main loop, after the thread ended: start the VM or report failure. */
static void incoming_finish_bh(void *opaque)
{
    MigrationIncomingState *mis = &incoming_state;

    if (incoming_thread) {
        g_thread_join(incoming_thread);
        incoming_thread = NULL;
    }
    if (mis->from_src_file) {
        qemu_fclose(mis->from_src_file);
        mis->from_src_file = NULL;
    }

    if (incoming_error && postcopy_state_get() == POSTCOPY_INCOMING_RUNNING) {
        /* The guest runs here, its missing pages are on the source. */
        g_free(mis->error_desc);
        mis->error_desc = g_strdup(error_get_pretty(incoming_error));
        migrate_set_state(&mis->state, mis->state,
                          MIGRATION_STATUS_POSTCOPY_PAUSED);
        error_report("Detected IO failure for postcopy. Migration paused: "
                     "%s", mis->error_desc);
        g_clear_pointer(&incoming_error, error_free);
        return;
    }
    if (incoming_error) {
        mis->error_desc = g_strdup(error_get_pretty(incoming_error));
        migrate_set_state(&mis->state, mis->state, MIGRATION_STATUS_FAILED);
        error_report("load of migration failed: %s", mis->error_desc);
        error_free(incoming_error);
        incoming_error = NULL;
        if (mis->exit_on_error) {
            exit(EXIT_FAILURE);
        }
        return;
    }

    if (postcopy_state_get() == POSTCOPY_INCOMING_END) {
        /* The guest was started by POSTCOPY_RUN already. */
        migrate_set_state(&mis->state, MIGRATION_STATUS_POSTCOPY_ACTIVE,
                          MIGRATION_STATUS_COMPLETED);
        return;
    }
    migrate_set_state(&mis->state, MIGRATION_STATUS_ACTIVE,
                      MIGRATION_STATUS_COMPLETED);
    migration_incoming_start_guest();
}

static gpointer incoming_thread_fn(gpointer opaque)
{
    MigrationIncomingState *mis = opaque;
    int ret = incoming_resume
              ? qemu_loadvm_state_resume(mis->from_src_file, &incoming_error)
              : qemu_loadvm_state(mis->from_src_file, &incoming_error);

    if (ret < 0 && !incoming_error) {
        error_setg(&incoming_error, "the migration stream could not be "
                   "loaded");
    }
    multifd_recv_finish(&incoming_error);
    /* The source waits for this before it reports completed. */
    migration_rp_send_shut(ret < 0 || incoming_error);
    qemu_bh_schedule_oneshot(incoming_finish_bh, NULL);
    return NULL;
}

void migration_incoming_fail(Error *err)
{
    if (incoming_thread || incoming_error) {
        error_free(err);        /* the load reports its own failure */
        return;
    }
    transport_cleanup(&incoming_state);
    incoming_error = err;
    qemu_bh_schedule_oneshot(incoming_finish_bh, NULL);
}

void migration_ioc_process_incoming(QIOChannel *ioc, Error **errp)
{
    MigrationIncomingState *mis = &incoming_state;

    if (migrate_multifd() && !migrate_mapped_ram()) {
        /* Sorted by their first bytes; the load starts once all came. */
        multifd_recv_new_channel(ioc, errp);
        return;
    }
    if (mis->from_src_file) {
        error_setg(errp, "an incoming migration stream is already being "
                   "received; extra channels need multifd");
        return;
    }
    migration_incoming_process(ioc);
}

void migration_incoming_process(QIOChannel *ioc)
{
    MigrationIncomingState *mis = &incoming_state;

    object_ref(OBJECT(ioc));
    mis->from_src_file = qemu_file_new_input(ioc);
    object_unref(OBJECT(ioc));
    /* One stream: stop listening for more. */
    transport_cleanup(mis);
    incoming_resume = mis->state == MIGRATION_STATUS_POSTCOPY_PAUSED;
    if (incoming_resume) {
        /* migrate-recover: the paused postcopy goes on here. */
        migrate_set_state(&mis->state, MIGRATION_STATUS_POSTCOPY_PAUSED,
                          MIGRATION_STATUS_POSTCOPY_RECOVER);
        g_clear_pointer(&mis->error_desc, g_free);
    }
    migrate_set_state(&mis->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_ACTIVE);
    incoming_thread = g_thread_new("mig/dst/main", incoming_thread_fn, mis);
}

void qemu_start_incoming_migration(const char *uri, bool has_channels,
                                   MigrationChannelList *channels,
                                   Error **errp)
{
    MigrationIncomingState *mis = &incoming_state;
    g_autoptr(MigrationChannel) channel = NULL;
    MigrationAddress *addr;
    Error *err = NULL;

    channel = migrate_channel_from_args(uri, has_channels, channels, errp);
    if (!channel || !multifd_transport_check(channel->addr, errp) ||
        !mapped_ram_check_transport(channel->addr, errp)) {
        return;
    }

    migrate_set_state(&mis->state, MIGRATION_STATUS_NONE,
                      MIGRATION_STATUS_SETUP);
    addr = channel->addr;
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        if (addr->u.socket.type == SOCKET_ADDRESS_TYPE_FD) {
            fd_start_incoming_migration(addr->u.socket.u.fd.str, &err);
        } else {
            socket_start_incoming_migration(&addr->u.socket, &err);
        }
        break;
    case MIGRATION_ADDRESS_TYPE_EXEC:
        exec_start_incoming_migration(addr->u.exec.args, &err);
        break;
    case MIGRATION_ADDRESS_TYPE_FILE:
        file_start_incoming_migration(&addr->u.file, &err);
        break;
    default:
        error_setg(&err, "migration transport '%s' is not supported",
                   MigrationAddressType_str(addr->transport));
        break;
    }
    if (err) {
        migrate_set_state(&mis->state, MIGRATION_STATUS_SETUP,
                          MIGRATION_STATUS_NONE);
        error_propagate(errp, err);
    }
}

void qmp_migrate_incoming(const char *uri, bool has_channels,
                          MigrationChannelList *channels,
                          bool has_exit_on_error, bool exit_on_error,
                          Error **errp)
{
    Error *err = NULL;

    if (incoming_started) {
        error_setg(errp, "The incoming migration has already been started");
        return;
    }
    if (!runstate_check(RUN_STATE_INMIGRATE)) {
        error_setg(errp, "'-incoming' was not specified on the command line");
        return;
    }
    incoming_state.exit_on_error = has_exit_on_error ? exit_on_error : true;
    qemu_start_incoming_migration(uri, has_channels, channels, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    incoming_started = true;
}

void qmp_migrate_recover(const char *uri, Error **errp)
{
    Error *err = NULL;

    if (!postcopy_incoming_recover_start(errp)) {
        return;
    }
    qemu_start_incoming_migration(uri, false, NULL, &err);
    if (err) {
        postcopy_incoming_recover_failed();
        error_propagate(errp, err);
    }
}

bool migration_incoming_start_from_cmdline(Error **errp)
{
    const char *uri = migration_incoming_uri();
    Error *err = NULL;

    if (!uri || !strcmp(uri, "defer")) {
        return true;
    }
    qemu_start_incoming_migration(uri, false, NULL, &err);
    if (err) {
        error_propagate_prepend(errp, err, "-incoming %s: ", uri);
        return false;
    }
    incoming_started = true;
    return true;
}
