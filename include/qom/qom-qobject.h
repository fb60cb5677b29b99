/*
 * QOM properties as QObject values.
 */
#ifndef QEMU_QOM_QOBJECT_H
#define QEMU_QOM_QOBJECT_H

#include "qom/object.h"

/*
 * The value of property @name of @obj as a new QObject reference, or
 * NULL with @errp set.
 */
struct QObject *object_property_get_qobject(Object *obj, const char *name,
                                            Error **errp);

/* Set property @name of @obj from the QObject @value. */
bool object_property_set_qobject(Object *obj, const char *name,
                                 struct QObject *value, Error **errp);

#endif
