/*
 * Memory-mapped front-end of the 16550A UART: registers every
 * 1 << regshift bytes, in the endianness the board asks for.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/char/serial-mm.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"

static uint64_t serial_mm_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialMM *s = opaque;

    return serial_io_read(&s->serial, addr >> s->regshift);
}

static void serial_mm_write(void *opaque, hwaddr addr, uint64_t value,
                            unsigned size)
{
    SerialMM *s = opaque;

    serial_io_write(&s->serial, addr >> s->regshift, value & 0xff);
}

/* Indexed by enum device_endian */
static const MemoryRegionOps serial_mm_ops[3] = {
    [DEVICE_NATIVE_ENDIAN] = {
        .read = serial_mm_read,
        .write = serial_mm_write,
        .endianness = DEVICE_NATIVE_ENDIAN,
        .valid.min_access_size = 1,
        .valid.max_access_size = 8,
        .impl.min_access_size = 1,
        .impl.max_access_size = 8,
    },
    [DEVICE_LITTLE_ENDIAN] = {
        .read = serial_mm_read,
        .write = serial_mm_write,
        .endianness = DEVICE_LITTLE_ENDIAN,
        .valid.min_access_size = 1,
        .valid.max_access_size = 8,
        .impl.min_access_size = 1,
        .impl.max_access_size = 8,
    },
    [DEVICE_BIG_ENDIAN] = {
        .read = serial_mm_read,
        .write = serial_mm_write,
        .endianness = DEVICE_BIG_ENDIAN,
        .valid.min_access_size = 1,
        .valid.max_access_size = 8,
        .impl.min_access_size = 1,
        .impl.max_access_size = 8,
    },
};

static void serial_mm_realize(DeviceState *dev, Error **errp)
{
    SerialMM *smm = SERIAL_MM(dev);
    SerialState *s = &smm->serial;

    if (smm->endianness >= ARRAY_SIZE(serial_mm_ops)) {
        error_setg(errp, "serial-mm: endianness %u is invalid, expected "
                   "0 (native), 1 (big) or 2 (little)", smm->endianness);
        return;
    }
    if (smm->regshift > 8) {
        error_setg(errp, "serial-mm: regshift %u is too large, expected "
                   "at most 8", smm->regshift);
        return;
    }
    if (!qdev_realize(DEVICE(s), NULL, errp)) {
        return;
    }

    memory_region_init_io(&s->io, OBJECT(dev),
                          &serial_mm_ops[smm->endianness], smm, "serial",
                          8 << smm->regshift);
    sysbus_init_mmio(SYS_BUS_DEVICE(smm), &s->io);
    sysbus_init_irq(SYS_BUS_DEVICE(smm), &s->irq);
}

static void serial_mm_unrealize(DeviceState *dev)
{
    SerialMM *smm = SERIAL_MM(dev);

    qdev_unrealize(DEVICE(&smm->serial));
}

static void serial_mm_reset(DeviceState *dev)
{
    serial_reset(&SERIAL_MM(dev)->serial);
}

static void serial_mm_instance_init(Object *o)
{
    SerialMM *smm = SERIAL_MM(o);

    object_initialize_child(o, "serial", &smm->serial, TYPE_SERIAL);
    /* The core's properties are set on the front-end. */
    object_property_add_alias(o, "chardev", OBJECT(&smm->serial),
                              "chardev");
    object_property_add_alias(o, "baudbase", OBJECT(&smm->serial),
                              "baudbase");
    object_property_add_alias(o, "wakeup", OBJECT(&smm->serial), "wakeup");
}

static const Property serial_mm_properties[] = {
    DEFINE_PROP_UINT8("regshift", SerialMM, regshift, 0),
    DEFINE_PROP_UINT8("endianness", SerialMM, endianness,
                      DEVICE_NATIVE_ENDIAN),
};

/* QEMU's layout: the core's "serial" state inside a section of its own */
static const VMStateDescription vmstate_serial_mm = {
    .name = "serial",
    .version_id = 3,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(serial, SerialMM, 0, vmstate_serial, SerialState),
        VMSTATE_END_OF_LIST()
    }
};

static void serial_mm_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "16550A UART (memory mapped)";
    device_class_set_props(dc, serial_mm_properties);
    dc->realize = serial_mm_realize;
    dc->unrealize = serial_mm_unrealize;
    dc->vmsd = &vmstate_serial_mm;
    device_class_set_legacy_reset(dc, serial_mm_reset);
}

static const TypeInfo serial_mm_info = {
    .name = TYPE_SERIAL_MM,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_init = serial_mm_instance_init,
    .instance_size = sizeof(SerialMM),
    .class_init = serial_mm_class_init,
};

static void serial_mm_register_types(void)
{
    type_register_static(&serial_mm_info);
}

type_init(serial_mm_register_types)

SerialMM *serial_mm_init(MemoryRegion *address_space,
                         hwaddr base, int regshift,
                         qemu_irq irq, int baudbase,
                         Chardev *chr, enum device_endian end)
{
    SerialMM *smm = SERIAL_MM(qdev_new(TYPE_SERIAL_MM));
    MemoryRegion *mr;

    qdev_prop_set_uint8(DEVICE(smm), "regshift", regshift);
    qdev_prop_set_uint32(DEVICE(smm), "baudbase", baudbase);
    qdev_prop_set_chr(DEVICE(smm), "chardev", chr);
    qdev_prop_set_uint8(DEVICE(smm), "endianness", end);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(smm), &error_fatal);

    sysbus_connect_irq(SYS_BUS_DEVICE(smm), 0, irq);
    mr = sysbus_mmio_get_region(SYS_BUS_DEVICE(smm), 0);
    memory_region_add_subregion(address_space, base, mr);

    return smm;
}
