/*
 * The "globalstate" section: the source's run state, so that the
 * destination can resume as the source was (running or paused).
 * Names are QEMU's (include/migration/global_state.h).
 */
#ifndef MIGRATION_GLOBAL_STATE_H
#define MIGRATION_GLOBAL_STATE_H

#include "qapi/qapi-types.h"

/** register_global_state: register the section (once, at start-up). */
void register_global_state(void);

/** global_state_store: remember the current run state for sending. */
void global_state_store(void);

/** global_state_store_running: remember "running" for sending. */
void global_state_store_running(void);

/**
 * global_state_received: whether the last incoming stream carried the
 * section.
 */
bool global_state_received(void);

/**
 * global_state_get_runstate: the run state received (RUN_STATE_RUNNING
 * until one is received).
 */
RunState global_state_get_runstate(void);

#endif
