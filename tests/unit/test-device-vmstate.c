/*
 * Device and CPU migration state: each device of the virt board is saved
 * into a buffer and loaded into a fresh instance, which must then behave
 * as the original; bad versions, subsections and values are refused with
 * an error naming them.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "hw/qdev-properties.h"
#include "hw/char/serial-mm.h"
#include "hw/intc/sifive_plic.h"
#include "hw/intc/riscv_aclint.h"
#include "hw/rtc/goldfish_rtc.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-blk.h"
#include "hw/virtio/virtio-net.h"
#include "block/blockdev.h"
#include "io/channel-buffer.h"
#include "migration/misc.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"
#include "system/cpu-timers-internal.h"
#include "target/riscv/cpu.h"
#include "target/riscv/cpu_bits.h"
#include "dev-test-util.h"

/* ---- streams ------------------------------------------------------------- */

/* Save @opaque as @vmsd describes it; the bytes, in a new array. */
static GByteArray *save_state(const VMStateDescription *vmsd, void *opaque)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(4096);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(bioc));
    GByteArray *out;
    Error *err = NULL;

    g_assert_cmpint(vmstate_save_state_errp(f, vmsd, opaque, NULL, &err),
                    ==, 0);
    g_assert_null(err);
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    out = g_byte_array_new();
    g_byte_array_append(out, bioc->data, bioc->usage);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    return out;
}

/*
 * Load @buf into @opaque as version @version_id of @vmsd.  Returns the
 * result; *errp gets the error if the load failed.  As in a migration
 * stream, a section marker (here: end of stream) follows the state.
 */
static int load_state_v(const VMStateDescription *vmsd, void *opaque,
                        GByteArray *buf, int version_id, Error **errp)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(buf->len + 1);
    QEMUFile *f;
    int ret;

    memcpy(bioc->data, buf->data, buf->len);
    bioc->data[buf->len] = 0;       /* QEMU_VM_EOF */
    bioc->usage = buf->len + 1;
    bioc->offset = 0;
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    ret = vmstate_load_state_errp(f, vmsd, opaque, version_id, errp);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    return ret;
}

static void load_state(const VMStateDescription *vmsd, void *opaque,
                       GByteArray *buf)
{
    Error *err = NULL;

    if (load_state_v(vmsd, opaque, buf, vmsd->version_id, &err) < 0) {
        g_test_message("load failed: %s", error_get_pretty(err));
        g_assert_not_reached();
    }
    g_assert_null(err);
}

/* Load must fail with an error that mentions @what. */
static void load_fails(const VMStateDescription *vmsd, void *opaque,
                       GByteArray *buf, int version_id, const char *what)
{
    Error *err = NULL;

    g_assert_cmpint(load_state_v(vmsd, opaque, buf, version_id, &err), <,
                    0);
    g_assert_nonnull(err);
    g_test_message("refused as expected: %s", error_get_pretty(err));
    if (!strstr(error_get_pretty(err), what)) {
        g_test_message("expected the error to mention '%s'", what);
        g_assert_not_reached();
    }
    error_free(err);
}

/* Offset of the first occurrence of @name in @buf, or -1. */
static int find_bytes(GByteArray *buf, const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i + n <= buf->len; i++) {
        if (!memcmp(buf->data + i, name, n)) {
            return i;
        }
    }
    return -1;
}

static const VMStateDescription *vmsd_of(DeviceState *dev)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);

    g_assert_nonnull(vmsd);
    return vmsd;
}

/* ---- serial ----------------------------------------------------------- */

#define UART_RBR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

static SerialMM *serial_new(void)
{
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return SERIAL_MM(dev);
}

static void test_serial(void)
{
    SerialMM *a = serial_new(), *b = serial_new();
    SerialState *sa = &a->serial, *sb = &b->serial;
    g_autoptr(GByteArray) buf = NULL;
    int i;

    /* 8N1 at divisor 3, FIFOs on (trigger 4), loopback, a scratch value */
    serial_io_write(sa, UART_LCR, 0x83);
    serial_io_write(sa, UART_RBR, 3);
    serial_io_write(sa, UART_IER, 0);
    serial_io_write(sa, UART_LCR, 0x03);
    serial_io_write(sa, UART_FCR, 0x41);
    serial_io_write(sa, UART_MCR, 0x10 | 0x08);
    serial_io_write(sa, UART_IER, 0x01);
    serial_io_write(sa, UART_SCR, 0x5a);
    for (i = 0; i < 3; i++) {
        serial_io_write(sa, UART_RBR, 'x' + i);
    }
    g_assert_cmpuint(sa->recv_fifo.num, ==, 3);
    g_assert_true(timer_pending(&sa->fifo_timeout_timer));

    buf = save_state(vmsd_of(DEVICE(a)), a);
    /* The FIFO and its timeout are optional parts: they were sent */
    g_assert_cmpint(find_bytes(buf, "serial/recv_fifo"), >=, 0);
    g_assert_cmpint(find_bytes(buf, "serial/fifo_timeout_timer"), >=, 0);
    g_assert_cmpint(find_bytes(buf, "serial/xmit_fifo"), <, 0);
    load_state(vmsd_of(DEVICE(b)), b, buf);

    g_assert_cmpuint(sb->divider, ==, 3);
    g_assert_cmpuint(sb->fcr, ==, 0x41);
    g_assert_cmpuint(sb->recv_fifo_itl, ==, 4);
    g_assert_cmpuint(sb->char_transmit_time, ==, sa->char_transmit_time);
    g_assert_cmpuint(timer_expire_time_ns(&sb->fifo_timeout_timer), ==,
                     timer_expire_time_ns(&sa->fifo_timeout_timer));
    for (hwaddr r = UART_IER; r <= UART_SCR; r++) {
        if (r != UART_FCR) {
            g_assert_cmphex(serial_io_read(sb, r), ==, serial_io_read(sa, r));
        }
    }
    /* The received bytes come out of the new UART in order */
    for (i = 0; i < 3; i++) {
        g_assert_cmphex(serial_io_read(sb, UART_RBR), ==, 'x' + i);
    }
    g_assert_false(serial_io_read(sb, UART_LSR) & 0x01);

    /* A newer version than this build knows, and an older than it loads */
    load_fails(vmsd_of(DEVICE(b)), b, buf, 4, "version");
    load_fails(vmsd_of(DEVICE(b)), b, buf, 1, "version");

    /* An unknown subsection is refused, naming it */
    {
        int off = find_bytes(buf, "serial/recv_fifo");

        buf->data[off + 10] = 'X';
        load_fails(vmsd_of(DEVICE(b)), b, buf, 3, "serial/recX_fifo");
    }

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
}

static void test_serial_bad_fifo(void)
{
    SerialMM *a = serial_new(), *b = serial_new();
    g_autoptr(GByteArray) buf = NULL;

    serial_io_write(&a->serial, UART_FCR, 0x01);
    serial_io_write(&a->serial, UART_MCR, 0x10);
    serial_io_write(&a->serial, UART_RBR, 'a');
    a->serial.recv_fifo.head = 200;     /* not a slot of a 16-byte FIFO */
    buf = save_state(vmsd_of(DEVICE(a)), a);
    load_fails(vmsd_of(DEVICE(b)), b, buf, 3, "head 200");
    a->serial.recv_fifo.head = 0;

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
}

/* ---- PLIC --------------------------------------------------------------- */

#define PLIC_SOURCES 96

static DeviceState *plic_new(bool migrate_level)
{
    DeviceState *dev = qdev_new(TYPE_SIFIVE_PLIC);

    qdev_prop_set_string(dev, "hart-config", "MS,MS");
    qdev_prop_set_uint32(dev, "num-sources", PLIC_SOURCES);
    qdev_prop_set_uint32(dev, "num-priorities", 7);
    qdev_prop_set_uint32(dev, "priority-base", 0);
    qdev_prop_set_uint32(dev, "pending-base", 0x1000);
    qdev_prop_set_uint32(dev, "enable-base", 0x2000);
    qdev_prop_set_uint32(dev, "enable-stride", 0x80);
    qdev_prop_set_uint32(dev, "context-base", 0x200000);
    qdev_prop_set_uint32(dev, "context-stride", 0x1000);
    qdev_prop_set_uint32(dev, "aperture-size", 0x4000000);
    qdev_prop_set_bit(dev, "x-migrate-level", migrate_level);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return dev;
}

/* Sources 3 and 40 asserted; 3 claimed by context 0 and still high. */
static void plic_setup(DeviceState *dev)
{
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    dev_write(sbd, 3 * 4, 5, 4);
    dev_write(sbd, 40 * 4, 2, 4);
    dev_write(sbd, 0x2000, 1u << 3, 4);
    dev_write(sbd, 0x2000 + 4, 1u << (40 - 32), 4);
    dev_write(sbd, 0x200000, 1, 4);             /* threshold */
    qemu_set_irq(qdev_get_gpio_in(dev, 3), 1);
    qemu_set_irq(qdev_get_gpio_in(dev, 40), 1);
    g_assert_cmpuint(dev_read(sbd, 0x200004, 4), ==, 3);   /* claim */
}

static void plic_compare(SiFivePLICState *a, SiFivePLICState *b,
                         bool with_level)
{
    g_assert_cmpmem(a->source_priority, a->num_sources * 4,
                    b->source_priority, b->num_sources * 4);
    g_assert_cmpmem(a->target_priority, a->num_addrs * 4,
                    b->target_priority, b->num_addrs * 4);
    g_assert_cmpmem(a->pending, a->bitfield_words * 4,
                    b->pending, b->bitfield_words * 4);
    g_assert_cmpmem(a->claimed, a->bitfield_words * 4,
                    b->claimed, b->bitfield_words * 4);
    g_assert_cmpmem(a->enable, a->num_enables * 4,
                    b->enable, b->num_enables * 4);
    if (with_level) {
        g_assert_cmpmem(a->level, a->bitfield_words * 4,
                        b->level, b->bitfield_words * 4);
    }
}

static void test_plic(void)
{
    DeviceState *a = plic_new(true), *b = plic_new(true);
    SiFivePLICState *pa = SIFIVE_PLIC(a), *pb = SIFIVE_PLIC(b);
    g_autoptr(GByteArray) buf = NULL;

    plic_setup(a);
    buf = save_state(vmsd_of(a), a);
    g_assert_cmpint(find_bytes(buf, "riscv_sifive_plic/level"), >=, 0);
    load_state(vmsd_of(b), b, buf);
    plic_compare(pa, pb, true);

    /* Completing source 3 on the destination: its line is still up */
    dev_write(SYS_BUS_DEVICE(b), 0x200004, 3, 4);
    g_assert_true(pb->pending[0] & (1u << 3));

    /* A priority this PLIC cannot hold is refused, naming the source */
    pa->source_priority[40] = 9;
    g_byte_array_unref(buf);
    buf = save_state(vmsd_of(a), a);
    load_fails(vmsd_of(b), b, buf, 1, "priority 9 of source 40");

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
}

/*
 * The compat property: with x-migrate-level=off (virt-10.2) the line
 * levels are not sent, and the destination derives them from pending.
 */
static void test_plic_compat(void)
{
    DeviceState *a = plic_new(false), *b = plic_new(true);
    DeviceState *c = plic_new(true);
    SiFivePLICState *pa = SIFIVE_PLIC(a), *pb = SIFIVE_PLIC(b);
    g_autoptr(GByteArray) old = NULL, cur = NULL;

    plic_setup(a);
    plic_setup(c);
    old = save_state(vmsd_of(a), a);
    cur = save_state(vmsd_of(c), c);
    g_assert_cmpint(find_bytes(old, "riscv_sifive_plic/level"), <, 0);
    g_assert_cmpint(find_bytes(cur, "riscv_sifive_plic/level"), >=, 0);
    g_assert_cmpuint(old->len, <, cur->len);

    load_state(vmsd_of(b), b, old);
    plic_compare(pa, pb, false);
    /* Source 40 is pending, so its line is up; 3 was claimed: unknown */
    g_assert_true(pb->level[1] & (1u << (40 - 32)));
    g_assert_false(pb->level[0] & (1u << 3));

    /* The newer stream loads into a PLIC that would not send levels */
    load_state(vmsd_of(a), a, cur);
    g_assert_true(pa->level[0] & (1u << 3));

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
    object_unparent(OBJECT(c));
}

/* ---- ACLINT ------------------------------------------------------------- */

static DeviceState *mtimer_new(void)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_MTIMER);

    qdev_prop_set_uint32(dev, "num-harts", 2);
    qdev_prop_set_uint32(dev, "timebase-freq", 10000000);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return dev;
}

static DeviceState *swi_new(void)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_SWI);

    qdev_prop_set_uint32(dev, "num-harts", 2);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return dev;
}

static void test_aclint(void)
{
    DeviceState *a = mtimer_new(), *b = mtimer_new();
    RISCVAclintMTimerState *ma = RISCV_ACLINT_MTIMER(a);
    RISCVAclintMTimerState *mb = RISCV_ACLINT_MTIMER(b);
    DeviceState *sa = swi_new(), *sb = swi_new();
    g_autoptr(GByteArray) buf = NULL, sbuf = NULL;
    uint64_t now;

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    /* mtime moved by the guest; hart 1's compare far in the future */
    dev_write(SYS_BUS_DEVICE(a), RISCV_ACLINT_DEFAULT_MTIME, 1000000, 8);
    now = dev_read(SYS_BUS_DEVICE(a), RISCV_ACLINT_DEFAULT_MTIME, 8);
    dev_write(SYS_BUS_DEVICE(a), 8, now + 5000000, 8);
    dev_write(SYS_BUS_DEVICE(a), 0, UINT64_MAX, 8);
    g_assert_true(timer_pending(ma->timers[1]));
    g_assert_false(timer_pending(ma->timers[0]));

    buf = save_state(vmsd_of(a), a);
    load_state(vmsd_of(b), b, buf);
    g_assert_cmpuint(mb->time_delta, ==, ma->time_delta);
    g_assert_cmpuint(mb->timecmp[0], ==, UINT64_MAX);
    g_assert_cmpuint(mb->timecmp[1], ==, now + 5000000);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(b), RISCV_ACLINT_DEFAULT_MTIME,
                              8), ==, now);
    g_assert_cmpuint(timer_expire_time_ns(mb->timers[1]), ==,
                     timer_expire_time_ns(ma->timers[1]));
    g_assert_false(timer_pending(mb->timers[0]));

    /* The software interrupt bits */
    dev_write(SYS_BUS_DEVICE(sa), 4, 1, 4);
    sbuf = save_state(vmsd_of(sa), sa);
    load_state(vmsd_of(sb), sb, sbuf);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(sb), 0, 4), ==, 0);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(sb), 4, 4), ==, 1);
    RISCV_ACLINT_SWI(sa)->msip[0] = 2;
    g_byte_array_unref(sbuf);
    sbuf = save_state(vmsd_of(sa), sa);
    load_fails(vmsd_of(sb), sb, sbuf, 1, "MSIP 2");

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
    object_unparent(OBJECT(sa));
    object_unparent(OBJECT(sb));
}

/* ---- goldfish RTC ------------------------------------------------------- */

static void test_goldfish_rtc(void)
{
    DeviceState *a = qdev_new(TYPE_GOLDFISH_RTC);
    DeviceState *b = qdev_new(TYPE_GOLDFISH_RTC);
    GoldfishRTCState *ra = GOLDFISH_RTC(a), *rb = GOLDFISH_RTC(b);
    g_autoptr(GByteArray) buf = NULL;
    uint64_t alarm;

    sysbus_realize_and_unref(SYS_BUS_DEVICE(a), &error_abort);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(b), &error_abort);
    /* The guest sets the time to 1 s past the epoch, arms an alarm */
    dev_write(SYS_BUS_DEVICE(a), 0x04, 0, 4);
    dev_write(SYS_BUS_DEVICE(a), 0x00, 1000000000, 4);
    alarm = 1000000000ULL + 3600ULL * NANOSECONDS_PER_SECOND;
    dev_write(SYS_BUS_DEVICE(a), 0x10, 1, 4);
    dev_write(SYS_BUS_DEVICE(a), 0x0c, alarm >> 32, 4);
    dev_write(SYS_BUS_DEVICE(a), 0x08, (uint32_t)alarm, 4);
    g_assert_cmpuint(ra->alarm_running, ==, 1);

    buf = save_state(vmsd_of(a), a);
    load_state(vmsd_of(b), b, buf);
    g_assert_cmpuint(rb->tick_offset, ==, ra->tick_offset);
    g_assert_cmpuint(rb->alarm_next, ==, alarm);
    g_assert_cmpuint(rb->irq_enabled, ==, 1);
    g_assert_cmpuint(rb->alarm_running, ==, 1);
    g_assert_true(timer_pending(rb->timer));
    /* Its clock reads what the source's does (within a second) */
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(b), 0x00, 4), <=,
                     2000000000);

    ra->irq_pending = 7;
    g_byte_array_unref(buf);
    buf = save_state(vmsd_of(a), a);
    load_fails(vmsd_of(b), b, buf, 2, "irq_pending 7");

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
}

/* ---- virtio ----------------------------------------------------------- */

#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    (1 * 1024 * 1024)
#define DESC_ADDR   (RAM_BASE + 0x1000)
#define AVAIL_ADDR  (RAM_BASE + 0x2000)
#define USED_ADDR   (RAM_BASE + 0x3000)
#define BUF_ADDR    (RAM_BASE + 0x10000)
#define QSIZE       8

static void ram_setup(void)
{
    static MemoryRegion *ram;

    if (!ram) {
        ram = g_new0(MemoryRegion, 1);
        g_assert_true(memory_region_init_ram(ram, NULL, "vmstate-test.ram",
                                             RAM_SIZE, &error_abort));
        memory_region_add_subregion(get_system_memory(), RAM_BASE, ram);
    }
    memset(memory_region_get_ram_ptr(ram), 0, RAM_SIZE);
}

static void gwrite(hwaddr addr, const void *buf, size_t len)
{
    g_assert_cmpuint(address_space_write(&address_space_memory, addr,
                                         MEMTXATTRS_UNSPECIFIED, buf, len),
                     ==, MEMTX_OK);
}

static void gw16(hwaddr addr, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    gwrite(addr, &v, 2);
}

static uint16_t gr16(hwaddr addr)
{
    uint16_t v;

    g_assert_cmpuint(address_space_read(&address_space_memory, addr,
                                        MEMTXATTRS_UNSPECIFIED, &v, 2),
                     ==, MEMTX_OK);
    return GUINT16_FROM_LE(v);
}

static void set_desc(int i, uint64_t addr, uint32_t len, uint16_t flags)
{
    uint8_t d[16] = { 0 };
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);

    flags = GUINT16_TO_LE(flags);
    memcpy(d, &a, 8);
    memcpy(d + 8, &l, 4);
    memcpy(d + 12, &flags, 2);
    gwrite(DESC_ADDR + 16 * i, d, 16);
}

typedef struct VirtioPair {
    DeviceState *proxy;
    SysBusDevice *sbd;
    DeviceState *vdev;
} VirtioPair;

/* A transport with @vdev (properties set), or virtio-rng if NULL */
static void pair_new(VirtioPair *p, DeviceState *vdev)
{
    p->proxy = qdev_new(TYPE_VIRTIO_MMIO);
    p->sbd = SYS_BUS_DEVICE(p->proxy);
    sysbus_realize_and_unref(p->sbd, &error_abort);
    p->vdev = vdev ? vdev : qdev_new("virtio-rng-device");
    qdev_realize_and_unref(p->vdev, BUS(&VIRTIO_MMIO(p->proxy)->bus),
                           &error_abort);
}

static void pair_free(VirtioPair *p)
{
    object_unparent(OBJECT(p->vdev));
    object_unparent(OBJECT(p->proxy));
}

static void mmio_w(VirtioPair *p, hwaddr reg, uint32_t val)
{
    dev_write(p->sbd, reg, val, 4);
}

static uint32_t mmio_r(VirtioPair *p, hwaddr reg)
{
    return dev_read(p->sbd, reg, 4);
}

static void driver_init(VirtioPair *p, uint32_t low_features)
{
    mmio_w(p, VIRTIO_MMIO_STATUS, 0);
    mmio_w(p, VIRTIO_MMIO_STATUS, 3);
    mmio_w(p, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mmio_w(p, VIRTIO_MMIO_DRIVER_FEATURES, 1);     /* VERSION_1 */
    mmio_w(p, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_w(p, VIRTIO_MMIO_DRIVER_FEATURES, low_features);
    mmio_w(p, VIRTIO_MMIO_STATUS, 0xb);
    mmio_w(p, VIRTIO_MMIO_QUEUE_SEL, 0);
    mmio_w(p, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    mmio_w(p, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC_ADDR);
    mmio_w(p, VIRTIO_MMIO_QUEUE_DESC_HIGH, DESC_ADDR >> 32);
    mmio_w(p, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)AVAIL_ADDR);
    mmio_w(p, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, AVAIL_ADDR >> 32);
    mmio_w(p, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)USED_ADDR);
    mmio_w(p, VIRTIO_MMIO_QUEUE_USED_HIGH, USED_ADDR >> 32);
    mmio_w(p, VIRTIO_MMIO_QUEUE_READY, 1);
    mmio_w(p, VIRTIO_MMIO_STATUS, 0xf);
}

/* Offer buffer @head as avail entry @idx (0-based) and kick queue 0 */
static void kick(VirtioPair *p, uint16_t idx, uint16_t head)
{
    set_desc(head, BUF_ADDR + 64 * head, 64, VRING_DESC_F_WRITE);
    gw16(AVAIL_ADDR + 4 + 2 * (idx % QSIZE), head);
    gw16(AVAIL_ADDR + 2, idx + 1);
    mmio_w(p, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void pair_save(VirtioPair *p, GByteArray **pbuf, GByteArray **vbuf)
{
    *pbuf = save_state(vmsd_of(p->proxy), p->proxy);
    *vbuf = save_state(vmsd_of(p->vdev), p->vdev);
}

static void test_virtio(void)
{
    VirtioPair a, b;
    g_autoptr(GByteArray) pbuf = NULL, vbuf = NULL;

    ram_setup();
    pair_new(&a, NULL);
    pair_new(&b, NULL);
    driver_init(&a, 0);
    kick(&a, 0, 0);
    kick(&a, 1, 1);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 2);
    mmio_w(&a, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);

    pair_save(&a, &pbuf, &vbuf);
    load_state(vmsd_of(b.proxy), b.proxy, pbuf);
    load_state(vmsd_of(b.vdev), b.vdev, vbuf);

    /* The transport registers as the driver left them */
    g_assert_cmphex(mmio_r(&b, VIRTIO_MMIO_STATUS), ==, 0xf);
    g_assert_cmphex(mmio_r(&b, VIRTIO_MMIO_DEVICE_FEATURES), ==, 1);
    g_assert_cmphex(mmio_r(&b, VIRTIO_MMIO_INTERRUPT_STATUS), ==,
                    mmio_r(&a, VIRTIO_MMIO_INTERRUPT_STATUS));
    g_assert_cmpuint(mmio_r(&b, VIRTIO_MMIO_QUEUE_NUM), ==, QSIZE);
    g_assert_cmpuint(mmio_r(&b, VIRTIO_MMIO_QUEUE_READY), ==, 1);
    g_assert_cmphex(mmio_r(&b, VIRTIO_MMIO_QUEUE_USED_LOW), ==,
                    (uint32_t)USED_ADDR);

    /* The new device continues the rings where the old one stopped */
    kick(&b, 2, 2);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 3);
    g_assert_cmpuint(gr16(USED_ADDR + 4 + 8 * 2), ==, 2);

    /* A guest avail index too far ahead of the device's is refused */
    gw16(AVAIL_ADDR + 2, 2 + QSIZE + 1);
    load_fails(vmsd_of(b.vdev), b.vdev, vbuf, 1,
               "inconsistent with Host index");
    gw16(AVAIL_ADDR + 2, 2);

    /* Features the destination does not offer are refused */
    VIRTIO_DEVICE(a.vdev)->guest_features |= 1ULL << 60;
    g_byte_array_unref(vbuf);
    vbuf = save_state(vmsd_of(a.vdev), a.vdev);
    load_fails(vmsd_of(b.vdev), b.vdev, vbuf, 1, "unsupported");

    pair_free(&a);
    pair_free(&b);
}

static char *make_image(int sectors)
{
    char *path = NULL;
    int fd = g_file_open_tmp("vmstate-blk-XXXXXX.img", &path, NULL);
    uint8_t sec[512];

    g_assert_cmpint(fd, >=, 0);
    for (int i = 0; i < sectors; i++) {
        memset(sec, i + 1, sizeof(sec));
        g_assert_cmpint(write(fd, sec, sizeof(sec)), ==, sizeof(sec));
    }
    close(fd);
    return path;
}

static DeviceState *blk_new(const char *path, const char *id)
{
    g_autofree char *opt = g_strdup_printf("file=%s,format=raw,if=none,"
                                           "id=%s", path, id);
    DeviceState *dev;

    g_assert_true(drive_new_from_str(opt, &error_abort));
    dev = qdev_new(TYPE_VIRTIO_BLK);
    qdev_prop_set_string(dev, "drive", id);
    return dev;
}

/* Read sector @sector through avail entry @idx; the status byte */
static uint8_t blk_read(VirtioPair *p, uint16_t idx, uint64_t sector)
{
    uint8_t hdr[16] = { 0 }, status = 0xff;
    uint64_t s = GUINT64_TO_LE(sector);
    uint8_t d[16];
    uint64_t a;
    uint32_t l;
    uint16_t fl, nx;
    struct { hwaddr addr; uint32_t len; uint16_t flags; } descs[3] = {
        { BUF_ADDR, 16, VRING_DESC_F_NEXT },
        { BUF_ADDR + 0x1000, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE },
        { BUF_ADDR + 0x2000, 1, VRING_DESC_F_WRITE },
    };

    memcpy(hdr + 8, &s, 8);     /* type 0: read */
    gwrite(BUF_ADDR, hdr, sizeof(hdr));
    gwrite(BUF_ADDR + 0x2000, &status, 1);
    for (int i = 0; i < 3; i++) {
        a = GUINT64_TO_LE(descs[i].addr);
        l = GUINT32_TO_LE(descs[i].len);
        fl = GUINT16_TO_LE(descs[i].flags);
        nx = GUINT16_TO_LE(i + 1);
        memcpy(d, &a, 8);
        memcpy(d + 8, &l, 4);
        memcpy(d + 12, &fl, 2);
        memcpy(d + 14, &nx, 2);
        gwrite(DESC_ADDR + 16 * i, d, 16);
    }
    gw16(AVAIL_ADDR + 4 + 2 * (idx % QSIZE), 0);
    gw16(AVAIL_ADDR + 2, idx + 1);
    mmio_w(p, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    g_assert_cmpuint(address_space_read(&address_space_memory,
                                        BUF_ADDR + 0x2000,
                                        MEMTXATTRS_UNSPECIFIED, &status, 1),
                     ==, MEMTX_OK);
    return status;
}

static void test_virtio_blk(void)
{
    g_autofree char *path = make_image(8);
    VirtioPair a, b;
    g_autoptr(GByteArray) pbuf = NULL, vbuf = NULL;
    uint8_t data;

    ram_setup();
    pair_new(&a, blk_new(path, "vm-d0"));
    pair_new(&b, blk_new(path, "vm-d1"));
    driver_init(&a, (1u << VIRTIO_BLK_F_FLUSH) |
                    (1u << VIRTIO_BLK_F_CONFIG_WCE));
    /* The guest switches the cache to writethrough */
    dev_write(a.sbd, VIRTIO_MMIO_CONFIG + 32, 0, 1);
    g_assert_false(VIRTIO_BLK(a.vdev)->wce);
    g_assert_cmpuint(blk_read(&a, 0, 3), ==, VIRTIO_BLK_S_OK);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 1);

    pair_save(&a, &pbuf, &vbuf);
    load_state(vmsd_of(b.proxy), b.proxy, pbuf);
    load_state(vmsd_of(b.vdev), b.vdev, vbuf);
    g_assert_false(VIRTIO_BLK(b.vdev)->wce);
    g_assert_cmpuint(dev_read(b.sbd, VIRTIO_MMIO_CONFIG + 32, 1), ==, 0);
    g_assert_cmphex(VIRTIO_DEVICE(b.vdev)->guest_features, ==,
                    VIRTIO_DEVICE(a.vdev)->guest_features);

    /* The next request goes through the new device */
    g_assert_cmpuint(blk_read(&b, 1, 5), ==, VIRTIO_BLK_S_OK);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 2);
    g_assert_cmpuint(address_space_read(&address_space_memory,
                                        BUF_ADDR + 0x1000,
                                        MEMTXATTRS_UNSPECIFIED, &data, 1),
                     ==, MEMTX_OK);
    g_assert_cmpuint(data, ==, 6);

    /* State with another number of queues (virtio-net's) is refused */
    {
        VirtioPair r;
        g_autoptr(GByteArray) rbuf = NULL;

        pair_new(&r, qdev_new(TYPE_VIRTIO_NET));
        rbuf = save_state(vmsd_of(r.vdev), r.vdev);
        load_fails(vmsd_of(b.vdev), b.vdev, rbuf, 2, "num_queues_vmstate");
        pair_free(&r);
    }

    pair_free(&a);
    pair_free(&b);
    unlink(path);
}

static void test_virtio_net(void)
{
    VirtioPair a, b;
    g_autoptr(GByteArray) vbuf = NULL;
    VirtIONet *na, *nb;

    ram_setup();
    pair_new(&a, qdev_new(TYPE_VIRTIO_NET));
    pair_new(&b, qdev_new(TYPE_VIRTIO_NET));
    na = VIRTIO_NET(a.vdev);
    nb = VIRTIO_NET(b.vdev);
    driver_init(&a, 1u << VIRTIO_NET_F_STATUS);
    /* The link went down while the guest ran */
    na->status = 0;

    vbuf = save_state(vmsd_of(a.vdev), a.vdev);
    g_assert_cmpuint(nb->status, ==, VIRTIO_NET_S_LINK_UP);
    load_state(vmsd_of(b.vdev), b.vdev, vbuf);
    g_assert_cmpuint(nb->status, ==, 0);
    g_assert_true(qemu_get_queue(nb->nic)->link_down);
    g_assert_cmphex(VIRTIO_DEVICE(b.vdev)->status, ==, 0xf);
    /* Two queues came (rx, tx), and they are set as the guest left them */
    g_assert_cmpuint(VIRTIO_DEVICE(b.vdev)->num_queues_vmstate, ==, 2);
    g_assert_cmphex(virtio_queue_get_used_addr(VIRTIO_DEVICE(b.vdev), 0),
                    ==, USED_ADDR);

    na->status = 0x8;
    g_byte_array_unref(vbuf);
    vbuf = save_state(vmsd_of(a.vdev), a.vdev);
    load_fails(vmsd_of(b.vdev), b.vdev, vbuf, 11, "status 0x8");

    pair_free(&a);
    pair_free(&b);
}

/* ---- CPU --------------------------------------------------------------- */

static RISCVCPU *cpu_new(const char *type, uint64_t hartid)
{
    DeviceState *dev = DEVICE(object_new(type));

    qdev_prop_set_uint64(dev, "hartid", hartid);
    qdev_realize(dev, NULL, &error_abort);
    return RISCV_CPU(dev);
}

/* Realizing put it in the QOM tree: take it out (unrealize), drop it */
static void cpu_free(RISCVCPU *cpu)
{
    object_unparent(OBJECT(cpu));
    object_unref(OBJECT(cpu));
}

static void test_cpu(void)
{
    RISCVCPU *a = cpu_new(TYPE_RISCV_CPU_BASE64, 1);
    RISCVCPU *b = cpu_new(TYPE_RISCV_CPU_BASE64, 1);
    CPURISCVState *ea = &a->env, *eb = &b->env;
    g_autoptr(GByteArray) buf = NULL;
    uint64_t flushes;
    int i;

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    for (i = 1; i < 32; i++) {
        ea->gpr[i] = 0x1111111111111111ULL * i;
        ea->fpr[i] = ~ea->gpr[i];
    }
    ea->pc = 0x80201234;
    ea->satp = (8ULL << 60) | 0x80400;
    ea->mstatus |= MSTATUS_SUM;
    riscv_cpu_set_mode(ea, PRV_S);
    ea->mtvec = 0x80000100;
    ea->stvec = 0x80200000;
    ea->mie = MIP_STIP | MIP_SEIP;
    ea->mip = MIP_SEIP;
    ea->mideleg = MIP_STIP | MIP_SEIP;
    ea->medeleg = 0xb109;
    ea->load_res = 0x80300000;
    ea->load_val = 99;
    ea->frm = 3;
    ea->fflags = 0x11;
    ea->insn_count = 123456789;
    ea->mcycle_offset = 42;
    ea->menvcfg = 1ULL << 63;
    ea->mseccfg = 0;
    ea->pmpaddr[0] = 0x3fffffffffffffULL;
    ea->pmpcfg[0] = PMP_READ | PMP_WRITE | PMP_EXEC |
                    (PMP_AMATCH_NAPOT << PMP_AMATCH_SHIFT);
    ea->stimecmp = 777;
    timer_mod_ns(ea->stimer, 5 * NANOSECONDS_PER_SECOND);

    /* A stale TLB entry on the destination must not survive the load */
    eb->tlb[1][0].tag_read = 0x1000;
    flushes = eb->tlb_flush_count;

    buf = save_state(vmsd_of(DEVICE(a)), a);
    g_assert_cmpint(find_bytes(buf, "cpu/pmp"), >=, 0);
    g_assert_cmpint(find_bytes(buf, "cpu/timer"), >=, 0);
    g_assert_cmpint(find_bytes(buf, "cpu/mseccfg"), <, 0);
    load_state(vmsd_of(DEVICE(b)), b, buf);

    g_assert_cmpmem(eb->gpr, 32 * 8, ea->gpr, 32 * 8);
    g_assert_cmpmem(eb->fpr, 32 * 8, ea->fpr, 32 * 8);
    g_assert_cmphex(eb->pc, ==, ea->pc);
    g_assert_cmpuint(eb->priv, ==, PRV_S);
    g_assert_cmphex(eb->satp, ==, ea->satp);
    g_assert_cmphex(eb->mstatus, ==, ea->mstatus);
    g_assert_cmphex(eb->mip, ==, MIP_SEIP);
    g_assert_cmphex(eb->mie, ==, ea->mie);
    g_assert_cmphex(eb->mideleg, ==, ea->mideleg);
    g_assert_cmphex(eb->medeleg, ==, ea->medeleg);
    g_assert_cmphex(eb->load_res, ==, ea->load_res);
    g_assert_cmpuint(eb->load_val, ==, 99);
    g_assert_cmpuint(eb->frm, ==, 3);
    g_assert_cmpuint(eb->fflags, ==, 0x11);
    g_assert_cmpuint(eb->insn_count, ==, 123456789);
    g_assert_cmpuint(eb->mcycle_offset, ==, 42);
    g_assert_cmphex(eb->menvcfg, ==, ea->menvcfg);
    g_assert_cmphex(eb->pmpaddr[0], ==, ea->pmpaddr[0]);
    g_assert_cmphex(eb->pmpcfg[0], ==, ea->pmpcfg[0]);
    g_assert_true(eb->pmp_active);
    g_assert_cmpuint(eb->stimecmp, ==, 777);
    g_assert_cmpuint(timer_expire_time_ns(eb->stimer), ==,
                     5 * NANOSECONDS_PER_SECOND);
    /* Derived state rebuilt: MMU index of S-mode with SUM, TLB flushed */
    g_assert_cmpuint(eb->mmu_idx_fetch, ==, ea->mmu_idx_fetch);
    g_assert_cmpuint(eb->mmu_idx_data, ==, ea->mmu_idx_data);
    g_assert_cmpuint(eb->tlb_flush_count, >, flushes);
    g_assert_cmphex(eb->tlb[1][0].tag_read, ==, TLB_INVALID);

    /* A privilege level that does not exist */
    ea->priv = 2;
    g_byte_array_unref(buf);
    buf = save_state(vmsd_of(DEVICE(a)), a);
    load_fails(vmsd_of(DEVICE(b)), b, buf, 11, "privilege level 2");
    ea->priv = PRV_S;

    /* Another hart's state, or a stream older than this build loads */
    {
        RISCVCPU *c = cpu_new(TYPE_RISCV_CPU_BASE64, 0);

        g_byte_array_unref(buf);
        buf = save_state(vmsd_of(DEVICE(a)), a);
        load_fails(vmsd_of(DEVICE(c)), c, buf, 11, "mhartid");
        load_fails(vmsd_of(DEVICE(b)), b, buf, 10, "version");
        cpu_free(c);
    }

    /* An RV64 hart's state does not load into an RV32 hart */
    {
        RISCVCPU *c = cpu_new(TYPE_RISCV_CPU_BASE32, 1);

        load_fails(vmsd_of(DEVICE(c)), c, buf, 11, "xlen_mask");
        cpu_free(c);
    }

    timer_del(ea->stimer);
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    cpu_free(a);
    cpu_free(b);
}

/* ---- the virtual clock ------------------------------------------------- */

static void test_timekeeping(void)
{
    g_autoptr(GByteArray) buf = NULL;
    int64_t t;

    /* A stopped source: its clock is what the destination continues */
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    t = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    buf = save_state(&vmstate_timers, &timers_state);
    g_assert_cmpint(timers_state.cpu_clock_offset, ==, t);

    /* The destination process started at another time */
    qemu_clock_set_virtual_ns(t + 123 * NANOSECONDS_PER_SECOND);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), !=, t);
    load_state(&vmstate_timers, &timers_state, buf);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t);
    /* ...and goes on from there once the VM runs */
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    g_usleep(2000);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), >=,
                    t + 2000 * SCALE_US);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), <,
                    t + 10 * NANOSECONDS_PER_SECOND);

    /* A negative clock, and the version without a clock, are refused */
    {
        int64_t bad = GINT64_TO_BE(-5);

        memcpy(buf->data + 16, &bad, 8);
        load_fails(&vmstate_timers, &timers_state, buf, 2, "-5");
        load_fails(&vmstate_timers, &timers_state, buf, 1, "version");
    }
}

/* ---- all sections through the stream ------------------------------------- */

/*
 * The devices register themselves when realized: a whole device-state
 * stream carries them (and the clock), and loading it puts everything
 * back after the devices and the clock moved on.
 */
static void test_device_state_stream(void)
{
    SerialMM *uart = serial_new();
    DeviceState *plic = plic_new(true);
    DeviceState *mtimer = mtimer_new();
    RISCVCPU *cpu = cpu_new(TYPE_RISCV_CPU_BASE64, 0);
    QIOChannelBuffer *bioc = qio_channel_buffer_new(65536);
    g_autoptr(GByteArray) all = g_byte_array_new();
    QEMUFile *f;
    Error *err = NULL;
    uint64_t mtime;
    int64_t clock;

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    serial_io_write(&uart->serial, UART_SCR, 0x42);
    plic_setup(plic);
    dev_write(SYS_BUS_DEVICE(mtimer), 8, 0x123456789, 8);
    mtime = dev_read(SYS_BUS_DEVICE(mtimer), RISCV_ACLINT_DEFAULT_MTIME, 8);
    clock = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    cpu->env.gpr[5] = 0x5555;
    cpu->env.pc = 0x80000040;

    f = qemu_file_new_output(QIO_CHANNEL(bioc));
    g_assert_cmpint(qemu_save_device_state(f), ==, 0);
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    /* (closing a buffer channel frees its data) */
    g_byte_array_append(all, bioc->data, bioc->usage);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    g_assert_cmpint(find_bytes(all, "\x05timer"), >=, 0);
    g_assert_cmpint(find_bytes(all, "\x03" "cpu"), >=, 0);
    g_assert_cmpint(find_bytes(all, "riscv_sifive_plic"), >=, 0);
    g_assert_cmpint(find_bytes(all, "riscv_mtimer"), >=, 0);
    g_assert_cmpint(find_bytes(all, "\x06serial"), >=, 0);

    /* Everything moves on */
    serial_io_write(&uart->serial, UART_SCR, 0);
    dev_write(SYS_BUS_DEVICE(plic), 0x200000, 7, 4);
    dev_write(SYS_BUS_DEVICE(mtimer), 8, 0, 8);
    qemu_clock_set_virtual_ns(clock + 50 * NANOSECONDS_PER_SECOND);
    cpu->env.gpr[5] = 0;
    cpu->env.pc = 0x1000;

    bioc = qio_channel_buffer_new(all->len);
    memcpy(bioc->data, all->data, all->len);
    bioc->usage = all->len;
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    if (qemu_loadvm_state(f, &err) < 0) {
        g_test_message("load failed: %s", error_get_pretty(err));
        g_assert_not_reached();
    }
    qemu_fclose(f);
    object_unref(OBJECT(bioc));

    g_assert_cmpuint(serial_io_read(&uart->serial, UART_SCR), ==, 0x42);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(plic), 0x200000, 4), ==, 1);
    g_assert_cmpuint(RISCV_ACLINT_MTIMER(mtimer)->timecmp[1], ==,
                     0x123456789);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, clock);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(mtimer),
                              RISCV_ACLINT_DEFAULT_MTIME, 8), ==, mtime);
    g_assert_cmpuint(cpu->env.gpr[5], ==, 0x5555);
    g_assert_cmphex(cpu->env.pc, ==, 0x80000040);

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    cpu_free(cpu);
    object_unparent(OBJECT(uart));
    object_unparent(OBJECT(plic));
    object_unparent(OBJECT(mtimer));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    /* The stream format's switches are the migration object's */
    migration_object_init(&error_abort);

    g_test_add_func("/device-vmstate/serial", test_serial);
    g_test_add_func("/device-vmstate/serial-bad-fifo", test_serial_bad_fifo);
    g_test_add_func("/device-vmstate/plic", test_plic);
    g_test_add_func("/device-vmstate/plic-compat", test_plic_compat);
    g_test_add_func("/device-vmstate/aclint", test_aclint);
    g_test_add_func("/device-vmstate/goldfish-rtc", test_goldfish_rtc);
    g_test_add_func("/device-vmstate/virtio", test_virtio);
    g_test_add_func("/device-vmstate/virtio-blk", test_virtio_blk);
    g_test_add_func("/device-vmstate/virtio-net", test_virtio_net);
    g_test_add_func("/device-vmstate/cpu", test_cpu);
    g_test_add_func("/device-vmstate/timekeeping", test_timekeeping);
    g_test_add_func("/device-vmstate/stream", test_device_state_stream);
    return g_test_run();
}
