/*
 * Entry, trap vectors and privilege-mode switching for the guest tests.
 * Entered in M-mode at the ELF entry with a0 = hartid, a1 = device tree.
 */
#if __riscv_xlen == 64
#define SREG sd
#define LREG ld
#define REGBYTES 8
#define LOG_REGBYTES 3
#else
#define SREG sw
#define LREG lw
#define REGBYTES 4
#define LOG_REGBYTES 2
#endif

#define MAX_HARTS       8
#define STACK_SIZE      0x4000
#define TRAP_STACK_SIZE 0x1000
#define FRAME_SIZE      (36 * REGBYTES)
#define CLINT_BASE      0x2000000
#define ECALL_LEAVE_MODE 0x4c454156   /* checked by trap_dispatch */

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    csrr s0, mhartid
    li t0, MAX_HARTS
    bgeu s0, t0, park_forever

    /* per-hart stacks: normal, M-mode trap, S-mode trap */
    slli t1, s0, 14                 /* hartid * STACK_SIZE */
    la sp, __stacks_end
    sub sp, sp, t1
    slli t1, s0, 12                 /* hartid * TRAP_STACK_SIZE */
    la t0, __mtrap_stacks_end
    sub t0, t0, t1
    csrw mscratch, t0
    la t0, __strap_stacks_end
    sub t0, t0, t1
    csrw sscratch, t0

    la t0, m_trap_entry
    csrw mtvec, t0
    la t0, s_trap_entry
    csrw stvec, t0
    csrw mie, zero

#ifdef __riscv_flen
    li t0, (1 << 13)                /* mstatus.FS = Initial */
    csrs mstatus, t0
    csrw fcsr, zero
#endif
    bnez s0, park

    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sb zero, 0(t0)
    addi t0, t0, 1
    j 1b
2:
    la t0, boot_dtb                 /* after the clear: it is in .bss */
    SREG a1, 0(t0)
    call main
    call guest_exit
    j park_forever

    /* Secondary harts: sleep until hart 0 posts a function and an IPI */
park:
    li t0, (1 << 3)                 /* mie.MSIE, wakes WFI (MIE stays 0) */
    csrw mie, t0
1:  wfi
    li t1, CLINT_BASE
    slli t2, s0, 2
    add t1, t1, t2
    sw zero, 0(t1)
    la t1, hart_entry
    slli t2, s0, LOG_REGBYTES
    add t1, t1, t2
    LREG t3, 0(t1)
    beqz t3, 1b
    SREG zero, 0(t1)
    fence
    mv a0, s0
    jalr t3
    j 1b

park_forever:
    wfi
    j park_forever

/* One trap vector per mode; both call trap_dispatch(frame, mode). */
.macro TRAP_VECTOR name, scratch, cause, epc, tval, status, mode, xret
    .balign 4
    .globl \name
\name:
    csrrw sp, \scratch, sp
    addi sp, sp, -FRAME_SIZE
    SREG x1, 1 * REGBYTES(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
    SREG x\n, \n * REGBYTES(sp)
    .endr
    .irp n, 18,19,20,21,22,23,24,25,26,27,28,29,30,31
    SREG x\n, \n * REGBYTES(sp)
    .endr
    csrr t0, \scratch
    SREG t0, 2 * REGBYTES(sp)
    SREG zero, 0(sp)
    csrr t0, \cause
    SREG t0, 32 * REGBYTES(sp)
    csrr t0, \epc
    SREG t0, 33 * REGBYTES(sp)
    csrr t0, \tval
    SREG t0, 34 * REGBYTES(sp)
    csrr t0, \status
    SREG t0, 35 * REGBYTES(sp)
    mv a0, sp
    li a1, \mode
    call trap_dispatch
    bnez a0, mode_return
    LREG t0, 33 * REGBYTES(sp)
    csrw \epc, t0
    LREG t0, 35 * REGBYTES(sp)
    csrw \status, t0
    addi t0, sp, FRAME_SIZE
    csrw \scratch, t0
    LREG x1, 1 * REGBYTES(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
    LREG x\n, \n * REGBYTES(sp)
    .endr
    .irp n, 18,19,20,21,22,23,24,25,26,27,28,29,30,31
    LREG x\n, \n * REGBYTES(sp)
    .endr
    LREG sp, 2 * REGBYTES(sp)
    \xret
.endm

    .text
    TRAP_VECTOR m_trap_entry, mscratch, mcause, mepc, mtval, mstatus, 3, mret
    TRAP_VECTOR s_trap_entry, sscratch, scause, sepc, stval, sstatus, 1, sret

/*
 * long run_in_mode(int mode, long (*fn)(long), long arg)
 * Saves the callee-saved state, mret's into fn in the given mode with
 * ra = a stub that ecalls back; trap_dispatch then returns 1 and
 * mode_return resumes here.
 */
    .globl run_in_mode
run_in_mode:
    addi sp, sp, -16 * REGBYTES
    SREG ra, 0(sp)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    SREG s\n, (\n + 1) * REGBYTES(sp)
    .endr
    csrr t0, mstatus
    SREG t0, 13 * REGBYTES(sp)
    la t0, run_saved_sp
    SREG sp, 0(t0)
    li t0, (3 << 11)
    csrc mstatus, t0
    andi a0, a0, 3
    slli t0, a0, 11
    csrs mstatus, t0
    csrw mepc, a1
    mv a0, a2
    la ra, leave_mode
    mret

    .balign 4
    .globl leave_mode
leave_mode:
    li a7, ECALL_LEAVE_MODE
    ecall
1:  j 1b

mode_return:
    LREG a0, 10 * REGBYTES(sp)
    csrr t1, mhartid
    slli t1, t1, 12
    la t0, __mtrap_stacks_end
    sub t0, t0, t1
    csrw mscratch, t0
    la t0, __strap_stacks_end
    sub t0, t0, t1
    csrw sscratch, t0
    la t0, run_saved_sp
    LREG sp, 0(t0)
    LREG t0, 13 * REGBYTES(sp)
    csrw mstatus, t0
    LREG ra, 0(sp)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    LREG s\n, (\n + 1) * REGBYTES(sp)
    .endr
    addi sp, sp, 16 * REGBYTES
    ret

    .bss
    .balign REGBYTES
    .globl hart_entry, boot_dtb
hart_entry:
    .space MAX_HARTS * REGBYTES
boot_dtb:
    .space REGBYTES
run_saved_sp:
    .space REGBYTES

    .section .stacks, "aw", @nobits
    .balign 16
    .space MAX_HARTS * STACK_SIZE
    .globl __stacks_end
__stacks_end:
    .space MAX_HARTS * TRAP_STACK_SIZE
    .globl __mtrap_stacks_end
__mtrap_stacks_end:
    .space MAX_HARTS * TRAP_STACK_SIZE
    .globl __strap_stacks_end
__strap_stacks_end:
