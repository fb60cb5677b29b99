/*
 * lowRISC Ibex PLIC: OpenTitan's rv_plic register map over level
 * sensitive sources, one M-mode target (see include/hw/intc/ibex_plic.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/intc/ibex_plic.h"
#include "migration/vmstate.h"
#include "system/cpus.h"
#include "target/riscv/cpu.h"

/* Index of the word of @base..@base + 4 * @num - 1 that @addr hits, or -1 */
static int plic_word(hwaddr addr, uint32_t base, uint32_t num)
{
    if (addr >= base && addr < (uint64_t)base + 4ull * num) {
        return (addr - base) / 4;
    }
    return -1;
}

static bool plic_bit(const uint32_t *words, uint32_t n)
{
    return (words[n / 32] >> (n % 32)) & 1;
}

static void plic_set_bit(uint32_t *words, uint32_t n, bool on)
{
    if (on) {
        words[n / 32] |= 1u << (n % 32);
    } else {
        words[n / 32] &= ~(1u << (n % 32));
    }
}

static uint32_t plic_priority(IbexPlicState *s, uint32_t irq)
{
    return irq < s->priority_num ? s->priority[irq] : 0;
}

static bool plic_enabled(IbexPlicState *s, uint32_t irq)
{
    return irq / 32 < s->enable_num && plic_bit(s->enable, irq);
}

/* The source a claim returns now: highest priority, then lowest id */
static uint32_t plic_best(IbexPlicState *s)
{
    uint32_t best = 0, best_prio = s->threshold;

    for (uint32_t irq = 1; irq < s->num_sources; irq++) {
        uint32_t prio;

        if (!plic_bit(s->pending, irq) || !plic_enabled(s, irq)) {
            continue;
        }
        prio = plic_priority(s, irq);
        if (prio > best_prio) {
            best = irq;
            best_prio = prio;
        }
    }
    return best;
}

static void plic_update(IbexPlicState *s)
{
    bool level = plic_best(s) != 0;

    s->meip = level;
    for (uint32_t i = 0; i < s->num_cpus; i++) {
        RISCVCPU *cpu = qemu_get_cpu(i);

        if (cpu) {
            riscv_cpu_set_irq(cpu, IRQ_M_EXT, level);
        }
    }
}

/* The gateway: a high line pends unless the source is being served */
static void plic_gateway(IbexPlicState *s, uint32_t irq)
{
    if (plic_bit(s->level, irq) && !plic_bit(s->claimed, irq)) {
        plic_set_bit(s->pending, irq, true);
    }
}

static void ibex_plic_irq(void *opaque, int irq, int level)
{
    IbexPlicState *s = opaque;

    if (irq <= 0 || (uint32_t)irq >= s->num_sources) {
        return;                         /* source 0 is reserved */
    }
    plic_set_bit(s->level, irq, level);
    plic_gateway(s, irq);
    plic_update(s);
}

static uint64_t ibex_plic_read(void *opaque, hwaddr addr, unsigned size)
{
    IbexPlicState *s = opaque;
    uint32_t irq;
    int i;

    if ((i = plic_word(addr, s->pending_base, s->pending_num)) >= 0) {
        return s->pending[i];
    } else if ((i = plic_word(addr, s->source_base, s->source_num)) >= 0) {
        return s->source[i];
    } else if ((i = plic_word(addr, s->priority_base,
                              s->priority_num)) >= 0) {
        return s->priority[i];
    } else if ((i = plic_word(addr, s->enable_base, s->enable_num)) >= 0) {
        return s->enable[i];
    } else if (plic_word(addr, s->threshold_base, 1) == 0) {
        return s->threshold;
    } else if (plic_word(addr, s->claim_base, 1) == 0) {
        irq = plic_best(s);
        if (irq) {
            plic_set_bit(s->pending, irq, false);
            plic_set_bit(s->claimed, irq, true);
            plic_update(s);
        }
        return irq;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "ibex-plic: read of unknown register "
                  "at 0x%" HWADDR_PRIx "\n", addr);
    return 0;
}

static void ibex_plic_write(void *opaque, hwaddr addr, uint64_t val64,
                            unsigned size)
{
    IbexPlicState *s = opaque;
    uint32_t val = val64;
    int i;

    if (plic_word(addr, s->pending_base, s->pending_num) >= 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-plic: the pending registers "
                      "are read-only (write at 0x%" HWADDR_PRIx ")\n", addr);
    } else if ((i = plic_word(addr, s->source_base, s->source_num)) >= 0) {
        if (val) {
            qemu_log_mask(LOG_UNIMP, "ibex-plic: edge-triggered sources "
                          "are not modelled; they stay level triggered\n");
        }
        s->source[i] = val;
    } else if ((i = plic_word(addr, s->priority_base,
                              s->priority_num)) >= 0) {
        s->priority[i] = val & IBEX_PLIC_PRIO_MASK;
    } else if ((i = plic_word(addr, s->enable_base, s->enable_num)) >= 0) {
        s->enable[i] = val;
    } else if (plic_word(addr, s->threshold_base, 1) == 0) {
        s->threshold = val & IBEX_PLIC_PRIO_MASK;
    } else if (plic_word(addr, s->claim_base, 1) == 0) {
        if (val > 0 && val < s->num_sources && plic_bit(s->claimed, val)) {
            plic_set_bit(s->claimed, val, false);
            plic_gateway(s, val);       /* a line still high pends again */
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "ibex-plic: completion of "
                          "source %u, which is not claimed\n", val);
        }
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "ibex-plic: write of unknown "
                      "register at 0x%" HWADDR_PRIx "\n", addr);
        return;
    }
    plic_update(s);
}

static const MemoryRegionOps ibex_plic_ops = {
    .read = ibex_plic_read,
    .write = ibex_plic_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void ibex_plic_reset(DeviceState *dev)
{
    IbexPlicState *s = IBEX_PLIC(dev);
    size_t words = s->pending_num;

    memset(s->pending, 0, words * sizeof(uint32_t));
    memset(s->claimed, 0, words * sizeof(uint32_t));
    memset(s->source, 0, s->source_num * sizeof(uint32_t));
    memset(s->priority, 0, s->priority_num * sizeof(uint32_t));
    memset(s->enable, 0, s->enable_num * sizeof(uint32_t));
    s->threshold = 0;
    /* Lines that are high stay high across reset */
    for (uint32_t irq = 1; irq < s->num_sources; irq++) {
        plic_gateway(s, irq);
    }
    plic_update(s);
}

static bool ibex_plic_check_region(IbexPlicState *s, const char *name,
                                   uint32_t base, uint32_t num, Error **errp)
{
    if ((uint64_t)base + 4ull * num > IBEX_PLIC_MMIO_SIZE || base % 4) {
        error_setg(errp, "ibex-plic: %s registers at 0x%x (%u words) do "
                   "not fit in the 0x%x bytes of the device, 4-byte "
                   "aligned", name, base, num, IBEX_PLIC_MMIO_SIZE);
        return false;
    }
    return true;
}

static void ibex_plic_realize(DeviceState *dev, Error **errp)
{
    IbexPlicState *s = IBEX_PLIC(dev);
    uint32_t words = DIV_ROUND_UP(s->num_sources, 32);

    if (s->num_sources < 2 || s->num_sources > 1024) {
        error_setg(errp, "ibex-plic: num-sources %u is invalid: expected "
                   "2 to 1024 (source 0 is reserved)", s->num_sources);
        return;
    }
    if (s->pending_num < words) {
        error_setg(errp, "ibex-plic: pending-num %u is too small for %u "
                   "sources: expected at least %u", s->pending_num,
                   s->num_sources, words);
        return;
    }
    if (!ibex_plic_check_region(s, "pending", s->pending_base,
                                s->pending_num, errp) ||
        !ibex_plic_check_region(s, "source", s->source_base,
                                s->source_num, errp) ||
        !ibex_plic_check_region(s, "priority", s->priority_base,
                                s->priority_num, errp) ||
        !ibex_plic_check_region(s, "enable", s->enable_base,
                                s->enable_num, errp) ||
        !ibex_plic_check_region(s, "threshold", s->threshold_base, 1,
                                errp) ||
        !ibex_plic_check_region(s, "claim", s->claim_base, 1, errp)) {
        return;
    }
    s->pending = g_new0(uint32_t, s->pending_num);
    s->claimed = g_new0(uint32_t, s->pending_num);
    s->level = g_new0(uint32_t, s->pending_num);
    s->source = g_new0(uint32_t, s->source_num);
    s->priority = g_new0(uint32_t, s->priority_num);
    s->enable = g_new0(uint32_t, s->enable_num);
    qdev_init_gpio_in(dev, ibex_plic_irq, s->num_sources);
}

static void ibex_plic_finalize(Object *obj)
{
    IbexPlicState *s = IBEX_PLIC(obj);

    g_free(s->pending);
    g_free(s->claimed);
    g_free(s->level);
    g_free(s->source);
    g_free(s->priority);
    g_free(s->enable);
}

static void ibex_plic_init(Object *obj)
{
    IbexPlicState *s = IBEX_PLIC(obj);

    memory_region_init_io(&s->mmio, obj, &ibex_plic_ops, s, TYPE_IBEX_PLIC,
                          IBEX_PLIC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
}

static bool ibex_plic_post_load(void *opaque, int version_id, Error **errp)
{
    IbexPlicState *s = opaque;
    uint32_t last = s->num_sources % 32;

    for (uint32_t i = 0; i < s->priority_num; i++) {
        s->priority[i] &= IBEX_PLIC_PRIO_MASK;
    }
    s->threshold &= IBEX_PLIC_PRIO_MASK;
    /* Source 0 and the bits past the last source never pend */
    s->pending[0] &= ~1u;
    s->claimed[0] &= ~1u;
    for (uint32_t w = s->num_sources / 32; w < s->pending_num; w++) {
        uint32_t keep = (w == s->num_sources / 32 && last) ?
                        (1u << last) - 1 : 0;

        s->pending[w] &= keep;
        s->claimed[w] &= keep;
        s->level[w] &= keep;
    }
    /* The harts' mip.MEIP comes with their own state */
    s->meip = plic_best(s) != 0;
    return true;
}

/*
 * The register layout comes from properties: a destination built with
 * other sizes is refused by the _EQUAL fields, before any array that
 * they size is read.
 */
static const VMStateDescription vmstate_ibex_plic = {
    .name = TYPE_IBEX_PLIC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = ibex_plic_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(num_sources, IbexPlicState,
                             "the ibex-plic devices differ in num-sources"),
        VMSTATE_UINT32_EQUAL(pending_num, IbexPlicState,
                             "the ibex-plic devices differ in pending-num"),
        VMSTATE_UINT32_EQUAL(source_num, IbexPlicState,
                             "the ibex-plic devices differ in source-num"),
        VMSTATE_UINT32_EQUAL(priority_num, IbexPlicState,
                             "the ibex-plic devices differ in priority-num"),
        VMSTATE_UINT32_EQUAL(enable_num, IbexPlicState,
                             "the ibex-plic devices differ in enable-num"),
        VMSTATE_VARRAY_UINT32(pending, IbexPlicState, pending_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(claimed, IbexPlicState, pending_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(level, IbexPlicState, pending_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(source, IbexPlicState, source_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(priority, IbexPlicState, priority_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT32(enable, IbexPlicState, enable_num, 0,
                              vmstate_info_uint32, uint32_t),
        VMSTATE_UINT32(threshold, IbexPlicState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property ibex_plic_props[] = {
    DEFINE_PROP_UINT32("num-cpus", IbexPlicState, num_cpus, 1),
    DEFINE_PROP_UINT32("num-sources", IbexPlicState, num_sources, 80),
    DEFINE_PROP_UINT32("pending-base", IbexPlicState, pending_base, 0),
    DEFINE_PROP_UINT32("pending-num", IbexPlicState, pending_num, 3),
    DEFINE_PROP_UINT32("source-base", IbexPlicState, source_base, 0x0c),
    DEFINE_PROP_UINT32("source-num", IbexPlicState, source_num, 3),
    DEFINE_PROP_UINT32("priority-base", IbexPlicState, priority_base, 0x18),
    DEFINE_PROP_UINT32("priority-num", IbexPlicState, priority_num, 80),
    DEFINE_PROP_UINT32("enable-base", IbexPlicState, enable_base, 0x200),
    DEFINE_PROP_UINT32("enable-num", IbexPlicState, enable_num, 3),
    DEFINE_PROP_UINT32("threshold-base", IbexPlicState, threshold_base,
                       0x20c),
    DEFINE_PROP_UINT32("claim-base", IbexPlicState, claim_base, 0x210),
};

static void ibex_plic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ibex_plic_realize;
    dc->desc = "lowRISC Ibex PLIC (OpenTitan rv_plic)";
    dc->user_creatable = true;
    dc->hotpluggable = false;
    dc->vmsd = &vmstate_ibex_plic;
    device_class_set_legacy_reset(dc, ibex_plic_reset);
    device_class_set_props(dc, ibex_plic_props);
}

static const TypeInfo ibex_plic_info = {
    .name = TYPE_IBEX_PLIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IbexPlicState),
    .instance_init = ibex_plic_init,
    .instance_finalize = ibex_plic_finalize,
    .class_init = ibex_plic_class_init,
};

static void ibex_plic_register_types(void)
{
    type_register_static(&ibex_plic_info);
}

type_init(ibex_plic_register_types)
