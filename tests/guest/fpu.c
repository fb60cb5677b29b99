/*
 * F and D extensions: arithmetic in every rounding mode (dynamic through
 * frm and static in the instruction), the exception flags each operation
 * raises, NaN boxing of single values in the 64-bit registers, the
 * canonical NaN, min/max/compare/classify, conversions at their limits,
 * fcsr layout, reserved rounding modes and mstatus.FS.
 */
#include "guest.h"

const char *guest_prog_name = "fpu";

enum { RNE, RTZ, RDN, RUP, RMM };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

enum Op {
    FADD_S, FSUB_S, FMUL_S, FDIV_S, FSQRT_S, FMIN_S, FMAX_S,
    FMADD_S, FMSUB_S, FNMADD_S, FNMSUB_S,
    FEQ_S, FLT_S, FLE_S, FCLASS_S,
    FCVT_W_S, FCVT_WU_S, FCVT_L_S, FCVT_LU_S,
    FCVT_S_W, FCVT_S_WU, FCVT_S_L, FCVT_S_LU,
    FADD_D, FSUB_D, FMUL_D, FDIV_D, FSQRT_D, FMIN_D, FMAX_D,
    FMADD_D, FMSUB_D, FNMADD_D, FNMSUB_D,
    FEQ_D, FLT_D, FLE_D, FCLASS_D,
    FCVT_W_D, FCVT_WU_D, FCVT_L_D, FCVT_LU_D,
    FCVT_D_W, FCVT_D_WU, FCVT_D_L, FCVT_D_LU,
    FCVT_S_D, FCVT_D_S,
};

static const char *const op_names[] = {
    "fadd.s", "fsub.s", "fmul.s", "fdiv.s", "fsqrt.s", "fmin.s", "fmax.s",
    "fmadd.s", "fmsub.s", "fnmadd.s", "fnmsub.s",
    "feq.s", "flt.s", "fle.s", "fclass.s",
    "fcvt.w.s", "fcvt.wu.s", "fcvt.l.s", "fcvt.lu.s",
    "fcvt.s.w", "fcvt.s.wu", "fcvt.s.l", "fcvt.s.lu",
    "fadd.d", "fsub.d", "fmul.d", "fdiv.d", "fsqrt.d", "fmin.d", "fmax.d",
    "fmadd.d", "fmsub.d", "fnmadd.d", "fnmsub.d",
    "feq.d", "flt.d", "fle.d", "fclass.d",
    "fcvt.w.d", "fcvt.wu.d", "fcvt.l.d", "fcvt.lu.d",
    "fcvt.d.w", "fcvt.d.wu", "fcvt.d.l", "fcvt.d.lu",
    "fcvt.s.d", "fcvt.d.s",
};

/* single inputs are NaN-boxed by fmv.w.x; all FP results read as 64 bits */
#define IN_S "fmv.w.x ft0, %1\n fmv.w.x ft1, %2\n fmv.w.x ft2, %3\n"
#define IN_D "fmv.d.x ft0, %1\n fmv.d.x ft1, %2\n fmv.d.x ft2, %3\n"
#define F_OUT(in, insn) asm volatile(in insn "\n fmv.x.d %0, ft3" : "=r"(r) \
    : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3")
#define I_OUT(in, insn) asm volatile(in insn : "=r"(r) \
    : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3")
#define FROM_I(insn) asm volatile(insn " ft3, %1\n fmv.x.d %0, ft3" \
    : "=r"(r) : "r"(a) : "ft3")

static uint64_t exec(enum Op op, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t r = 0;

    switch (op) {
    case FADD_S: F_OUT(IN_S, "fadd.s ft3, ft0, ft1"); break;
    case FSUB_S: F_OUT(IN_S, "fsub.s ft3, ft0, ft1"); break;
    case FMUL_S: F_OUT(IN_S, "fmul.s ft3, ft0, ft1"); break;
    case FDIV_S: F_OUT(IN_S, "fdiv.s ft3, ft0, ft1"); break;
    case FSQRT_S: F_OUT(IN_S, "fsqrt.s ft3, ft0"); break;
    case FMIN_S: F_OUT(IN_S, "fmin.s ft3, ft0, ft1"); break;
    case FMAX_S: F_OUT(IN_S, "fmax.s ft3, ft0, ft1"); break;
    case FMADD_S: F_OUT(IN_S, "fmadd.s ft3, ft0, ft1, ft2"); break;
    case FMSUB_S: F_OUT(IN_S, "fmsub.s ft3, ft0, ft1, ft2"); break;
    case FNMADD_S: F_OUT(IN_S, "fnmadd.s ft3, ft0, ft1, ft2"); break;
    case FNMSUB_S: F_OUT(IN_S, "fnmsub.s ft3, ft0, ft1, ft2"); break;
    case FEQ_S: I_OUT(IN_S, "feq.s %0, ft0, ft1"); break;
    case FLT_S: I_OUT(IN_S, "flt.s %0, ft0, ft1"); break;
    case FLE_S: I_OUT(IN_S, "fle.s %0, ft0, ft1"); break;
    case FCLASS_S: I_OUT(IN_S, "fclass.s %0, ft0"); break;
    case FCVT_W_S: I_OUT(IN_S, "fcvt.w.s %0, ft0"); break;
    case FCVT_WU_S: I_OUT(IN_S, "fcvt.wu.s %0, ft0"); break;
    case FCVT_L_S: I_OUT(IN_S, "fcvt.l.s %0, ft0"); break;
    case FCVT_LU_S: I_OUT(IN_S, "fcvt.lu.s %0, ft0"); break;
    case FCVT_S_W: FROM_I("fcvt.s.w"); break;
    case FCVT_S_WU: FROM_I("fcvt.s.wu"); break;
    case FCVT_S_L: FROM_I("fcvt.s.l"); break;
    case FCVT_S_LU: FROM_I("fcvt.s.lu"); break;
    case FADD_D: F_OUT(IN_D, "fadd.d ft3, ft0, ft1"); break;
    case FSUB_D: F_OUT(IN_D, "fsub.d ft3, ft0, ft1"); break;
    case FMUL_D: F_OUT(IN_D, "fmul.d ft3, ft0, ft1"); break;
    case FDIV_D: F_OUT(IN_D, "fdiv.d ft3, ft0, ft1"); break;
    case FSQRT_D: F_OUT(IN_D, "fsqrt.d ft3, ft0"); break;
    case FMIN_D: F_OUT(IN_D, "fmin.d ft3, ft0, ft1"); break;
    case FMAX_D: F_OUT(IN_D, "fmax.d ft3, ft0, ft1"); break;
    case FMADD_D: F_OUT(IN_D, "fmadd.d ft3, ft0, ft1, ft2"); break;
    case FMSUB_D: F_OUT(IN_D, "fmsub.d ft3, ft0, ft1, ft2"); break;
    case FNMADD_D: F_OUT(IN_D, "fnmadd.d ft3, ft0, ft1, ft2"); break;
    case FNMSUB_D: F_OUT(IN_D, "fnmsub.d ft3, ft0, ft1, ft2"); break;
    case FEQ_D: I_OUT(IN_D, "feq.d %0, ft0, ft1"); break;
    case FLT_D: I_OUT(IN_D, "flt.d %0, ft0, ft1"); break;
    case FLE_D: I_OUT(IN_D, "fle.d %0, ft0, ft1"); break;
    case FCLASS_D: I_OUT(IN_D, "fclass.d %0, ft0"); break;
    case FCVT_W_D: I_OUT(IN_D, "fcvt.w.d %0, ft0"); break;
    case FCVT_WU_D: I_OUT(IN_D, "fcvt.wu.d %0, ft0"); break;
    case FCVT_L_D: I_OUT(IN_D, "fcvt.l.d %0, ft0"); break;
    case FCVT_LU_D: I_OUT(IN_D, "fcvt.lu.d %0, ft0"); break;
    case FCVT_D_W: FROM_I("fcvt.d.w"); break;
    case FCVT_D_WU: FROM_I("fcvt.d.wu"); break;
    case FCVT_D_L: FROM_I("fcvt.d.l"); break;
    case FCVT_D_LU: FROM_I("fcvt.d.lu"); break;
    case FCVT_S_D: F_OUT(IN_D, "fcvt.s.d ft3, ft0"); break;
    case FCVT_D_S: F_OUT(IN_S, "fcvt.d.s ft3, ft0"); break;
    }
    return r;
}

static bool single_result(enum Op op)
{
    return op <= FNMSUB_S ||
           (op >= FCVT_S_W && op <= FCVT_S_LU) || op == FCVT_S_D;
}

struct FCase {
    enum Op op;
    int rm;
    uint64_t a, b, c;
    uint64_t expect;        /* single results: the 32 bits, boxing checked */
    unsigned flags;
};

/* singles */
#define S1   0x3f800000ULL       /* 1.0 */
#define S2   0x40000000ULL
#define S3   0x40400000ULL
#define SM1  0xbf800000ULL
#define SHALF 0x3f000000ULL
#define S25  0x40200000ULL      /* 2.5 */
#define SM25 0xc0200000ULL
#define SMAX 0x7f7fffffULL
#define SMIN_NORM 0x00800000ULL
#define SINF 0x7f800000ULL
#define SNINF 0xff800000ULL
#define SQNAN 0x7fc00000ULL
#define SSNAN 0x7f800001ULL
#define SPZ  0x00000000ULL
#define SNZ  0x80000000ULL
#define SULP 0x33800000ULL      /* 2^-24: half an ulp of 1.0 */
/* doubles */
#define D1   0x3ff0000000000000ULL
#define D2   0x4000000000000000ULL
#define D3   0x4008000000000000ULL
#define DM1  0xbff0000000000000ULL
#define DMAX 0x7fefffffffffffffULL
#define DINF 0x7ff0000000000000ULL
#define DNINF 0xfff0000000000000ULL
#define DQNAN 0x7ff8000000000000ULL
#define DSNAN 0x7ff0000000000001ULL
#define DHALFULP 0x3ca0000000000000ULL  /* 2^-53 */

static const struct FCase cases[] = {
    /* 1/3 in every mode */
    { FDIV_S, RNE, S1, S3, 0, 0x3eaaaaab, NX },
    { FDIV_S, RTZ, S1, S3, 0, 0x3eaaaaaa, NX },
    { FDIV_S, RDN, S1, S3, 0, 0x3eaaaaaa, NX },
    { FDIV_S, RUP, S1, S3, 0, 0x3eaaaaab, NX },
    { FDIV_S, RMM, S1, S3, 0, 0x3eaaaaab, NX },
    { FDIV_S, RNE, SM1, S3, 0, 0xbeaaaaab, NX },
    { FDIV_S, RTZ, SM1, S3, 0, 0xbeaaaaaa, NX },
    { FDIV_S, RDN, SM1, S3, 0, 0xbeaaaaab, NX },
    { FDIV_S, RUP, SM1, S3, 0, 0xbeaaaaaa, NX },
    { FDIV_S, RMM, SM1, S3, 0, 0xbeaaaaab, NX },
    /* exact ties: even vs away */
    { FADD_S, RNE, S1, SULP, 0, 0x3f800000, NX },
    { FADD_S, RMM, S1, SULP, 0, 0x3f800001, NX },
    { FADD_S, RUP, S1, SULP, 0, 0x3f800001, NX },
    { FADD_S, RDN, S1, SULP, 0, 0x3f800000, NX },
    { FADD_S, RTZ, S1, SULP, 0, 0x3f800000, NX },
    { FADD_S, RNE, 0x3f800001, SULP, 0, 0x3f800002, NX },
    { FSUB_S, RNE, SM1, SULP, 0, 0xbf800000, NX },
    { FSUB_S, RMM, SM1, SULP, 0, 0xbf800001, NX },
    { FSUB_S, RDN, SM1, SULP, 0, 0xbf800001, NX },
    { FSUB_S, RUP, SM1, SULP, 0, 0xbf800000, NX },
    { FADD_S, RNE, S1, S2, 0, 0x40400000, 0 },
    /* x - x is +0, except -0 when rounding down */
    { FSUB_S, RNE, S3, S3, 0, SPZ, 0 },
    { FSUB_S, RDN, S3, S3, 0, SNZ, 0 },
    /* overflow */
    { FMUL_S, RNE, SMAX, S2, 0, SINF, OF | NX },
    { FMUL_S, RTZ, SMAX, S2, 0, SMAX, OF | NX },
    { FMUL_S, RDN, SMAX, S2, 0, SMAX, OF | NX },
    { FMUL_S, RUP, SMAX, S2, 0, SINF, OF | NX },
    { FMUL_S, RMM, SMAX, S2, 0, SINF, OF | NX },
    { FMUL_S, RDN, SMAX | SNZ, S2, 0, SNINF, OF | NX },
    { FMUL_S, RUP, SMAX | SNZ, S2, 0, SMAX | SNZ, OF | NX },
    /* underflow: exact subnormal has no flag, inexact tiny has UF|NX */
    { FMUL_S, RNE, SMIN_NORM, SHALF, 0, 0x00400000, 0 },
    { FMUL_S, RNE, 0x00800001, SHALF, 0, 0x00400000, UF | NX },
    { FMUL_S, RUP, 0x00800001, SHALF, 0, 0x00400001, UF | NX },
    { FMUL_S, RNE, 0x00000001, SHALF, 0, SPZ, UF | NX },
    { FMUL_S, RMM, 0x00000001, SHALF, 0, 0x00000001, UF | NX },
    { FMUL_S, RDN, 0x80000001, SHALF, 0, 0x80000001, UF | NX },
    /* division by zero and invalid operations */
    { FDIV_S, RNE, S1, SPZ, 0, SINF, DZ },
    { FDIV_S, RNE, SM1, SPZ, 0, SNINF, DZ },
    { FDIV_S, RNE, S1, SNZ, 0, SNINF, DZ },
    { FDIV_S, RNE, SPZ, SPZ, 0, SQNAN, NV },
    { FDIV_S, RNE, SINF, SINF, 0, SQNAN, NV },
    { FSUB_S, RNE, SINF, SINF, 0, SQNAN, NV },
    { FMUL_S, RNE, SINF, SPZ, 0, SQNAN, NV },
    { FDIV_S, RNE, S1, SINF, 0, SPZ, 0 },
    { FSQRT_S, RNE, SM1, 0, 0, SQNAN, NV },
    { FSQRT_S, RNE, SNZ, 0, 0, SNZ, 0 },
    { FSQRT_S, RNE, 0x40800000, 0, 0, S2, 0 },
    { FSQRT_S, RNE, S2, 0, 0, 0x3fb504f3, NX },
    { FSQRT_S, RUP, S2, 0, 0, 0x3fb504f4, NX },
    { FSQRT_S, RNE, SINF, 0, 0, SINF, 0 },
    /* NaNs: signaling raise NV, result is always the canonical NaN */
    { FADD_S, RNE, SSNAN, S1, 0, SQNAN, NV },
    { FADD_S, RNE, 0x7fc12345, S1, 0, SQNAN, 0 },
    { FADD_S, RNE, 0xffc00000, S1, 0, SQNAN, 0 },
    { FMUL_S, RNE, S1, 0xff800123, 0, SQNAN, NV },
    { FSQRT_S, RNE, SSNAN, 0, 0, SQNAN, NV },
    /* min/max */
    { FMIN_S, RNE, SQNAN, S1, 0, S1, 0 },
    { FMAX_S, RNE, S1, SQNAN, 0, S1, 0 },
    { FMIN_S, RNE, SSNAN, S1, 0, S1, NV },
    { FMIN_S, RNE, SQNAN, SQNAN, 0, SQNAN, 0 },
    { FMAX_S, RNE, SSNAN, 0x7fc00001, 0, SQNAN, NV },
    { FMIN_S, RNE, SNZ, SPZ, 0, SNZ, 0 },
    { FMIN_S, RNE, SPZ, SNZ, 0, SNZ, 0 },
    { FMAX_S, RNE, SNZ, SPZ, 0, SPZ, 0 },
    { FMIN_S, RNE, SM1, S1, 0, SM1, 0 },
    { FMAX_S, RNE, SNINF, SM1, 0, SM1, 0 },
    /* compares: quiet feq, signaling flt/fle */
    { FEQ_S, RNE, S1, S1, 0, 1, 0 },
    { FEQ_S, RNE, SNZ, SPZ, 0, 1, 0 },
    { FEQ_S, RNE, SQNAN, SQNAN, 0, 0, 0 },
    { FEQ_S, RNE, SSNAN, S1, 0, 0, NV },
    { FLT_S, RNE, SQNAN, S1, 0, 0, NV },
    { FLE_S, RNE, S1, SQNAN, 0, 0, NV },
    { FLT_S, RNE, SM1, S1, 0, 1, 0 },
    { FLT_S, RNE, SNZ, SPZ, 0, 0, 0 },
    { FLE_S, RNE, SNZ, SPZ, 0, 1, 0 },
    { FLE_S, RNE, SINF, SINF, 0, 1, 0 },
    /* classify */
    { FCLASS_S, RNE, SNINF, 0, 0, 1 << 0, 0 },
    { FCLASS_S, RNE, SM1, 0, 0, 1 << 1, 0 },
    { FCLASS_S, RNE, 0x80000001, 0, 0, 1 << 2, 0 },
    { FCLASS_S, RNE, SNZ, 0, 0, 1 << 3, 0 },
    { FCLASS_S, RNE, SPZ, 0, 0, 1 << 4, 0 },
    { FCLASS_S, RNE, 0x007fffff, 0, 0, 1 << 5, 0 },
    { FCLASS_S, RNE, S1, 0, 0, 1 << 6, 0 },
    { FCLASS_S, RNE, SINF, 0, 0, 1 << 7, 0 },
    { FCLASS_S, RNE, SSNAN, 0, 0, 1 << 8, 0 },
    { FCLASS_S, RNE, SQNAN, 0, 0, 1 << 9, 0 },
    /* fused multiply-add signs and single rounding */
    { FMADD_S, RNE, S2, S3, S1, 0x40e00000, 0 },       /* 7 */
    { FMSUB_S, RNE, S2, S3, S1, 0x40a00000, 0 },       /* 5 */
    { FNMSUB_S, RNE, S2, S3, S1, 0xc0a00000, 0 },      /* -5 */
    { FNMADD_S, RNE, S2, S3, S1, 0xc0e00000, 0 },      /* -7 */
    { FMADD_S, RNE, SINF, SPZ, SQNAN, SQNAN, NV },
    { FMADD_S, RNE, SINF, S1, SNINF, SQNAN, NV },
    /* float -> int */
    { FCVT_W_S, RNE, S25, 0, 0, 2, NX },
    { FCVT_W_S, RTZ, S25, 0, 0, 2, NX },
    { FCVT_W_S, RDN, S25, 0, 0, 2, NX },
    { FCVT_W_S, RUP, S25, 0, 0, 3, NX },
    { FCVT_W_S, RMM, S25, 0, 0, 3, NX },
    { FCVT_W_S, RNE, SM25, 0, 0, -2ULL, NX },
    { FCVT_W_S, RTZ, SM25, 0, 0, -2ULL, NX },
    { FCVT_W_S, RDN, SM25, 0, 0, -3ULL, NX },
    { FCVT_W_S, RUP, SM25, 0, 0, -2ULL, NX },
    { FCVT_W_S, RMM, SM25, 0, 0, -3ULL, NX },
    { FCVT_W_S, RNE, SQNAN, 0, 0, 0x7fffffff, NV },
    { FCVT_W_S, RNE, 0xffc00000, 0, 0, 0x7fffffff, NV },
    { FCVT_W_S, RNE, SINF, 0, 0, 0x7fffffff, NV },
    { FCVT_W_S, RNE, SNINF, 0, 0, 0xffffffff80000000ULL, NV },
    { FCVT_W_S, RNE, 0x4f32d05e, 0, 0, 0x7fffffff, NV },     /* 3e9 */
    { FCVT_W_S, RNE, 0xcf000000, 0, 0, 0xffffffff80000000ULL, 0 },
    { FCVT_WU_S, RNE, SM1, 0, 0, 0, NV },
    { FCVT_WU_S, RTZ, 0xbf000000, 0, 0, 0, NX },            /* -0.5 */
    { FCVT_WU_S, RNE, SQNAN, 0, 0, -1ULL, NV },
    { FCVT_WU_S, RNE, 0x4f32d05e, 0, 0, 0xffffffffb2d05e00ULL, 0 },
    { FCVT_WU_S, RNE, 0x4f800000, 0, 0, -1ULL, NV },        /* 2^32 */
    { FCVT_L_S, RNE, 0xdf000000, 0, 0, 0x8000000000000000ULL, 0 },
    { FCVT_L_S, RNE, 0x5f000000, 0, 0, 0x7fffffffffffffffULL, NV },
    { FCVT_L_S, RNE, SQNAN, 0, 0, 0x7fffffffffffffffULL, NV },
    { FCVT_LU_S, RNE, SNINF, 0, 0, 0, NV },
    { FCVT_LU_S, RNE, 0x5f800000, 0, 0, -1ULL, NV },        /* 2^64 */
    { FCVT_LU_S, RUP, 0x3e800000, 0, 0, 1, NX },            /* 0.25 */
    /* int -> float */
    { FCVT_S_W, RNE, 0x7fffffff, 0, 0, 0x4f000000, NX },
    { FCVT_S_W, RTZ, 0x7fffffff, 0, 0, 0x4effffff, NX },
    { FCVT_S_W, RNE, 0x100000005ULL, 0, 0, 0x40a00000, 0 },  /* low bits */
    { FCVT_S_W, RNE, 0xffffffffULL, 0, 0, SM1, 0 },
    { FCVT_S_WU, RNE, 0xffffffffULL, 0, 0, 0x4f800000, NX },
    { FCVT_S_WU, RTZ, 0xffffffffULL, 0, 0, 0x4f7fffff, NX },
    { FCVT_S_L, RNE, 0x1000001, 0, 0, 0x4b800000, NX },
    { FCVT_S_L, RUP, 0x1000001, 0, 0, 0x4b800001, NX },
    { FCVT_S_L, RNE, 0x8000000000000000ULL, 0, 0, 0xdf000000, 0 },
    { FCVT_S_LU, RNE, -1ULL, 0, 0, 0x5f800000, NX },
    { FCVT_S_LU, RDN, -1ULL, 0, 0, 0x5f7fffff, NX },
    { FCVT_S_L, RNE, 0, 0, 0, SPZ, 0 },
    /* doubles */
    { FDIV_D, RNE, D1, D3, 0, 0x3fd5555555555555ULL, NX },
    { FDIV_D, RUP, D1, D3, 0, 0x3fd5555555555556ULL, NX },
    { FDIV_D, RTZ, DM1, D3, 0, 0xbfd5555555555555ULL, NX },
    { FDIV_D, RDN, DM1, D3, 0, 0xbfd5555555555556ULL, NX },
    { FADD_D, RNE, D1, DHALFULP, 0, D1, NX },
    { FADD_D, RMM, D1, DHALFULP, 0, 0x3ff0000000000001ULL, NX },
    { FADD_D, RNE, D1, D2, 0, D3, 0 },
    { FMUL_D, RNE, DMAX, D2, 0, DINF, OF | NX },
    { FMUL_D, RTZ, DMAX, D2, 0, DMAX, OF | NX },
    { FMUL_D, RNE, 0x0000000000000001ULL, 0x3fe0000000000000ULL, 0, 0,
      UF | NX },
    { FDIV_D, RNE, D1, 0, 0, DINF, DZ },
    { FDIV_D, RNE, 0, 0, 0, DQNAN, NV },
    { FSQRT_D, RNE, DM1, 0, 0, DQNAN, NV },
    { FSQRT_D, RNE, D2, 0, 0, 0x3ff6a09e667f3bcdULL, NX },
    { FADD_D, RNE, DSNAN, D1, 0, DQNAN, NV },
    { FADD_D, RNE, 0x7ff8000000012345ULL, D1, 0, DQNAN, 0 },
    { FMIN_D, RNE, DQNAN, D1, 0, D1, 0 },
    { FMAX_D, RNE, DSNAN, DM1, 0, DM1, NV },
    { FMIN_D, RNE, 0x8000000000000000ULL, 0, 0, 0x8000000000000000ULL, 0 },
    { FEQ_D, RNE, DSNAN, D1, 0, 0, NV },
    { FLT_D, RNE, DQNAN, D1, 0, 0, NV },
    { FLE_D, RNE, DM1, D1, 0, 1, 0 },
    { FCLASS_D, RNE, DNINF, 0, 0, 1 << 0, 0 },
    { FCLASS_D, RNE, 0x000fffffffffffffULL, 0, 0, 1 << 5, 0 },
    { FCLASS_D, RNE, DSNAN, 0, 0, 1 << 8, 0 },
    { FCLASS_D, RNE, DQNAN, 0, 0, 1 << 9, 0 },
    /* fused: 0.1 * 10 - 1 is 2^-54 with one rounding, 0 with two */
    { FMADD_D, RNE, 0x3fb999999999999aULL, 0x4024000000000000ULL, DM1,
      0x3c90000000000000ULL, 0 },
    { FNMADD_D, RNE, D2, D3, D1, 0xc01c000000000000ULL, 0 },
    { FMSUB_D, RNE, D2, D3, D1, 0x4014000000000000ULL, 0 },
    { FNMSUB_D, RNE, D2, D3, D1, 0xc014000000000000ULL, 0 },
    { FCVT_W_D, RNE, 0x41e0000000000000ULL, 0, 0, 0x7fffffff, NV },  /* 2^31 */
    { FCVT_W_D, RTZ, 0x41dfffffffffffffULL, 0, 0, 0x7fffffff, NX },
    { FCVT_W_D, RNE, 0xc1e0000000000000ULL, 0, 0, 0xffffffff80000000ULL, 0 },
    { FCVT_WU_D, RNE, 0x41efffffffe00000ULL, 0, 0, -1ULL, 0 },
    { FCVT_WU_D, RNE, DQNAN, 0, 0, -1ULL, NV },
    { FCVT_L_D, RNE, 0x4630000000000000ULL, 0, 0, 0x7fffffffffffffffULL, NV },
    { FCVT_L_D, RNE, 0xc630000000000000ULL, 0, 0, 0x8000000000000000ULL, NV },
    { FCVT_L_D, RMM, 0xc004000000000000ULL, 0, 0, -3ULL, NX },   /* -2.5 */
    { FCVT_LU_D, RNE, DM1, 0, 0, 0, NV },
    { FCVT_LU_D, RNE, DQNAN, 0, 0, -1ULL, NV },
    { FCVT_LU_D, RNE, DINF, 0, 0, -1ULL, NV },
    { FCVT_D_W, RNE, 0x80000000ULL, 0, 0, 0xc1e0000000000000ULL, 0 },
    { FCVT_D_WU, RNE, 0x80000000ULL, 0, 0, 0x41e0000000000000ULL, 0 },
    { FCVT_D_L, RNE, -1ULL, 0, 0, DM1, 0 },
    { FCVT_D_L, RNE, 0x7fffffffffffffffULL, 0, 0, 0x43e0000000000000ULL, NX },
    { FCVT_D_LU, RNE, -1ULL, 0, 0, 0x43f0000000000000ULL, NX },
    { FCVT_D_LU, RTZ, -1ULL, 0, 0, 0x43efffffffffffffULL, NX },
    /* double <-> single */
    { FCVT_S_D, RNE, 0x3ff0000010000000ULL, 0, 0, S1, NX },      /* tie */
    { FCVT_S_D, RMM, 0x3ff0000010000000ULL, 0, 0, 0x3f800001, NX },
    { FCVT_S_D, RNE, DMAX, 0, 0, SINF, OF | NX },
    { FCVT_S_D, RTZ, DMAX, 0, 0, SMAX, OF | NX },
    { FCVT_S_D, RNE, 0x359b1e5e4f6f3e00ULL, 0, 0, SPZ, UF | NX },  /* 2^-166 */
    { FCVT_S_D, RUP, 0x359b1e5e4f6f3e00ULL, 0, 0, 0x00000001, UF | NX },
    { FCVT_S_D, RNE, DSNAN, 0, 0, SQNAN, NV },
    { FCVT_S_D, RNE, 0xfff8000000012345ULL, 0, 0, SQNAN, 0 },
    { FCVT_D_S, RNE, SSNAN, 0, 0, DQNAN, NV },
    { FCVT_D_S, RNE, 0x3eaaaaab, 0, 0, 0x3fd5555560000000ULL, 0 },
    { FCVT_D_S, RNE, 0x00000001, 0, 0, 0x36a0000000000000ULL, 0 },
};

static void test_table(void)
{
    static const char rm_names[][4] = { "rne", "rtz", "rdn", "rup", "rmm" };

    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct FCase *t = &cases[i];
        uint64_t r, expect = t->expect;
        unsigned flags;

        csr_write(frm, t->rm);
        csr_write(fflags, 0);
        r = exec(t->op, t->a, t->b, t->c);
        flags = csr_read(fflags);
        if (single_result(t->op)) {
            expect |= 0xffffffff00000000ULL;      /* NaN-boxed result */
        }
        if (r != expect || flags != t->flags) {
            FAIL("case %u: %s %s a=0x%llx b=0x%llx c=0x%llx -> 0x%llx "
                 "flags 0x%x, expected 0x%llx flags 0x%x", i,
                 op_names[t->op], rm_names[t->rm],
                 (unsigned long long)t->a, (unsigned long long)t->b,
                 (unsigned long long)t->c, (unsigned long long)r, flags,
                 (unsigned long long)expect, t->flags);
        }
    }
    csr_write(frm, RNE);
}

/* Static rounding modes override frm */
static void test_static_rm(void)
{
    uint32_t one = S1, three = S3, m25 = SM25;
    uint64_t r[5], w[6];

    csr_write(frm, RUP);
    asm volatile("fmv.w.x ft0, %5\n fmv.w.x ft1, %6\n"
                 "fdiv.s ft2, ft0, ft1, rne\n fmv.x.w %0, ft2\n"
                 "fdiv.s ft2, ft0, ft1, rtz\n fmv.x.w %1, ft2\n"
                 "fdiv.s ft2, ft0, ft1, rdn\n fmv.x.w %2, ft2\n"
                 "fdiv.s ft2, ft0, ft1, rup\n fmv.x.w %3, ft2\n"
                 "fdiv.s ft2, ft0, ft1, rmm\n fmv.x.w %4, ft2\n"
                 : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]),
                   "=&r"(r[4])
                 : "r"(one), "r"(three) : "ft0", "ft1", "ft2");
    EXPECT_EQ(r[0], 0x3eaaaaab);
    EXPECT_EQ(r[1], 0x3eaaaaaa);
    EXPECT_EQ(r[2], 0x3eaaaaaa);
    EXPECT_EQ(r[3], 0x3eaaaaab);
    EXPECT_EQ(r[4], 0x3eaaaaab);
    csr_write(frm, RNE);
    asm volatile("fmv.w.x ft0, %6\n"
                 "fcvt.w.s %0, ft0, rne\n fcvt.w.s %1, ft0, rtz\n"
                 "fcvt.w.s %2, ft0, rdn\n fcvt.w.s %3, ft0, rup\n"
                 "fcvt.w.s %4, ft0, rmm\n fcvt.w.s %5, ft0, dyn\n"
                 : "=&r"(w[0]), "=&r"(w[1]), "=&r"(w[2]), "=&r"(w[3]),
                   "=&r"(w[4]), "=&r"(w[5])
                 : "r"(m25) : "ft0");
    EXPECT_EQ(w[0], -2UL);
    EXPECT_EQ(w[1], -2UL);
    EXPECT_EQ(w[2], -3UL);
    EXPECT_EQ(w[3], -2UL);
    EXPECT_EQ(w[4], -3UL);
    EXPECT_EQ(w[5], -2UL);
}

static void test_fcsr(void)
{
    unsigned long v;

    csr_write(fcsr, 0xff);
    EXPECT_EQ(csr_read(fcsr), 0xff);
    EXPECT_EQ(csr_read(frm), 7);
    EXPECT_EQ(csr_read(fflags), 0x1f);
    csr_write(fcsr, 0xfffff00 | 0x65);          /* reserved bits ignored */
    EXPECT_EQ(csr_read(fcsr), 0x65);
    EXPECT_EQ(csr_read(frm), 3);
    EXPECT_EQ(csr_read(fflags), 5);
    csr_write(frm, 1);
    EXPECT_EQ(csr_read(fcsr), 0x25);
    csr_write(fflags, 0xff);
    EXPECT_EQ(csr_read(fcsr), 0x3f);
    v = csr_swap(fflags, 0);
    EXPECT_EQ(v, 0x1f);
    /* flags accumulate until cleared */
    csr_write(fcsr, 0);
    exec(FDIV_S, S1, 0, 0);
    exec(FDIV_S, S1, S3, 0);
    EXPECT_EQ(csr_read(fflags), DZ | NX);
    exec(FADD_S, S1, S1, 0);
    EXPECT_EQ(csr_read(fflags), DZ | NX);
    csr_write(fcsr, 0);
}

static void test_nan_boxing(void)
{
    uint64_t r;
    uint32_t w;
    static volatile uint64_t mem64 = 0x123456789abcdef0ULL;
    static volatile uint32_t mem32;

    /* fmv.w.x and flw box; fmv.x.w sign-extends the low 32 bits */
    asm volatile("fmv.w.x ft0, %1\n fmv.x.d %0, ft0" : "=r"(r)
                 : "r"(0x3f800000UL) : "ft0");
    EXPECT_EQ(r, 0xffffffff3f800000ULL);
    asm volatile("flw ft0, 0(%1)\n fmv.x.d %0, ft0" : "=r"(r)
                 : "r"(&mem64) : "ft0");
    EXPECT_EQ(r, 0xffffffff9abcdef0ULL);
    asm volatile("fmv.d.x ft0, %1\n fmv.x.w %0, ft0" : "=r"(r)
                 : "r"(0x00000000bf800000ULL) : "ft0");
    EXPECT_EQ(r, 0xffffffffbf800000ULL);
    /* an improperly boxed single is the canonical NaN to arithmetic */
    csr_write(fflags, 0);
    asm volatile("fmv.d.x ft0, %1\n fmv.w.x ft1, %2\n fadd.s ft2, ft0, ft1\n"
                 "fmv.x.d %0, ft2" : "=r"(r)
                 : "r"(0x000000003f800000ULL), "r"(0x3f800000UL)
                 : "ft0", "ft1", "ft2");
    EXPECT_EQ(r, 0xffffffff7fc00000ULL);
    EXPECT_EQ(csr_read(fflags), 0);
    asm volatile("fmv.d.x ft0, %1\n fclass.s %0, ft0" : "=r"(r)
                 : "r"(0x7ff0000000000000ULL) : "ft0");
    EXPECT_EQ(r, 1 << 9);
    asm volatile("fmv.d.x ft0, %1\n fmv.w.x ft1, %2\n fsgnj.s ft2, ft0, ft1\n"
                 "fmv.x.d %0, ft2" : "=r"(r)
                 : "r"(0x00000000bf800000ULL), "r"(0x3f800000UL)
                 : "ft0", "ft1", "ft2");
    EXPECT_EQ(r, 0xffffffff7fc00000ULL);
    asm volatile("fmv.d.x ft0, %1\n fcvt.d.s ft1, ft0\n fmv.x.d %0, ft1"
                 : "=r"(r) : "r"(0x000000003f800000ULL) : "ft0", "ft1");
    EXPECT_EQ(r, DQNAN);
    /* fsw stores the low bits unchecked */
    asm volatile("fmv.d.x ft0, %1\n fsw ft0, 0(%0)" :: "r"(&mem32),
                 "r"(0x0000000012345678ULL) : "ft0", "memory");
    w = mem32;
    EXPECT_EQ(w, 0x12345678);
    /* sign injection is bitwise, no flags, NaN payloads kept */
    csr_write(fflags, 0);
    asm volatile("fmv.w.x ft0, %1\n fsgnjn.s ft1, ft0, ft0\n fmv.x.d %0, ft1"
                 : "=r"(r) : "r"(0x7f800001UL) : "ft0", "ft1");
    EXPECT_EQ(r, 0xffffffffff800001ULL);
    asm volatile("fmv.w.x ft0, %1\n fmv.w.x ft1, %2\n fsgnjx.s ft2, ft0, ft1\n"
                 "fmv.x.d %0, ft2" : "=r"(r)
                 : "r"(0xbf800000UL), "r"(0x80000000UL) : "ft0", "ft1", "ft2");
    EXPECT_EQ(r, 0xffffffff3f800000ULL);
    asm volatile("fmv.d.x ft0, %1\n fsgnjn.d ft1, ft0, ft0\n fmv.x.d %0, ft1"
                 : "=r"(r) : "r"(DSNAN) : "ft0", "ft1");
    EXPECT_EQ(r, DSNAN | 0x8000000000000000ULL);
    EXPECT_EQ(csr_read(fflags), 0);
}

static void test_load_store(void)
{
    static volatile double d[2] = { 2.5, 0 };
    uint64_t r;

    asm volatile("fld ft0, 0(%1)\n fsd ft0, 8(%1)\n fmv.x.d %0, ft0"
                 : "=r"(r) : "r"(d) : "ft0", "memory");
    EXPECT_EQ(r, 0x4004000000000000ULL);
    EXPECT_TRUE(d[1] == 2.5);
    /* compiled FP code */
    {
        volatile double x = 1.0;
        double s = 0;
        for (int i = 1; i <= 10; i++) {
            s += x / i;
        }
        EXPECT_TRUE(s > 2.9289682539 && s < 2.9289682540);
    }
}

static void test_reserved_rm(void)
{
    unsigned long rm;

    /* frm 5..7 make dynamic-rounding instructions illegal */
    for (rm = 5; rm <= 7; rm++) {
        csr_write(frm, rm);
        trap_expect();
        asm volatile("fadd.s ft0, ft1, ft2, dyn" ::: "ft0");
        trap_disarm();
        if (trap_rec.count != 1 || trap_rec.cause != CAUSE_ILLEGAL_INSN) {
            FAIL("frm=%lu: fadd.s dyn gave %lu traps, cause 0x%lx", rm,
                 trap_rec.count, trap_rec.cause);
        }
    }
    csr_write(frm, RNE);
    /* static rm 5 and 6 are reserved */
    trap_expect();
    asm volatile(".insn r 0x53, 5, 0, ft0, ft1, ft2" ::: "ft0");
    asm volatile(".insn r 0x53, 6, 0, ft0, ft1, ft2" ::: "ft0");
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 2);
    EXPECT_EQ(trap_rec.cause, CAUSE_ILLEGAL_INSN);
    /* instructions without a rounding mode ignore a reserved frm */
    csr_write(frm, 7);
    trap_expect();
    asm volatile("fsgnj.s ft0, ft1, ft1\n fmv.x.w %0, ft0" : "=r"(rm)
                 :: "ft0");
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
    csr_write(frm, RNE);
}

static void test_mstatus_fs(void)
{
    unsigned long st;

    /* FS = Off: FP instructions and FP CSRs are illegal */
    csr_clear(mstatus, MSTATUS_FS);
    trap_expect();
    asm volatile("fadd.d ft0, ft1, ft2" ::: "ft0");
    asm volatile("csrr %0, fcsr" : "=r"(st));
    asm volatile("fmv.x.d %0, ft0" : "=r"(st));
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 3);
    EXPECT_EQ(trap_rec.cause, CAUSE_ILLEGAL_INSN);
    st = csr_read(mstatus);
    EXPECT_EQ(st & MSTATUS_FS, 0);
    EXPECT_EQ(st & MSTATUS_SD, 0);
    /* FS = Initial; writing an FP register makes it Dirty, with SD */
    csr_set(mstatus, 1UL << 13);
    asm volatile("fmv.d.x ft0, zero" ::: "ft0");
    st = csr_read(mstatus);
    EXPECT_EQ(st & MSTATUS_FS, MSTATUS_FS);
    EXPECT_TRUE(st & MSTATUS_SD);
    /* FS = Clean: writing fflags makes it Dirty as well */
    csr_clear(mstatus, MSTATUS_FS);
    csr_set(mstatus, 2UL << 13);
    EXPECT_EQ(csr_read(mstatus) & (MSTATUS_FS | MSTATUS_SD), 2UL << 13);
    csr_write(fflags, 1);
    EXPECT_EQ(csr_read(mstatus) & MSTATUS_FS, MSTATUS_FS);
    csr_write(fflags, 0);
}

int main(void)
{
    RUN_TEST(table);
    RUN_TEST(static_rm);
    RUN_TEST(fcsr);
    RUN_TEST(nan_boxing);
    RUN_TEST(load_store);
    RUN_TEST(reserved_rm);
    RUN_TEST(mstatus_fs);
    return guest_finish();
}
