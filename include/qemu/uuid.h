/*
 * UUIDs (RFC 4122): the 16-byte value and its text form
 * xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits).
 */
#ifndef QEMU_UUID_H
#define QEMU_UUID_H

/* Length of the text form, without the NUL */
#define UUID_STR_LEN 36

typedef struct QemuUUID {
    uint8_t data[16];
} QemuUUID;

/**
 * qemu_uuid_parse: read the text form @str (either case) into @uuid.
 * Returns false, leaving @uuid alone, when @str is anything else.
 */
bool qemu_uuid_parse(const char *str, QemuUUID *uuid);

/**
 * qemu_uuid_unparse: write the text form of @uuid, in lower case, to
 * @out, which has room for UUID_STR_LEN + 1 bytes.
 */
void qemu_uuid_unparse(const QemuUUID *uuid, char *out);

/** qemu_uuid_unparse_strdup: the text form of @uuid, to g_free(). */
char *qemu_uuid_unparse_strdup(const QemuUUID *uuid);

/** qemu_uuid_is_equal: whether @a and @b are the same UUID. */
bool qemu_uuid_is_equal(const QemuUUID *a, const QemuUUID *b);

#endif
