/*
 * The mux chardev: up to four frontends (say a serial port and the
 * monitor) share one backend.  One frontend has the input focus; the
 * escape character (Ctrl-a) followed by a command key switches focus
 * (c), prints help (h), sends a break (b), toggles timestamps (t) or
 * quits (x); the escape character twice sends it once.
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"
#include "system/runstate.h"

int term_escape_char = 0x01; /* Ctrl-a */

/*
 * Cleared by suspend_mux_open(): OPENED events are held back until
 * resume_mux_open(), so only the focused frontend shows its banner.
 */
static bool muxes_opened = true;

/* Write to the base chardev; called with chr_write_lock held. */
static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    int ret = 0;
    int i;

    if (!d->timestamps) {
        return qemu_chr_fe_write(&d->chr, buf, len);
    }
    for (i = 0; i < len; i++) {
        if (d->linestart) {
            char stamp[64];
            int64_t ti = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
            int secs;

            if (d->timestamps_start == -1) {
                d->timestamps_start = ti;
            }
            ti -= d->timestamps_start;
            secs = ti / 1000;
            snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ",
                     secs / 3600, (secs / 60) % 60, secs % 60,
                     (int)(ti % 1000));
            qemu_chr_fe_write_all(&d->chr, (uint8_t *)stamp, strlen(stamp));
            d->linestart = false;
        }
        ret += qemu_chr_fe_write(&d->chr, buf + i, 1);
        if (buf[i] == '\n') {
            d->linestart = true;
        }
    }
    return ret;
}

static const char *const mux_help[] = {
    "% h    print this help\n\r",
    "% x    exit emulator\n\r",
    "% s    save disk data back to file (if -snapshot)\n\r",
    "% t    toggle console timestamps\n\r",
    "% b    send break (magic sysrq)\n\r",
    "% c    switch between console and monitor\n\r",
    "% %  sends %\n\r",
    NULL
};

static void mux_print_help(Chardev *chr)
{
    GString *out = g_string_new(NULL);
    char ebuf[16];
    int i;
    const char *c;

    if (term_escape_char > 0 && term_escape_char < 26) {
        g_string_append(out, "\n\r");
        snprintf(ebuf, sizeof(ebuf), "C-%c", term_escape_char - 1 + 'a');
    } else {
        g_string_append_printf(out,
                               "\n\rEscape-Char set to Ascii: 0x%02x\n\r\n\r",
                               term_escape_char);
        snprintf(ebuf, sizeof(ebuf), "Escape-Char");
    }
    for (i = 0; mux_help[i]; i++) {
        for (c = mux_help[i]; *c; c++) {
            if (*c == '%') {
                g_string_append(out, ebuf);
            } else {
                g_string_append_c(out, *c);
            }
        }
    }
    qemu_chr_write_all(chr, (uint8_t *)out->str, out->len);
    g_string_free(out, true);
}

static void mux_chr_send_event(MuxChardev *d, unsigned int mux_nr,
                               QEMUChrEvent event)
{
    CharBackend *be = d->backends[mux_nr];

    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void mux_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    if (d->focus != -1) {
        mux_chr_send_event(d, d->focus, event);
    }
}

/* The next attached frontend after @from, wrapping around. */
static int mux_next_frontend(MuxChardev *d, int from)
{
    int i;

    for (i = 1; i <= MAX_MUX; i++) {
        int n = (from + i) % MAX_MUX;

        if (d->mux_bitset & (1UL << n)) {
            return n;
        }
    }
    return -1;
}

/* Handle escape sequences; returns true if @ch is for the frontend. */
static bool mux_proc_byte(Chardev *chr, MuxChardev *d, int ch)
{
    if (d->term_got_escape) {
        d->term_got_escape = false;
        if (ch == term_escape_char) {
            return true;
        }
        switch (ch) {
        case '?':
        case 'h':
            mux_print_help(chr);
            break;
        case 'x': {
            const char *term = "QEMU: Terminated\n\r";

            qemu_chr_write_all(chr, (uint8_t *)term, strlen(term));
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
            break;
        }
        case 's':
            /* no -snapshot disks to commit */
            break;
        case 'b':
            qemu_chr_be_event(chr, CHR_EVENT_BREAK);
            break;
        case 'c': {
            int next = mux_next_frontend(d, d->focus < 0 ? -1 : d->focus);

            if (next >= 0) {
                mux_set_focus(chr, next);
            }
            break;
        }
        case 't':
            d->timestamps = !d->timestamps;
            d->timestamps_start = -1;
            d->linestart = false;
            break;
        }
        return false;
    }
    if (ch == term_escape_char) {
        d->term_got_escape = true;
        return false;
    }
    return true;
}

static void mux_chr_accept_input(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    int m = d->focus;
    CharBackend *be;

    if (m < 0) {
        return;
    }
    be = d->backends[m];
    while (be && d->prod[m] != d->cons[m] &&
           be->chr_can_read && be->chr_can_read(be->opaque) > 0) {
        be->chr_read(be->opaque,
                     &d->buffer[m][d->cons[m]++ & MUX_BUFFER_MASK], 1);
    }
}

static int mux_chr_can_read(void *opaque)
{
    MuxChardev *d = MUX_CHARDEV(opaque);
    int m = d->focus;
    CharBackend *be;

    if (m < 0) {
        return 0;
    }
    if ((d->prod[m] - d->cons[m]) < MUX_BUFFER_SIZE) {
        return 1;
    }
    be = d->backends[m];
    if (be && be->chr_can_read) {
        return be->chr_can_read(be->opaque);
    }
    return 0;
}

static void mux_chr_read(void *opaque, const uint8_t *buf, int size)
{
    Chardev *chr = CHARDEV(opaque);
    MuxChardev *d = MUX_CHARDEV(opaque);
    int i;

    mux_chr_accept_input(chr);

    for (i = 0; i < size; i++) {
        /* the focus may change in the middle of the buffer */
        int m = d->focus;
        CharBackend *be;

        if (!mux_proc_byte(chr, d, buf[i]) || m < 0) {
            continue;
        }
        be = d->backends[m];
        if (d->prod[m] == d->cons[m] && be && be->chr_can_read &&
            be->chr_can_read(be->opaque) > 0) {
            be->chr_read(be->opaque, &buf[i], 1);
        } else if (d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
            d->buffer[m][d->prod[m]++ & MUX_BUFFER_MASK] = buf[i];
        }
    }
}

void mux_chr_send_all_event(Chardev *chr, QEMUChrEvent event)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    int bit;

    if (!muxes_opened) {
        return;
    }
    for (bit = 0; bit < MAX_MUX; bit++) {
        if (d->mux_bitset & (1UL << bit)) {
            mux_chr_send_event(d, bit, event);
        }
    }
}

static void mux_chr_event(void *opaque, QEMUChrEvent event)
{
    Chardev *chr = CHARDEV(opaque);

    /* track the base's state so late frontends see it */
    if (event == CHR_EVENT_OPENED && muxes_opened) {
        chr->be_open = 1;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = 0;
    }
    mux_chr_send_all_event(chr, event);
}

static GSource *mux_chr_add_watch(Chardev *s, GIOCondition cond)
{
    MuxChardev *d = MUX_CHARDEV(s);
    Chardev *chr = qemu_chr_fe_get_driver(&d->chr);
    ChardevClass *cc;

    if (!chr) {
        return NULL;
    }
    cc = CHARDEV_GET_CLASS(chr);
    return cc->chr_add_watch ? cc->chr_add_watch(chr, cond) : NULL;
}

static void mux_chr_set_echo(Chardev *s, bool echo)
{
    MuxChardev *d = MUX_CHARDEV(s);

    qemu_chr_fe_set_echo(&d->chr, echo);
}

static void char_mux_finalize(Object *obj)
{
    MuxChardev *d = MUX_CHARDEV(obj);
    int bit;

    for (bit = 0; bit < MAX_MUX; bit++) {
        CharBackend *be = d->backends[bit];

        if (be) {
            be->chr = NULL;
        }
    }
    d->parent.be = NULL;
    qemu_chr_fe_deinit(&d->chr, false);
}

static void mux_chr_update_read_handlers(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    /* The base chardev feeds the mux, which routes to the focus. */
    qemu_chr_fe_set_handlers_full(&d->chr, mux_chr_can_read, mux_chr_read,
                                  mux_chr_event, NULL, chr, chr->gcontext,
                                  true, false);
}

bool mux_chr_attach_frontend(MuxChardev *d, CharBackend *b,
                             unsigned int *tag, Error **errp)
{
    unsigned int bit;

    for (bit = 0; bit < MAX_MUX; bit++) {
        if (!(d->mux_bitset & (1UL << bit))) {
            break;
        }
    }
    if (bit >= MAX_MUX) {
        error_setg(errp, "too many uses of multiplexed chardev '%s' "
                   "(maximum is %d)", d->parent.label, MAX_MUX);
        return false;
    }
    d->mux_bitset |= 1UL << bit;
    d->backends[bit] = b;
    *tag = bit;
    return true;
}

void mux_chr_detach_frontend(MuxChardev *d, unsigned int tag)
{
    if (tag >= MAX_MUX) {
        return;
    }
    d->mux_bitset &= ~(1UL << tag);
    d->backends[tag] = NULL;
    d->prod[tag] = d->cons[tag] = 0;
    if (d->focus == (int)tag) {
        int next = mux_next_frontend(d, tag);

        d->focus = -1;
        d->parent.be = NULL;
        if (next >= 0) {
            mux_set_focus(&d->parent, next);
        }
    }
}

void mux_set_focus(Chardev *chr, unsigned int focus)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    g_assert(focus < MAX_MUX && (d->mux_bitset & (1UL << focus)));

    if (d->focus != -1) {
        mux_chr_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    chr->be = d->backends[focus];
    mux_chr_send_event(d, d->focus, CHR_EVENT_MUX_IN);
    /* input kept for the new focus can go now */
    qemu_notify_event();
}

static void qemu_chr_open_mux(Chardev *chr, ChardevBackend *backend,
                              bool *be_opened, Error **errp)
{
    ChardevMux *mux = backend->u.mux.data;
    MuxChardev *d = MUX_CHARDEV(chr);
    Chardev *drv;

    drv = qemu_chr_find(mux->chardev);
    if (!drv) {
        error_setg(errp, "mux: base chardev %s not found", mux->chardev);
        return;
    }
    d->focus = -1;
    d->timestamps_start = -1;
    /* open now, unless start-up holds the events back */
    *be_opened = muxes_opened;
    qemu_chr_fe_init(&d->chr, drv, errp);
}

static void qemu_chr_parse_mux(QDict *opts, ChardevBackend *backend,
                               Error **errp)
{
    const char *chardev = qemu_chr_opt_str(opts, "chardev");
    ChardevMux *mux;

    if (!chardev) {
        error_setg(errp, "chardev: mux: no chardev given");
        return;
    }
    backend->type = CHARDEV_BACKEND_KIND_MUX;
    mux = backend->u.mux.data = g_new0(ChardevMux, 1);
    qemu_chr_parse_common(opts, qapi_ChardevMux_base(mux));
    mux->chardev = g_strdup(chardev);
}

static int chardev_options_parsed_cb(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);

    if (chr && !chr->be_open && CHARDEV_IS_MUX(chr)) {
        /* tell every attached frontend, then mark the mux open */
        mux_chr_send_all_event(chr, CHR_EVENT_OPENED);
        chr->be_open = 1;
    }
    return 0;
}

void suspend_mux_open(void)
{
    muxes_opened = false;
}

void resume_mux_open(void)
{
    muxes_opened = true;
    object_child_foreach(get_chardevs_root(), chardev_options_parsed_cb,
                         NULL);
}

static void char_mux_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_mux;
    cc->open = qemu_chr_open_mux;
    cc->chr_write = mux_chr_write;
    cc->chr_accept_input = mux_chr_accept_input;
    cc->chr_add_watch = mux_chr_add_watch;
    cc->chr_be_event = mux_chr_be_event;
    cc->chr_update_read_handler = mux_chr_update_read_handlers;
    cc->chr_set_echo = mux_chr_set_echo;
}

static const TypeInfo char_mux_type_info = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .class_init = char_mux_class_init,
    .instance_size = sizeof(MuxChardev),
    .instance_finalize = char_mux_finalize,
};

static void register_types(void)
{
    type_register_static(&char_mux_type_info);
}

type_init(register_types);
