/*
 * qdev: devices and buses.
 *
 * A device (TYPE_DEVICE, an object-compat subclass) is created with
 * qdev_new(), configured through its properties, then realized with
 * qdev_realize() onto a bus (or none).  Realizing runs the class's
 * realize(); a realized device refuses property changes.  Buses
 * (TYPE_BUS) belong to a parent device, except the main system bus.
 * Same API as QEMU's include/hw/qdev-core.h.
 *
 * In the QOM tree, devices created by board code without a parent go
 * to /machine/unattached/device[N]; -device / device_add devices go to
 * /machine/peripheral/<id>, or /machine/peripheral-anon/device[N]
 * when they have no id.
 */
#ifndef QDEV_CORE_H
#define QDEV_CORE_H

#include "qemu/queue.h"
#include "qom/object.h"
#include "qom/object-compat.h"
#include "hw/hotplug.h"

typedef struct QDict QDict;
typedef struct Property Property;
typedef struct VMStateDescription VMStateDescription;
typedef struct Monitor Monitor;
typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

/*
 * NamedGPIOList: a device's GPIO lines of one name (NULL: the unnamed
 * ones): inputs it owns, and the number of outputs.
 */
typedef struct NamedGPIOList NamedGPIOList;
struct NamedGPIOList {
    char *name;
    qemu_irq *in;
    int num_in;
    int num_out;
    qemu_irq **out;             /* ours: where output i is stored */
    QLIST_ENTRY(NamedGPIOList) node;
};

typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

#define TYPE_DEVICE "device"
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)

typedef void (*DeviceRealize)(DeviceState *dev, Error **errp);
typedef void (*DeviceUnrealize)(DeviceState *dev);
typedef void (*DeviceReset)(DeviceState *dev);

/**
 * DeviceClass:
 * @categories: bitmap of DeviceCategory (set_bit(DEVICE_CATEGORY_X,
 *     dc->categories)), used by -device help
 * @desc: one-line description for -device help
 * @props_: the qdev properties (use device_class_set_props())
 * @user_creatable: whether -device / device_add may create it
 * @hotpluggable: whether it may be plugged/unplugged after start-up
 * @legacy_reset: reset handler (also reachable as @reset)
 * @realize, @unrealize: bring the device to life / tear it down
 * @vmsd: migration description, registered when realized
 * @bus_type: type of bus the device plugs into, NULL if none
 */
struct DeviceClass {
    /* <private> */
    ObjectClass parent_class;

    /* <public> */
    unsigned long categories[1];
    const char *fw_name;
    const char *desc;

    const Property *props_;
    uint16_t props_count_;

    bool user_creatable;
    bool hotpluggable;

    union {
        DeviceReset legacy_reset;
        DeviceReset reset;
    };
    DeviceRealize realize;
    DeviceUnrealize unrealize;

    const VMStateDescription *vmsd;

    const char *bus_type;
};

typedef struct BusState BusState;
typedef struct BusClass BusClass;

/**
 * DeviceState:
 * @id: user-given identifier (-device id=), or NULL
 * @canonical_path: QOM path, kept for the DEVICE_DELETED event
 * @realized: whether realized
 * @pending_deleted_event: DEVICE_DELETED is sent when it is finalized
 * @opts: the options the device was created with (-device/device_add)
 * @hotplugged: created after start-up
 * @parent_bus: the bus it is plugged into, or NULL
 * @child_bus: its own buses
 */
struct DeviceState {
    /* <private> */
    Object parent_obj;

    /* <public> */
    char *id;
    char *canonical_path;
    bool realized;
    bool pending_deleted_event;
    int64_t pending_deleted_expires_ms;
    QDict *opts;
    int hotplugged;
    bool allow_unplug_during_migration;
    BusState *parent_bus;
    QLIST_HEAD(, BusState) child_bus;
    int num_child_bus;
    int instance_id_alias;
    int alias_required_for_version;
    QLIST_HEAD(, NamedGPIOList) gpios;
};

/* Hooks called when any device is realized or unrealized. */
typedef struct DeviceListener DeviceListener;
struct DeviceListener {
    void (*realize)(DeviceListener *listener, DeviceState *dev);
    void (*unrealize)(DeviceListener *listener, DeviceState *dev);
    QTAILQ_ENTRY(DeviceListener) link;
};

void device_listener_register(DeviceListener *listener);
void device_listener_unregister(DeviceListener *listener);

#define TYPE_BUS "bus"
DECLARE_OBJ_CHECKERS(BusState, BusClass, BUS, TYPE_BUS)

typedef void (*BusRealize)(BusState *bus, Error **errp);
typedef void (*BusUnrealize)(BusState *bus);

/**
 * BusClass:
 * @print_dev: extra lines for "info qtree"
 * @get_dev_path: device path for qdev_get_dev_path()
 * @check_address: validate a device's address before it is plugged
 * @max_dev: number of devices the bus holds (0: unlimited)
 * @automatic_ids: counter for automatic bus names
 */
struct BusClass {
    ObjectClass parent_class;

    void (*print_dev)(Monitor *mon, DeviceState *dev, int indent);
    char *(*get_dev_path)(DeviceState *dev);
    char *(*get_fw_dev_path)(DeviceState *dev);
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);

    BusRealize realize;
    BusUnrealize unrealize;

    int max_dev;
    int automatic_ids;
};

typedef struct BusChild {
    DeviceState *child;
    int index;
    QTAILQ_ENTRY(BusChild) sibling;
} BusChild;

#define QDEV_HOTPLUG_HANDLER_PROPERTY "hotplug-handler"

typedef QTAILQ_HEAD(, BusChild) BusChildHead;
typedef QLIST_ENTRY(BusState) BusStateEntry;

/**
 * BusState:
 * @parent: the device owning the bus (NULL for the main system bus)
 * @name: bus name ("main-system-bus", "virtio-mmio-bus.0", ...)
 * @hotplug_handler: accepts hotplugged devices; NULL: no hotplug
 * @children: plugged devices, newest first
 */
struct BusState {
    /* <private> */
    Object obj;

    /* <public> */
    DeviceState *parent;
    char *name;
    HotplugHandler *hotplug_handler;
    int max_index;
    bool realized;
    bool full;
    int num_children;
    BusChildHead children;
    BusStateEntry sibling;
};

/* ---- Devices ----------------------------------------------------------- */

/*
 * Create a device of type @name (aborts if the type does not exist;
 * use qdev_try_new() for user input).
 */
DeviceState *qdev_new(const char *name);

/* Create a device of type @name, or return NULL if there is none. */
DeviceState *qdev_try_new(const char *name);

/*
 * Plug @dev into @bus (NULL: no bus) and realize it.  Devices without
 * a QOM parent are placed under /machine/unattached.
 */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);

/* qdev_realize(), then drop the caller's reference (also on failure). */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);

/* Unrealize @dev (it stays in the tree). */
void qdev_unrealize(DeviceState *dev);

/* Move @dev onto @bus (checked with the bus's check_address). */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);

BusState *qdev_get_parent_bus(const DeviceState *dev);

/* The child bus of @dev named @name, or NULL. */
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);

/*
 * The machine object /machine.  Until the machine is created, a
 * placeholder container is created there (for tests and tools).
 */
Object *qdev_get_machine(void);

/* Device path of @dev given by its bus, or NULL. */
char *qdev_get_dev_path(DeviceState *dev);

/* The migration description of @dev's class, or NULL. */
const VMStateDescription *qdev_get_vmsd(DeviceState *dev);

/* The hotplug handler for @dev: its bus's, else the machine's. */
HotplugHandler *qdev_get_hotplug_handler(DeviceState *dev);
HotplugHandler *qdev_get_bus_hotplug_handler(DeviceState *dev);
HotplugHandler *qdev_get_machine_hotplug_handler(DeviceState *dev);

/*
 * Ours: let the machine code provide the machine's hotplug handler for
 * devices without a hotpluggable bus (QEMU's MachineClass::
 * get_hotplug_handler).  NULL (default): none.
 */
void qdev_set_machine_hotplug_handler_fn(
    HotplugHandler *(*fn)(DeviceState *dev));

/*
 * Ours: migration registers/unregisters a realized device's vmsd
 * through these hooks (set by the migration code).
 */
void qdev_set_vmstate_hooks(bool (*reg)(DeviceState *dev, Error **errp),
                            void (*unreg)(DeviceState *dev));

/* Whether a device may be hotplugged now (onto @bus, which may be NULL). */
bool qdev_hotplug_allowed(DeviceState *dev, BusState *bus, Error **errp);

/*
 * Unplug @dev (device_del): refused unless its bus and class support
 * hotplug; then the hotplug handler removes it (or starts removing it).
 */
void qdev_unplug(DeviceState *dev, Error **errp);

/*
 * Give @dev the id @id (taking ownership) and put it at
 * /machine/peripheral/@id, or at /machine/peripheral-anon/device[N]
 * when @id is NULL.  Returns the child property name, or NULL with
 * "Duplicate device ID '%s'".
 */
const char *qdev_set_id(DeviceState *dev, char *id, Error **errp);

/* Properties and class helpers. */
void device_class_set_props_n(DeviceClass *dc, const Property *props,
                              size_t n);
#define device_class_set_props(dc, props) \
    device_class_set_props_n((dc), (props), ARRAY_SIZE(props))

void device_class_set_parent_realize(DeviceClass *dc,
                                     DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize);
void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize);
void device_class_set_legacy_reset(DeviceClass *dc, DeviceReset dev_reset);

/*
 * Reset @dev (its reset handler) and then everything on its buses,
 * depth first.
 */
void device_cold_reset(DeviceState *dev);

/* Reset every device on @bus and below. */
void bus_cold_reset(BusState *bus);

/* Older names of the two functions above. */
void qdev_reset_all(DeviceState *dev);
void qbus_reset_all(BusState *bus);

typedef int (qdev_walkerfn)(DeviceState *dev, void *opaque);
typedef int (qbus_walkerfn)(BusState *bus, void *opaque);

/*
 * Walk the device/bus tree below @bus: pre functions before visiting
 * children, post functions after; a non-zero return stops the walk
 * (returned); a pre function returning 1 skips the children (QEMU
 * convention: positive skips, negative aborts).
 */
int qbus_walk_children(BusState *bus,
                       qdev_walkerfn *pre_devfn, qbus_walkerfn *pre_busfn,
                       qdev_walkerfn *post_devfn, qbus_walkerfn *post_busfn,
                       void *opaque);
int qdev_walk_children(DeviceState *dev,
                       qdev_walkerfn *pre_devfn, qbus_walkerfn *pre_busfn,
                       qdev_walkerfn *post_devfn, qbus_walkerfn *post_busfn,
                       void *opaque);

/* ---- GPIO lines (hw/core/gpio.c) --------------------------------------- */

/*
 * qdev_init_gpio_in_named_with_opaque: @n more input lines called
 * @name (NULL: unnamed); line i calls @handler(@opaque, i, level).
 * They are QOM children "<name>[i]" ("unnamed-gpio-in[i]") of @dev.
 */
void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler,
                                         void *opaque, const char *name,
                                         int n);

/* qdev_init_gpio_in_named: as above with @dev as the opaque. */
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);

/* qdev_init_gpio_in: @n unnamed input lines. */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);

/*
 * qdev_init_gpio_out_named: @n output lines called @name, stored in
 * @pins[0..n-1] (the device raises them with qemu_set_irq(pins[i])).
 * They are link<irq> properties "<name>[i]" ("unnamed-gpio-out[i]").
 */
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);

/* qdev_init_gpio_out: @n unnamed output lines. */
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);

/* qdev_get_gpio_in_named: input line @n called @name, NULL if none. */
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);

/* qdev_get_gpio_in: unnamed input line @n, NULL if none. */
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);

/*
 * qdev_connect_gpio_out_named: wire output line @n called @name to
 * @input_pin (an input of another device, or any qemu_irq).
 */
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin);

/* qdev_connect_gpio_out: wire unnamed output line @n. */
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);

/* qdev_get_gpio_out_connector: what output @n of @name is wired to. */
qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n);

/* qdev_get_named_gpio_list: the list called @name (created if new). */
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

/* qdev_finalize_gpios: free @dev's GPIO lists (device finalization). */
void qdev_finalize_gpios(DeviceState *dev);

/* ---- Buses ------------------------------------------------------------- */

/*
 * Initialise the bus embedded at @bus (@size bytes) as type @typename,
 * owned by @parent, named @name (NULL: automatic name).
 */
void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name);

/* Create a bus of type @typename owned by @parent. */
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);

bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);

/* Let @handler accept hotplugged devices on @bus. */
void qbus_set_hotplug_handler(BusState *bus, Object *handler);
/* Make @bus's parent device its hotplug handler. */
void qbus_set_bus_hotplug_handler(BusState *bus);

/* Whether @bus accepts hotplugged devices. */
bool qbus_is_hotpluggable(BusState *bus);

/* Whether @bus cannot take another device. */
bool qbus_is_full(BusState *bus);

/* ---- qdev-monitor: -device, device_add, device_del --------------------- */

/*
 * Create, configure and realize a device from @opts: "driver", "id",
 * "bus" and properties (keyval strings, or JSON values if @from_json).
 * Returns the device (a reference for the caller) or NULL.
 */
DeviceState *qdev_device_add_from_qdict(const QDict *opts, bool from_json,
                                        Error **errp);

/*
 * Print help if @opts asks for it ("driver=help", or a "help" key):
 * the device list by category, or the properties of a device type.
 * Returns true if help was printed.
 */
bool qdev_device_help(QDict *opts);

/*
 * -device: keyval with implied key "driver" (or JSON when @optarg
 * starts with '{').  Exits 1 with the error on failure, 0 after help.
 */
void qdev_device_add_cmdline(const char *optarg);

/* QMP device_add ('gen': false): register with qmp_register_command(). */
void qmp_device_add(QDict *qdict, QObject **ret_data, Error **errp);

/* -device help: devices by category (also "info qdm" with no-user ones). */
void qdev_print_devinfos(bool show_no_user);

#endif
