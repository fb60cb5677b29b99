/*
 * Printing for the user: to the current HMP monitor when a monitor
 * command runs, else to stdout.
 */
#ifndef QEMU_PRINT_H
#define QEMU_PRINT_H

#include <stdarg.h>
#include <stdio.h>
#include <glib.h>

/* qemu_printf: printf to the current monitor or stdout. */
int qemu_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
int qemu_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

/* qemu_fprintf: like qemu_printf() if @stream is NULL, else fprintf. */
int qemu_fprintf(FILE *stream, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int qemu_vfprintf(FILE *stream, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

#endif
