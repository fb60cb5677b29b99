/*
 * Goldfish RTC: wall-clock time, setting it, the alarm interrupt.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/rtc/goldfish_rtc.h"
#include "dev-test-util.h"

#define TIME_LOW        0x00
#define TIME_HIGH       0x04
#define ALARM_LOW       0x08
#define ALARM_HIGH      0x0c
#define IRQ_ENABLED     0x10
#define CLEAR_ALARM     0x14
#define ALARM_STATUS    0x18
#define CLEAR_INTERRUPT 0x1c

static SysBusDevice *rtc;

static void rtc_setup(void)
{
    qemu_irq *lines = irq_sinks(1);
    DeviceState *dev = qdev_new(TYPE_GOLDFISH_RTC);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, lines[0]);
    rtc = SYS_BUS_DEVICE(dev);
}

static void rtc_teardown(void)
{
    object_unparent(OBJECT(rtc));
    rtc = NULL;
}

static uint64_t rtc_time(void)
{
    uint64_t lo = dev_read(rtc, TIME_LOW, 4);

    return (dev_read(rtc, TIME_HIGH, 4) << 32) | lo;
}

static void set_alarm(uint64_t t)
{
    dev_write(rtc, ALARM_HIGH, t >> 32, 4);
    dev_write(rtc, ALARM_LOW, t & 0xffffffff, 4);
}

static void test_time(void)
{
    uint64_t host_ns, t;

    rtc_setup();
    host_ns = g_get_real_time() * 1000;
    t = rtc_time();
    /* The host's wall clock, in nanoseconds */
    g_assert_cmpuint(t, >, host_ns - NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(t, <, host_ns + NANOSECONDS_PER_SECOND);

    /* Setting the time: high half then low half */
    dev_write(rtc, TIME_HIGH, 0x10, 4);
    dev_write(rtc, TIME_LOW, 0, 4);
    t = rtc_time();
    g_assert_cmpuint(t, >=, 0x10ULL << 32);
    g_assert_cmpuint(t - (0x10ULL << 32), <, NANOSECONDS_PER_SECOND);

    /* Reading the low half latches the high half */
    dev_read(rtc, TIME_LOW, 4);
    dev_write(rtc, TIME_HIGH, 0x20, 4);
    g_assert_cmpuint(dev_read(rtc, TIME_HIGH, 4), ==, 0x10);
    rtc_teardown();
}

static void test_alarm(void)
{
    uint64_t t;

    rtc_setup();
    dev_write(rtc, IRQ_ENABLED, 1, 4);
    g_assert_cmpuint(dev_read(rtc, IRQ_ENABLED, 4), ==, 1);
    t = rtc_time() + 20 * SCALE_MS;
    set_alarm(t);
    g_assert_cmpuint(dev_read(rtc, ALARM_STATUS, 4), ==, 1);
    g_assert_cmpuint(dev_read(rtc, ALARM_LOW, 4), ==, t & 0xffffffff);
    g_assert_cmpuint(dev_read(rtc, ALARM_HIGH, 4), ==, t >> 32);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_true(run_until(&irq_level[0], 5000));
    g_assert_cmpuint(rtc_time(), >=, t);
    g_assert_cmpuint(dev_read(rtc, ALARM_STATUS, 4), ==, 0);

    dev_write(rtc, CLEAR_INTERRUPT, 1, 4);
    g_assert_cmpint(irq_level[0], ==, 0);

    /* An alarm in the past fires at once */
    set_alarm(rtc_time() - 1);
    g_assert_cmpint(irq_level[0], ==, 1);
    dev_write(rtc, CLEAR_INTERRUPT, 1, 4);

    /* Masked: pending, but the line stays low until enabled */
    dev_write(rtc, IRQ_ENABLED, 0, 4);
    set_alarm(rtc_time() - 1);
    g_assert_cmpint(irq_level[0], ==, 0);
    dev_write(rtc, IRQ_ENABLED, 1, 4);
    g_assert_cmpint(irq_level[0], ==, 1);
    dev_write(rtc, CLEAR_INTERRUPT, 1, 4);
    rtc_teardown();
}

static void test_clear_alarm(void)
{
    int never = 0;

    rtc_setup();
    dev_write(rtc, IRQ_ENABLED, 1, 4);
    set_alarm(rtc_time() + 10 * SCALE_MS);
    dev_write(rtc, CLEAR_ALARM, 1, 4);
    g_assert_cmpuint(dev_read(rtc, ALARM_STATUS, 4), ==, 0);
    run_until(&never, 50);
    g_assert_cmpint(irq_level[0], ==, 0);

    /* Reset drops the alarm and the enable */
    set_alarm(rtc_time() + 10 * SCALE_MS);
    device_cold_reset(DEVICE(rtc));
    g_assert_cmpuint(dev_read(rtc, ALARM_STATUS, 4), ==, 0);
    g_assert_cmpuint(dev_read(rtc, IRQ_ENABLED, 4), ==, 0);
    rtc_teardown();
}

static void test_bad_access(void)
{
    rtc_setup();
    g_assert_cmpuint(dev_read(rtc, 0x20, 4), ==, 0);
    dev_write(rtc, 0x20, 1, 4);
    dev_write(rtc, IRQ_ENABLED, 1, 1);      /* wrong size: refused */
    g_assert_cmpuint(dev_read(rtc, IRQ_ENABLED, 4), ==, 0);
    dev_read(rtc, 0x1000, 4);
    g_assert_false(object_property_get_bool(OBJECT(rtc), "big-endian",
                                            &error_abort));
    rtc_teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/goldfish-rtc/time", test_time);
    g_test_add_func("/goldfish-rtc/alarm", test_alarm);
    g_test_add_func("/goldfish-rtc/clear-alarm", test_clear_alarm);
    g_test_add_func("/goldfish-rtc/bad-access", test_bad_access);
    return g_test_run();
}
