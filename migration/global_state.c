/*
 * The "globalstate" section: the run state of the source.
 *
 * On the stream: be32 length of the name (with its NUL), then a fixed
 * 100-byte buffer holding the NUL-terminated RunState name.  It is
 * sent when migrate_store_global_state() is on (current machine
 * types), or for any state other than running/paused.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/util.h"
#include "qemu/cutils.h"
#include "system/runstate.h"
#include "migration/vmstate.h"
#include "migration/global_state.h"
#include "migration/options.h"

typedef struct GlobalState {
    uint32_t size;
    uint8_t runstate[100];
    RunState state;
    bool received;
} GlobalState;

static GlobalState global_state = { .state = RUN_STATE_RUNNING };

static void global_state_do_store(RunState state)
{
    pstrcpy((char *)global_state.runstate, sizeof(global_state.runstate),
            RunState_str(state));
}

void global_state_store(void)
{
    global_state_do_store(runstate_get());
}

void global_state_store_running(void)
{
    global_state_do_store(RUN_STATE_RUNNING);
}

bool global_state_received(void)
{
    return global_state.received;
}

RunState global_state_get_runstate(void)
{
    return global_state.state;
}

static bool global_state_needed(void *opaque)
{
    GlobalState *s = opaque;
    const char *name = s->runstate[0] ? (const char *)s->runstate
                                      : RunState_str(runstate_get());

    if (migrate_store_global_state()) {
        return true;
    }
    return strcmp(name, "running") != 0 && strcmp(name, "paused") != 0;
}

static int global_state_pre_save(void *opaque)
{
    GlobalState *s = opaque;

    if (!s->runstate[0]) {
        /* Nothing stored: say what the VM is doing now. */
        global_state_store();
    }
    s->size = strnlen((char *)s->runstate, sizeof(s->runstate)) + 1;
    return 0;
}

static int global_state_pre_load(void *opaque)
{
    GlobalState *s = opaque;

    s->received = false;
    s->state = RUN_STATE_RUNNING;
    return 0;
}

static bool global_state_post_load(void *opaque, int version_id,
                                   Error **errp)
{
    GlobalState *s = opaque;
    const char *name = (const char *)s->runstate;
    size_t len = strnlen(name, sizeof(s->runstate));
    int r;

    if (len == sizeof(s->runstate) || s->size != len + 1) {
        error_setg(errp, "invalid run state: not a string of %" PRIu32
                   " bytes", s->size);
        s->runstate[0] = '\0';
        return false;
    }
    r = qapi_enum_parse(&RunState_lookup, name, -1, NULL);
    if (r < 0) {
        error_setg(errp, "unknown run state '%s'", name);
        /* Do not send it on later: store the state of the moment. */
        s->runstate[0] = '\0';
        return false;
    }
    s->state = r;
    s->received = true;
    return true;
}

static const VMStateDescription vmstate_globalstate = {
    .name = "globalstate",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = global_state_post_load,
    .pre_load = global_state_pre_load,
    .pre_save = global_state_pre_save,
    .needed = global_state_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, GlobalState),
        VMSTATE_BUFFER(runstate, GlobalState),
        VMSTATE_END_OF_LIST()
    },
};

void register_global_state(void)
{
    static bool registered;

    if (registered) {
        return;
    }
    registered = true;
    /* Nothing stored yet: pre_save stores the state of the moment. */
    global_state.runstate[0] = '\0';
    vmstate_register(NULL, 0, &vmstate_globalstate, &global_state);
}
