/*
 * System bus and sysbus devices.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "monitor/monitor.h"
#include "qapi/qapi-commands-machine.h"
#include "qom/object-compat.h"
#include "hw/sysbus.h"

typedef struct SystemBus {
    BusState parent_obj;
} SystemBus;

static BusState *main_system_bus;

static void sysbus_dev_print(Monitor *mon, DeviceState *dev, int indent)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < s->num_mmio; i++) {
        monitor_printf(mon, "%*smmio " HWADDR_FMT_plx "/" HWADDR_FMT_plx
                       "\n", indent, "", s->mmio[i].addr,
                       memory_region_size(s->mmio[i].memory));
    }
}

static void system_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *k = BUS_CLASS(klass);

    /* The main system bus cannot take hotplugged devices. */
    k->print_dev = sysbus_dev_print;
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

/* ---- MMIO regions ------------------------------------------------------ */

static bool sysbus_check_mmio(SysBusDevice *dev, int n, const char *what)
{
    if (n < 0 || n >= dev->num_mmio) {
        error_report("%s: %s has no MMIO region %d (it has %d)", what,
                     object_get_typename(OBJECT(dev)), n, dev->num_mmio);
        return false;
    }
    return true;
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory)
{
    int n;

    if (dev->num_mmio >= QDEV_MAX_MMIO) {
        error_report("%s: too many MMIO regions (at most %d)",
                     object_get_typename(OBJECT(dev)), QDEV_MAX_MMIO);
        return;
    }
    n = dev->num_mmio++;
    dev->mmio[n].addr = (hwaddr)-1;
    dev->mmio[n].memory = memory;
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    if (!sysbus_check_mmio(dev, n, "sysbus_mmio_get_region")) {
        return NULL;
    }
    return dev->mmio[n].memory;
}

hwaddr sysbus_mmio_get_addr(SysBusDevice *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio) {
        return (hwaddr)-1;
    }
    return dev->mmio[n].addr;
}

bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n)
{
    return n < (unsigned)dev->num_mmio;
}

static void sysbus_mmio_map_common(SysBusDevice *dev, int n, hwaddr addr,
                                   bool may_overlap, int priority)
{
    MemoryRegion *sysmem = get_system_memory();

    if (!sysbus_check_mmio(dev, n, "sysbus_mmio_map")) {
        return;
    }
    if (dev->mmio[n].addr == addr && dev->mmio[n].memory->container) {
        return;
    }
    memory_region_transaction_begin();
    if (dev->mmio[n].memory->container == sysmem) {
        memory_region_del_subregion(sysmem, dev->mmio[n].memory);
    }
    dev->mmio[n].addr = addr;
    if (may_overlap) {
        memory_region_add_subregion_overlap(sysmem, addr,
                                            dev->mmio[n].memory, priority);
    } else {
        memory_region_add_subregion(sysmem, addr, dev->mmio[n].memory);
    }
    memory_region_transaction_commit();
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_common(dev, n, addr, false, 0);
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    sysbus_mmio_map_common(dev, n, addr, true, priority);
}

void sysbus_mmio_unmap(SysBusDevice *dev, int n)
{
    if (!sysbus_check_mmio(dev, n, "sysbus_mmio_unmap")) {
        return;
    }
    if (dev->mmio[n].memory->container == get_system_memory()) {
        memory_region_del_subregion(get_system_memory(),
                                    dev->mmio[n].memory);
    }
    dev->mmio[n].addr = (hwaddr)-1;
}

MemoryRegion *sysbus_address_space(SysBusDevice *dev)
{
    return get_system_memory();
}

/* ---- x-sysbus-mmio-map: a machine built from QMP ---------------------- */

/* A region of the system memory that [addr, addr + size) overlaps */
static MemoryRegion *sysmem_find_overlap(hwaddr addr, uint64_t size,
                                         MemoryRegion *self)
{
    MemoryRegion *sysmem = get_system_memory();
    MemoryRegion *sub;

    QTAILQ_FOREACH(sub, &sysmem->subregions, subregions_link) {
        uint64_t sub_size = memory_region_size(sub);

        if (sub != self && sub->enabled && sub_size &&
            addr < sub->addr + sub_size && sub->addr < addr + size) {
            return sub;
        }
    }
    return NULL;
}

void qmp_x_sysbus_mmio_map(const char *device, bool has_mmio, uint8_t mmio,
                           uint64_t addr, bool has_priority,
                           int32_t priority, Error **errp)
{
    Object *peripheral = container_get(qdev_get_machine(), "/peripheral");
    Object *obj = object_resolve_path_component(peripheral, device);
    SysBusDevice *sbd;
    MemoryRegion *mr, *other;
    uint64_t size;

    if (phase_get() != PHASE_MACHINE_INITIALIZED) {
        error_setg(errp, "The command 'x-sysbus-mmio-map' is permitted only "
                   "in phase 'initialized' (after x-machine-init, before "
                   "x-exit-preconfig)");
        return;
    }
    if (!obj) {
        obj = object_resolve_path(device, NULL);
    }
    if (!obj) {
        error_setg(errp, "Device '%s' not found", device);
        return;
    }
    sbd = (SysBusDevice *)object_dynamic_cast(obj, TYPE_SYS_BUS_DEVICE);
    if (!sbd) {
        error_setg(errp, "Device '%s' (%s) is not a sysbus device", device,
                   object_get_typename(obj));
        return;
    }
    if (!has_mmio) {
        mmio = 0;
    }
    if (mmio >= sbd->num_mmio) {
        error_setg(errp, "Device '%s' has no MMIO region %u (it has %d)",
                   device, mmio, sbd->num_mmio);
        return;
    }
    mr = sbd->mmio[mmio].memory;
    if (mr->container) {
        error_setg(errp, "MMIO region %u of device '%s' is already mapped "
                   "at 0x%" PRIx64, mmio, device,
                   (uint64_t)sbd->mmio[mmio].addr);
        return;
    }
    size = memory_region_size(mr);
    if (size && addr + size - 1 < addr) {
        error_setg(errp, "MMIO region %u of device '%s' (size 0x%" PRIx64
                   ") does not fit at 0x%" PRIx64, mmio, device, size, addr);
        return;
    }
    other = has_priority ? NULL : sysmem_find_overlap(addr, size, mr);
    if (other) {
        error_setg(errp, "MMIO region %u of device '%s' at 0x%" PRIx64
                   " (size 0x%" PRIx64 ") overlaps '%s' at 0x%" PRIx64
                   "; give a priority to allow overlapping", mmio, device,
                   addr, size, other->name ? other->name : "(unnamed)",
                   (uint64_t)other->addr);
        return;
    }
    if (has_priority) {
        sysbus_mmio_map_overlap(sbd, mmio, addr, priority);
    } else {
        sysbus_mmio_map(sbd, mmio, addr);
    }
}

/* ---- IRQ lines --------------------------------------------------------- */

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(DEVICE(target),
                                                  SYSBUS_DEVICE_GPIO_IRQ);
    NamedGPIOList *mine = qdev_get_named_gpio_list(DEVICE(dev),
                                                   SYSBUS_DEVICE_GPIO_IRQ);

    /* Connecting @dev's line then wires @target's. */
    for (int i = 0; i < ngl->num_out; i++) {
        g_autofree char *prop = g_strdup_printf(SYSBUS_DEVICE_GPIO_IRQ
                                                "[%d]", mine->num_out);

        object_property_add_alias(OBJECT(dev), prop, OBJECT(target), prop);
        mine->out = g_renew(qemu_irq *, mine->out, mine->num_out + 1);
        mine->out[mine->num_out++] = ngl->out[i];
    }
}

bool sysbus_has_irq(SysBusDevice *dev, int n)
{
    g_autofree char *prop = g_strdup_printf(SYSBUS_DEVICE_GPIO_IRQ "[%d]",
                                            n);

    return n >= 0 && object_property_find(OBJECT(dev), prop) != NULL;
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, irq);
}

qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n)
{
    return qdev_get_gpio_out_connector(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ,
                                       n);
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
