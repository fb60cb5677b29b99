/*
 * Interrupt lines as QOM objects.
 */
#include "qemu/osdep.h"
#include "hw/irq.h"

void qemu_set_irq(qemu_irq irq, int level)
{
    if (!irq || !irq->handler) {
        return;
    }
    irq->handler(irq->opaque, irq->n, level);
}

void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque,
                   int n)
{
    object_initialize(irq, sizeof(*irq), TYPE_IRQ);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

void qemu_init_irqs(IRQState irq[], size_t count, qemu_irq_handler handler,
                    void *opaque)
{
    for (size_t i = 0; i < count; i++) {
        qemu_init_irq(&irq[i], handler, opaque, i);
    }
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    IRQState *irq = IRQ(object_new(TYPE_IRQ));

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_extend_irqs(qemu_irq *old, int n_old,
                           qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq *s;

    if (n_old < 0 || n < 0) {
        return old;
    }
    s = g_renew(qemu_irq, old, n_old + n);
    for (int i = n_old; i < n_old + n; i++) {
        s[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return s;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    return qemu_extend_irqs(NULL, 0, handler, opaque, n);
}

void qemu_free_irq(qemu_irq irq)
{
    if (irq) {
        object_unref(OBJECT(irq));
    }
}

void qemu_free_irqs(qemu_irq *s, int n)
{
    if (!s) {
        return;
    }
    for (int i = 0; i < n; i++) {
        qemu_free_irq(s[i]);
    }
    g_free(s);
}

static void qemu_notirq(void *opaque, int line, int level)
{
    qemu_set_irq(opaque, !level);
}

qemu_irq qemu_irq_invert(qemu_irq irq)
{
    /* Most lines start low: start the inverted target high. */
    qemu_irq_raise(irq);
    return qemu_allocate_irq(qemu_notirq, irq, 0);
}

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(IRQState),
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)
