/*
 * qdev GPIO lines: named lists of input lines a device owns (QOM
 * children of type irq) and of output lines (link<irq> properties
 * pointing at the inputs they drive).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/qdev-core.h"
#include "hw/irq.h"

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl;

    QLIST_FOREACH(ngl, &dev->gpios, node) {
        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    ngl = g_new0(NamedGPIOList, 1);
    ngl->name = g_strdup(name);
    QLIST_INSERT_HEAD(&dev->gpios, ngl, node);
    return ngl;
}

static char *gpio_prop_name(const char *name, bool in, int n)
{
    if (!name) {
        name = in ? "unnamed-gpio-in" : "unnamed-gpio-out";
    }
    return g_strdup_printf("%s[%d]", name, n);
}

void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler,
                                         void *opaque, const char *name,
                                         int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (n <= 0) {
        return;
    }
    ngl->in = qemu_extend_irqs(ngl->in, ngl->num_in, handler, opaque, n);
    for (int i = ngl->num_in; i < ngl->num_in + n; i++) {
        g_autofree char *prop = gpio_prop_name(name, true, i);

        object_property_add_child(OBJECT(dev), prop, OBJECT(ngl->in[i]));
        /* The child property owns the line from now on. */
        object_unref(OBJECT(ngl->in[i]));
    }
    ngl->num_in += n;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    qdev_init_gpio_in_named_with_opaque(dev, handler, dev, name, n);
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (n <= 0) {
        return;
    }
    ngl->out = g_renew(qemu_irq *, ngl->out, ngl->num_out + n);
    for (int i = 0; i < n; i++) {
        g_autofree char *prop = gpio_prop_name(name, false,
                                               ngl->num_out + i);

        pins[i] = NULL;
        ngl->out[ngl->num_out + i] = &pins[i];
        object_property_add_link(OBJECT(dev), prop, TYPE_IRQ,
                                 (Object **)&pins[i],
                                 object_property_allow_set_link,
                                 OBJ_PROP_LINK_STRONG);
    }
    ngl->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (n < 0 || n >= ngl->num_in) {
        error_report("%s has no GPIO input '%s[%d]' (it has %d)",
                     object_get_typename(OBJECT(dev)),
                     name ? name : "unnamed-gpio-in", n, ngl->num_in);
        return NULL;
    }
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    qemu_irq *slot, old;

    if (n < 0 || n >= ngl->num_out) {
        error_report("%s has no GPIO output '%s[%d]' (it has %d)",
                     object_get_typename(OBJECT(dev)),
                     name ? name : "unnamed-gpio-out", n, ngl->num_out);
        return;
    }
    if (input_pin && !OBJECT(input_pin)->parent) {
        /* Give a free-standing line a place in the tree, as QEMU. */
        object_property_add_child(container_get(qdev_get_machine(),
                                                "/unattached"),
                                  "non-qdev-gpio[*]", OBJECT(input_pin));
    }
    /* The strong link holds a reference to what it points to. */
    slot = ngl->out[n];
    old = *slot;
    if (input_pin) {
        object_ref(OBJECT(input_pin));
    }
    *slot = input_pin;
    if (old) {
        object_unref(OBJECT(old));
    }
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (n < 0 || n >= ngl->num_out) {
        return NULL;
    }
    return *ngl->out[n];
}

void qdev_finalize_gpios(DeviceState *dev)
{
    NamedGPIOList *ngl, *next;

    /* The lines themselves went with the device's properties. */
    QLIST_FOREACH_SAFE(ngl, &dev->gpios, node, next) {
        QLIST_REMOVE(ngl, node);
        g_free(ngl->in);
        g_free(ngl->out);
        g_free(ngl->name);
        g_free(ngl);
    }
}
