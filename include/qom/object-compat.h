/*
 * object-compat: the root class of objects with versioned defaults,
 * the machine start-up phases, and -global.
 *
 * Where a property's value comes from, lowest precedence first:
 *
 *   1. the class default (DEFINE_PROP_* default, object_property_set_
 *      default_*(), or whatever instance_init stores);
 *   2. slot 0, COMPAT_SLOT_ACCEL: compat properties of the accelerator;
 *   3. slot 1, COMPAT_SLOT_MACHINE: compat properties of the machine
 *      type (a versioned machine registers its array, then its
 *      parents');
 *   4. slot 2, COMPAT_SLOT_LEGACY: properties derived from legacy
 *      command line options;
 *   5. -global DRIVER.PROP=VALUE;
 *   6. the object's own options (-device, -object, -machine, or the
 *      properties its creator sets after object_new());
 *   7. QMP/HMP at run time (qom-set).
 *
 * How: TYPE_OBJECT_COMPAT's instance_post_init applies slots 0, 1, 2 in
 * that order, each entry through object_property_parse(), so a later
 * entry overrides an earlier one.  Subclasses that honour -global
 * (TYPE_DEVICE, the migration object) call object_apply_globals() from
 * their own instance_post_init, which runs after their parent's.  Steps
 * 6 and 7 happen after object_new() returns.  No other code applies
 * compat properties.
 *
 * Errors: instance_post_init cannot fail, so an error applying a compat
 * property or a -global (unknown property, bad value) goes through
 * object_compat_report_init_error(): during start-up (before
 * PHASE_MACHINE_READY) it is fatal (reported, exit(1)), as QEMU does
 * for the command line; afterwards it is recorded in the object
 * (object_set_init_error()) and the creation fails cleanly with it at
 * user_creatable_complete(), qdev_realize() or object_new_with_props().
 */
#ifndef QOM_OBJECT_COMPAT_H
#define QOM_OBJECT_COMPAT_H

#include "qom/object.h"

#define TYPE_OBJECT_COMPAT "object-compat"

OBJECT_DECLARE_TYPE(ObjectCompat, ObjectCompatClass, OBJECT_COMPAT)

/*
 * object-compat adds no state: subclasses may start their instance with
 * either "ObjectCompat parent_obj" or "Object parent_obj" (same layout).
 */
struct ObjectCompat {
    Object parent_obj;
};

struct ObjectCompatClass {
    ObjectClass parent_class;
};

typedef enum CompatSlot {
    COMPAT_SLOT_ACCEL,
    COMPAT_SLOT_MACHINE,
    COMPAT_SLOT_LEGACY,
    COMPAT_SLOT__MAX
} CompatSlot;

/*
 * A property value for every object of type @driver (or a subtype, or
 * a type implementing interface @driver).  @used is set once it has
 * been applied to some object.  @optional: objects of a matching type
 * that lack @property are skipped instead of failing.
 */
typedef struct GlobalProperty {
    const char *driver;
    const char *property;
    const char *value;
    bool used;
    bool optional;
} GlobalProperty;

/*
 * Append the GlobalProperty pointers of @props to slot @slot.  The
 * entries are not copied nor owned: they must outlive their use.  May
 * be called several times per slot (later entries override earlier
 * ones when they name the same property).
 */
void object_compat_register(CompatSlot slot, GPtrArray *props);

/* Forget every entry of slot @slot (for tests). */
void object_compat_clear(CompatSlot slot);

/* The entries of slot @slot, in application order (may be empty). */
const GPtrArray *object_compat_get(CompatSlot slot);

/* Name of @slot: "accel", "machine", "legacy". */
const char *object_compat_slot_name(CompatSlot slot);

/*
 * Apply to @obj every entry of @props whose driver @obj is an instance
 * of, in order, with object_property_parse(); mark them used.  A
 * matching entry naming a property @obj lacks is an error unless
 * optional.  Errors are prefixed "can't apply global D.P=V: ".  With
 * @errp NULL, errors are reported as warnings and the remaining entries
 * still applied; otherwise the first error stops and is returned.
 */
bool object_apply_global_props(Object *obj, const GPtrArray *props,
                               Error **errp);

/*
 * Handle @err raised while initialising @obj (takes ownership): fatal
 * before PHASE_MACHINE_READY, recorded in @obj afterwards (see the top
 * of this file).
 */
void object_compat_report_init_error(Object *obj, Error *err);

/* ---- -global ----------------------------------------------------------- */

/* Append @prop to the -global list (not copied, not owned). */
void qdev_prop_register_global(GlobalProperty *prop);

/*
 * Parse a -global argument and register it.  Accepted forms:
 * "DRIVER.PROPERTY=VALUE" and "driver=DRIVER,property=PROPERTY,
 * value=VALUE" (',,' is a literal comma in the second form).
 */
bool qdev_global_option(const char *str, Error **errp);

/* QEMU's name: qdev_global_option() reporting the error; 0 or -1. */
int qemu_global_option(const char *str);

/* Apply the -global list to @obj (see object_apply_global_props()). */
bool object_apply_globals(Object *obj, Error **errp);

/*
 * For a subclass's instance_post_init: apply the -global list to @obj
 * and hand any error to object_compat_report_init_error() (fatal during
 * start-up, reported to the creator afterwards).  Prefer this to
 * object_apply_globals(obj, &error_fatal), which would let a bad
 * object-add at run time end the process.
 */
void object_apply_globals_post_init(Object *obj);

/*
 * After start-up: warn about every -global that was never used,
 * "global D.P has invalid class name" when type D does not exist, or
 * "global D.P=V not used" when it exists and is not a hotpluggable
 * device type (those may still be used by a later device_add).
 * Returns the number of warnings.
 */
int qdev_prop_check_globals(void);

/* Forget the -global list (for tests). */
void qdev_prop_clear_globals(void);

/* ---- Machine start-up phases ------------------------------------------- */

typedef enum MachineInitPhase {
    PHASE_NO_MACHINE,               /* options parsed, no machine yet */
    PHASE_MACHINE_CREATED,          /* machine object exists (slot 1) */
    PHASE_ACCEL_CREATED,            /* accelerator exists (slot 0) */
    PHASE_LATE_BACKENDS_CREATED,    /* -object backends, migration object */
    PHASE_MACHINE_INITIALIZED,      /* board init done, -device created */
    PHASE_MACHINE_READY,            /* reset done: start-up is over */
} MachineInitPhase;

/* Whether the current phase is @phase or later. */
bool phase_check(MachineInitPhase phase);

/* Move to @phase, which must be exactly the next phase (else abort). */
void phase_advance(MachineInitPhase phase);

/* The current phase. */
MachineInitPhase phase_get(void);

/*
 * Name of @phase: "no-machine", "machine-created", "accel-created",
 * "late-backends-created", "machine-initialized", "machine-ready".
 */
const char *phase_name(MachineInitPhase phase);

#endif
