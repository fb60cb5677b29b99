/*
 * VMState and the migration stream: round trips of every field kind,
 * versions, subsections, the stream of registered sections, and the
 * refusals of bad input.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "io/channel-buffer.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "migration/register.h"
#include "migration/savevm.h"
#include "migration/global_state.h"
#include "migration/misc.h"
#include "migration/migration.h"
#include "migration/options.h"
#include "qemu/main-loop.h"
#include "hw/qdev-core.h"

/* Buffers */

static uint32_t be32_at(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static uint16_t be16_at(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

typedef struct Bytes {
    uint8_t *data;
    size_t len;
} Bytes;

static QIOChannelBuffer *out_bioc;

static QEMUFile *open_out(void)
{
    out_bioc = qio_channel_buffer_new(4096);
    return qemu_file_new_output(QIO_CHANNEL(out_bioc));
}

/* Flush and close @f, returning what was written. */
static Bytes close_out(QEMUFile *f)
{
    Bytes b;

    g_assert_cmpint(qemu_fflush(f), ==, 0);
    g_assert_cmpint(qemu_file_get_error(f), ==, 0);
    b.len = out_bioc->usage;
    b.data = g_memdup2(out_bioc->data, b.len);
    qemu_fclose(f);
    object_unref(OBJECT(out_bioc));
    out_bioc = NULL;
    return b;
}

static QEMUFile *open_in(const uint8_t *data, size_t len)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(len ? len : 1);
    QEMUFile *f;

    if (len) {
        memcpy(bioc->data, data, len);
    }
    bioc->usage = len;
    bioc->offset = 0;
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    object_unref(OBJECT(bioc));
    return f;
}

static void free_bytes(Bytes *b)
{
    g_free(b->data);
    b->data = NULL;
}

/* Save @opaque with @vmsd to a fresh buffer. */
static Bytes save_vmsd(const VMStateDescription *vmsd, void *opaque)
{
    QEMUFile *f = open_out();

    g_assert_cmpint(vmstate_save_state(f, vmsd, opaque, NULL), ==, 0);
    return close_out(f);
}

/*
 * Load @opaque with @vmsd from @b followed by a sentinel byte (a real
 * stream always has more after a section); checks that exactly the
 * section was consumed.  With @raw, @b alone.
 */
static int load_vmsd_full(const VMStateDescription *vmsd, void *opaque,
                          int version, const Bytes *b, bool raw,
                          Error **errp)
{
    g_autofree uint8_t *data = g_malloc(b->len + 1);
    QEMUFile *f;
    int ret;

    memcpy(data, b->data, b->len);
    data[b->len] = 0xee;
    f = open_in(data, b->len + !raw);
    ret = vmstate_load_state_errp(f, vmsd, opaque, version, errp);
    if (ret == 0 && !raw) {
        g_assert_cmpint(qemu_get_byte(f), ==, 0xee);
        g_assert_cmpint(qemu_file_get_error(f), ==, 0);
    }
    qemu_fclose(f);
    return ret;
}

static int load_vmsd(const VMStateDescription *vmsd, void *opaque,
                     int version, const Bytes *b, Error **errp)
{
    return load_vmsd_full(vmsd, opaque, version, b, false, errp);
}

/* Scalars: exact wire format */

typedef struct Scalars {
    bool b;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
} Scalars;

static const VMStateDescription vmstate_scalars = {
    .name = "scalars",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(b, Scalars),
        VMSTATE_INT8(i8, Scalars),
        VMSTATE_INT16(i16, Scalars),
        VMSTATE_INT32(i32, Scalars),
        VMSTATE_INT64(i64, Scalars),
        VMSTATE_UINT8(u8, Scalars),
        VMSTATE_UINT16(u16, Scalars),
        VMSTATE_UINT32(u32, Scalars),
        VMSTATE_UINT64(u64, Scalars),
        VMSTATE_END_OF_LIST()
    },
};

static void test_scalars(void)
{
    Scalars s = { true, -2, -3, -4, -5, 0xf1, 0xf2f3, 0xf4f5f6f7,
                  0x0102030405060708ULL };
    Scalars d = { 0 };
    static const uint8_t wire[] = {
        0x01,
        0xfe,
        0xff, 0xfd,
        0xff, 0xff, 0xff, 0xfc,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfb,
        0xf1,
        0xf2, 0xf3,
        0xf4, 0xf5, 0xf6, 0xf7,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
    };
    Bytes b = save_vmsd(&vmstate_scalars, &s);

    g_assert_cmpmem(b.data, b.len, wire, sizeof(wire));
    g_assert_cmpint(load_vmsd(&vmstate_scalars, &d, 1, &b, &error_abort),
                    ==, 0);
    g_assert_true(d.b == s.b && d.i8 == s.i8 && d.i16 == s.i16 &&
                  d.i32 == s.i32 && d.i64 == s.i64 && d.u8 == s.u8 &&
                  d.u16 == s.u16 && d.u32 == s.u32 && d.u64 == s.u64);
    free_bytes(&b);
}

static void test_bad_bool(void)
{
    static const uint8_t wire[] = { 0x02 };
    Bytes b = { (uint8_t *)wire, sizeof(wire) };
    Scalars d = { 0 };
    Error *err = NULL;

    g_assert_cmpint(load_vmsd(&vmstate_scalars, &d, 1, &b, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "'b'"));
    g_assert_nonnull(strstr(error_get_pretty(err), "invalid boolean"));
    error_free(err);
}

static void test_truncated(void)
{
    Scalars s = { true, 1, 2, 3, 4, 5, 6, 7, 8 };
    Bytes b = save_vmsd(&vmstate_scalars, &s);
    size_t cut;

    for (cut = 0; cut < b.len; cut++) {
        Bytes part = { b.data, cut };
        Scalars d = { 0 };
        Error *err = NULL;

        g_assert_cmpint(load_vmsd_full(&vmstate_scalars, &d, 1, &part, true,
                                       &err),
                        <, 0);
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(error_get_pretty(err), "scalars"));
        error_free(err);
    }
    free_bytes(&b);
}

/* Arrays, buffers, structures, pointers, timers */

typedef struct Inner {
    uint32_t a;
    uint16_t b;
} Inner;

static const VMStateDescription vmstate_inner = {
    .name = "inner",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(a, Inner),
        VMSTATE_UINT16(b, Inner),
        VMSTATE_END_OF_LIST()
    },
};

typedef struct Kinds {
    uint8_t u8a[3];
    uint16_t u16a[2];
    uint32_t u32a[4];
    uint64_t u64a[2];
    int32_t i32a[2];
    int64_t i64a[2];
    bool ba[3];
    uint32_t m32[2][3];
    uint8_t m8[2][2];
    uint8_t buf[5];
    uint32_t vlen;
    uint8_t *vbuf;
    uint32_t alen;
    uint8_t *abuf;
    Inner inner;
    Inner inners[2];
    Inner *pinner;
    uint32_t nvar;
    uint32_t *var;
    uint32_t nalloc;
    uint64_t *alloc;
    QEMUTimer *tptr;
    QEMUTimer tval;
    uint32_t ntimers;
    QEMUTimer **timers;
    int32_t le;
    uint32_t magic;
    uint8_t sub[6];
} Kinds;

static const VMStateDescription vmstate_kinds = {
    .name = "kinds",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(u8a, Kinds, 3),
        VMSTATE_UINT16_ARRAY(u16a, Kinds, 2),
        VMSTATE_UINT32_ARRAY(u32a, Kinds, 4),
        VMSTATE_UINT64_ARRAY(u64a, Kinds, 2),
        VMSTATE_INT32_ARRAY(i32a, Kinds, 2),
        VMSTATE_INT64_ARRAY(i64a, Kinds, 2),
        VMSTATE_BOOL_ARRAY(ba, Kinds, 3),
        VMSTATE_UINT32_2DARRAY(m32, Kinds, 2, 3),
        VMSTATE_UINT8_2DARRAY(m8, Kinds, 2, 2),
        VMSTATE_BUFFER(buf, Kinds),
        VMSTATE_UINT32(vlen, Kinds),
        VMSTATE_VBUFFER_UINT32(vbuf, Kinds, 0, NULL, vlen),
        VMSTATE_UINT32(alen, Kinds),
        VMSTATE_VBUFFER_ALLOC_UINT32(abuf, Kinds, 0, NULL, alen),
        VMSTATE_STRUCT(inner, Kinds, 1, vmstate_inner, Inner),
        VMSTATE_STRUCT_ARRAY(inners, Kinds, 2, 1, vmstate_inner, Inner),
        VMSTATE_STRUCT_POINTER(pinner, Kinds, vmstate_inner, Inner),
        VMSTATE_UINT32(nvar, Kinds),
        VMSTATE_VARRAY_UINT32(var, Kinds, nvar, 0, vmstate_info_uint32,
                              uint32_t),
        VMSTATE_UINT32(nalloc, Kinds),
        VMSTATE_VARRAY_UINT32_ALLOC(alloc, Kinds, nalloc, 0,
                                    vmstate_info_uint64, uint64_t),
        VMSTATE_TIMER_PTR(tptr, Kinds),
        VMSTATE_TIMER(tval, Kinds),
        VMSTATE_TIMER_PTR_VARRAY(timers, Kinds, ntimers),
        VMSTATE_UNUSED(3),
        VMSTATE_INT32_POSITIVE_LE(le, Kinds),
        VMSTATE_UINT32_EQUAL(magic, Kinds, "the magic must match"),
        VMSTATE_UINT8_SUB_ARRAY(sub, Kinds, 2, 3),
        VMSTATE_END_OF_LIST()
    },
};

static void timer_cb(void *opaque)
{
}

static void kinds_init(Kinds *k)
{
    memset(k, 0, sizeof(*k));
    k->vlen = 4;
    k->vbuf = g_malloc0(4);
    k->pinner = g_new0(Inner, 1);
    k->nvar = 3;
    k->var = g_new0(uint32_t, 3);
    k->tptr = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    timer_init_ns(&k->tval, QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    k->ntimers = 2;
    k->timers = g_new0(QEMUTimer *, 2);
    k->timers[0] = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    k->timers[1] = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    k->le = 100;
    k->magic = 0xcafe;
}

static void kinds_fill(Kinds *k)
{
    int i, j;

    for (i = 0; i < 3; i++) {
        k->u8a[i] = 0x10 + i;
        k->ba[i] = i & 1;
    }
    k->u16a[0] = 0x1234;
    k->u16a[1] = 0xfedc;
    for (i = 0; i < 4; i++) {
        k->u32a[i] = 0xa0000000u + i;
    }
    k->u64a[0] = UINT64_MAX;
    k->u64a[1] = 0x8000000000000001ULL;
    k->i32a[0] = INT32_MIN;
    k->i32a[1] = -1;
    k->i64a[0] = INT64_MIN;
    k->i64a[1] = 42;
    for (i = 0; i < 2; i++) {
        for (j = 0; j < 3; j++) {
            k->m32[i][j] = i * 10 + j;
        }
        for (j = 0; j < 2; j++) {
            k->m8[i][j] = 0x80 + i * 2 + j;
        }
    }
    memcpy(k->buf, "hello", 5);
    memcpy(k->vbuf, "vbuf", 4);
    k->alen = 6;
    k->abuf = (uint8_t *)g_strdup("alloc");
    k->inner.a = 7;
    k->inner.b = 8;
    k->inners[0].a = 9;
    k->inners[1].b = 10;
    k->pinner->a = 11;
    k->pinner->b = 12;
    for (i = 0; i < 3; i++) {
        k->var[i] = 0x100 + i;
    }
    k->nalloc = 2;
    k->alloc = g_new(uint64_t, 2);
    k->alloc[0] = 0xdeadbeef00000000ULL;
    k->alloc[1] = 5;
    timer_mod_ns(k->tptr, 123456789);
    timer_mod_ns(k->timers[1], 987654321);
    k->le = 50;
    memcpy(k->sub, "abcdef", 6);
}

static void kinds_free(Kinds *k)
{
    g_free(k->vbuf);
    g_free(k->abuf);
    g_free(k->pinner);
    g_free(k->var);
    g_free(k->alloc);
    timer_free(k->tptr);
    timer_deinit(&k->tval);
    timer_free(k->timers[0]);
    timer_free(k->timers[1]);
    g_free(k->timers);
}

static void test_kinds_round_trip(void)
{
    Kinds s, d;
    Bytes b;

    kinds_init(&s);
    kinds_fill(&s);
    kinds_init(&d);
    timer_mod_ns(&d.tval, 555);     /* the source's is not pending */
    b = save_vmsd(&vmstate_kinds, &s);
    g_assert_cmpint(load_vmsd(&vmstate_kinds, &d, 1, &b, &error_abort),
                    ==, 0);

    g_assert_cmpmem(d.u8a, sizeof(d.u8a), s.u8a, sizeof(s.u8a));
    g_assert_cmpmem(d.u16a, sizeof(d.u16a), s.u16a, sizeof(s.u16a));
    g_assert_cmpmem(d.u32a, sizeof(d.u32a), s.u32a, sizeof(s.u32a));
    g_assert_cmpmem(d.u64a, sizeof(d.u64a), s.u64a, sizeof(s.u64a));
    g_assert_cmpmem(d.i32a, sizeof(d.i32a), s.i32a, sizeof(s.i32a));
    g_assert_cmpmem(d.i64a, sizeof(d.i64a), s.i64a, sizeof(s.i64a));
    g_assert_cmpmem(d.ba, sizeof(d.ba), s.ba, sizeof(s.ba));
    g_assert_cmpmem(d.m32, sizeof(d.m32), s.m32, sizeof(s.m32));
    g_assert_cmpmem(d.m8, sizeof(d.m8), s.m8, sizeof(s.m8));
    g_assert_cmpmem(d.buf, 5, "hello", 5);
    g_assert_cmpmem(d.vbuf, 4, "vbuf", 4);
    g_assert_cmpuint(d.alen, ==, 6);
    g_assert_cmpstr((char *)d.abuf, ==, "alloc");
    g_assert_cmpuint(d.inner.a, ==, 7);
    g_assert_cmpuint(d.inner.b, ==, 8);
    g_assert_cmpuint(d.inners[0].a, ==, 9);
    g_assert_cmpuint(d.inners[1].b, ==, 10);
    g_assert_cmpuint(d.pinner->a, ==, 11);
    g_assert_cmpuint(d.pinner->b, ==, 12);
    g_assert_cmpuint(d.var[2], ==, 0x102);
    g_assert_cmpuint(d.nalloc, ==, 2);
    g_assert_cmphex(d.alloc[0], ==, 0xdeadbeef00000000ULL);
    g_assert_cmphex(d.alloc[1], ==, 5);
    g_assert_true(timer_pending(d.tptr));
    g_assert_cmpuint(timer_expire_time_ns(d.tptr), ==, 123456789);
    g_assert_false(timer_pending(&d.tval));
    g_assert_false(timer_pending(d.timers[0]));
    g_assert_cmpuint(timer_expire_time_ns(d.timers[1]), ==, 987654321);
    g_assert_cmpint(d.le, ==, 50);
    g_assert_cmpmem(d.sub + 2, 3, "cde", 3);
    g_assert_cmpint(d.sub[0], ==, 0);
    g_assert_cmpint(d.sub[5], ==, 0);

    free_bytes(&b);
    kinds_free(&s);
    kinds_free(&d);
}

/* Load a Kinds stream into a destination changed by @tweak: must fail. */
static void kinds_refused(void (*tweak)(Kinds *d), const char *msg)
{
    Kinds s, d;
    Error *err = NULL;
    Bytes b;

    kinds_init(&s);
    kinds_fill(&s);
    kinds_init(&d);
    tweak(&d);
    b = save_vmsd(&vmstate_kinds, &s);
    g_assert_cmpint(load_vmsd(&vmstate_kinds, &d, 1, &b, &err), <, 0);
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_printerr("error '%s' lacks '%s'\n", error_get_pretty(err), msg);
        g_assert_not_reached();
    }
    error_free(err);
    free_bytes(&b);
    kinds_free(&s);
    kinds_free(&d);
}

static void tweak_magic(Kinds *d)
{
    d->magic = 0xbeef;
}

static void tweak_le(Kinds *d)
{
    d->le = 10;
}

static void test_kinds_refused(void)
{
    kinds_refused(tweak_magic, "field 'magic'");
    kinds_refused(tweak_magic, "51966 != 48879");
    kinds_refused(tweak_le, "field 'le'");
}

/* Versions, VMSTATE_VALIDATE, hooks, subsections */

typedef struct Versioned {
    uint32_t v1;
    uint32_t v2;        /* since version 2 */
    uint32_t v3;        /* since version 3 */
    uint32_t limit;
    bool opt_on;
    uint32_t opt;       /* in subsection "versioned/opt" */
    int pre_loads;
    int post_loads;
    int loaded_version;
} Versioned;

static bool versioned_limit_ok(void *opaque, int version_id)
{
    Versioned *v = opaque;

    return v->limit < 100;
}

static bool versioned_opt_needed(void *opaque)
{
    Versioned *v = opaque;

    return v->opt_on;
}

static int versioned_pre_load(void *opaque)
{
    Versioned *v = opaque;

    v->pre_loads++;
    return 0;
}

static int versioned_post_load(void *opaque, int version_id)
{
    Versioned *v = opaque;

    v->post_loads++;
    v->loaded_version = version_id;
    return 0;
}

static int versioned_opt_post_load(void *opaque, int version_id)
{
    Versioned *v = opaque;

    v->opt_on = true;
    return 0;
}

static const VMStateDescription vmstate_versioned_opt = {
    .name = "versioned/opt",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = versioned_opt_needed,
    .post_load = versioned_opt_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(opt, Versioned),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_versioned_v3 = {
    .name = "versioned",
    .version_id = 3,
    .minimum_version_id = 2,
    .pre_load = versioned_pre_load,
    .post_load = versioned_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v1, Versioned),
        VMSTATE_UINT32_V(v2, Versioned, 2),
        VMSTATE_UINT32_V(v3, Versioned, 3),
        VMSTATE_UINT32(limit, Versioned),
        VMSTATE_VALIDATE("limit below 100", versioned_limit_ok),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_versioned_opt,
        NULL
    },
};

/* The same state as an older binary (version 2) describes it. */
static const VMStateDescription vmstate_versioned_v2 = {
    .name = "versioned",
    .version_id = 2,
    .minimum_version_id = 2,
    .pre_load = versioned_pre_load,
    .post_load = versioned_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v1, Versioned),
        VMSTATE_UINT32_V(v2, Versioned, 2),
        VMSTATE_UINT32(limit, Versioned),
        VMSTATE_END_OF_LIST()
    },
};

/* Version 3 without the subsection. */
static const VMStateDescription vmstate_versioned_no_sub = {
    .name = "versioned",
    .version_id = 3,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v1, Versioned),
        VMSTATE_UINT32_V(v2, Versioned, 2),
        VMSTATE_UINT32_V(v3, Versioned, 3),
        VMSTATE_UINT32(limit, Versioned),
        VMSTATE_END_OF_LIST()
    },
};

static void test_versions(void)
{
    Versioned s = { .v1 = 1, .v2 = 2, .v3 = 3, .limit = 5 };
    Versioned d = { 0 };
    Error *err = NULL;
    Bytes b;

    /* An older source (v2) into this binary (v3): v3 keeps its value. */
    b = save_vmsd(&vmstate_versioned_v2, &s);
    g_assert_cmpuint(b.len, ==, 12);
    d.v3 = 77;
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 2, &b,
                              &error_abort), ==, 0);
    g_assert_cmpuint(d.v1, ==, 1);
    g_assert_cmpuint(d.v2, ==, 2);
    g_assert_cmpuint(d.v3, ==, 77);
    g_assert_cmpint(d.pre_loads, ==, 1);
    g_assert_cmpint(d.post_loads, ==, 1);
    g_assert_cmpint(d.loaded_version, ==, 2);
    free_bytes(&b);

    /* Saving at v3 includes v3. */
    b = save_vmsd(&vmstate_versioned_v3, &s);
    g_assert_cmpuint(b.len, ==, 16);
    memset(&d, 0, sizeof(d));
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 3, &b,
                              &error_abort), ==, 0);
    g_assert_cmpuint(d.v3, ==, 3);

    /* A v3 stream is too new for the v2 binary. */
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v2, &d, 3, &b, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "versioned: incoming "
                            "version_id 3 is too new for local version_id "
                            "2"));
    error_free(err);
    err = NULL;

    /* Version 1 is older than this binary's minimum. */
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 1, &b, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "too old"));
    error_free(err);
    err = NULL;
    free_bytes(&b);

    /* VMSTATE_VALIDATE refuses a value it does not like. */
    s.limit = 500;
    b = save_vmsd(&vmstate_versioned_v3, &s);
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 3, &b, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "limit below 100"));
    error_free(err);
    free_bytes(&b);
}

static void test_subsections(void)
{
    Versioned s = { .v1 = 1, .v2 = 2, .v3 = 3, .limit = 5, .opt = 0x55 };
    Versioned d = { 0 };
    Error *err = NULL;
    Bytes b;

    /* Not needed: absent, and loading leaves the default. */
    b = save_vmsd(&vmstate_versioned_v3, &s);
    g_assert_cmpuint(b.len, ==, 16);
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 3, &b,
                              &error_abort), ==, 0);
    g_assert_false(d.opt_on);
    g_assert_cmpuint(d.opt, ==, 0);
    free_bytes(&b);

    /* Needed: present (marker, name, version, fields) and loaded. */
    s.opt_on = true;
    b = save_vmsd(&vmstate_versioned_v3, &s);
    g_assert_cmpuint(b.len, ==, 16 + 1 + 1 + strlen("versioned/opt") + 4 + 4);
    g_assert_cmpint(b.data[16], ==, QEMU_VM_SUBSECTION);
    memset(&d, 0, sizeof(d));
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 3, &b,
                              &error_abort), ==, 0);
    g_assert_true(d.opt_on);
    g_assert_cmpuint(d.opt, ==, 0x55);

    /* A binary that does not know the subsection refuses it. */
    g_assert_cmpint(load_vmsd(&vmstate_versioned_no_sub, &d, 3, &b, &err),
                    <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "unknown subsection 'versioned/opt'"));
    error_free(err);
    err = NULL;

    /* A subsection version newer than known. */
    b.data[16 + 2 + strlen("versioned/opt") + 3] = 9;
    g_assert_cmpint(load_vmsd(&vmstate_versioned_v3, &d, 3, &b, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "versioned/opt: incoming "
                            "version_id 9 is too new"));
    error_free(err);
    free_bytes(&b);
}

/* VMSTATE_WITH_TMP and arrays of pointers */

typedef struct TmpParent {
    uint32_t wide;
} TmpParent;

typedef struct TmpState {
    TmpParent *parent;
    uint16_t narrow;
} TmpState;

static int tmp_pre_save(void *opaque)
{
    TmpState *t = opaque;

    t->narrow = t->parent->wide / 2;
    return 0;
}

static int tmp_post_load(void *opaque, int version_id)
{
    TmpState *t = opaque;

    t->parent->wide = t->narrow * 2;
    return 0;
}

static const VMStateDescription vmstate_tmp = {
    .name = "tmp-parent/tmp",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = tmp_pre_save,
    .post_load = tmp_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(narrow, TmpState),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_tmp_parent = {
    .name = "tmp-parent",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_WITH_TMP(TmpParent, TmpState, vmstate_tmp),
        VMSTATE_END_OF_LIST()
    },
};

static void test_with_tmp(void)
{
    TmpParent s = { 1000 }, d = { 0 };
    Bytes b = save_vmsd(&vmstate_tmp_parent, &s);

    g_assert_cmpuint(b.len, ==, 2);
    g_assert_cmpint(b.data[0], ==, 0x01);
    g_assert_cmpint(b.data[1], ==, 0xf4);
    g_assert_cmpint(load_vmsd(&vmstate_tmp_parent, &d, 1, &b, &error_abort),
                    ==, 0);
    g_assert_cmpuint(d.wide, ==, 1000);
    free_bytes(&b);
}

/* The stream of registered sections */

typedef struct Dev {
    uint32_t x;
    uint64_t y;
} Dev;

static const VMStateDescription vmstate_dev = {
    .name = "testdev",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(x, Dev),
        VMSTATE_UINT64(y, Dev),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_early = {
    .name = "testearly",
    .version_id = 1,
    .minimum_version_id = 1,
    .priority = MIG_PRI_IOMMU,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(x, Dev),
        VMSTATE_END_OF_LIST()
    },
};

/* A live section sending @total chunks, @per_iter per iteration. */
typedef struct Live {
    int total;
    int per_iter;
    int sent;
    int received;
    uint32_t sum;
    bool setup_done;
    bool load_setup_done;
    bool load_cleanup_done;
    bool switchover;
    bool bql_held_in_load;
} Live;

static int live_save_setup(QEMUFile *f, void *opaque, Error **errp)
{
    Live *l = opaque;

    l->setup_done = true;
    l->sent = 0;
    qemu_put_be32(f, l->total);
    return 0;
}

static void live_put_chunk(QEMUFile *f, Live *l)
{
    qemu_put_byte(f, 1);
    qemu_put_be32(f, l->sent * 3);
    l->sent++;
}

static int live_iterate(QEMUFile *f, void *opaque)
{
    Live *l = opaque;
    int i;

    for (i = 0; i < l->per_iter && l->sent < l->total; i++) {
        live_put_chunk(f, l);
    }
    qemu_put_byte(f, 0);
    return l->sent == l->total;
}

static int live_complete(QEMUFile *f, void *opaque)
{
    Live *l = opaque;

    while (l->sent < l->total) {
        live_put_chunk(f, l);
    }
    qemu_put_byte(f, 0);
    return 0;
}

static void live_pending(void *opaque, uint64_t *must, uint64_t *can)
{
    Live *l = opaque;

    *must += (l->total - l->sent) * 5;
}

static int live_load(QEMUFile *f, void *opaque, int version_id)
{
    Live *l = opaque;

    if (bql_locked()) {
        l->bql_held_in_load = true;
    }
    if (!l->received && !l->total) {
        l->total = qemu_get_be32(f);
        l->received = -1;
        return qemu_file_get_error(f);
    }
    for (;;) {
        int flag = qemu_get_byte(f);

        if (qemu_file_get_error(f)) {
            return qemu_file_get_error(f);
        }
        if (flag == 0) {
            return 0;
        }
        if (flag != 1) {
            return -EINVAL;
        }
        l->sum += qemu_get_be32(f);
        l->received++;
    }
}

static int live_load_setup(QEMUFile *f, void *opaque, Error **errp)
{
    Live *l = opaque;

    l->load_setup_done = true;
    l->total = 0;
    l->received = 0;
    l->sum = 0;
    return 0;
}

static int live_load_cleanup(void *opaque)
{
    Live *l = opaque;

    l->load_cleanup_done = true;
    return 0;
}

static int live_switchover_start(void *opaque)
{
    Live *l = opaque;

    l->switchover = true;
    return 0;
}

static const SaveVMHandlers live_handlers = {
    .save_setup = live_save_setup,
    .save_live_iterate = live_iterate,
    .save_live_complete_precopy = live_complete,
    .state_pending_estimate = live_pending,
    .state_pending_exact = live_pending,
    .load_state = live_load,
    .load_setup = live_load_setup,
    .load_cleanup = live_load_cleanup,
    .switchover_start = live_switchover_start,
};

static Dev dev0, dev1, early;
static Live live;

static void set_mig_bool(const char *prop, bool value)
{
    object_property_set_bool(OBJECT(migrate_get_current()), prop, value,
                             &error_abort);
}

/* A whole migration stream of the registered sections. */
static Bytes save_stream(void)
{
    QEMUFile *f = open_out();
    uint64_t must, can;
    int ret, iters = 0;

    qemu_savevm_state_header(f);
    g_assert_cmpint(qemu_savevm_state_setup(f, &error_abort), ==, 0);
    qemu_savevm_state_pending_estimate(&must, &can);
    g_assert_cmpuint(must, ==, live.total * 5);
    do {
        ret = qemu_savevm_state_iterate(f, false);
        g_assert_cmpint(ret, >=, 0);
        iters++;
    } while (ret == 0 && iters < 2);
    qemu_savevm_maybe_send_switchover_start(f);
    g_assert_cmpint(qemu_savevm_state_complete_precopy(f, false), ==, 0);
    qemu_savevm_state_cleanup();
    return close_out(f);
}

static int load_stream(const uint8_t *data, size_t len, Error **errp)
{
    QEMUFile *f = open_in(data, len);
    int ret = qemu_loadvm_state(f, errp);

    qemu_fclose(f);
    return ret;
}

/* Idstrs of the START/FULL sections of @b, in order. */
static GString *section_names(const Bytes *b)
{
    GString *names = g_string_new("");
    size_t pos = 8;
    bool footers = migrate_send_section_footer();

    if (b->data[pos] == QEMU_VM_CONFIGURATION) {
        pos += 1 + 4 + be32_at(b->data + pos + 1);
    }
    while (pos < b->len) {
        uint8_t type = b->data[pos++];

        if (type == QEMU_VM_EOF) {
            break;
        }
        if (type == QEMU_VM_COMMAND) {
            g_string_append(names, "cmd ");
            pos += 4 + be16_at(b->data + pos + 2);
            continue;
        }
        pos += 4;
        if (type == QEMU_VM_SECTION_START || type == QEMU_VM_SECTION_FULL) {
            uint8_t len = b->data[pos++];

            g_string_append_printf(names, "%s%.*s.%u ",
                                   type == QEMU_VM_SECTION_START ? "+" : "",
                                   len, b->data + pos,
                                   be32_at(b->data + pos + len));
            pos += len + 8;
        }
        /* Skip the payload: find our footer (test data has no 0x7e). */
        g_assert_true(footers);
        while (b->data[pos] != QEMU_VM_SECTION_FOOTER) {
            pos++;
        }
        pos += 5;
    }
    return names;
}

static void test_stream_round_trip(void)
{
    g_autoptr(GString) names = NULL;
    Bytes b;

    dev0 = (Dev) { 1, 2 };
    dev1 = (Dev) { 3, 4 };
    early = (Dev) { 5, 6 };
    live = (Live) { .total = 5, .per_iter = 2 };
    set_mig_bool("send-switchover-start", true);

    b = save_stream();
    g_assert_true(live.setup_done);
    g_assert_cmpint(live.sent, ==, 5);

    /*
     * Priority first (testearly), then registration order; the
     * migration object registered ram, globalstate and timer.
     */
    names = section_names(&b);
    g_assert_cmpstr(names->str, ==,
                    "+ram.0 +live.0 cmd testearly.0 globalstate.0 timer.0 "
                    "testdev.0 testdev.1 ");

    dev0 = dev1 = early = (Dev) { 0, 0 };
    live = (Live) { 0 };
    g_assert_cmpint(load_stream(b.data, b.len, &error_abort), ==, 0);
    g_assert_cmpuint(dev0.x, ==, 1);
    g_assert_cmpuint(dev0.y, ==, 2);
    g_assert_cmpuint(dev1.x, ==, 3);
    g_assert_cmpuint(dev1.y, ==, 4);
    g_assert_cmpuint(early.x, ==, 5);
    g_assert_true(live.load_setup_done);
    g_assert_true(live.load_cleanup_done);
    g_assert_true(live.switchover);
    g_assert_true(qemu_loadvm_switchover_started());
    g_assert_false(live.bql_held_in_load);
    g_assert_cmpint(live.received, ==, 5 - 1);
    g_assert_cmpuint(live.sum, ==, 0 + 3 + 6 + 9 + 12);
    free_bytes(&b);
}

static void test_stream_no_footer_no_config(void)
{
    Bytes b;

    set_mig_bool("send-section-footer", false);
    set_mig_bool("send-configuration", false);
    set_mig_bool("send-switchover-start", false);
    dev0 = (Dev) { 11, 12 };
    live = (Live) { .total = 1, .per_iter = 1 };
    b = save_stream();
    g_assert_cmpint(b.data[8], ==, QEMU_VM_SECTION_START);
    dev0 = (Dev) { 0, 0 };
    g_assert_cmpint(load_stream(b.data, b.len, &error_abort), ==, 0);
    g_assert_cmpuint(dev0.x, ==, 11);
    g_assert_false(qemu_loadvm_switchover_started());
    free_bytes(&b);
    set_mig_bool("send-section-footer", true);
    set_mig_bool("send-configuration", true);
    set_mig_bool("send-switchover-start", true);
}

/* Load @b after @edit; the error must contain @msg. */
static void stream_refused(const Bytes *b, const char *msg)
{
    Error *err = NULL;

    g_assert_cmpint(load_stream(b->data, b->len, &err), <, 0);
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_printerr("error '%s' lacks '%s'\n", error_get_pretty(err), msg);
        g_assert_not_reached();
    }
    error_free(err);
}

static size_t find_bytes(const Bytes *b, const char *s)
{
    size_t n = strlen(s), i;

    for (i = 0; i + n <= b->len; i++) {
        if (memcmp(b->data + i, s, n) == 0) {
            return i;
        }
    }
    g_assert_not_reached();
}

static void test_stream_refusals(void)
{
    Bytes b, c;
    size_t pos;

    live = (Live) { .total = 2, .per_iter = 1 };
    b = save_stream();
    c.len = b.len;

    c.data = g_memdup2(b.data, b.len);
    c.data[0] = 'X';
    stream_refused(&c, "bad magic 0x5845564d");
    g_free(c.data);

    c.data = g_memdup2(b.data, b.len);
    c.data[7] = 2;
    stream_refused(&c, "Unsupported migration stream version 2");
    g_free(c.data);

    /* Another machine type: configuration is (len, name). */
    {
        static const uint8_t other[] = {
            'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_CONFIGURATION,
            0, 0, 0, 8, 'v', 'i', 'r', 't', '-', '9', '.', '0',
            QEMU_VM_EOF,
        };
        Bytes o = { (uint8_t *)other, sizeof(other) };

        stream_refused(&o, "Machine type received is 'virt-9.0' and local "
                       "is ''");
    }

    /* Configuration missing. */
    {
        static const uint8_t nocfg[] = {
            'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_EOF,
        };
        Bytes o = { (uint8_t *)nocfg, sizeof(nocfg) };

        stream_refused(&o, "Configuration section missing");
    }

    /* Unknown section. */
    c.data = g_memdup2(b.data, b.len);
    pos = find_bytes(&c, "testdev");
    c.data[pos] = 'X';
    stream_refused(&c, "Unknown section or instance 'Xestdev' 0");
    g_free(c.data);

    /* Unknown instance. */
    c.data = g_memdup2(b.data, b.len);
    pos = find_bytes(&c, "testdev");
    c.data[pos + 7 + 3] = 9;
    stream_refused(&c, "'testdev' 9");
    g_free(c.data);

    /* Newer section version than known. */
    c.data = g_memdup2(b.data, b.len);
    c.data[pos + 7 + 4 + 3] = 3;
    stream_refused(&c, "section 'testdev' has version 3, newer than the 2");
    g_free(c.data);

    /* Footer with another section id. */
    c.data = g_memdup2(b.data, b.len);
    c.data[pos + 7 + 8 + 12 + 4] ^= 0x40;
    stream_refused(&c, "Mismatched section id in footer for 'testdev'");
    g_free(c.data);

    /* Unknown section type. */
    c.data = g_memdup2(b.data, b.len);
    c.data[pos - 1 - 4 - 1] = 0x42;
    stream_refused(&c, "Unknown section type 0x42");
    g_free(c.data);

    /* Truncated anywhere: an error, never a crash. */
    for (c.len = 0; c.len < b.len; c.len++) {
        Error *err = NULL;

        g_assert_cmpint(load_stream(b.data, c.len, &err), <, 0);
        g_assert_nonnull(err);
        error_free(err);
    }
    free_bytes(&b);
}

static void test_unknown_command(void)
{
    static const uint8_t stream[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_CONFIGURATION, 0, 0, 0, 0,
        QEMU_VM_COMMAND, 0, 0x33, 0, 0, QEMU_VM_EOF,
    };
    static const uint8_t postcopy[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_CONFIGURATION, 0, 0, 0, 0,
        QEMU_VM_COMMAND, 0, MIG_CMD_ENABLE_COLO, 0, 0, QEMU_VM_EOF,
    };
    static const uint8_t badlen[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_CONFIGURATION, 0, 0, 0, 0,
        QEMU_VM_COMMAND, 0, MIG_CMD_PING, 0, 2, 0, 0, QEMU_VM_EOF,
    };
    static const uint8_t ping[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3, QEMU_VM_CONFIGURATION, 0, 0, 0, 0,
        QEMU_VM_COMMAND, 0, MIG_CMD_PING, 0, 4, 0, 0, 0, 1, QEMU_VM_EOF,
    };
    Bytes b1 = { (uint8_t *)stream, sizeof(stream) };
    Bytes b2 = { (uint8_t *)postcopy, sizeof(postcopy) };
    Bytes b3 = { (uint8_t *)badlen, sizeof(badlen) };

    stream_refused(&b1, "Unknown migration command 0x33");
    stream_refused(&b2, "ENABLE_COLO is not supported");
    stream_refused(&b3, "PING has length 2 (expected 4)");
    g_assert_cmpint(load_stream(ping, sizeof(ping), &error_abort), ==, 0);
}

static const VMStateDescription vmstate_blocker = {
    .name = "blocker",
    .unmigratable = true,
};

static void test_blocked(void)
{
    Error *err = NULL;
    int opaque;

    g_assert_false(qemu_savevm_state_blocked(&error_abort));
    vmstate_register(NULL, 0, &vmstate_blocker, &opaque);
    g_assert_true(qemu_savevm_state_blocked(&err));
    g_assert_nonnull(strstr(error_get_pretty(err), "'blocker'"));
    error_free(err);
    vmstate_unregister(NULL, &vmstate_blocker, &opaque);
    g_assert_false(qemu_savevm_state_blocked(&error_abort));
}

static void test_register_instances(void)
{
    Error *err = NULL;
    Dev a, b;

    /* An explicit instance id already taken is refused. */
    g_assert_cmpint(vmstate_register_with_alias_id(NULL, 0, &vmstate_dev,
                                                   &a, -1, 0, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "'testdev' instance 0 is already registered"));
    error_free(err);
    /* ANY takes the next free one; unregistering frees it again. */
    g_assert_cmpint(vmstate_register_any(NULL, &vmstate_dev, &a), ==, 0);
    g_assert_cmpint(vmstate_register_any(NULL, &vmstate_dev, &b), ==, 0);
    vmstate_unregister(NULL, &vmstate_dev, &a);
    vmstate_unregister(NULL, &vmstate_dev, &b);
}

static void test_global_state(void)
{
    Bytes b;

    global_state_store_running();
    live = (Live) { .total = 1, .per_iter = 1 };
    b = save_stream();
    g_assert_cmpuint(find_bytes(&b, "globalstate"), >, 0);
    g_assert_cmpuint(find_bytes(&b, "running"), >, 0);
    g_assert_cmpint(load_stream(b.data, b.len, &error_abort), ==, 0);
    g_assert_true(global_state_received());
    g_assert_cmpint(global_state_get_runstate(), ==, RUN_STATE_RUNNING);

    /* An unknown run state name is refused. */
    memcpy(b.data + find_bytes(&b, "running"), "runnin!", 7);
    stream_refused(&b, "unknown run state 'runnin!'");
    free_bytes(&b);
}

/* qdev: a realized device with a vmsd is a section */

typedef struct TestQdev {
    DeviceState parent_obj;
    uint32_t reg;
} TestQdev;

#define TYPE_TEST_QDEV "test-vmstate-qdev"

static const VMStateDescription vmstate_test_qdev = {
    .name = "testqdev",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, TestQdev),
        VMSTATE_END_OF_LIST()
    },
};

static void test_qdev_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_test_qdev;
}

static const TypeInfo test_qdev_info = {
    .name = TYPE_TEST_QDEV,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(TestQdev),
    .class_init = test_qdev_class_init,
};

static void test_qdev_hooks(void)
{
    DeviceState *a, *b;
    Bytes s;

    type_register_static(&test_qdev_info);
    a = qdev_new(TYPE_TEST_QDEV);
    b = qdev_new(TYPE_TEST_QDEV);
    qdev_realize(a, NULL, &error_abort);
    qdev_realize(b, NULL, &error_abort);
    ((TestQdev *)a)->reg = 0xaaaa5555;
    ((TestQdev *)b)->reg = 0x12345678;

    live = (Live) { .total = 1, .per_iter = 1 };
    s = save_stream();
    g_assert_cmpuint(find_bytes(&s, "testqdev"), >, 0);
    ((TestQdev *)a)->reg = 0;
    ((TestQdev *)b)->reg = 0;
    g_assert_cmpint(load_stream(s.data, s.len, &error_abort), ==, 0);
    g_assert_cmphex(((TestQdev *)a)->reg, ==, 0xaaaa5555);
    g_assert_cmphex(((TestQdev *)b)->reg, ==, 0x12345678);

    /* Unrealized devices leave the stream: the old one is refused. */
    qdev_unrealize(a);
    qdev_unrealize(b);
    stream_refused(&s, "Unknown section or instance 'testqdev' 0");
    free_bytes(&s);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}

/* Run scripts/analyze-migration.py on @b; returns its output. */
static char *analyze(const Bytes *b, int *status)
{
    const char *srcdir = g_getenv("G_TEST_SRCDIR");
    g_autofree char *python = g_find_program_in_path("python3");
    g_autofree char *script = NULL;
    g_autofree char *path = NULL;
    char *out = NULL;
    int fd;

    if (!python || !srcdir) {
        return NULL;
    }
    script = g_build_filename(srcdir, "..", "..", "scripts",
                              "analyze-migration.py", NULL);
    fd = g_file_open_tmp("vmstate-XXXXXX.stream", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, (char *)b->data, b->len, NULL));
    {
        const char *argv[] = { python, script, "-f", path, NULL };

        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                                   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &out, NULL, status, NULL));
    }
    unlink(path);
    return out;
}

static void test_analyze(void)
{
    static const uint8_t ram_stream[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3,
        QEMU_VM_CONFIGURATION, 0, 0, 0, 4, 'v', 'i', 'r', 't',
        /* START 'ram' 0 v4: MEM_SIZE 0x2000, block "b" 0x2000, EOS */
        QEMU_VM_SECTION_START, 0, 0, 0, 9, 3, 'r', 'a', 'm',
        0, 0, 0, 0, 0, 0, 0, 4,
        0, 0, 0, 0, 0, 0, 0x20, 0x04, 1, 'b',
        0, 0, 0, 0, 0, 0, 0x20, 0x00,
        0, 0, 0, 0, 0, 0, 0, 0x10,
        QEMU_VM_SECTION_FOOTER, 0, 0, 0, 9,
        /* END: zero page at 0, zero page at 0x1000 (CONTINUE), EOS */
        QEMU_VM_SECTION_END, 0, 0, 0, 9,
        0, 0, 0, 0, 0, 0, 0, 0x02, 1, 'b', 0,
        0, 0, 0, 0, 0, 0, 0x10, 0x22, 0,
        0, 0, 0, 0, 0, 0, 0, 0x10,
        QEMU_VM_SECTION_FOOTER, 0, 0, 0, 9,
        QEMU_VM_EOF,
    };
    Bytes ram = { (uint8_t *)ram_stream, sizeof(ram_stream) };
    g_autofree char *out = NULL;
    Bytes b;
    int status;

    dev0 = (Dev) { 1, 2 };
    live = (Live) { .total = 2, .per_iter = 1 };
    b = save_stream();
    out = analyze(&b, &status);
    if (!out) {
        g_test_skip("python3 or G_TEST_SRCDIR missing");
        free_bytes(&b);
        return;
    }
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_nonnull(strstr(out, "header: magic QEVM, version 3\n"
                            "configuration: machine type ''\n"));
    g_assert_nonnull(strstr(out, "START 'live' instance 0 version 1"));
    g_assert_nonnull(strstr(out, "command SWITCHOVER_START\n"));
    g_assert_nonnull(strstr(out, "FULL 'testdev' instance 1 version 2: "
                            "12 bytes\n"));
    g_assert_nonnull(strstr(out, "EOF at offset"));
    g_free(out);

    /* Truncated: an error status. */
    b.len -= 7;
    out = analyze(&b, &status);
    g_assert_false(g_spawn_check_wait_status(status, NULL));
    free_bytes(&b);
    g_free(out);

    out = analyze(&ram, &status);
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_nonnull(strstr(out, "configuration: machine type 'virt'"));
    g_assert_nonnull(strstr(out, "section 9 START 'ram' instance 0 version "
                            "4: 26 bytes (memory 0x2000 in 'b' 0x2000; 0 "
                            "pages, 0 zero, 0 xbzrle)"));
    g_assert_nonnull(strstr(out, "section 9 END 'ram': 28 bytes (0 pages, "
                            "2 zero, 0 xbzrle)"));
}

/* Write a stream for scripts/analyze-migration.py when asked. */
static void maybe_write_stream_file(void)
{
    const char *path = g_getenv("VMSTATE_TEST_STREAM");
    Bytes b;

    if (!path) {
        return;
    }
    dev0 = (Dev) { 0x11111111, 0x2222222222222222ULL };
    live = (Live) { .total = 3, .per_iter = 1 };
    b = save_stream();
    g_assert_true(g_file_set_contents(path, (char *)b.data, b.len, NULL));
    free_bytes(&b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    migration_object_init(&error_abort);
    register_global_state();

    vmstate_register(NULL, 0, &vmstate_dev, &dev0);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &dev1);
    register_savevm_live("live", 0, 1, &live_handlers, &live);
    vmstate_register(NULL, 0, &vmstate_early, &early);

    maybe_write_stream_file();

    g_test_add_func("/vmstate/scalars", test_scalars);
    g_test_add_func("/vmstate/bad-bool", test_bad_bool);
    g_test_add_func("/vmstate/truncated", test_truncated);
    g_test_add_func("/vmstate/kinds", test_kinds_round_trip);
    g_test_add_func("/vmstate/kinds-refused", test_kinds_refused);
    g_test_add_func("/vmstate/versions", test_versions);
    g_test_add_func("/vmstate/subsections", test_subsections);
    g_test_add_func("/vmstate/with-tmp", test_with_tmp);
    g_test_add_func("/savevm/round-trip", test_stream_round_trip);
    g_test_add_func("/savevm/no-footer-no-config",
                    test_stream_no_footer_no_config);
    g_test_add_func("/savevm/refusals", test_stream_refusals);
    g_test_add_func("/savevm/unknown-command", test_unknown_command);
    g_test_add_func("/savevm/blocked", test_blocked);
    g_test_add_func("/savevm/instances", test_register_instances);
    g_test_add_func("/savevm/global-state", test_global_state);
    g_test_add_func("/savevm/analyze", test_analyze);
    g_test_add_func("/savevm/qdev-hooks", test_qdev_hooks);
    return g_test_run();
}
