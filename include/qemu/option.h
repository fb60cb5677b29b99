/*
 * Option string helpers.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

/**
 * get_opt_value: copy the option value at @p, up to the first single
 * ',' (a doubled ",," stands for one comma), into a newly allocated
 * *@value.
 *
 * Returns: where the copy stopped: the ',' ending the value, or the
 * string's terminating NUL.
 */
const char *get_opt_value(const char *p, char **value);

#endif
