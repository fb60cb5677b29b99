/*
 * Interrupt lines, qdev GPIOs and sysbus MMIO/IRQs.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "exec/memory.h"

/* ---- Plain lines ------------------------------------------------------- */

typedef struct Seen {
    int calls;
    int last_n;
    int last_level;
    int levels[8];
} Seen;

static void seen_handler(void *opaque, int n, int level)
{
    Seen *s = opaque;

    s->calls++;
    s->last_n = n;
    s->last_level = level;
    if (n >= 0 && n < 8) {
        s->levels[n] = level;
    }
}

static void test_irq_basic(void)
{
    Seen s = { 0 };
    qemu_irq irq = qemu_allocate_irq(seen_handler, &s, 5);
    qemu_irq *irqs, inv;

    g_assert_nonnull(object_dynamic_cast(OBJECT(irq), TYPE_IRQ));
    qemu_irq_raise(irq);
    g_assert_cmpint(s.calls, ==, 1);
    g_assert_cmpint(s.last_n, ==, 5);
    g_assert_cmpint(s.last_level, ==, 1);
    qemu_irq_lower(irq);
    g_assert_cmpint(s.last_level, ==, 0);
    qemu_irq_pulse(irq);
    g_assert_cmpint(s.calls, ==, 4);
    g_assert_cmpint(s.last_level, ==, 0);
    qemu_set_irq(irq, 7);
    g_assert_cmpint(s.last_level, ==, 7);

    /* Not connected: nothing happens. */
    qemu_set_irq(NULL, 1);
    qemu_irq_pulse(NULL);

    inv = qemu_irq_invert(irq);
    g_assert_cmpint(s.last_level, ==, 1);
    qemu_irq_raise(inv);
    g_assert_cmpint(s.last_level, ==, 0);
    qemu_free_irq(inv);
    qemu_free_irq(irq);
    qemu_free_irq(NULL);

    memset(&s, 0, sizeof(s));
    irqs = qemu_allocate_irqs(seen_handler, &s, 3);
    qemu_irq_raise(irqs[2]);
    g_assert_cmpint(s.levels[2], ==, 1);
    irqs = qemu_extend_irqs(irqs, 3, seen_handler, &s, 2);
    qemu_irq_raise(irqs[4]);
    g_assert_cmpint(s.levels[4], ==, 1);
    qemu_free_irqs(irqs, 5);
}

static void test_irq_embedded(void)
{
    Seen s = { 0 };
    IRQState lines[3];

    qemu_init_irqs(lines, 3, seen_handler, &s);
    qemu_irq_raise(&lines[1]);
    g_assert_cmpint(s.last_n, ==, 1);
    g_assert_cmpint(s.levels[1], ==, 1);
    for (int i = 0; i < 3; i++) {
        object_unref(OBJECT(&lines[i]));
    }
}

/* ---- A sysbus device with GPIOs ---------------------------------------- */

#define TYPE_TEST_GPIO_DEV "test-gpio-dev"
OBJECT_DECLARE_SIMPLE_TYPE(TestGpioDev, TEST_GPIO_DEV)

struct TestGpioDev {
    SysBusDevice parent_obj;

    Seen in;                    /* unnamed inputs */
    Seen named;                 /* "ctl" inputs */
    qemu_irq out[2];            /* unnamed outputs */
    qemu_irq tick[3];           /* "tick" outputs */
    qemu_irq irq[2];            /* sysbus irqs */
    MemoryRegion mmio;
    uint32_t reg;
};

static void tgd_in(void *opaque, int n, int level)
{
    TestGpioDev *d = TEST_GPIO_DEV(opaque);

    seen_handler(&d->in, n, level);
}

static void tgd_ctl(void *opaque, int n, int level)
{
    TestGpioDev *d = opaque;

    seen_handler(&d->named, n, level);
    /* Forward to the device's first IRQ, as a device would. */
    qemu_set_irq(d->irq[0], level);
}

static uint64_t tgd_read(void *opaque, hwaddr addr, unsigned size)
{
    TestGpioDev *d = opaque;

    return addr == 0 ? d->reg : 0;
}

static void tgd_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestGpioDev *d = opaque;

    if (addr == 0) {
        d->reg = val;
        qemu_set_irq(d->irq[1], val & 1);
    }
}

static const MemoryRegionOps tgd_ops = {
    .read = tgd_read,
    .write = tgd_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void tgd_init(Object *obj)
{
    TestGpioDev *d = TEST_GPIO_DEV(obj);
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_in(dev, tgd_in, 2);
    qdev_init_gpio_in_named_with_opaque(dev, tgd_ctl, d, "ctl", 2);
    qdev_init_gpio_out(dev, d->out, 2);
    qdev_init_gpio_out_named(dev, d->tick, "tick", 3);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &d->irq[0]);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &d->irq[1]);
    memory_region_init_io(&d->mmio, obj, &tgd_ops, d, "test-gpio-dev",
                          0x10);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &d->mmio);
}

static const TypeInfo tgd_info = {
    .name = TYPE_TEST_GPIO_DEV,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(TestGpioDev),
    .instance_init = tgd_init,
};

static TestGpioDev *new_dev(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_GPIO_DEV);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return TEST_GPIO_DEV(dev);
}

static void test_gpio_properties(void)
{
    TestGpioDev *d = new_dev();
    Object *obj = OBJECT(d);
    static const char *const names[] = {
        "unnamed-gpio-in[0]", "unnamed-gpio-in[1]", "ctl[0]", "ctl[1]",
        "unnamed-gpio-out[0]", "unnamed-gpio-out[1]", "tick[0]", "tick[2]",
        "sysbus-irq[0]", "sysbus-irq[1]",
    };

    for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
        g_assert_nonnull(object_property_find(obj, names[i]));
    }
    g_assert_null(object_property_find(obj, "unnamed-gpio-in[2]"));
    g_assert_null(object_property_find(obj, "tick[3]"));
    g_assert_cmpstr(object_property_get_type(obj, "ctl[0]", NULL), ==,
                    "child<irq>");
    g_assert_cmpstr(object_property_get_type(obj, "tick[0]", NULL), ==,
                    "link<irq>");
    g_assert_cmpstr(object_property_get_type(obj, "sysbus-irq[0]", NULL), ==,
                    "link<irq>");
    g_assert_true(OBJECT(qdev_get_gpio_in(DEVICE(d), 1)) ==
                  object_resolve_path_component(obj, "unnamed-gpio-in[1]"));
    g_assert_true(OBJECT(qdev_get_gpio_in_named(DEVICE(d), "ctl", 0)) ==
                  object_resolve_path_component(obj, "ctl[0]"));
    /* Out of range: NULL, which qemu_set_irq ignores. */
    g_assert_null(qdev_get_gpio_in(DEVICE(d), 2));
    g_assert_null(qdev_get_gpio_in_named(DEVICE(d), "nope", 0));
    g_assert_null(qdev_get_gpio_in(DEVICE(d), -1));
    object_unparent(obj);
}

static void test_gpio_connect(void)
{
    TestGpioDev *a = new_dev(), *b = new_dev();
    DeviceState *da = DEVICE(a), *db = DEVICE(b);
    Seen ext = { 0 };
    qemu_irq line = qemu_allocate_irq(seen_handler, &ext, 0);

    /* Device inputs are driven directly. */
    qemu_irq_raise(qdev_get_gpio_in(db, 1));
    g_assert_cmpint(b->in.levels[1], ==, 1);

    /* a.out[0] -> b.in[0], a.tick[2] -> b.ctl[1]. */
    qdev_connect_gpio_out(da, 0, qdev_get_gpio_in(db, 0));
    qdev_connect_gpio_out_named(da, "tick", 2,
                                qdev_get_gpio_in_named(db, "ctl", 1));
    qemu_irq_raise(a->out[0]);
    g_assert_cmpint(b->in.last_n, ==, 0);
    g_assert_cmpint(b->in.levels[0], ==, 1);
    qemu_irq_raise(a->tick[2]);
    g_assert_cmpint(b->named.last_n, ==, 1);
    g_assert_cmpint(b->named.last_level, ==, 1);
    /* Unconnected outputs are silent. */
    qemu_irq_raise(a->out[1]);
    qemu_irq_raise(a->tick[0]);

    /* The link properties point at the inputs. */
    g_assert_true(object_property_get_link(OBJECT(a), "unnamed-gpio-out[0]",
                                           &error_abort) ==
                  OBJECT(qdev_get_gpio_in(db, 0)));
    g_assert_true(qdev_get_gpio_out_connector(da, "tick", 2) ==
                  qdev_get_gpio_in_named(db, "ctl", 1));

    /* A free-standing line gets a place in the tree. */
    qdev_connect_gpio_out(da, 1, line);
    g_assert_nonnull(OBJECT(line)->parent);
    qemu_irq_raise(a->out[1]);
    g_assert_cmpint(ext.last_level, ==, 1);

    /* Rewiring replaces the old target; NULL disconnects. */
    qdev_connect_gpio_out(da, 0, NULL);
    b->in.calls = 0;
    qemu_irq_lower(a->out[0]);
    g_assert_cmpint(b->in.calls, ==, 0);

    /* Bad indexes are reported, not fatal. */
    qdev_connect_gpio_out(da, 9, line);
    qdev_connect_gpio_out_named(da, "nope", 0, line);

    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
    qemu_free_irq(line);
}

static void test_sysbus_irq_mmio(void)
{
    TestGpioDev *d = new_dev();
    SysBusDevice *sbd = SYS_BUS_DEVICE(d);
    Seen cpu = { 0 };
    qemu_irq *lines = qemu_allocate_irqs(seen_handler, &cpu, 2);
    MemTxResult r;

    g_assert_true(sysbus_has_irq(sbd, 0));
    g_assert_true(sysbus_has_irq(sbd, 1));
    g_assert_false(sysbus_has_irq(sbd, 2));
    g_assert_false(sysbus_has_irq(sbd, -1));
    g_assert_null(sysbus_get_connected_irq(sbd, 0));
    sysbus_connect_irq(sbd, 0, lines[0]);
    sysbus_connect_irq(sbd, 1, lines[1]);
    g_assert_true(sysbus_get_connected_irq(sbd, 1) == lines[1]);

    /* An input that the device forwards to its sysbus IRQ 0. */
    qemu_irq_raise(qdev_get_gpio_in_named(DEVICE(d), "ctl", 0));
    g_assert_cmpint(cpu.levels[0], ==, 1);

    /* MMIO: map, access, IRQ from a register write, move, unmap. */
    g_assert_true(sysbus_has_mmio(sbd, 0));
    g_assert_false(sysbus_has_mmio(sbd, 1));
    g_assert_true(sysbus_mmio_get_region(sbd, 0) == &d->mmio);
    g_assert_null(sysbus_mmio_get_region(sbd, 3));
    g_assert_cmphex(sysbus_mmio_get_addr(sbd, 0), ==, (hwaddr)-1);
    sysbus_mmio_map(sbd, 0, 0x10000000);
    g_assert_cmphex(sysbus_mmio_get_addr(sbd, 0), ==, 0x10000000);
    address_space_stl_le(&address_space_memory, 0x10000000, 0x41,
                         MEMTXATTRS_UNSPECIFIED, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(d->reg, ==, 0x41);
    g_assert_cmpint(cpu.levels[1], ==, 1);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x10000000,
                                         MEMTXATTRS_UNSPECIFIED, &r), ==,
                    0x41);
    /* Wrong size: refused, device untouched. */
    address_space_stb(&address_space_memory, 0x10000000, 0,
                      MEMTXATTRS_UNSPECIFIED, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(d->reg, ==, 0x41);

    sysbus_mmio_map_overlap(sbd, 0, 0x20000000, 5);
    g_assert_cmpint(d->mmio.priority, ==, 5);
    address_space_ldl_le(&address_space_memory, 0x10000000,
                         MEMTXATTRS_UNSPECIFIED, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x20000000,
                                         MEMTXATTRS_UNSPECIFIED, &r), ==,
                    0x41);
    sysbus_mmio_map(sbd, 7, 0x30000000);       /* reported, ignored */
    sysbus_mmio_unmap(sbd, 0);
    address_space_ldl_le(&address_space_memory, 0x20000000,
                         MEMTXATTRS_UNSPECIFIED, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);

    object_unparent(OBJECT(d));
    qemu_free_irqs(lines, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    type_register_static(&tgd_info);

    g_test_add_func("/irq/basic", test_irq_basic);
    g_test_add_func("/irq/embedded", test_irq_embedded);
    g_test_add_func("/irq/gpio-properties", test_gpio_properties);
    g_test_add_func("/irq/gpio-connect", test_gpio_connect);
    g_test_add_func("/irq/sysbus", test_sysbus_irq_mmio);
    return g_test_run();
}
