/*
 * RISC-V ACLINT: MTIMER (mtime from QEMU_CLOCK_VIRTUAL at timebase-freq,
 * mtimecmp per hart driving MTIP through a QEMUTimer) and MSWI/SSWI
 * (per-hart software interrupt bits).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/intc/riscv_aclint.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

/* a * b / c without intermediate overflow; saturates at UINT64_MAX */
static uint64_t muldiv64_sat(uint64_t a, uint64_t b, uint64_t c, bool ceil)
{
    unsigned __int128 r = (unsigned __int128)a * b;

    r = ceil ? (r + c - 1) / c : r / c;
    return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

/* ---- MTIMER -------------------------------------------------------------- */

/* The clock's ticks at timebase-freq, before time_delta. */
static uint64_t mtimer_raw_ticks(RISCVAclintMTimerState *mt)
{
    return muldiv64_sat(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL),
                        mt->timebase_freq, NANOSECONDS_PER_SECOND, false);
}

static uint64_t mtimer_get_mtime(RISCVAclintMTimerState *mt)
{
    return mtimer_raw_ticks(mt) + mt->time_delta;
}

uint64_t riscv_aclint_mtimer_get_time(void *opaque)
{
    /* Called on every rdtime: a plain cast, the device is the state. */
    RISCVAclintMTimerState *mt = opaque;

    return mtimer_get_mtime(mt);
}

/*
 * Set hart @i's mtimecmp: raise MTIP now if it is not in the future,
 * otherwise lower it and arm the timer for the moment mtime gets there.
 */
static void mtimer_write_timecmp(RISCVAclintMTimerState *mt, uint32_t i,
                                 uint64_t value)
{
    uint64_t now = mtimer_get_mtime(mt);
    uint64_t ns_diff;
    int64_t now_ns;

    mt->timecmp[i] = value;
    if (value <= now) {
        timer_del(mt->timers[i]);
        qemu_irq_raise(mt->timer_irqs[i]);
        return;
    }

    qemu_irq_lower(mt->timer_irqs[i]);
    ns_diff = muldiv64_sat(value - now, NANOSECONDS_PER_SECOND,
                           mt->timebase_freq, true);
    now_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (ns_diff >= (uint64_t)(INT64_MAX - now_ns)) {
        /* Too far away to ever happen. */
        timer_del(mt->timers[i]);
        return;
    }
    timer_mod_ns(mt->timers[i], now_ns + ns_diff);
}

typedef struct MTimerCallback {
    RISCVAclintMTimerState *mt;
    uint32_t num;
} MTimerCallback;

static void mtimer_cb(void *opaque)
{
    MTimerCallback *cb = opaque;
    RISCVAclintMTimerState *mt = cb->mt;

    /* Re-checks (and re-arms if the clock rounding left us early). */
    mtimer_write_timecmp(mt, cb->num, mt->timecmp[cb->num]);
}

static void mtimer_recheck_all(RISCVAclintMTimerState *mt)
{
    uint32_t i;

    for (i = 0; i < mt->num_harts; i++) {
        mtimer_write_timecmp(mt, i, mt->timecmp[i]);
    }
}

static uint64_t riscv_aclint_mtimer_read(void *opaque, hwaddr addr,
                                         unsigned size)
{
    RISCVAclintMTimerState *mt = opaque;

    if (addr >= mt->timecmp_base &&
        addr - mt->timecmp_base < (uint64_t)mt->num_harts * 8) {
        uint32_t i = (addr - mt->timecmp_base) >> 3;
        uint64_t timecmp = mt->timecmp[i];

        if ((addr & 7) == 0) {
            return size == 4 ? (timecmp & 0xffffffff) : timecmp;
        } else if ((addr & 7) == 4 && size == 4) {
            return timecmp >> 32;
        }
    } else if (addr == mt->time_base) {
        uint64_t now = mtimer_get_mtime(mt);

        return size == 4 ? (now & 0xffffffff) : now;
    } else if (addr == mt->time_base + 4 && size == 4) {
        return mtimer_get_mtime(mt) >> 32;
    }

    qemu_log_mask(LOG_GUEST_ERROR,
                  "aclint-mtimer: invalid %u-byte read at 0x%" HWADDR_PRIx
                  "\n", size, addr);
    return 0;
}

static void riscv_aclint_mtimer_write(void *opaque, hwaddr addr,
                                      uint64_t value, unsigned size)
{
    RISCVAclintMTimerState *mt = opaque;

    if (addr >= mt->timecmp_base &&
        addr - mt->timecmp_base < (uint64_t)mt->num_harts * 8) {
        uint32_t i = (addr - mt->timecmp_base) >> 3;
        uint64_t old = mt->timecmp[i];

        if ((addr & 7) == 0) {
            if (size == 4) {
                value = (old & ~0xffffffffULL) | (value & 0xffffffff);
            }
            mtimer_write_timecmp(mt, i, value);
            return;
        } else if ((addr & 7) == 4 && size == 4) {
            mtimer_write_timecmp(mt, i, (value << 32) | (old & 0xffffffff));
            return;
        }
    } else if ((addr == mt->time_base) ||
               (addr == mt->time_base + 4 && size == 4)) {
        uint64_t raw = mtimer_raw_ticks(mt);
        uint64_t now = raw + mt->time_delta;
        uint64_t new_time;

        if (addr == mt->time_base) {
            new_time = size == 4 ?
                (now & ~0xffffffffULL) | (value & 0xffffffff) : value;
        } else {
            new_time = (value << 32) | (now & 0xffffffff);
        }
        mt->time_delta = new_time - raw;
        /* Every comparison changed. */
        mtimer_recheck_all(mt);
        return;
    }

    qemu_log_mask(LOG_GUEST_ERROR,
                  "aclint-mtimer: invalid %u-byte write of 0x%" PRIx64
                  " at 0x%" HWADDR_PRIx "\n", size, value, addr);
}

static const MemoryRegionOps riscv_aclint_mtimer_ops = {
    .read = riscv_aclint_mtimer_read,
    .write = riscv_aclint_mtimer_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 8,
};

static void riscv_aclint_mtimer_realize(DeviceState *dev, Error **errp)
{
    RISCVAclintMTimerState *s = RISCV_ACLINT_MTIMER(dev);
    uint32_t i;

    if (s->num_harts == 0 || s->num_harts > RISCV_ACLINT_MAX_HARTS) {
        error_setg(errp, "aclint-mtimer: num-harts %u is invalid, expected "
                   "1..%u", s->num_harts, RISCV_ACLINT_MAX_HARTS);
        return;
    }
    if (!s->timebase_freq) {
        error_setg(errp, "aclint-mtimer: timebase-freq must be set, e.g. "
                   "%u", RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ);
        return;
    }
    if ((s->timecmp_base & 7) || (s->time_base & 7)) {
        error_setg(errp, "aclint-mtimer: timecmp-base 0x%x and time-base "
                   "0x%x must be multiples of 8", s->timecmp_base,
                   s->time_base);
        return;
    }
    if (!s->aperture_size) {
        error_setg(errp, "aclint-mtimer: aperture-size must not be 0");
        return;
    }

    memory_region_init_io(&s->mmio, OBJECT(dev), &riscv_aclint_mtimer_ops,
                          s, TYPE_RISCV_ACLINT_MTIMER, s->aperture_size);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mmio);

    s->timer_irqs = g_new0(qemu_irq, s->num_harts);
    qdev_init_gpio_out(dev, s->timer_irqs, s->num_harts);

    s->timecmp = g_new0(uint64_t, s->num_harts);
    s->timers = g_new0(QEMUTimer *, s->num_harts);
    for (i = 0; i < s->num_harts; i++) {
        MTimerCallback *cb = g_new0(MTimerCallback, 1);

        cb->mt = s;
        cb->num = i;
        s->timers[i] = timer_new_ns(QEMU_CLOCK_VIRTUAL, mtimer_cb, cb);
    }
}

static void riscv_aclint_mtimer_finalize(Object *obj)
{
    RISCVAclintMTimerState *s = RISCV_ACLINT_MTIMER(obj);
    uint32_t i;

    if (s->timers) {
        for (i = 0; i < s->num_harts; i++) {
            if (s->timers[i]) {
                g_free(s->timers[i]->opaque);
                timer_free(s->timers[i]);
            }
        }
    }
    g_free(s->timers);
    g_free(s->timecmp);
    g_free(s->timer_irqs);
}

static void riscv_aclint_mtimer_reset(DeviceState *dev)
{
    RISCVAclintMTimerState *s = RISCV_ACLINT_MTIMER(dev);

    if (!s->timecmp) {
        return;     /* not realized */
    }
    /*
     * The ACLINT spec clears mtime on reset and leaves mtimecmp
     * unknown: keep it, like QEMU, and re-evaluate MTIP.
     */
    s->time_delta = -mtimer_raw_ticks(s);
    mtimer_recheck_all(s);
}

/* An array of num_harts pointers to timers, as QEMU's macro of that name */
#ifndef VMSTATE_TIMER_PTR_VARRAY
#define VMSTATE_TIMER_PTR_VARRAY(_f, _s, _f_n) {                           \
    .name       = (stringify(_f)),                                         \
    .num_offset = vmstate_offset_value(_s, _f_n, uint32_t),                \
    .info       = &vmstate_info_timer,                                     \
    .size       = sizeof(QEMUTimer *),                                     \
    .flags      = VMS_VARRAY_UINT32 | VMS_ARRAY_OF_POINTER | VMS_POINTER,  \
    .offset     = vmstate_offset_pointer(_s, _f, QEMUTimer *),             \
}
#endif

static const VMStateDescription vmstate_riscv_mtimer = {
    .name = "riscv_mtimer",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(time_delta, RISCVAclintMTimerState),
        VMSTATE_VARRAY_UINT32(timecmp, RISCVAclintMTimerState, num_harts, 0,
                              vmstate_info_uint64, uint64_t),
        /* armed at the same virtual time: the clock is migrated too */
        VMSTATE_TIMER_PTR_VARRAY(timers, RISCVAclintMTimerState, num_harts),
        VMSTATE_END_OF_LIST()
    }
};

static const Property riscv_aclint_mtimer_properties[] = {
    DEFINE_PROP_UINT32("hartid-base", RISCVAclintMTimerState,
                       hartid_base, 0),
    DEFINE_PROP_UINT32("num-harts", RISCVAclintMTimerState, num_harts, 1),
    DEFINE_PROP_UINT32("timecmp-base", RISCVAclintMTimerState,
                       timecmp_base, RISCV_ACLINT_DEFAULT_MTIMECMP),
    DEFINE_PROP_UINT32("time-base", RISCVAclintMTimerState,
                       time_base, RISCV_ACLINT_DEFAULT_MTIME),
    DEFINE_PROP_UINT32("aperture-size", RISCVAclintMTimerState,
                       aperture_size, RISCV_ACLINT_DEFAULT_MTIMER_SIZE),
    DEFINE_PROP_UINT32("timebase-freq", RISCVAclintMTimerState,
                       timebase_freq, 0),
};

static void riscv_aclint_mtimer_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = riscv_aclint_mtimer_realize;
    dc->vmsd = &vmstate_riscv_mtimer;
    device_class_set_legacy_reset(dc, riscv_aclint_mtimer_reset);
    device_class_set_props(dc, riscv_aclint_mtimer_properties);
}

static const TypeInfo riscv_aclint_mtimer_info = {
    .name = TYPE_RISCV_ACLINT_MTIMER,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(RISCVAclintMTimerState),
    .instance_finalize = riscv_aclint_mtimer_finalize,
    .class_init = riscv_aclint_mtimer_class_init,
};

DeviceState *riscv_aclint_mtimer_create(hwaddr addr, hwaddr size,
    uint32_t hartid_base, uint32_t num_harts,
    uint32_t timecmp_base, uint32_t time_base, uint32_t timebase_freq,
    bool provide_rdtime)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_MTIMER);

    qdev_prop_set_uint32(dev, "hartid-base", hartid_base);
    qdev_prop_set_uint32(dev, "num-harts", num_harts);
    qdev_prop_set_uint32(dev, "timecmp-base", timecmp_base);
    qdev_prop_set_uint32(dev, "time-base", time_base);
    qdev_prop_set_uint32(dev, "aperture-size", size);
    qdev_prop_set_uint32(dev, "timebase-freq", timebase_freq);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    return dev;
}

void riscv_aclint_mtimer_connect_harts(DeviceState *dev, qemu_irq *mtip)
{
    RISCVAclintMTimerState *s = RISCV_ACLINT_MTIMER(dev);
    uint32_t i;

    for (i = 0; i < s->num_harts; i++) {
        if (mtip[i]) {
            qdev_connect_gpio_out(dev, i, mtip[i]);
        }
    }
}

/* ---- MSWI / SSWI --------------------------------------------------------- */

static uint64_t riscv_aclint_swi_read(void *opaque, hwaddr addr,
                                      unsigned size)
{
    RISCVAclintSwiState *swi = opaque;

    if (addr < (uint64_t)swi->num_harts * 4 && (addr & 3) == 0) {
        /* SETSSIP always reads 0. */
        return swi->sswi ? 0 : swi->msip[addr >> 2];
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "aclint-swi: invalid read at 0x%" HWADDR_PRIx "\n", addr);
    return 0;
}

static void riscv_aclint_swi_write(void *opaque, hwaddr addr, uint64_t value,
                                   unsigned size)
{
    RISCVAclintSwiState *swi = opaque;

    if (addr < (uint64_t)swi->num_harts * 4 && (addr & 3) == 0) {
        uint32_t i = addr >> 2;

        if (value & 1) {
            swi->msip[i] = 1;
            qemu_irq_raise(swi->soft_irqs[i]);
        } else if (!swi->sswi) {
            /* SSWI: writing 0 does nothing; software clears sip.SSIP. */
            swi->msip[i] = 0;
            qemu_irq_lower(swi->soft_irqs[i]);
        }
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "aclint-swi: invalid write of 0x%" PRIx64 " at 0x%"
                  HWADDR_PRIx "\n", value, addr);
}

static const MemoryRegionOps riscv_aclint_swi_ops = {
    .read = riscv_aclint_swi_read,
    .write = riscv_aclint_swi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void riscv_aclint_swi_realize(DeviceState *dev, Error **errp)
{
    RISCVAclintSwiState *swi = RISCV_ACLINT_SWI(dev);

    if (swi->num_harts == 0 || swi->num_harts > RISCV_ACLINT_MAX_HARTS) {
        error_setg(errp, "aclint-swi: num-harts %u is invalid, expected "
                   "1..%u", swi->num_harts, RISCV_ACLINT_MAX_HARTS);
        return;
    }
    if (swi->sswi > 1) {
        error_setg(errp, "aclint-swi: sswi %u is invalid, expected 0 or 1",
                   swi->sswi);
        return;
    }

    memory_region_init_io(&swi->mmio, OBJECT(dev), &riscv_aclint_swi_ops,
                          swi, TYPE_RISCV_ACLINT_SWI, RISCV_ACLINT_SWI_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &swi->mmio);

    swi->msip = g_new0(uint32_t, swi->num_harts);
    swi->soft_irqs = g_new0(qemu_irq, swi->num_harts);
    qdev_init_gpio_out(dev, swi->soft_irqs, swi->num_harts);
}

static void riscv_aclint_swi_finalize(Object *obj)
{
    RISCVAclintSwiState *swi = RISCV_ACLINT_SWI(obj);

    g_free(swi->msip);
    g_free(swi->soft_irqs);
}

static void riscv_aclint_swi_reset(DeviceState *dev)
{
    RISCVAclintSwiState *swi = RISCV_ACLINT_SWI(dev);
    uint32_t i;

    /* MSIP bits clear on reset; SETSSIP has no state. */
    if (swi->sswi || !swi->msip) {
        return;
    }
    for (i = 0; i < swi->num_harts; i++) {
        swi->msip[i] = 0;
        qemu_irq_lower(swi->soft_irqs[i]);
    }
}

static bool riscv_aclint_swi_post_load(void *opaque, int version_id,
                                       Error **errp)
{
    RISCVAclintSwiState *swi = opaque;
    uint32_t i;

    for (i = 0; i < swi->num_harts; i++) {
        if (swi->msip[i] > 1) {
            error_setg(errp, "MSIP %u of hart %u in the "
                       "migration stream is invalid, expected 0 or 1",
                       swi->msip[i], swi->hartid_base + i);
            return false;
        }
    }
    return true;
}

static const VMStateDescription vmstate_riscv_aclint_swi = {
    .name = "riscv_aclint_swi",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = riscv_aclint_swi_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_VARRAY_UINT32(msip, RISCVAclintSwiState, num_harts, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_END_OF_LIST()
    }
};

static const Property riscv_aclint_swi_properties[] = {
    DEFINE_PROP_UINT32("hartid-base", RISCVAclintSwiState, hartid_base, 0),
    DEFINE_PROP_UINT32("num-harts", RISCVAclintSwiState, num_harts, 1),
    DEFINE_PROP_UINT32("sswi", RISCVAclintSwiState, sswi, false),
};

static void riscv_aclint_swi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = riscv_aclint_swi_realize;
    dc->vmsd = &vmstate_riscv_aclint_swi;
    device_class_set_legacy_reset(dc, riscv_aclint_swi_reset);
    device_class_set_props(dc, riscv_aclint_swi_properties);
}

static const TypeInfo riscv_aclint_swi_info = {
    .name = TYPE_RISCV_ACLINT_SWI,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(RISCVAclintSwiState),
    .instance_finalize = riscv_aclint_swi_finalize,
    .class_init = riscv_aclint_swi_class_init,
};

DeviceState *riscv_aclint_swi_create(hwaddr addr, uint32_t hartid_base,
    uint32_t num_harts, bool sswi)
{
    DeviceState *dev = qdev_new(TYPE_RISCV_ACLINT_SWI);

    qdev_prop_set_uint32(dev, "hartid-base", hartid_base);
    qdev_prop_set_uint32(dev, "num-harts", num_harts);
    qdev_prop_set_uint32(dev, "sswi", sswi ? 1 : 0);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    return dev;
}

void riscv_aclint_swi_connect_harts(DeviceState *dev, qemu_irq *lines)
{
    RISCVAclintSwiState *swi = RISCV_ACLINT_SWI(dev);
    uint32_t i;

    for (i = 0; i < swi->num_harts; i++) {
        if (lines[i]) {
            qdev_connect_gpio_out(dev, i, lines[i]);
        }
    }
}

static void riscv_aclint_register_types(void)
{
    type_register_static(&riscv_aclint_mtimer_info);
    type_register_static(&riscv_aclint_swi_info);
}

type_init(riscv_aclint_register_types)
