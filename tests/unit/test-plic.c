/*
 * SiFive PLIC with the virt board's layout: priorities, pending bits,
 * enables, thresholds, claim/complete, level-triggered sources, output
 * lines per context, bad configurations and bad accesses.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/intc/sifive_plic.h"
#include "dev-test-util.h"

#define NUM_SOURCES     96
#define PRIO_BASE       0x0
#define PENDING_BASE    0x1000
#define ENABLE_BASE     0x2000
#define ENABLE_STRIDE   0x80
#define CONTEXT_BASE    0x200000
#define CONTEXT_STRIDE  0x1000

/* "MS,MS": contexts 0 = hart 0 M, 1 = hart 0 S, 2 = hart 1 M, 3 = hart 1 S */
enum { CTX_H0M, CTX_H0S, CTX_H1M, CTX_H1S };
/* Our sink lines */
enum { MEIP0, MEIP1, SEIP0, SEIP1 };

static DeviceState *plic_dev;
static SysBusDevice *plic;

static void plic_setup(void)
{
    qemu_irq *lines = irq_sinks(4);
    qemu_irq meip[2] = { lines[MEIP0], lines[MEIP1] };
    qemu_irq seip[2] = { lines[SEIP0], lines[SEIP1] };

    plic_dev = qdev_new(TYPE_SIFIVE_PLIC);
    qdev_prop_set_string(plic_dev, "hart-config", "MS,MS");
    qdev_prop_set_uint32(plic_dev, "num-sources", NUM_SOURCES);
    qdev_prop_set_uint32(plic_dev, "num-priorities", 7);
    qdev_prop_set_uint32(plic_dev, "priority-base", PRIO_BASE);
    qdev_prop_set_uint32(plic_dev, "pending-base", PENDING_BASE);
    qdev_prop_set_uint32(plic_dev, "enable-base", ENABLE_BASE);
    qdev_prop_set_uint32(plic_dev, "enable-stride", ENABLE_STRIDE);
    qdev_prop_set_uint32(plic_dev, "context-base", CONTEXT_BASE);
    qdev_prop_set_uint32(plic_dev, "context-stride", CONTEXT_STRIDE);
    qdev_prop_set_uint32(plic_dev, "aperture-size",
                         CONTEXT_BASE + 4 * CONTEXT_STRIDE);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(plic_dev), &error_abort);
    sifive_plic_connect_harts(plic_dev, meip, seip);
    plic = SYS_BUS_DEVICE(plic_dev);
}

static void plic_teardown(void)
{
    object_unparent(OBJECT(plic_dev));
    plic_dev = NULL;
    plic = NULL;
}

static void source(int irq, int level)
{
    qemu_set_irq(qdev_get_gpio_in(plic_dev, irq), level);
}

static void set_prio(int irq, uint32_t prio)
{
    dev_write(plic, PRIO_BASE + irq * 4, prio, 4);
}

static void enable(int ctx, int irq, bool on)
{
    hwaddr addr = ENABLE_BASE + ctx * ENABLE_STRIDE + (irq / 32) * 4;
    uint32_t word = dev_read(plic, addr, 4);

    word = on ? word | (1U << (irq % 32)) : word & ~(1U << (irq % 32));
    dev_write(plic, addr, word, 4);
}

static void set_threshold(int ctx, uint32_t t)
{
    dev_write(plic, CONTEXT_BASE + ctx * CONTEXT_STRIDE, t, 4);
}

static uint32_t claim(int ctx)
{
    return dev_read(plic, CONTEXT_BASE + ctx * CONTEXT_STRIDE + 4, 4);
}

static void complete(int ctx, uint32_t irq)
{
    dev_write(plic, CONTEXT_BASE + ctx * CONTEXT_STRIDE + 4, irq, 4);
}

static bool pending(int irq)
{
    return dev_read(plic, PENDING_BASE + (irq / 32) * 4, 4) &
           (1U << (irq % 32));
}

static void test_route(void)
{
    plic_setup();

    /* Priority 0 never interrupts, but the source is pending */
    source(10, 1);
    g_assert_true(pending(10));
    enable(CTX_H0S, 10, true);
    g_assert_cmpint(irq_level[SEIP0], ==, 0);

    set_prio(10, 1);
    g_assert_cmpint(irq_level[SEIP0], ==, 1);
    g_assert_cmpint(irq_level[MEIP0], ==, 0);
    g_assert_cmpint(irq_level[SEIP1], ==, 0);
    g_assert_cmpint(irq_level[MEIP1], ==, 0);

    /* The threshold masks priorities at or below it */
    set_threshold(CTX_H0S, 1);
    g_assert_cmpint(irq_level[SEIP0], ==, 0);
    set_threshold(CTX_H0S, 0);
    g_assert_cmpint(irq_level[SEIP0], ==, 1);

    /* Hart 1's M context too */
    enable(CTX_H1M, 10, true);
    g_assert_cmpint(irq_level[MEIP1], ==, 1);

    /* A level source that drops before the claim is no longer pending */
    source(10, 0);
    g_assert_false(pending(10));
    g_assert_cmpint(irq_level[SEIP0], ==, 0);
    g_assert_cmpint(irq_level[MEIP1], ==, 0);
    g_assert_cmpuint(claim(CTX_H0S), ==, 0);
    plic_teardown();
}

static void test_claim_complete(void)
{
    plic_setup();
    set_prio(33, 3);
    enable(CTX_H0M, 33, true);
    enable(CTX_H1S, 33, true);
    source(33, 1);
    g_assert_cmpint(irq_level[MEIP0], ==, 1);
    g_assert_cmpint(irq_level[SEIP1], ==, 1);

    /* The claim takes it away from every context */
    g_assert_cmpuint(claim(CTX_H0M), ==, 33);
    g_assert_false(pending(33));
    g_assert_cmpint(irq_level[MEIP0], ==, 0);
    g_assert_cmpint(irq_level[SEIP1], ==, 0);
    g_assert_cmpuint(claim(CTX_H1S), ==, 0);

    /* Completing while the line is still up: pending again */
    complete(CTX_H0M, 33);
    g_assert_true(pending(33));
    g_assert_cmpint(irq_level[MEIP0], ==, 1);
    g_assert_cmpuint(claim(CTX_H1S), ==, 33);

    /* Line goes down while claimed: nothing after completion */
    source(33, 0);
    complete(CTX_H1S, 33);
    g_assert_false(pending(33));
    g_assert_cmpint(irq_level[MEIP0], ==, 0);
    g_assert_cmpint(irq_level[SEIP1], ==, 0);

    /* Bad completions are ignored */
    complete(CTX_H0M, 0);
    complete(CTX_H0M, NUM_SOURCES);
    complete(CTX_H0M, 0xffffffff);
    plic_teardown();
}

static void test_priority_order(void)
{
    plic_setup();
    set_prio(5, 2);
    set_prio(7, 5);
    set_prio(9, 5);
    enable(CTX_H0S, 5, true);
    enable(CTX_H0S, 7, true);
    enable(CTX_H0S, 9, true);
    source(5, 1);
    source(9, 1);
    source(7, 1);

    /* Highest priority first, lowest number on ties */
    g_assert_cmpuint(claim(CTX_H0S), ==, 7);
    g_assert_cmpuint(claim(CTX_H0S), ==, 9);
    set_threshold(CTX_H0S, 2);
    g_assert_cmpint(irq_level[SEIP0], ==, 0);
    g_assert_cmpuint(claim(CTX_H0S), ==, 0);
    set_threshold(CTX_H0S, 1);
    g_assert_cmpuint(claim(CTX_H0S), ==, 5);
    g_assert_cmpint(irq_level[SEIP0], ==, 0);
    plic_teardown();
}

static void test_registers(void)
{
    plic_setup();

    /* 8 priority levels: WARL, the low 3 bits are kept */
    set_prio(1, 0xff);
    g_assert_cmpuint(dev_read(plic, PRIO_BASE + 4, 4), ==, 7);
    set_threshold(CTX_H1S, 9);
    g_assert_cmpuint(dev_read(plic, CONTEXT_BASE + 3 * CONTEXT_STRIDE, 4),
                     ==, 1);
    /* Source 0 does not exist */
    set_prio(0, 3);
    g_assert_cmpuint(dev_read(plic, PRIO_BASE, 4), ==, 0);
    source(0, 1);
    g_assert_false(pending(0));

    /* Enables keep only existing sources */
    dev_write(plic, ENABLE_BASE, 0xffffffff, 4);
    g_assert_cmpuint(dev_read(plic, ENABLE_BASE, 4), ==, 0xfffffffe);
    dev_write(plic, ENABLE_BASE + 8, 0xffffffff, 4);
    g_assert_cmpuint(dev_read(plic, ENABLE_BASE + 8, 4), ==, 0xffffffff);
    /* Only 3 words per context: the fourth does not exist */
    dev_write(plic, ENABLE_BASE + 12, 0xffffffff, 4);
    g_assert_cmpuint(dev_read(plic, ENABLE_BASE + 12, 4), ==, 0);

    /* Pending is read-only */
    dev_write(plic, PENDING_BASE, 0xffffffff, 4);
    g_assert_cmpuint(dev_read(plic, PENDING_BASE, 4), ==, 0);

    /* Unknown registers, bad sizes, out of range */
    g_assert_cmpuint(dev_read(plic, 0x1f0000, 4), ==, 0);
    dev_write(plic, 0x1f0000, 1, 4);
    dev_write(plic, CONTEXT_BASE + 8, 1, 4);
    g_assert_cmpuint(dev_read(plic, CONTEXT_BASE + 8, 4), ==, 0);
    dev_write(plic, PRIO_BASE + 4, 1, 1);
    g_assert_cmpuint(dev_read(plic, PRIO_BASE + 4, 4), ==, 7);
    dev_read(plic, CONTEXT_BASE + 4 * CONTEXT_STRIDE + 4, 4);
    plic_teardown();
}

static void test_reset(void)
{
    plic_setup();
    set_prio(3, 1);
    enable(CTX_H0M, 3, true);
    source(3, 1);
    g_assert_cmpint(irq_level[MEIP0], ==, 1);
    device_cold_reset(plic_dev);
    g_assert_cmpint(irq_level[MEIP0], ==, 0);
    g_assert_cmpuint(dev_read(plic, PRIO_BASE + 12, 4), ==, 0);
    g_assert_cmpuint(dev_read(plic, ENABLE_BASE, 4), ==, 0);
    /* The line is still up */
    g_assert_true(pending(3));
    plic_teardown();
}

static void expect_realize_error(const char *hart_config, uint32_t sources,
                                 uint32_t stride, const char *msg)
{
    DeviceState *dev = qdev_new(TYPE_SIFIVE_PLIC);
    Error *err = NULL;

    if (hart_config) {
        qdev_prop_set_string(dev, "hart-config", hart_config);
    }
    qdev_prop_set_uint32(dev, "num-sources", sources);
    qdev_prop_set_uint32(dev, "enable-stride", stride);
    qdev_prop_set_uint32(dev, "context-stride", 0x1000);
    qdev_prop_set_uint32(dev, "aperture-size", 0x400000);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_error("'%s' lacks '%s'", error_get_pretty(err), msg);
    }
    error_free(err);
    object_unref(dev);
}

static void test_bad_config(void)
{
    expect_realize_error(NULL, 32, 0x80, "'hart-config' must be set");
    expect_realize_error("MX", 32, 0x80, "invalid mode 'X'");
    expect_realize_error("MM", 32, 0x80, "duplicate mode 'M'");
    expect_realize_error("M,,S", 32, 0x80, "without modes");
    expect_realize_error("MS", 0, 0x80, "num-sources 0");
    expect_realize_error("MS", 2000, 0x80, "num-sources 2000");
    expect_realize_error("MS", 32, 0x30, "enable-stride 0x30");
    expect_realize_error("MS", 96, 0x4, "cannot hold 96");
}

static void test_create(void)
{
    DeviceState *dev = sifive_plic_create(0xc000000, (char *)"M,MS", 2, 0,
                                          NUM_SOURCES, 7, PRIO_BASE,
                                          PENDING_BASE, ENABLE_BASE,
                                          ENABLE_STRIDE, CONTEXT_BASE,
                                          CONTEXT_STRIDE,
                                          CONTEXT_BASE + 3 * CONTEXT_STRIDE);
    SiFivePLICState *s = SIFIVE_PLIC(dev);

    g_assert_cmpuint(s->num_addrs, ==, 3);
    g_assert_cmpuint(s->num_harts, ==, 2);
    g_assert_cmpuint(s->addr_config[0].hartid, ==, 0);
    g_assert_cmpint(s->addr_config[0].mode, ==, PLICMode_M);
    g_assert_cmpuint(s->addr_config[2].hartid, ==, 1);
    g_assert_cmpint(s->addr_config[2].mode, ==, PLICMode_S);
    g_assert_true(memory_region_is_mapped(
                      sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 0)));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/plic/route", test_route);
    g_test_add_func("/plic/claim-complete", test_claim_complete);
    g_test_add_func("/plic/priority-order", test_priority_order);
    g_test_add_func("/plic/registers", test_registers);
    g_test_add_func("/plic/reset", test_reset);
    g_test_add_func("/plic/bad-config", test_bad_config);
    g_test_add_func("/plic/create", test_create);
    return g_test_run();
}
