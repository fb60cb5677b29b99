/*
 * QMP event messages.
 */
#include "qemu/osdep.h"
#include "qapi/qmp-event.h"
#include "qobject/qdict.h"

QDict *qmp_event_build_dict(const char *event_name)
{
    QDict *dict = qdict_new();
    QDict *timestamp = qdict_new();
    gint64 now = g_get_real_time();

    qdict_put_int(timestamp, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(timestamp, "microseconds", now % G_USEC_PER_SEC);
    qdict_put_str(dict, "event", event_name);
    qdict_put(dict, "timestamp", timestamp);
    return dict;
}
