/*
 * ACLINT MTIMER and MSWI/SSWI: registers through MMIO dispatch, MTIP
 * driven by the virtual clock, software interrupt lines.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "hw/qdev-properties.h"
#include "hw/intc/riscv_aclint.h"
#include "dev-test-util.h"

#define FREQ RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ
#define MTIME RISCV_ACLINT_DEFAULT_MTIME

static SysBusDevice *mtimer_new(uint32_t num_harts, qemu_irq *lines)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_MTIMER);

    qdev_prop_set_uint32(dev, "num-harts", num_harts);
    qdev_prop_set_uint32(dev, "timebase-freq", FREQ);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    if (lines) {
        riscv_aclint_mtimer_connect_harts(dev, lines);
    }
    return SYS_BUS_DEVICE(dev);
}

static uint64_t mtime(SysBusDevice *sbd)
{
    return dev_read(sbd, MTIME, 8);
}

static void test_mtimer_bad_config(void)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_MTIMER);
    Error *err = NULL;

    /* QEMU's default frequency is 0: it must be set. */
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "timebase-freq"));
    error_free(err);
    err = NULL;

    qdev_prop_set_uint32(dev, "timebase-freq", FREQ);
    qdev_prop_set_uint32(dev, "num-harts", 0);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "num-harts 0"));
    error_free(err);
    err = NULL;

    qdev_prop_set_uint32(dev, "num-harts", 1);
    qdev_prop_set_uint32(dev, "time-base", 0x7ff4);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "multiples of 8"));
    error_free(err);
    object_unref(dev);
}

static void test_mtimer_props(void)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_MTIMER);
    Object *o = OBJECT(dev);

    g_assert_cmpuint(object_property_get_uint(o, "hartid-base", NULL), ==, 0);
    g_assert_cmpuint(object_property_get_uint(o, "num-harts", NULL), ==, 1);
    g_assert_cmpuint(object_property_get_uint(o, "timecmp-base", NULL),
                     ==, 0);
    g_assert_cmpuint(object_property_get_uint(o, "time-base", NULL),
                     ==, 0x7ff8);
    g_assert_cmpuint(object_property_get_uint(o, "aperture-size", NULL),
                     ==, 0x8000);
    g_assert_cmpuint(object_property_get_uint(o, "timebase-freq", NULL),
                     ==, 0);
    object_unref(dev);
}

static void test_mtimer_mtime(void)
{
    SysBusDevice *sbd = mtimer_new(1, NULL);
    uint64_t t0, t1, lo, hi;

    t0 = mtime(sbd);
    g_usleep(20 * 1000);
    t1 = mtime(sbd);
    /* 20 ms at 10 MHz: 200000 ticks, and not wildly more */
    g_assert_cmpuint(t1 - t0, >=, 200000);
    g_assert_cmpuint(t1 - t0, <, 200000 * 50);
    g_assert_cmpuint(riscv_aclint_mtimer_get_time(sbd), >=, t1);

    /* Setting mtime, as a whole and by halves */
    dev_write(sbd, MTIME, 0x123456789ULL << 8, 8);
    t0 = mtime(sbd);
    g_assert_cmpuint(t0, >=, 0x123456789ULL << 8);
    g_assert_cmpuint(t0 - (0x123456789ULL << 8), <, FREQ);

    dev_write(sbd, MTIME + 4, 0x42, 4);
    dev_write(sbd, MTIME, 0, 4);
    lo = dev_read(sbd, MTIME, 4);
    hi = dev_read(sbd, MTIME + 4, 4);
    g_assert_cmpuint(hi, ==, 0x42);
    g_assert_cmpuint(lo, <, FREQ);

    /* Reset clears mtime */
    device_cold_reset(DEVICE(sbd));
    g_assert_cmpuint(mtime(sbd), <, FREQ);
    object_unparent(OBJECT(sbd));
}

static void test_mtimer_timecmp(void)
{
    qemu_irq *lines = irq_sinks(2);
    SysBusDevice *sbd = mtimer_new(2, lines);
    uint64_t now = mtime(sbd);

    /* In the past: MTIP at once, for that hart only */
    dev_write(sbd, 0, now, 8);
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmpint(irq_level[1], ==, 0);
    g_assert_cmpuint(dev_read(sbd, 0, 8), ==, now);

    /* Far in the future: lowered */
    dev_write(sbd, 0, UINT64_MAX, 8);
    g_assert_cmpint(irq_level[0], ==, 0);

    /* 32-bit halves, RV32 style: hi = -1 first, then lo, then hi */
    dev_write(sbd, 8 + 4, 0xffffffff, 4);
    dev_write(sbd, 8, now & 0xffffffff, 4);
    g_assert_cmpint(irq_level[1], ==, 0);
    dev_write(sbd, 8 + 4, now >> 32, 4);
    g_assert_cmpint(irq_level[1], ==, 1);
    g_assert_cmpuint(dev_read(sbd, 8, 4), ==, now & 0xffffffff);
    g_assert_cmpuint(dev_read(sbd, 12, 4), ==, now >> 32);

    /* Moving mtime backwards re-evaluates every hart */
    dev_write(sbd, MTIME, 0, 8);
    g_assert_cmpint(irq_level[1], ==, 0);
    object_unparent(OBJECT(sbd));
}

static void test_mtimer_fires(void)
{
    qemu_irq *lines = irq_sinks(1);
    SysBusDevice *sbd = mtimer_new(1, lines);
    uint64_t cmp = mtime(sbd) + FREQ / 50;     /* 20 ms from now */

    dev_write(sbd, 0, cmp, 8);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_true(run_until(&irq_level[0], 5000));
    /* Not early */
    g_assert_cmpuint(mtime(sbd), >=, cmp);
    object_unparent(OBJECT(sbd));
}

static void test_mtimer_clock_stopped(void)
{
    qemu_irq *lines = irq_sinks(1);
    SysBusDevice *sbd = mtimer_new(1, lines);
    uint64_t t0, cmp;

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    t0 = mtime(sbd);
    cmp = t0 + FREQ / 1000;                 /* 1 ms of guest time */
    dev_write(sbd, 0, cmp, 8);
    /* 50 ms of host time: a stopped VM sees none of it */
    g_assert_false(run_until(&irq_level[0], 50));
    g_assert_cmpuint(mtime(sbd), ==, t0);

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    g_assert_true(run_until(&irq_level[0], 5000));
    g_assert_cmpuint(mtime(sbd), >=, cmp);
    object_unparent(OBJECT(sbd));
}

static void test_mtimer_bad_access(void)
{
    qemu_irq *lines = irq_sinks(1);
    SysBusDevice *sbd = mtimer_new(1, lines);

    /* Hart 1's mtimecmp does not exist; nor does 0x100 */
    dev_write(sbd, 8, 0, 8);
    g_assert_cmpuint(dev_read(sbd, 8, 8), ==, 0);
    g_assert_cmpuint(dev_read(sbd, 0x100, 4), ==, 0);
    g_assert_cmpint(irq_level[0], ==, 0);
    /* Byte accesses are refused */
    dev_write(sbd, 0, 0, 1);
    g_assert_cmpint(irq_level[0], ==, 0);
    /* Beyond the aperture */
    dev_read(sbd, 0x8000, 4);
    dev_write(sbd, 0x10000, 0, 4);
    object_unparent(OBJECT(sbd));
}

static SysBusDevice *swi_new(uint32_t num_harts, bool sswi, qemu_irq *lines)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_SWI);

    qdev_prop_set_uint32(dev, "num-harts", num_harts);
    qdev_prop_set_uint32(dev, "sswi", sswi);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    riscv_aclint_swi_connect_harts(dev, lines);
    return SYS_BUS_DEVICE(dev);
}

static void test_mswi(void)
{
    qemu_irq *lines = irq_sinks(3);
    SysBusDevice *sbd = swi_new(3, false, lines);

    dev_write(sbd, 4, 1, 4);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmpint(irq_level[1], ==, 1);
    g_assert_cmpint(irq_level[2], ==, 0);
    g_assert_cmpuint(dev_read(sbd, 4, 4), ==, 1);
    g_assert_cmpuint(dev_read(sbd, 8, 4), ==, 0);

    /* Only bit 0 counts */
    dev_write(sbd, 8, 0xfffffffe, 4);
    g_assert_cmpint(irq_level[2], ==, 0);
    dev_write(sbd, 4, 0, 4);
    g_assert_cmpint(irq_level[1], ==, 0);
    g_assert_cmpuint(dev_read(sbd, 4, 4), ==, 0);

    /* Reset clears MSIP */
    dev_write(sbd, 0, 1, 4);
    g_assert_cmpint(irq_level[0], ==, 1);
    device_cold_reset(DEVICE(sbd));
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmpuint(dev_read(sbd, 0, 4), ==, 0);

    /* Bad accesses: no hart 3, unaligned, wrong size */
    dev_write(sbd, 12, 1, 4);
    dev_write(sbd, 2, 1, 4);
    dev_write(sbd, 0, 1, 8);
    g_assert_cmpuint(dev_read(sbd, 12, 4), ==, 0);
    g_assert_cmpint(irq_level[0] + irq_level[1] + irq_level[2], ==, 0);
    object_unparent(OBJECT(sbd));
}

static void test_sswi(void)
{
    qemu_irq *lines = irq_sinks(2);
    SysBusDevice *sbd = swi_new(2, true, lines);

    dev_write(sbd, 0, 1, 4);
    g_assert_cmpint(irq_level[0], ==, 1);
    /* SETSSIP reads 0, and writing 0 leaves SSIP to software */
    g_assert_cmpuint(dev_read(sbd, 0, 4), ==, 0);
    dev_write(sbd, 0, 0, 4);
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmpint(irq_level[1], ==, 0);
    object_unparent(OBJECT(sbd));
}

static void test_create_helpers(void)
{
    DeviceState *mt = riscv_aclint_mtimer_create(0x2004000, 0x8000, 0, 2,
                                                 0, MTIME, FREQ, true);
    DeviceState *swi = riscv_aclint_swi_create(0x2000000, 0, 2, false);
    SysBusDevice *sbd = SYS_BUS_DEVICE(mt);

    g_assert_cmpuint(object_property_get_uint(OBJECT(mt), "num-harts",
                                              NULL), ==, 2);
    g_assert_true(memory_region_is_mapped(sysbus_mmio_get_region(sbd, 0)));
    g_assert_true(memory_region_is_mapped(
                      sysbus_mmio_get_region(SYS_BUS_DEVICE(swi), 0)));
    g_assert_cmpuint(memory_region_size(sysbus_mmio_get_region(sbd, 0)),
                     ==, 0x8000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/aclint/mtimer/props", test_mtimer_props);
    g_test_add_func("/aclint/mtimer/bad-config", test_mtimer_bad_config);
    g_test_add_func("/aclint/mtimer/mtime", test_mtimer_mtime);
    g_test_add_func("/aclint/mtimer/timecmp", test_mtimer_timecmp);
    g_test_add_func("/aclint/mtimer/fires", test_mtimer_fires);
    g_test_add_func("/aclint/mtimer/clock-stopped",
                    test_mtimer_clock_stopped);
    g_test_add_func("/aclint/mtimer/bad-access", test_mtimer_bad_access);
    g_test_add_func("/aclint/swi/mswi", test_mswi);
    g_test_add_func("/aclint/swi/sswi", test_sswi);
    g_test_add_func("/aclint/create", test_create_helpers);
    return g_test_run();
}
