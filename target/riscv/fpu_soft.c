/*
 * IEEE 754 binary32/binary64 arithmetic in software, RISC-V flavour.
 *
 * Finite nonzero values are unpacked to (sign, e, sig) with the leading
 * one of sig at bit 62, so value = sig * 2^(e - 62).  Low-order bits that
 * are shifted out are "jammed" into bit 0 (sticky), which keeps the
 * result of the exact operation distinguishable for every rounding mode.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "target/riscv/fpu_soft.h"

typedef unsigned __int128 u128;

enum { CLS_ZERO, CLS_NORMAL, CLS_INF, CLS_QNAN, CLS_SNAN };

typedef struct Unpacked {
    int cls;
    bool sign;
    int32_t e;          /* exponent of the leading bit (bit 62 of sig) */
    uint64_t sig;
} Unpacked;

static inline int fbits(SFFmt f)
{
    return f ? 52 : 23;
}

static inline int ebits(SFFmt f)
{
    return f ? 11 : 8;
}

static inline int bias(SFFmt f)
{
    return f ? 1023 : 127;
}

static inline int sign_pos(SFFmt f)
{
    return f ? 63 : 31;
}

static inline uint64_t canon_nan(SFFmt f)
{
    return f ? F64_CANON_NAN : F32_CANON_NAN;
}

static inline uint64_t pack_inf(SFFmt f, bool sign)
{
    return ((uint64_t)sign << sign_pos(f)) |
           (((1ULL << ebits(f)) - 1) << fbits(f));
}

static inline uint64_t pack_zero(SFFmt f, bool sign)
{
    return (uint64_t)sign << sign_pos(f);
}

static Unpacked unpack(SFFmt f, uint64_t v)
{
    int fb = fbits(f);
    uint64_t emask = (1ULL << ebits(f)) - 1;
    uint64_t frac = v & ((1ULL << fb) - 1);
    uint64_t ex = (v >> fb) & emask;
    Unpacked u = { .sign = (v >> sign_pos(f)) & 1 };

    if (ex == emask) {
        u.cls = frac == 0 ? CLS_INF :
                (frac >> (fb - 1)) & 1 ? CLS_QNAN : CLS_SNAN;
    } else if (ex == 0) {
        if (frac == 0) {
            u.cls = CLS_ZERO;
        } else {
            int msb = 63 - __builtin_clzll(frac);
            u.cls = CLS_NORMAL;
            u.sig = frac << (62 - msb);
            u.e = msb + 1 - bias(f) - fb;
        }
    } else {
        u.cls = CLS_NORMAL;
        u.sig = (frac | (1ULL << fb)) << (62 - fb);
        u.e = (int32_t)ex - bias(f);
    }
    return u;
}

static inline bool is_nan(const Unpacked *u)
{
    return u->cls >= CLS_QNAN;
}

/* Does rounding increment the kept part, given the discarded part? */
static inline bool round_up(int rm, bool sign, bool lsb, uint64_t rem,
                            uint64_t half)
{
    switch (rm) {
    case RISCV_FRM_RNE:
        return rem > half || (rem == half && lsb);
    case RISCV_FRM_RTZ:
        return false;
    case RISCV_FRM_RDN:
        return sign && rem;
    case RISCV_FRM_RUP:
        return !sign && rem;
    default: /* RMM */
        return rem >= half;
    }
}

/*
 * sig >> shift rounded per @rm; *inexact set if bits were discarded.
 * sig < 2^63.
 */
static uint64_t shift_round(uint64_t sig, int shift, int rm, bool sign,
                            bool *inexact)
{
    uint64_t m, rem, half;

    if (shift == 0) {
        *inexact = false;
        return sig;
    }
    if (shift > 64) {
        m = 0;
        rem = sig != 0;
        half = 2;           /* nonzero and below one half */
    } else if (shift == 64) {
        m = 0;
        rem = sig;
        half = 1ULL << 63;
    } else {
        m = sig >> shift;
        rem = sig & ((1ULL << shift) - 1);
        half = 1ULL << (shift - 1);
    }
    *inexact = rem != 0;
    return m + round_up(rm, sign, m & 1, rem, half);
}

/* Round (sign, e, sig) with the leading bit of sig at bit 62 and pack. */
static uint64_t round_pack(SFFmt f, bool sign, int32_t e, uint64_t sig,
                           int rm, uint32_t *flags)
{
    int fb = fbits(f), p = fb + 1, shift = 62 - fb;
    int32_t biased = e + bias(f);
    int32_t emax = (1 << ebits(f)) - 1;
    uint64_t s = (uint64_t)sign << sign_pos(f);
    uint64_t m;
    bool inexact;

    if (biased >= 1) {
        m = shift_round(sig, shift, rm, sign, &inexact);
        if (m >> p) {
            m >>= 1;
            biased++;
        }
        if (biased >= emax) {
            bool to_inf = rm == RISCV_FRM_RNE || rm == RISCV_FRM_RMM ||
                          (rm == RISCV_FRM_RDN && sign) ||
                          (rm == RISCV_FRM_RUP && !sign);
            *flags |= FFLAG_OF | FFLAG_NX;
            return to_inf ? pack_inf(f, sign) : pack_inf(f, sign) - 1;
        }
        if (inexact) {
            *flags |= FFLAG_NX;
        }
        /* the implicit bit of m carries into the exponent field */
        return s | ((((uint64_t)biased - 1) << fb) + m);
    }

    /*
     * Subnormal range.  Tininess after rounding: the value is tiny unless
     * rounding it to p bits with an unbounded exponent reaches 2^emin.
     */
    bool tiny = true;
    if (biased == 0) {
        bool ign;
        tiny = !(shift_round(sig, shift, rm, sign, &ign) >> p);
    }
    m = shift_round(sig, shift + 1 - biased, rm, sign, &inexact);
    if (inexact) {
        *flags |= FFLAG_NX | (tiny ? FFLAG_UF : 0);
    }
    return s | m;   /* m == 2^fb is the smallest normal: exponent 1 */
}

/* Round and pack sig * 2^exp2, sig != 0 */
static uint64_t pack64(SFFmt f, bool sign, int32_t exp2, uint64_t sig,
                       int rm, uint32_t *flags)
{
    int msb = 63 - __builtin_clzll(sig);

    if (msb == 63) {
        sig = (sig >> 1) | (sig & 1);
    } else {
        sig <<= 62 - msb;
    }
    return round_pack(f, sign, exp2 + msb, sig, rm, flags);
}

/* Round and pack sig * 2^exp2, sig != 0 */
static uint64_t pack128(SFFmt f, bool sign, int32_t exp2, u128 sig, int rm,
                        uint32_t *flags)
{
    uint64_t hi = sig >> 64;
    int msb = hi ? 127 - __builtin_clzll(hi)
                 : 63 - __builtin_clzll((uint64_t)sig);
    uint64_t s;

    if (msb > 62) {
        int sh = msb - 62;
        s = (uint64_t)(sig >> sh) |
            ((sig & (((u128)1 << sh) - 1)) != 0);
    } else {
        s = (uint64_t)sig << (62 - msb);
    }
    return round_pack(f, sign, exp2 + msb, s, rm, flags);
}

static inline u128 shift_jam128(u128 x, int32_t d)
{
    if (d == 0) {
        return x;
    }
    if (d >= 128) {
        return x != 0;
    }
    return (x >> d) | ((x & (((u128)1 << d) - 1)) != 0);
}

/* NaN operands: canonical NaN, NV if any is signaling */
static uint64_t nan_result(SFFmt f, const Unpacked *a, const Unpacked *b,
                           uint32_t *flags)
{
    if (a->cls == CLS_SNAN || (b && b->cls == CLS_SNAN)) {
        *flags |= FFLAG_NV;
    }
    return canon_nan(f);
}

uint64_t sf_add(SFFmt f, uint64_t a, uint64_t b, bool sub, int rm,
                uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    u128 sx, sy, sum;
    int32_t d;

    if (is_nan(&x) || is_nan(&y)) {
        return nan_result(f, &x, &y, flags);
    }
    y.sign ^= sub;
    if (x.cls == CLS_INF) {
        if (y.cls == CLS_INF && x.sign != y.sign) {
            *flags |= FFLAG_NV;
            return canon_nan(f);
        }
        return pack_inf(f, x.sign);
    }
    if (y.cls == CLS_INF) {
        return pack_inf(f, y.sign);
    }
    if (x.cls == CLS_ZERO && y.cls == CLS_ZERO) {
        return pack_zero(f, x.sign == y.sign ? x.sign
                                              : rm == RISCV_FRM_RDN);
    }
    if (x.cls == CLS_ZERO) {
        return b ^ ((uint64_t)sub << sign_pos(f));
    }
    if (y.cls == CLS_ZERO) {
        return a;
    }
    if (x.e < y.e || (x.e == y.e && x.sig < y.sig)) {
        Unpacked t = x;
        x = y;
        y = t;
    }
    /* 128-bit: the smaller operand keeps 64 more bits before jamming */
    d = x.e - y.e;
    sx = (u128)x.sig << 64;
    sy = shift_jam128((u128)y.sig << 64, d);
    if (x.sign == y.sign) {
        sum = sx + sy;
    } else {
        sum = sx - sy;
        if (sum == 0) {
            return pack_zero(f, rm == RISCV_FRM_RDN);
        }
    }
    return pack128(f, x.sign, x.e - 126, sum, rm, flags);
}

uint64_t sf_mul(SFFmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;

    if (is_nan(&x) || is_nan(&y)) {
        return nan_result(f, &x, &y, flags);
    }
    if ((x.cls == CLS_INF && y.cls == CLS_ZERO) ||
        (x.cls == CLS_ZERO && y.cls == CLS_INF)) {
        *flags |= FFLAG_NV;
        return canon_nan(f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        return pack_inf(f, sign);
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
        return pack_zero(f, sign);
    }
    return pack128(f, sign, x.e + y.e - 124, (u128)x.sig * y.sig, rm,
                   flags);
}

uint64_t sf_div(SFFmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;
    u128 num, q;

    if (is_nan(&x) || is_nan(&y)) {
        return nan_result(f, &x, &y, flags);
    }
    if ((x.cls == CLS_INF && y.cls == CLS_INF) ||
        (x.cls == CLS_ZERO && y.cls == CLS_ZERO)) {
        *flags |= FFLAG_NV;
        return canon_nan(f);
    }
    if (x.cls == CLS_INF) {
        return pack_inf(f, sign);
    }
    if (y.cls == CLS_ZERO) {
        *flags |= FFLAG_DZ;
        return pack_inf(f, sign);
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_INF) {
        return pack_zero(f, sign);
    }
    num = (u128)x.sig << 64;
    q = num / y.sig;
    q |= (num % y.sig) != 0;
    return pack128(f, sign, x.e - y.e - 64, q, rm, flags);
}

/* floor(sqrt(n)) for n < 2^128 */
static uint64_t isqrt128(u128 n)
{
    double est = sqrt((double)n);
    u128 r = est >= 18446744073709551615.0 ? ~0ULL : (uint64_t)est;

    if (r == 0) {
        r = 1;
    }
    r = (r + n / r) / 2;            /* one Newton step: ~106 bits */
    if (r > ~0ULL) {
        r = ~0ULL;
    }
    while (r * r > n) {
        r--;
    }
    while (r + 1 <= n / (r + 1)) {
        r++;
    }
    return r;
}

uint64_t sf_sqrt(SFFmt f, uint64_t a, int rm, uint32_t *flags)
{
    Unpacked x = unpack(f, a);
    int32_t e2;
    u128 n;
    uint64_t r;

    if (is_nan(&x)) {
        return nan_result(f, &x, NULL, flags);
    }
    if (x.cls == CLS_ZERO) {
        return a;
    }
    if (x.sign) {
        *flags |= FFLAG_NV;
        return canon_nan(f);
    }
    if (x.cls == CLS_INF) {
        return a;
    }
    /* value = sig * 2^(e - 62); make the exponent even */
    e2 = x.e - 62;
    n = (u128)x.sig << 64;
    if (e2 & 1) {
        n <<= 1;
        e2 -= 1;
    }
    e2 -= 64;
    r = isqrt128(n);
    return pack64(f, false, e2 / 2, r | ((u128)r * r != n), rm, flags);
}

uint64_t sf_fma(SFFmt f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                bool neg_c, int rm, uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    bool sp = x.sign ^ y.sign ^ neg_prod, sc = z.sign ^ neg_c;
    bool inf_zero = (x.cls == CLS_INF && y.cls == CLS_ZERO) ||
                    (x.cls == CLS_ZERO && y.cls == CLS_INF);
    u128 p, q, sum;
    int32_t ep, ec;

    if (is_nan(&x) || is_nan(&y) || is_nan(&z)) {
        /* inf * 0 is invalid even when the addend is a quiet NaN */
        if (inf_zero || z.cls == CLS_SNAN) {
            *flags |= FFLAG_NV;
        }
        return nan_result(f, &x, &y, flags);
    }
    if (inf_zero) {
        *flags |= FFLAG_NV;
        return canon_nan(f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        if (z.cls == CLS_INF && sc != sp) {
            *flags |= FFLAG_NV;
            return canon_nan(f);
        }
        return pack_inf(f, sp);
    }
    if (z.cls == CLS_INF) {
        return pack_inf(f, sc);
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
        if (z.cls == CLS_ZERO) {
            return pack_zero(f, sp == sc ? sp : rm == RISCV_FRM_RDN);
        }
        return c ^ ((uint64_t)neg_c << sign_pos(f));
    }
    p = (u128)x.sig * y.sig;            /* leading bit at 124 or 125 */
    ep = x.e + y.e - 124;
    if (z.cls == CLS_ZERO) {
        return pack128(f, sp, ep, p, rm, flags);
    }
    q = (u128)z.sig << 62;              /* leading bit at 124 */
    ec = z.e - 124;
    /* align to the larger exponent; the other is shifted with jamming */
    if (ep >= ec) {
        q = shift_jam128(q, ep - ec);
    } else {
        p = shift_jam128(p, ec - ep);
        ep = ec;
    }
    if (sp == sc) {
        sum = p + q;
    } else if (p >= q) {
        sum = p - q;
    } else {
        sum = q - p;
        sp = sc;
    }
    if (sum == 0) {
        return pack_zero(f, rm == RISCV_FRM_RDN);
    }
    return pack128(f, sp, ep, sum, rm, flags);
}

uint64_t sf_minmax(SFFmt f, uint64_t a, uint64_t b, bool max,
                   uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    bool a_less;

    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == CLS_SNAN || y.cls == CLS_SNAN) {
            *flags |= FFLAG_NV;
        }
        if (is_nan(&x) && is_nan(&y)) {
            return canon_nan(f);
        }
        return is_nan(&x) ? b : a;
    }
    if (x.sign != y.sign) {
        a_less = x.sign;                /* also -0 < +0 */
    } else {
        uint64_t mask = (1ULL << sign_pos(f)) - 1;
        a_less = x.sign ? (a & mask) > (b & mask) : (a & mask) < (b & mask);
    }
    return a_less == max ? b : a;
}

bool sf_eq(SFFmt f, uint64_t a, uint64_t b, uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);

    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == CLS_SNAN || y.cls == CLS_SNAN) {
            *flags |= FFLAG_NV;
        }
        return false;
    }
    return a == b || (x.cls == CLS_ZERO && y.cls == CLS_ZERO);
}

bool sf_lt(SFFmt f, uint64_t a, uint64_t b, bool le, uint32_t *flags)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    uint64_t mask = (1ULL << sign_pos(f)) - 1;

    if (is_nan(&x) || is_nan(&y)) {
        *flags |= FFLAG_NV;
        return false;
    }
    if (x.cls == CLS_ZERO && y.cls == CLS_ZERO) {
        return le;
    }
    if (a == b) {
        return le;
    }
    if (x.sign != y.sign) {
        return x.sign;
    }
    return x.sign ? (a & mask) > (b & mask) : (a & mask) < (b & mask);
}

uint64_t sf_class(SFFmt f, uint64_t a)
{
    Unpacked x = unpack(f, a);
    bool sub = ((a >> fbits(f)) & ((1ULL << ebits(f)) - 1)) == 0;

    switch (x.cls) {
    case CLS_INF:
        return x.sign ? 1 << 0 : 1 << 7;
    case CLS_ZERO:
        return x.sign ? 1 << 3 : 1 << 4;
    case CLS_SNAN:
        return 1 << 8;
    case CLS_QNAN:
        return 1 << 9;
    default:
        if (sub) {
            return x.sign ? 1 << 2 : 1 << 5;
        }
        return x.sign ? 1 << 1 : 1 << 6;
    }
}

uint64_t sf_to_int(SFFmt f, uint64_t a, int bits, bool is_signed, int rm,
                   uint32_t *flags)
{
    Unpacked x = unpack(f, a);
    uint64_t umax = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
    uint64_t smax = umax >> 1;
    uint64_t m;
    bool inexact = false;

    if (is_nan(&x)) {
        *flags |= FFLAG_NV;
        return is_signed ? smax : umax;
    }
    if (x.cls == CLS_ZERO) {
        return 0;
    }
    if (x.cls == CLS_INF || x.e >= 64) {
        goto invalid;
    }
    if (x.e >= 62) {
        m = x.sig << (x.e - 62);
    } else {
        m = shift_round(x.sig, 62 - x.e, rm, x.sign, &inexact);
    }
    if (is_signed ? m > smax + x.sign : (x.sign ? m != 0 : m > umax)) {
        goto invalid;
    }
    if (inexact) {
        *flags |= FFLAG_NX;
    }
    return x.sign ? -m : m;

invalid:
    *flags |= FFLAG_NV;
    if (is_signed) {
        return x.sign ? -(smax + 1) : smax;
    }
    return x.sign ? 0 : umax;
}

uint64_t sf_from_int(SFFmt f, bool neg, uint64_t mag, int rm,
                     uint32_t *flags)
{
    if (mag == 0) {
        return 0;
    }
    return pack64(f, neg, 0, mag, rm, flags);
}

uint64_t sf_convert(SFFmt from, SFFmt to, uint64_t a, int rm,
                    uint32_t *flags)
{
    Unpacked x = unpack(from, a);

    switch (x.cls) {
    case CLS_QNAN:
    case CLS_SNAN:
        nan_result(to, &x, NULL, flags);
        return canon_nan(to);
    case CLS_INF:
        return pack_inf(to, x.sign);
    case CLS_ZERO:
        return pack_zero(to, x.sign);
    default:
        return round_pack(to, x.sign, x.e, x.sig, rm, flags);
    }
}
