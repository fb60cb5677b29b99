/*
 * Hotplug handler interface: an object (bus owner or machine) that
 * accepts devices plugged into and unplugged from it at run time.
 */
#ifndef HOTPLUG_H
#define HOTPLUG_H

#include "qom/object.h"

#define TYPE_HOTPLUG_HANDLER "hotplug-handler"

typedef struct HotplugHandlerClass HotplugHandlerClass;
DECLARE_CLASS_CHECKERS(HotplugHandlerClass, HOTPLUG_HANDLER,
                       TYPE_HOTPLUG_HANDLER)
#define HOTPLUG_HANDLER(obj) \
     INTERFACE_CHECK(HotplugHandler, (obj), TYPE_HOTPLUG_HANDLER)

typedef struct HotplugHandler HotplugHandler;
typedef struct DeviceState DeviceState;
typedef struct BusState BusState;

/* A plug/unplug step for @plugged_dev handled by @plug_handler. */
typedef void (*hotplug_fn)(HotplugHandler *plug_handler,
                           DeviceState *plugged_dev, Error **errp);
typedef bool (*hotplug_fn_nocheck)(HotplugHandler *plug_handler,
                                   BusState *bus);

/*
 * @pre_plug: before the device is realized (may refuse it)
 * @plug: after it is realized
 * @unplug_request: start an asynchronous (guest-assisted) unplug
 * @unplug: remove the device now
 * @is_hotpluggable_bus: whether @bus accepts hotplug (NULL: yes)
 */
struct HotplugHandlerClass {
    /* <private> */
    InterfaceClass parent;

    /* <public> */
    hotplug_fn pre_plug;
    hotplug_fn plug;
    hotplug_fn unplug_request;
    hotplug_fn unplug;
    hotplug_fn_nocheck is_hotpluggable_bus;
};

void hotplug_handler_plug(HotplugHandler *plug_handler,
                          DeviceState *plugged_dev, Error **errp);
void hotplug_handler_pre_plug(HotplugHandler *plug_handler,
                              DeviceState *plugged_dev, Error **errp);
void hotplug_handler_unplug_request(HotplugHandler *plug_handler,
                                    DeviceState *plugged_dev, Error **errp);
void hotplug_handler_unplug(HotplugHandler *plug_handler,
                            DeviceState *plugged_dev, Error **errp);

#endif
