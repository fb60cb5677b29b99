/*
 * 16550A UART core: registers, 16-byte FIFOs, interrupt priority logic,
 * receive from the chardev with flow control and transmit to it without
 * ever blocking the vCPU.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/char/serial.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"

/* Register numbers (offsets once the front-end shift is applied) */
#define UART_RBR 0      /* read: receive buffer; write: THR */
#define UART_IER 1
#define UART_IIR 2      /* read: interrupt id; write: FCR */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define UART_IER_RDI    0x01    /* received data available */
#define UART_IER_THRI   0x02    /* transmitter holding register empty */
#define UART_IER_RLSI   0x04    /* receiver line status */
#define UART_IER_MSI    0x08    /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID     0x06
#define UART_IIR_MSI    0x00
#define UART_IIR_THRI   0x02
#define UART_IIR_RDI    0x04
#define UART_IIR_RLSI   0x06
#define UART_IIR_CTI    0x0c    /* character timeout */
#define UART_IIR_FE     0xc0    /* FIFOs enabled */

#define UART_FCR_FE     0x01
#define UART_FCR_RFR    0x02    /* clear the receive FIFO */
#define UART_FCR_XFR    0x04    /* clear the transmit FIFO */
#define UART_FCR_ITL_MASK 0xc0

#define UART_LCR_DLAB   0x80
#define UART_LCR_SBC    0x40    /* send break */
#define UART_LCR_PARITY 0x08
#define UART_LCR_STOP   0x04
#define UART_LCR_WLEN_MASK 0x03

#define UART_MCR_DTR    0x01
#define UART_MCR_RTS    0x02
#define UART_MCR_OUT1   0x04
#define UART_MCR_OUT2   0x08
#define UART_MCR_LOOP   0x10

#define UART_LSR_DR     0x01
#define UART_LSR_OE     0x02
#define UART_LSR_PE     0x04
#define UART_LSR_FE     0x08
#define UART_LSR_BI     0x10
#define UART_LSR_THRE   0x20
#define UART_LSR_TEMT   0x40
#define UART_LSR_INT_ANY (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | \
                          UART_LSR_BI)

#define UART_MSR_DCTS   0x01
#define UART_MSR_DDSR   0x02
#define UART_MSR_TERI   0x04
#define UART_MSR_DDCD   0x08
#define UART_MSR_ANY_DELTA 0x0f
#define UART_MSR_CTS    0x10
#define UART_MSR_DSR    0x20
#define UART_MSR_RI     0x40
#define UART_MSR_DCD    0x80

/* Failed writes retried through a chardev watch before a byte is lost */
#define MAX_XMIT_RETRY  4

static const uint8_t fifo_trigger_levels[4] = { 1, 4, 8, 14 };

/* ---- FIFO -------------------------------------------------------------- */

static void fifo_reset(SerialFIFO *f)
{
    f->head = 0;
    f->num = 0;
}

static bool fifo_is_full(const SerialFIFO *f)
{
    return f->num == UART_FIFO_LENGTH;
}

static void fifo_push(SerialFIFO *f, uint8_t val)
{
    g_assert(!fifo_is_full(f));
    f->data[(f->head + f->num) % UART_FIFO_LENGTH] = val;
    f->num++;
}

static uint8_t fifo_pop(SerialFIFO *f)
{
    uint8_t val;

    g_assert(f->num);
    val = f->data[f->head];
    f->head = (f->head + 1) % UART_FIFO_LENGTH;
    f->num--;
    return val;
}

static bool fifo_enabled(const SerialState *s)
{
    return s->fcr & UART_FCR_FE;
}

/* ---- Interrupts ---------------------------------------------------------- */

/* Recompute IIR by priority and drive the interrupt line. */
static void serial_update_irq(SerialState *s)
{
    uint8_t id = UART_IIR_NO_INT;

    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        id = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        id = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_RDI) && (s->lsr & UART_LSR_DR) &&
               (!fifo_enabled(s) ||
                s->recv_fifo.num >= s->recv_fifo_itl)) {
        id = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        id = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_ANY_DELTA)) {
        id = UART_IIR_MSI;
    }

    s->iir = id | (fifo_enabled(s) ? UART_IIR_FE : 0);
    qemu_set_irq(s->irq, id != UART_IIR_NO_INT);
}

/* Character time from the divisor and the frame format. */
static void serial_update_parameters(SerialState *s)
{
    int frame_bits = 1 + 5 + (s->lcr & UART_LCR_WLEN_MASK) +
                     ((s->lcr & UART_LCR_PARITY) ? 1 : 0) +
                     ((s->lcr & UART_LCR_STOP) ? 2 : 1);
    uint64_t divider = s->divider ? s->divider : 1;
    uint64_t baudbase = s->baudbase ? s->baudbase : 115200;

    s->char_transmit_time = NANOSECONDS_PER_SECOND * divider * frame_bits /
                            baudbase;
    if (!s->char_transmit_time) {
        s->char_transmit_time = 1;
    }
}

/* Re-arm the character timeout: four character times of silence. */
static void serial_rearm_timeout(SerialState *s)
{
    timer_mod(&s->fifo_timeout_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
              4 * s->char_transmit_time);
}

static void fifo_timeout_int(void *opaque)
{
    SerialState *s = opaque;

    if (s->recv_fifo.num) {
        s->timeout_ipending = 1;
        serial_update_irq(s);
    }
}

/* ---- Modem lines --------------------------------------------------------- */

static void serial_update_msr(SerialState *s)
{
    uint8_t old = s->msr;
    uint8_t lines;

    if (s->mcr & UART_MCR_LOOP) {
        lines = ((s->mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0) |
                ((s->mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
                ((s->mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0) |
                ((s->mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0);
    } else {
        /* A chardev has no modem lines: report a ready modem. */
        lines = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    }

    s->msr = (old & UART_MSR_ANY_DELTA) | lines;
    if ((old ^ lines) & UART_MSR_CTS) {
        s->msr |= UART_MSR_DCTS;
    }
    if ((old ^ lines) & UART_MSR_DSR) {
        s->msr |= UART_MSR_DDSR;
    }
    if ((old ^ lines) & UART_MSR_DCD) {
        s->msr |= UART_MSR_DDCD;
    }
    /* Trailing edge of RI */
    if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI)) {
        s->msr |= UART_MSR_TERI;
    }
}

/* ---- Receive ------------------------------------------------------------- */

/* A byte arrives on the wire (from the chardev or the loopback). */
static void serial_receive_byte(SerialState *s, uint8_t byte)
{
    if (fifo_enabled(s)) {
        if (fifo_is_full(&s->recv_fifo)) {
            s->lsr |= UART_LSR_OE;
        } else {
            fifo_push(&s->recv_fifo, byte);
        }
        s->lsr |= UART_LSR_DR;
        serial_rearm_timeout(s);
    } else {
        if (s->lsr & UART_LSR_DR) {
            s->lsr |= UART_LSR_OE;
        }
        s->rbr = byte;
        s->lsr |= UART_LSR_DR;
    }
}

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    if (s->mcr & UART_MCR_LOOP) {
        /* The receiver listens to the transmitter only. */
        return 0;
    }
    if (fifo_enabled(s)) {
        return UART_FIFO_LENGTH - s->recv_fifo.num;
    }
    return !(s->lsr & UART_LSR_DR);
}

static void serial_receive(void *opaque, const uint8_t *buf, int size)
{
    SerialState *s = opaque;
    int i;

    for (i = 0; i < size; i++) {
        serial_receive_byte(s, buf[i]);
    }
    serial_update_irq(s);
}

static void serial_event(void *opaque, QEMUChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        s->lsr |= UART_LSR_BI | UART_LSR_DR;
        if (fifo_enabled(s)) {
            if (!fifo_is_full(&s->recv_fifo)) {
                fifo_push(&s->recv_fifo, 0);
            }
        } else {
            s->rbr = 0;
        }
        serial_update_irq(s);
    }
}

/* ---- Transmit ------------------------------------------------------------ */

static gboolean serial_watch_cb(void *do_not_use, GIOCondition cond,
                                void *opaque);

/*
 * Move bytes from THR/TX FIFO through the shift register (tsr) to the
 * chardev until it would block; then wait for it to become writable
 * (the vCPU never waits).  THRE is set once THR/the FIFO is empty, TEMT
 * once the shift register is empty too: that is what the guest polls.
 */
static void serial_xmit(SerialState *s)
{
    for (;;) {
        if (s->watch_tag) {
            return;     /* waiting for the backend */
        }
        if (!s->tsr_retry) {
            /* Load the shift register from THR or the FIFO. */
            if (fifo_enabled(s)) {
                if (!s->xmit_fifo.num) {
                    break;
                }
                s->tsr = fifo_pop(&s->xmit_fifo);
            } else {
                if (s->lsr & UART_LSR_THRE) {
                    break;
                }
                s->tsr = s->thr;
            }
            if (!fifo_enabled(s) || !s->xmit_fifo.num) {
                s->lsr |= UART_LSR_THRE;
                s->thr_ipending = 1;
            }
        }

        if (s->mcr & UART_MCR_LOOP) {
            serial_receive_byte(s, s->tsr);
        } else if (qemu_chr_fe_backend_connected(&s->chr) &&
                   qemu_chr_fe_write(&s->chr, &s->tsr, 1) != 1) {
            if (s->tsr_retry < MAX_XMIT_RETRY) {
                s->watch_tag = qemu_chr_fe_add_watch(&s->chr,
                                                     G_IO_OUT | G_IO_HUP,
                                                     serial_watch_cb, s);
                if (s->watch_tag) {
                    s->tsr_retry++;
                    serial_update_irq(s);
                    return;
                }
            }
            /* The backend cannot take it: the byte is lost. */
        }
        s->tsr_retry = 0;
    }
    s->lsr |= UART_LSR_TEMT;
    serial_update_irq(s);
}

static gboolean serial_watch_cb(void *do_not_use, GIOCondition cond,
                                void *opaque)
{
    SerialState *s = opaque;

    s->watch_tag = 0;
    serial_xmit(s);
    return G_SOURCE_REMOVE;
}

static void serial_write_thr(SerialState *s, uint8_t val)
{
    if (fifo_enabled(s)) {
        if (fifo_is_full(&s->xmit_fifo)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "serial: transmit FIFO overflow, byte 0x%02x "
                          "dropped\n", val);
            return;
        }
        fifo_push(&s->xmit_fifo, val);
    } else {
        if (!(s->lsr & UART_LSR_THRE)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "serial: THR written while full, byte 0x%02x "
                          "dropped\n", val);
            return;
        }
        s->thr = val;
    }
    s->thr_ipending = 0;
    s->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
    serial_update_irq(s);
    serial_xmit(s);
}

/* ---- Register access ----------------------------------------------------- */

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    bool changed = (val ^ s->fcr) & UART_FCR_FE;

    if (!changed && !(val & UART_FCR_FE)) {
        /* With the FIFOs off, the other bits have no effect. */
        return;
    }
    /* Switching the FIFOs on or off empties them. */
    if (changed || (val & UART_FCR_RFR)) {
        fifo_reset(&s->recv_fifo);
        timer_del(&s->fifo_timeout_timer);
        s->timeout_ipending = 0;
        s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        qemu_chr_fe_accept_input(&s->chr);
    }
    if (changed || (val & UART_FCR_XFR)) {
        fifo_reset(&s->xmit_fifo);
        s->lsr |= UART_LSR_THRE;
        s->thr_ipending = 1;
        if (!s->tsr_retry) {
            s->lsr |= UART_LSR_TEMT;
        }
    }

    s->fcr = val & (UART_FCR_FE | UART_FCR_ITL_MASK);
    s->fcr_vmstate = s->fcr;
    s->recv_fifo_itl = fifo_trigger_levels[(s->fcr & UART_FCR_ITL_MASK) >> 6];
    serial_update_irq(s);
}

void serial_io_write(SerialState *s, hwaddr addr, uint64_t value)
{
    uint8_t val = value;
    uint8_t old;

    switch (addr) {
    case UART_RBR:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | val;
            serial_update_parameters(s);
        } else {
            serial_write_thr(s, val);
        }
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | (val << 8);
            serial_update_parameters(s);
            break;
        }
        old = s->ier;
        s->ier = val & 0x0f;
        /* Enabling THRI while THR is empty raises it at once. */
        if ((s->ier & UART_IER_THRI) && !(old & UART_IER_THRI) &&
            (s->lsr & UART_LSR_THRE)) {
            s->thr_ipending = 1;
        }
        serial_update_irq(s);
        break;
    case UART_IIR:
        serial_write_fcr(s, val);
        break;
    case UART_LCR:
        s->lcr = val;
        serial_update_parameters(s);
        if ((val & UART_LCR_SBC) != s->last_break_enable) {
            s->last_break_enable = val & UART_LCR_SBC;
        }
        break;
    case UART_MCR:
        s->mcr = val & 0x1f;
        serial_update_msr(s);
        serial_update_irq(s);
        if (!(s->mcr & UART_MCR_LOOP)) {
            qemu_chr_fe_accept_input(&s->chr);
        }
        break;
    case UART_LSR:
    case UART_MSR:
        /* Read-only; writes are ignored as on real 16550As. */
        break;
    case UART_SCR:
        s->scr = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "serial: write to bad register 0x%" HWADDR_PRIx "\n",
                      addr);
        break;
    }
}

static uint8_t serial_read_rbr(SerialState *s)
{
    uint8_t ret = 0;

    if (fifo_enabled(s)) {
        if (s->recv_fifo.num) {
            ret = fifo_pop(&s->recv_fifo);
        }
        if (!s->recv_fifo.num) {
            s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
            timer_del(&s->fifo_timeout_timer);
        } else {
            serial_rearm_timeout(s);
        }
        s->timeout_ipending = 0;
    } else {
        ret = s->rbr;
        s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
    }
    serial_update_irq(s);
    if (!(s->mcr & UART_MCR_LOOP)) {
        qemu_chr_fe_accept_input(&s->chr);
    }
    return ret;
}

uint64_t serial_io_read(SerialState *s, hwaddr addr)
{
    uint8_t ret;

    switch (addr) {
    case UART_RBR:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divider & 0xff;
        }
        return serial_read_rbr(s);
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            return (s->divider >> 8) & 0xff;
        }
        return s->ier;
    case UART_IIR:
        ret = s->iir;
        /* Reading the THRE identification acknowledges it. */
        if ((ret & 0x0f) == UART_IIR_THRI) {
            s->thr_ipending = 0;
            serial_update_irq(s);
        }
        return ret;
    case UART_LCR:
        return s->lcr;
    case UART_MCR:
        return s->mcr;
    case UART_LSR:
        ret = s->lsr;
        /* Error and break bits clear on read. */
        if (s->lsr & (UART_LSR_BI | UART_LSR_OE | UART_LSR_PE |
                      UART_LSR_FE)) {
            s->lsr &= ~(UART_LSR_BI | UART_LSR_OE | UART_LSR_PE |
                        UART_LSR_FE);
            serial_update_irq(s);
        }
        return ret;
    case UART_MSR:
        ret = s->msr;
        if (s->msr & UART_MSR_ANY_DELTA) {
            s->msr &= ~UART_MSR_ANY_DELTA;
            serial_update_irq(s);
        }
        return ret;
    case UART_SCR:
        return s->scr;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "serial: read from bad register 0x%" HWADDR_PRIx "\n",
                      addr);
        return 0;
    }
}

void serial_reset(SerialState *s)
{
    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    s->rbr = 0;
    s->thr = 0;
    s->tsr = 0;
    s->ier = 0;
    s->iir = UART_IIR_NO_INT;
    s->lcr = 0;
    s->lsr = UART_LSR_TEMT | UART_LSR_THRE;
    s->mcr = UART_MCR_OUT2;
    s->msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    s->scr = 0;
    s->fcr = 0;
    s->fcr_vmstate = 0;
    s->divider = 0x0c;
    s->tsr_retry = 0;
    s->thr_ipending = 0;
    s->timeout_ipending = 0;
    s->last_break_enable = 0;
    s->recv_fifo_itl = 1;
    s->poll_msl = 0;
    fifo_reset(&s->recv_fifo);
    fifo_reset(&s->xmit_fifo);
    timer_del(&s->fifo_timeout_timer);
    serial_update_parameters(s);
    qemu_irq_lower(s->irq);
}

/* ---- Migration ----------------------------------------------------------- */

static bool serial_fifo_post_load(void *opaque, int version_id, Error **errp)
{
    SerialFIFO *f = opaque;

    if (f->head >= UART_FIFO_LENGTH || f->num > UART_FIFO_LENGTH) {
        error_setg(errp, "FIFO head %u / count %u in the migration "
                   "stream are invalid, expected below %u / at most %u",
                   f->head, f->num, UART_FIFO_LENGTH, UART_FIFO_LENGTH);
        return false;
    }
    return true;
}

/* QEMU's Fifo8 layout: the bytes, head, count */
static const VMStateDescription vmstate_serial_fifo = {
    .name = "Fifo8",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = serial_fifo_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER(data, SerialFIFO),
        VMSTATE_UINT32(head, SerialFIFO),
        VMSTATE_UINT32(num, SerialFIFO),
        VMSTATE_END_OF_LIST()
    }
};

static int serial_pre_save(void *opaque)
{
    SerialState *s = opaque;

    s->fcr_vmstate = s->fcr;
    return 0;
}

static int serial_pre_load(void *opaque)
{
    SerialState *s = opaque;

    /* Subsections that do not come keep these defaults. */
    s->thr_ipending = -1;
    s->tsr_retry = 0;
    s->timeout_ipending = 0;
    fifo_reset(&s->recv_fifo);
    fifo_reset(&s->xmit_fifo);
    timer_del(&s->fifo_timeout_timer);
    return 0;
}

static bool serial_post_load(void *opaque, int version_id, Error **errp)
{
    SerialState *s = opaque;

    if (version_id < 3) {
        s->fcr_vmstate = 0;
    }
    if (s->fcr_vmstate & ~(UART_FCR_FE | UART_FCR_ITL_MASK)) {
        error_setg(errp, "FCR 0x%02x in the migration stream has "
                   "reserved bits set, expected only bits 0 and 6-7",
                   s->fcr_vmstate);
        return false;
    }
    if (s->thr_ipending == -1) {
        s->thr_ipending = (s->iir & UART_IIR_ID) == UART_IIR_THRI;
    }
    if (s->tsr_retry > 0) {
        if (s->lsr & UART_LSR_TEMT) {
            error_setg(errp, "inconsistent state in the migration "
                       "stream (transmitter empty, tsr_retry=%u)",
                       s->tsr_retry);
            return false;
        }
        s->tsr_retry = MIN(s->tsr_retry, MAX_XMIT_RETRY);
        /* Resume waiting for the backend to take the byte. */
        if (!s->watch_tag) {
            s->watch_tag = qemu_chr_fe_add_watch(&s->chr,
                                                 G_IO_OUT | G_IO_HUP,
                                                 serial_watch_cb, s);
        }
    } else if (!(s->lsr & UART_LSR_TEMT)) {
        error_setg(errp, "inconsistent state in the migration "
                   "stream (transmitter not empty, tsr_retry=0)");
        return false;
    }
    /* FCR's effects without its side effect of emptying the FIFOs */
    s->fcr = s->fcr_vmstate;
    s->recv_fifo_itl = fifo_trigger_levels[(s->fcr & UART_FCR_ITL_MASK) >> 6];
    s->last_break_enable = s->lcr & UART_LCR_SBC;
    serial_update_parameters(s);
    return true;
}

static bool serial_thr_ipending_needed(void *opaque)
{
    SerialState *s = opaque;

    if (s->ier & UART_IER_THRI) {
        bool expected = (s->iir & UART_IIR_ID) == UART_IIR_THRI;

        return s->thr_ipending != expected;
    }
    /* Sampled again from LSR.THRE when the guest enables it. */
    return false;
}

static const VMStateDescription vmstate_serial_thr_ipending = {
    .name = "serial/thr_ipending",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_thr_ipending_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32(thr_ipending, SerialState),
        VMSTATE_END_OF_LIST()
    }
};

static bool serial_tsr_needed(void *opaque)
{
    SerialState *s = opaque;

    return s->tsr_retry != 0;
}

static const VMStateDescription vmstate_serial_tsr = {
    .name = "serial/tsr",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_tsr_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(tsr_retry, SerialState),
        VMSTATE_UINT8(thr, SerialState),
        VMSTATE_UINT8(tsr, SerialState),
        VMSTATE_END_OF_LIST()
    }
};

static bool serial_recv_fifo_needed(void *opaque)
{
    SerialState *s = opaque;

    return s->recv_fifo.num != 0;
}

static const VMStateDescription vmstate_serial_recv_fifo = {
    .name = "serial/recv_fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_recv_fifo_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(recv_fifo, SerialState, 1, vmstate_serial_fifo,
                       SerialFIFO),
        VMSTATE_END_OF_LIST()
    }
};

static bool serial_xmit_fifo_needed(void *opaque)
{
    SerialState *s = opaque;

    return s->xmit_fifo.num != 0;
}

static const VMStateDescription vmstate_serial_xmit_fifo = {
    .name = "serial/xmit_fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_xmit_fifo_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(xmit_fifo, SerialState, 1, vmstate_serial_fifo,
                       SerialFIFO),
        VMSTATE_END_OF_LIST()
    }
};

static bool serial_fifo_timeout_timer_needed(void *opaque)
{
    SerialState *s = opaque;

    return timer_pending(&s->fifo_timeout_timer);
}

static const VMStateDescription vmstate_serial_fifo_timeout_timer = {
    .name = "serial/fifo_timeout_timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_fifo_timeout_timer_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER(fifo_timeout_timer, SerialState),
        VMSTATE_END_OF_LIST()
    }
};

static bool serial_timeout_ipending_needed(void *opaque)
{
    SerialState *s = opaque;

    return s->timeout_ipending != 0;
}

static const VMStateDescription vmstate_serial_timeout_ipending = {
    .name = "serial/timeout_ipending",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = serial_timeout_ipending_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32(timeout_ipending, SerialState),
        VMSTATE_END_OF_LIST()
    }
};

const VMStateDescription vmstate_serial = {
    .name = "serial",
    .version_id = 3,
    .minimum_version_id = 2,
    .pre_save = serial_pre_save,
    .pre_load = serial_pre_load,
    .post_load_errp = serial_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16_V(divider, SerialState, 2),
        VMSTATE_UINT8(rbr, SerialState),
        VMSTATE_UINT8(ier, SerialState),
        VMSTATE_UINT8(iir, SerialState),
        VMSTATE_UINT8(lcr, SerialState),
        VMSTATE_UINT8(mcr, SerialState),
        VMSTATE_UINT8(lsr, SerialState),
        VMSTATE_UINT8(msr, SerialState),
        VMSTATE_UINT8(scr, SerialState),
        VMSTATE_UINT8_V(fcr_vmstate, SerialState, 3),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_serial_thr_ipending,
        &vmstate_serial_tsr,
        &vmstate_serial_recv_fifo,
        &vmstate_serial_xmit_fifo,
        &vmstate_serial_fifo_timeout_timer,
        &vmstate_serial_timeout_ipending,
        NULL
    }
};

/* ---- Device -------------------------------------------------------------- */

static int serial_be_change(void *opaque)
{
    SerialState *s = opaque;

    qemu_chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive,
                             serial_event, serial_be_change, s, NULL, true);
    return 0;
}

static void serial_realize(DeviceState *dev, Error **errp)
{
    SerialState *s = SERIAL(dev);

    timer_init_ns(&s->fifo_timeout_timer, QEMU_CLOCK_VIRTUAL,
                  fifo_timeout_int, s);
    qemu_chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive,
                             serial_event, serial_be_change, s, NULL, true);
    serial_reset(s);
}

static void serial_unrealize(DeviceState *dev)
{
    SerialState *s = SERIAL(dev);

    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    qemu_chr_fe_deinit(&s->chr, false);
    timer_del(&s->fifo_timeout_timer);
}

static void serial_device_reset(DeviceState *dev)
{
    serial_reset(SERIAL(dev));
}

static const Property serial_properties[] = {
    DEFINE_PROP_CHR("chardev", SerialState, chr),
    DEFINE_PROP_UINT32("baudbase", SerialState, baudbase, 115200),
    DEFINE_PROP_BOOL("wakeup", SerialState, wakeup, false),
};

static void serial_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    /* Only front-ends (serial-mm) embed it. */
    dc->user_creatable = false;
    dc->realize = serial_realize;
    dc->unrealize = serial_unrealize;
    device_class_set_legacy_reset(dc, serial_device_reset);
    device_class_set_props(dc, serial_properties);
}

static const TypeInfo serial_info = {
    .name = TYPE_SERIAL,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(SerialState),
    .class_init = serial_class_init,
};

static void serial_register_types(void)
{
    type_register_static(&serial_info);
}

type_init(serial_register_types)
