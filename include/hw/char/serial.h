/*
 * 16550A UART core (TYPE_SERIAL): the register file, FIFOs, interrupt
 * logic and chardev plumbing shared by the bus front-ends (serial-mm).
 * Same names as QEMU's include/hw/char/serial.h.
 */
#ifndef HW_SERIAL_H
#define HW_SERIAL_H

#include "chardev/char-fe.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "migration/vmstate.h"
#include "qemu/timer.h"

#define UART_FIFO_LENGTH 16

/* A byte FIFO of UART_FIFO_LENGTH entries. */
typedef struct SerialFIFO {
    uint8_t data[UART_FIFO_LENGTH];
    uint32_t head;
    uint32_t num;
} SerialFIFO;

struct SerialState {
    /* <private> */
    DeviceState parent;

    /* <public> */
    uint16_t divider;
    uint8_t rbr;        /* receive register (non-FIFO mode) */
    uint8_t thr;        /* transmit holding register (non-FIFO mode) */
    uint8_t tsr;        /* byte being transmitted */
    uint8_t ier;
    uint8_t iir;        /* read only */
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr;        /* read only */
    uint8_t msr;        /* read only */
    uint8_t scr;
    uint8_t fcr;
    uint8_t fcr_vmstate;
    /* THRE interrupt pending, cleared by reading IIR or writing THR */
    int thr_ipending;
    qemu_irq irq;
    CharBackend chr;
    int last_break_enable;
    uint32_t baudbase;
    uint32_t tsr_retry;
    guint watch_tag;
    bool wakeup;

    uint64_t char_transmit_time;    /* ns per character at current rate */
    SerialFIFO recv_fifo;
    SerialFIFO xmit_fifo;
    /* Receive trigger level (FCR bits 7:6) */
    uint8_t recv_fifo_itl;
    /* Character timeout: data sits in the RX FIFO, nobody reads it */
    QEMUTimer fifo_timeout_timer;
    int timeout_ipending;
    int poll_msl;

    MemoryRegion io;
};

#define TYPE_SERIAL "serial"
OBJECT_DECLARE_SIMPLE_TYPE(SerialState, SERIAL)

/**
 * serial_io_read / serial_io_write: access register @addr (0..7, after
 * the front-end's shift) of @s.  Only the low 8 bits are meaningful.
 * Other values of @addr are logged as guest errors and ignored.
 */
uint64_t serial_io_read(SerialState *s, hwaddr addr);
void serial_io_write(SerialState *s, hwaddr addr, uint64_t val);

/* serial_reset: bring the UART to its power-on register values. */
void serial_reset(SerialState *s);

/* QEMU's "serial" migration state, embedded by the front-ends. */
extern const VMStateDescription vmstate_serial;

#endif
