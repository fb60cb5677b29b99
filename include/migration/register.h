/*
 * Live sections of the migration stream: state that is sent in several
 * passes (RAM) through callbacks rather than a VMStateDescription.
 * Names and semantics are QEMU's (include/migration/register.h).
 */
#ifndef MIGRATION_REGISTER_H
#define MIGRATION_REGISTER_H

#include "hw/vmstate-if.h"

typedef struct QEMUFile QEMUFile;

/*
 * SaveVMHandlers: callbacks of a live section.  All are optional.
 * Source side, in call order:
 * @save_prepare: (BQL) before setup, may refuse the migration
 * @save_setup: (BQL) writes the START section's payload
 * @is_active: whether the section takes part at all (default: yes)
 * @is_active_iterate: whether it takes part in this iteration
 * @save_live_iterate: (no BQL) writes one PART section's payload;
 *     returns 1 when everything was sent, 0 when more is left, <0 on
 *     error
 * @state_pending_estimate: (no BQL) cheap estimate of what is left:
 *     adds to *@must_precopy and *@can_postcopy
 * @state_pending_exact: (BQL may be taken inside) exact figures after
 *     a dirty bitmap sync
 * @save_live_complete_precopy: (BQL, VM stopped) writes the END
 *     section's payload: everything that is left
 * @switchover_start: (destination) MIG_CMD_SWITCHOVER_START arrived
 * @save_cleanup: (BQL) after success, failure or cancel
 * Destination side:
 * @load_setup: (incoming thread, no BQL) before the first section
 * @load_state: (incoming thread, no BQL) reads one section's payload
 *     (START, PART, END or FULL)
 * @load_cleanup: after loading ended, whatever the outcome
 */
typedef struct SaveVMHandlers {
    int (*save_prepare)(void *opaque, Error **errp);
    int (*save_setup)(QEMUFile *f, void *opaque, Error **errp);
    void (*save_cleanup)(void *opaque);
    int (*save_live_complete_postcopy)(QEMUFile *f, void *opaque);
    int (*save_live_complete_precopy)(QEMUFile *f, void *opaque);
    bool (*is_active)(void *opaque);
    bool (*has_postcopy)(void *opaque);
    bool (*is_active_iterate)(void *opaque);
    int (*save_live_iterate)(QEMUFile *f, void *opaque);
    void (*state_pending_estimate)(void *opaque, uint64_t *must_precopy,
                                   uint64_t *can_postcopy);
    void (*state_pending_exact)(void *opaque, uint64_t *must_precopy,
                                uint64_t *can_postcopy);
    int (*load_state)(QEMUFile *f, void *opaque, int version_id);
    int (*load_setup)(QEMUFile *f, void *opaque, Error **errp);
    int (*load_cleanup)(void *opaque);
    bool (*switchover_ack_needed)(void *opaque);
    int (*switchover_start)(void *opaque);
} SaveVMHandlers;

/**
 * register_savevm_live: add a live section named @idstr (instance
 * @instance_id, or VMSTATE_INSTANCE_ID_ANY for the next free one) with
 * version @version_id, driven by @ops with @opaque.  Returns 0.
 */
int register_savevm_live(const char *idstr, uint32_t instance_id,
                         int version_id, const SaveVMHandlers *ops,
                         void *opaque);

/**
 * unregister_savevm: remove the live section(s) named @idstr (prefixed
 * by @obj's vmstate id when @obj is given) registered with @opaque.
 */
void unregister_savevm(VMStateIf *obj, const char *idstr, void *opaque);

#endif
