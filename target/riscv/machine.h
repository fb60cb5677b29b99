/*
 * RISC-V CPU migration state (target/riscv/machine.c).
 */
#ifndef RISCV_MACHINE_H
#define RISCV_MACHINE_H

#include "migration/vmstate.h"

/* The "cpu" section of one hart (dc->vmsd of the RISC-V CPU types). */
extern const VMStateDescription vmstate_riscv_cpu;

#endif
