/*
 * The VM's UUID: -uuid, query-uuid, "info uuid".
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-machine.h"
#include "monitor/hmp.h"
#include "system/vm-uuid.h"

static QemuUUID vm_uuid;
static bool vm_uuid_set;

bool qemu_vm_uuid_set_str(const char *str, Error **errp)
{
    if (!qemu_uuid_parse(str, &vm_uuid)) {
        error_setg(errp, "Fail to parse UUID string. Wrong format: '%s' is "
                   "not 8-4-4-4-12 hexadecimal digits (for example "
                   "12345678-9abc-def0-1234-56789abcdef0)", str);
        return false;
    }
    vm_uuid_set = true;
    return true;
}

const QemuUUID *qemu_vm_uuid(void)
{
    return vm_uuid_set ? &vm_uuid : NULL;
}

UuidInfo *qmp_query_uuid(Error **errp)
{
    UuidInfo *info = g_new0(UuidInfo, 1);

    /* Not set: all zeros, the nil UUID */
    info->UUID = qemu_uuid_unparse_strdup(&vm_uuid);
    return info;
}

void hmp_info_uuid(Monitor *mon, const QDict *qdict)
{
    g_autofree char *str = qemu_uuid_unparse_strdup(&vm_uuid);

    monitor_printf(mon, "%s\n", str);
}
