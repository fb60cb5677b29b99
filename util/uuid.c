/*
 * UUIDs: parsing and printing the text form (see include/qemu/uuid.h).
 */
#include "qemu/osdep.h"
#include "qemu/uuid.h"

/* Where the dashes of the text form are */
static bool uuid_dash_at(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

bool qemu_uuid_parse(const char *str, QemuUUID *uuid)
{
    QemuUUID out;
    size_t i, n = 0;

    if (!str || strlen(str) != UUID_STR_LEN) {
        return false;
    }
    for (i = 0; i < UUID_STR_LEN; i++) {
        if (uuid_dash_at(i)) {
            if (str[i] != '-') {
                return false;
            }
            continue;
        }
        if (!g_ascii_isxdigit(str[i]) || !g_ascii_isxdigit(str[i + 1])) {
            return false;
        }
        out.data[n++] = g_ascii_xdigit_value(str[i]) << 4 |
                        g_ascii_xdigit_value(str[i + 1]);
        i++;
    }
    *uuid = out;
    return true;
}

void qemu_uuid_unparse(const QemuUUID *uuid, char *out)
{
    size_t n = 0;

    for (size_t i = 0; i < UUID_STR_LEN; i++) {
        if (uuid_dash_at(i)) {
            out[i] = '-';
        } else {
            out[i++] = "0123456789abcdef"[uuid->data[n] >> 4];
            out[i] = "0123456789abcdef"[uuid->data[n++] & 15];
        }
    }
    out[UUID_STR_LEN] = '\0';
}

char *qemu_uuid_unparse_strdup(const QemuUUID *uuid)
{
    char *out = g_malloc(UUID_STR_LEN + 1);

    qemu_uuid_unparse(uuid, out);
    return out;
}

bool qemu_uuid_is_equal(const QemuUUID *a, const QemuUUID *b)
{
    return memcmp(a->data, b->data, sizeof(a->data)) == 0;
}
