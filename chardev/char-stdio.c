/*
 * The stdio chardev: standard input and output.  On a terminal the input
 * side is put in raw mode (no echo, no line editing; Ctrl-C still sends
 * SIGINT unless signal=off), and the settings are restored at exit.
 */
#include "qemu/osdep.h"

#include <termios.h>

#include "chardev/char-fd.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/module.h"

static Chardev *stdio_in_use;    /* the chardev that has stdio */
static bool stdio_allow_signal;
static bool stdio_echo_state;
static bool stdio_is_tty;
static struct termios oldtty;

/* Apply the terminal settings for the current echo and signal state. */
static void stdio_apply_tty(bool echo)
{
    struct termios tty = oldtty;

    if (!echo) {
        tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                         ICRNL | IXON);
        tty.c_oflag |= OPOST;
        tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
        tty.c_cflag &= ~(CSIZE | PARENB);
        tty.c_cflag |= CS8;
        tty.c_cc[VMIN] = 1;
        tty.c_cc[VTIME] = 0;
    }
    if (!stdio_allow_signal) {
        tty.c_lflag &= ~ISIG;
    }
    tcsetattr(0, TCSANOW, &tty);
}

static void qemu_chr_set_echo_stdio(Chardev *chr, bool echo)
{
    stdio_echo_state = echo;
    if (stdio_is_tty) {
        stdio_apply_tty(echo);
    }
}

static void term_exit(void)
{
    if (stdio_is_tty) {
        tcsetattr(0, TCSANOW, &oldtty);
    }
}

/* After Ctrl-Z and fg the shell has reset the terminal: redo ours. */
static void term_stdio_handler(int sig)
{
    if (stdio_is_tty && stdio_in_use) {
        stdio_apply_tty(stdio_echo_state);
    }
}

static void qemu_chr_open_stdio(Chardev *chr, ChardevBackend *backend,
                                bool *be_opened, Error **errp)
{
    ChardevStdio *opts = backend->u.stdio.data;
    static bool atexit_done;
    struct sigaction act;

    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return;
    }

    stdio_is_tty = isatty(0) && tcgetattr(0, &oldtty) == 0;
    stdio_in_use = chr;
    if (!atexit_done) {
        atexit(term_exit);
        atexit_done = true;
    }

    memset(&act, 0, sizeof(act));
    act.sa_handler = term_stdio_handler;
    sigaction(SIGCONT, &act, NULL);

    qemu_chr_open_fd(chr, 0, 1);

    stdio_allow_signal = !opts || !opts->has_signal || opts->signal;
    qemu_chr_set_echo_stdio(chr, false);
}

static void char_stdio_finalize(Object *obj)
{
    if (stdio_in_use == CHARDEV(obj)) {
        term_exit();
        stdio_in_use = NULL;
    }
}

static void qemu_chr_parse_stdio(QDict *opts, ChardevBackend *backend,
                                 Error **errp)
{
    ChardevStdio *stdio;

    backend->type = CHARDEV_BACKEND_KIND_STDIO;
    stdio = backend->u.stdio.data = g_new0(ChardevStdio, 1);
    qemu_chr_parse_common(opts, qapi_ChardevStdio_base(stdio));
    stdio->has_signal = true;
    stdio->signal = qemu_chr_opt_bool(opts, "signal", true);
}

static void char_stdio_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_stdio;
    cc->open = qemu_chr_open_stdio;
    cc->chr_set_echo = qemu_chr_set_echo_stdio;
}

static const TypeInfo char_stdio_type_info = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_finalize = char_stdio_finalize,
    .class_init = char_stdio_class_init,
};

static void register_types(void)
{
    type_register_static(&char_stdio_type_info);
}

type_init(register_types);
