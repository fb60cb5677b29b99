/*
 * 16550A UART (serial-mm): registers through MMIO dispatch, transmit to
 * a ringbuf chardev, receive with flow control and interrupts, FIFOs,
 * character timeout, loopback, the chardev property.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-char.h"
#include "qemu/module.h"
#include "chardev/char.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/char/serial-mm.h"
#include "dev-test-util.h"
#include "socket-client.h"

#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define LSR_DR   0x01
#define LSR_OE   0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static Chardev *chr;
static SysBusDevice *uart;
static int shift;
static int chr_count;

static uint8_t rd(int reg)
{
    return dev_read(uart, reg << shift, 1);
}

static void wr(int reg, uint8_t val)
{
    dev_write(uart, reg << shift, val, 1);
}

static void uart_setup(int regshift)
{
    qemu_irq *lines = irq_sinks(1);
    char *label = g_strdup_printf("ser%d", chr_count++);
    char *opts = g_strdup_printf("ringbuf,id=%s,size=4096", label);
    DeviceState *dev;

    chr = qemu_chardev_new_from_str(opts, &error_abort);
    dev = qdev_new(TYPE_SERIAL_MM);
    qdev_prop_set_uint8(dev, "regshift", regshift);
    qdev_prop_set_uint8(dev, "endianness", DEVICE_LITTLE_ENDIAN);
    qdev_prop_set_chr(dev, "chardev", chr);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, lines[0]);
    uart = SYS_BUS_DEVICE(dev);
    shift = regshift;
    g_free(label);
    g_free(opts);
}

static void uart_teardown(void)
{
    object_unparent(OBJECT(uart));
    object_unparent(OBJECT(chr));
    uart = NULL;
    chr = NULL;
}

/* What the UART sent to the chardev so far */
static char *sent(void)
{
    return qmp_ringbuf_read(chr->label, 4096, false, 0, &error_abort);
}

static void test_reset_values(void)
{
    uart_setup(0);
    g_assert_cmphex(rd(IER), ==, 0);
    g_assert_cmphex(rd(IIR), ==, 0x01);
    g_assert_cmphex(rd(LCR), ==, 0);
    g_assert_cmphex(rd(MCR), ==, 0x08);
    g_assert_cmphex(rd(LSR), ==, LSR_THRE | LSR_TEMT);
    g_assert_cmphex(rd(MSR) & 0xf0, ==, 0xb0);
    g_assert_cmpint(irq_level[0], ==, 0);

    /* Scratch and divisor latch */
    wr(SCR, 0x5a);
    g_assert_cmphex(rd(SCR), ==, 0x5a);
    wr(LCR, 0x80);
    wr(0, 0x34);
    wr(1, 0x12);
    g_assert_cmphex(rd(0), ==, 0x34);
    g_assert_cmphex(rd(1), ==, 0x12);
    wr(LCR, 0x03);
    g_assert_cmphex(rd(IER), ==, 0);
    g_assert_cmphex(rd(LCR), ==, 0x03);
    uart_teardown();
}

static void test_tx(void)
{
    char *out;

    uart_setup(0);
    wr(THR, 'h');
    wr(THR, 'i');
    out = sent();
    g_assert_cmpstr(out, ==, "hi");
    g_free(out);
    g_assert_cmphex(rd(LSR) & (LSR_THRE | LSR_TEMT), ==,
                    LSR_THRE | LSR_TEMT);

    /* With FIFOs too */
    wr(FCR, 0x07);
    g_assert_cmphex(rd(IIR) & 0xc0, ==, 0xc0);
    wr(THR, '!');
    out = sent();
    g_assert_cmpstr(out, ==, "!");
    g_free(out);
    uart_teardown();
}

static void test_thre_interrupt(void)
{
    uart_setup(0);
    /* Enabling THRI with THR empty raises it at once */
    wr(IER, 0x02);
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmphex(rd(IIR), ==, 0x02);
    /* Reading IIR acknowledged it */
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmphex(rd(IIR), ==, 0x01);
    /* Each transmitted byte brings it back */
    wr(THR, 'x');
    g_assert_cmpint(irq_level[0], ==, 1);
    wr(IER, 0);
    g_assert_cmpint(irq_level[0], ==, 0);
    uart_teardown();
}

/* A backend that pushes back: the guest waits, nothing is lost */
static void test_tx_backpressure(void)
{
    char *dir = g_dir_make_tmp("test-serial-XXXXXX", NULL);
    char *path = g_build_filename(dir, "sock", NULL);
    Chardev *c = socket_server_chardev_new("sock0", path);
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    size_t written = 0, got = 0, i;
    static char buf[1 << 20];
    gint64 deadline;
    Client *cl;

    qdev_prop_set_chr(dev, "chardev", c);
    sysbus_realize_and_unref(sbd, &error_abort);
    cl = client_connect_path(path);
    deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (!qemu_chr_fe_backend_open(&SERIAL_MM(dev)->serial.chr)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        main_loop_wait(true);
        g_usleep(1000);
    }

    /* Write while THR is free, until the socket buffers are full */
    while (dev_read(sbd, LSR, 1) & LSR_THRE) {
        g_assert_cmpuint(written, <, sizeof(buf) * 64);
        dev_write(sbd, THR, 'a' + written % 26, 1);
        written++;
    }
    g_assert_cmphex(dev_read(sbd, LSR, 1) & (LSR_THRE | LSR_TEMT), ==, 0);
    /* Writing a full THR drops the byte instead of blocking */
    dev_write(sbd, THR, '!', 1);

    /* Once the client reads, the UART carries on by itself */
    deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    while (got < written) {
        ssize_t n = read(cl->fd, buf + got % sizeof(buf),
                         sizeof(buf) - got % sizeof(buf));

        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        if (n > 0) {
            for (i = 0; i < n; i++) {
                g_assert_cmpint(buf[(got + i) % sizeof(buf)], ==,
                                'a' + (got + i) % 26);
            }
            got += n;
        }
        main_loop_wait(true);
    }
    g_assert_cmpuint(got, ==, written);
    g_assert_cmphex(dev_read(sbd, LSR, 1) & (LSR_THRE | LSR_TEMT), ==,
                    LSR_THRE | LSR_TEMT);

    client_close(cl);
    object_unparent(OBJECT(dev));
    object_unparent(OBJECT(c));
    unlink(path);
    rmdir(dir);
    g_free(path);
    g_free(dir);
}

static void test_rx(void)
{
    uart_setup(0);
    wr(IER, 0x01);
    /* Non-FIFO mode holds one byte: flow control says so */
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 1);
    qemu_chr_be_write(chr, (const uint8_t *)"a", 1);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 0);
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, LSR_DR);
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmphex(rd(IIR), ==, 0x04);
    g_assert_cmphex(rd(RBR), ==, 'a');
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, 0);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 1);

    /* A second byte before the first is read: overrun */
    qemu_chr_be_write(chr, (const uint8_t *)"bc", 2);
    g_assert_cmphex(rd(LSR) & (LSR_DR | LSR_OE), ==, LSR_DR | LSR_OE);
    g_assert_cmphex(rd(LSR) & LSR_OE, ==, 0);   /* cleared by the read */
    g_assert_cmphex(rd(RBR), ==, 'c');
    uart_teardown();
}

static void test_rx_fifo(void)
{
    uart_setup(0);
    wr(FCR, 0x01 | 0x40);       /* FIFO, trigger level 4 */
    wr(IER, 0x01);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 16);
    qemu_chr_be_write(chr, (const uint8_t *)"abc", 3);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 13);
    /* Below the trigger level: no interrupt yet */
    g_assert_cmpint(irq_level[0], ==, 0);
    qemu_chr_be_write(chr, (const uint8_t *)"d", 1);
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmphex(rd(IIR), ==, 0xc4);
    g_assert_cmphex(rd(RBR), ==, 'a');
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmphex(rd(RBR), ==, 'b');
    g_assert_cmphex(rd(RBR), ==, 'c');
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, LSR_DR);
    g_assert_cmphex(rd(RBR), ==, 'd');
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, 0);

    /* Clearing the receive FIFO */
    qemu_chr_be_write(chr, (const uint8_t *)"xyz", 3);
    wr(FCR, 0x01 | 0x40 | 0x02);
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, 0);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 16);
    uart_teardown();
}

static void test_rx_timeout(void)
{
    uart_setup(0);
    wr(FCR, 0x01 | 0xc0);       /* FIFO, trigger level 14 */
    wr(IER, 0x01);
    qemu_chr_be_write(chr, (const uint8_t *)"z", 1);
    g_assert_cmpint(irq_level[0], ==, 0);
    /* Four character times later the guest hears about it */
    g_assert_true(run_until(&irq_level[0], 5000));
    g_assert_cmphex(rd(IIR), ==, 0xcc);
    g_assert_cmphex(rd(RBR), ==, 'z');
    g_assert_cmpint(irq_level[0], ==, 0);
    uart_teardown();
}

static void test_loopback(void)
{
    char *out;

    uart_setup(2);
    wr(MCR, 0x10 | 0x01 | 0x02);
    /* Modem outputs loop to the inputs: DTR -> DSR, RTS -> CTS */
    g_assert_cmphex(rd(MSR) & 0xf0, ==, 0x30);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 0);
    wr(THR, 'q');
    g_assert_cmphex(rd(LSR) & LSR_DR, ==, LSR_DR);
    g_assert_cmphex(rd(RBR), ==, 'q');
    out = sent();
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    wr(MCR, 0x08);
    g_assert_cmpint(qemu_chr_be_can_write(chr), ==, 1);
    uart_teardown();
}

static void test_msr_interrupt(void)
{
    uart_setup(0);
    wr(IER, 0x08);
    wr(MCR, 0x10);      /* loopback: CTS/DSR/DCD drop */
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmphex(rd(IIR), ==, 0x00);
    g_assert_cmphex(rd(MSR) & 0x0f, !=, 0);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmphex(rd(MSR) & 0x0f, ==, 0);
    uart_teardown();
}

static void test_no_chardev(void)
{
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(sbd, &error_abort);
    /* Output goes nowhere, but the guest sees it leave */
    dev_write(sbd, THR, 'x', 1);
    g_assert_cmphex(dev_read(sbd, LSR, 1) & LSR_TEMT, ==, LSR_TEMT);
    /* Past the 8 registers: refused by the region */
    dev_write(sbd, 8, 1, 1);
    dev_read(sbd, 100, 1);
    object_unparent(OBJECT(dev));
}

static void test_properties(void)
{
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);
    Chardev *c = qemu_chardev_new_from_str("null,id=prop0", &error_abort);
    Error *err = NULL;
    char *label;

    g_assert_cmpuint(object_property_get_uint(OBJECT(dev), "baudbase",
                                              NULL), ==, 115200);
    g_assert_cmpuint(object_property_get_uint(OBJECT(dev), "regshift",
                                              NULL), ==, 0);
    object_property_set_str(OBJECT(dev), "chardev", "nosuch", &err);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'serial.chardev' can't find value 'nosuch'");
    error_free(err);
    err = NULL;

    object_property_set_str(OBJECT(dev), "chardev", "prop0", &error_abort);
    label = object_property_get_str(OBJECT(dev), "chardev", &error_abort);
    g_assert_cmpstr(label, ==, "prop0");
    g_free(label);

    /* A chardev takes one frontend */
    {
        DeviceState *dev2 = qdev_new(TYPE_SERIAL_MM);

        object_property_set_str(OBJECT(dev2), "chardev", "prop0", &err);
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(error_get_pretty(err),
                                "can't take value 'prop0'"));
        error_free(err);
        err = NULL;
        object_unref(dev2);
    }

    /* A bad endianness is refused at realize */
    qdev_prop_set_uint8(dev, "endianness", 7);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "endianness 7"));
    error_free(err);
    object_unref(dev);
    object_unparent(OBJECT(c));
}

static void test_serial_mm_init(void)
{
    qemu_irq *lines = irq_sinks(1);
    Chardev *c = qemu_chardev_new_from_str("ringbuf,id=mminit",
                                           &error_abort);
    SerialMM *smm = serial_mm_init(get_system_memory(), 0x10000000, 0,
                                   lines[0], 399193, c,
                                   DEVICE_LITTLE_ENDIAN);
    char *out;

    g_assert_cmpuint(object_property_get_uint(OBJECT(smm), "baudbase",
                                              NULL), ==, 399193);
    g_assert_true(memory_region_is_mapped(
                      sysbus_mmio_get_region(SYS_BUS_DEVICE(smm), 0)));
    address_space_stb(&address_space_memory, 0x10000000, 'M',
                      MEMTXATTRS_UNSPECIFIED, NULL);
    out = qmp_ringbuf_read("mminit", 10, false, 0, &error_abort);
    g_assert_cmpstr(out, ==, "M");
    g_free(out);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/serial/reset-values", test_reset_values);
    g_test_add_func("/serial/tx", test_tx);
    g_test_add_func("/serial/thre-interrupt", test_thre_interrupt);
    g_test_add_func("/serial/tx-backpressure", test_tx_backpressure);
    g_test_add_func("/serial/rx", test_rx);
    g_test_add_func("/serial/rx-fifo", test_rx_fifo);
    g_test_add_func("/serial/rx-timeout", test_rx_timeout);
    g_test_add_func("/serial/loopback", test_loopback);
    g_test_add_func("/serial/msr-interrupt", test_msr_interrupt);
    g_test_add_func("/serial/no-chardev", test_no_chardev);
    g_test_add_func("/serial/properties", test_properties);
    g_test_add_func("/serial/serial-mm-init", test_serial_mm_init);
    return g_test_run();
}
