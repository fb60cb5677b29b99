/*
 * SiFive PLIC: per-source priority and pending bits, per-context enable
 * bitmaps, thresholds and claim/complete registers; level-triggered
 * sources; one output line per context to its hart's MEIP or SEIP.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/intc/sifive_plic.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

/* The PLIC specification's limits */
#define PLIC_MAX_SOURCES 1024
#define PLIC_MAX_CONTEXTS 15872

static bool addr_between(hwaddr addr, uint32_t base, uint64_t num)
{
    return addr >= base && addr - base < num;
}

static bool bit_get(const uint32_t *map, uint32_t n)
{
    return map[n >> 5] & (1U << (n & 31));
}

static void bit_set(uint32_t *map, uint32_t n, bool on)
{
    if (on) {
        map[n >> 5] |= 1U << (n & 31);
    } else {
        map[n >> 5] &= ~(1U << (n & 31));
    }
}

/*
 * The source context @addrid would get from a claim now: the highest
 * priority pending, enabled, unclaimed source above the threshold
 * (lowest number on ties), or 0.
 */
static uint32_t sifive_plic_best(SiFivePLICState *plic, uint32_t addrid)
{
    const uint32_t *enable = &plic->enable[addrid * plic->bitfield_words];
    uint32_t max_prio = plic->target_priority[addrid];
    uint32_t max_irq = 0;
    uint32_t i, j;

    for (i = 0; i < plic->bitfield_words; i++) {
        uint32_t candidates = plic->pending[i] & ~plic->claimed[i] &
                              enable[i];

        while (candidates) {
            uint32_t irq;

            j = __builtin_ctz(candidates);
            candidates &= candidates - 1;
            irq = (i << 5) + j;
            if (irq < plic->num_sources &&
                plic->source_priority[irq] > max_prio) {
                max_irq = irq;
                max_prio = plic->source_priority[irq];
            }
        }
    }
    return max_irq;
}

/* Drive every context's output from its current best source. */
static void sifive_plic_update(SiFivePLICState *plic)
{
    uint32_t addrid;

    for (addrid = 0; addrid < plic->num_addrs; addrid++) {
        uint32_t hart = plic->addr_config[addrid].hartid - plic->hartid_base;
        int level = sifive_plic_best(plic, addrid) != 0;

        switch (plic->addr_config[addrid].mode) {
        case PLICMode_M:
            qemu_set_irq(plic->m_external_irqs[hart], level);
            break;
        case PLICMode_S:
            qemu_set_irq(plic->s_external_irqs[hart], level);
            break;
        default:
            break;
        }
    }
}

/* Priorities are WARL when num-priorities + 1 is a power of two. */
static bool sifive_plic_legal_prio(SiFivePLICState *plic, uint64_t value,
                                   uint32_t *prio)
{
    uint32_t max = plic->num_priorities;

    if (((max + 1) & max) == 0) {
        *prio = value & max;
        return true;
    }
    if (value <= max) {
        *prio = value;
        return true;
    }
    return false;
}

static uint32_t sifive_plic_claim(SiFivePLICState *plic, uint32_t addrid)
{
    uint32_t irq = sifive_plic_best(plic, addrid);

    if (irq) {
        bit_set(plic->pending, irq, false);
        bit_set(plic->claimed, irq, true);
    }
    sifive_plic_update(plic);
    return irq;
}

static void sifive_plic_complete(SiFivePLICState *plic, uint32_t irq)
{
    if (irq == 0 || irq >= plic->num_sources) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "sifive_plic: completion of source %u, expected "
                      "1..%u\n", irq, plic->num_sources - 1);
        return;
    }
    bit_set(plic->claimed, irq, false);
    /* A level source still asserted asks again. */
    if (bit_get(plic->level, irq)) {
        bit_set(plic->pending, irq, true);
    }
    sifive_plic_update(plic);
}

static uint64_t sifive_plic_read(void *opaque, hwaddr addr, unsigned size)
{
    SiFivePLICState *plic = opaque;

    if (addr_between(addr, plic->priority_base,
                     (uint64_t)plic->num_sources << 2)) {
        uint32_t irq = (addr - plic->priority_base) >> 2;

        return plic->source_priority[irq];
    } else if (addr_between(addr, plic->pending_base,
                            (uint64_t)plic->bitfield_words << 2)) {
        uint32_t word = (addr - plic->pending_base) >> 2;

        return plic->pending[word];
    } else if (addr_between(addr, plic->enable_base,
                            (uint64_t)plic->num_addrs *
                            plic->enable_stride)) {
        uint32_t addrid = (addr - plic->enable_base) / plic->enable_stride;
        uint32_t wordid = (addr & (plic->enable_stride - 1)) >> 2;

        if (wordid < plic->bitfield_words) {
            return plic->enable[addrid * plic->bitfield_words + wordid];
        }
    } else if (addr_between(addr, plic->context_base,
                            (uint64_t)plic->num_addrs *
                            plic->context_stride)) {
        uint32_t addrid = (addr - plic->context_base) / plic->context_stride;
        uint32_t reg = addr & (plic->context_stride - 1);

        if (reg == 0) {
            return plic->target_priority[addrid];
        } else if (reg == 4) {
            return sifive_plic_claim(plic, addrid);
        }
    }

    qemu_log_mask(LOG_GUEST_ERROR,
                  "sifive_plic: read of unknown register 0x%" HWADDR_PRIx
                  "\n", addr);
    return 0;
}

static void sifive_plic_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    SiFivePLICState *plic = opaque;
    uint32_t prio;

    if (addr_between(addr, plic->priority_base,
                     (uint64_t)plic->num_sources << 2)) {
        uint32_t irq = (addr - plic->priority_base) >> 2;

        if (irq == 0) {
            /* Source 0 does not exist: its priority stays 0. */
            return;
        }
        if (sifive_plic_legal_prio(plic, value, &prio)) {
            plic->source_priority[irq] = prio;
            sifive_plic_update(plic);
        }
    } else if (addr_between(addr, plic->pending_base,
                            (uint64_t)plic->bitfield_words << 2)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "sifive_plic: write to read-only pending register "
                      "0x%" HWADDR_PRIx "\n", addr);
    } else if (addr_between(addr, plic->enable_base,
                            (uint64_t)plic->num_addrs *
                            plic->enable_stride)) {
        uint32_t addrid = (addr - plic->enable_base) / plic->enable_stride;
        uint32_t wordid = (addr & (plic->enable_stride - 1)) >> 2;
        uint32_t mask = ~0U;

        if (wordid >= plic->bitfield_words) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "sifive_plic: write to unknown enable register "
                          "0x%" HWADDR_PRIx "\n", addr);
            return;
        }
        if (wordid == 0) {
            mask &= ~1U;        /* no source 0 */
        }
        if (wordid == plic->bitfield_words - 1 && plic->num_sources & 31) {
            mask &= (1U << (plic->num_sources & 31)) - 1;
        }
        plic->enable[addrid * plic->bitfield_words + wordid] = value & mask;
        sifive_plic_update(plic);
    } else if (addr_between(addr, plic->context_base,
                            (uint64_t)plic->num_addrs *
                            plic->context_stride)) {
        uint32_t addrid = (addr - plic->context_base) / plic->context_stride;
        uint32_t reg = addr & (plic->context_stride - 1);

        if (reg == 0) {
            if (sifive_plic_legal_prio(plic, value, &prio)) {
                plic->target_priority[addrid] = prio;
                sifive_plic_update(plic);
            }
        } else if (reg == 4) {
            sifive_plic_complete(plic, value);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "sifive_plic: write to unknown context register "
                          "0x%" HWADDR_PRIx "\n", addr);
        }
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "sifive_plic: write to unknown register 0x%"
                      HWADDR_PRIx "\n", addr);
    }
}

static const MemoryRegionOps sifive_plic_ops = {
    .read = sifive_plic_read,
    .write = sifive_plic_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void sifive_plic_irq_request(void *opaque, int irq, int level)
{
    SiFivePLICState *s = opaque;

    if (irq <= 0 || irq >= s->num_sources) {
        return;     /* source 0 does not exist */
    }
    bit_set(s->level, irq, level > 0);
    /*
     * Level-triggered: an asserted line is pending (again on completion,
     * see above); a line dropped before the claim is no longer pending.
     */
    bit_set(s->pending, irq, level > 0);
    sifive_plic_update(s);
}

static void sifive_plic_reset(DeviceState *dev)
{
    SiFivePLICState *s = SIFIVE_PLIC(dev);
    uint32_t i;

    if (!s->source_priority) {
        return;     /* not realized */
    }
    memset(s->source_priority, 0, sizeof(uint32_t) * s->num_sources);
    memset(s->target_priority, 0, sizeof(uint32_t) * s->num_addrs);
    memset(s->claimed, 0, sizeof(uint32_t) * s->bitfield_words);
    memset(s->enable, 0, sizeof(uint32_t) * s->num_enables);
    /* Lines that are still asserted stay pending. */
    memcpy(s->pending, s->level, sizeof(uint32_t) * s->bitfield_words);

    for (i = 0; i < s->num_harts; i++) {
        qemu_set_irq(s->m_external_irqs[i], 0);
        qemu_set_irq(s->s_external_irqs[i], 0);
    }
}

static bool char_to_mode(char c, PLICMode *mode)
{
    switch (c) {
    case 'U':
        *mode = PLICMode_U;
        return true;
    case 'S':
        *mode = PLICMode_S;
        return true;
    case 'M':
        *mode = PLICMode_M;
        return true;
    default:
        return false;
    }
}

/*
 * Parse the hart config: comma-separated harts, each a set of modes;
 * "M,MS,MS" is hart 0 with M mode, harts 1-2 with M and S modes.
 * Every mode of every hart is one context, in the order given.
 */
static bool parse_hart_config(SiFivePLICState *plic, Error **errp)
{
    const char *cfg = plic->hart_config;
    uint32_t addrid = 0, hart = 0, modes = 0;
    const char *p;
    PLICMode m;

    if (!cfg || !*cfg) {
        error_setg(errp, "sifive_plic: property 'hart-config' must be set, "
                   "e.g. \"MS,MS\"");
        return false;
    }

    /* First pass: validate and count. */
    for (p = cfg; ; p++) {
        if (*p == ',' || !*p) {
            if (!modes) {
                error_setg(errp, "sifive_plic: hart-config '%s' has a hart "
                           "without modes", cfg);
                return false;
            }
            hart++;
            modes = 0;
            if (!*p) {
                break;
            }
            continue;
        }
        if (!char_to_mode(*p, &m)) {
            error_setg(errp, "sifive_plic: invalid mode '%c' in hart-config "
                       "'%s', expected 'M', 'S' or 'U'", *p, cfg);
            return false;
        }
        if (modes & (1U << m)) {
            error_setg(errp, "sifive_plic: duplicate mode '%c' in "
                       "hart-config '%s'", *p, cfg);
            return false;
        }
        modes |= 1U << m;
        addrid++;
    }
    if (addrid > PLIC_MAX_CONTEXTS) {
        error_setg(errp, "sifive_plic: hart-config '%s' has %u contexts, "
                   "at most %u are possible", cfg, addrid,
                   PLIC_MAX_CONTEXTS);
        return false;
    }

    plic->num_addrs = addrid;
    plic->num_harts = hart;
    plic->addr_config = g_new(PLICAddr, addrid);

    /* Second pass: record the contexts. */
    addrid = 0;
    hart = plic->hartid_base;
    for (p = cfg; *p; p++) {
        if (*p == ',') {
            hart++;
            continue;
        }
        char_to_mode(*p, &m);
        plic->addr_config[addrid].addrid = addrid;
        plic->addr_config[addrid].hartid = hart;
        plic->addr_config[addrid].mode = m;
        addrid++;
    }
    return true;
}

static bool is_power_of_2_nonzero(uint32_t v)
{
    return v && !(v & (v - 1));
}

static void sifive_plic_realize(DeviceState *dev, Error **errp)
{
    SiFivePLICState *s = SIFIVE_PLIC(dev);

    if (s->num_sources == 0 || s->num_sources > PLIC_MAX_SOURCES) {
        error_setg(errp, "sifive_plic: num-sources %u is invalid, expected "
                   "1..%u", s->num_sources, PLIC_MAX_SOURCES);
        return;
    }
    if (!is_power_of_2_nonzero(s->enable_stride)) {
        error_setg(errp, "sifive_plic: enable-stride 0x%x is invalid, "
                   "expected a power of two", s->enable_stride);
        return;
    }
    if (!is_power_of_2_nonzero(s->context_stride) ||
        s->context_stride < 8) {
        error_setg(errp, "sifive_plic: context-stride 0x%x is invalid, "
                   "expected a power of two of at least 8",
                   s->context_stride);
        return;
    }
    if (!s->aperture_size) {
        error_setg(errp, "sifive_plic: aperture-size must not be 0");
        return;
    }
    if (!parse_hart_config(s, errp)) {
        return;
    }

    s->bitfield_words = (s->num_sources + 31) >> 5;
    if (s->enable_stride < s->bitfield_words * 4) {
        error_setg(errp, "sifive_plic: enable-stride 0x%x cannot hold %u "
                   "sources", s->enable_stride, s->num_sources);
        g_free(s->addr_config);
        s->addr_config = NULL;
        return;
    }

    memory_region_init_io(&s->mmio, OBJECT(dev), &sifive_plic_ops, s,
                          TYPE_SIFIVE_PLIC, s->aperture_size);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mmio);

    s->num_enables = s->bitfield_words * s->num_addrs;
    s->source_priority = g_new0(uint32_t, s->num_sources);
    s->target_priority = g_new0(uint32_t, s->num_addrs);
    s->pending = g_new0(uint32_t, s->bitfield_words);
    s->claimed = g_new0(uint32_t, s->bitfield_words);
    s->level = g_new0(uint32_t, s->bitfield_words);
    s->enable = g_new0(uint32_t, s->num_enables);

    qdev_init_gpio_in(dev, sifive_plic_irq_request, s->num_sources);

    /* As QEMU: the S-mode lines first, then the M-mode lines. */
    s->s_external_irqs = g_new0(qemu_irq, s->num_harts);
    qdev_init_gpio_out(dev, s->s_external_irqs, s->num_harts);
    s->m_external_irqs = g_new0(qemu_irq, s->num_harts);
    qdev_init_gpio_out(dev, s->m_external_irqs, s->num_harts);
}

static void sifive_plic_finalize(Object *obj)
{
    SiFivePLICState *s = SIFIVE_PLIC(obj);

    g_free(s->addr_config);
    g_free(s->source_priority);
    g_free(s->target_priority);
    g_free(s->pending);
    g_free(s->claimed);
    g_free(s->level);
    g_free(s->enable);
    g_free(s->s_external_irqs);
    g_free(s->m_external_irqs);
}

/* ---- Migration ----------------------------------------------------------- */

static int sifive_plic_pre_load(void *opaque)
{
    SiFivePLICState *s = opaque;

    s->level_loaded = false;
    return 0;
}

static bool sifive_plic_post_load(void *opaque, int version_id,
                                  Error **errp)
{
    SiFivePLICState *s = opaque;
    uint32_t last = s->num_sources & 31;
    uint32_t i;

    for (i = 0; i < s->num_sources; i++) {
        uint32_t prio;

        if (!sifive_plic_legal_prio(s, s->source_priority[i], &prio) ||
            prio != s->source_priority[i]) {
            error_setg(errp, "priority %u of source %u in the migration "
                       "stream is invalid, expected at most %u",
                       s->source_priority[i], i, s->num_priorities);
            return false;
        }
    }
    for (i = 0; i < s->num_addrs; i++) {
        if (s->target_priority[i] > s->num_priorities) {
            error_setg(errp, "threshold %u of context %u in the migration "
                       "stream is invalid, expected at most %u",
                       s->target_priority[i], i, s->num_priorities);
            return false;
        }
    }
    /* Bits beyond the last source and source 0 never exist. */
    if (last) {
        uint32_t mask = (1U << last) - 1;

        s->pending[s->bitfield_words - 1] &= mask;
        s->claimed[s->bitfield_words - 1] &= mask;
        s->level[s->bitfield_words - 1] &= mask;
    }
    s->pending[0] &= ~1U;
    s->claimed[0] &= ~1U;
    if (!s->level_loaded) {
        /*
         * An older stream (virt-10.2) has no line levels: a pending
         * source has its line up; others are taken as down.
         */
        memcpy(s->level, s->pending, sizeof(uint32_t) * s->bitfield_words);
    }
    s->level[0] &= ~1U;
    return true;
}

static bool sifive_plic_level_needed(void *opaque)
{
    SiFivePLICState *s = opaque;

    return s->migrate_level;
}

static int sifive_plic_level_post_load(void *opaque, int version_id)
{
    SiFivePLICState *s = opaque;

    s->level_loaded = true;
    return 0;
}

/*
 * The input line levels decide whether a completed source is pending
 * again.  Sent unless the machine type is older than virt-11.0
 * (x-migrate-level=off in hw_compat_10_2).
 */
static const VMStateDescription vmstate_sifive_plic_level = {
    .name = "riscv_sifive_plic/level",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = sifive_plic_level_needed,
    .post_load = sifive_plic_level_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_VARRAY_UINT32(level, SiFivePLICState, bitfield_words, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_sifive_plic = {
    .name = "riscv_sifive_plic",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = sifive_plic_pre_load,
    .post_load_errp = sifive_plic_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_VARRAY_UINT32(source_priority, SiFivePLICState,
                              num_sources, 0, vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(target_priority, SiFivePLICState,
                              num_addrs, 0, vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(pending, SiFivePLICState, bitfield_words, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(claimed, SiFivePLICState, bitfield_words, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(enable, SiFivePLICState, num_enables, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_sifive_plic_level,
        NULL
    }
};

static const Property sifive_plic_properties[] = {
    DEFINE_PROP_STRING("hart-config", SiFivePLICState, hart_config),
    DEFINE_PROP_UINT32("hartid-base", SiFivePLICState, hartid_base, 0),
    /* number of interrupt sources, counting the non-existent source 0 */
    DEFINE_PROP_UINT32("num-sources", SiFivePLICState, num_sources, 1),
    DEFINE_PROP_UINT32("num-priorities", SiFivePLICState, num_priorities, 0),
    DEFINE_PROP_UINT32("priority-base", SiFivePLICState, priority_base, 0),
    DEFINE_PROP_UINT32("pending-base", SiFivePLICState, pending_base, 0),
    DEFINE_PROP_UINT32("enable-base", SiFivePLICState, enable_base, 0),
    DEFINE_PROP_UINT32("enable-stride", SiFivePLICState, enable_stride, 0),
    DEFINE_PROP_UINT32("context-base", SiFivePLICState, context_base, 0),
    DEFINE_PROP_UINT32("context-stride", SiFivePLICState, context_stride, 0),
    DEFINE_PROP_UINT32("aperture-size", SiFivePLICState, aperture_size, 0),
    DEFINE_PROP_BOOL("x-migrate-level", SiFivePLICState, migrate_level,
                     true),
};

static void sifive_plic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    device_class_set_legacy_reset(dc, sifive_plic_reset);
    device_class_set_props(dc, sifive_plic_properties);
    dc->realize = sifive_plic_realize;
    dc->vmsd = &vmstate_sifive_plic;
}

static const TypeInfo sifive_plic_info = {
    .name = TYPE_SIFIVE_PLIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SiFivePLICState),
    .instance_finalize = sifive_plic_finalize,
    .class_init = sifive_plic_class_init,
};

static void sifive_plic_register_types(void)
{
    type_register_static(&sifive_plic_info);
}

type_init(sifive_plic_register_types)

DeviceState *sifive_plic_create(hwaddr addr, char *hart_config,
    uint32_t num_harts,
    uint32_t hartid_base, uint32_t num_sources,
    uint32_t num_priorities, uint32_t priority_base,
    uint32_t pending_base, uint32_t enable_base,
    uint32_t enable_stride, uint32_t context_base,
    uint32_t context_stride, uint32_t aperture_size)
{
    DeviceState *dev = qdev_new(TYPE_SIFIVE_PLIC);

    qdev_prop_set_string(dev, "hart-config", hart_config);
    qdev_prop_set_uint32(dev, "hartid-base", hartid_base);
    qdev_prop_set_uint32(dev, "num-sources", num_sources);
    qdev_prop_set_uint32(dev, "num-priorities", num_priorities);
    qdev_prop_set_uint32(dev, "priority-base", priority_base);
    qdev_prop_set_uint32(dev, "pending-base", pending_base);
    qdev_prop_set_uint32(dev, "enable-base", enable_base);
    qdev_prop_set_uint32(dev, "enable-stride", enable_stride);
    qdev_prop_set_uint32(dev, "context-base", context_base);
    qdev_prop_set_uint32(dev, "context-stride", context_stride);
    qdev_prop_set_uint32(dev, "aperture-size", aperture_size);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);

    if (SIFIVE_PLIC(dev)->num_harts != num_harts) {
        error_report("sifive_plic: hart-config '%s' has %u harts, "
                     "expected %u", hart_config,
                     SIFIVE_PLIC(dev)->num_harts, num_harts);
        exit(1);
    }
    return dev;
}

void sifive_plic_connect_harts(DeviceState *dev, qemu_irq *meip,
                               qemu_irq *seip)
{
    SiFivePLICState *plic = SIFIVE_PLIC(dev);
    uint32_t i;

    for (i = 0; i < plic->num_addrs; i++) {
        uint32_t hart = plic->addr_config[i].hartid - plic->hartid_base;

        if (plic->addr_config[i].mode == PLICMode_M && meip && meip[hart]) {
            qdev_connect_gpio_out(dev, plic->num_harts + hart, meip[hart]);
        }
        if (plic->addr_config[i].mode == PLICMode_S && seip && seip[hart]) {
            qdev_connect_gpio_out(dev, hart, seip[hart]);
        }
    }
}
