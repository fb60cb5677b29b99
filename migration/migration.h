/*
 * The migration object: parameters, capabilities, and the state of the
 * current migration.  One exists per process, at /migration.
 */
#ifndef MIGRATION_MIGRATION_H
#define MIGRATION_MIGRATION_H

#include "qom/object.h"
#include "qom/object-compat.h"
#include "qapi/qapi-types.h"

#define TYPE_MIGRATION "migration"
OBJECT_DECLARE_SIMPLE_TYPE(MigrationState, MIGRATION)

struct MigrationState {
    ObjectCompat parent_obj;

    /* Every optional member is present: query returns them all. */
    MigrationParameters parameters;
    bool capabilities[MIGRATION_CAPABILITY__MAX];

    /* Stream format switches that compat properties turn off for
     * older machine types. */
    bool store_global_state;
    bool send_configuration;
    bool send_section_footer;
    bool send_switchover_start;
    bool multifd_flush_after_each_section;

    MigrationStatus state;
    char *error_desc;
};

/** migrate_get_current: the migration object; it must exist. */
MigrationState *migrate_get_current(void);

/** migration_is_running: whether a migration is in progress. */
bool migration_is_running(void);

/**
 * migrate_params_check: check each parameter present in @params, and
 * the relations between them; the error names the parameter.
 */
bool migrate_params_check(const MigrationParameters *params, Error **errp);

/**
 * migrate_params_merge: @cur with every member present in @set
 * replacing it (a JSON null string becomes "").  Returns a new value.
 */
MigrationParameters *migrate_params_merge(const MigrationParameters *cur,
                                          const MigrateSetParameters *set,
                                          Error **errp);

/** migrate_set_params_to_qdict: @params as a QDict of its members. */
QDict *migrate_set_params_to_qdict(const MigrateSetParameters *params);

/**
 * migrate_params_overlay: copy every member of @changes into @base;
 * with @null_as_empty a JSON null becomes "" (StrOrNull's reset).
 */
void migrate_params_overlay(QDict *base, const QDict *changes,
                            bool null_as_empty);

/**
 * migration_incoming_apply_config: apply the -incoming config:
 * parameters to @s, if any were given.
 */
bool migration_incoming_apply_config(MigrationState *s, Error **errp);

/**
 * migrate_params_apply: merge @set into the object's parameters, check
 * the result against the parameters and capabilities, and install it;
 * nothing changes on error.
 */
bool migrate_params_apply(MigrationState *s, const MigrateSetParameters *set,
                          Error **errp);

/**
 * migrate_caps_check: whether capabilities @new_caps (changed from
 * @old_caps) are consistent with each other and the parameters.
 */
bool migrate_caps_check(const bool *old_caps, const bool *new_caps,
                        Error **errp);

#endif
