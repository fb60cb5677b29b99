/*
 * The migration object: parameters, capabilities, and the state of the
 * current migration.  One exists per process, at /migration.
 */
#ifndef MIGRATION_MIGRATION_H
#define MIGRATION_MIGRATION_H

#include "qom/object.h"
#include "qom/object-compat.h"
#include "qapi/qapi-types.h"
#include "qemu/main-loop.h"

typedef struct QEMUFile QEMUFile;
typedef struct QIOChannel QIOChannel;

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

    /* The outgoing stream, set by the transport once it is connected. */
    QEMUFile *to_dst_file;
    /* Migration thread state: see migration.c. */
    GThread *thread;
    bool thread_running;
    int64_t start_time;         /* QEMU_CLOCK_REALTIME ms */
    int64_t setup_time;
    int64_t total_time;
    int64_t downtime;
    int64_t expected_downtime;
    int64_t downtime_start;
    double mbps;                /* throughput of the last window */
    RunState vm_old_state;      /* run state before the migration */
    /* pause-before-switchover waits here for migrate-continue. */
    GMutex pause_lock;
    GCond pause_cond;
    bool pause_continue;
    QEMUBH *cleanup_bh;
    /* Bumped when a pending connect is abandoned (migrate_cancel) */
    unsigned connect_gen;
};

/*
 * The destination side.  One exists per process; the incoming thread
 * reads the stream (without the BQL, taking it for device state).
 */
typedef struct MigrationIncomingState {
    QEMUFile *from_src_file;
    MigrationStatus state;
    /* Addresses a socket transport listens on (tcp port 0 resolved). */
    SocketAddressList *socket_address_list;
    /* Called once the stream arrived, to stop listening. */
    void (*transport_cleanup)(void *data);
    void *transport_data;
    bool exit_on_error;
    char *error_desc;
} MigrationIncomingState;

/** migration_incoming_get_current: the destination's state. */
MigrationIncomingState *migration_incoming_get_current(void);

/**
 * migration_ioc_process_incoming: the transport accepted @ioc, the
 * channel carrying the stream: start loading from it.  Takes its own
 * reference on @ioc.
 */
void migration_ioc_process_incoming(QIOChannel *ioc, Error **errp);

/**
 * migration_incoming_process: start loading from @ioc, the main
 * channel (every other channel the migration needs is there).  Takes
 * its own reference on @ioc.
 */
void migration_incoming_process(QIOChannel *ioc);

/**
 * migration_pause_before_switchover: with pause-before-switchover, wait
 * in pre-switchover (guest stopped, BQL dropped meanwhile) for
 * migrate-continue, then move to @next.  Migration thread, BQL held.
 * False if the migration was cancelled meanwhile.
 */
bool migration_pause_before_switchover(MigrationState *s,
                                       MigrationStatus next);

/**
 * migration_incoming_start_guest: after a load, run the guest as it
 * ran on the source, or leave it paused under -S.  Main loop, BQL.
 */
void migration_incoming_start_guest(void);

/**
 * migration_incoming_fail: the incoming migration failed with @err
 * (taken over) before its load started: stop listening, report it as
 * a failed load does.
 */
void migration_incoming_fail(Error *err);

/**
 * migration_connect: the outgoing transport connected (s->to_dst_file
 * is set) or failed with @error_in (then not NULL): start or fail the
 * migration.
 */
void migration_connect(MigrationState *s, Error *error_in);

/**
 * migrate_set_state: move *@state from @old_state to @new_state (only
 * if it is still @old_state), sending MIGRATION when `events` is on.
 */
void migrate_set_state(MigrationStatus *state, MigrationStatus old_state,
                       MigrationStatus new_state);

/**
 * migrate_uri_parse: @uri (tcp:HOST:PORT, unix:PATH, vsock:CID:PORT,
 * fd:NAME, exec:COMMAND, file:PATH[,offset=N]) as a main channel.
 */
MigrationChannel *migrate_uri_parse(const char *uri, Error **errp);

/**
 * migrate_channel_from_args: the main channel that `migrate` or
 * `migrate-incoming` was given, as @uri or as a list of exactly one
 * main channel (exactly one of the two).
 */
MigrationChannel *migrate_channel_from_args(const char *uri,
                                            bool has_channels,
                                            MigrationChannelList *channels,
                                            Error **errp);

/**
 * qemu_start_incoming_migration: listen on @uri or the main channel of
 * @channels (exactly one given) for the incoming stream.
 */
void qemu_start_incoming_migration(const char *uri, bool has_channels,
                                   MigrationChannelList *channels,
                                   Error **errp);

/** migrate_set_error: remember @error as why the migration failed. */
void migrate_set_error(MigrationState *s, const Error *error);

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
