/*
 * The ringbuf chardev: output is kept in a ring buffer of a power of two
 * size (the oldest bytes are overwritten), read back with ringbuf-read.
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qemu/module.h"

typedef struct RingBufChardev {
    Chardev parent;
    size_t size;
    size_t prod;
    size_t cons;
    uint8_t *cbuf;
} RingBufChardev;

DECLARE_INSTANCE_CHECKER(RingBufChardev, RINGBUF_CHARDEV,
                         TYPE_CHARDEV_RINGBUF)

#define RINGBUF_DEFAULT_SIZE 65536

static size_t ringbuf_count(const Chardev *chr)
{
    const RingBufChardev *d = RINGBUF_CHARDEV(chr);

    return d->prod - d->cons;
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    int i;

    if (!buf || len < 0) {
        return -1;
    }
    for (i = 0; i < len; i++) {
        d->cbuf[d->prod++ & (d->size - 1)] = buf[i];
        if (d->prod - d->cons > d->size) {
            d->cons = d->prod - d->size;
        }
    }
    return len;
}

static int ringbuf_chr_read(Chardev *chr, uint8_t *buf, int len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    int i;

    g_mutex_lock(&chr->chr_write_lock);
    for (i = 0; i < len && d->cons != d->prod; i++) {
        buf[i] = d->cbuf[d->cons++ & (d->size - 1)];
    }
    g_mutex_unlock(&chr->chr_write_lock);
    return i;
}

static void char_ringbuf_finalize(Object *obj)
{
    g_free(RINGBUF_CHARDEV(obj)->cbuf);
}

static void qemu_chr_open_ringbuf(Chardev *chr, ChardevBackend *backend,
                                  bool *be_opened, Error **errp)
{
    ChardevRingbuf *opts = backend->u.ringbuf.data;
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    int64_t size = opts->has_size ? opts->size : RINGBUF_DEFAULT_SIZE;

    /* the size must be a power of 2 (and sane) */
    if (size <= 0 || (size & (size - 1)) || size > (1LL << 30)) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return;
    }
    d->size = size;
    d->prod = 0;
    d->cons = 0;
    d->cbuf = g_malloc0(d->size);
}

/* Parse a size with an optional k/M/G suffix (-1 if invalid). */
static int64_t parse_size(const char *str)
{
    char *end;
    guint64 val;

    if (!g_ascii_isdigit(*str)) {
        return -1;
    }
    val = g_ascii_strtoull(str, &end, 0);
    switch (*end) {
    case 'k': case 'K':
        val <<= 10;
        end++;
        break;
    case 'M':
        val <<= 20;
        end++;
        break;
    case 'G':
        val <<= 30;
        end++;
        break;
    }
    if (*end || val > INT64_MAX) {
        return -1;
    }
    return val;
}

static void qemu_chr_parse_ringbuf(QDict *opts, ChardevBackend *backend,
                                   Error **errp)
{
    const char *size = qemu_chr_opt_str(opts, "size");
    ChardevRingbuf *ringbuf;
    int64_t val = 0;

    if (size) {
        val = parse_size(size);
        if (val < 0) {
            error_setg(errp, "Parameter 'size' expects a non-negative "
                       "number below 2^64");
            return;
        }
    }
    backend->type = CHARDEV_BACKEND_KIND_RINGBUF;
    ringbuf = backend->u.ringbuf.data = g_new0(ChardevRingbuf, 1);
    qemu_chr_parse_common(opts, qapi_ChardevRingbuf_base(ringbuf));
    if (size) {
        ringbuf->has_size = true;
        ringbuf->size = val;
    }
}

static Chardev *ringbuf_find(const char *device, Error **errp)
{
    Chardev *chr = qemu_chr_find(device);

    if (!chr) {
        error_setg(errp, "Device '%s' not found", device);
        return NULL;
    }
    if (!CHARDEV_IS_RINGBUF(chr)) {
        error_setg(errp, "%s is not a ringbuf device", device);
        return NULL;
    }
    return chr;
}

void qmp_ringbuf_write(const char *device, const char *data,
                       bool has_format, DataFormat format, Error **errp)
{
    Chardev *chr = ringbuf_find(device, errp);
    const uint8_t *write_data;
    gsize write_count;
    guchar *decoded = NULL;

    if (!chr) {
        return;
    }
    if (has_format && format == DATA_FORMAT_BASE64) {
        decoded = g_base64_decode(data, &write_count);
        write_data = decoded;
    } else {
        write_data = (const uint8_t *)data;
        write_count = strlen(data);
    }
    g_mutex_lock(&chr->chr_write_lock);
    ringbuf_chr_write(chr, write_data, write_count);
    g_mutex_unlock(&chr->chr_write_lock);
    g_free(decoded);
}

char *qmp_ringbuf_read(const char *device, int64_t size,
                       bool has_format, DataFormat format, Error **errp)
{
    Chardev *chr = ringbuf_find(device, errp);
    uint8_t *read_data;
    size_t count;
    char *data;

    if (!chr) {
        return NULL;
    }
    if (size <= 0) {
        error_setg(errp, "size must be greater than zero");
        return NULL;
    }
    count = ringbuf_count(chr);
    size = size > count ? count : size;
    read_data = g_malloc(size + 1);
    size = ringbuf_chr_read(chr, read_data, size);

    if (has_format && format == DATA_FORMAT_BASE64) {
        data = g_base64_encode(read_data, size);
        g_free(read_data);
    } else {
        /* JSON strings must be valid UTF-8 */
        read_data[size] = 0;
        data = g_utf8_make_valid((char *)read_data, size);
        g_free(read_data);
    }
    return data;
}

static void char_ringbuf_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_ringbuf;
    cc->open = qemu_chr_open_ringbuf;
    cc->chr_write = ringbuf_chr_write;
}

static const TypeInfo char_ringbuf_type_info = {
    .name = TYPE_CHARDEV_RINGBUF,
    .parent = TYPE_CHARDEV,
    .class_init = char_ringbuf_class_init,
    .instance_size = sizeof(RingBufChardev),
    .instance_finalize = char_ringbuf_finalize,
};

static void register_types(void)
{
    type_register_static(&char_ringbuf_type_info);
}

type_init(register_types);
