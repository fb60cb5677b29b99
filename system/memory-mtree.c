/*
 * `info mtree`: the region tree of each address space, or (-f) the
 * flat views, in QEMU's format.
 */
#include "qemu/osdep.h"
#include "qemu/qemu-print.h"
#include "qobject/qdict.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "memory-internal.h"

AddressSpace *memory_address_space_first(void);
AddressSpace *memory_address_space_next(AddressSpace *as);

#define MTREE_INDENT "  "

/* Last address of a range of @size bytes (0 for an empty one). */
static hwaddr mr_last(Int128 size)
{
    return size ? (hwaddr)(size - 1) : 0;
}

static const char *memory_region_type(MemoryRegion *mr)
{
    if (mr->alias) {
        return memory_region_type(mr->alias);
    }
    if (memory_region_is_ram_device(mr)) {
        return "ramd";
    } else if (memory_region_is_romd(mr)) {
        return "romd";
    } else if (memory_region_is_rom(mr)) {
        return "rom";
    } else if (memory_region_is_ram(mr)) {
        return "ram";
    }
    return "i/o";
}

static void mtree_expand_owner(const char *label, Object *obj)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    qemu_printf(" %s:{%s", label, dev ? "dev" : "obj");
    if (dev && dev->id) {
        qemu_printf(" id=%s", dev->id);
    } else {
        g_autofree char *path = object_get_canonical_path(obj);

        if (path) {
            qemu_printf(" path=%s", path);
        } else {
            qemu_printf(" type=%s", object_get_typename(obj));
        }
    }
    qemu_printf("}");
}

static void mtree_print_mr_owner(MemoryRegion *mr)
{
    Object *owner = mr->owner;
    Object *parent = memory_region_owner(mr);

    if (!owner && !parent) {
        qemu_printf(" orphan");
        return;
    }
    if (owner) {
        mtree_expand_owner("owner", owner);
    }
    if (parent && parent != owner) {
        mtree_expand_owner("parent", parent);
    }
}

static gint mtree_compare(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *ma = a, *mb = b;

    if (ma->addr != mb->addr) {
        return ma->addr < mb->addr ? -1 : 1;
    }
    /* Same address: higher priority first. */
    return mb->priority > ma->priority ? 1 :
           mb->priority < ma->priority ? -1 : 0;
}

static void mtree_print_mr(MemoryRegion *mr, unsigned level, hwaddr base,
                           GPtrArray *aliases, bool owner, bool disabled)
{
    hwaddr start = base + mr->addr;
    hwaddr end = start + mr_last(mr->size);
    g_autoptr(GList) subs = NULL;
    MemoryRegion *sub;

    if (mr->alias && !g_ptr_array_find(aliases, mr->alias, NULL)) {
        g_ptr_array_add(aliases, mr->alias);
    }
    if (mr->enabled || disabled) {
        for (unsigned i = 0; i < level; i++) {
            qemu_printf(MTREE_INDENT);
        }
        if (start < base || end < start) {
            qemu_printf("[DETECTED OVERFLOW!] ");
        }
        qemu_printf(HWADDR_FMT_plx "-" HWADDR_FMT_plx " (prio %d, %s%s): ",
                    start, end, mr->priority, mr->nonvolatile ? "nv-" : "",
                    memory_region_type(mr));
        if (mr->alias) {
            qemu_printf("alias %s @%s " HWADDR_FMT_plx "-" HWADDR_FMT_plx,
                        memory_region_name(mr),
                        memory_region_name(mr->alias), mr->alias_offset,
                        mr->alias_offset + mr_last(mr->size));
        } else {
            qemu_printf("%s", memory_region_name(mr));
        }
        qemu_printf("%s", mr->enabled ? "" : " [disabled]");
        if (owner) {
            mtree_print_mr_owner(mr);
        }
        qemu_printf("\n");
    }

    QTAILQ_FOREACH(sub, &mr->subregions, subregions_link) {
        subs = g_list_insert_sorted(subs, sub, mtree_compare);
    }
    for (GList *l = subs; l; l = l->next) {
        mtree_print_mr(l->data, level + 1, start, aliases, owner, disabled);
    }
}

static void mtree_info_as(bool owner, bool disabled)
{
    g_autoptr(GPtrArray) aliases = g_ptr_array_new();
    g_autoptr(GPtrArray) roots = g_ptr_array_new();
    AddressSpace *as, *other;

    /* One tree per root; address spaces sharing it are listed first. */
    for (as = memory_address_space_first(); as;
         as = memory_address_space_next(as)) {
        g_autoptr(GList) names = NULL;

        if (!as->root || g_ptr_array_find(roots, as->root, NULL)) {
            continue;
        }
        g_ptr_array_add(roots, as->root);
        for (other = as; other; other = memory_address_space_next(other)) {
            if (other->root == as->root) {
                names = g_list_insert_sorted(names, other->name,
                                             (GCompareFunc)g_strcmp0);
            }
        }
        for (GList *l = names; l; l = l->next) {
            qemu_printf("address-space: %s\n", (char *)l->data);
        }
        mtree_print_mr(as->root, 1, 0, aliases, owner, disabled);
        qemu_printf("\n");
    }

    /* Then the regions aliases point into (the list may grow). */
    for (unsigned i = 0; i < aliases->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(aliases, i);

        qemu_printf("memory-region: %s\n", memory_region_name(mr));
        mtree_print_mr(mr, 1, 0, aliases, owner, disabled);
        qemu_printf("\n");
    }
}

static void mtree_print_flatview(FlatView *view, GPtrArray *spaces,
                                 int counter, bool owner)
{
    qemu_printf("FlatView #%d\n", counter);
    for (unsigned i = 0; i < spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(spaces, i);

        qemu_printf(" AS \"%s\", root: %s", as->name,
                    memory_region_name(as->root));
        if (as->root->alias) {
            qemu_printf(", alias %s", memory_region_name(as->root->alias));
        }
        qemu_printf("\n");
    }
    qemu_printf(" Root memory region: %s\n",
                view->root ? memory_region_name(view->root) : "(none)");
    if (!view->nr) {
        qemu_printf(MTREE_INDENT "No rendered FlatView\n\n");
        return;
    }
    for (unsigned i = 0; i < view->nr; i++) {
        FlatRange *fr = &view->ranges[i];
        MemoryRegion *mr = fr->mr;

        qemu_printf(MTREE_INDENT HWADDR_FMT_plx "-" HWADDR_FMT_plx
                    " (prio %d, %s%s): %s",
                    (hwaddr)fr->start, (hwaddr)fr->start + mr_last(fr->size),
                    mr->priority, fr->nonvolatile ? "nv-" : "",
                    fr->readonly ? "rom" : memory_region_type(mr),
                    memory_region_name(mr));
        if (fr->offset_in_region) {
            qemu_printf(" @" HWADDR_FMT_plx, fr->offset_in_region);
        }
        if (owner) {
            mtree_print_mr_owner(mr);
        }
        qemu_printf("\n");
    }
    qemu_printf("\n");
}

static void mtree_info_flatview(bool owner)
{
    g_autoptr(GPtrArray) views = g_ptr_array_new();
    g_autoptr(GPtrArray) groups =
        g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    AddressSpace *as;

    /* Address spaces with the same root share one printed view. */
    for (as = memory_address_space_first(); as;
         as = memory_address_space_next(as)) {
        unsigned i;

        for (i = 0; i < views->len; i++) {
            FlatView *v = g_ptr_array_index(views, i);
            if (v->root == as->root) {
                break;
            }
        }
        if (i == views->len) {
            g_ptr_array_add(views, address_space_get_flatview(as));
            g_ptr_array_add(groups, g_ptr_array_new());
        }
        g_ptr_array_add(g_ptr_array_index(groups, i), as);
    }
    for (unsigned i = 0; i < views->len; i++) {
        mtree_print_flatview(g_ptr_array_index(views, i),
                             g_ptr_array_index(groups, i), i, owner);
        flatview_unref(g_ptr_array_index(views, i));
    }
}

void mtree_info(bool flatview, bool dispatch_tree, bool owner,
                bool disabled)
{
    /* The system address spaces always exist, as in QEMU. */
    get_system_memory();
    if (flatview) {
        mtree_info_flatview(owner);
    } else {
        mtree_info_as(owner, disabled);
    }
}

void hmp_info_mtree(Monitor *mon, const QDict *qdict)
{
    bool flatview = qdict_get_try_bool(qdict, "flatview", false);
    bool dispatch_tree = qdict_get_try_bool(qdict, "dispatch_tree", false);
    bool owner = qdict_get_try_bool(qdict, "owner", false);
    bool disabled = qdict_get_try_bool(qdict, "disabled", false);

    mtree_info(flatview, dispatch_tree, owner, disabled);
}
