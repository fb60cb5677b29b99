/*
 * The abstract confidential-guest-support object.  Concrete kinds need
 * host support (an accelerator with memory encryption); none is built
 * here, but the base, its compat handling and the machine link are.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object_interfaces.h"
#include "system/confidential-guest-support.h"

bool confidential_guest_support_init(ConfidentialGuestSupport *cgs,
                                     Error **errp)
{
    ConfidentialGuestSupportClass *cgsc =
        CONFIDENTIAL_GUEST_SUPPORT_GET_CLASS(cgs);

    if (!cgsc->kvm_init) {
        error_setg(errp, "confidential guest support '%s' (%s) needs an "
                   "accelerator with memory encryption, which this build "
                   "does not have",
                   object_get_canonical_path_component(OBJECT(cgs)),
                   object_get_typename(OBJECT(cgs)));
        return false;
    }
    return cgsc->kvm_init(cgs, errp);
}

static void cgs_instance_post_init(Object *obj)
{
    object_apply_globals_post_init(obj);
}

static const TypeInfo cgs_info = {
    .name = TYPE_CONFIDENTIAL_GUEST_SUPPORT,
    .parent = TYPE_OBJECT_COMPAT,
    .abstract = true,
    .instance_size = sizeof(ConfidentialGuestSupport),
    .class_size = sizeof(ConfidentialGuestSupportClass),
    .instance_post_init = cgs_instance_post_init,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { }
    },
};

static void register_types(void)
{
    type_register_static(&cgs_info);
}

type_init(register_types);
