/*
 * The abstract accelerator and the choice of one at start-up.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qom/object_interfaces.h"
#include "qemu/accel.h"
#include "hw/boards.h"

static AccelState *accel_in_use;

AccelClass *accel_find(const char *opt_name)
{
    g_autofree char *class_name = g_strdup_printf(ACCEL_CLASS_NAME("%s"),
                                                  opt_name);
    ObjectClass *oc = object_class_by_name(class_name);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_ACCEL)) {
        return NULL;
    }
    return ACCEL_CLASS(oc);
}

void accel_print_help(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_ACCEL, false);

    printf("Accelerators supported in QEMU binary:\n");
    for (GSList *l = list; l; l = l->next) {
        printf("%s\n", ACCEL_CLASS(l->data)->name);
    }
    g_slist_free(list);
}

AccelState *accel_create(AccelClass *ac, const QDict *props, Error **errp)
{
    Object *obj;

    if (ac->compat_props) {
        object_compat_register(COMPAT_SLOT_ACCEL, ac->compat_props);
    }
    obj = object_new(object_class_get_name(OBJECT_CLASS(ac)));
    if (props) {
        Error *err = NULL;

        object_set_properties_from_keyval(obj, props, false, &err);
        if (err) {
            error_propagate(errp, err);
            object_unref(obj);
            return NULL;
        }
    }
    if (current_machine) {
        object_property_add_child(OBJECT(current_machine), "accel", obj);
        object_unref(obj);
    }
    accel_in_use = ACCEL(obj);
    return accel_in_use;
}

bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp)
{
    AccelClass *ac = ACCEL_GET_CLASS(accel);

    if (ac->init_machine && ac->init_machine(accel, ms, errp) < 0) {
        return false;
    }
    ms->accelerator = accel;
    return true;
}

AccelState *current_accel(void)
{
    return accel_in_use;
}

const char *current_accel_name(void)
{
    return accel_in_use ? ACCEL_GET_CLASS(accel_in_use)->name : NULL;
}

static void accel_instance_post_init(Object *obj)
{
    object_apply_globals_post_init(obj);
}

static const TypeInfo accel_info = {
    .name = TYPE_ACCEL,
    .parent = TYPE_OBJECT_COMPAT,
    .abstract = true,
    .instance_size = sizeof(AccelState),
    .class_size = sizeof(AccelClass),
    .instance_post_init = accel_instance_post_init,
};

static void accel_register_types(void)
{
    type_register_static(&accel_info);
}

type_init(accel_register_types)
