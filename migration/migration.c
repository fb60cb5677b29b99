/*
 * The migration object: a plain QOM object (not a device) whose
 * parameters and capabilities are qdev Properties, so compat properties
 * and `-global migration.<prop>=...` reach them like any device's.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/qdev-properties.h"
#include "migration/misc.h"
#include "monitor/hmp.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-events.h"
#include "qapi/qapi-visit.h"
#include "qemu/atomic.h"
#include "qemu/timer.h"
#include "system/cpu-throttle.h"
#include "ram.h"
#include "migration/global_state.h"
#include "system/cpu-timers.h"
#include "migration.h"
#include "options.h"
#include "postcopy-blocktime.h"

static MigrationState *current_migration;

MigrationState *migrate_get_current(void)
{
    assert(current_migration);
    return current_migration;
}

bool migration_is_running(void)
{
    switch (current_migration ? current_migration->state
                              : MIGRATION_STATUS_NONE) {
    case MIGRATION_STATUS_SETUP:
    case MIGRATION_STATUS_ACTIVE:
    case MIGRATION_STATUS_POSTCOPY_ACTIVE:
    case MIGRATION_STATUS_POSTCOPY_PAUSED:
    case MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP:
    case MIGRATION_STATUS_POSTCOPY_RECOVER:
    case MIGRATION_STATUS_PRE_SWITCHOVER:
    case MIGRATION_STATUS_DEVICE:
    case MIGRATION_STATUS_WAIT_UNPLUG:
    case MIGRATION_STATUS_CANCELLING:
    case MIGRATION_STATUS_COLO:
        return true;
    default:
        return false;
    }
}

bool migration_object_init(Error **errp)
{
    Object *obj;

    assert(!current_migration);
    /* The sections every stream carries besides the devices'. */
    register_global_state();
    ram_mig_init();
    cpu_timers_init();
    /* Compat properties and -global apply while the object is made. */
    obj = object_new(TYPE_MIGRATION);
    object_property_add_child(object_get_root(), "migration", obj);
    object_unref(obj);
    current_migration = MIGRATION(obj);

    /* -global bypasses the checks of migrate-set-parameters. */
    if (!migrate_params_check(&current_migration->parameters, errp) ||
        !migrate_caps_check(current_migration->capabilities,
                            current_migration->capabilities, errp)) {
        error_prepend(errp, "invalid migration defaults: ");
        return false;
    }
    return migration_incoming_apply_config(current_migration, errp);
}

void migration_object_finalize(void)
{
    if (current_migration) {
        object_unparent(OBJECT(current_migration));
        current_migration = NULL;
    }
    migration_incoming_cleanup();
}

void migrate_set_state(MigrationStatus *state, MigrationStatus old_state,
                       MigrationStatus new_state)
{
    if (qatomic_cmpxchg(state, old_state, new_state) == old_state &&
        migrate_events()) {
        qapi_event_send_migration(new_state);
    }
}

void migrate_set_error(MigrationState *s, const Error *error)
{
    if (!s->error_desc) {
        s->error_desc = g_strdup(error_get_pretty(error));
    }
}

static void fill_source_info(MigrationState *s, MigrationInfo *info)
{
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    switch (s->state) {
    case MIGRATION_STATUS_SETUP:
        info->has_total_time = true;
        info->total_time = now - s->start_time;
        break;
    case MIGRATION_STATUS_ACTIVE:
    case MIGRATION_STATUS_CANCELLING:
    case MIGRATION_STATUS_PRE_SWITCHOVER:
    case MIGRATION_STATUS_DEVICE:
    case MIGRATION_STATUS_POSTCOPY_ACTIVE:
    case MIGRATION_STATUS_POSTCOPY_PAUSED:
        info->has_total_time = true;
        info->total_time = now - s->start_time;
        info->has_setup_time = true;
        info->setup_time = s->setup_time;
        info->has_expected_downtime = true;
        info->expected_downtime = s->expected_downtime;
        info->ram = g_new0(MigrationStats, 1);
        ram_fill_stats(info->ram);
        info->ram->mbps = s->mbps;
        break;
    case MIGRATION_STATUS_COMPLETED:
        info->has_total_time = true;
        info->total_time = s->total_time;
        info->has_setup_time = true;
        info->setup_time = s->setup_time;
        info->has_downtime = true;
        info->downtime = s->downtime;
        info->ram = g_new0(MigrationStats, 1);
        ram_fill_stats(info->ram);
        info->ram->mbps = s->mbps;
        break;
    default:
        break;
    }
    if (info->ram && migrate_xbzrle()) {
        info->xbzrle_cache = g_new0(XBZRLECacheStats, 1);
        ram_fill_xbzrle_stats(info->xbzrle_cache);
    }
    if (migrate_auto_converge() && cpu_throttle_active()) {
        info->has_cpu_throttle_percentage = true;
        info->cpu_throttle_percentage = cpu_throttle_get_percentage();
    }
    info->error_desc = g_strdup(s->error_desc);
}

static void fill_destination_info(MigrationIncomingState *mis,
                                  MigrationInfo *info)
{
    if (mis->socket_address_list) {
        info->has_socket_address = true;
        info->socket_address =
            QAPI_CLONE(SocketAddressList, mis->socket_address_list);
    }
    info->error_desc = g_strdup(mis->error_desc);
    postcopy_blocktime_fill_info(info);
}

MigrationInfo *qmp_query_migrate(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationIncomingState *mis = migration_incoming_get_current();
    MigrationInfo *info = g_new0(MigrationInfo, 1);

    /* A destination reports its incoming side until it sends itself. */
    if (s->state == MIGRATION_STATUS_NONE &&
        mis->state != MIGRATION_STATUS_NONE) {
        info->has_status = true;
        info->status = mis->state;
        fill_destination_info(mis, info);
    } else if (s->state != MIGRATION_STATUS_NONE) {
        info->has_status = true;
        info->status = s->state;
        fill_source_info(s, info);
    }
    return info;
}

static const PropertyInfo prop_multifd_compression = {
    .type = "MultiFDCompression",
    .description = "multifd compression method, none/zlib/zstd",
    .enum_table = &MultiFDCompression_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

static const PropertyInfo prop_mig_mode = {
    .type = "MigMode",
    .description = "migration mode, normal/cpr-reboot",
    .enum_table = &MigMode_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

static const PropertyInfo prop_zero_page_detection = {
    .type = "ZeroPageDetection",
    .description = "zero page detection, none/legacy/multifd",
    .enum_table = &ZeroPageDetection_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

#define P(field) parameters.field
#define DEFINE_PROP_MIG_CAP(name, cap) \
    DEFINE_PROP_BOOL(name, MigrationState, capabilities[cap], false)

/*
 * Defaults are QEMU's.  The parameter properties carry the parameter's
 * name; the capability properties QEMU's "x-" names.
 */
static const Property migration_properties[] = {
    DEFINE_PROP_BOOL("store-global-state", MigrationState,
                     store_global_state, true),
    DEFINE_PROP_BOOL("send-configuration", MigrationState,
                     send_configuration, true),
    DEFINE_PROP_BOOL("send-section-footer", MigrationState,
                     send_section_footer, true),
    DEFINE_PROP_BOOL("send-switchover-start", MigrationState,
                     send_switchover_start, true),
    DEFINE_PROP_BOOL("multifd-flush-after-each-section", MigrationState,
                     multifd_flush_after_each_section, false),

    DEFINE_PROP_SIZE("announce-initial", MigrationState, P(announce_initial),
                     50),
    DEFINE_PROP_SIZE("announce-max", MigrationState, P(announce_max), 550),
    DEFINE_PROP_SIZE("announce-rounds", MigrationState, P(announce_rounds), 5),
    DEFINE_PROP_SIZE("announce-step", MigrationState, P(announce_step), 100),
    DEFINE_PROP_UINT8("throttle-trigger-threshold", MigrationState,
                      P(throttle_trigger_threshold), 50),
    DEFINE_PROP_UINT8("cpu-throttle-initial", MigrationState,
                      P(cpu_throttle_initial), 20),
    DEFINE_PROP_UINT8("cpu-throttle-increment", MigrationState,
                      P(cpu_throttle_increment), 10),
    DEFINE_PROP_BOOL("cpu-throttle-tailslow", MigrationState,
                     P(cpu_throttle_tailslow), false),
    DEFINE_PROP_STRING("tls-creds", MigrationState, P(tls_creds)),
    DEFINE_PROP_STRING("tls-hostname", MigrationState, P(tls_hostname)),
    DEFINE_PROP_STRING("tls-authz", MigrationState, P(tls_authz)),
    DEFINE_PROP_SIZE("max-bandwidth", MigrationState, P(max_bandwidth),
                     128 * 1024 * 1024),
    DEFINE_PROP_SIZE("avail-switchover-bandwidth", MigrationState,
                     P(avail_switchover_bandwidth), 0),
    DEFINE_PROP_UINT64("downtime-limit", MigrationState, P(downtime_limit),
                       300),
    DEFINE_PROP_UINT32("x-checkpoint-delay", MigrationState,
                       P(x_checkpoint_delay), 20000),
    DEFINE_PROP_UINT8("multifd-channels", MigrationState,
                      P(multifd_channels), 2),
    DEFINE_PROP_SIZE("xbzrle-cache-size", MigrationState,
                     P(xbzrle_cache_size), 64 * 1024 * 1024),
    DEFINE_PROP_SIZE("max-postcopy-bandwidth", MigrationState,
                     P(max_postcopy_bandwidth), 0),
    DEFINE_PROP_UINT8("max-cpu-throttle", MigrationState,
                      P(max_cpu_throttle), 99),
    DEFINE_PROP_SIGNED("multifd-compression", MigrationState,
                       P(multifd_compression), MULTIFD_COMPRESSION_NONE,
                       prop_multifd_compression, MultiFDCompression),
    DEFINE_PROP_UINT8("multifd-zlib-level", MigrationState,
                      P(multifd_zlib_level), 1),
    DEFINE_PROP_UINT8("multifd-zstd-level", MigrationState,
                      P(multifd_zstd_level), 1),
    DEFINE_PROP_UINT64("x-vcpu-dirty-limit-period", MigrationState,
                       P(x_vcpu_dirty_limit_period), 1000),
    DEFINE_PROP_UINT64("vcpu-dirty-limit", MigrationState,
                       P(vcpu_dirty_limit), 1),
    DEFINE_PROP_SIGNED("mode", MigrationState, P(mode), MIG_MODE_NORMAL,
                       prop_mig_mode, MigMode),
    DEFINE_PROP_SIGNED("zero-page-detection", MigrationState,
                       P(zero_page_detection), ZERO_PAGE_DETECTION_MULTIFD,
                       prop_zero_page_detection, ZeroPageDetection),
    DEFINE_PROP_BOOL("direct-io", MigrationState, P(direct_io), false),

    DEFINE_PROP_MIG_CAP("x-xbzrle", MIGRATION_CAPABILITY_XBZRLE),
    DEFINE_PROP_MIG_CAP("x-rdma-pin-all", MIGRATION_CAPABILITY_RDMA_PIN_ALL),
    DEFINE_PROP_MIG_CAP("x-auto-converge",
                        MIGRATION_CAPABILITY_AUTO_CONVERGE),
    DEFINE_PROP_MIG_CAP("x-zero-blocks", MIGRATION_CAPABILITY_ZERO_BLOCKS),
    DEFINE_PROP_MIG_CAP("x-events", MIGRATION_CAPABILITY_EVENTS),
    DEFINE_PROP_MIG_CAP("x-postcopy-ram", MIGRATION_CAPABILITY_POSTCOPY_RAM),
    DEFINE_PROP_MIG_CAP("x-postcopy-preempt",
                        MIGRATION_CAPABILITY_POSTCOPY_PREEMPT),
    DEFINE_PROP_MIG_CAP("x-colo", MIGRATION_CAPABILITY_X_COLO),
    DEFINE_PROP_MIG_CAP("x-release-ram", MIGRATION_CAPABILITY_RELEASE_RAM),
    DEFINE_PROP_MIG_CAP("x-return-path", MIGRATION_CAPABILITY_RETURN_PATH),
    DEFINE_PROP_MIG_CAP("x-multifd", MIGRATION_CAPABILITY_MULTIFD),
    DEFINE_PROP_MIG_CAP("x-background-snapshot",
                        MIGRATION_CAPABILITY_BACKGROUND_SNAPSHOT),
    DEFINE_PROP_MIG_CAP("x-zero-copy-send",
                        MIGRATION_CAPABILITY_ZERO_COPY_SEND),
    DEFINE_PROP_MIG_CAP("x-switchover-ack",
                        MIGRATION_CAPABILITY_SWITCHOVER_ACK),
    DEFINE_PROP_MIG_CAP("x-dirty-limit", MIGRATION_CAPABILITY_DIRTY_LIMIT),
    DEFINE_PROP_MIG_CAP("mapped-ram", MIGRATION_CAPABILITY_MAPPED_RAM),
};

static void migration_instance_init(Object *obj)
{
    MigrationState *s = MIGRATION(obj);
    MigrationParameters *p = &s->parameters;

    /* Every member of the stored parameters is present. */
    p->has_announce_initial = p->has_announce_max = true;
    p->has_announce_rounds = p->has_announce_step = true;
    p->has_throttle_trigger_threshold = true;
    p->has_cpu_throttle_initial = p->has_cpu_throttle_increment = true;
    p->has_cpu_throttle_tailslow = true;
    p->has_max_bandwidth = p->has_avail_switchover_bandwidth = true;
    p->has_downtime_limit = p->has_x_checkpoint_delay = true;
    p->has_multifd_channels = p->has_xbzrle_cache_size = true;
    p->has_max_postcopy_bandwidth = p->has_max_cpu_throttle = true;
    p->has_multifd_compression = true;
    p->has_multifd_zlib_level = p->has_multifd_zstd_level = true;
    p->has_x_vcpu_dirty_limit_period = p->has_vcpu_dirty_limit = true;
    p->has_mode = p->has_zero_page_detection = true;
    p->has_direct_io = true;
    s->state = MIGRATION_STATUS_NONE;
}

static void migration_instance_post_init(Object *obj)
{
    MigrationParameters *p = &MIGRATION(obj)->parameters;

    /* After the compat slots (object-compat), -global. */
    object_apply_globals_post_init(obj);
    /* Unset TLS strings read as "" like QEMU's. */
    if (!p->tls_creds) {
        p->tls_creds = g_strdup("");
    }
    if (!p->tls_hostname) {
        p->tls_hostname = g_strdup("");
    }
    if (!p->tls_authz) {
        p->tls_authz = g_strdup("");
    }
}

static void migration_instance_finalize(Object *obj)
{
    MigrationState *s = MIGRATION(obj);

    g_free(s->error_desc);
    qapi_free_BitmapMigrationNodeAliasList(s->parameters.block_bitmap_mapping);
}

static void migration_class_init(ObjectClass *oc, const void *data)
{
    object_class_add_props(oc, migration_properties);
}

static const TypeInfo migration_type = {
    .name = TYPE_MIGRATION,
    .parent = TYPE_OBJECT_COMPAT,
    .class_init = migration_class_init,
    .instance_size = sizeof(MigrationState),
    .instance_init = migration_instance_init,
    .instance_post_init = migration_instance_post_init,
    .instance_finalize = migration_instance_finalize,
};

static void register_migration_types(void)
{
    type_register_static(&migration_type);
}

type_init(register_migration_types);
