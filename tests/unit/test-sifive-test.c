/*
 * SiFive test finisher: pass, fail with a code, reset; each in a child
 * process, checked by its exit status.
 */
#include "qemu/osdep.h"
#include <sys/wait.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/misc/sifive_test.h"
#include "system/runstate.h"
#include "dev-test-util.h"

#define RESET_SEEN_STATUS 42

static void reset_handler(void *opaque)
{
    _exit(RESET_SEEN_STATUS);
}

/*
 * In a child: create the device, write @val (@size bytes) at @addr,
 * then run the main loop as the emulator would; return the child's
 * exit status.
 */
static int run_child(hwaddr addr, uint64_t val, unsigned size)
{
    int status;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        DeviceState *dev = qdev_new(TYPE_SIFIVE_TEST);

        sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
        qemu_register_reset(reset_handler, NULL);
        dev_write(SYS_BUS_DEVICE(dev), addr, val, size);
        g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(dev), 0, 4), ==, 0);
        _exit(qemu_main_loop() + 100);
    }
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void test_pass(void)
{
    /* A shutdown request; the main loop ends with status 0 */
    g_assert_cmpint(run_child(0, FINISHER_PASS, 4), ==, 100);
    /* The code is ignored on pass */
    g_assert_cmpint(run_child(0, (7 << 16) | FINISHER_PASS, 4), ==, 100);
}

static void test_fail(void)
{
    /* The main loop ends with the guest's code as exit status */
    g_assert_cmpint(run_child(0, (3 << 16) | FINISHER_FAIL, 4), ==, 103);
    g_assert_cmpint(run_child(0, (0x7f << 16) | FINISHER_FAIL, 4), ==,
                    0x7f + 100);
}

static void test_reset(void)
{
    g_assert_cmpint(run_child(0, FINISHER_RESET, 4), ==,
                    RESET_SEEN_STATUS);
}

static void test_bad_writes(void)
{
    DeviceState *dev = qdev_new(TYPE_SIFIVE_TEST);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(sbd, &error_abort);
    /* Unknown status, other offsets, bad sizes: ignored */
    dev_write(sbd, 0, 0x1234, 4);
    dev_write(sbd, 4, FINISHER_FAIL, 4);
    dev_write(sbd, 0, FINISHER_FAIL, 1);
    dev_write(sbd, 0, FINISHER_FAIL, 8);
    dev_write(sbd, 0x2000, FINISHER_FAIL, 4);
    g_assert_cmpuint(dev_read(sbd, 0, 4), ==, 0);
    object_unparent(OBJECT(dev));
}

static void test_create(void)
{
    DeviceState *dev = sifive_test_create(0x100000);

    g_assert_true(memory_region_is_mapped(
                      sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 0)));
    g_assert_cmpuint(memory_region_size(
                         sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 0)),
                     ==, SIFIVE_TEST_SIZE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/sifive-test/pass", test_pass);
    g_test_add_func("/sifive-test/fail", test_fail);
    g_test_add_func("/sifive-test/reset", test_reset);
    g_test_add_func("/sifive-test/bad-writes", test_bad_writes);
    g_test_add_func("/sifive-test/create", test_create);
    return g_test_run();
}
