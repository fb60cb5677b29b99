"""
Generator of the C types: qapi-types.[ch] (and qapi-builtin-types.[ch]).
"""

from .common import c_enum_const, c_name, mcgen, wrap_if
from .gen import gen_pair
from .schema import (QAPISchemaAlternateType, QAPISchemaArrayType,
                     QAPISchemaEnumType, QAPISchemaObjectType)


def gen_enum_lookup(name, members, prefix=None):
    max_index = c_enum_const(name, '_MAX', prefix)
    feats = ''
    ret = mcgen('''

const QEnumLookup %(c_name)s_lookup = {
    .array = (const char *const[]) {
''', c_name=c_name(name))
    for m in members:
        index = c_enum_const(name, m.name, prefix)
        ret += wrap_if(m.ifcond, mcgen('''
        [%(index)s] = "%(name)s",
''', index=index, name=m.name))
        special = [f for f in m.features if f.is_special()]
        if special:
            flags = ' | '.join('1u << QAPI_%s' % f.name.upper()
                               for f in special)
            feats += wrap_if(m.ifcond, mcgen('''
        [%(index)s] = %(flags)s,
''', index=index, flags=flags))
    ret += mcgen('''
    },
''')
    if feats:
        ret += mcgen('''
    .special_features = (const unsigned char[%(max_index)s]) {
''', max_index=max_index)
        ret += feats
        ret += mcgen('''
    },
''')
    ret += mcgen('''
    .size = %(max_index)s
};
''', max_index=max_index)
    return ret


def gen_enum(name, members, prefix=None, typedef=True):
    ret = ''
    if typedef:
        ret += mcgen('''

typedef enum %(c_name)s {
''', c_name=c_name(name))
        for m in members:
            ret += wrap_if(m.ifcond, mcgen('''
    %(c_enum)s,
''', c_enum=c_enum_const(name, m.name, prefix)))
        ret += mcgen('''
    %(c_enum)s,
} %(c_name)s;
''', c_enum=c_enum_const(name, '_MAX', prefix), c_name=c_name(name))
    ret += mcgen('''

#define %(c_name)s_str(val) \\
    qapi_enum_lookup(&%(c_name)s_lookup, (val))

extern const QEnumLookup %(c_name)s_lookup;
''', c_name=c_name(name))
    return ret


def gen_fwd_object_or_array(name):
    return mcgen('''

typedef struct %(c_name)s %(c_name)s;
''', c_name=c_name(name))


def gen_array(name, element_type):
    return mcgen('''

struct %(c_name)s {
    %(c_name)s *next;
    %(c_type)s value;
};
''', c_name=c_name(name), c_type=element_type.c_type())


def gen_struct_members(members):
    ret = ''
    for memb in members:
        text = ''
        if memb.need_has():
            text += mcgen('''
    bool has_%(c_name)s;
''', c_name=c_name(memb.name))
        text += mcgen('''
    %(c_type)s %(c_name)s;
''', c_type=memb.type.c_type(), c_name=c_name(memb.name))
        ret += wrap_if(memb.ifcond, text)
    return ret


def gen_variants(branches):
    ret = mcgen('''
    union { /* union tag is @%(c_name)s */
''', c_name=c_name(branches.tag_member.name))
    for var in branches.variants:
        if var.type.name == 'q_empty':
            continue
        ret += wrap_if(var.ifcond, mcgen('''
        %(c_type)s %(c_name)s;
''', c_type=var.type.c_unboxed_type(), c_name=c_name(var.name)))
    ret += mcgen('''
    } u;
''')
    return ret


class TypesGen:
    def __init__(self, schema, prefix, builtins):
        self.schema = schema
        self.builtins = builtins
        self.prefix = prefix
        if builtins:
            self.c, self.h = gen_pair(prefix,
                                      'qapi-builtin-types',
                                      'Built-in QAPI types')
        else:
            self.c, self.h = gen_pair(prefix, 'qapi-types',
                                      'Schema-defined QAPI types')
        self._objects_seen = set()

    def _wanted(self, typ):
        return (typ.module is None) == self.builtins

    def _gen_object(self, typ):
        """Emit the struct of object or alternate @typ, after the structs
        it contains by value (branches)."""
        if typ.name in self._objects_seen:
            return
        self._objects_seen.add(typ.name)
        branches = typ.branches
        if branches:
            for var in branches.variants:
                if isinstance(var.type, QAPISchemaObjectType) and \
                        var.type.name != 'q_empty' and self._wanted(var.type):
                    self._gen_object(var.type)
        text = mcgen('''

struct %(c_name)s {
''', c_name=c_name(typ.name))
        if isinstance(typ, QAPISchemaAlternateType):
            text += mcgen('''
    QType type;
''')
        else:
            base = typ.base
            if base:
                if not base.is_implicit():
                    text += mcgen('''
    /* Members inherited from %(c_name)s: */
''', c_name=base.c_name())
                text += gen_struct_members(base.members)
                if not base.is_implicit():
                    text += mcgen('''
    /* Own members: */
''')
            text += gen_struct_members(typ.local_members)
        if branches:
            text += gen_variants(branches)
        if isinstance(typ, QAPISchemaObjectType) and not typ.members \
                and not branches:
            text += mcgen('''
    char qapi_dummy_for_empty_struct;
''')
        text += mcgen('''
};
''')
        self.h.add(wrap_if(typ.ifcond, text))

    def _gen_cleanup(self, typ):
        self.h.add(wrap_if(typ.ifcond, mcgen('''

void qapi_free_%(c_name)s(%(c_name)s *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(%(c_name)s, qapi_free_%(c_name)s)
''', c_name=typ.c_name())))
        self.c.add(wrap_if(typ.ifcond, mcgen('''

void qapi_free_%(c_name)s(%(c_name)s *obj)
{
    Visitor *v;

    if (!obj) {
        return;
    }

    v = qapi_dealloc_visitor_new();
    visit_type_%(c_name)s(v, NULL, &obj, NULL);
    visit_free(v);
}
''', c_name=typ.c_name())))

    def generate(self):
        p = self.prefix
        if self.builtins:
            self.h.preamble_add(mcgen('''
#include "qapi/util.h"
#include "qobject/qobject.h"

typedef struct QNull QNull;
'''))
            self.c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "%(p)sqapi-builtin-types.h"
#include "%(p)sqapi-builtin-visit.h"
''', p=p))
        else:
            self.h.preamble_add(mcgen('''
#include "qapi/qapi-builtin-types.h"
'''))
            self.c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "%(p)sqapi-types.h"
#include "%(p)sqapi-visit.h"
''', p=p))
        for typ in self.schema.types():
            if not self._wanted(typ):
                continue
            if isinstance(typ, QAPISchemaEnumType):
                # QType itself is declared by qobject/qobject.h
                self.h.preamble_add(wrap_if(typ.ifcond, gen_enum(
                    typ.name, typ.members, typ.prefix,
                    typedef=typ.name != 'QType')))
                self.c.add(wrap_if(typ.ifcond, gen_enum_lookup(
                    typ.name, typ.members, typ.prefix)))
            elif isinstance(typ, QAPISchemaArrayType):
                self.h.preamble_add(wrap_if(typ.ifcond,
                                            gen_fwd_object_or_array(typ.name)))
                self.h.add(wrap_if(typ.ifcond,
                                   gen_array(typ.name, typ.element_type)))
                self._gen_cleanup(typ)
            elif isinstance(typ, QAPISchemaObjectType):
                if typ.name == 'q_empty':
                    continue
                self.h.preamble_add(wrap_if(typ.ifcond,
                                            gen_fwd_object_or_array(typ.name)))
                self._gen_object(typ)
                if typ.base and not typ.base.is_implicit():
                    self.h.add(wrap_if(typ.ifcond, mcgen('''

static inline %(base)s *qapi_%(c_name)s_base(const %(c_name)s *obj)
{
    return (%(base)s *)obj;
}
''', c_name=typ.c_name(), base=typ.base.c_name())))
                if not typ.is_implicit():
                    self._gen_cleanup(typ)
            elif isinstance(typ, QAPISchemaAlternateType):
                self.h.preamble_add(wrap_if(typ.ifcond,
                                            gen_fwd_object_or_array(typ.name)))
                self._gen_object(typ)
                self._gen_cleanup(typ)
        return [self.c, self.h]
