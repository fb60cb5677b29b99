/*
 * Migration of the guest's time base: QEMU's "timer" section.  The
 * source sends QEMU_CLOCK_VIRTUAL (frozen while the VM is stopped); the
 * destination sets its virtual clock to that value, so mtime, stimecmp
 * and every armed virtual timer keep their meaning across the move.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "system/cpu-timers.h"
#include "system/cpu-timers-internal.h"

TimersState timers_state;
static bool timers_registered;

int64_t cpu_get_clock(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static int timers_pre_save(void *opaque)
{
    TimersState *s = opaque;

    s->cpu_clock_offset = cpu_get_clock();
    s->cpu_ticks_offset = s->cpu_clock_offset;
    return 0;
}

static bool timers_post_load(void *opaque, int version_id, Error **errp)
{
    TimersState *s = opaque;

    if (s->cpu_clock_offset < 0) {
        error_setg(errp, "virtual clock %" PRId64 " ns in the "
                   "migration stream is invalid, expected a non-negative "
                   "time", s->cpu_clock_offset);
        return false;
    }
    qemu_clock_set_virtual_ns(s->cpu_clock_offset);
    return true;
}

const VMStateDescription vmstate_timers = {
    .name = "timer",
    .version_id = 2,
    /* version 1 had no virtual clock: nothing to continue from */
    .minimum_version_id = 2,
    .pre_save = timers_pre_save,
    .post_load_errp = timers_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(cpu_ticks_offset, TimersState),
        VMSTATE_UNUSED(8),
        VMSTATE_INT64_V(cpu_clock_offset, TimersState, 2),
        VMSTATE_END_OF_LIST()
    },
};

void cpu_timers_init(void)
{
    if (timers_registered) {
        return;
    }
    timers_registered = true;
    vmstate_register(NULL, 0, &vmstate_timers, &timers_state);
}
