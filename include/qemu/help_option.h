/*
 * "help" and "?" as option values.
 */
#ifndef QEMU_HELP_OPTION_H
#define QEMU_HELP_OPTION_H

/** is_help_option: whether @s asks for help. */
static inline bool is_help_option(const char *s)
{
    return !strcmp(s, "?") || !strcmp(s, "help");
}

#endif
