/*
 * Private helpers shared by the qom/object*.c files.
 */
#ifndef QOM_OBJECT_INTERNAL_H
#define QOM_OBJECT_INTERNAL_H

#include "qom/object.h"

typedef struct TypeImpl TypeImpl;

/* Insertion-ordered property table (ObjectPropTable). */
ObjectPropTable *prop_table_new(void);
ObjectProperty *prop_table_lookup(ObjectPropTable *t, const char *name);
void prop_table_insert(ObjectPropTable *t, ObjectProperty *prop);
void prop_table_remove(ObjectPropTable *t, ObjectProperty *prop);
guint prop_table_len(ObjectPropTable *t);
ObjectProperty *prop_table_nth(ObjectPropTable *t, guint i);

/* Whether @prop is a child<> property. */
bool object_property_is_child(ObjectProperty *prop);

/* The child property of @obj holding @child, or NULL. */
ObjectProperty *object_find_child_property(Object *obj, const Object *child);

#endif
