/*
 * lowRISC Ibex UART: the register map of OpenTitan's uart IP, with
 * transmission that completes at once (see include/hw/char/ibex_uart.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/char/ibex_uart.h"
#include "migration/vmstate.h"

/* RX watermark levels selected by FIFO_CTRL.RXILVL: 1, 4, 8, 16, 30 */
static uint32_t ibex_uart_rx_watermark(IbexUartState *s)
{
    static const uint8_t levels[] = { 1, 4, 8, 16, 30 };
    uint32_t sel = (s->fifo_ctrl >> IBEX_UART_FIFO_CTRL_RXILVL_SHIFT) & 7;

    return levels[MIN(sel, ARRAY_SIZE(levels) - 1)];
}

/* Each line is high while its state bit and enable bit are both set */
static void ibex_uart_update_irqs(IbexUartState *s)
{
    uint32_t active = s->intr_state & s->intr_enable;

    for (int i = 0; i < IBEX_UART_NUM_IRQS; i++) {
        qemu_set_irq(s->irqs[i], (active >> i) & 1);
    }
}

static uint32_t ibex_uart_status(IbexUartState *s)
{
    uint32_t st = IBEX_UART_STATUS_TXEMPTY | IBEX_UART_STATUS_TXIDLE |
                  IBEX_UART_STATUS_RXIDLE;

    if (s->rx_level == 0) {
        st |= IBEX_UART_STATUS_RXEMPTY;
    }
    if (s->rx_level == IBEX_UART_RX_FIFO_SIZE) {
        st |= IBEX_UART_STATUS_RXFULL;
    }
    return st;
}

static uint8_t ibex_uart_pop(IbexUartState *s)
{
    uint8_t c;

    if (!s->rx_level) {
        return 0;
    }
    c = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % IBEX_UART_RX_FIFO_SIZE;
    s->rx_level--;
    qemu_chr_fe_accept_input(&s->chr);
    return c;
}

static void ibex_uart_transmit(IbexUartState *s, uint8_t c)
{
    if (!(s->ctrl & IBEX_UART_CTRL_TX_ENABLE)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-uart: WDATA written while "
                      "CTRL.TX is off: byte 0x%02x dropped\n", c);
        return;
    }
    if (qemu_chr_fe_backend_connected(&s->chr)) {
        qemu_chr_fe_write_all(&s->chr, &c, 1);
    }
    /* The byte is gone at once: the FIFO is empty and below watermark */
    s->intr_state |= IBEX_UART_INTR_TX_EMPTY | IBEX_UART_INTR_TX_WATERMARK;
}

static uint64_t ibex_uart_read(void *opaque, hwaddr addr, unsigned size)
{
    IbexUartState *s = opaque;
    uint64_t ret = 0;

    switch (addr) {
    case IBEX_UART_INTR_STATE:
        return s->intr_state;
    case IBEX_UART_INTR_ENABLE:
        return s->intr_enable;
    case IBEX_UART_INTR_TEST:
    case IBEX_UART_WDATA:
        return 0;                       /* write-only */
    case IBEX_UART_CTRL:
        return s->ctrl;
    case IBEX_UART_STATUS:
        return ibex_uart_status(s);
    case IBEX_UART_RDATA:
        ret = ibex_uart_pop(s);
        ibex_uart_update_irqs(s);
        return ret;
    case IBEX_UART_FIFO_CTRL:
        return s->fifo_ctrl;
    case IBEX_UART_FIFO_STATUS:
        return (uint64_t)s->rx_level << 16;     /* TXLVL is always 0 */
    case IBEX_UART_OVRD:
        return s->ovrd;
    case IBEX_UART_VAL:
        return 0xffff;                  /* idle line: all ones sampled */
    case IBEX_UART_TIMEOUT_CTRL:
        return s->timeout_ctrl;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-uart: read of unknown "
                      "register at 0x%" HWADDR_PRIx "\n", addr);
        return 0;
    }
}

static void ibex_uart_write(void *opaque, hwaddr addr, uint64_t val64,
                            unsigned size)
{
    IbexUartState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case IBEX_UART_INTR_STATE:
        s->intr_state &= ~(val & IBEX_UART_INTR_ALL);   /* write 1 to clear */
        break;
    case IBEX_UART_INTR_ENABLE:
        s->intr_enable = val & IBEX_UART_INTR_ALL;
        break;
    case IBEX_UART_INTR_TEST:
        s->intr_state |= val & IBEX_UART_INTR_ALL;
        break;
    case IBEX_UART_CTRL:
        s->ctrl = val;
        if (s->ctrl & IBEX_UART_CTRL_RX_ENABLE) {
            qemu_chr_fe_accept_input(&s->chr);
        }
        break;
    case IBEX_UART_WDATA:
        ibex_uart_transmit(s, val & 0xff);
        break;
    case IBEX_UART_FIFO_CTRL:
        if (val & IBEX_UART_FIFO_CTRL_RXRST) {
            s->rx_head = s->rx_level = 0;
            qemu_chr_fe_accept_input(&s->chr);
        }
        /* the reset bits read back as 0 */
        s->fifo_ctrl = val & ~(IBEX_UART_FIFO_CTRL_RXRST |
                               IBEX_UART_FIFO_CTRL_TXRST);
        break;
    case IBEX_UART_OVRD:
        s->ovrd = val & 3;
        break;
    case IBEX_UART_TIMEOUT_CTRL:
        s->timeout_ctrl = val;
        break;
    case IBEX_UART_STATUS:
    case IBEX_UART_RDATA:
    case IBEX_UART_FIFO_STATUS:
    case IBEX_UART_VAL:
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-uart: write to read-only "
                      "register at 0x%" HWADDR_PRIx "\n", addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-uart: write of unknown "
                      "register at 0x%" HWADDR_PRIx "\n", addr);
        break;
    }
    ibex_uart_update_irqs(s);
}

static const MemoryRegionOps ibex_uart_ops = {
    .read = ibex_uart_read,
    .write = ibex_uart_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static int ibex_uart_can_receive(void *opaque)
{
    IbexUartState *s = opaque;

    if (!(s->ctrl & IBEX_UART_CTRL_RX_ENABLE)) {
        return 0;
    }
    /* Room for at least one byte, so a full FIFO can overflow */
    return MAX(IBEX_UART_RX_FIFO_SIZE - s->rx_level, 1);
}

static void ibex_uart_receive(void *opaque, const uint8_t *buf, int size)
{
    IbexUartState *s = opaque;

    for (int i = 0; i < size; i++) {
        if (s->rx_level == IBEX_UART_RX_FIFO_SIZE) {
            s->intr_state |= IBEX_UART_INTR_RX_OVERFLOW;
            continue;
        }
        s->rx_fifo[(s->rx_head + s->rx_level) % IBEX_UART_RX_FIFO_SIZE] =
            buf[i];
        s->rx_level++;
    }
    if (s->rx_level >= ibex_uart_rx_watermark(s)) {
        s->intr_state |= IBEX_UART_INTR_RX_WATERMARK;
    }
    ibex_uart_update_irqs(s);
}

static void ibex_uart_reset(DeviceState *dev)
{
    IbexUartState *s = IBEX_UART(dev);

    s->intr_state = 0;
    s->intr_enable = 0;
    s->ctrl = 0;
    s->fifo_ctrl = 0;
    s->ovrd = 0;
    s->timeout_ctrl = 0;
    s->rx_head = s->rx_level = 0;
    ibex_uart_update_irqs(s);
}

static void ibex_uart_init(Object *obj)
{
    IbexUartState *s = IBEX_UART(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &ibex_uart_ops, s, TYPE_IBEX_UART,
                          IBEX_UART_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->mmio);
    for (int i = 0; i < IBEX_UART_NUM_IRQS; i++) {
        sysbus_init_irq(sbd, &s->irqs[i]);
    }
}

static void ibex_uart_realize(DeviceState *dev, Error **errp)
{
    IbexUartState *s = IBEX_UART(dev);

    qemu_chr_fe_set_handlers(&s->chr, ibex_uart_can_receive,
                             ibex_uart_receive, NULL, NULL, s, NULL, true);
}

static void ibex_uart_unrealize(DeviceState *dev)
{
    IbexUartState *s = IBEX_UART(dev);

    qemu_chr_fe_deinit(&s->chr, false);
}

/* A corrupt stream must not make the FIFO index out of bounds */
static bool ibex_uart_post_load(void *opaque, int version_id, Error **errp)
{
    IbexUartState *s = opaque;

    if (s->rx_head >= IBEX_UART_RX_FIFO_SIZE ||
        s->rx_level > IBEX_UART_RX_FIFO_SIZE) {
        error_setg(errp, "RX FIFO head %u, level %u in the "
                   "migration stream: expected head below %d and level "
                   "at most %d", s->rx_head, s->rx_level,
                   IBEX_UART_RX_FIFO_SIZE, IBEX_UART_RX_FIFO_SIZE);
        return false;
    }
    s->intr_state &= IBEX_UART_INTR_ALL;
    s->intr_enable &= IBEX_UART_INTR_ALL;
    s->ovrd &= 3;
    /* The backend may have been held off by a full FIFO on the source */
    if (s->ctrl & IBEX_UART_CTRL_RX_ENABLE) {
        qemu_chr_fe_accept_input(&s->chr);
    }
    return true;
}

static const VMStateDescription vmstate_ibex_uart = {
    .name = TYPE_IBEX_UART,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = ibex_uart_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(intr_state, IbexUartState),
        VMSTATE_UINT32(intr_enable, IbexUartState),
        VMSTATE_UINT32(ctrl, IbexUartState),
        VMSTATE_UINT32(fifo_ctrl, IbexUartState),
        VMSTATE_UINT32(ovrd, IbexUartState),
        VMSTATE_UINT32(timeout_ctrl, IbexUartState),
        VMSTATE_UINT8_ARRAY(rx_fifo, IbexUartState, IBEX_UART_RX_FIFO_SIZE),
        VMSTATE_UINT32(rx_head, IbexUartState),
        VMSTATE_UINT32(rx_level, IbexUartState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property ibex_uart_props[] = {
    DEFINE_PROP_CHR("chardev", IbexUartState, chr),
};

static void ibex_uart_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ibex_uart_realize;
    dc->unrealize = ibex_uart_unrealize;
    dc->desc = "lowRISC Ibex UART (OpenTitan)";
    dc->user_creatable = true;
    dc->hotpluggable = false;
    dc->vmsd = &vmstate_ibex_uart;
    device_class_set_legacy_reset(dc, ibex_uart_reset);
    device_class_set_props(dc, ibex_uart_props);
}

static const TypeInfo ibex_uart_info = {
    .name = TYPE_IBEX_UART,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IbexUartState),
    .instance_init = ibex_uart_init,
    .class_init = ibex_uart_class_init,
};

static void ibex_uart_register_types(void)
{
    type_register_static(&ibex_uart_info);
}

type_init(ibex_uart_register_types)
