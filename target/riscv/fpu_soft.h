/*
 * IEEE 754 binary32/binary64 arithmetic in software with the RISC-V
 * rules: canonical NaN results, tininess detected after rounding, the
 * five RISC-V rounding modes (including round-to-nearest-max-magnitude)
 * and the RISC-V accrued exception flags.
 *
 * Values travel as raw bit patterns in uint64_t (binary32 in the low 32
 * bits).  Every function ORs the exceptions it raises into *flags.
 */
#ifndef RISCV_FPU_SOFT_H
#define RISCV_FPU_SOFT_H

/* Rounding modes, numbered as the rm field and frm */
enum {
    RISCV_FRM_RNE = 0,
    RISCV_FRM_RTZ = 1,
    RISCV_FRM_RDN = 2,
    RISCV_FRM_RUP = 3,
    RISCV_FRM_RMM = 4,
    RISCV_FRM_DYN = 7,
};

/* fflags bits */
#define FFLAG_NX 0x01   /* inexact */
#define FFLAG_UF 0x02   /* underflow */
#define FFLAG_OF 0x04   /* overflow */
#define FFLAG_DZ 0x08   /* divide by zero */
#define FFLAG_NV 0x10   /* invalid operation */

#define F32_CANON_NAN 0x7fc00000ULL
#define F64_CANON_NAN 0x7ff8000000000000ULL

/* Floating-point format: false for binary32, true for binary64 */
typedef bool SFFmt;
#define SF_F32 false
#define SF_F64 true

/* a + b (b negated first if @sub) rounded per @rm. */
uint64_t sf_add(SFFmt f, uint64_t a, uint64_t b, bool sub, int rm,
                uint32_t *flags);
/* a * b */
uint64_t sf_mul(SFFmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags);
/* a / b */
uint64_t sf_div(SFFmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags);
/* sqrt(a) */
uint64_t sf_sqrt(SFFmt f, uint64_t a, int rm, uint32_t *flags);
/*
 * (a * b) + c with one rounding; @neg_prod negates the product and
 * @neg_c the addend (FMSUB, FNMSUB, FNMADD).
 */
uint64_t sf_fma(SFFmt f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                bool neg_c, int rm, uint32_t *flags);
/* IEEE 754-2019 minimumNumber / maximumNumber (-0 < +0). */
uint64_t sf_minmax(SFFmt f, uint64_t a, uint64_t b, bool max,
                   uint32_t *flags);
/* a == b (quiet: NV only for signaling NaNs) */
bool sf_eq(SFFmt f, uint64_t a, uint64_t b, uint32_t *flags);
/* a < b, or a <= b if @le (signaling: NV for any NaN) */
bool sf_lt(SFFmt f, uint64_t a, uint64_t b, bool le, uint32_t *flags);
/* The 10-bit FCLASS mask of a */
uint64_t sf_class(SFFmt f, uint64_t a);
/*
 * a converted to a @bits-bit (32 or 64) integer, signed if @is_signed,
 * with the RISC-V saturation rules; returned as the integer's value
 * (sign-extended to 64 bits when signed and bits == 32).
 */
uint64_t sf_to_int(SFFmt f, uint64_t a, int bits, bool is_signed, int rm,
                   uint32_t *flags);
/* The integer -mag (if @neg) or mag, rounded to format @f. */
uint64_t sf_from_int(SFFmt f, bool neg, uint64_t mag, int rm,
                     uint32_t *flags);
/* a in format @from converted to format @to. */
uint64_t sf_convert(SFFmt from, SFFmt to, uint64_t a, int rm,
                    uint32_t *flags);

#endif
