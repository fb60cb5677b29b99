/*
 * Which target this binary emulates.
 */
#ifndef SYSTEM_ARCH_H
#define SYSTEM_ARCH_H

/** target_name: "riscv64" or "riscv32", from the binary's name. */
const char *target_name(void);

/** target_long_bits: 64 or 32. */
int target_long_bits(void);

#endif
