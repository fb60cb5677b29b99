/*
 * System bus and sysbus devices.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/sysbus.h"

typedef struct SystemBus {
    BusState parent_obj;
} SystemBus;

static BusState *main_system_bus;

static void system_bus_class_init(ObjectClass *klass, void *data)
{
    /* The main system bus cannot take hotplugged devices. */
}

static const TypeInfo system_bus_info = {
    .name = TYPE_SYSTEM_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(SystemBus),
    .class_init = system_bus_class_init,
};

static void main_system_bus_create(void)
{
    main_system_bus = g_malloc0(sizeof(SystemBus));
    qbus_init(main_system_bus, sizeof(SystemBus), TYPE_SYSTEM_BUS, NULL,
              "main-system-bus");
    OBJECT(main_system_bus)->free = g_free;
    object_property_add_child(container_get(qdev_get_machine(),
                                            "/unattached"),
                              "sysbus", OBJECT(main_system_bus));
    main_system_bus->realized = true;
}

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        main_system_bus_create();
    }
    return main_system_bus;
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

static void sysbus_device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *k = DEVICE_CLASS(klass);

    k->bus_type = TYPE_SYSTEM_BUS;
    /*
     * Board code creates most sysbus devices; those that users may add
     * with -device set user_creatable themselves.
     */
    k->user_creatable = false;
}

static const TypeInfo sysbus_device_type_info = {
    .name = TYPE_SYS_BUS_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(SysBusDevice),
    .abstract = true,
    .class_size = sizeof(SysBusDeviceClass),
    .class_init = sysbus_device_class_init,
};

static void sysbus_register_types(void)
{
    type_register_static(&system_bus_info);
    type_register_static(&sysbus_device_type_info);
}

type_init(sysbus_register_types)
