/*
 * qemu-system-<target>: the program.
 */
#include "qemu/osdep.h"
#include "system/runstate.h"
#include "system/system.h"

int main(int argc, char **argv)
{
    int status;

    qemu_init(TARGET_NAME, argc, argv);
    status = qemu_main_loop();
    qemu_cleanup(status);
    return status;
}
