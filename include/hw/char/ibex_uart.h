/*
 * lowRISC Ibex UART ("ibex-uart"), the UART of OpenTitan.
 *
 * One MMIO region of IBEX_UART_MMIO_SIZE bytes; four output interrupt
 * lines, in this order (sysbus-irq[0..3]): tx_watermark, rx_watermark,
 * tx_empty, rx_overflow.  Property "chardev" is the backend.
 *
 * Transmitted bytes reach the backend at once, so the transmit FIFO
 * is always empty as the guest sees it; received bytes wait in a
 * 32-byte FIFO read through RDATA.
 */
#ifndef HW_CHAR_IBEX_UART_H
#define HW_CHAR_IBEX_UART_H

#include "hw/sysbus.h"
#include "chardev/char-fe.h"

/* Registers (byte offsets) and their fields */
#define IBEX_UART_INTR_STATE        0x00
#define IBEX_UART_INTR_ENABLE       0x04
#define IBEX_UART_INTR_TEST         0x08
#define   IBEX_UART_INTR_TX_WATERMARK   (1u << 0)
#define   IBEX_UART_INTR_RX_WATERMARK   (1u << 1)
#define   IBEX_UART_INTR_TX_EMPTY       (1u << 2)
#define   IBEX_UART_INTR_RX_OVERFLOW    (1u << 3)
#define   IBEX_UART_INTR_ALL            0xfu
#define IBEX_UART_CTRL              0x0c
#define   IBEX_UART_CTRL_TX_ENABLE      (1u << 0)
#define   IBEX_UART_CTRL_RX_ENABLE      (1u << 1)
#define IBEX_UART_STATUS            0x10
#define   IBEX_UART_STATUS_TXFULL       (1u << 0)
#define   IBEX_UART_STATUS_RXFULL       (1u << 1)
#define   IBEX_UART_STATUS_TXEMPTY      (1u << 2)
#define   IBEX_UART_STATUS_TXIDLE       (1u << 3)
#define   IBEX_UART_STATUS_RXIDLE       (1u << 4)
#define   IBEX_UART_STATUS_RXEMPTY      (1u << 5)
#define IBEX_UART_RDATA             0x14
#define IBEX_UART_WDATA             0x18
#define IBEX_UART_FIFO_CTRL         0x1c
#define   IBEX_UART_FIFO_CTRL_RXRST     (1u << 0)
#define   IBEX_UART_FIFO_CTRL_TXRST     (1u << 1)
#define   IBEX_UART_FIFO_CTRL_RXILVL_SHIFT 2    /* 3 bits */
#define   IBEX_UART_FIFO_CTRL_TXILVL_SHIFT 5    /* 2 bits */
#define IBEX_UART_FIFO_STATUS       0x20    /* TXLVL 5:0, RXLVL 21:16 */
#define IBEX_UART_OVRD              0x24
#define IBEX_UART_VAL               0x28
#define IBEX_UART_TIMEOUT_CTRL      0x2c

#define IBEX_UART_MMIO_SIZE         0x400
#define IBEX_UART_RX_FIFO_SIZE      32
#define IBEX_UART_NUM_IRQS          4

#define TYPE_IBEX_UART "ibex-uart"
OBJECT_DECLARE_SIMPLE_TYPE(IbexUartState, IBEX_UART)

struct IbexUartState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;
    CharBackend chr;
    qemu_irq irqs[IBEX_UART_NUM_IRQS];

    uint32_t intr_state;
    uint32_t intr_enable;
    uint32_t ctrl;
    uint32_t fifo_ctrl;
    uint32_t ovrd;
    uint32_t timeout_ctrl;
    uint8_t rx_fifo[IBEX_UART_RX_FIFO_SIZE];
    uint32_t rx_head;
    uint32_t rx_level;
};

#endif
