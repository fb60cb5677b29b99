/*
 * Ibex start-up: the vector table at the boot address (0x8000; Ibex's
 * mtvec is always vectored), the reset entry at boot address + 0x80.
 */
    .section .vectors, "ax"
    .option norvc
    .globl _vectors
_vectors:
    .rept 11
    j trap_entry                    /* exceptions, software, timer */
    .endr
    j irq_entry                     /* 11: machine external interrupt */
    .rept 20
    j trap_entry
    .endr

    /* boot address + 0x80 */
    .globl _reset
_reset:
    la sp, __stack_top
    /* .data from its load address in ROM, .bss to zero */
    la t0, __data_load
    la t1, __data_start
    la t2, __data_end
1:  bgeu t1, t2, 2f
    lw t3, 0(t0)
    sw t3, 0(t1)
    addi t0, t0, 4
    addi t1, t1, 4
    j 1b
2:  la t1, __bss_start
    la t2, __bss_end
3:  bgeu t1, t2, 4f
    sw zero, 0(t1)
    addi t1, t1, 4
    j 3b
4:  call main
5:  wfi
    j 5b

/* Save the caller-saved registers around a C handler */
.macro SAVE_CALL handler
    addi sp, sp, -64
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    call \handler
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, 64
    mret
.endm

    .text
irq_entry:
    SAVE_CALL irq_handler
trap_entry:
    SAVE_CALL trap_handler
