/*
 * Interrupt lines: a qemu_irq is a QOM object (TYPE_IRQ) that calls
 * its handler when a level is set on it.  Same API as QEMU's hw/irq.h.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include "qom/object.h"

#define TYPE_IRQ "irq"

typedef struct IRQState IRQState;
typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

DECLARE_INSTANCE_CHECKER(IRQState, IRQ, TYPE_IRQ)

struct IRQState {
    Object parent_obj;

    qemu_irq_handler handler;
    void *opaque;
    int n;
};

/** qemu_set_irq: set @irq to @level (NULL: not connected, no-op). */
void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

/* qemu_irq_pulse: raise then lower (an edge). */
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/** qemu_init_irq: initialize an embedded @irq calling @handler. */
void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque,
                   int n);

/** qemu_init_irqs: initialize @count embedded lines numbered 0... */
void qemu_init_irqs(IRQState irq[], size_t count, qemu_irq_handler handler,
                    void *opaque);

/** qemu_allocate_irq: a new line number @n; free with qemu_free_irq. */
qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);

/**
 * qemu_allocate_irqs: an array of @n new lines numbered 0..n-1; free
 * with qemu_free_irqs.
 */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);

/**
 * qemu_extend_irqs: @old (of @n_old lines, may be NULL) grown by @n
 * lines numbered n_old...; returns the new array (old one freed).
 */
qemu_irq *qemu_extend_irqs(qemu_irq *old, int n_old,
                           qemu_irq_handler handler, void *opaque, int n);

/** qemu_free_irq: drop a line from qemu_allocate_irq (NULL is fine). */
void qemu_free_irq(qemu_irq irq);

/** qemu_free_irqs: drop @n lines of @s and the array. */
void qemu_free_irqs(qemu_irq *s, int n);

/** qemu_irq_invert: a line that sets @irq to the opposite level. */
qemu_irq qemu_irq_invert(qemu_irq irq);

#endif
