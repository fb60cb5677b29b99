"""
Generator of the visitor functions: qapi-visit.[ch] (and
qapi-builtin-visit.[ch]).
"""

from .common import c_enum_const, c_name, indent, mcgen, wrap_if
from .gen import gen_pair
from .schema import (QAPISchemaAlternateType, QAPISchemaArrayType,
                     QAPISchemaEnumType, QAPISchemaObjectType)


def special_flags(features):
    special = [f for f in features if f.is_special()]
    if not special:
        return None
    return ' | '.join('1u << QAPI_%s' % f.name.upper() for f in special)


def gen_visit_members_decl(name):
    return mcgen('''

bool visit_type_%(c_name)s_members(Visitor *v, %(c_name)s *obj, Error **errp);
''', c_name=c_name(name))


def gen_visit_decl(name, scalar=False):
    c_type = c_name(name) + ' *'
    if not scalar:
        c_type += '*'
    return mcgen('''

bool visit_type_%(c_name)s(Visitor *v, const char *name,
                 %(c_type)sobj, Error **errp);
''', c_name=c_name(name), c_type=c_type)


def gen_visit_object_members(typ):
    name = typ.name
    base = typ.base
    members = typ.local_members
    branches = typ.branches
    ret = mcgen('''

bool visit_type_%(c_name)s_members(Visitor *v, %(c_name)s *obj, Error **errp)
{
''', c_name=c_name(name))

    # presence flags of optional pointer members are the pointers
    for memb in members:
        if memb.optional and not memb.need_has():
            ret += wrap_if(memb.ifcond, mcgen('''
    bool has_%(c_name)s = !!obj->%(c_name)s;
''', c_name=c_name(memb.name)))
    if base:
        ret += mcgen('''
    if (!visit_type_%(c_type)s_members(v, (%(c_type)s *)obj, errp)) {
        return false;
    }
''', c_type=base.c_name())

    for memb in members:
        text = ''
        cname = c_name(memb.name)
        has = 'obj->has_' + cname if memb.need_has() else 'has_' + cname
        if memb.optional:
            text += mcgen('''
    if (visit_optional(v, "%(name)s", &%(has)s)) {
''', name=memb.name, has=has)
            indent.increase()
        flags = special_flags(memb.features)
        if flags:
            text += mcgen('''
    if (visit_policy_reject(v, "%(name)s", %(flags)s, errp)) {
        return false;
    }
    if (!visit_policy_skip(v, "%(name)s", %(flags)s)) {
''', name=memb.name, flags=flags)
            indent.increase()
        text += mcgen('''
    if (!visit_type_%(c_type)s(v, "%(name)s", &obj->%(c_name)s, errp)) {
        return false;
    }
''', c_type=memb.type.c_name(), name=memb.name, c_name=cname)
        if flags:
            indent.decrease()
            text += mcgen('''
    }
''')
        if memb.optional:
            indent.decrease()
            text += mcgen('''
    }
''')
        ret += wrap_if(memb.ifcond, text)

    if branches:
        tag = branches.tag_member
        ret += mcgen('''
    switch (obj->%(c_name)s) {
''', c_name=c_name(tag.name))
        for var in branches.variants:
            case = c_enum_const(tag.type.name, var.name, tag.type.prefix)
            if var.type.name == 'q_empty':
                text = mcgen('''
    case %(case)s:
        break;
''', case=case)
            else:
                text = mcgen('''
    case %(case)s:
        return visit_type_%(c_type)s_members(v, &obj->u.%(c_name)s, errp);
''', case=case, c_type=var.type.c_name(), c_name=c_name(var.name))
            ret += wrap_if(var.ifcond, text)
        ret += mcgen('''
    default:
        abort();
    }
''')
    ret += mcgen('''
    return true;
}
''')
    return ret


def gen_visit_list(name, element_type):
    return mcgen('''

bool visit_type_%(c_name)s(Visitor *v, const char *name,
                 %(c_name)s **obj, Error **errp)
{
    bool ok = false;
    %(c_name)s *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }

    for (tail = *obj; tail;
         tail = (%(c_name)s *)visit_next_list(v, (GenericList *)tail, size)) {
        if (!visit_type_%(c_elt_type)s(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }

    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(c_name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', c_name=c_name(name), c_elt_type=element_type.c_name())


def gen_visit_enum(name):
    return mcgen('''

bool visit_type_%(c_name)s(Visitor *v, const char *name,
                 %(c_name)s *obj, Error **errp)
{
    int value = *obj;
    bool ok = visit_type_enum(v, name, &value, &%(c_name)s_lookup, errp);
    *obj = value;
    return ok;
}
''', c_name=c_name(name))


def gen_visit_alternate(name, branches):
    ret = mcgen('''

bool visit_type_%(c_name)s(Visitor *v, const char *name,
                 %(c_name)s **obj, Error **errp)
{
    bool ok = false;

    if (!visit_start_alternate(v, name, (GenericAlternate **)obj,
                               sizeof(**obj), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete */
        assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    switch ((*obj)->type) {
''', c_name=c_name(name))
    for var in branches.variants:
        text = mcgen('''
    case %(case)s:
''', case=var.type.alternate_qtype())
        if isinstance(var.type, QAPISchemaObjectType):
            text += mcgen('''
        if (!visit_start_struct(v, name, NULL, 0, errp)) {
            break;
        }
        if (visit_type_%(c_type)s_members(v, &(*obj)->u.%(c_name)s, errp)) {
            ok = visit_check_struct(v, errp);
        }
        visit_end_struct(v, NULL);
''', c_type=var.type.c_name(), c_name=c_name(var.name))
        else:
            text += mcgen('''
        ok = visit_type_%(c_type)s(v, name, &(*obj)->u.%(c_name)s, errp);
''', c_type=var.type.c_name(), c_name=c_name(var.name))
        text += mcgen('''
        break;
''')
        ret += wrap_if(var.ifcond, text)
    ret += mcgen('''
    case QTYPE_NONE:
        abort();
    default:
        assert(visit_is_input(v));
        error_setg(errp,
                   "Invalid parameter type for '%%s', expected: %(name)s",
                   name ? name : "null");
        /* Avoid passing invalid *obj to qapi_free_%(c_name)s() */
        g_free(*obj);
        *obj = NULL;
    }
out_obj:
    visit_end_alternate(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(c_name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', name=name, c_name=c_name(name))
    return ret


def gen_visit_object(name):
    return mcgen('''

bool visit_type_%(c_name)s(Visitor *v, const char *name,
                 %(c_name)s **obj, Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(%(c_name)s), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete */
        assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    if (!visit_type_%(c_name)s_members(v, *obj, errp)) {
        goto out_obj;
    }
    ok = visit_check_struct(v, errp);
out_obj:
    visit_end_struct(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(c_name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', c_name=c_name(name))


class VisitGen:
    def __init__(self, schema, prefix, builtins):
        self.schema = schema
        self.prefix = prefix
        self.builtins = builtins
        if builtins:
            self.c, self.h = gen_pair(prefix, 'qapi-builtin-visit',
                                      'Built-in QAPI visitors')
        else:
            self.c, self.h = gen_pair(prefix, 'qapi-visit',
                                      'Schema-defined QAPI visitors')

    def generate(self):
        p = self.prefix
        if self.builtins:
            self.h.preamble_add(mcgen('''
#include "qapi/visitor.h"
#include "%(p)sqapi-builtin-types.h"
''', p=p))
            self.c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "%(p)sqapi-builtin-visit.h"
''', p=p))
        else:
            self.h.preamble_add(mcgen('''
#include "qapi/qapi-builtin-visit.h"
#include "%(p)sqapi-types.h"
''', p=p))
            self.c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "%(p)sqapi-visit.h"
''', p=p))
        for typ in self.schema.types():
            if (typ.module is None) != self.builtins:
                continue
            h = c = ''
            if isinstance(typ, QAPISchemaEnumType):
                h = gen_visit_decl(typ.name, scalar=True)
                c = gen_visit_enum(typ.name)
            elif isinstance(typ, QAPISchemaArrayType):
                h = gen_visit_decl(typ.name)
                c = gen_visit_list(typ.name, typ.element_type)
            elif isinstance(typ, QAPISchemaObjectType):
                if typ.name == 'q_empty':
                    continue
                h = gen_visit_members_decl(typ.name)
                c = gen_visit_object_members(typ)
                if not typ.is_implicit():
                    h += gen_visit_decl(typ.name)
                    c += gen_visit_object(typ.name)
            elif isinstance(typ, QAPISchemaAlternateType):
                h = gen_visit_decl(typ.name)
                c = gen_visit_alternate(typ.name, typ.branches)
            self.h.add(wrap_if(typ.ifcond, h))
            self.c.add(wrap_if(typ.ifcond, c))
        return [self.c, self.h]
