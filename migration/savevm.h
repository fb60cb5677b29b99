/*
 * The migration stream: its sections, in the order the registry gives
 * them, written and read.  Names are QEMU's (migration/savevm.h).
 * The format is documented in docs/devel/migration/stream.rst.
 */
#ifndef MIGRATION_SAVEVM_H
#define MIGRATION_SAVEVM_H

typedef struct QEMUFile QEMUFile;

#define QEMU_VM_FILE_MAGIC           0x5145564d     /* "QEVM" */
#define QEMU_VM_FILE_VERSION_COMPAT  0x00000002
#define QEMU_VM_FILE_VERSION         0x00000003

/* Section types: the byte that starts each part of the stream. */
#define QEMU_VM_EOF                  0x00
#define QEMU_VM_SECTION_START        0x01
#define QEMU_VM_SECTION_PART         0x02
#define QEMU_VM_SECTION_END          0x03
#define QEMU_VM_SECTION_FULL         0x04
#define QEMU_VM_SUBSECTION           0x05
#define QEMU_VM_VMDESCRIPTION        0x06
#define QEMU_VM_CONFIGURATION        0x07
#define QEMU_VM_COMMAND              0x08
#define QEMU_VM_SECTION_FOOTER       0x7e

/* Subcommands of a QEMU_VM_COMMAND section (be16 command, be16 len). */
enum qemu_vm_cmd {
    MIG_CMD_INVALID = 0,
    MIG_CMD_OPEN_RETURN_PATH,       /* 1: the source wants replies */
    MIG_CMD_PING,                   /* 2: be32 value, answered by PONG */
    MIG_CMD_POSTCOPY_ADVISE,        /* 3 */
    MIG_CMD_POSTCOPY_LISTEN,        /* 4 */
    MIG_CMD_POSTCOPY_RUN,           /* 5 */
    MIG_CMD_POSTCOPY_RAM_DISCARD,   /* 6 */
    MIG_CMD_PACKAGED,               /* 7 */
    MIG_CMD_ENABLE_COLO,            /* 8 */
    MIG_CMD_POSTCOPY_RESUME,        /* 9 */
    MIG_CMD_RECV_BITMAP,            /* 10 */
    MIG_CMD_SWITCHOVER_START,       /* 11: iterative data all sent */
    MIG_CMD_MAX
};

/**
 * qemu_savevm_state_header: write the magic, the version and (when
 * migrate_send_configuration()) the configuration section carrying
 * the machine type name.
 */
void qemu_savevm_state_header(QEMUFile *f);

/**
 * qemu_savevm_state_setup: (BQL) run save_prepare/save_setup of the
 * live sections and write their START sections, then the FULL sections
 * of the early_setup descriptions.  Returns 0 or negative with @errp.
 */
int qemu_savevm_state_setup(QEMUFile *f, Error **errp);

/**
 * qemu_savevm_state_iterate: write one PART section per active live
 * section whose iteration is not done.  Returns 1 when every iterable
 * section finished, 0 when there is more, <0 on error.  Stops early
 * (returning 0) when the rate limit is reached.
 */
int qemu_savevm_state_iterate(QEMUFile *f, bool postcopy);

/**
 * qemu_savevm_state_pending_estimate: what the live sections still
 * have to send, cheap figures.
 */
void qemu_savevm_state_pending_estimate(uint64_t *must_precopy,
                                        uint64_t *can_postcopy);

/**
 * qemu_savevm_state_pending_exact: same after a precise count (a RAM
 * dirty bitmap sync).
 */
void qemu_savevm_state_pending_exact(uint64_t *must_precopy,
                                     uint64_t *can_postcopy);

/**
 * qemu_savevm_state_complete_precopy: (BQL, VM stopped) the END
 * sections of the live sections; unless @iterable_only, then the FULL
 * sections of every vmstate section and the EOF byte; the file is
 * flushed.  Returns 0 or a negative errno (the error is reported).
 */
int qemu_savevm_state_complete_precopy(QEMUFile *f, bool iterable_only);

/**
 * qemu_savevm_state_complete_precopy_non_iterable: the FULL sections
 * and EOF only (ours, for a caller that ended the iterables itself).
 */
int qemu_savevm_state_complete_precopy_non_iterable(QEMUFile *f,
                                                    Error **errp);

/**
 * qemu_savevm_state_postcopy_devices: the FULL sections of every
 * vmstate section, without EOF (the device state of the postcopy
 * package).  Returns 0 or negative with @errp.
 */
int qemu_savevm_state_postcopy_devices(QEMUFile *f, Error **errp);

/**
 * qemu_savevm_state_complete_postcopy: the END sections of the live
 * sections that go on in postcopy, then EOF; flushed.  Returns 0 or a
 * negative errno (recorded in @f).
 */
int qemu_savevm_state_complete_postcopy(QEMUFile *f);

/**
 * qemu_savevm_command_send: write a COMMAND section: @cmd, @len and
 * @len bytes of @data.
 */
void qemu_savevm_command_send(QEMUFile *f, enum qemu_vm_cmd cmd,
                              uint16_t len, const uint8_t *data);

/**
 * qemu_savevm_maybe_send_switchover_start: write
 * MIG_CMD_SWITCHOVER_START when migrate_send_switchover_start().
 */
void qemu_savevm_maybe_send_switchover_start(QEMUFile *f);

/** qemu_savevm_send_open_return_path: write MIG_CMD_OPEN_RETURN_PATH. */
void qemu_savevm_send_open_return_path(QEMUFile *f);

/** qemu_savevm_send_ping: write MIG_CMD_PING with @value. */
void qemu_savevm_send_ping(QEMUFile *f, uint32_t value);

/** qemu_savevm_state_cleanup: save_cleanup of every live section. */
void qemu_savevm_state_cleanup(void);

/**
 * qemu_savevm_state_blocked: true (with @errp naming the first) when a
 * registered description is unmigratable.
 */
bool qemu_savevm_state_blocked(Error **errp);

/**
 * qemu_savevm_state_guest_unplug_pending: whether a registered device
 * reports an unplug in progress (dev_unplug_pending).
 */
bool qemu_savevm_state_guest_unplug_pending(void);

/**
 * qemu_save_device_state: header, then FULL sections of every vmstate
 * section (no live sections), then EOF.  Returns 0 or negative.
 */
int qemu_save_device_state(QEMUFile *f);

/**
 * qemu_loadvm_state: read a whole stream from @f: header, configuration
 * (machine type checked against current_machine's), sections until
 * EOF.  Runs in the incoming thread without the BQL: each vmstate
 * section (and its post_load) is loaded under bql_lock(); live
 * sections' load_state runs without it.  Returns 0, or negative with
 * @errp saying what was wrong (bad magic or version, other machine
 * type, unknown section, unsupported version, truncated or corrupt
 * data).
 */
int qemu_loadvm_state(QEMUFile *f, Error **errp);

/* A command's result: the package ends here (POSTCOPY_RUN). */
#define LOADVM_QUIT 1

/**
 * qemu_loadvm_stream_error: 0 if @f has no error; else its (negative)
 * error, with @errp saying the stream ended or failed @where.
 */
int qemu_loadvm_stream_error(QEMUFile *f, Error **errp, const char *where);

/**
 * qemu_loadvm_state_main: read sections and commands from @f until
 * EOF (0), a command that ends it (LOADVM_QUIT), or an error
 * (negative, with @errp).  No header; used for the postcopy package.
 */
int qemu_loadvm_state_main(QEMUFile *f, Error **errp);

/**
 * qemu_loadvm_state_resume: (postcopy recovery) go on loading, from
 * the new channel @f, the stream whose postcopy paused: no header,
 * the sections known from before.  Returns as qemu_loadvm_state().
 */
int qemu_loadvm_state_resume(QEMUFile *f, Error **errp);

/**
 * qemu_loadvm_state_cleanup: load_cleanup of every live section (also
 * run by qemu_loadvm_state itself when it ends).
 */
void qemu_loadvm_state_cleanup(void);

/**
 * qemu_loadvm_switchover_started: whether MIG_CMD_SWITCHOVER_START was
 * received by the last qemu_loadvm_state (ours, for tests and the
 * incoming side).
 */
bool qemu_loadvm_switchover_started(void);

#endif
