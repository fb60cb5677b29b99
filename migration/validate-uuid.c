/*
 * The validate-uuid capability (see validate-uuid.h).  As in QEMU, the
 * destination checks the UUID whenever the source sent it, whatever
 * the destination's own capability says.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/vm-uuid.h"
#include "migration/options.h"
#include "migration/validate-uuid.h"

bool migration_uuid_needed(void)
{
    return qemu_vm_uuid() && migrate_validate_uuid();
}

void migration_uuid_get(QemuUUID *uuid)
{
    const QemuUUID *local = qemu_vm_uuid();

    memset(uuid, 0, sizeof(*uuid));
    if (local) {
        *uuid = *local;
    }
}

bool migration_uuid_check(const QemuUUID *received, Error **errp)
{
    const QemuUUID *local = qemu_vm_uuid();
    g_autofree char *src = qemu_uuid_unparse_strdup(received);
    g_autofree char *dst = NULL;

    if (!local) {
        /* e.g. an old saved state loaded without -uuid: not an error */
        warn_report("UUID is received %s, but local uuid isn't set", src);
        return true;
    }
    if (!qemu_uuid_is_equal(received, local)) {
        dst = qemu_uuid_unparse_strdup(local);
        error_setg(errp, "UUID received is %s and local is %s", src, dst);
        return false;
    }
    return true;
}
