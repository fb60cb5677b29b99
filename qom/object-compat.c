/*
 * object-compat: compat property slots applied at instance_post_init,
 * and the machine start-up phases.  The precedence rules are described
 * in include/qom/object-compat.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "qom/object-compat.h"

/* ---- Phases ------------------------------------------------------------ */

static MachineInitPhase machine_phase;

static const char *const phase_names[] = {
    [PHASE_NO_MACHINE] = "no-machine",
    [PHASE_MACHINE_CREATED] = "machine-created",
    [PHASE_ACCEL_CREATED] = "accel-created",
    [PHASE_LATE_BACKENDS_CREATED] = "late-backends-created",
    [PHASE_MACHINE_INITIALIZED] = "machine-initialized",
    [PHASE_MACHINE_READY] = "machine-ready",
};

bool phase_check(MachineInitPhase phase)
{
    return machine_phase >= phase;
}

void phase_advance(MachineInitPhase phase)
{
    if (phase != machine_phase + 1) {
        fprintf(stderr, "phase_advance: cannot go from phase '%s' to '%s'\n",
                phase_name(machine_phase), phase_name(phase));
        abort();
    }
    machine_phase = phase;
}

MachineInitPhase phase_get(void)
{
    return machine_phase;
}

const char *phase_name(MachineInitPhase phase)
{
    if ((unsigned)phase >= ARRAY_SIZE(phase_names)) {
        return "invalid-phase";
    }
    return phase_names[phase];
}

/* ---- Slots ------------------------------------------------------------- */

static GPtrArray *compat_slots[COMPAT_SLOT__MAX];

static const char *const slot_names[COMPAT_SLOT__MAX] = {
    [COMPAT_SLOT_ACCEL] = "accel",
    [COMPAT_SLOT_MACHINE] = "machine",
    [COMPAT_SLOT_LEGACY] = "legacy",
};

static GPtrArray *compat_slot(CompatSlot slot)
{
    g_assert((unsigned)slot < COMPAT_SLOT__MAX);
    if (!compat_slots[slot]) {
        compat_slots[slot] = g_ptr_array_new();
    }
    return compat_slots[slot];
}

void object_compat_register(CompatSlot slot, GPtrArray *props)
{
    GPtrArray *arr = compat_slot(slot);
    guint i;

    if (!props) {
        return;
    }
    for (i = 0; i < props->len; i++) {
        g_ptr_array_add(arr, g_ptr_array_index(props, i));
    }
}

void object_compat_clear(CompatSlot slot)
{
    g_ptr_array_set_size(compat_slot(slot), 0);
}

const GPtrArray *object_compat_get(CompatSlot slot)
{
    return compat_slot(slot);
}

const char *object_compat_slot_name(CompatSlot slot)
{
    if ((unsigned)slot >= COMPAT_SLOT__MAX) {
        return "invalid-slot";
    }
    return slot_names[slot];
}

bool object_apply_global_props(Object *obj, const GPtrArray *props,
                               Error **errp)
{
    guint i;

    if (!props) {
        return true;
    }

    for (i = 0; i < props->len; i++) {
        GlobalProperty *p = g_ptr_array_index(props, i);
        Error *err = NULL;

        if (object_dynamic_cast(obj, p->driver) == NULL) {
            continue;
        }
        if (p->optional && !object_property_find(obj, p->property)) {
            continue;
        }
        p->used = true;
        if (!object_property_parse(obj, p->property, p->value, &err)) {
            error_prepend(&err, "can't apply global %s.%s=%s: ",
                          p->driver, p->property, p->value);
            if (errp) {
                error_propagate(errp, err);
                return false;
            }
            warn_report_err(err);
        }
    }
    return true;
}

void object_compat_report_init_error(Object *obj, Error *err)
{
    if (!phase_check(PHASE_MACHINE_READY)) {
        /* Start-up: a bad compat property or -global is fatal. */
        error_report_err(err);
        exit(1);
    }
    object_set_init_error(obj, err);
}

static void object_compat_post_init(Object *obj)
{
    int slot;

    for (slot = 0; slot < COMPAT_SLOT__MAX; slot++) {
        Error *err = NULL;

        if (!object_apply_global_props(obj, compat_slot(slot), &err)) {
            object_compat_report_init_error(obj, err);
            return;
        }
    }
}

static const TypeInfo object_compat_info = {
    .name = TYPE_OBJECT_COMPAT,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(ObjectCompat),
    .instance_post_init = object_compat_post_init,
    .class_size = sizeof(ObjectCompatClass),
    .abstract = true,
};

static void object_compat_register_types(void)
{
    type_register_static(&object_compat_info);
}

type_init(object_compat_register_types)
