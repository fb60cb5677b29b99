/*
 * HMP commands for migration parameters and capabilities.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/qapi-visit.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/util.h"
#include "qapi/visitor.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"

/* The unit `info migrate_parameters` prints after a value. */
static const char *parameter_unit(MigrationParameter param)
{
    switch (param) {
    case MIGRATION_PARAMETER_ANNOUNCE_INITIAL:
    case MIGRATION_PARAMETER_ANNOUNCE_MAX:
    case MIGRATION_PARAMETER_ANNOUNCE_STEP:
    case MIGRATION_PARAMETER_DOWNTIME_LIMIT:
    case MIGRATION_PARAMETER_X_CHECKPOINT_DELAY:
    case MIGRATION_PARAMETER_X_VCPU_DIRTY_LIMIT_PERIOD:
        return " ms";
    case MIGRATION_PARAMETER_MAX_BANDWIDTH:
    case MIGRATION_PARAMETER_AVAIL_SWITCHOVER_BANDWIDTH:
    case MIGRATION_PARAMETER_MAX_POSTCOPY_BANDWIDTH:
        return " bytes/second";
    case MIGRATION_PARAMETER_XBZRLE_CACHE_SIZE:
        return " bytes";
    case MIGRATION_PARAMETER_VCPU_DIRTY_LIMIT:
        return " MB/s";
    default:
        return "";
    }
}

/* Parameters whose HMP value is in MiB unless a suffix says otherwise. */
static bool parameter_is_bandwidth(MigrationParameter param)
{
    return param == MIGRATION_PARAMETER_MAX_BANDWIDTH ||
           param == MIGRATION_PARAMETER_AVAIL_SWITCHOVER_BANDWIDTH ||
           param == MIGRATION_PARAMETER_MAX_POSTCOPY_BANDWIDTH;
}

void hmp_info_migrate_parameters(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrationParameters) params = qmp_query_migrate_parameters(NULL);
    QObject *obj = NULL;
    Visitor *v = qobject_output_visitor_new(&obj);
    QDict *dict;

    visit_type_MigrationParameters(v, NULL, &params, &error_abort);
    visit_complete(v, &obj);
    visit_free(v);
    dict = qobject_to(QDict, obj);

    for (int i = 0; i < MIGRATION_PARAMETER__MAX; i++) {
        const char *name = MigrationParameter_str(i);
        QObject *value = qdict_get(dict, name);

        if (!value) {
            continue;
        }
        switch (qobject_type(value)) {
        case QTYPE_QBOOL:
            monitor_printf(mon, "%s: %s\n", name,
                           qbool_get_bool(qobject_to(QBool, value))
                           ? "on" : "off");
            break;
        case QTYPE_QSTRING:
            if (i != MIGRATION_PARAMETER_MODE &&
                i != MIGRATION_PARAMETER_MULTIFD_COMPRESSION &&
                i != MIGRATION_PARAMETER_ZERO_PAGE_DETECTION) {
                monitor_printf(mon, "%s: '%s'\n", name,
                               qstring_get_str(qobject_to(QString, value)));
            } else {
                monitor_printf(mon, "%s: %s\n", name,
                               qstring_get_str(qobject_to(QString, value)));
            }
            break;
        case QTYPE_QNUM: {
            g_autofree char *text = qnum_to_string(qobject_to(QNum, value));
            monitor_printf(mon, "%s: %s%s\n", name, text, parameter_unit(i));
            break;
        }
        default:
            /* block-bitmap-mapping: a structure, shown only if set. */
            monitor_printf(mon, "%s: (set)\n", name);
            break;
        }
    }
    qobject_unref(obj);
}

void hmp_migrate_set_parameter(Monitor *mon, const QDict *qdict)
{
    const char *param = qdict_get_str(qdict, "parameter");
    const char *valuestr = qdict_get_str(qdict, "value");
    g_autoptr(MigrateSetParameters) params = NULL;
    g_autoptr(QDict) input = qdict_new();
    Error *err = NULL;
    Visitor *v;
    int which;

    which = qapi_enum_parse(&MigrationParameter_lookup, param, -1, NULL);
    if (which < 0) {
        error_setg(&err, "unknown migration parameter '%s'", param);
        goto out;
    }
    if (which == MIGRATION_PARAMETER_BLOCK_BITMAP_MAPPING) {
        error_setg(&err, "The block-bitmap-mapping parameter can only be set "
                   "through QMP");
        goto out;
    }
    if (parameter_is_bandwidth(which)) {
        uint64_t bytes;

        if (qemu_strtosz_MiB(valuestr, NULL, &bytes) < 0) {
            error_setg(&err, "Parameter '%s' expects a size, such as 100M "
                       "(a plain number means MiB), not '%s'", param,
                       valuestr);
            goto out;
        }
        qdict_put_int(input, param, bytes);
        v = qobject_input_visitor_new(QOBJECT(input));
    } else {
        qdict_put_str(input, param, valuestr);
        v = qobject_input_visitor_new_keyval(QOBJECT(input));
    }
    visit_type_MigrateSetParameters(v, NULL, &params, &err);
    visit_free(v);
    if (!err) {
        qmp_migrate_set_parameters(params, &err);
    }
out:
    hmp_handle_error(mon, err);
}

void hmp_info_migrate_capabilities(Monitor *mon, const QDict *qdict)
{
    MigrationCapabilityStatusList *caps = qmp_query_migrate_capabilities(NULL);

    for (MigrationCapabilityStatusList *c = caps; c; c = c->next) {
        monitor_printf(mon, "%s: %s\n",
                       MigrationCapability_str(c->value->capability),
                       c->value->state ? "on" : "off");
    }
    qapi_free_MigrationCapabilityStatusList(caps);
}

void hmp_migrate_set_capability(Monitor *mon, const QDict *qdict)
{
    const char *cap = qdict_get_str(qdict, "capability");
    bool state = qdict_get_bool(qdict, "state");
    MigrationCapabilityStatusList *caps = NULL;
    MigrationCapabilityStatus *value;
    Error *err = NULL;
    int val;

    val = qapi_enum_parse(&MigrationCapability_lookup, cap, -1, &err);
    if (val >= 0) {
        value = g_new0(MigrationCapabilityStatus, 1);
        value->capability = val;
        value->state = state;
        QAPI_LIST_PREPEND(caps, value);
        qmp_migrate_set_capabilities(caps, &err);
        qapi_free_MigrationCapabilityStatusList(caps);
    }
    hmp_handle_error(mon, err);
}

void hmp_info_migrate(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrationInfo) info = qmp_query_migrate(NULL);
    SocketAddressList *addr;

    if (!info->has_status) {
        return;
    }
    monitor_printf(mon, "Status: \t\t%s\n",
                   MigrationStatus_str(info->status));
    for (addr = info->socket_address; addr; addr = addr->next) {
        SocketAddress *sa = addr->value;

        if (sa->type == SOCKET_ADDRESS_TYPE_INET) {
            monitor_printf(mon, "Listening: \t\ttcp:%s:%s\n",
                           sa->u.inet.host, sa->u.inet.port);
        } else if (sa->type == SOCKET_ADDRESS_TYPE_UNIX) {
            monitor_printf(mon, "Listening: \t\tunix:%s\n",
                           sa->u.q_unix.path);
        }
    }
    if (info->has_total_time) {
        monitor_printf(mon, "Time (ms): \t\ttotal=%" PRId64,
                       info->total_time);
        if (info->has_setup_time) {
            monitor_printf(mon, ", setup=%" PRId64, info->setup_time);
        }
        if (info->has_expected_downtime) {
            monitor_printf(mon, ", exp_down=%" PRId64,
                           info->expected_downtime);
        }
        if (info->has_downtime) {
            monitor_printf(mon, ", down=%" PRId64, info->downtime);
        }
        monitor_printf(mon, "\n");
    }
    if (info->has_cpu_throttle_percentage) {
        monitor_printf(mon, "CPU Throttle (%%): \t%" PRId64 "\n",
                       info->cpu_throttle_percentage);
    }
    if (info->ram) {
        MigrationStats *ram = info->ram;

        monitor_printf(mon, "RAM info:\n");
        monitor_printf(mon, "  Throughput (Mbps): \t%0.2f\n", ram->mbps);
        monitor_printf(mon, "  Sizes (KiB): \t\tpagesize=%" PRId64
                       ", total=%" PRId64 "\n",
                       ram->page_size >> 10, ram->total >> 10);
        monitor_printf(mon, "  Transfers (KiB): \ttransferred=%" PRId64
                       ", remain=%" PRId64 "\n",
                       ram->transferred >> 10, ram->remaining >> 10);
        monitor_printf(mon, "    Channels (KiB): \tprecopy=%" PRIu64
                       ", multifd=%" PRIu64 ", postcopy=%" PRIu64 "\n",
                       ram->precopy_bytes >> 10, ram->multifd_bytes >> 10,
                       ram->postcopy_bytes >> 10);
        monitor_printf(mon, "    Page Types: \tnormal=%" PRId64
                       ", zero=%" PRId64 "\n",
                       ram->normal, ram->duplicate);
        if (ram->postcopy_requests) {
            monitor_printf(mon, "  Postcopy requests: \t%" PRId64 "\n",
                           ram->postcopy_requests);
        }
        monitor_printf(mon, "  Page Rates (pps): \ttransfer=%" PRIu64
                       ", dirty=%" PRId64 "\n",
                       ram->pages_per_second, ram->dirty_pages_rate);
        monitor_printf(mon, "  Others: \t\tdirty_syncs=%" PRId64,
                       ram->dirty_sync_count);
        if (ram->dirty_sync_missed_zero_copy) {
            monitor_printf(mon, ", zerocopy_fallbacks=%" PRIu64,
                           ram->dirty_sync_missed_zero_copy);
        }
        monitor_printf(mon, "\n");
    }
    if (info->xbzrle_cache) {
        XBZRLECacheStats *x = info->xbzrle_cache;

        monitor_printf(mon, "XBZRLE: \t\tcache=%" PRIu64 " KiB, pages=%"
                       PRId64 ", bytes=%" PRId64 " KiB, miss=%" PRId64
                       ", overflow=%" PRId64 "\n",
                       x->cache_size >> 10, x->pages, x->bytes >> 10,
                       x->cache_miss, x->overflow);
    }
    if (info->has_postcopy_blocktime) {
        monitor_printf(mon, "Postcopy Blocktime (ms): \t%" PRIu32 "\n",
                       info->postcopy_blocktime);
    }
    if (info->has_postcopy_vcpu_blocktime) {
        monitor_printf(mon, "Postcopy vCPU Blocktime (ms):\n  [");
        for (uint32List *l = info->postcopy_vcpu_blocktime; l; l = l->next) {
            monitor_printf(mon, "%" PRIu32 "%s", l->value,
                           l->next ? ", " : "");
        }
        monitor_printf(mon, "]\n");
    }
    if (info->error_desc) {
        monitor_printf(mon, "Error: \t\t\t%s\n", info->error_desc);
    }
}

/* `migrate` without -d: the monitor waits until the migration ends. */
typedef struct HMPMigrationStatus {
    QEMUTimer *timer;
    Monitor *mon;
} HMPMigrationStatus;

static void hmp_migrate_status_cb(void *opaque)
{
    HMPMigrationStatus *status = opaque;
    g_autoptr(MigrationInfo) info = qmp_query_migrate(NULL);

    /* Only the final states (and a postcopy that broke) end the wait. */
    if (!info->has_status || (info->status != MIGRATION_STATUS_COMPLETED &&
                              info->status != MIGRATION_STATUS_FAILED &&
                              info->status != MIGRATION_STATUS_CANCELLED &&
                              info->status !=
                              MIGRATION_STATUS_POSTCOPY_PAUSED)) {
        timer_mod(status->timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 100);
        return;
    }
    if (info->status == MIGRATION_STATUS_FAILED) {
        monitor_printf(status->mon, "Migration failed: %s\n",
                       info->error_desc ? info->error_desc : "unknown");
    } else if (info->status == MIGRATION_STATUS_CANCELLED) {
        monitor_printf(status->mon, "Migration cancelled\n");
    } else if (info->status == MIGRATION_STATUS_POSTCOPY_PAUSED) {
        monitor_printf(status->mon, "Migration paused: %s\n",
                       info->error_desc ? info->error_desc : "unknown");
    }
    monitor_resume(status->mon);
    timer_free(status->timer);
    g_free(status);
}

void hmp_migrate(Monitor *mon, const QDict *qdict)
{
    bool detach = qdict_get_try_bool(qdict, "detach", false);
    bool resume = qdict_get_try_bool(qdict, "resume", false);
    const char *uri = qdict_get_str(qdict, "uri");
    HMPMigrationStatus *status;
    Error *err = NULL;

    qmp_migrate(uri, false, NULL, false, false, true, resume, &err);
    if (hmp_handle_error(mon, err)) {
        return;
    }
    if (detach || monitor_suspend(mon) < 0) {
        return;
    }
    status = g_new0(HMPMigrationStatus, 1);
    status->mon = mon;
    status->timer = timer_new_ms(QEMU_CLOCK_REALTIME, hmp_migrate_status_cb,
                                 status);
    timer_mod(status->timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
}

void hmp_migrate_cancel(Monitor *mon, const QDict *qdict)
{
    qmp_migrate_cancel(NULL);
}

void hmp_migrate_start_postcopy(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_migrate_start_postcopy(&err);
    hmp_handle_error(mon, err);
}

void hmp_migrate_recover(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_migrate_recover(qdict_get_str(qdict, "uri"), &err);
    hmp_handle_error(mon, err);
}

void hmp_migrate_pause(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_migrate_pause(&err);
    hmp_handle_error(mon, err);
}

void hmp_migrate_continue(Monitor *mon, const QDict *qdict)
{
    const char *state = qdict_get_str(qdict, "state");
    Error *err = NULL;
    int val = qapi_enum_parse(&MigrationStatus_lookup, state, -1, &err);

    if (val >= 0) {
        qmp_migrate_continue(val, &err);
    }
    hmp_handle_error(mon, err);
}

void hmp_migrate_incoming(Monitor *mon, const QDict *qdict)
{
    const char *uri = qdict_get_str(qdict, "uri");
    Error *err = NULL;

    qmp_migrate_incoming(uri, false, NULL, true, true, &err);
    hmp_handle_error(mon, err);
}
