/*
 * The emulator's entry points and what start-up exposes to boards.
 */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

typedef struct Chardev Chardev;

/**
 * qemu_init: parse the command line and start the VM, walking the
 * start-up phases; exits with status 1 and a message on bad input.
 * @target_arch: "riscv64" or "riscv32".
 */
void qemu_init(const char *target_arch, int argc, char **argv);

/** qemu_cleanup: release what qemu_init set up, before exit. */
void qemu_cleanup(int status);

/** serial_hd: the chardev of serial port @i (-serial), or NULL. */
Chardev *serial_hd(int i);

#endif
