/*
 * HMP monitor tests: banner, prompt, echo and line editing, command
 * lookup, argument errors, help, and the monitor muxed with a serial
 * frontend ("mon:" syntax, Ctrl-a c).
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qom/object-compat.h"
#include "socket-client.h"

#define BANNER "QEMU 11.1.0 monitor - type 'help' for more information\r\n"
#define PROMPT "(qemu) "

static char *tmpdir;
static char *hmp_path;

/*
 * Type @line and Enter; return the command's output: what comes after
 * the echoed line and before the next prompt.
 */
static char *hmp_cmd(Client *c, const char *line)
{
    char *typed = g_strdup_printf("%s\r", line);
    char *all, *start;
    char *out;

    client_send(c, typed);
    g_free(typed);
    all = client_read_until(c, "\r\n" PROMPT);
    /* the echo ends with "erase to end of line", then the newline */
    start = strstr(all, "\033[K\r\n");
    g_assert_nonnull(start);
    start += strlen("\033[K\r\n");
    while (strstr(start, "\033[K\r\n")) {
        start = strstr(start, "\033[K\r\n") + strlen("\033[K\r\n");
    }
    out = g_strndup(start, strlen(start) - strlen(PROMPT));
    g_free(all);
    return out;
}

static Client *hmp_client(void)
{
    Client *c = client_connect_path(hmp_path);
    char *hello = client_read_until(c, PROMPT);

    g_assert_cmpstr(hello, ==, BANNER PROMPT);
    g_free(hello);
    return c;
}

/* Before the machine is ready, only "p" commands run (--preconfig). */
static void test_preconfig(void)
{
    Client *c = hmp_client();
    char *out;

    out = hmp_cmd(c, "cont");
    g_assert_cmpstr(out, ==, "Command 'cont' not available until machine "
                    "initialization has completed.\r\n");
    g_free(out);
    out = hmp_cmd(c, "info qtree");
    g_assert_cmpstr(out, ==, "Command 'info qtree' not available until "
                    "machine initialization has completed.\r\n");
    g_free(out);
    out = hmp_cmd(c, "help");
    g_assert_null(strstr(out, "cont|c"));
    g_assert_nonnull(strstr(out, "quit|q"));
    g_free(out);
    out = hmp_cmd(c, "info version");
    g_assert_cmpstr(out, ==, "11.1.0\r\n");
    g_free(out);
    client_close(c);

    phase_advance(PHASE_MACHINE_CREATED);
    phase_advance(PHASE_ACCEL_CREATED);
    phase_advance(PHASE_LATE_BACKENDS_CREATED);
    phase_advance(PHASE_MACHINE_INITIALIZED);
    phase_advance(PHASE_MACHINE_READY);
}

static void test_banner_and_version(void)
{
    Client *c = hmp_client();
    char *out;

    out = hmp_cmd(c, "info version");
    g_assert_cmpstr(out, ==, "11.1.0\r\n");
    g_free(out);
    client_close(c);
}

static void test_echo_and_editing(void)
{
    Client *c = hmp_client();
    char *all;

    /* typed characters come back */
    client_send(c, "in");
    all = client_read_until(c, "n");
    g_assert_nonnull(strstr(all, "i"));
    g_free(all);

    /* backspace, then the line is "info version" */
    client_send(c, "fx\x7fo version\r");
    all = client_read_until(c, "\r\n" PROMPT);
    g_assert_nonnull(strstr(all, "\r\n11.1.0\r\n"));
    g_free(all);

    /* arrow left and insert; Ctrl-U clears the line */
    client_send(c, "garbage\x15");
    client_send(c, "info ersion\033[D\033[D\033[D\033[D\033[D\033[Dv\r");
    all = client_read_until(c, "\r\n" PROMPT);
    g_assert_nonnull(strstr(all, "\r\n11.1.0\r\n"));
    g_free(all);

    /* history: up arrow repeats the last command */
    client_send(c, "\033[A\r");
    all = client_read_until(c, "\r\n" PROMPT);
    g_assert_nonnull(strstr(all, "\r\n11.1.0\r\n"));
    g_free(all);
    all = hmp_cmd(c, "info history");
    {
        /* the repeated line appears once, as the latest but one */
        char **lines = g_strsplit(all, "\r\n", -1);
        int n = g_strv_length(lines);

        g_assert_cmpint(n, >=, 3);
        g_assert_cmpstr(lines[n - 1], ==, "");
        g_assert_true(g_str_has_suffix(lines[n - 2], ": 'info history'"));
        g_assert_true(g_str_has_suffix(lines[n - 3], ": 'info version'"));
        g_strfreev(lines);
        lines = g_strsplit(all, "'info version'", -1);
        g_assert_cmpint(g_strv_length(lines), ==, 2);
        g_strfreev(lines);
    }
    g_free(all);

    /* an empty line just gives a new prompt */
    client_send(c, "\r");
    all = client_read_until(c, PROMPT);
    g_free(all);
    client_close(c);
}

static void test_errors(void)
{
    Client *c = hmp_client();
    char *out;

    out = hmp_cmd(c, "frobnicate now");
    g_assert_cmpstr(out, ==, "unknown command: 'frobnicate'\r\n");
    g_free(out);

    out = hmp_cmd(c, "info nothing");
    g_assert_cmpstr(out, ==, "unknown command: 'info nothing'\r\n");
    g_free(out);

    out = hmp_cmd(c, "qom-get /machine");
    g_assert_cmpstr(out, ==, "qom-get: string expected\r\n"
                    "Try \"help qom-get\" for more information\r\n");
    g_free(out);

    out = hmp_cmd(c, "info version now");
    g_assert_cmpstr(out, ==,
                    "version: extraneous characters at the end of line\r\n"
                    "Try \"help info version\" for more information\r\n");
    g_free(out);

    out = hmp_cmd(c, "migrate_set_capability xbzrle maybe");
    g_assert_cmpstr(out, ==, "Expected 'on' or 'off'\r\n"
                    "Try \"help migrate_set_capability\" for more "
                    "information\r\n");
    g_free(out);

    out = hmp_cmd(c, "ringbuf_read x notanumber");
    g_assert_cmpstr(out, ==, "invalid char 'n' in expression\r\n"
                    "Try \"help ringbuf_read\" for more information\r\n");
    g_free(out);

    out = hmp_cmd(c, "chardev-remove \"unterminated");
    g_assert_true(g_str_has_prefix(out, "unterminated string\r\n"));
    g_free(out);

    out = hmp_cmd(c, "chardev-remove nothere");
    g_assert_cmpstr(out, ==, "Error: Chardev 'nothere' not found\r\n");
    g_free(out);
    client_close(c);
}

static void test_help(void)
{
    Client *c = hmp_client();
    char *out;

    out = hmp_cmd(c, "help");
    g_assert_true(g_str_has_prefix(out, "help|? [cmd] -- show the help\r\n"));
    g_assert_nonnull(strstr(out, "\r\nquit|q  -- quit the emulator\r\n"));
    g_assert_nonnull(strstr(out, "\r\ninfo [subcommand] -- show various "
                            "information about the system state\r\n"));
    g_assert_nonnull(strstr(out, "\r\nqom-set [-j] path property value -- "
                            "set QOM property.\r\n"));
    g_free(out);

    out = hmp_cmd(c, "info");
    g_assert_true(g_str_has_prefix(out, "info version  -- show the version "
                                   "of QEMU\r\n"));
    g_assert_nonnull(strstr(out, "info chardev  -- show the character "
                            "devices\r\n"));
    g_assert_nonnull(strstr(out, "info qom-tree [path] -- show QOM "
                            "composition tree\r\n"));
    g_free(out);

    out = hmp_cmd(c, "help info status");
    g_assert_cmpstr(out, ==, "info status  -- show the current VM status "
                    "(running|paused)\r\n");
    g_free(out);

    out = hmp_cmd(c, "? c");
    g_assert_cmpstr(out, ==, "cont|c  -- resume emulation\r\n");
    g_free(out);

    out = hmp_cmd(c, "help nosuch");
    g_assert_cmpstr(out, ==, "unknown command: 'nosuch'\r\n");
    g_free(out);
    client_close(c);
}

static void test_chardev_commands(void)
{
    Client *c = hmp_client();
    char *out;

    out = hmp_cmd(c, "chardev-add ringbuf,id=hr");
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    out = hmp_cmd(c, "info chardev");
    g_assert_nonnull(strstr(out, "hr: filename=ringbuf\r\n"));
    g_assert_nonnull(strstr(out, "hmp0: filename=unix:"));
    g_free(out);

    out = hmp_cmd(c, "ringbuf_write hr \"hello world\"");
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    out = hmp_cmd(c, "ringbuf_read hr 5");
    g_assert_cmpstr(out, ==, "hello\r\n");
    g_free(out);

    out = hmp_cmd(c, "chardev-add ringbuf,id=hr");
    g_assert_cmpstr(out, ==,
                    "Error: chardev-add: Duplicate ID 'hr' for chardev\r\n");
    g_free(out);
    out = hmp_cmd(c, "chardev-add pty,id=hpty");
    g_assert_true(g_str_has_prefix(out, "char device redirected to "
                                   "/dev/pts/"));
    g_assert_true(g_str_has_suffix(out, " (label hpty)\r\n"));
    g_free(out);
    out = hmp_cmd(c, "chardev-remove hpty");
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    out = hmp_cmd(c, "chardev-remove hr");
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    g_assert_null(qemu_chr_find("hr"));
    client_close(c);
}

/* A serial frontend muxed with the monitor. */
typedef struct Serial {
    CharBackend be;
    GString *read;
} Serial;

static int serial_can_read(void *opaque)
{
    return 16;
}

static void serial_read(void *opaque, const uint8_t *buf, int size)
{
    Serial *s = opaque;

    g_string_append_len(s->read, (const char *)buf, size);
}

static void serial_event(void *opaque, QEMUChrEvent event)
{
}

static void test_mux_monitor(void)
{
    char *path = g_build_filename(tmpdir, "mux.sock", NULL);
    char *spec = g_strdup_printf("mon:unix:%s,server=on,wait=off", path);
    Serial serial = { .read = g_string_new(NULL) };
    Chardev *chr;
    Client *c;
    char *out;
    int64_t end;

    suspend_mux_open();
    chr = qemu_chr_new_mux_mon("serial0", spec, NULL);
    g_assert_nonnull(chr);
    g_assert_true(CHARDEV_IS_MUX(chr));
    qemu_chr_fe_init(&serial.be, chr, &error_abort);
    qemu_chr_fe_set_handlers(&serial.be, serial_can_read, serial_read,
                             serial_event, NULL, &serial, NULL, true);
    resume_mux_open();

    c = client_connect_path(path);
    /* the serial port has the focus: typing goes to it */
    client_send(c, "abc");
    end = get_clock() + 5 * NANOSECONDS_PER_SECOND;
    while (serial.read->len < 3 && get_clock() < end) {
        main_loop_wait(true);
        g_usleep(1000);
    }
    g_assert_cmpstr(serial.read->str, ==, "abc");
    qemu_chr_fe_write_all(&serial.be, (uint8_t *)"guest says hi\r\n", 15);
    out = client_read_until(c, "guest says hi\r\n");
    /* the monitor banner waits until the monitor gets the focus */
    g_assert_null(strstr(out, "QEMU"));
    g_free(out);

    /* Ctrl-a c: the monitor shows its banner and prompt */
    client_send(c, "\x01" "c");
    out = client_read_until(c, PROMPT);
    g_assert_nonnull(strstr(out, BANNER));
    g_free(out);
    out = hmp_cmd(c, "info version");
    g_assert_cmpstr(out, ==, "11.1.0\r\n");
    g_free(out);

    /* and back to the serial port */
    client_send(c, "\x01" "c" "z");
    end = get_clock() + 5 * NANOSECONDS_PER_SECOND;
    while (serial.read->len < 4 && get_clock() < end) {
        main_loop_wait(true);
        g_usleep(1000);
    }
    g_assert_cmpstr(serial.read->str, ==, "abcz");
    client_close(c);
    qemu_chr_fe_deinit(&serial.be, false);
    g_string_free(serial.read, true);
    g_free(spec);
    g_free(path);
}

int main(int argc, char **argv)
{
    Chardev *chr;
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-hmp-XXXXXX", NULL);
    hmp_path = g_build_filename(tmpdir, "hmp.sock", NULL);

    chr = socket_server_chardev_new("hmp0", hmp_path);
    g_assert_true(monitor_init_hmp(chr, true, &error_abort));

    /* first: it moves the machine phase to "ready" for the others */
    g_test_add_func("/hmp/preconfig", test_preconfig);
    g_test_add_func("/hmp/banner-version", test_banner_and_version);
    g_test_add_func("/hmp/echo-editing", test_echo_and_editing);
    g_test_add_func("/hmp/errors", test_errors);
    g_test_add_func("/hmp/help", test_help);
    g_test_add_func("/hmp/chardev-commands", test_chardev_commands);
    g_test_add_func("/hmp/mux-monitor", test_mux_monitor);

    ret = g_test_run();
    monitor_cleanup();
    qemu_chr_cleanup();
    g_free(hmp_path);
    rmdir(tmpdir);
    return ret;
}
