"""
Generator of the schema introspection data: qapi-introspect.[ch].

The result is the JSON text that query-qmp-schema returns: an array of
SchemaInfo objects for every command and event, and every type they use
(directly or indirectly).  Type names are not masked.  Definitions and
members with an 'if' condition are wrapped in preprocessor conditionals,
so the text describes exactly what the build contains.
"""

import json

from .common import IfCond, c_name, c_string, mcgen
from .gen import gen_pair
from .schema import (QAPISchemaAlternateType, QAPISchemaArrayType,
                     QAPISchemaBuiltinType, QAPISchemaEnumType,
                     QAPISchemaObjectType)


class Annotated:
    """A list element that exists only if @ifcond holds."""

    def __init__(self, value, ifcond):
        self.value = value
        self.ifcond = ifcond


class _Pieces:
    """JSON text under construction: text fragments interleaved with
    preprocessor directives."""

    def __init__(self):
        self.items = []     # ('t', text) or ('d', directive)

    def text(self, text):
        if self.items and self.items[-1][0] == 't':
            self.items[-1] = ('t', self.items[-1][1] + text)
        else:
            self.items.append(('t', text))

    def directive(self, line):
        self.items.append(('d', line))

    def emit(self, value):
        if isinstance(value, Annotated):
            raise AssertionError('conditional value outside a list')
        if value is None or isinstance(value, (bool, str)):
            self.text(json.dumps(value))
        elif isinstance(value, dict):
            self.text('{')
            for i, key in enumerate(sorted(value)):
                self.text('%s%s:' % (',' if i else '', json.dumps(key)))
                self.emit(value[key])
            self.text('}')
        elif isinstance(value, list):
            self._emit_list(value)
        else:
            raise TypeError(type(value).__name__)

    def _emit_list(self, values):
        self.text('[')
        prev_conds = []         # conditions of the preceding elements
        always = False          # is some preceding element unconditional?
        for elt in values:
            ifcond = elt.ifcond if isinstance(elt, Annotated) else IfCond()
            value = elt.value if isinstance(elt, Annotated) else elt
            cond = ifcond.cgen()
            if cond:
                self.directive('#if ' + cond)
            # a comma is needed iff some earlier element is present
            if always:
                self.text(',')
            elif prev_conds:
                self.directive('#if ' + ' || '.join(
                    '(%s)' % c for c in prev_conds))
                self.text(',')
                self.directive('#endif')
            self.emit(value)
            if cond:
                self.directive('#endif /* %s */' % cond)
                prev_conds.append(cond)
            else:
                always = True
        self.text(']')

    def to_c(self, width=74):
        out = ''
        for kind, item in self.items:
            if kind == 'd':
                out += item + '\n'
                continue
            while item:
                # as many characters as fit on a line once escaped
                n = 0
                size = 2
                while n < len(item) and size + len(c_string(item[n])) - 2 \
                        <= width:
                    size += len(c_string(item[n])) - 2
                    n += 1
                out += '    %s\n' % c_string(item[:n])
                item = item[n:]
        return out


class IntrospectGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix
        self._used = []
        self._trees = []

    def _use_type(self, typ):
        """Queue @typ for output; return the name SchemaInfo uses for it."""
        # all integer types are just 'int' on the wire
        if typ.json_type() == 'int':
            typ = self.schema.lookup_type('int')
        elif isinstance(typ, QAPISchemaArrayType) and \
                typ.element_type.json_type() == 'int':
            typ = self.schema.lookup_type('intList')
        if typ not in self._used:
            self._used.append(typ)
        if isinstance(typ, QAPISchemaArrayType):
            return '[' + self._use_type(typ.element_type) + ']'
        return typ.name

    @staticmethod
    def _features(features):
        return [Annotated(f.name, f.ifcond) for f in features]

    def _tree(self, name, mtype, obj, ifcond=None, features=()):
        obj['name'] = name
        obj['meta-type'] = mtype
        if features:
            obj['features'] = self._features(features)
        self._trees.append(Annotated(obj, ifcond or IfCond()))

    def _member(self, memb):
        obj = {'name': memb.name, 'type': self._use_type(memb.type)}
        if memb.optional:
            obj['default'] = None
        if memb.features:
            obj['features'] = self._features(memb.features)
        return Annotated(obj, memb.ifcond)

    def _gen_type(self, typ):
        if isinstance(typ, QAPISchemaBuiltinType):
            self._tree(typ.name, 'builtin', {'json-type': typ.json_type()})
        elif isinstance(typ, QAPISchemaEnumType):
            members = []
            for m in typ.members:
                obj = {'name': m.name}
                if m.features:
                    obj['features'] = self._features(m.features)
                members.append(Annotated(obj, m.ifcond))
            self._tree(typ.name, 'enum',
                       {'members': members,
                        'values': [Annotated(m.name, m.ifcond)
                                   for m in typ.members]},
                       typ.ifcond, typ.features)
        elif isinstance(typ, QAPISchemaArrayType):
            element = self._use_type(typ.element_type)
            self._tree('[' + element + ']', 'array',
                       {'element-type': element}, typ.ifcond)
        elif isinstance(typ, QAPISchemaObjectType):
            obj = {'members': [self._member(m) for m in typ.members]}
            if typ.branches:
                obj['tag'] = typ.branches.tag_member.name
                obj['variants'] = [
                    Annotated({'case': v.name,
                               'type': self._use_type(v.type)}, v.ifcond)
                    for v in typ.branches.variants]
            self._tree(typ.name, 'object', obj, typ.ifcond, typ.features)
        elif isinstance(typ, QAPISchemaAlternateType):
            self._tree(typ.name, 'alternate',
                       {'members': [
                           Annotated({'type': self._use_type(v.type)},
                                     v.ifcond)
                           for v in typ.branches.variants]},
                       typ.ifcond, typ.features)

    def generate(self):
        empty = self.schema.the_empty_object_type
        for ent in self.schema.entities:
            if ent.meta == 'command':
                obj = {'arg-type': self._use_type(ent.arg_type or empty),
                       'ret-type': self._use_type(ent.ret_type or empty)}
                if ent.allow_oob:
                    obj['allow-oob'] = True
                self._tree(ent.name, 'command', obj, ent.ifcond, ent.features)
            elif ent.meta == 'event':
                self._tree(ent.name, 'event',
                           {'arg-type': self._use_type(ent.arg_type or empty)},
                           ent.ifcond, ent.features)
        i = 0
        while i < len(self._used):     # the list grows while we walk it
            self._gen_type(self._used[i])
            i += 1

        pieces = _Pieces()
        pieces.emit(self._trees)
        var = c_name(self.prefix, protect=False) + 'qmp_schema_json'
        c, h = gen_pair(self.prefix, 'qapi-introspect',
                        'QAPI/QMP schema introspection')
        h.add(mcgen('''
/*
 * The schema as query-qmp-schema returns it: the JSON text of an
 * array of SchemaInfo.
 */
extern const char %(var)s[];
''', var=var))
        c.add(mcgen('''
#include "qemu/osdep.h"
#include "%(p)sqapi-introspect.h"

const char %(var)s[] =
''', p=self.prefix, var=var))
        c.add(pieces.to_c())
        c.add('    ;\n')
        return [c, h]
