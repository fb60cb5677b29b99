/*
 * sysbus-memory: a block of RAM or ROM that users place with
 * x-sysbus-mmio-map (see include/hw/misc/sysbus-memory.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/misc/sysbus-memory.h"

static void sysbus_memory_realize(DeviceState *dev, Error **errp)
{
    SysBusMemoryState *s = SYSBUS_MEMORY(dev);
    /*
     * The RAM block, which migration finds by name, is named after the
     * device: its id, else its place in the QOM tree (device[N], the
     * same on a destination built by the same commands), else its type.
     */
    const char *name = dev->id ? dev->id :
                       object_get_canonical_path_component(OBJECT(dev));
    bool ok;

    if (!name) {
        name = TYPE_SYSBUS_MEMORY;
    }

    if (!s->size) {
        error_setg(errp, "sysbus-memory: property 'size' must be given, "
                   "a size in bytes greater than 0");
        return;
    }
    if (s->readonly) {
        ok = memory_region_init_rom(&s->mem, OBJECT(dev), name, s->size,
                                    errp);
    } else {
        ok = memory_region_init_ram(&s->mem, OBJECT(dev), name, s->size,
                                    errp);
    }
    if (!ok) {
        return;
    }
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mem);
}

static const Property sysbus_memory_props[] = {
    DEFINE_PROP_SIZE("size", SysBusMemoryState, size, 0),
    DEFINE_PROP_BOOL("readonly", SysBusMemoryState, readonly, false),
};

static void sysbus_memory_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = sysbus_memory_realize;
    dc->desc = "RAM or ROM (readonly=on) of a given size, for "
               "x-sysbus-mmio-map";
    /* Cold-plugged only (phase 'initialized'); never hotplugged */
    dc->user_creatable = true;
    dc->hotpluggable = false;
    device_class_set_props(dc, sysbus_memory_props);
}

static const TypeInfo sysbus_memory_info = {
    .name = TYPE_SYSBUS_MEMORY,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SysBusMemoryState),
    .class_init = sysbus_memory_class_init,
};

static void sysbus_memory_register_types(void)
{
    type_register_static(&sysbus_memory_info);
}

type_init(sysbus_memory_register_types)
