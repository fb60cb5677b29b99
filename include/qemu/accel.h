/*
 * Accelerators: the engine that runs guest code (`-accel tcg`).  An
 * accelerator is an object-compat, so versioned machine types can change
 * its defaults; its class can also carry compat properties of its own
 * (slot 0) for objects created after it.
 */
#ifndef QEMU_ACCEL_H
#define QEMU_ACCEL_H

#include "qom/object.h"
#include "qom/object-compat.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-" TYPE_ACCEL
#define ACCEL_CLASS_NAME(a) (a ACCEL_CLASS_SUFFIX)

typedef struct MachineState MachineState;

typedef struct AccelState {
    ObjectCompat parent_obj;
} AccelState;

typedef struct AccelClass {
    ObjectCompatClass parent_class;

    const char *name;
    /* Prepare the accelerator for @ms; -errno on failure. */
    int (*init_machine)(AccelState *accel, MachineState *ms, Error **errp);
    /* GlobalProperty * the accelerator imposes (compat slot 0), or NULL */
    GPtrArray *compat_props;
} AccelClass;

#define ACCEL(obj) OBJECT_CHECK(AccelState, (obj), TYPE_ACCEL)
#define ACCEL_CLASS(klass) OBJECT_CLASS_CHECK(AccelClass, (klass), TYPE_ACCEL)
#define ACCEL_GET_CLASS(obj) OBJECT_GET_CLASS(AccelClass, (obj), TYPE_ACCEL)

/** accel_find: the accelerator class for a name such as "tcg", or NULL. */
AccelClass *accel_find(const char *opt_name);

/** accel_print_help: what `-accel help` prints. */
void accel_print_help(void);

/**
 * accel_create: register @ac's compat properties in slot 0, create the
 * accelerator object at /machine/accel, and set @props (a QDict of
 * strings) on it.  Start-up phase 3.
 */
AccelState *accel_create(AccelClass *ac, const QDict *props, Error **errp);

/** accel_init_machine: let @accel prepare @ms. */
bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp);

/** current_accel: the accelerator in use, or NULL before phase 3. */
AccelState *current_accel(void);

/** current_accel_name: its short name ("tcg"). */
const char *current_accel_name(void);

#endif
