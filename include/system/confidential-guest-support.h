/*
 * Confidential guest support: the abstract base of objects that turn on
 * a memory-encryption technology for the guest (for example AMD SEV or
 * RISC-V CoVE).  A machine links to one with
 * `-machine confidential-guest-support=<id>`.
 */
#ifndef SYSTEM_CONFIDENTIAL_GUEST_SUPPORT_H
#define SYSTEM_CONFIDENTIAL_GUEST_SUPPORT_H

#include "qom/object.h"
#include "qom/object-compat.h"

#define TYPE_CONFIDENTIAL_GUEST_SUPPORT "confidential-guest-support"
OBJECT_DECLARE_TYPE(ConfidentialGuestSupport, ConfidentialGuestSupportClass,
                    CONFIDENTIAL_GUEST_SUPPORT)

struct ConfidentialGuestSupport {
    ObjectCompat parent_obj;

    /* Set by the technology once the guest is set up for it. */
    bool ready;
};

struct ConfidentialGuestSupportClass {
    ObjectCompatClass parent_class;

    /* Prepare the machine; called once at machine init. */
    bool (*kvm_init)(ConfidentialGuestSupport *cgs, Error **errp);
};

/**
 * confidential_guest_support_init: let @cgs prepare the machine; an
 * error when the technology cannot run here.
 */
bool confidential_guest_support_init(ConfidentialGuestSupport *cgs,
                                     Error **errp);

#endif
