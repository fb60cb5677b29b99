/*
 * The memory API: the region tree, its rendering into flat views,
 * transactions, listeners, address spaces and dirty log control.
 * Accesses are in memory-dispatch.c, `info mtree` in memory-mtree.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "hw/qdev-core.h"
#include "system/ramblock.h"
#include "exec/memory.h"
#include "memory-internal.h"

unsigned int global_dirty_tracking;

AddressSpace address_space_memory;
static AddressSpace address_space_io;
static MemoryRegion *system_memory;
static MemoryRegion *system_io;

static QTAILQ_HEAD(, AddressSpace) address_spaces =
    QTAILQ_HEAD_INITIALIZER(address_spaces);
static QTAILQ_HEAD(, MemoryListener) memory_listeners =
    QTAILQ_HEAD_INITIALIZER(memory_listeners);

static unsigned memory_region_transaction_depth;
static bool memory_region_update_pending;

/* Guards AddressSpace.current_map against readers outside the BQL. */
static GMutex flatview_lock;

static void memory_map_init(void);

/* ---- Flat views -------------------------------------------------------- */

static FlatView *flatview_new(MemoryRegion *root)
{
    FlatView *view = g_new0(FlatView, 1);

    view->ref = 1;
    view->root = root;
    memory_region_ref(root);
    return view;
}

void flatview_ref(FlatView *view)
{
    qatomic_inc(&view->ref);
}

static void flatview_destroy(FlatView *view)
{
    for (unsigned i = 0; i < view->nr; i++) {
        memory_region_unref(view->ranges[i].mr);
    }
    memory_region_unref(view->root);
    g_free(view->ranges);
    g_free(view);
}

void flatview_unref(FlatView *view)
{
    if (qatomic_fetch_sub(&view->ref, 1) == 1) {
        /* Dropping owners' references may finalize devices: BQL. */
        bool locked = bql_locked();

        if (!locked) {
            bql_lock();
        }
        flatview_destroy(view);
        if (!locked) {
            bql_unlock();
        }
    }
}

static void flatview_insert(FlatView *view, unsigned pos, FlatRange *range)
{
    if (view->nr == view->nr_allocated) {
        view->nr_allocated = MAX(2 * view->nr, 16);
        view->ranges = g_renew(FlatRange, view->ranges, view->nr_allocated);
    }
    memmove(view->ranges + pos + 1, view->ranges + pos,
            (view->nr - pos) * sizeof(FlatRange));
    view->ranges[pos] = *range;
    memory_region_ref(range->mr);
    view->nr++;
}

static Int128 range_end(const FlatRange *fr)
{
    return fr->start + fr->size;
}

FlatRange *flatview_lookup(FlatView *view, hwaddr addr)
{
    unsigned lo = 0, hi = view->nr;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        FlatRange *fr = &view->ranges[mid];

        if ((Int128)addr < fr->start) {
            hi = mid;
        } else if ((Int128)addr >= range_end(fr)) {
            lo = mid + 1;
        } else {
            return fr;
        }
    }
    return NULL;
}

Int128 flatview_next_start(FlatView *view, hwaddr addr)
{
    unsigned lo = 0, hi = view->nr;

    /* First range starting above @addr. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;

        if (view->ranges[mid].start <= (Int128)addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < view->nr ? view->ranges[lo].start : int128_2_64();
}

/*
 * Render @mr (mapped at @base, seen through @clip) into @view.  What
 * is already in @view hides @mr: subregions go first, highest
 * priority first, so the region itself only fills the gaps.
 */
static void render_memory_region(FlatView *view, MemoryRegion *mr,
                                 Int128 base, Int128 clip_start,
                                 Int128 clip_size, bool readonly,
                                 bool nonvolatile)
{
    MemoryRegion *sub;
    Int128 start, end, pos, remain;
    hwaddr offset;
    FlatRange fr;
    unsigned i;

    if (!mr->enabled) {
        return;
    }
    base += mr->addr;
    readonly |= mr->readonly;
    nonvolatile |= mr->nonvolatile;

    start = int128_max(base, clip_start);
    end = int128_min(base + mr->size, clip_start + clip_size);
    if (start >= end) {
        return;
    }
    clip_start = start;
    clip_size = end - start;

    if (mr->alias) {
        base -= mr->alias->addr;
        base -= mr->alias_offset;
        render_memory_region(view, mr->alias, base, clip_start, clip_size,
                             readonly, nonvolatile);
        return;
    }

    QTAILQ_FOREACH(sub, &mr->subregions, subregions_link) {
        render_memory_region(view, sub, base, clip_start, clip_size,
                             readonly, nonvolatile);
    }
    if (!mr->terminates) {
        return;
    }

    fr = (FlatRange) {
        .mr = mr,
        .readonly = readonly,
        .nonvolatile = nonvolatile,
        .romd_mode = mr->romd_mode,
    };
    offset = (hwaddr)(clip_start - base);
    pos = clip_start;
    remain = clip_size;

    for (i = 0; i < view->nr && remain > 0; i++) {
        FlatRange *other = &view->ranges[i];
        Int128 now;

        if (pos >= range_end(other)) {
            continue;
        }
        if (pos < other->start) {
            now = int128_min(remain, other->start - pos);
            fr.offset_in_region = offset;
            fr.start = pos;
            fr.size = now;
            flatview_insert(view, i, &fr);
            i++;
            other = &view->ranges[i];
            pos += now;
            offset += (hwaddr)now;
            remain -= now;
        }
        /* Skip what @other already covers. */
        now = int128_min(pos + remain, range_end(other)) - pos;
        if (now > 0) {
            pos += now;
            offset += (hwaddr)now;
            remain -= now;
        }
    }
    if (remain > 0) {
        fr.offset_in_region = offset;
        fr.start = pos;
        fr.size = remain;
        flatview_insert(view, i, &fr);
    }
}

static bool flatrange_can_merge(FlatRange *a, FlatRange *b)
{
    return a->mr == b->mr &&
           range_end(a) == b->start &&
           (Int128)a->offset_in_region + a->size ==
               (Int128)b->offset_in_region &&
           a->readonly == b->readonly &&
           a->nonvolatile == b->nonvolatile &&
           a->romd_mode == b->romd_mode;
}

/* Join neighbours that continue each other (the same region). */
static void flatview_simplify(FlatView *view)
{
    unsigned i = 0, j, k;

    while (i < view->nr) {
        j = i + 1;
        while (j < view->nr &&
               flatrange_can_merge(&view->ranges[j - 1], &view->ranges[j])) {
            view->ranges[i].size += view->ranges[j].size;
            ++j;
        }
        for (k = i + 1; k < j; k++) {
            memory_region_unref(view->ranges[k].mr);
        }
        ++i;
        memmove(&view->ranges[i], &view->ranges[j],
                (view->nr - j) * sizeof(view->ranges[j]));
        view->nr -= j - i;
    }
}

static FlatView *generate_memory_topology(MemoryRegion *root)
{
    FlatView *view = flatview_new(root);

    if (root) {
        render_memory_region(view, root, 0, 0, int128_2_64(), false, false);
    }
    flatview_simplify(view);
    return view;
}

/*
 * The system address space comes into being on first use, whoever
 * uses it first (a lookup, a listener, get_system_memory()).
 */
static void address_space_ensure(AddressSpace *as)
{
    if (as == &address_space_memory && !as->root) {
        memory_map_init();
    }
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    FlatView *view;

    address_space_ensure(as);
    g_mutex_lock(&flatview_lock);
    view = as->current_map;
    if (view) {
        flatview_ref(view);
    }
    g_mutex_unlock(&flatview_lock);
    if (!view) {
        /* An address space that was never initialized: empty. */
        view = flatview_new(NULL);
    }
    return view;
}

/* ---- Listeners --------------------------------------------------------- */

static MemoryRegionSection section_from_flat_range(FlatRange *fr,
                                                   FlatView *view)
{
    return (MemoryRegionSection) {
        .mr = fr->mr,
        .fv = view,
        .offset_within_region = fr->offset_in_region,
        .size = fr->size,
        .offset_within_address_space = (hwaddr)fr->start,
        .readonly = fr->readonly,
        .nonvolatile = fr->nonvolatile,
    };
}

static bool flatrange_equal(FlatRange *a, FlatRange *b)
{
    return a->mr == b->mr && a->start == b->start && a->size == b->size &&
           a->offset_in_region == b->offset_in_region &&
           a->romd_mode == b->romd_mode && a->readonly == b->readonly &&
           a->nonvolatile == b->nonvolatile;
}

/*
 * Tell @as's listeners how @old became @new: with @adding false, the
 * ranges that went away; with @adding true, those that came (and,
 * for unchanged ones, region_nop).
 */
static void address_space_update_topology_pass(AddressSpace *as,
                                               FlatView *old, FlatView *new,
                                               bool adding)
{
    unsigned iold = 0, inew = 0;
    MemoryListener *l;

    while (iold < old->nr || inew < new->nr) {
        FlatRange *frold = iold < old->nr ? &old->ranges[iold] : NULL;
        FlatRange *frnew = inew < new->nr ? &new->ranges[inew] : NULL;
        MemoryRegionSection s;

        if (frold && (!frnew || frold->start < frnew->start ||
                      (frold->start == frnew->start &&
                       !flatrange_equal(frold, frnew)))) {
            /* In old, not in new: gone. */
            if (!adding) {
                s = section_from_flat_range(frold, old);
                QTAILQ_FOREACH_REVERSE(l, &as->listeners, link_as) {
                    if (l->region_del) {
                        l->region_del(l, &s);
                    }
                }
            }
            ++iold;
        } else if (frold && frnew && flatrange_equal(frold, frnew)) {
            if (adding) {
                s = section_from_flat_range(frnew, new);
                QTAILQ_FOREACH(l, &as->listeners, link_as) {
                    if (l->region_nop) {
                        l->region_nop(l, &s);
                    }
                }
            }
            ++iold;
            ++inew;
        } else {
            if (adding) {
                s = section_from_flat_range(frnew, new);
                QTAILQ_FOREACH(l, &as->listeners, link_as) {
                    if (l->region_add) {
                        l->region_add(l, &s);
                    }
                }
            }
            ++inew;
        }
    }
}

static void address_space_set_flatview(AddressSpace *as, FlatView *new)
{
    FlatView *old = as->current_map;
    FlatView empty = { .nr = 0 };

    if (!QTAILQ_EMPTY(&as->listeners)) {
        address_space_update_topology_pass(as, old ? old : &empty, new,
                                           false);
        address_space_update_topology_pass(as, old ? old : &empty, new,
                                           true);
    }
    g_mutex_lock(&flatview_lock);
    as->current_map = new;
    g_mutex_unlock(&flatview_lock);
    if (old) {
        flatview_unref(old);
    }
}

static void memory_listeners_call_global(bool commit)
{
    MemoryListener *l;

    if (commit) {
        QTAILQ_FOREACH(l, &memory_listeners, link) {
            if (l->commit) {
                l->commit(l);
            }
        }
    } else {
        QTAILQ_FOREACH(l, &memory_listeners, link) {
            if (l->begin) {
                l->begin(l);
            }
        }
    }
}

void memory_region_transaction_begin(void)
{
    ++memory_region_transaction_depth;
}

void memory_region_transaction_commit(void)
{
    AddressSpace *as;

    g_assert(memory_region_transaction_depth);
    if (--memory_region_transaction_depth || !memory_region_update_pending) {
        return;
    }
    memory_region_update_pending = false;
    memory_listeners_call_global(false);
    QTAILQ_FOREACH(as, &address_spaces, address_spaces_link) {
        address_space_set_flatview(as, generate_memory_topology(as->root));
    }
    memory_listeners_call_global(true);
}

/* Something visible changed: rebuild views at the end of the batch. */
static void memory_region_update(MemoryRegion *mr)
{
    memory_region_transaction_begin();
    memory_region_update_pending = true;
    memory_region_transaction_commit();
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    MemoryListener *other;
    FlatView *view;

    address_space_ensure(as);
    listener->address_space = as;
    /* Ordered by priority; equal priorities keep registration order. */
    QTAILQ_FOREACH(other, &memory_listeners, link) {
        if (listener->priority < other->priority) {
            break;
        }
    }
    if (other) {
        QTAILQ_INSERT_BEFORE(other, listener, link);
    } else {
        QTAILQ_INSERT_TAIL(&memory_listeners, listener, link);
    }
    QTAILQ_FOREACH(other, &as->listeners, link_as) {
        if (listener->priority < other->priority) {
            break;
        }
    }
    if (other) {
        QTAILQ_INSERT_BEFORE(other, listener, link_as);
    } else {
        QTAILQ_INSERT_TAIL(&as->listeners, listener, link_as);
    }

    if (listener->begin) {
        listener->begin(listener);
    }
    if (global_dirty_tracking && listener->log_global_start) {
        listener->log_global_start(listener, NULL);
    }
    view = address_space_get_flatview(as);
    for (unsigned i = 0; i < view->nr; i++) {
        MemoryRegionSection s = section_from_flat_range(&view->ranges[i],
                                                        view);
        if (listener->region_add) {
            listener->region_add(listener, &s);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
    flatview_unref(view);
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;
    FlatView *view;

    if (!as) {
        return;
    }
    view = address_space_get_flatview(as);
    if (listener->begin) {
        listener->begin(listener);
    }
    for (unsigned i = view->nr; i-- > 0;) {
        MemoryRegionSection s = section_from_flat_range(&view->ranges[i],
                                                        view);
        if (listener->region_del) {
            listener->region_del(listener, &s);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
    flatview_unref(view);
    QTAILQ_REMOVE(&memory_listeners, listener, link);
    QTAILQ_REMOVE(&as->listeners, listener, link_as);
    listener->address_space = NULL;
}

/* ---- Regions ----------------------------------------------------------- */

static void memory_region_destructor_none(MemoryRegion *mr)
{
}

static void memory_region_destructor_ram(MemoryRegion *mr)
{
    if (mr->ram_block && mr->ram_block->mr == mr) {
        mr->ram_block->mr = NULL;
    }
    if (mr->owns_ram_block) {
        qemu_ram_free(mr->ram_block);
    }
    mr->ram_block = NULL;
}

static bool memory_region_need_escape(char c)
{
    return c == '/' || c == '[' || c == '\\' || c == ']';
}

/* QOM child names cannot hold '/' or brackets: write them as \xNN. */
static char *memory_region_escape_name(const char *name)
{
    GString *s = g_string_new(NULL);

    for (const char *p = name; *p; p++) {
        if (memory_region_need_escape(*p)) {
            g_string_append_printf(s, "\\x%02x", (unsigned char)*p);
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, false);
}

static void memory_region_do_init(MemoryRegion *mr, Object *owner,
                                  const char *name, uint64_t size)
{
    Object *parent = owner;

    mr->size = size == UINT64_MAX ? int128_2_64() : int128_make64(size);
    mr->name = g_strdup(name);
    mr->owner = owner;
    mr->dev = (DeviceState *)object_dynamic_cast(owner, TYPE_DEVICE);

    if (!parent) {
        /* Ownerless regions go to /machine/unattached once it exists. */
        Object *machine = object_resolve_path_component(object_get_root(),
                                                        "machine");
        if (machine) {
            parent = container_get(machine, "/unattached");
        }
    }
    if (name && parent) {
        g_autofree char *escaped = memory_region_escape_name(name);
        g_autofree char *child = g_strdup_printf("%s[*]", escaped);

        object_property_add_child(parent, child, OBJECT(mr));
        object_unref(OBJECT(mr));
    }
}

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    object_initialize(mr, sizeof(*mr), TYPE_MEMORY_REGION);
    memory_region_do_init(mr, owner, name, size);
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->ops = ops ? ops : &unassigned_mem_ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

static void memory_region_set_ram_block(MemoryRegion *mr, RAMBlock *block,
                                        bool owned)
{
    mr->ram = true;
    mr->terminates = true;
    mr->destructor = memory_region_destructor_ram;
    mr->ram_block = block;
    mr->owns_ram_block = owned;
    if (block) {
        block->mr = mr;
    } else {
        mr->size = 0;
    }
}

/* The RAM block id: "<device path>/<name>", or @name alone. */
static char *ram_block_idstr(Object *owner, const char *name)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(owner,
                                                          TYPE_DEVICE);
    g_autofree char *path = dev ? qdev_get_dev_path(dev) : NULL;

    if (path) {
        return g_strdup_printf("%s/%s", path, name);
    }
    return g_strdup(name);
}

bool memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner,
                                      const char *name, uint64_t size,
                                      Error **errp)
{
    g_autofree char *idstr = ram_block_idstr(owner, name ? name : "ram");
    RAMBlock *block;

    memory_region_init(mr, owner, name, size);
    block = qemu_ram_alloc_anon(idstr, size, false, errp);
    memory_region_set_ram_block(mr, block, true);
    return block != NULL;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    return memory_region_init_ram_nomigrate(mr, owner, name, size, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    bool ok = memory_region_init_ram_nomigrate(mr, owner, name, size, errp);

    mr->readonly = true;
    return ok;
}

void memory_region_init_ram_from_ramblock(MemoryRegion *mr, Object *owner,
                                          const char *name,
                                          RAMBlock *block)
{
    memory_region_init(mr, owner, name, block ? block->used_length : 0);
    memory_region_set_ram_block(mr, block, false);
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
    memory_region_ref(orig);
}

void memory_region_ref(MemoryRegion *mr)
{
    /* Regions live as long as their owner; ownerless ones are static. */
    if (mr && mr->owner) {
        object_ref(mr->owner);
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_unref(mr->owner);
    }
}

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner ? mr->owner : OBJECT(mr)->parent;
}

uint64_t memory_region_size(MemoryRegion *mr)
{
    if (mr->size == int128_2_64()) {
        return UINT64_MAX;
    }
    return int128_get64(mr->size);
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

bool memory_region_is_ram(MemoryRegion *mr)
{
    return mr->ram;
}

bool memory_region_is_rom(MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

bool memory_region_is_romd(MemoryRegion *mr)
{
    return mr->rom_device && mr->romd_mode;
}

bool memory_region_is_ram_device(MemoryRegion *mr)
{
    return mr->ram_device;
}

bool memory_region_is_mapped(MemoryRegion *mr)
{
    return mr->container != NULL;
}

RAMBlock *memory_region_get_ram_block(MemoryRegion *mr)
{
    while (mr->alias) {
        mr = mr->alias;
    }
    return mr->ram_block;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    while (mr->alias) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    if (!mr->ram_block) {
        return NULL;
    }
    return qemu_map_ram_ptr(mr->ram_block, offset);
}

ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr)
{
    return mr->ram_block ? mr->ram_block->offset : RAM_ADDR_MAX;
}

static void memory_region_add_subregion_common(MemoryRegion *mr,
                                               hwaddr offset,
                                               MemoryRegion *subregion)
{
    MemoryRegion *other;

    if (subregion->container) {
        /* A programming error in board code: say so loudly. */
        g_error("memory region '%s' is already mapped in '%s'",
                memory_region_name(subregion),
                memory_region_name(subregion->container));
    }
    memory_region_transaction_begin();
    memory_region_ref(subregion);
    subregion->container = mr;
    subregion->addr = offset;
    QTAILQ_FOREACH(other, &mr->subregions, subregions_link) {
        if (subregion->priority >= other->priority) {
            QTAILQ_INSERT_BEFORE(other, subregion, subregions_link);
            goto done;
        }
    }
    QTAILQ_INSERT_TAIL(&mr->subregions, subregion, subregions_link);
done:
    memory_region_update_pending |= mr->enabled && subregion->enabled;
    memory_region_transaction_commit();
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    subregion->priority = 0;
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    subregion->priority = priority;
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    if (subregion->container != mr) {
        g_error("memory region '%s' is not mapped in '%s'",
                memory_region_name(subregion), memory_region_name(mr));
    }
    memory_region_transaction_begin();
    subregion->container = NULL;
    QTAILQ_REMOVE(&mr->subregions, subregion, subregions_link);
    memory_region_update_pending |= mr->enabled && subregion->enabled;
    memory_region_transaction_commit();
    memory_region_unref(subregion);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (enabled == mr->enabled) {
        return;
    }
    mr->enabled = enabled;
    memory_region_update(mr);
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly == readonly) {
        return;
    }
    mr->readonly = readonly;
    memory_region_update(mr);
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (addr == mr->addr) {
        return;
    }
    mr->addr = addr;
    if (mr->container) {
        memory_region_update(mr);
    }
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    Int128 s = size == UINT64_MAX ? int128_2_64() : int128_make64(size);

    if (s == mr->size) {
        return;
    }
    mr->size = s;
    memory_region_update(mr);
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    if (offset == mr->alias_offset) {
        return;
    }
    mr->alias_offset = offset;
    memory_region_update(mr);
}

MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size)
{
    MemoryRegionSection ret = { .mr = NULL };
    MemoryRegion *root;
    AddressSpace *as;
    FlatView *view;
    FlatRange *fr;
    Int128 start, end;

    for (root = mr; root->container;) {
        addr += root->addr;
        root = root->container;
    }
    QTAILQ_FOREACH(as, &address_spaces, address_spaces_link) {
        if (as->root == root) {
            break;
        }
    }
    if (!as) {
        return ret;
    }
    view = address_space_get_flatview(as);
    fr = flatview_lookup(view, addr);
    if (!fr) {
        Int128 next = flatview_next_start(view, addr);

        if (next < (Int128)addr + size) {
            fr = flatview_lookup(view, (hwaddr)next);
        }
    }
    if (fr) {
        start = int128_max(fr->start, (Int128)addr);
        end = int128_min(range_end(fr), (Int128)addr + size);
        ret.mr = fr->mr;
        ret.fv = NULL;
        ret.offset_within_region = fr->offset_in_region +
                                   (hwaddr)(start - fr->start);
        ret.offset_within_address_space = (hwaddr)start;
        ret.size = end - start;
        ret.readonly = fr->readonly;
        ret.nonvolatile = fr->nonvolatile;
        memory_region_ref(ret.mr);
    }
    flatview_unref(view);
    return ret;
}

/* ---- QOM type ---------------------------------------------------------- */

static void memory_region_get_container(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    MemoryRegion *mr = MEMORY_REGION(obj);
    g_autofree char *path = NULL;
    char *value = (char *)"";

    if (mr->container) {
        path = object_get_canonical_path(OBJECT(mr->container));
        if (path) {
            value = path;
        }
    }
    visit_type_str(v, name, &value, errp);
}

static Object *memory_region_resolve_container(Object *obj, void *opaque,
                                               const char *part)
{
    return OBJECT(MEMORY_REGION(obj)->container);
}

static void memory_region_get_priority(Object *obj, Visitor *v,
                                       const char *name, void *opaque,
                                       Error **errp)
{
    int32_t value = MEMORY_REGION(obj)->priority;

    visit_type_int32(v, name, &value, errp);
}

static void memory_region_get_size(Object *obj, Visitor *v,
                                   const char *name, void *opaque,
                                   Error **errp)
{
    uint64_t value = memory_region_size(MEMORY_REGION(obj));

    visit_type_uint64(v, name, &value, errp);
}

static void memory_region_initfn(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);
    ObjectProperty *op;

    mr->ops = &unassigned_mem_ops;
    mr->enabled = true;
    mr->romd_mode = true;
    mr->destructor = memory_region_destructor_none;
    QTAILQ_INIT(&mr->subregions);

    op = object_property_add(obj, "container", "link<" TYPE_MEMORY_REGION ">",
                             memory_region_get_container, NULL, NULL, NULL);
    op->resolve = memory_region_resolve_container;
    object_property_add_uint64_ptr(obj, "addr", &mr->addr,
                                   OBJ_PROP_FLAG_READ);
    object_property_add(obj, "priority", "uint32",
                        memory_region_get_priority, NULL, NULL, NULL);
    object_property_add(obj, "size", "uint64", memory_region_get_size,
                        NULL, NULL, NULL);
}

static void memory_region_finalize(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);

    /* A mapped region keeps its owner alive, so it cannot be here. */
    g_assert(!mr->container);
    mr->enabled = false;
    memory_region_transaction_begin();
    while (!QTAILQ_EMPTY(&mr->subregions)) {
        memory_region_del_subregion(mr, QTAILQ_FIRST(&mr->subregions));
    }
    memory_region_transaction_commit();
    mr->destructor(mr);
    if (mr->alias) {
        memory_region_unref(mr->alias);
    }
    g_free((char *)mr->name);
    mr->name = NULL;
}

static const TypeInfo memory_region_info = {
    .name = TYPE_MEMORY_REGION,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MemoryRegion),
    .instance_init = memory_region_initfn,
    .instance_finalize = memory_region_finalize,
};

static void memory_register_types(void)
{
    type_register_static(&memory_region_info);
}

type_init(memory_register_types)

/* ---- Address spaces ---------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    memory_region_ref(root);
    as->root = root;
    as->current_map = NULL;
    as->name = g_strdup(name ? name : "anonymous");
    QTAILQ_INIT(&as->listeners);
    QTAILQ_INSERT_TAIL(&address_spaces, as, address_spaces_link);
    address_space_set_flatview(as, generate_memory_topology(root));
}

void address_space_destroy(AddressSpace *as)
{
    FlatView *view;

    g_assert(QTAILQ_EMPTY(&as->listeners));
    QTAILQ_REMOVE(&address_spaces, as, address_spaces_link);
    g_mutex_lock(&flatview_lock);
    view = as->current_map;
    as->current_map = NULL;
    g_mutex_unlock(&flatview_lock);
    if (view) {
        flatview_unref(view);
    }
    memory_region_unref(as->root);
    as->root = NULL;
    g_free(as->name);
    as->name = NULL;
}

/* The root containers and their address spaces, made on first use. */
static void memory_map_init(void)
{
    if (system_memory) {
        return;
    }
    system_memory = g_new(MemoryRegion, 1);
    memory_region_init(system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, system_memory, "memory");

    system_io = g_new(MemoryRegion, 1);
    memory_region_init_io(system_io, NULL, &unassigned_mem_ops, NULL, "io",
                          65536);
    address_space_init(&address_space_io, system_io, "I/O");
}

MemoryRegion *get_system_memory(void)
{
    memory_map_init();
    return system_memory;
}

/* Used by `info mtree`. */
AddressSpace *memory_address_space_first(void);
AddressSpace *memory_address_space_next(AddressSpace *as);

AddressSpace *memory_address_space_first(void)
{
    return QTAILQ_FIRST(&address_spaces);
}

AddressSpace *memory_address_space_next(AddressSpace *as)
{
    return QTAILQ_NEXT(as, address_spaces_link);
}

/* ---- Dirty logging ----------------------------------------------------- */

bool memory_global_dirty_log_start(unsigned int flags, Error **errp)
{
    unsigned int old = global_dirty_tracking;
    MemoryListener *l;

    if (!flags || (flags & ~GLOBAL_DIRTY_MASK)) {
        error_setg(errp, "invalid dirty tracking flags 0x%x, expected a "
                   "non-empty subset of 0x%x", flags, GLOBAL_DIRTY_MASK);
        return false;
    }
    qatomic_set(&global_dirty_tracking, old | flags);
    if (!old) {
        QTAILQ_FOREACH(l, &memory_listeners, link) {
            if (l->log_global_start && !l->log_global_start(l, errp)) {
                qatomic_set(&global_dirty_tracking, old);
                return false;
            }
        }
        /* Writes cached as "already dirty" must now be seen again. */
        ram_block_notify_dirty_reset_all();
    }
    return true;
}

void memory_global_dirty_log_stop(unsigned int flags)
{
    unsigned int old = global_dirty_tracking;
    MemoryListener *l;

    qatomic_set(&global_dirty_tracking, old & ~flags);
    if (old && !global_dirty_tracking) {
        QTAILQ_FOREACH_REVERSE(l, &memory_listeners, link) {
            if (l->log_global_stop) {
                l->log_global_stop(l);
            }
        }
    }
}

void memory_global_dirty_log_sync(bool last_stage)
{
    MemoryListener *l;

    QTAILQ_FOREACH(l, &memory_listeners, link) {
        FlatView *view;

        if (!l->log_sync) {
            continue;
        }
        view = address_space_get_flatview(l->address_space);
        for (unsigned i = 0; i < view->nr; i++) {
            MemoryRegionSection s =
                section_from_flat_range(&view->ranges[i], view);
            if (s.mr->ram) {
                l->log_sync(l, &s);
            }
        }
        flatview_unref(view);
    }
}

uint8_t memory_region_get_dirty_log_mask(MemoryRegion *mr)
{
    uint8_t mask = 0;

    while (mr->alias) {
        mr = mr->alias;
    }
    if (!mr->ram_block) {
        return 0;
    }
    mask |= 1 << DIRTY_MEMORY_CODE;
    if (qatomic_read(&global_dirty_tracking)) {
        mask |= 1 << DIRTY_MEMORY_MIGRATION;
    }
    return mask;
}

/* @mr's RAM at @addr, through aliases; false if it is not RAM. */
static bool memory_region_ram_addr_of(MemoryRegion *mr, hwaddr *addr,
                                      ram_addr_t *ram)
{
    while (mr->alias) {
        *addr += mr->alias_offset;
        mr = mr->alias;
    }
    if (!mr->ram_block) {
        return false;
    }
    *ram = mr->ram_block->offset + *addr;
    return true;
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client)
{
    ram_addr_t ram;

    return memory_region_ram_addr_of(mr, &addr, &ram) &&
           cpu_physical_memory_get_dirty(ram, size, client);
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size)
{
    ram_addr_t ram;

    if (memory_region_ram_addr_of(mr, &addr, &ram)) {
        cpu_physical_memory_set_dirty_range(ram, size, DIRTY_CLIENTS_NOCODE);
    }
}

void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client)
{
    ram_addr_t ram;

    if (memory_region_ram_addr_of(mr, &addr, &ram)) {
        cpu_physical_memory_test_and_clear_dirty(ram, size, client);
    }
}

void memory_ram_write_done(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    if (mr->ram_block && len) {
        memory_notdirty_write(mr->ram_block->offset + offset, len);
    }
}
