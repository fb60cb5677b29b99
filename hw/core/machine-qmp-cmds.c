/*
 * QMP commands about machines and the target: query-machines,
 * query-target, query-kvm.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/util.h"
#include "hw/boards.h"
#include "system/arch.h"

static CompatPropertyList *machine_compat_props(MachineClass *mc)
{
    CompatPropertyList *head = NULL, **tail = &head;

    for (guint i = 0; i < mc->compat_props->len; i++) {
        GlobalProperty *gp = g_ptr_array_index(mc->compat_props, i);
        CompatProperty *prop = g_new0(CompatProperty, 1);

        prop->qom_type = g_strdup(gp->driver);
        prop->property = g_strdup(gp->property);
        prop->value = g_strdup(gp->value);
        QAPI_LIST_APPEND(tail, prop);
    }
    return head;
}

static gint machine_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(MACHINE_CLASS(a)->name, MACHINE_CLASS(b)->name);
}

MachineInfoList *qmp_query_machines(bool has_compat_props, bool compat_props,
                                    Error **errp)
{
    GSList *list = object_class_get_list(TYPE_MACHINE, false);
    MachineInfoList *head = NULL, **tail = &head;

    list = g_slist_sort(list, machine_name_cmp);
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        MachineInfo *info = g_new0(MachineInfo, 1);

        info->name = g_strdup(mc->name);
        info->alias = g_strdup(mc->alias);
        if (mc->is_default) {
            info->has_is_default = true;
            info->is_default = true;
        }
        info->cpu_max = mc->max_cpus ? mc->max_cpus : 1;
        info->deprecated = mc->deprecation_reason != NULL;
        info->default_cpu_type = g_strdup(mc->default_cpu_type);
        info->default_ram_id = g_strdup(mc->default_ram_id);
        if (has_compat_props && compat_props) {
            info->has_compat_props = true;
            info->compat_props = machine_compat_props(mc);
        }
        QAPI_LIST_APPEND(tail, info);
    }
    g_slist_free(list);
    return head;
}

TargetInfo *qmp_query_target(Error **errp)
{
    TargetInfo *info = g_new0(TargetInfo, 1);

    info->arch = qapi_enum_parse(&SysEmuTarget_lookup, target_name(), -1,
                                 &error_abort);
    return info;
}

KvmInfo *qmp_query_kvm(Error **errp)
{
    /* No KVM accelerator is built: neither present nor enabled. */
    return g_new0(KvmInfo, 1);
}
