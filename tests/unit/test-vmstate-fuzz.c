/*
 * The migration stream loader against hostile input: random bytes,
 * truncations and corruptions of a valid stream must end in an error
 * (or, for a corruption that happens to keep the stream valid, in
 * success), never in a crash, a hang or an abort.  Fixed seeds.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "io/channel-buffer.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "migration/register.h"
#include "migration/savevm.h"
#include "migration/global_state.h"
#include "migration/misc.h"

/* State with most field kinds, including sizes read off the stream. */
typedef struct FuzzSub {
    uint16_t s;
} FuzzSub;

typedef struct FuzzDev {
    uint8_t u8;
    bool flag;
    uint32_t arr[4];
    uint32_t blen;
    uint8_t *blob;
    FuzzSub sub[2];
    QEMUTimer *timer;
    int32_t level;
    uint64_t opt;
    uint8_t nitems;
} FuzzDev;

static bool fuzz_opt_needed(void *opaque)
{
    return true;
}

static bool fuzz_nitems_ok(void *opaque, int version_id)
{
    FuzzDev *d = opaque;

    return d->nitems <= 2;
}

static const VMStateDescription vmstate_fuzz_sub = {
    .name = "fuzzsub",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(s, FuzzSub),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_fuzz_opt = {
    .name = "fuzzdev/opt",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = fuzz_opt_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(opt, FuzzDev),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_fuzz = {
    .name = "fuzzdev",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(u8, FuzzDev),
        VMSTATE_BOOL(flag, FuzzDev),
        VMSTATE_UINT32_ARRAY(arr, FuzzDev, 4),
        VMSTATE_UINT32(blen, FuzzDev),
        VMSTATE_VBUFFER_ALLOC_UINT32(blob, FuzzDev, 0, NULL, blen),
        VMSTATE_UINT8(nitems, FuzzDev),
        VMSTATE_VALIDATE("nitems at most 2", fuzz_nitems_ok),
        VMSTATE_STRUCT_VARRAY_UINT8(sub, FuzzDev, nitems, 0,
                                    vmstate_fuzz_sub, FuzzSub),
        VMSTATE_TIMER_PTR(timer, FuzzDev),
        VMSTATE_INT32_V(level, FuzzDev, 2),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_fuzz_opt,
        NULL
    },
};

/* A live section: START carries a count, PART/END that many bytes. */
typedef struct FuzzLive {
    uint32_t count;
} FuzzLive;

static int fuzz_live_setup(QEMUFile *f, void *opaque, Error **errp)
{
    qemu_put_be32(f, 3);
    return 0;
}

static int fuzz_live_iterate(QEMUFile *f, void *opaque)
{
    qemu_put_byte(f, 3);
    qemu_put_buffer(f, (const uint8_t *)"abc", 3);
    return 1;
}

static int fuzz_live_complete(QEMUFile *f, void *opaque)
{
    qemu_put_byte(f, 0);
    return 0;
}

static int fuzz_live_load(QEMUFile *f, void *opaque, int version_id)
{
    FuzzLive *l = opaque;
    uint8_t buf[255];
    int n;

    if (!l->count) {
        l->count = qemu_get_be32(f);
        return qemu_file_get_error(f);
    }
    n = qemu_get_byte(f);
    if (qemu_get_buffer(f, buf, n) != n) {
        return -EIO;
    }
    return qemu_file_get_error(f);
}

static int fuzz_live_load_setup(QEMUFile *f, void *opaque, Error **errp)
{
    FuzzLive *l = opaque;

    l->count = 0;
    return 0;
}

static const SaveVMHandlers fuzz_live_handlers = {
    .save_setup = fuzz_live_setup,
    .save_live_iterate = fuzz_live_iterate,
    .save_live_complete_precopy = fuzz_live_complete,
    .load_state = fuzz_live_load,
    .load_setup = fuzz_live_load_setup,
};

static FuzzDev devs[2];
static FuzzLive live;
static uint8_t *valid;
static size_t valid_len;

static void dev_init(FuzzDev *d, int n)
{
    g_free(d->blob);
    d->u8 = n;
    d->flag = n & 1;
    d->arr[3] = 0x12345678 + n;
    d->blen = 5;
    d->blob = (uint8_t *)g_strdup("blob");
    d->nitems = 2;
    d->sub[1].s = 0x7e7e;
    if (!d->timer) {
        d->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, NULL, NULL);
    }
    timer_mod_ns(d->timer, 1000 + n);
    d->level = -n;
    d->opt = 0xfeedfacecafef00dULL;
}

static void make_valid_stream(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(4096);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(bioc));

    qemu_savevm_state_header(f);
    g_assert_cmpint(qemu_savevm_state_setup(f, &error_abort), ==, 0);
    g_assert_cmpint(qemu_savevm_state_iterate(f, false), ==, 1);
    qemu_savevm_maybe_send_switchover_start(f);
    g_assert_cmpint(qemu_savevm_state_complete_precopy(f, false), ==, 0);
    qemu_savevm_state_cleanup();
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    valid_len = bioc->usage;
    valid = g_memdup2(bioc->data, valid_len);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
}

/* Load @len bytes; returns the result and checks errp agrees. */
static int load(const uint8_t *data, size_t len)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(len ? len : 1);
    Error *err = NULL;
    QEMUFile *f;
    int ret;

    memcpy(bioc->data, data, len);
    bioc->usage = len;
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    object_unref(OBJECT(bioc));
    ret = qemu_loadvm_state(f, &err);
    qemu_fclose(f);
    if (ret < 0) {
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), !=, "");
        error_free(err);
    } else {
        g_assert_null(err);
    }
    return ret;
}

static void test_valid(void)
{
    int i;

    for (i = 0; i < 2; i++) {
        memset(&devs[i].arr, 0, sizeof(devs[i].arr));
    }
    g_assert_cmpint(load(valid, valid_len), ==, 0);
    g_assert_cmphex(devs[1].arr[3], ==, 0x12345679);
    g_assert_cmpstr((char *)devs[0].blob, ==, "blob");
    g_assert_cmpuint(live.count, ==, 3);
}

static void test_truncated(void)
{
    size_t len;

    for (len = 0; len < valid_len; len++) {
        g_assert_cmpint(load(valid, len), <, 0);
    }
}

static void test_random(void)
{
    GRand *rand = g_rand_new_with_seed(4242);
    uint8_t buf[512];
    int iter;

    for (iter = 0; iter < 2000; iter++) {
        size_t len = g_rand_int_range(rand, 0, sizeof(buf));
        size_t i;

        for (i = 0; i < len; i++) {
            buf[i] = g_rand_int(rand);
        }
        /* Half of them get a valid header, to reach further. */
        if (iter & 1 && len >= 13) {
            memcpy(buf, valid, 13);
            if (len > 13 && buf[13] == QEMU_VM_EOF) {
                /* That would be a valid (empty) stream. */
                buf[13] = QEMU_VM_SECTION_FULL;
            }
        }
        g_assert_cmpint(load(buf, len), <, 0);
    }
    g_rand_free(rand);
}

static void test_corrupted(void)
{
    GRand *rand = g_rand_new_with_seed(1234);
    g_autofree uint8_t *buf = g_malloc(valid_len + 64);
    int iter, ok = 0, failed = 0;

    for (iter = 0; iter < 5000; iter++) {
        size_t len = valid_len;
        int flips = g_rand_int_range(rand, 1, 4);
        int i;

        memcpy(buf, valid, valid_len);
        for (i = 0; i < flips; i++) {
            size_t pos = g_rand_int_range(rand, 0, valid_len);

            switch (g_rand_int_range(rand, 0, 3)) {
            case 0:
                buf[pos] ^= 1 << g_rand_int_range(rand, 0, 8);
                break;
            case 1:
                buf[pos] = g_rand_int(rand);
                break;
            default:
                /* Big values where sizes and counts live. */
                buf[pos] = 0xff;
                break;
            }
        }
        if (g_rand_boolean(rand)) {
            len = g_rand_int_range(rand, 0, valid_len + 1);
        }
        if (load(buf, len) < 0) {
            failed++;
        } else {
            ok++;
        }
    }
    /* Most corruptions are caught; harmless ones (data bytes) load. */
    g_assert_cmpint(failed, >, ok);
    g_rand_free(rand);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    migration_object_init(&error_abort);
    register_global_state();

    register_savevm_live("fuzzlive", 0, 1, &fuzz_live_handlers, &live);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_fuzz, &devs[0]);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_fuzz, &devs[1]);
    dev_init(&devs[0], 0);
    dev_init(&devs[1], 1);
    make_valid_stream();

    g_test_add_func("/vmstate-fuzz/valid", test_valid);
    g_test_add_func("/vmstate-fuzz/truncated", test_truncated);
    g_test_add_func("/vmstate-fuzz/random", test_random);
    g_test_add_func("/vmstate-fuzz/corrupted", test_corrupted);
    return g_test_run();
}
