/*
 * Hotplug handler interface.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/hotplug.h"

#define HOTPLUG_CALL(hook)                                              \
void hotplug_handler_##hook(HotplugHandler *plug_handler,               \
                            DeviceState *plugged_dev, Error **errp)     \
{                                                                       \
    HotplugHandlerClass *hdc = HOTPLUG_HANDLER_GET_CLASS(plug_handler); \
                                                                        \
    if (hdc->hook) {                                                    \
        hdc->hook(plug_handler, plugged_dev, errp);                     \
    }                                                                   \
}

HOTPLUG_CALL(pre_plug)
HOTPLUG_CALL(plug)
HOTPLUG_CALL(unplug_request)
HOTPLUG_CALL(unplug)

static const TypeInfo hotplug_handler_info = {
    .name          = TYPE_HOTPLUG_HANDLER,
    .parent        = TYPE_INTERFACE,
    .class_size = sizeof(HotplugHandlerClass),
};

static void hotplug_handler_register_types(void)
{
    type_register_static(&hotplug_handler_info);
}

type_init(hotplug_handler_register_types)
