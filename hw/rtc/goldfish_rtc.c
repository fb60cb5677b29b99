/*
 * Goldfish RTC: a 64-bit nanosecond counter following the host's wall
 * clock, with one alarm that raises the interrupt line.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/rtc/goldfish_rtc.h"
#include "migration/vmstate.h"

#define RTC_TIME_LOW            0x00
#define RTC_TIME_HIGH           0x04
#define RTC_ALARM_LOW           0x08
#define RTC_ALARM_HIGH          0x0c
#define RTC_IRQ_ENABLED         0x10
#define RTC_CLEAR_ALARM         0x14
#define RTC_ALARM_STATUS        0x18
#define RTC_CLEAR_INTERRUPT     0x1c

#define GOLDFISH_RTC_MMIO_SIZE  0x24

static uint64_t set_half(uint64_t old, bool high, uint32_t value)
{
    if (high) {
        return (old & 0xffffffffULL) | ((uint64_t)value << 32);
    }
    return (old & ~0xffffffffULL) | value;
}

static void goldfish_rtc_update(GoldfishRTCState *s)
{
    qemu_set_irq(s->irq, (s->irq_pending & s->irq_enabled) ? 1 : 0);
}

static void goldfish_rtc_interrupt(void *opaque)
{
    GoldfishRTCState *s = opaque;

    s->alarm_running = 0;
    s->irq_pending = 1;
    goldfish_rtc_update(s);
}

static uint64_t goldfish_rtc_get_count(GoldfishRTCState *s)
{
    return s->tick_offset + (uint64_t)qemu_clock_get_ns(GOLDFISH_RTC_CLOCK);
}

static void goldfish_rtc_clear_alarm(GoldfishRTCState *s)
{
    timer_del(s->timer);
    s->alarm_running = 0;
}

static void goldfish_rtc_set_alarm(GoldfishRTCState *s)
{
    uint64_t now = goldfish_rtc_get_count(s);
    uint64_t event = s->alarm_next;

    if (event <= now) {
        /* Already due: fire at once. */
        goldfish_rtc_clear_alarm(s);
        goldfish_rtc_interrupt(s);
    } else {
        uint64_t expire = event - s->tick_offset;

        /* Alarms beyond the clock's range never fire. */
        timer_mod_ns(s->timer, MIN(expire, (uint64_t)INT64_MAX));
        s->alarm_running = 1;
    }
}

static uint64_t goldfish_rtc_read(void *opaque, hwaddr offset,
                                  unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint64_t r = 0;

    switch (offset) {
    case RTC_TIME_LOW:
        /* Reading the low half latches the high half. */
        r = goldfish_rtc_get_count(s);
        s->time_high = r >> 32;
        r &= 0xffffffff;
        break;
    case RTC_TIME_HIGH:
        r = s->time_high;
        break;
    case RTC_ALARM_LOW:
        r = s->alarm_next & 0xffffffff;
        break;
    case RTC_ALARM_HIGH:
        r = s->alarm_next >> 32;
        break;
    case RTC_IRQ_ENABLED:
        r = s->irq_enabled;
        break;
    case RTC_ALARM_STATUS:
        r = s->alarm_running;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_rtc: read of unknown offset 0x%" HWADDR_PRIx
                      "\n", offset);
        break;
    }
    return r;
}

static void goldfish_rtc_write(void *opaque, hwaddr offset, uint64_t value,
                               unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint64_t now;

    switch (offset) {
    case RTC_TIME_LOW:
    case RTC_TIME_HIGH:
        now = goldfish_rtc_get_count(s);
        s->tick_offset += set_half(now, offset == RTC_TIME_HIGH, value) - now;
        break;
    case RTC_ALARM_LOW:
        /* Writing the low half arms the alarm. */
        s->alarm_next = set_half(s->alarm_next, false, value);
        goldfish_rtc_set_alarm(s);
        break;
    case RTC_ALARM_HIGH:
        s->alarm_next = set_half(s->alarm_next, true, value);
        break;
    case RTC_IRQ_ENABLED:
        s->irq_enabled = value & 1;
        goldfish_rtc_update(s);
        break;
    case RTC_CLEAR_ALARM:
        goldfish_rtc_clear_alarm(s);
        break;
    case RTC_CLEAR_INTERRUPT:
        s->irq_pending = 0;
        goldfish_rtc_update(s);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_rtc: write of 0x%" PRIx64 " to unknown "
                      "offset 0x%" HWADDR_PRIx "\n", value, offset);
        break;
    }
}

static const MemoryRegionOps goldfish_rtc_ops[2] = {
    [false] = {
        .read = goldfish_rtc_read,
        .write = goldfish_rtc_write,
        .endianness = DEVICE_LITTLE_ENDIAN,
        .valid.min_access_size = 4,
        .valid.max_access_size = 4,
    },
    [true] = {
        .read = goldfish_rtc_read,
        .write = goldfish_rtc_write,
        .endianness = DEVICE_BIG_ENDIAN,
        .valid.min_access_size = 4,
        .valid.max_access_size = 4,
    },
};

static void goldfish_rtc_reset(DeviceState *dev)
{
    GoldfishRTCState *s = GOLDFISH_RTC(dev);

    timer_del(s->timer);
    s->alarm_next = 0;
    s->alarm_running = 0;
    s->irq_pending = 0;
    s->irq_enabled = 0;
    goldfish_rtc_update(s);
}

static void goldfish_rtc_realize(DeviceState *d, Error **errp)
{
    SysBusDevice *dev = SYS_BUS_DEVICE(d);
    GoldfishRTCState *s = GOLDFISH_RTC(d);

    memory_region_init_io(&s->iomem, OBJECT(s),
                          &goldfish_rtc_ops[s->big_endian], s,
                          "goldfish_rtc", GOLDFISH_RTC_MMIO_SIZE);
    sysbus_init_mmio(dev, &s->iomem);
    sysbus_init_irq(dev, &s->irq);

    s->timer = timer_new_ns(GOLDFISH_RTC_CLOCK, goldfish_rtc_interrupt, s);
    /* Start at the host's wall-clock time. */
    s->tick_offset = (uint64_t)get_clock_realtime() -
                     (uint64_t)qemu_clock_get_ns(GOLDFISH_RTC_CLOCK);
}

static void goldfish_rtc_unrealize(DeviceState *d)
{
    GoldfishRTCState *s = GOLDFISH_RTC(d);

    timer_free(s->timer);
    s->timer = NULL;
}

static int goldfish_rtc_pre_save(void *opaque)
{
    GoldfishRTCState *s = opaque;

    /* The RTC's time, for version 1 readers that rebase it */
    s->tick_offset_vmstate = goldfish_rtc_get_count(s);
    return 0;
}

static bool goldfish_rtc_post_load(void *opaque, int version_id,
                                   Error **errp)
{
    GoldfishRTCState *s = opaque;

    if (s->alarm_running > 1 || s->irq_pending > 1 || s->irq_enabled > 1) {
        error_setg(errp, "alarm_running %u, irq_pending %u, irq_enabled %u "
                   "in the migration stream: expected 0 or 1",
                   s->alarm_running, s->irq_pending, s->irq_enabled);
        return false;
    }
    if (version_id < 2) {
        /* Only the RTC time came: keep it counting from now. */
        s->tick_offset = s->tick_offset_vmstate -
                         (uint64_t)qemu_clock_get_ns(GOLDFISH_RTC_CLOCK);
    }
    /* The timer counts on this host's clock: arm it afresh. */
    timer_del(s->timer);
    if (s->alarm_running) {
        goldfish_rtc_set_alarm(s);
    }
    return true;
}

static const VMStateDescription goldfish_rtc_vmstate = {
    .name = TYPE_GOLDFISH_RTC,
    .version_id = 2,
    .minimum_version_id = 0,
    .pre_save = goldfish_rtc_pre_save,
    .post_load_errp = goldfish_rtc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(tick_offset_vmstate, GoldfishRTCState),
        VMSTATE_UINT64(alarm_next, GoldfishRTCState),
        VMSTATE_UINT32(alarm_running, GoldfishRTCState),
        VMSTATE_UINT32(irq_pending, GoldfishRTCState),
        VMSTATE_UINT32(irq_enabled, GoldfishRTCState),
        VMSTATE_UINT32(time_high, GoldfishRTCState),
        VMSTATE_UINT64_V(tick_offset, GoldfishRTCState, 2),
        VMSTATE_END_OF_LIST()
    }
};

static const Property goldfish_rtc_properties[] = {
    DEFINE_PROP_BOOL("big-endian", GoldfishRTCState, big_endian, false),
};

static void goldfish_rtc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    device_class_set_props(dc, goldfish_rtc_properties);
    dc->realize = goldfish_rtc_realize;
    dc->unrealize = goldfish_rtc_unrealize;
    dc->vmsd = &goldfish_rtc_vmstate;
    device_class_set_legacy_reset(dc, goldfish_rtc_reset);
}

static const TypeInfo goldfish_rtc_info = {
    .name = TYPE_GOLDFISH_RTC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GoldfishRTCState),
    .class_init = goldfish_rtc_class_init,
};

static void goldfish_rtc_register_types(void)
{
    type_register_static(&goldfish_rtc_info);
}

type_init(goldfish_rtc_register_types)
