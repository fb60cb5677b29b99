/*
 * Helpers for sending QMP events.
 */
#ifndef QAPI_QMP_EVENT_H
#define QAPI_QMP_EVENT_H

#include "qobject/qdict.h"

/*
 * A new event message {"event": @event_name, "timestamp": {"seconds":
 * S, "microseconds": US}} with the current wall-clock time; the caller
 * adds "data" if the event has any.
 */
QDict *qmp_event_build_dict(const char *event_name);

#endif
