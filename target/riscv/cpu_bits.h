/*
 * RISC-V architectural constants: CSR numbers and register fields.
 * Values are those of the RISC-V privileged and unprivileged specifications.
 */
#ifndef RISCV_CPU_BITS_H
#define RISCV_CPU_BITS_H

/* Privilege levels */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* Unprivileged CSRs */
#define CSR_FFLAGS          0x001
#define CSR_FRM             0x002
#define CSR_FCSR            0x003
#define CSR_CYCLE           0xc00
#define CSR_TIME            0xc01
#define CSR_INSTRET         0xc02
#define CSR_HPMCOUNTER3     0xc03
#define CSR_HPMCOUNTER31    0xc1f
#define CSR_CYCLEH          0xc80
#define CSR_TIMEH           0xc81
#define CSR_INSTRETH        0xc82
#define CSR_HPMCOUNTER3H    0xc83
#define CSR_HPMCOUNTER31H   0xc9f

/* Supervisor CSRs */
#define CSR_SSTATUS         0x100
#define CSR_SIE             0x104
#define CSR_STVEC           0x105
#define CSR_SCOUNTEREN      0x106
#define CSR_SENVCFG         0x10a
#define CSR_SSCRATCH        0x140
#define CSR_SEPC            0x141
#define CSR_SCAUSE          0x142
#define CSR_STVAL           0x143
#define CSR_SIP             0x144
#define CSR_STIMECMP        0x14d
#define CSR_STIMECMPH       0x15d
#define CSR_SATP            0x180

/* Machine CSRs */
#define CSR_MVENDORID       0xf11
#define CSR_MARCHID         0xf12
#define CSR_MIMPID          0xf13
#define CSR_MHARTID         0xf14
#define CSR_MCONFIGPTR      0xf15
/* lowRISC Ibex custom M-mode CSRs */
#define CSR_IBEX_CPUCTRL    0x7c0
#define CSR_IBEX_SECURESEED 0x7c1
#define CSR_MSTATUS         0x300
#define CSR_MISA            0x301
#define CSR_MEDELEG         0x302
#define CSR_MIDELEG         0x303
#define CSR_MIE             0x304
#define CSR_MTVEC           0x305
#define CSR_MCOUNTEREN      0x306
#define CSR_MENVCFG         0x30a
#define CSR_MSTATUSH        0x310
#define CSR_MENVCFGH        0x31a
#define CSR_MCOUNTINHIBIT   0x320
#define CSR_MHPMEVENT3      0x323
#define CSR_MHPMEVENT31     0x33f
#define CSR_MSCRATCH        0x340
#define CSR_MEPC            0x341
#define CSR_MCAUSE          0x342
#define CSR_MTVAL           0x343
#define CSR_MIP             0x344
#define CSR_PMPCFG0         0x3a0
#define CSR_PMPCFG15        0x3af
#define CSR_PMPADDR0        0x3b0
#define CSR_PMPADDR63       0x3ef
#define CSR_MSECCFG         0x747
#define CSR_MSECCFGH        0x757
#define CSR_MCYCLE          0xb00
#define CSR_MINSTRET        0xb02
#define CSR_MHPMCOUNTER3    0xb03
#define CSR_MHPMCOUNTER31   0xb1f
#define CSR_MCYCLEH         0xb80
#define CSR_MINSTRETH       0xb82
#define CSR_MHPMCOUNTER3H   0xb83
#define CSR_MHPMCOUNTER31H  0xb9f

/* mstatus fields */
#define MSTATUS_SIE         0x00000002ULL
#define MSTATUS_MIE         0x00000008ULL
#define MSTATUS_SPIE        0x00000020ULL
#define MSTATUS_UBE         0x00000040ULL
#define MSTATUS_MPIE        0x00000080ULL
#define MSTATUS_SPP         0x00000100ULL
#define MSTATUS_VS          0x00000600ULL
#define MSTATUS_MPP         0x00001800ULL
#define MSTATUS_FS          0x00006000ULL
#define MSTATUS_XS          0x00018000ULL
#define MSTATUS_MPRV        0x00020000ULL
#define MSTATUS_SUM         0x00040000ULL
#define MSTATUS_MXR         0x00080000ULL
#define MSTATUS_TVM         0x00100000ULL
#define MSTATUS_TW          0x00200000ULL
#define MSTATUS_TSR         0x00400000ULL
#define MSTATUS_UXL         0x0000000300000000ULL
#define MSTATUS_SXL         0x0000000C00000000ULL
#define MSTATUS32_SD        0x80000000ULL
#define MSTATUS64_SD        0x8000000000000000ULL
#define MSTATUS_MPP_SHIFT   11
#define MSTATUS_FS_SHIFT    13

/* Floating-point unit state in mstatus.FS */
#define EXT_STATUS_OFF      0
#define EXT_STATUS_INITIAL  1
#define EXT_STATUS_CLEAN    2
#define EXT_STATUS_DIRTY    3

/* Interrupt numbers and mip/mie bits */
#define IRQ_S_SOFT          1
#define IRQ_M_SOFT          3
#define IRQ_S_TIMER         5
#define IRQ_M_TIMER         7
#define IRQ_S_EXT           9
#define IRQ_M_EXT           11
#define IRQ_LOCAL_MAX       16

#define MIP_SSIP            (1ULL << IRQ_S_SOFT)
#define MIP_MSIP            (1ULL << IRQ_M_SOFT)
#define MIP_STIP            (1ULL << IRQ_S_TIMER)
#define MIP_MTIP            (1ULL << IRQ_M_TIMER)
#define MIP_SEIP            (1ULL << IRQ_S_EXT)
#define MIP_MEIP            (1ULL << IRQ_M_EXT)

#define S_MODE_INTERRUPTS   (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define M_MODE_INTERRUPTS   (MIP_MSIP | MIP_MTIP | MIP_MEIP)

/* Exception causes */
typedef enum RISCVException {
    RISCV_EXCP_NONE = -1,
    RISCV_EXCP_INST_ADDR_MIS = 0x0,
    RISCV_EXCP_INST_ACCESS_FAULT = 0x1,
    RISCV_EXCP_ILLEGAL_INST = 0x2,
    RISCV_EXCP_BREAKPOINT = 0x3,
    RISCV_EXCP_LOAD_ADDR_MIS = 0x4,
    RISCV_EXCP_LOAD_ACCESS_FAULT = 0x5,
    RISCV_EXCP_STORE_AMO_ADDR_MIS = 0x6,
    RISCV_EXCP_STORE_AMO_ACCESS_FAULT = 0x7,
    RISCV_EXCP_U_ECALL = 0x8,
    RISCV_EXCP_S_ECALL = 0x9,
    RISCV_EXCP_M_ECALL = 0xb,
    RISCV_EXCP_INST_PAGE_FAULT = 0xc,
    RISCV_EXCP_LOAD_PAGE_FAULT = 0xd,
    RISCV_EXCP_STORE_PAGE_FAULT = 0xf,
} RISCVException;

/* medeleg: every exception but an M-mode ecall may be delegated */
#define DELEGABLE_EXCPS ((1ULL << RISCV_EXCP_INST_ADDR_MIS) | \
                         (1ULL << RISCV_EXCP_INST_ACCESS_FAULT) | \
                         (1ULL << RISCV_EXCP_ILLEGAL_INST) | \
                         (1ULL << RISCV_EXCP_BREAKPOINT) | \
                         (1ULL << RISCV_EXCP_LOAD_ADDR_MIS) | \
                         (1ULL << RISCV_EXCP_LOAD_ACCESS_FAULT) | \
                         (1ULL << RISCV_EXCP_STORE_AMO_ADDR_MIS) | \
                         (1ULL << RISCV_EXCP_STORE_AMO_ACCESS_FAULT) | \
                         (1ULL << RISCV_EXCP_U_ECALL) | \
                         (1ULL << RISCV_EXCP_S_ECALL) | \
                         (1ULL << RISCV_EXCP_INST_PAGE_FAULT) | \
                         (1ULL << RISCV_EXCP_LOAD_PAGE_FAULT) | \
                         (1ULL << RISCV_EXCP_STORE_PAGE_FAULT))

/* counteren bits */
#define COUNTEREN_CY        (1U << 0)
#define COUNTEREN_TM        (1U << 1)
#define COUNTEREN_IR        (1U << 2)

/* menvcfg */
#define MENVCFG_FIOM        (1ULL << 0)
#define MENVCFG_CBIE        (3ULL << 4)
#define MENVCFG_CBCFE       (1ULL << 6)
#define MENVCFG_CBZE        (1ULL << 7)
#define MENVCFG_PBMTE       (1ULL << 62)
#define MENVCFG_STCE        (1ULL << 63)
#define SENVCFG_FIOM        (1ULL << 0)

/* satp */
#define SATP32_MODE         0x80000000ULL
#define SATP32_ASID         0x7fc00000ULL
#define SATP32_PPN          0x003fffffULL
#define SATP64_MODE         0xF000000000000000ULL
#define SATP64_ASID         0x0FFFF00000000000ULL
#define SATP64_PPN          0x00000FFFFFFFFFFFULL

#define VM_1_10_MBARE       0
#define VM_1_10_SV32        1
#define VM_1_10_SV39        8
#define VM_1_10_SV48        9
#define VM_1_10_SV57        10

/* Page table entry bits */
#define PTE_V               0x001
#define PTE_R               0x002
#define PTE_W               0x004
#define PTE_X               0x008
#define PTE_U               0x010
#define PTE_G               0x020
#define PTE_A               0x040
#define PTE_D               0x080
#define PTE_PPN_SHIFT       10
#define PTE_RESERVED64      0xFFC0000000000000ULL

/* PMP configuration byte */
#define PMP_READ            0x01
#define PMP_WRITE           0x02
#define PMP_EXEC            0x04
#define PMP_AMATCH          0x18
#define PMP_AMATCH_SHIFT    3
#define PMP_LOCK            0x80

#define PMP_AMATCH_OFF      0
#define PMP_AMATCH_TOR      1
#define PMP_AMATCH_NA4      2
#define PMP_AMATCH_NAPOT    3

#endif
