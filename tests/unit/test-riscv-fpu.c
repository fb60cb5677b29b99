/*
 * RISC-V F and D extensions: known-answer vectors per operation and
 * rounding mode (expected values worked out from the IEEE 754 and RISC-V
 * rules), run as instructions on RV64 and RV32; fcsr, frm, mstatus.FS,
 * NaN-boxing and the FP loads/stores.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "riscv-harness.h"

#define BOX 0xffffffff00000000ULL

/* OP-FP with rd = 4, rs1 = 1, rs2 = 2 (or the rs2 field @r2 if unary) */
#define OPFP(f5, fmt, rm, r2) \
    (0x53u | 4u << 7 | (rm) << 12 | 1u << 15 | (r2) << 20 | \
     (fmt) << 25 | (uint32_t)(f5) << 27)
#define R(f5, fmt, rm) OPFP(f5, fmt, rm, 2u)
/* fused: opcode 0x43/47/4b/4f, rs3 = 3 */
#define FUSED(opc, fmt, rm) \
    ((opc) | 4u << 7 | (rm) << 12 | 1u << 15 | 2u << 20 | (fmt) << 25 | \
     3u << 27)

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7 };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

/* Operand/result kinds */
#define K_S   0x01      /* FP operands are single (NaN-boxed) */
#define K_XS  0x02      /* rs1 is an integer register */
#define K_XD  0x04      /* rd is an integer register */
#define K_SD  0x08      /* FP result is single (boxed) */
#define K_64  0x10      /* RV64 only */

typedef struct Vec {
    const char *name;
    uint32_t insn;
    int kind;
    uint64_t a, b, c;
    uint64_t expect;
    uint32_t flags;
} Vec;

#define S K_S | K_SD
/* Single arithmetic */
#define FADD_S(rm) R(0x00, 0, rm)
#define FSUB_S(rm) R(0x01, 0, rm)
#define FMUL_S(rm) R(0x02, 0, rm)
#define FDIV_S(rm) R(0x03, 0, rm)
#define FSQRT_S(rm) OPFP(0x0b, 0, rm, 0)
#define FSGNJ_S(k) R(0x04, 0, k)
#define FMIN_S R(0x05, 0, 0)
#define FMAX_S R(0x05, 0, 1)
#define FCVT_X_S(k, rm) OPFP(0x18, 0, rm, k)    /* k: w wu l lu */
#define FCVT_S_X(k, rm) OPFP(0x1a, 0, rm, k)
#define FMV_X_W OPFP(0x1c, 0, 0, 0)
#define FCLASS_S OPFP(0x1c, 0, 1, 0)
#define FMV_W_X OPFP(0x1e, 0, 0, 0)
#define FEQ_S R(0x14, 0, 2)
#define FLT_S R(0x14, 0, 1)
#define FLE_S R(0x14, 0, 0)
/* Double */
#define FADD_D(rm) R(0x00, 1, rm)
#define FSUB_D(rm) R(0x01, 1, rm)
#define FMUL_D(rm) R(0x02, 1, rm)
#define FDIV_D(rm) R(0x03, 1, rm)
#define FSQRT_D(rm) OPFP(0x0b, 1, rm, 0)
#define FMIN_D R(0x05, 1, 0)
#define FMAX_D R(0x05, 1, 1)
#define FCVT_X_D(k, rm) OPFP(0x18, 1, rm, k)
#define FCVT_D_X(k, rm) OPFP(0x1a, 1, rm, k)
#define FCVT_S_D(rm) OPFP(0x08, 0, rm, 1)
#define FCVT_D_S(rm) OPFP(0x08, 1, rm, 0)
#define FMV_X_D OPFP(0x1c, 1, 0, 0)
#define FMV_D_X OPFP(0x1e, 1, 0, 0)
#define FCLASS_D OPFP(0x1c, 1, 1, 0)
#define FEQ_D R(0x14, 1, 2)
#define FLT_D R(0x14, 1, 1)
#define FLE_D R(0x14, 1, 0)

#define ONE_S 0x3f800000ULL
#define TWO_S 0x40000000ULL
#define MONE_S 0xbf800000ULL
#define INF_S 0x7f800000ULL
#define NINF_S 0xff800000ULL
#define MAX_S 0x7f7fffffULL
#define SNAN_S 0x7f800001ULL
#define QNAN_S 0x7fc12345ULL
#define CNAN_S 0x7fc00000ULL
#define NZ_S 0x80000000ULL
#define ONE_D 0x3ff0000000000000ULL
#define TWO_D 0x4000000000000000ULL
#define MONE_D 0xbff0000000000000ULL
#define MAX_D 0x7fefffffffffffffULL
#define INF_D 0x7ff0000000000000ULL
#define SNAN_D 0x7ff0000000000001ULL
#define QNAN_D 0x7ff8000000012345ULL
#define CNAN_D 0x7ff8000000000000ULL
#define NZ_D 0x8000000000000000ULL

static const Vec vecs[] = {
    /* add/sub: exact, ties per rounding mode, signed zeros */
    { "fadd.s exact", FADD_S(RNE), S, ONE_S, TWO_S, 0, 0x40400000, 0 },
    { "fadd.s tie rne", FADD_S(RNE), S, ONE_S, 0x33800000, 0, ONE_S, NX },
    { "fadd.s tie rtz", FADD_S(RTZ), S, ONE_S, 0x33800000, 0, ONE_S, NX },
    { "fadd.s tie rdn", FADD_S(RDN), S, ONE_S, 0x33800000, 0, ONE_S, NX },
    { "fadd.s tie rup", FADD_S(RUP), S, ONE_S, 0x33800000, 0, 0x3f800001,
      NX },
    { "fadd.s tie rmm", FADD_S(RMM), S, ONE_S, 0x33800000, 0, 0x3f800001,
      NX },
    { "fadd.s -tie rmm", FADD_S(RMM), S, MONE_S, 0xb3800000, 0, 0xbf800001,
      NX },
    { "fadd.s -tie rdn", FADD_S(RDN), S, MONE_S, 0xb3800000, 0, 0xbf800001,
      NX },
    { "fadd.s -tie rup", FADD_S(RUP), S, MONE_S, 0xb3800000, 0, MONE_S, NX },
    { "fadd.s odd tie rne", FADD_S(RNE), S, 0x3f800001, 0x33800000, 0,
      0x3f800002, NX },
    { "fsub.s x-x rne", FSUB_S(RNE), S, ONE_S, ONE_S, 0, 0, 0 },
    { "fsub.s x-x rdn", FSUB_S(RDN), S, ONE_S, ONE_S, 0, NZ_S, 0 },
    { "fadd.s -0+-0", FADD_S(RNE), S, NZ_S, NZ_S, 0, NZ_S, 0 },
    { "fadd.s +0+-0 rne", FADD_S(RNE), S, 0, NZ_S, 0, 0, 0 },
    { "fadd.s +0+-0 rdn", FADD_S(RDN), S, 0, NZ_S, 0, NZ_S, 0 },
    { "fsub.s 0-0 rdn", FSUB_S(RDN), S, 0, 0, 0, NZ_S, 0 },
    { "fadd.s inf-inf", FADD_S(RNE), S, INF_S, NINF_S, 0, CNAN_S, NV },
    { "fadd.s inf+1", FADD_S(RNE), S, INF_S, ONE_S, 0, INF_S, 0 },
    { "fadd.s snan", FADD_S(RNE), S, SNAN_S, ONE_S, 0, CNAN_S, NV },
    { "fadd.s qnan", FADD_S(RNE), S, ONE_S, QNAN_S, 0, CNAN_S, 0 },
    { "fadd.s subnormals", FADD_S(RNE), S, 0x00000001, 0x00000001, 0,
      0x00000002, 0 },
    { "fadd.s max+max rne", FADD_S(RNE), S, MAX_S, MAX_S, 0, INF_S,
      OF | NX },
    /* mul: overflow to inf or max-finite per mode and sign */
    { "fmul.s ovf rne", FMUL_S(RNE), S, MAX_S, TWO_S, 0, INF_S, OF | NX },
    { "fmul.s ovf rtz", FMUL_S(RTZ), S, MAX_S, TWO_S, 0, MAX_S, OF | NX },
    { "fmul.s ovf rdn", FMUL_S(RDN), S, MAX_S, TWO_S, 0, MAX_S, OF | NX },
    { "fmul.s ovf rup", FMUL_S(RUP), S, MAX_S, TWO_S, 0, INF_S, OF | NX },
    { "fmul.s ovf rmm", FMUL_S(RMM), S, MAX_S, TWO_S, 0, INF_S, OF | NX },
    { "fmul.s -ovf rup", FMUL_S(RUP), S, MAX_S, 0xc0000000, 0, 0xff7fffff,
      OF | NX },
    { "fmul.s -ovf rdn", FMUL_S(RDN), S, MAX_S, 0xc0000000, 0, NINF_S,
      OF | NX },
    { "fmul.s -ovf rtz", FMUL_S(RTZ), S, MAX_S, 0xc0000000, 0, 0xff7fffff,
      OF | NX },
    { "fmul.s exact subnormal", FMUL_S(RNE), S, 0x00800000, 0x3f000000, 0,
      0x00400000, 0 },
    { "fmul.s tiny to minnorm", FMUL_S(RNE), S, 0x00ffffff, 0x3f000000, 0,
      0x00800000, UF | NX },
    { "fmul.s inf*0", FMUL_S(RNE), S, INF_S, 0, 0, CNAN_S, NV },
    { "fmul.s -0*1", FMUL_S(RNE), S, NZ_S, ONE_S, 0, NZ_S, 0 },
    { "fmul.s underflow to 0 rne", FMUL_S(RNE), S, 0x00000001, 0x3e800000,
      0, 0, UF | NX },
    { "fmul.s underflow rup", FMUL_S(RUP), S, 0x00000001, 0x3e800000, 0,
      0x00000001, UF | NX },
    { "fmul.s -underflow rdn", FMUL_S(RDN), S, 0x80000001, 0x3e800000, 0,
      0x80000001, UF | NX },
    /* div */
    { "fdiv.s 1/0", FDIV_S(RNE), S, ONE_S, 0, 0, INF_S, DZ },
    { "fdiv.s -1/0", FDIV_S(RNE), S, MONE_S, 0, 0, NINF_S, DZ },
    { "fdiv.s 1/-0", FDIV_S(RNE), S, ONE_S, NZ_S, 0, NINF_S, DZ },
    { "fdiv.s 0/0", FDIV_S(RNE), S, 0, 0, 0, CNAN_S, NV },
    { "fdiv.s inf/inf", FDIV_S(RNE), S, INF_S, INF_S, 0, CNAN_S, NV },
    { "fdiv.s inf/0", FDIV_S(RNE), S, INF_S, 0, 0, INF_S, 0 },
    { "fdiv.s 1/3 rne", FDIV_S(RNE), S, ONE_S, 0x40400000, 0, 0x3eaaaaab,
      NX },
    { "fdiv.s 1/3 rtz", FDIV_S(RTZ), S, ONE_S, 0x40400000, 0, 0x3eaaaaaa,
      NX },
    { "fdiv.s 1/3 rdn", FDIV_S(RDN), S, ONE_S, 0x40400000, 0, 0x3eaaaaaa,
      NX },
    { "fdiv.s 1/3 rup", FDIV_S(RUP), S, ONE_S, 0x40400000, 0, 0x3eaaaaab,
      NX },
    { "fdiv.s 1/3 rmm", FDIV_S(RMM), S, ONE_S, 0x40400000, 0, 0x3eaaaaab,
      NX },
    { "fdiv.s -1/3 rdn", FDIV_S(RDN), S, MONE_S, 0x40400000, 0, 0xbeaaaaab,
      NX },
    /* sqrt */
    { "fsqrt.s 4", FSQRT_S(RNE), S, 0x40800000, 0, 0, TWO_S, 0 },
    { "fsqrt.s 2 rne", FSQRT_S(RNE), S, TWO_S, 0, 0, 0x3fb504f3, NX },
    { "fsqrt.s 2 rup", FSQRT_S(RUP), S, TWO_S, 0, 0, 0x3fb504f4, NX },
    { "fsqrt.s 2 rtz", FSQRT_S(RTZ), S, TWO_S, 0, 0, 0x3fb504f3, NX },
    { "fsqrt.s -1", FSQRT_S(RNE), S, MONE_S, 0, 0, CNAN_S, NV },
    { "fsqrt.s -0", FSQRT_S(RNE), S, NZ_S, 0, 0, NZ_S, 0 },
    { "fsqrt.s inf", FSQRT_S(RNE), S, INF_S, 0, 0, INF_S, 0 },
    { "fsqrt.s -inf", FSQRT_S(RNE), S, NINF_S, 0, 0, CNAN_S, NV },
    { "fsqrt.s subnormal", FSQRT_S(RNE), S, 0x00000001, 0, 0, 0x1a3504f3,
      NX },
    /* fused: single rounding and the exact-zero sign rules */
    { "fmadd.s single rounding", FUSED(0x43, 0, RNE), S, 0x3f800800,
      0x3f800800, MONE_S, 0x3a000400, 0 },
    { "fmadd.s 1*1-1 rne", FUSED(0x43, 0, RNE), S, ONE_S, ONE_S, MONE_S, 0,
      0 },
    { "fmadd.s 1*1-1 rdn", FUSED(0x43, 0, RDN), S, ONE_S, ONE_S, MONE_S,
      NZ_S, 0 },
    { "fnmadd.s -(1*1)+1 rne", FUSED(0x4f, 0, RNE), S, ONE_S, ONE_S, MONE_S,
      0, 0 },
    { "fnmadd.s -(1*1)+1 rdn", FUSED(0x4f, 0, RDN), S, ONE_S, ONE_S, MONE_S,
      NZ_S, 0 },
    { "fmsub.s 0*1-0 rne", FUSED(0x47, 0, RNE), S, 0, ONE_S, 0, 0, 0 },
    { "fmsub.s 0*1-0 rdn", FUSED(0x47, 0, RDN), S, 0, ONE_S, 0, NZ_S, 0 },
    { "fnmsub.s -(0*1)+0", FUSED(0x4b, 0, RNE), S, 0, ONE_S, 0, 0, 0 },
    { "fnmadd.s -(0*1)-0", FUSED(0x4f, 0, RNE), S, 0, ONE_S, 0, NZ_S, 0 },
    { "fnmsub.s -(2*2)+1", FUSED(0x4b, 0, RNE), S, TWO_S, TWO_S, ONE_S,
      0xc0400000, 0 },
    { "fmsub.s 2*2-1", FUSED(0x47, 0, RNE), S, TWO_S, TWO_S, ONE_S,
      0x40400000, 0 },
    { "fmadd.s inf*0+qnan", FUSED(0x43, 0, RNE), S, INF_S, 0, QNAN_S,
      CNAN_S, NV },
    { "fmadd.s 1*1+snan", FUSED(0x43, 0, RNE), S, ONE_S, ONE_S, SNAN_S,
      CNAN_S, NV },
    { "fmadd.s 1*1+qnan", FUSED(0x43, 0, RNE), S, ONE_S, ONE_S, QNAN_S,
      CNAN_S, 0 },
    { "fmadd.s inf*1-inf", FUSED(0x43, 0, RNE), S, INF_S, ONE_S, NINF_S,
      CNAN_S, NV },
    { "fmadd.s ovf rtz", FUSED(0x43, 0, RTZ), S, MAX_S, TWO_S, ONE_S, MAX_S,
      OF | NX },
    /* tininess is detected after rounding: 2^-126 - 2^-151 */
    { "fmadd.s no uf rne", FUSED(0x43, 0, RNE), S, 0x19800000, 0x9a000000,
      0x00800000, 0x00800000, NX },
    { "fmadd.s uf rtz", FUSED(0x43, 0, RTZ), S, 0x19800000, 0x9a000000,
      0x00800000, 0x007fffff, UF | NX },
    /* sign injection, NaN-boxing of inputs */
    { "fsgnj.s", FSGNJ_S(0), S, ONE_S, MONE_S, 0, MONE_S, 0 },
    { "fsgnjn.s", FSGNJ_S(1), S, ONE_S, ONE_S, 0, MONE_S, 0 },
    { "fsgnjx.s", FSGNJ_S(2), S, MONE_S, 0xc0000000, 0, ONE_S, 0 },
    { "fsgnj.s snan no flag", FSGNJ_S(0), S, SNAN_S, MONE_S, 0,
      0xff800001, 0 },
    /* min/max: minimumNumber, -0 < +0 */
    { "fmin.s -0 +0", FMIN_S, S, 0, NZ_S, 0, NZ_S, 0 },
    { "fmax.s -0 +0", FMAX_S, S, NZ_S, 0, 0, 0, 0 },
    { "fmin.s qnan 1", FMIN_S, S, QNAN_S, ONE_S, 0, ONE_S, 0 },
    { "fmax.s 1 snan", FMAX_S, S, ONE_S, SNAN_S, 0, ONE_S, NV },
    { "fmin.s qnan qnan", FMIN_S, S, QNAN_S, QNAN_S, 0, CNAN_S, 0 },
    { "fmax.s snan qnan", FMAX_S, S, SNAN_S, QNAN_S, 0, CNAN_S, NV },
    { "fmin.s -1 -2", FMIN_S, S, MONE_S, 0xc0000000, 0, 0xc0000000, 0 },
    { "fmax.s -inf 1", FMAX_S, S, NINF_S, ONE_S, 0, ONE_S, 0 },
    /* compares */
    { "feq.s 1 1", FEQ_S, K_S | K_XD, ONE_S, ONE_S, 0, 1, 0 },
    { "feq.s -0 +0", FEQ_S, K_S | K_XD, NZ_S, 0, 0, 1, 0 },
    { "feq.s qnan", FEQ_S, K_S | K_XD, QNAN_S, QNAN_S, 0, 0, 0 },
    { "feq.s snan", FEQ_S, K_S | K_XD, SNAN_S, ONE_S, 0, 0, NV },
    { "flt.s qnan", FLT_S, K_S | K_XD, ONE_S, QNAN_S, 0, 0, NV },
    { "fle.s qnan", FLE_S, K_S | K_XD, QNAN_S, ONE_S, 0, 0, NV },
    { "flt.s -0 +0", FLT_S, K_S | K_XD, NZ_S, 0, 0, 0, 0 },
    { "fle.s -0 +0", FLE_S, K_S | K_XD, NZ_S, 0, 0, 1, 0 },
    { "flt.s -2 -1", FLT_S, K_S | K_XD, 0xc0000000, MONE_S, 0, 1, 0 },
    { "fle.s 2 1", FLE_S, K_S | K_XD, TWO_S, ONE_S, 0, 0, 0 },
    { "flt.s -inf inf", FLT_S, K_S | K_XD, NINF_S, INF_S, 0, 1, 0 },
    /* fclass */
    { "fclass.s -inf", FCLASS_S, K_S | K_XD, NINF_S, 0, 0, 1 << 0, 0 },
    { "fclass.s -1", FCLASS_S, K_S | K_XD, MONE_S, 0, 0, 1 << 1, 0 },
    { "fclass.s -sub", FCLASS_S, K_S | K_XD, 0x807fffff, 0, 0, 1 << 2, 0 },
    { "fclass.s -0", FCLASS_S, K_S | K_XD, NZ_S, 0, 0, 1 << 3, 0 },
    { "fclass.s +0", FCLASS_S, K_S | K_XD, 0, 0, 0, 1 << 4, 0 },
    { "fclass.s +sub", FCLASS_S, K_S | K_XD, 1, 0, 0, 1 << 5, 0 },
    { "fclass.s +1", FCLASS_S, K_S | K_XD, ONE_S, 0, 0, 1 << 6, 0 },
    { "fclass.s +inf", FCLASS_S, K_S | K_XD, INF_S, 0, 0, 1 << 7, 0 },
    { "fclass.s snan", FCLASS_S, K_S | K_XD, SNAN_S, 0, 0, 1 << 8, 0 },
    { "fclass.s qnan", FCLASS_S, K_S | K_XD, QNAN_S, 0, 0, 1 << 9, 0 },
    /* float -> int: rounding, saturation, NaN */
    { "fcvt.w.s 2.5 rne", FCVT_X_S(0, RNE), K_S | K_XD, 0x40200000, 0, 0, 2,
      NX },
    { "fcvt.w.s 2.5 rtz", FCVT_X_S(0, RTZ), K_S | K_XD, 0x40200000, 0, 0, 2,
      NX },
    { "fcvt.w.s 2.5 rdn", FCVT_X_S(0, RDN), K_S | K_XD, 0x40200000, 0, 0, 2,
      NX },
    { "fcvt.w.s 2.5 rup", FCVT_X_S(0, RUP), K_S | K_XD, 0x40200000, 0, 0, 3,
      NX },
    { "fcvt.w.s 2.5 rmm", FCVT_X_S(0, RMM), K_S | K_XD, 0x40200000, 0, 0, 3,
      NX },
    { "fcvt.w.s -2.5 rmm", FCVT_X_S(0, RMM), K_S | K_XD, 0xc0200000, 0, 0,
      -3ULL, NX },
    { "fcvt.w.s -2.5 rdn", FCVT_X_S(0, RDN), K_S | K_XD, 0xc0200000, 0, 0,
      -3ULL, NX },
    { "fcvt.w.s -2.5 rup", FCVT_X_S(0, RUP), K_S | K_XD, 0xc0200000, 0, 0,
      -2ULL, NX },
    { "fcvt.w.s -2.5 rne", FCVT_X_S(0, RNE), K_S | K_XD, 0xc0200000, 0, 0,
      -2ULL, NX },
    { "fcvt.w.s nan", FCVT_X_S(0, RNE), K_S | K_XD, QNAN_S, 0, 0,
      0x7fffffff, NV },
    { "fcvt.w.s -nan", FCVT_X_S(0, RNE), K_S | K_XD, 0xffc00000, 0, 0,
      0x7fffffff, NV },
    { "fcvt.w.s -inf", FCVT_X_S(0, RNE), K_S | K_XD, NINF_S, 0, 0,
      0xffffffff80000000ULL, NV },
    { "fcvt.w.s inf", FCVT_X_S(0, RNE), K_S | K_XD, INF_S, 0, 0,
      0x7fffffff, NV },
    { "fcvt.w.s 2^31", FCVT_X_S(0, RNE), K_S | K_XD, 0x4f000000, 0, 0,
      0x7fffffff, NV },
    { "fcvt.w.s -2^31", FCVT_X_S(0, RNE), K_S | K_XD, 0xcf000000, 0, 0,
      0xffffffff80000000ULL, 0 },
    { "fcvt.w.s -0.5 rne", FCVT_X_S(0, RNE), K_S | K_XD, 0xbf000000, 0, 0,
      0, NX },
    { "fcvt.wu.s -1", FCVT_X_S(1, RNE), K_S | K_XD, MONE_S, 0, 0, 0, NV },
    { "fcvt.wu.s -0.5 rtz", FCVT_X_S(1, RTZ), K_S | K_XD, 0xbf000000, 0, 0,
      0, NX },
    { "fcvt.wu.s -0.5 rdn", FCVT_X_S(1, RDN), K_S | K_XD, 0xbf000000, 0, 0,
      0, NV },
    { "fcvt.wu.s big", FCVT_X_S(1, RNE), K_S | K_XD, 0x4f7fffff, 0, 0,
      0xffffffffffffff00ULL, 0 },
    { "fcvt.wu.s 2^32", FCVT_X_S(1, RNE), K_S | K_XD, 0x4f800000, 0, 0,
      ~0ULL, NV },
    { "fcvt.wu.s nan", FCVT_X_S(1, RNE), K_S | K_XD, QNAN_S, 0, 0, ~0ULL,
      NV },
    { "fcvt.wu.s -inf", FCVT_X_S(1, RNE), K_S | K_XD, NINF_S, 0, 0, 0, NV },
    { "fcvt.l.s 2^63", FCVT_X_S(2, RNE), K_S | K_XD | K_64, 0x5f000000, 0,
      0, INT64_MAX, NV },
    { "fcvt.l.s -2^63", FCVT_X_S(2, RNE), K_S | K_XD | K_64, 0xdf000000, 0,
      0, (uint64_t)INT64_MIN, 0 },
    { "fcvt.l.s nan", FCVT_X_S(2, RNE), K_S | K_XD | K_64, QNAN_S, 0, 0,
      INT64_MAX, NV },
    { "fcvt.lu.s -1", FCVT_X_S(3, RNE), K_S | K_XD | K_64, MONE_S, 0, 0, 0,
      NV },
    { "fcvt.lu.s 2^64", FCVT_X_S(3, RNE), K_S | K_XD | K_64, 0x5f800000, 0,
      0, ~0ULL, NV },
    { "fcvt.lu.s 1.5 rmm", FCVT_X_S(3, RMM), K_S | K_XD | K_64, 0x3fc00000,
      0, 0, 2, NX },
    /* int -> float */
    { "fcvt.s.w max rne", FCVT_S_X(0, RNE), K_XS | K_SD, 0x7fffffff, 0, 0,
      0x4f000000, NX },
    { "fcvt.s.w max rtz", FCVT_S_X(0, RTZ), K_XS | K_SD, 0x7fffffff, 0, 0,
      0x4effffff, NX },
    { "fcvt.s.w -1 (low 32 bits)", FCVT_S_X(0, RNE), K_XS | K_SD,
      0xffffffffULL, 0, 0, MONE_S, 0 },
    { "fcvt.s.w 0", FCVT_S_X(0, RDN), K_XS | K_SD, 0, 0, 0, 0, 0 },
    { "fcvt.s.wu max", FCVT_S_X(1, RNE), K_XS | K_SD, ~0ULL, 0, 0,
      0x4f800000, NX },
    { "fcvt.s.wu rmm", FCVT_S_X(1, RMM), K_XS | K_SD, 0x01000001, 0, 0,
      0x4b800001, NX },
    { "fcvt.s.wu rne", FCVT_S_X(1, RNE), K_XS | K_SD, 0x01000001, 0, 0,
      0x4b800000, NX },
    { "fcvt.s.l min", FCVT_S_X(2, RNE), K_XS | K_SD | K_64,
      (uint64_t)INT64_MIN, 0, 0, 0xdf000000, 0 },
    { "fcvt.s.lu max rup", FCVT_S_X(3, RUP), K_XS | K_SD | K_64, ~0ULL, 0,
      0, 0x5f800000, NX },
    { "fcvt.s.lu max rtz", FCVT_S_X(3, RTZ), K_XS | K_SD | K_64, ~0ULL, 0,
      0, 0x5f7fffff, NX },
    /* moves: raw transfers, no boxing check */
    { "fmv.x.w", FMV_X_W, K_XD, 0xffffffff80000000ULL, 0, 0,
      0xffffffff80000000ULL, 0 },
    { "fmv.x.w unboxed", FMV_X_W, K_XD, 0x1234567887654321ULL, 0, 0,
      0xffffffff87654321ULL, 0 },
    { "fmv.w.x", FMV_W_X, K_XS | K_SD, 0x12345678, 0, 0, 0x12345678, 0 },

    /* double */
    { "fadd.d tie rne", FADD_D(RNE), 0, ONE_D, 0x3ca0000000000000ULL, 0,
      ONE_D, NX },
    { "fadd.d tie rmm", FADD_D(RMM), 0, ONE_D, 0x3ca0000000000000ULL, 0,
      0x3ff0000000000001ULL, NX },
    { "fadd.d tie rup", FADD_D(RUP), 0, ONE_D, 0x3ca0000000000000ULL, 0,
      0x3ff0000000000001ULL, NX },
    { "fsub.d x-x rdn", FSUB_D(RDN), 0, ONE_D, ONE_D, 0, NZ_D, 0 },
    { "fadd.d inf-inf", FADD_D(RNE), 0, INF_D, INF_D | NZ_D, 0, CNAN_D,
      NV },
    { "fadd.d snan", FADD_D(RNE), 0, SNAN_D, ONE_D, 0, CNAN_D, NV },
    { "fmul.d ovf rtz", FMUL_D(RTZ), 0, MAX_D, TWO_D, 0, MAX_D, OF | NX },
    { "fmul.d ovf rne", FMUL_D(RNE), 0, MAX_D, TWO_D, 0, INF_D, OF | NX },
    { "fmul.d -ovf rup", FMUL_D(RUP), 0, MAX_D, 0xc000000000000000ULL, 0,
      MAX_D | NZ_D, OF | NX },
    { "fmul.d exact subnormal", FMUL_D(RNE), 0, 0x0010000000000000ULL,
      0x3fe0000000000000ULL, 0, 0x0008000000000000ULL, 0 },
    { "fmul.d tiny to minnorm", FMUL_D(RNE), 0, 0x001fffffffffffffULL,
      0x3fe0000000000000ULL, 0, 0x0010000000000000ULL, UF | NX },
    { "fdiv.d 1/3 rne", FDIV_D(RNE), 0, ONE_D, 0x4008000000000000ULL, 0,
      0x3fd5555555555555ULL, NX },
    { "fdiv.d 1/3 rup", FDIV_D(RUP), 0, ONE_D, 0x4008000000000000ULL, 0,
      0x3fd5555555555556ULL, NX },
    { "fdiv.d 1/0", FDIV_D(RNE), 0, ONE_D, 0, 0, INF_D, DZ },
    { "fsqrt.d 2 rne", FSQRT_D(RNE), 0, TWO_D, 0, 0,
      0x3ff6a09e667f3bcdULL, NX },
    { "fsqrt.d 2 rdn", FSQRT_D(RDN), 0, TWO_D, 0, 0,
      0x3ff6a09e667f3bccULL, NX },
    { "fsqrt.d 2 rmm", FSQRT_D(RMM), 0, TWO_D, 0, 0,
      0x3ff6a09e667f3bcdULL, NX },
    { "fsqrt.d -0", FSQRT_D(RNE), 0, NZ_D, 0, 0, NZ_D, 0 },
    { "fsqrt.d 4", FSQRT_D(RNE), 0, 0x4010000000000000ULL, 0, 0, TWO_D,
      0 },
    { "fmadd.d single rounding", FUSED(0x43, 1, RNE), 0,
      0x3ff0000001000000ULL, 0x3ff0000001000000ULL, MONE_D,
      0x3e40000000800000ULL, 0 },
    { "fmadd.d 1*1-1 rdn", FUSED(0x43, 1, RDN), 0, ONE_D, ONE_D, MONE_D,
      NZ_D, 0 },
    { "fnmsub.d -(2*2)+1", FUSED(0x4b, 1, RNE), 0, TWO_D, TWO_D, ONE_D,
      0xc008000000000000ULL, 0 },
    { "fmadd.d 0*inf+qnan", FUSED(0x43, 1, RNE), 0, 0, INF_D, QNAN_D,
      CNAN_D, NV },
    { "fmin.d -0 +0", FMIN_D, 0, 0, NZ_D, 0, NZ_D, 0 },
    { "fmax.d qnan 2", FMAX_D, 0, QNAN_D, TWO_D, 0, TWO_D, 0 },
    { "fmax.d snan snan", FMAX_D, 0, SNAN_D, SNAN_D, 0, CNAN_D, NV },
    { "feq.d snan", FEQ_D, K_XD, SNAN_D, SNAN_D, 0, 0, NV },
    { "flt.d 1 2", FLT_D, K_XD, ONE_D, TWO_D, 0, 1, 0 },
    { "fle.d qnan", FLE_D, K_XD, ONE_D, QNAN_D, 0, 0, NV },
    { "fclass.d -sub", FCLASS_D, K_XD, 0x8000000000000001ULL, 0, 0, 1 << 2,
      0 },
    { "fclass.d qnan", FCLASS_D, K_XD, CNAN_D, 0, 0, 1 << 9, 0 },
    { "fclass.d snan", FCLASS_D, K_XD, SNAN_D, 0, 0, 1 << 8, 0 },
    /* double <-> single */
    { "fcvt.s.d 1/3 rne", FCVT_S_D(RNE), K_SD, 0x3fd5555555555555ULL, 0, 0,
      0x3eaaaaab, NX },
    { "fcvt.s.d 1/3 rtz", FCVT_S_D(RTZ), K_SD, 0x3fd5555555555555ULL, 0, 0,
      0x3eaaaaaa, NX },
    { "fcvt.s.d max rne", FCVT_S_D(RNE), K_SD, MAX_D, 0, 0, INF_S, OF | NX },
    { "fcvt.s.d max rtz", FCVT_S_D(RTZ), K_SD, MAX_D, 0, 0, MAX_S, OF | NX },
    { "fcvt.s.d snan", FCVT_S_D(RNE), K_SD, SNAN_D, 0, 0, CNAN_S, NV },
    { "fcvt.s.d qnan", FCVT_S_D(RNE), K_SD, QNAN_D, 0, 0, CNAN_S, 0 },
    { "fcvt.s.d tiny rne", FCVT_S_D(RNE), K_SD, 0x01a56e1fc2f8f359ULL, 0, 0,
      0, UF | NX },
    { "fcvt.s.d tiny rup", FCVT_S_D(RUP), K_SD, 0x01a56e1fc2f8f359ULL, 0, 0,
      1, UF | NX },
    { "fcvt.s.d -0", FCVT_S_D(RNE), K_SD, NZ_D, 0, 0, NZ_S, 0 },
    { "fcvt.s.d subnormal exact", FCVT_S_D(RNE), K_SD,
      0x36a0000000000000ULL, 0, 0, 1, 0 },
    { "fcvt.d.s snan", FCVT_D_S(RNE), K_S, SNAN_S, 0, 0, CNAN_D, NV },
    { "fcvt.d.s 1", FCVT_D_S(RNE), K_S, ONE_S, 0, 0, ONE_D, 0 },
    { "fcvt.d.s subnormal", FCVT_D_S(RNE), K_S, 1, 0, 0,
      0x36a0000000000000ULL, 0 },
    { "fcvt.d.s -inf", FCVT_D_S(RNE), K_S, NINF_S, 0, 0, INF_D | NZ_D, 0 },
    /* double -> int */
    { "fcvt.w.d max+.5 rne", FCVT_X_D(0, RNE), K_XD, 0x41dfffffffe00000ULL,
      0, 0, 0x7fffffff, NV },
    { "fcvt.w.d max+.5 rtz", FCVT_X_D(0, RTZ), K_XD, 0x41dfffffffe00000ULL,
      0, 0, 0x7fffffff, NX },
    { "fcvt.w.d min-.5 rne", FCVT_X_D(0, RNE), K_XD, 0xc1e0000000100000ULL,
      0, 0, 0xffffffff80000000ULL, NX },
    { "fcvt.w.d min-.5 rmm", FCVT_X_D(0, RMM), K_XD, 0xc1e0000000100000ULL,
      0, 0, 0xffffffff80000000ULL, NV },
    { "fcvt.wu.d max", FCVT_X_D(1, RNE), K_XD, 0x41efffffffe00000ULL, 0, 0,
      ~0ULL, 0 },
    { "fcvt.wu.d -0.4 rne", FCVT_X_D(1, RNE), K_XD, 0xbfd999999999999aULL,
      0, 0, 0, NX },
    { "fcvt.l.d 2^63", FCVT_X_D(2, RNE), K_XD | K_64, 0x43e0000000000000ULL,
      0, 0, INT64_MAX, NV },
    { "fcvt.l.d -2^63", FCVT_X_D(2, RNE), K_XD | K_64,
      0xc3e0000000000000ULL, 0, 0, (uint64_t)INT64_MIN, 0 },
    { "fcvt.l.d -inf", FCVT_X_D(2, RNE), K_XD | K_64, INF_D | NZ_D, 0, 0,
      (uint64_t)INT64_MIN, NV },
    { "fcvt.lu.d 2^64", FCVT_X_D(3, RNE), K_XD | K_64,
      0x43f0000000000000ULL, 0, 0, ~0ULL, NV },
    { "fcvt.lu.d 2^64-2^11", FCVT_X_D(3, RNE), K_XD | K_64,
      0x43efffffffffffffULL, 0, 0, 0xfffffffffffff800ULL, 0 },
    { "fcvt.lu.d nan", FCVT_X_D(3, RNE), K_XD | K_64, CNAN_D, 0, 0, ~0ULL,
      NV },
    /* int -> double */
    { "fcvt.d.w min", FCVT_D_X(0, RNE), K_XS, 0xffffffff80000000ULL, 0, 0,
      0xc1e0000000000000ULL, 0 },
    { "fcvt.d.wu max", FCVT_D_X(1, RNE), K_XS, ~0ULL, 0, 0,
      0x41efffffffe00000ULL, 0 },
    { "fcvt.d.l max rne", FCVT_D_X(2, RNE), K_XS | K_64, INT64_MAX, 0, 0,
      0x43e0000000000000ULL, NX },
    { "fcvt.d.l max rtz", FCVT_D_X(2, RTZ), K_XS | K_64, INT64_MAX, 0, 0,
      0x43dfffffffffffffULL, NX },
    { "fcvt.d.lu max rne", FCVT_D_X(3, RNE), K_XS | K_64, ~0ULL, 0, 0,
      0x43f0000000000000ULL, NX },
    { "fcvt.d.l tie rmm", FCVT_D_X(2, RMM), K_XS | K_64,
      (1ULL << 53) + 1, 0, 0, 0x4340000000000001ULL, NX },
    { "fcvt.d.l tie rne", FCVT_D_X(2, RNE), K_XS | K_64,
      (1ULL << 53) + 1, 0, 0, 0x4340000000000000ULL, NX },
    { "fmv.x.d", FMV_X_D, K_XD | K_64, 0x123456789abcdef0ULL, 0, 0,
      0x123456789abcdef0ULL, 0 },
    { "fmv.d.x", FMV_D_X, K_XS | K_64, 0xfedcba9876543210ULL, 0, 0,
      0xfedcba9876543210ULL, 0 },
};

static Harness *fpu_harness(const char *model)
{
    Harness *h = harness_new(model);

    /* FS = Initial: the FPU is usable */
    h->env->mstatus |= 1ULL << MSTATUS_FS_SHIFT;
    return h;
}

static uint64_t box_in(const Vec *v, uint64_t x)
{
    return (v->kind & K_S) ? BOX | (uint32_t)x : x;
}

static void run_vectors(const char *model, bool rv64)
{
    Harness *h = fpu_harness(model);
    CPURISCVState *env = h->env;

    for (size_t i = 0; i < ARRAY_SIZE(vecs); i++) {
        const Vec *v = &vecs[i];
        uint64_t got, want = v->expect;
        uint64_t csr;

        if ((v->kind & K_64) && !rv64) {
            RISCVInsn d;
            /* RV64-only encodings are illegal on RV32 */
            riscv_decode(env, v->insn, &d);
            g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
            continue;
        }
        env->pc = RAM_BASE;
        env->fflags = 0;
        env->fpr[1] = box_in(v, v->a);
        env->fpr[2] = box_in(v, v->b);
        env->fpr[3] = box_in(v, v->c);
        env->fpr[4] = 0;
        env->gpr[1] = rv64 ? v->a : (uint64_t)(int64_t)(int32_t)v->a;
        env->gpr[4] = 0x5555;
        if (run_insn(h, v->insn) != RISCV_EXEC_NEXT) {
            g_error("%s on %s: trapped (cause %" PRIu64 ")", v->name, model,
                    env->mcause);
        }
        if (v->kind & K_XD) {
            got = env->gpr[4];
            if (!rv64) {
                want = (uint64_t)(int64_t)(int32_t)want;
            }
        } else {
            got = env->fpr[4];
            if (v->kind & K_SD) {
                want = BOX | (uint32_t)want;
            }
        }
        if (got != want || env->fflags != v->flags) {
            g_error("%s on %s: got 0x%" PRIx64 " flags 0x%x, expected 0x%"
                    PRIx64 " flags 0x%x", v->name, model, got, env->fflags,
                    want, v->flags);
        }
        /* the flags are visible in fflags and fcsr */
        g_assert_cmpint(riscv_csrrw(env, CSR_FFLAGS, &csr, 0, 0), ==,
                        RISCV_EXCP_NONE);
        g_assert_cmphex(csr, ==, v->flags);
    }
    harness_free(h);
}

static void test_vectors_rv64(void)
{
    run_vectors("rv64", true);
}

static void test_vectors_rv32(void)
{
    run_vectors("rv32", false);
}

/* Dynamic rounding, reserved rounding modes, fcsr/frm/fflags */
static void test_rounding_csrs(void)
{
    Harness *h = fpu_harness("rv64");
    CPURISCVState *env = h->env;
    uint64_t v;

    env->fpr[1] = BOX | ONE_S;
    env->fpr[2] = BOX | 0x33800000;     /* a tie at 1.0 */
    /* fsrm a0 = csrrw x0, frm, x5 with x5 = RUP */
    env->gpr[5] = RUP;
    g_assert_cmpint(run_insn(h, I_CSRRW(0, CSR_FRM, 5)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmpint(run_insn(h, FADD_S(DYN)), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->fpr[4], ==, BOX | 0x3f800001);
    /* static rm overrides frm */
    g_assert_cmpint(run_insn(h, FADD_S(RNE)), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->fpr[4], ==, BOX | ONE_S);
    /* flags accrue */
    g_assert_cmphex(env->fflags, ==, NX);
    g_assert_cmpint(run_insn(h, FDIV_S(RNE)), ==, RISCV_EXEC_NEXT);
    env->fpr[2] = BOX;                  /* +0 */
    g_assert_cmpint(run_insn(h, FDIV_S(RNE)), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->fflags, ==, NX | DZ);
    /* fcsr = frm << 5 | fflags */
    run_insn(h, I_CSRRS(10, CSR_FCSR, 0));
    g_assert_cmphex(env->gpr[10], ==, (RUP << 5) | NX | DZ);
    env->gpr[5] = 0x1ff;
    run_insn(h, I_CSRRW(10, CSR_FCSR, 5));
    g_assert_cmphex(env->fflags, ==, 0x1f);
    g_assert_cmphex(env->frm, ==, 7);
    run_insn(h, I_CSRRS(10, CSR_FRM, 0));
    g_assert_cmphex(env->gpr[10], ==, 7);
    env->gpr[5] = 0x3;
    run_insn(h, I_CSRRC(10, CSR_FFLAGS, 5));
    g_assert_cmphex(env->gpr[10], ==, 0x1f);
    g_assert_cmphex(env->fflags, ==, 0x1c);
    /* frm = 7 (or 5, 6): dynamic-rm instructions are illegal */
    env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, FADD_S(DYN)), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    g_assert_cmphex(env->mtval, ==, FADD_S(DYN));
    env->pc = RAM_BASE;
    env->frm = 5;
    g_assert_cmpint(run_insn(h, FADD_S(DYN)), ==, RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    /* ...but instructions without rounding are fine */
    g_assert_cmpint(run_insn(h, FSGNJ_S(0)), ==, RISCV_EXEC_NEXT);
    /* reserved static rm 5 and 6 are illegal whatever frm is */
    env->frm = RNE;
    g_assert_cmpint(run_insn(h, FADD_S(5)), ==, RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, FCVT_X_D(0, 6)), ==, RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, FCVT_D_S(5)), ==, RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    /* debugger access ignores FS */
    env->mstatus &= ~MSTATUS_FS;
    g_assert_cmpint(riscv_csrrw(env, CSR_FCSR, &v, 0, 0), ==,
                    RISCV_EXCP_ILLEGAL_INST);
    g_assert_cmpint(riscv_csrrw_debug(env, CSR_FCSR, &v, 0, 0), ==,
                    RISCV_EXCP_NONE);
    g_assert_cmphex(v, ==, 0x1c);
    harness_free(h);
}

static uint64_t read_mstatus(Harness *h)
{
    uint64_t v;

    g_assert_cmpint(riscv_csrrw(h->env, CSR_MSTATUS, &v, 0, 0), ==,
                    RISCV_EXCP_NONE);
    return v;
}

static void set_fs(Harness *h, int fs)
{
    uint64_t v = read_mstatus(h);

    v = (v & ~MSTATUS_FS) | ((uint64_t)fs << MSTATUS_FS_SHIFT);
    g_assert_cmpint(riscv_csrrw(h->env, CSR_MSTATUS, NULL, v, ~0ULL), ==,
                    RISCV_EXCP_NONE);
}

/* mstatus.FS: Off traps, any FP state change makes it Dirty (and SD) */
static void test_fs(void)
{
    static const char *const models[] = { "rv64", "rv32" };

    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        Harness *h = harness_new(models[i]);
        CPURISCVState *env = h->env;
        uint64_t sd = env->xl32 ? MSTATUS32_SD : MSTATUS64_SD;

        g_assert_cmphex(read_mstatus(h) & (MSTATUS_FS | sd), ==, 0);
        g_assert_cmpint(run_insn(h, FMV_W_X), ==, RISCV_EXEC_TRAP);
        env->pc = RAM_BASE;
        /* Clean: a compare without flags leaves it Clean */
        set_fs(h, EXT_STATUS_CLEAN);
        env->fpr[1] = env->fpr[2] = BOX | ONE_S;
        g_assert_cmpint(run_insn(h, FEQ_S), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->gpr[4], ==, 1);
        g_assert_cmphex(read_mstatus(h) & (MSTATUS_FS | sd), ==,
                        (uint64_t)EXT_STATUS_CLEAN << MSTATUS_FS_SHIFT);
        /* a store does not change FP state */
        env->gpr[1] = RAM_BASE + 0x1000;
        g_assert_cmpint(run_insn(h, enc_s(0x27, 3, 1, 2, 0)), ==,
                        RISCV_EXEC_NEXT);
        g_assert_cmphex(read_mstatus(h) & MSTATUS_FS, ==,
                        (uint64_t)EXT_STATUS_CLEAN << MSTATUS_FS_SHIFT);
        /* raising a flag dirties it */
        env->fpr[1] = BOX | 0x40200000;
        g_assert_cmpint(run_insn(h, FCVT_X_S(0, RNE)), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(read_mstatus(h) & (MSTATUS_FS | sd), ==,
                        MSTATUS_FS | sd);
        /* an f register write dirties it */
        set_fs(h, EXT_STATUS_INITIAL);
        g_assert_cmpint(run_insn(h, FMV_W_X), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(read_mstatus(h) & (MSTATUS_FS | sd), ==,
                        MSTATUS_FS | sd);
        /* so does an fcsr write */
        set_fs(h, EXT_STATUS_CLEAN);
        g_assert_cmpint(riscv_csrrw(env, CSR_FRM, NULL, 1, ~0ULL), ==,
                        RISCV_EXCP_NONE);
        g_assert_cmphex(read_mstatus(h) & MSTATUS_FS, ==, MSTATUS_FS);
        /* sstatus shows FS and SD too */
        g_assert_cmpint(riscv_csrrw(env, CSR_SSTATUS, &sd, 0, 0), ==,
                        RISCV_EXCP_NONE);
        g_assert_cmphex(sd & MSTATUS_FS, ==, MSTATUS_FS);
        harness_free(h);
    }
}

/* Loads and stores, NaN-boxing, compressed FP loads/stores */
static void test_load_store(void)
{
    static const char *const models[] = { "rv64", "rv32" };

    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        Harness *h = fpu_harness(models[i]);
        CPURISCVState *env = h->env;
        uint64_t buf = RAM_BASE + 0x2000;

        put64(h, buf, 0x400921fb54442d18ULL);
        env->gpr[10] = buf;
        /* fld f5, 0(a0); fsd f5, 8(a0) */
        g_assert_cmpint(run_insn(h, enc_i(0x07, 5, 3, 10, 0)), ==,
                        RISCV_EXEC_NEXT);
        g_assert_cmphex(env->fpr[5], ==, 0x400921fb54442d18ULL);
        g_assert_cmpint(run_insn(h, enc_s(0x27, 3, 10, 5, 8)), ==,
                        RISCV_EXEC_NEXT);
        g_assert_cmphex(get64(h, buf + 8), ==, 0x400921fb54442d18ULL);
        /* flw boxes; fsw stores the low 32 bits even if unboxed */
        g_assert_cmpint(run_insn(h, enc_i(0x07, 6, 2, 10, 4)), ==,
                        RISCV_EXEC_NEXT);
        g_assert_cmphex(env->fpr[6], ==, BOX | 0x400921fb);
        env->fpr[7] = 0x00000000c0490fdbULL;
        g_assert_cmpint(run_insn(h, enc_s(0x27, 2, 10, 7, 16)), ==,
                        RISCV_EXEC_NEXT);
        g_assert_cmphex(get64(h, buf + 16) & 0xffffffff, ==, 0xc0490fdb);
        /* an unboxed single operand reads as the canonical NaN */
        env->fpr[1] = 0x000000003f800000ULL;
        env->fpr[2] = BOX | ONE_S;
        g_assert_cmpint(run_insn(h, FADD_S(RNE)), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->fpr[4], ==, BOX | CNAN_S);
        g_assert_cmpint(run_insn(h, FSGNJ_S(1)), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->fpr[4], ==, BOX | 0xffc00000);
        g_assert_cmpint(run_insn(h, FCLASS_S), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->gpr[4], ==, 1 << 9);
        /* fmv.x.w does not check the boxing */
        g_assert_cmpint(run_insn(h, FMV_X_W), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->gpr[4], ==, 0x3f800000);
        /* c.fldsp f8, 8(sp); c.fsdsp f8, 24(sp) */
        env->gpr[2] = buf;
        g_assert_cmpint(run_insn(h, 0x2422), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(env->fpr[8], ==, 0x400921fb54442d18ULL);
        g_assert_cmpint(run_insn(h, 0xac22), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(get64(h, buf + 24), ==, 0x400921fb54442d18ULL);
        if (env->xl32) {
            /* c.flwsp f9, 4(sp); c.fswsp f9, 32(sp) */
            g_assert_cmpint(run_insn(h, 0x6492), ==, RISCV_EXEC_NEXT);
            g_assert_cmphex(env->fpr[9], ==, BOX | 0x400921fb);
            g_assert_cmpint(run_insn(h, 0xf026), ==, RISCV_EXEC_NEXT);
            g_assert_cmphex(get64(h, buf + 32) & 0xffffffff, ==,
                            0x400921fb);
        }
        /* a faulting FP load traps with the address */
        env->gpr[10] = 0x1000;
        g_assert_cmpint(run_insn(h, enc_i(0x07, 5, 3, 10, 0)), ==,
                        RISCV_EXEC_TRAP);
        g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_ACCESS_FAULT);
        g_assert_cmphex(env->mtval, ==, 0x1000);
        harness_free(h);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/riscv-fpu/vectors-rv64", test_vectors_rv64);
    g_test_add_func("/riscv-fpu/vectors-rv32", test_vectors_rv32);
    g_test_add_func("/riscv-fpu/rounding-csrs", test_rounding_csrs);
    g_test_add_func("/riscv-fpu/fs", test_fs);
    g_test_add_func("/riscv-fpu/load-store", test_load_store);
    return g_test_run();
}
