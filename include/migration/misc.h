/*
 * What the rest of the emulator needs from migration.
 */
#ifndef MIGRATION_MISC_H
#define MIGRATION_MISC_H

/**
 * migration_incoming_parse_option: handle one `-incoming` argument: a
 * URI, "defer", or "config:" followed by key=value pairs or a JSON
 * object of migration parameters.  Parameters are checked now (key,
 * type, range) and kept until the migration object exists; several
 * config: options merge, later ones winning.
 */
bool migration_incoming_parse_option(const char *optarg, Error **errp);

/** migration_incoming_uri: the URI or "defer" given, or NULL. */
const char *migration_incoming_uri(void);

/**
 * migration_object_init: create the migration object (start-up phase
 * 4).  Its compat properties and -global values are applied as it is
 * created; then the -incoming config: parameters, checked together with
 * them.
 */
bool migration_object_init(Error **errp);

/**
 * migration_incoming_start_from_cmdline: start listening on the
 * -incoming URI, unless it was "defer" or not given.
 */
bool migration_incoming_start_from_cmdline(Error **errp);

/** migration_object_finalize: drop the migration object at exit. */
void migration_object_finalize(void);

/** migration_incoming_cleanup: forget the -incoming options. */
void migration_incoming_cleanup(void);

/**
 * migration_postcopy_shutdown: the process exits: release guest RAM
 * from postcopy's userfaultfd, so that vCPUs waiting for pages that
 * will never come can stop.
 */
void migration_postcopy_shutdown(void);

/**
 * migration_postcopy_vcpus_wait: true, with @errp saying why, when the
 * vCPUs may wait for pages that only a paused postcopy migration can
 * bring: stopping or resetting them would wait as long.
 */
bool migration_postcopy_vcpus_wait(Error **errp);

#endif
