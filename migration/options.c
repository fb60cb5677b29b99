/*
 * Migration parameters and capabilities: checks, merging, and the QMP
 * commands that read and change them.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-visit.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/visitor.h"
#include "qobject/qdict.h"
#include "qobject/qnull.h"
#include "qobject/qstring.h"
#include "system/runstate.h"
#include "migration.h"
#include "options.h"

#define MAX_MIGRATE_DOWNTIME_MS (2000 * 1000)
#define TARGET_PAGE_SIZE 4096

static bool param_out_of_range(const char *name, const char *expected,
                               Error **errp)
{
    error_setg(errp, "Parameter '%s' expects %s", name, expected);
    return false;
}

bool migrate_params_check(const MigrationParameters *p, Error **errp)
{
    if (p->has_throttle_trigger_threshold &&
        (p->throttle_trigger_threshold < 1 ||
         p->throttle_trigger_threshold > 100)) {
        return param_out_of_range("throttle-trigger-threshold",
                                  "an integer in the range of 1 to 100",
                                  errp);
    }
    if (p->has_cpu_throttle_initial &&
        (p->cpu_throttle_initial < 1 || p->cpu_throttle_initial > 99)) {
        return param_out_of_range("cpu-throttle-initial",
                                  "an integer in the range of 1 to 99", errp);
    }
    if (p->has_cpu_throttle_increment &&
        (p->cpu_throttle_increment < 1 || p->cpu_throttle_increment > 99)) {
        return param_out_of_range("cpu-throttle-increment",
                                  "an integer in the range of 1 to 99", errp);
    }
    if (p->has_downtime_limit &&
        p->downtime_limit > MAX_MIGRATE_DOWNTIME_MS) {
        return param_out_of_range("downtime-limit",
                                  "an integer in the range of 0 to "
                                  "2000000 ms", errp);
    }
    if (p->has_multifd_channels && p->multifd_channels < 1) {
        return param_out_of_range("multifd-channels",
                                  "a value between 1 and 255", errp);
    }
    if (p->has_multifd_zlib_level && p->multifd_zlib_level > 9) {
        return param_out_of_range("multifd-zlib-level",
                                  "a value between 0 and 9", errp);
    }
    if (p->has_multifd_zstd_level && p->multifd_zstd_level > 20) {
        return param_out_of_range("multifd-zstd-level",
                                  "a value between 0 and 20", errp);
    }
    if (p->has_xbzrle_cache_size &&
        (p->xbzrle_cache_size < TARGET_PAGE_SIZE ||
         (p->xbzrle_cache_size & (p->xbzrle_cache_size - 1)))) {
        return param_out_of_range("xbzrle-cache-size",
                                  "a power of two no less than the target "
                                  "page size", errp);
    }
    if (p->has_max_cpu_throttle &&
        (p->max_cpu_throttle > 99 ||
         (p->has_cpu_throttle_initial &&
          p->max_cpu_throttle < p->cpu_throttle_initial))) {
        return param_out_of_range("max-cpu-throttle",
                                  "an integer in the range of "
                                  "cpu-throttle-initial to 99", errp);
    }
    if (p->has_announce_initial && p->announce_initial > 100000) {
        return param_out_of_range("announce-initial",
                                  "a value between 0 and 100000", errp);
    }
    if (p->has_announce_max && p->announce_max > 100000) {
        return param_out_of_range("announce-max",
                                  "a value between 0 and 100000", errp);
    }
    if (p->has_announce_rounds && p->announce_rounds > 1000) {
        return param_out_of_range("announce-rounds",
                                  "a value between 0 and 1000", errp);
    }
    if (p->has_announce_step &&
        (p->announce_step < 1 || p->announce_step > 10000)) {
        return param_out_of_range("announce-step",
                                  "a value between 1 and 10000", errp);
    }
    if (p->has_x_vcpu_dirty_limit_period &&
        (p->x_vcpu_dirty_limit_period < 1 ||
         p->x_vcpu_dirty_limit_period > 1000)) {
        return param_out_of_range("x-vcpu-dirty-limit-period",
                                  "a value between 1 and 1000", errp);
    }
    if (p->has_vcpu_dirty_limit && p->vcpu_dirty_limit < 1) {
        return param_out_of_range("vcpu-dirty-limit",
                                  "a value of at least 1 MB/s", errp);
    }
#ifndef O_DIRECT
    if (p->has_direct_io && p->direct_io) {
        error_setg(errp, "No build-time support for direct-io");
        return false;
    }
#endif
    if (p->tls_creds && *p->tls_creds) {
        error_setg(errp, "Parameter 'tls-creds' names '%s', but TLS for "
                   "migration is not supported by this build; expected ''",
                   p->tls_creds);
        return false;
    }
    return true;
}

QDict *migrate_set_params_to_qdict(const MigrateSetParameters *params)
{
    QObject *obj = NULL;
    Visitor *v = qobject_output_visitor_new(&obj);

    visit_type_MigrateSetParameters(v, NULL, (MigrateSetParameters **)&params,
                                    &error_abort);
    visit_complete(v, &obj);
    visit_free(v);
    return qobject_to(QDict, obj);
}

void migrate_params_overlay(QDict *base, const QDict *changes,
                            bool null_as_empty)
{
    for (const QDictEntry *e = qdict_first(changes); e;
         e = qdict_next(changes, e)) {
        QObject *value = qdict_entry_value(e);

        if (null_as_empty && qobject_type(value) == QTYPE_QNULL) {
            qdict_put_str(base, qdict_entry_key(e), "");
        } else {
            qdict_put_obj(base, qdict_entry_key(e), qobject_ref(value));
        }
    }
}

/* Both types share member names, so a QDict overlay covers them all. */
MigrationParameters *migrate_params_merge(const MigrationParameters *cur,
                                          const MigrateSetParameters *set,
                                          Error **errp)
{
    QObject *cur_obj = NULL;
    QDict *changes = migrate_set_params_to_qdict(set);
    MigrationParameters *merged = NULL;
    Visitor *v;

    v = qobject_output_visitor_new(&cur_obj);
    visit_type_MigrationParameters(v, NULL, (MigrationParameters **)&cur,
                                   &error_abort);
    visit_complete(v, &cur_obj);
    visit_free(v);

    migrate_params_overlay(qobject_to(QDict, cur_obj), changes, true);

    v = qobject_input_visitor_new(cur_obj);
    visit_type_MigrationParameters(v, NULL, &merged, errp);
    visit_free(v);
    qobject_unref(cur_obj);
    qobject_unref(changes);
    return merged;
}

/* Relations between parameters and capabilities. */
static bool migrate_params_caps_check(const MigrationParameters *p,
                                      const bool *caps, Error **errp)
{
    if (caps[MIGRATION_CAPABILITY_ZERO_COPY_SEND] &&
        p->multifd_compression != MULTIFD_COMPRESSION_NONE) {
        error_setg(errp, "Zero copy only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    if (caps[MIGRATION_CAPABILITY_MAPPED_RAM] &&
        p->multifd_compression != MULTIFD_COMPRESSION_NONE) {
        error_setg(errp, "Mapped-ram only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    return true;
}

bool migrate_params_apply(MigrationState *s, const MigrateSetParameters *set,
                          Error **errp)
{
    MigrationParameters *merged = migrate_params_merge(&s->parameters, set,
                                                       errp);
    MigrationParameters *old;

    if (!merged) {
        return false;
    }
    if (!migrate_params_check(merged, errp) ||
        !migrate_params_caps_check(merged, s->capabilities, errp)) {
        qapi_free_MigrationParameters(merged);
        return false;
    }
    /* Swap the contents; the old members are freed with the copy. */
    old = g_memdup2(&s->parameters, sizeof(s->parameters));
    s->parameters = *merged;
    g_free(merged);
    qapi_free_MigrationParameters(old);
    return true;
}

bool migrate_caps_check(const bool *old_caps, const bool *new_caps,
                        Error **errp)
{
    MigrationState *s = migrate_get_current();

    if (new_caps[MIGRATION_CAPABILITY_X_COLO]) {
        error_setg(errp, "QEMU compiled without replication module"
                   " can't enable COLO");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM]) {
        if (new_caps[MIGRATION_CAPABILITY_X_IGNORE_SHARED]) {
            error_setg(errp, "Postcopy is not compatible with ignore-shared");
            return false;
        }
        if (new_caps[MIGRATION_CAPABILITY_MULTIFD]) {
            error_setg(errp, "Postcopy is not yet compatible with multifd");
            return false;
        }
    }
    if (new_caps[MIGRATION_CAPABILITY_BACKGROUND_SNAPSHOT]) {
        error_setg(errp, "Background-snapshot is not supported by this "
                   "build");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_ZERO_COPY_SEND] &&
        (!new_caps[MIGRATION_CAPABILITY_MULTIFD] ||
         new_caps[MIGRATION_CAPABILITY_XBZRLE] ||
         s->parameters.multifd_compression != MULTIFD_COMPRESSION_NONE)) {
        error_setg(errp, "Zero copy only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_PREEMPT] &&
        !new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM]) {
        error_setg(errp, "Postcopy preempt requires postcopy-ram");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_PREEMPT]) {
        /* Urgent pages would need a channel of their own. */
        error_setg(errp, "Capability 'postcopy-preempt' is not supported "
                   "by this build");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_SWITCHOVER_ACK] &&
        !new_caps[MIGRATION_CAPABILITY_RETURN_PATH]) {
        error_setg(errp, "Capability 'switchover-ack' requires capability "
                   "'return-path'");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_DIRTY_LIMIT]) {
        if (new_caps[MIGRATION_CAPABILITY_AUTO_CONVERGE]) {
            error_setg(errp, "dirty-limit conflicts with auto-converge"
                       " either of then available currently");
            return false;
        }
        error_setg(errp, "dirty-limit requires KVM with accelerator"
                   " property 'dirty-ring-size' set");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_MULTIFD] &&
        new_caps[MIGRATION_CAPABILITY_XBZRLE]) {
        error_setg(errp, "Multifd is not compatible with xbzrle");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_MAPPED_RAM]) {
        if (new_caps[MIGRATION_CAPABILITY_XBZRLE]) {
            error_setg(errp,
                       "Mapped-ram migration is incompatible with xbzrle");
            return false;
        }
        if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM]) {
            error_setg(errp,
                       "Mapped-ram migration is incompatible with postcopy");
            return false;
        }
        if (s->parameters.multifd_compression != MULTIFD_COMPRESSION_NONE) {
            error_setg(errp, "Mapped-ram only available for non-compressed "
                       "non-TLS multifd migration");
            return false;
        }
    }
    return true;
}

MigrationCapabilityStatusList *qmp_query_migrate_capabilities(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationCapabilityStatusList *head = NULL, **tail = &head;

    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        MigrationCapabilityStatus *caps = g_new0(MigrationCapabilityStatus, 1);

        caps->capability = i;
        caps->state = s->capabilities[i];
        QAPI_LIST_APPEND(tail, caps);
    }
    return head;
}

void qmp_migrate_set_capabilities(MigrationCapabilityStatusList *params,
                                  Error **errp)
{
    MigrationState *s = migrate_get_current();
    bool new_caps[MIGRATION_CAPABILITY__MAX];

    if (migration_is_running()) {
        error_setg(errp, "There's a migration process in progress");
        return;
    }
    memcpy(new_caps, s->capabilities, sizeof(new_caps));
    for (MigrationCapabilityStatusList *cap = params; cap; cap = cap->next) {
        new_caps[cap->value->capability] = cap->value->state;
    }
    if (!migrate_caps_check(s->capabilities, new_caps, errp)) {
        return;
    }
    memcpy(s->capabilities, new_caps, sizeof(new_caps));
}

MigrationParameters *qmp_query_migrate_parameters(Error **errp)
{
    MigrationState *s = migrate_get_current();

    return QAPI_CLONE(MigrationParameters, &s->parameters);
}

void qmp_migrate_set_parameters(MigrateSetParameters *params, Error **errp)
{
    MigrationState *s = migrate_get_current();

    if (migration_is_running() && params->has_multifd_channels) {
        error_setg(errp, "There's a migration process in progress");
        return;
    }
    migrate_params_apply(s, params, errp);
}

/* Accessors, as the data path reads the options. */

#define CAP(cap) \
    (migrate_get_current()->capabilities[MIGRATION_CAPABILITY_##cap])
#define PARAM(field) (migrate_get_current()->parameters.field)

bool migrate_auto_converge(void)
{
    return CAP(AUTO_CONVERGE);
}
bool migrate_events(void)
{
    return CAP(EVENTS);
}
bool migrate_ignore_shared(void)
{
    return CAP(X_IGNORE_SHARED);
}
bool migrate_mapped_ram(void)
{
    return CAP(MAPPED_RAM);
}
bool migrate_multifd(void)
{
    return CAP(MULTIFD);
}
bool migrate_pause_before_switchover(void)
{
    return CAP(PAUSE_BEFORE_SWITCHOVER);
}
bool migrate_postcopy_ram(void)
{
    return CAP(POSTCOPY_RAM);
}
bool migrate_release_ram(void)
{
    return CAP(RELEASE_RAM);
}
bool migrate_return_path(void)
{
    return CAP(RETURN_PATH);
}

bool migrate_switchover_ack(void)
{
    return CAP(SWITCHOVER_ACK);
}

bool migrate_postcopy_blocktime(void)
{
    return CAP(POSTCOPY_BLOCKTIME);
}

bool migrate_validate_uuid(void)
{
    return CAP(VALIDATE_UUID);
}
bool migrate_xbzrle(void)
{
    return CAP(XBZRLE);
}
bool migrate_zero_copy_send(void)
{
    return CAP(ZERO_COPY_SEND);
}

uint64_t migrate_avail_switchover_bandwidth(void)
{
    return PARAM(avail_switchover_bandwidth);
}
uint8_t migrate_cpu_throttle_increment(void)
{
    return PARAM(cpu_throttle_increment);
}
uint8_t migrate_cpu_throttle_initial(void)
{
    return PARAM(cpu_throttle_initial);
}
bool migrate_cpu_throttle_tailslow(void)
{
    return PARAM(cpu_throttle_tailslow);
}
uint64_t migrate_downtime_limit(void)
{
    return PARAM(downtime_limit);
}
uint8_t migrate_max_cpu_throttle(void)
{
    return PARAM(max_cpu_throttle);
}
uint64_t migrate_max_bandwidth(void)
{
    return PARAM(max_bandwidth);
}
uint64_t migrate_max_postcopy_bandwidth(void)
{
    return PARAM(max_postcopy_bandwidth);
}
int migrate_multifd_channels(void)
{
    return PARAM(multifd_channels);
}
MultiFDCompression migrate_multifd_compression(void)
{
    return PARAM(multifd_compression);
}
int migrate_multifd_zlib_level(void)
{
    return PARAM(multifd_zlib_level);
}
int migrate_multifd_zstd_level(void)
{
    return PARAM(multifd_zstd_level);
}
uint8_t migrate_throttle_trigger_threshold(void)
{
    return PARAM(throttle_trigger_threshold);
}
uint64_t migrate_xbzrle_cache_size(void)
{
    return PARAM(xbzrle_cache_size);
}
ZeroPageDetection migrate_zero_page_detection(void)
{
    return PARAM(zero_page_detection);
}

bool migrate_store_global_state(void)
{
    return migrate_get_current()->store_global_state;
}
bool migrate_send_configuration(void)
{
    return migrate_get_current()->send_configuration;
}
bool migrate_send_section_footer(void)
{
    return migrate_get_current()->send_section_footer;
}
bool migrate_send_switchover_start(void)
{
    return migrate_get_current()->send_switchover_start;
}
bool migrate_multifd_flush_after_each_section(void)
{
    return migrate_get_current()->multifd_flush_after_each_section;
}
