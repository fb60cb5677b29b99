/*
 * System bus: the root bus of the device tree, and the base type of
 * devices that sit directly on it (memory-mapped devices): their MMIO
 * regions, mapped into system memory, and their IRQ output lines
 * ("sysbus-irq[N]" link<irq> properties).
 */
#ifndef HW_SYSBUS_H
#define HW_SYSBUS_H

#include "hw/qdev-core.h"
#include "hw/irq.h"
#include "exec/memory.h"

#define TYPE_SYSTEM_BUS "System"

#define TYPE_SYS_BUS_DEVICE "sys-bus-device"
OBJECT_DECLARE_TYPE(SysBusDevice, SysBusDeviceClass, SYS_BUS_DEVICE)

struct SysBusDeviceClass {
    /* <private> */
    DeviceClass parent_class;
};

#define QDEV_MAX_MMIO 32
#define QDEV_MAX_PIO 32

#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"

struct SysBusDevice {
    /* <private> */
    DeviceState parent_obj;

    int num_mmio;
    struct {
        hwaddr addr;            /* (hwaddr)-1 while unmapped */
        MemoryRegion *memory;
    } mmio[QDEV_MAX_MMIO];
    int num_pio;
    uint32_t pio[QDEV_MAX_PIO];
};

/* The main system bus "main-system-bus", created on first use. */
BusState *sysbus_get_default(void);

/* Realize @dev on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);

/* sysbus_realize(), then drop the caller's reference. */
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

/**
 * sysbus_init_mmio: declare @memory as MMIO region number num_mmio
 * (in call order) of @dev; the board maps it with sysbus_mmio_map.
 */
void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory);

/** sysbus_mmio_get_region: MMIO region @n of @dev, NULL if none. */
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);

/** sysbus_mmio_get_addr: where region @n is mapped, -1 if not. */
hwaddr sysbus_mmio_get_addr(SysBusDevice *dev, int n);

/** sysbus_has_mmio: whether @dev has MMIO region @n. */
bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n);

/**
 * sysbus_mmio_map: map region @n at @addr in system memory (moving it
 * if it was mapped elsewhere), priority 0.
 */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);

/** sysbus_mmio_map_overlap: as sysbus_mmio_map with @priority. */
void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority);

/** sysbus_mmio_unmap: remove region @n from system memory. */
void sysbus_mmio_unmap(SysBusDevice *dev, int n);

/**
 * sysbus_init_irq: declare *@p as @dev's next IRQ output line,
 * "sysbus-irq[N]"; the device drives it with qemu_set_irq(*p, level).
 */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);

/** sysbus_pass_irq: give @dev the IRQ outputs of @target. */
void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target);

/** sysbus_connect_irq: wire @dev's IRQ output @n to @irq. */
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);

/** sysbus_get_connected_irq: what IRQ output @n is wired to. */
qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n);

/** sysbus_has_irq: whether @dev has IRQ output @n. */
bool sysbus_has_irq(SysBusDevice *dev, int n);

/** sysbus_address_space: the memory sysbus devices map into. */
MemoryRegion *sysbus_address_space(SysBusDevice *dev);

#endif
