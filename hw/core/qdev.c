/*
 * qdev: the device base type, realize/unrealize, reset, tree walks.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-events.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qom/object-compat.h"
#include "hw/core/qdev-internal.h"

static QTAILQ_HEAD(, DeviceListener) device_listeners
    = QTAILQ_HEAD_INITIALIZER(device_listeners);

static HotplugHandler *(*machine_hotplug_handler_fn)(DeviceState *dev);
static bool (*vmstate_register_hook)(DeviceState *dev, Error **errp);
static void (*vmstate_unregister_hook)(DeviceState *dev);

void device_listener_register(DeviceListener *listener)
{
    QTAILQ_INSERT_TAIL(&device_listeners, listener, link);
}

void device_listener_unregister(DeviceListener *listener)
{
    QTAILQ_REMOVE(&device_listeners, listener, link);
}

void qdev_set_machine_hotplug_handler_fn(
    HotplugHandler *(*fn)(DeviceState *dev))
{
    machine_hotplug_handler_fn = fn;
}

void qdev_set_vmstate_hooks(bool (*reg)(DeviceState *dev, Error **errp),
                            void (*unreg)(DeviceState *dev))
{
    vmstate_register_hook = reg;
    vmstate_unregister_hook = unreg;
}

const VMStateDescription *qdev_get_vmsd(DeviceState *dev)
{
    return DEVICE_GET_CLASS(dev)->vmsd;
}

DeviceState *qdev_new(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);

    if (!oc) {
        error_report("unknown type '%s'", name);
        abort();
    }
    return DEVICE(object_new(name));
}

DeviceState *qdev_try_new(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        return NULL;
    }
    return DEVICE(object_new(name));
}

Object *qdev_get_machine(void)
{
    Object *root = object_get_root();
    Object *machine = object_resolve_path_component(root, "machine");

    if (!machine) {
        /* No machine yet: a placeholder keeps the tree layout. */
        machine = container_get(root, "/machine");
    }
    return machine;
}

BusState *qdev_get_parent_bus(const DeviceState *dev)
{
    return dev->parent_bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    BusState *bus;

    QLIST_FOREACH(bus, &dev->child_bus, sibling) {
        if (strcmp(name, bus->name) == 0) {
            return bus;
        }
    }
    return NULL;
}

char *qdev_get_dev_path(DeviceState *dev)
{
    BusClass *bc;

    if (!dev || !dev->parent_bus) {
        return NULL;
    }
    bc = BUS_GET_CLASS(dev->parent_bus);
    if (bc->get_dev_path) {
        return bc->get_dev_path(dev);
    }
    return NULL;
}

HotplugHandler *qdev_get_machine_hotplug_handler(DeviceState *dev)
{
    if (machine_hotplug_handler_fn) {
        return machine_hotplug_handler_fn(dev);
    }
    return NULL;
}

HotplugHandler *qdev_get_bus_hotplug_handler(DeviceState *dev)
{
    if (dev->parent_bus) {
        return dev->parent_bus->hotplug_handler;
    }
    return NULL;
}

HotplugHandler *qdev_get_hotplug_handler(DeviceState *dev)
{
    HotplugHandler *hotplug_ctrl = qdev_get_machine_hotplug_handler(dev);

    if (hotplug_ctrl == NULL && dev->parent_bus) {
        hotplug_ctrl = qdev_get_bus_hotplug_handler(dev);
    }
    return hotplug_ctrl;
}

bool qdev_hotplug_allowed(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!dc->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (bus && !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return false;
    }
    return true;
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    g_assert(!dev->realized && !dev->parent_bus);

    if (bus) {
        if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus",
                       object_get_typename(OBJECT(dev)),
                       object_get_typename(OBJECT(bus)));
            return false;
        }
        if (!qdev_set_parent_bus(dev, bus, errp)) {
            return false;
        }
    } else if (dc->bus_type) {
        error_setg(errp, "Device '%s' needs a bus of type '%s'",
                   object_get_typename(OBJECT(dev)), dc->bus_type);
        return false;
    }

    return object_property_set_bool(OBJECT(dev), "realized", true, errp);
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ret = qdev_realize(dev, bus, errp);

    object_unref(OBJECT(dev));
    return ret;
}

void qdev_unrealize(DeviceState *dev)
{
    object_property_set_bool(OBJECT(dev), "realized", false, &error_abort);
}

void qdev_unplug(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    HotplugHandler *hotplug_ctrl;
    HotplugHandlerClass *hdc;
    Error *local_err = NULL;

    if (dev->parent_bus && !qbus_is_hotpluggable(dev->parent_bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging",
                   dev->parent_bus->name);
        return;
    }
    if (!dc->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return;
    }

    hotplug_ctrl = qdev_get_hotplug_handler(dev);
    if (!hotplug_ctrl) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return;
    }

    hdc = HOTPLUG_HANDLER_GET_CLASS(hotplug_ctrl);
    if (hdc->unplug_request) {
        hotplug_handler_unplug_request(hotplug_ctrl, dev, &local_err);
    } else {
        hotplug_handler_unplug(hotplug_ctrl, dev, &local_err);
        if (!local_err) {
            object_unparent(OBJECT(dev));
        }
    }
    error_propagate(errp, local_err);
}

/* ---- Walks and reset ---------------------------------------------------- */

int qbus_walk_children(BusState *bus,
                       qdev_walkerfn *pre_devfn, qbus_walkerfn *pre_busfn,
                       qdev_walkerfn *post_devfn, qbus_walkerfn *post_busfn,
                       void *opaque)
{
    BusChild *kid;
    int err;

    if (pre_busfn) {
        err = pre_busfn(bus, opaque);
        if (err) {
            return err;
        }
    }

    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        err = qdev_walk_children(kid->child, pre_devfn, pre_busfn,
                                 post_devfn, post_busfn, opaque);
        if (err < 0) {
            return err;
        }
    }

    if (post_busfn) {
        err = post_busfn(bus, opaque);
        if (err) {
            return err;
        }
    }
    return 0;
}

int qdev_walk_children(DeviceState *dev,
                       qdev_walkerfn *pre_devfn, qbus_walkerfn *pre_busfn,
                       qdev_walkerfn *post_devfn, qbus_walkerfn *post_busfn,
                       void *opaque)
{
    BusState *bus;
    int err;

    if (pre_devfn) {
        err = pre_devfn(dev, opaque);
        if (err) {
            return err;
        }
    }

    QLIST_FOREACH(bus, &dev->child_bus, sibling) {
        err = qbus_walk_children(bus, pre_devfn, pre_busfn,
                                 post_devfn, post_busfn, opaque);
        if (err < 0) {
            return err;
        }
    }

    if (post_devfn) {
        err = post_devfn(dev, opaque);
        if (err) {
            return err;
        }
    }
    return 0;
}

static int qdev_reset_one(DeviceState *dev, void *opaque)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->legacy_reset) {
        dc->legacy_reset(dev);
    }
    return 0;
}

void device_cold_reset(DeviceState *dev)
{
    qdev_walk_children(dev, qdev_reset_one, NULL, NULL, NULL, NULL);
}

void bus_cold_reset(BusState *bus)
{
    qbus_walk_children(bus, qdev_reset_one, NULL, NULL, NULL, NULL);
}

void qdev_reset_all(DeviceState *dev)
{
    device_cold_reset(dev);
}

void qbus_reset_all(BusState *bus)
{
    bus_cold_reset(bus);
}

/* ---- Class helpers ------------------------------------------------------ */

void device_class_set_parent_realize(DeviceClass *dc,
                                     DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize)
{
    *parent_realize = dc->realize;
    dc->realize = dev_realize;
}

void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize)
{
    *parent_unrealize = dc->unrealize;
    dc->unrealize = dev_unrealize;
}

void device_class_set_legacy_reset(DeviceClass *dc, DeviceReset dev_reset)
{
    dc->legacy_reset = dev_reset;
}

void device_class_set_props_n(DeviceClass *dc, const Property *props,
                              size_t n)
{
    size_t i, count = 0;

    /* Tolerate a trailing DEFINE_PROP_END_OF_LIST() (older QEMU style). */
    for (i = 0; i < n && props[i].name; i++) {
        count++;
    }
    dc->props_ = props;
    dc->props_count_ = count;
    object_class_add_props_n(OBJECT_CLASS(dc), props, count);
}

/* ---- The "realized" property -------------------------------------------- */

static bool device_get_realized(Object *obj, Error **errp)
{
    return DEVICE(obj)->realized;
}

static void device_unrealize_buses(DeviceState *dev)
{
    BusState *bus;

    QLIST_FOREACH(bus, &dev->child_bus, sibling) {
        qbus_unrealize(bus);
    }
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    HotplugHandler *hotplug_ctrl;
    BusState *bus;
    DeviceListener *listener;
    Error *local_err = NULL;
    bool unattached_parent = false;
    static int unattached_count;

    if (value && !dev->realized) {
        /* An error from compat properties or -global comes first. */
        if (!object_take_init_error(obj, &local_err)) {
            goto fail;
        }

        if (!obj->parent) {
            gchar *name = g_strdup_printf("device[%d]", unattached_count++);

            object_property_add_child(container_get(qdev_get_machine(),
                                                    "/unattached"),
                                      name, obj);
            unattached_parent = true;
            g_free(name);
        }

        hotplug_ctrl = qdev_get_hotplug_handler(dev);
        if (hotplug_ctrl) {
            hotplug_handler_pre_plug(hotplug_ctrl, dev, &local_err);
            if (local_err != NULL) {
                goto fail;
            }
        }

        if (dc->realize) {
            dc->realize(dev, &local_err);
            if (local_err != NULL) {
                goto fail;
            }
        }

        QTAILQ_FOREACH(listener, &device_listeners, link) {
            if (listener->realize) {
                listener->realize(listener, dev);
            }
        }

        g_free(dev->canonical_path);
        dev->canonical_path = object_get_canonical_path(OBJECT(dev));

        if (qdev_get_vmsd(dev) && vmstate_register_hook) {
            if (!vmstate_register_hook(dev, &local_err)) {
                goto post_realize_fail;
            }
        }

        QLIST_FOREACH(bus, &dev->child_bus, sibling) {
            if (!qbus_realize(bus, &local_err)) {
                goto child_realize_fail;
            }
        }
        if (dev->hotplugged) {
            device_cold_reset(dev);
        }
        dev->pending_deleted_event = false;

        if (hotplug_ctrl) {
            hotplug_handler_plug(hotplug_ctrl, dev, &local_err);
            if (local_err != NULL) {
                goto child_realize_fail;
            }
        }
        dev->realized = true;

    } else if (!value && dev->realized) {
        dev->realized = false;
        device_unrealize_buses(dev);
        if (qdev_get_vmsd(dev) && vmstate_unregister_hook) {
            vmstate_unregister_hook(dev);
        }
        if (dc->unrealize) {
            dc->unrealize(dev);
        }
        dev->pending_deleted_event = true;
        QTAILQ_FOREACH_REVERSE(listener, &device_listeners, link) {
            if (listener->unrealize) {
                listener->unrealize(listener, dev);
            }
        }
    }
    return;

child_realize_fail:
    device_unrealize_buses(dev);
    if (qdev_get_vmsd(dev) && vmstate_unregister_hook) {
        vmstate_unregister_hook(dev);
    }

post_realize_fail:
    g_free(dev->canonical_path);
    dev->canonical_path = NULL;
    if (dc->unrealize) {
        dc->unrealize(dev);
    }

fail:
    error_propagate(errp, local_err);
    if (unattached_parent) {
        /* Keep the reference the caller holds while unparenting. */
        object_ref(obj);
        object_unparent(obj);
        object_unref(obj);
        unattached_count--;
    }
}

static bool device_get_hotpluggable(Object *obj, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(obj);
    DeviceState *dev = DEVICE(obj);

    return dc->hotpluggable && (dev->parent_bus == NULL ||
                                qbus_is_hotpluggable(dev->parent_bus));
}

static bool device_get_hotplugged(Object *obj, Error **errp)
{
    return DEVICE(obj)->hotplugged;
}

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (phase_check(PHASE_MACHINE_READY)) {
        dev->hotplugged = 1;
    }
    dev->instance_id_alias = -1;
    dev->realized = false;
    dev->allow_unplug_during_migration = false;
    QLIST_INIT(&dev->child_bus);
}

/* object-compat applied slots 0..2; -global comes after them. */
static void device_post_init(Object *obj)
{
    object_apply_globals_post_init(obj);
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->pending_deleted_event) {
        if (dev->canonical_path) {
            qapi_event_send_device_deleted(dev->id, dev->canonical_path);
        }
    }
    g_free(dev->canonical_path);
    dev->canonical_path = NULL;
    qobject_unref(dev->opts);
    dev->opts = NULL;
    g_free(dev->id);
    dev->id = NULL;
    qdev_finalize_gpios(dev);
}

/* Runs when the device leaves the tree: unrealize and detach. */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    BusState *bus;

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    while (dev->num_child_bus) {
        bus = QLIST_FIRST(&dev->child_bus);
        object_unparent(OBJECT(bus));
    }
    if (dev->parent_bus) {
        bus = dev->parent_bus;
        bus_remove_child(bus, dev);
        dev->parent_bus = NULL;
        object_unref(OBJECT(bus));
    }
}

static void device_class_init(ObjectClass *class, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(class);

    class->unparent = device_unparent;

    /*
     * By default all devices are creatable with -device/device_add and
     * hotpluggable; classes that are not must say so.
     */
    dc->hotpluggable = true;
    dc->user_creatable = true;

    object_class_property_add_bool(class, "realized",
                                   device_get_realized, device_set_realized);
    object_class_property_add_bool(class, "hotpluggable",
                                   device_get_hotpluggable, NULL);
    object_class_property_add_bool(class, "hotplugged",
                                   device_get_hotplugged, NULL);
    object_class_property_add_link(class, "parent_bus", TYPE_BUS,
                                   offsetof(DeviceState, parent_bus),
                                   NULL, 0);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT_COMPAT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .class_init = device_class_init,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
