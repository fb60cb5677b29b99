/*
 * Field infos: how one element of each basic type goes on the stream.
 * Integers are big-endian, booleans one byte, timers their expiry time
 * in ns as be64 (-1 when not pending).  Names are QEMU's.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/vmstate-internal.h"

/* bool: one byte, 0 or 1 */

static int get_bool(QEMUFile *f, void *pv, size_t size,
                    const VMStateField *field)
{
    int v = qemu_get_byte(f);

    if (v > 1) {
        vmstate_info_set_error("invalid boolean value %d (expected 0 or 1)",
                               v);
        return -EINVAL;
    }
    *(bool *)pv = v;
    return 0;
}

static int put_bool(QEMUFile *f, void *pv, size_t size,
                    const VMStateField *field, JSONWriter *vmdesc)
{
    qemu_put_byte(f, *(bool *)pv);
    return 0;
}

const VMStateInfo vmstate_info_bool = {
    .name = "bool",
    .get = get_bool,
    .put = put_bool,
};

/* Integers */

#define VMSTATE_INT_INFO(name_, type_, bits_, cast_)                        \
static int get_##name_(QEMUFile *f, void *pv, size_t size,                 \
                       const VMStateField *field)                          \
{                                                                          \
    *(type_ *)pv = (type_)(cast_)qemu_get_##bits_(f);                      \
    return 0;                                                              \
}                                                                          \
static int put_##name_(QEMUFile *f, void *pv, size_t size,                 \
                       const VMStateField *field, JSONWriter *vmdesc)      \
{                                                                          \
    qemu_put_##bits_(f, (cast_)*(type_ *)pv);                              \
    return 0;                                                              \
}                                                                          \
const VMStateInfo vmstate_info_##name_ = {                                 \
    .name = #name_,                                                        \
    .get = get_##name_,                                                    \
    .put = put_##name_,                                                    \
};

VMSTATE_INT_INFO(int8, int8_t, byte, uint8_t)
VMSTATE_INT_INFO(int16, int16_t, be16, uint16_t)
VMSTATE_INT_INFO(int32, int32_t, be32, uint32_t)
VMSTATE_INT_INFO(int64, int64_t, be64, uint64_t)
VMSTATE_INT_INFO(uint8, uint8_t, byte, uint8_t)
VMSTATE_INT_INFO(uint16, uint16_t, be16, uint16_t)
VMSTATE_INT_INFO(uint32, uint32_t, be32, uint32_t)
VMSTATE_INT_INFO(uint64, uint64_t, be64, uint64_t)

/* _equal: the value on the stream must match the local one */

#define VMSTATE_EQUAL_INFO(name_, type_, bits_, cast_, fmt_)                \
static int get_##name_##_equal(QEMUFile *f, void *pv, size_t size,         \
                               const VMStateField *field)                  \
{                                                                          \
    type_ v = (type_)(cast_)qemu_get_##bits_(f);                           \
                                                                           \
    if (v == *(type_ *)pv) {                                               \
        return 0;                                                          \
    }                                                                      \
    vmstate_info_set_error("%" fmt_ " != %" fmt_ " (stream value, local "  \
                           "value)", v, *(type_ *)pv);                     \
    return -EINVAL;                                                        \
}                                                                          \
const VMStateInfo vmstate_info_##name_##_equal = {                         \
    .name = #name_ " equal",                                               \
    .get = get_##name_##_equal,                                            \
    .put = put_##name_,                                                    \
};

VMSTATE_EQUAL_INFO(uint8, uint8_t, byte, uint8_t, PRIu8)
VMSTATE_EQUAL_INFO(uint16, uint16_t, be16, uint16_t, PRIu16)
VMSTATE_EQUAL_INFO(int32, int32_t, be32, uint32_t, PRId32)
VMSTATE_EQUAL_INFO(uint32, uint32_t, be32, uint32_t, PRIu32)
VMSTATE_EQUAL_INFO(uint64, uint64_t, be64, uint64_t, PRIu64)

/* int32 le: 0 <= stream value <= local value */

static int get_int32_le(QEMUFile *f, void *pv, size_t size,
                        const VMStateField *field)
{
    int32_t *cur = pv;
    int32_t v = (int32_t)qemu_get_be32(f);

    if (v >= 0 && v <= *cur) {
        *cur = v;
        return 0;
    }
    vmstate_info_set_error("value %" PRId32 " out of range 0..%" PRId32,
                           v, *cur);
    return -EINVAL;
}

const VMStateInfo vmstate_info_int32_le = {
    .name = "int32 le",
    .get = get_int32_le,
    .put = put_int32,
};

/* nullptr: a marker byte standing for a NULL pointer */

static int get_nullptr(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field)
{
    int v = qemu_get_byte(f);

    if (v == VMS_NULLPTR_MARKER) {
        return 0;
    }
    vmstate_info_set_error("expected NULL marker 0x%x, got 0x%x",
                           VMS_NULLPTR_MARKER, v);
    return -EINVAL;
}

static int put_nullptr(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, JSONWriter *vmdesc)
{
    if (pv) {
        vmstate_info_set_error("pointer is not NULL");
        return -EINVAL;
    }
    qemu_put_byte(f, VMS_NULLPTR_MARKER);
    return 0;
}

const VMStateInfo vmstate_info_nullptr = {
    .name = "nullptr",
    .get = get_nullptr,
    .put = put_nullptr,
};

/* timer: expiry time in ns, or -1 when not pending */

static int get_timer(QEMUFile *f, void *pv, size_t size,
                     const VMStateField *field)
{
    QEMUTimer *t = pv;
    uint64_t expire = qemu_get_be64(f);

    if (expire == UINT64_MAX) {
        timer_del(t);
    } else if (expire > INT64_MAX) {
        vmstate_info_set_error("invalid timer expiry %" PRIu64, expire);
        return -EINVAL;
    } else {
        timer_mod_ns(t, expire);
    }
    return 0;
}

static int put_timer(QEMUFile *f, void *pv, size_t size,
                     const VMStateField *field, JSONWriter *vmdesc)
{
    qemu_put_be64(f, timer_expire_time_ns(pv));
    return 0;
}

const VMStateInfo vmstate_info_timer = {
    .name = "timer",
    .get = get_timer,
    .put = put_timer,
};

/* buffer: raw bytes */

static int get_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field)
{
    if (qemu_get_buffer(f, pv, size) != size) {
        vmstate_info_set_error("the stream ended inside a %zu byte buffer",
                               size);
        return -EIO;
    }
    return 0;
}

static int put_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, JSONWriter *vmdesc)
{
    qemu_put_buffer(f, pv, size);
    return 0;
}

const VMStateInfo vmstate_info_buffer = {
    .name = "buffer",
    .get = get_buffer,
    .put = put_buffer,
};

/* unused buffer: zeros on save, skipped on load */

static int get_unused_buffer(QEMUFile *f, void *pv, size_t size,
                             const VMStateField *field)
{
    uint8_t buf[1024];

    while (size) {
        size_t block = MIN(size, sizeof(buf));

        if (qemu_get_buffer(f, buf, block) != block) {
            vmstate_info_set_error("the stream ended inside unused bytes");
            return -EIO;
        }
        size -= block;
    }
    return 0;
}

static int put_unused_buffer(QEMUFile *f, void *pv, size_t size,
                             const VMStateField *field, JSONWriter *vmdesc)
{
    static const uint8_t zeros[1024];

    while (size) {
        size_t block = MIN(size, sizeof(zeros));

        qemu_put_buffer(f, zeros, block);
        size -= block;
    }
    return 0;
}

const VMStateInfo vmstate_info_unused_buffer = {
    .name = "unused_buffer",
    .get = get_unused_buffer,
    .put = put_unused_buffer,
};

/*
 * tmp (VMSTATE_WITH_TMP): a temporary structure whose first member
 * points to the parent; its description's hooks convert.
 */

static int get_tmp(QEMUFile *f, void *pv, size_t size,
                   const VMStateField *field)
{
    g_autofree void *tmp = g_malloc0(size);
    Error *err = NULL;
    int ret;

    *(void **)tmp = pv;
    ret = vmstate_load_state_errp(f, field->vmsd, tmp,
                                  field->vmsd->version_id, &err);
    if (ret < 0) {
        vmstate_info_set_error("%s", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

static int put_tmp(QEMUFile *f, void *pv, size_t size,
                   const VMStateField *field, JSONWriter *vmdesc)
{
    g_autofree void *tmp = g_malloc0(size);
    Error *err = NULL;
    int ret;

    *(void **)tmp = pv;
    ret = vmstate_save_state_errp(f, field->vmsd, tmp, vmdesc, &err);
    if (ret < 0) {
        vmstate_info_set_error("%s", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

const VMStateInfo vmstate_info_tmp = {
    .name = "tmp",
    .get = get_tmp,
    .put = put_tmp,
};

/*
 * bitmap: @size bits in unsigned longs, sent as be64 words (the low
 * 64 bits first).
 */

#define BITS_PER_ULONG (sizeof(unsigned long) * 8)

static int get_bitmap(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field)
{
    unsigned long *bmp = pv;
    size_t words = DIV_ROUND_UP(size, 64);
    size_t i;

    for (i = 0; i < words; i++) {
        uint64_t w = qemu_get_be64(f);

        if (BITS_PER_ULONG == 64) {
            bmp[i] = w;
        } else {
            bmp[2 * i] = (unsigned long)w;
            if (2 * i + 1 < DIV_ROUND_UP(size, BITS_PER_ULONG)) {
                bmp[2 * i + 1] = (unsigned long)(w >> 32);
            }
        }
    }
    return 0;
}

static int put_bitmap(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, JSONWriter *vmdesc)
{
    unsigned long *bmp = pv;
    size_t words = DIV_ROUND_UP(size, 64);
    size_t i;

    for (i = 0; i < words; i++) {
        uint64_t w;

        if (BITS_PER_ULONG == 64) {
            w = bmp[i];
        } else {
            w = bmp[2 * i];
            if (2 * i + 1 < DIV_ROUND_UP(size, BITS_PER_ULONG)) {
                w |= (uint64_t)bmp[2 * i + 1] << 32;
            }
        }
        qemu_put_be64(f, w);
    }
    return 0;
}

const VMStateInfo vmstate_info_bitmap = {
    .name = "bitmap",
    .get = get_bitmap,
    .put = put_bitmap,
};
