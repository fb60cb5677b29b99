/*
 * qdev properties that refer to system objects: character devices.
 * Same names as QEMU's include/hw/qdev-properties-system.h.
 */
#ifndef HW_QDEV_PROPERTIES_SYSTEM_H
#define HW_QDEV_PROPERTIES_SYSTEM_H

#include "hw/qdev-properties.h"
#include "chardev/char-fe.h"

/*
 * A CharBackend field set by chardev label: "chardev=serial0" looks the
 * chardev up with qemu_chr_find() and attaches the field to it with
 * qemu_chr_fe_init(); "" detaches.  Reading gives the label, or "".
 */
extern const PropertyInfo qdev_prop_chr;

#define DEFINE_PROP_CHR(_n, _s, _f)             \
    DEFINE_PROP(_n, _s, _f, qdev_prop_chr, CharBackend)

/**
 * qdev_prop_set_chr: attach chardev property @name of unrealized @dev
 * to @value (NULL: leave it unset).  Aborts on failure, like QEMU's:
 * board code passes chardevs it knows are free.
 */
void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value);

#endif
