"""
The QAPI schema as Python objects, with the checks that need the whole
schema: types exist, names do not clash, unions and alternates are
well-formed, commands and events take objects.
"""

import os
import re

from .common import IfCond, POINTER_SUFFIX, c_name
from .expr import check_exprs
from .parser import QAPISchemaParser
from .source import QAPISemError, QAPIError


# Members, values, branches and features

class QAPISchemaMember:
    role = 'member'

    def __init__(self, name, info, ifcond=None):
        self.name = name
        self.info = info
        self.ifcond = ifcond or IfCond()
        self.defined_in = None

    def set_defined_in(self, name):
        self.defined_in = name

    def check_clash(self, info, seen):
        cname = c_name(self.name)
        if cname in seen:
            raise QAPISemError(info, "%s collides with %s"
                               % (self.describe(info),
                                  seen[cname].describe(info)))
        seen[cname] = self

    def describe(self, info):
        role = self.role
        meta = 'type'
        defined_in = self.defined_in
        if defined_in.startswith('q_obj_'):
            # reverse the naming of implicit object types
            defined_in = defined_in[6:]
            if defined_in.endswith('-arg'):
                role = 'parameter'
                meta = 'command'
                defined_in = defined_in[:-4]
            elif defined_in.endswith('-base'):
                role = 'base ' + role
                defined_in = defined_in[:-5]
        if info is None or defined_in != info.defn_name:
            return "%s '%s' of %s '%s'" % (role, self.name, meta, defined_in)
        return "%s '%s'" % (role, self.name)


class QAPISchemaFeature(QAPISchemaMember):
    role = 'feature'
    SPECIAL_NAMES = ('deprecated', 'unstable')

    def is_special(self):
        return self.name in self.SPECIAL_NAMES


def _check_features(features, info):
    seen = {}
    for f in features:
        f.check_clash(info, seen)


class QAPISchemaEnumMember(QAPISchemaMember):
    role = 'value'

    def __init__(self, name, info, ifcond=None, features=None):
        super().__init__(name, info, ifcond)
        self.features = features or []
        for f in self.features:
            f.set_defined_in(name)


class QAPISchemaObjectTypeMember(QAPISchemaMember):
    def __init__(self, name, info, typ, optional, ifcond=None,
                 features=None):
        super().__init__(name, info, ifcond)
        self._type_name = typ
        self.type = None
        self.optional = optional
        self.features = features or []
        for f in self.features:
            f.set_defined_in(name)

    def need_has(self):
        return self.optional and self.type.need_has_if_optional()

    def check(self, schema):
        self.type = schema.resolve_type(self._type_name, self.info,
                                        self.describe(self.info))
        _check_features(self.features, self.info)


class QAPISchemaVariant(QAPISchemaObjectTypeMember):
    role = 'branch'

    def __init__(self, name, info, typ, ifcond=None):
        super().__init__(name, info, typ, False, ifcond)


# Definitions

class QAPISchemaEntity:
    meta = None

    def __init__(self, name, info, ifcond=None, features=None, doc=None):
        self.name = name
        self.info = info
        self.doc = doc
        self._ifcond = ifcond or IfCond()
        self.features = features or []
        for f in self.features:
            f.set_defined_in(name)
        self.module = info.fname if info else None
        self._checked = False

    @property
    def ifcond(self):
        return self._ifcond

    def c_name(self):
        return c_name(self.name)

    def check(self, schema):
        _check_features(self.features, self.info)
        self._checked = True

    def is_implicit(self):
        return not self.info

    def describe(self):
        return "%s '%s'" % (self.meta, self.name)

    def special_features(self):
        return [f for f in self.features if f.is_special()]

    def __repr__(self):
        return '<%s %s>' % (type(self).__name__, self.name)


class QAPISchemaType(QAPISchemaEntity):
    def c_type(self):
        raise NotImplementedError

    def c_param_type(self):
        return self.c_type()

    def c_unboxed_type(self):
        return self.c_type()

    def json_type(self):
        raise NotImplementedError

    def alternate_qtype(self):
        return {
            'null': 'QTYPE_QNULL',
            'string': 'QTYPE_QSTRING',
            'number': 'QTYPE_QNUM',
            'int': 'QTYPE_QNUM',
            'boolean': 'QTYPE_QBOOL',
            'array': 'QTYPE_QLIST',
            'object': 'QTYPE_QDICT',
        }.get(self.json_type())

    def need_has_if_optional(self):
        # A pointer is its own presence flag
        return not self.c_type().endswith(POINTER_SUFFIX)

    def describe(self):
        return "%s type '%s'" % (self.meta, self.name)


class QAPISchemaBuiltinType(QAPISchemaType):
    meta = 'built-in'

    def __init__(self, name, json_type, c_type):
        super().__init__(name, None)
        self._json_type = json_type
        self._c_type = c_type

    def c_name(self):
        return self.name

    def c_type(self):
        return self._c_type

    def c_param_type(self):
        if self.name == 'str':
            return 'const ' + self._c_type
        return self._c_type

    def json_type(self):
        return self._json_type


class QAPISchemaEnumType(QAPISchemaType):
    meta = 'enum'

    def __init__(self, name, info, doc, ifcond, features, members, prefix):
        super().__init__(name, info, ifcond, features, doc)
        self.members = members
        for m in members:
            m.set_defined_in(name)
        self.prefix = prefix

    def check(self, schema):
        super().check(schema)
        seen = {}
        for m in self.members:
            m.check_clash(self.info, seen)
            _check_features(m.features, self.info)

    def is_implicit(self):
        return self.name == 'QType'

    def c_type(self):
        return c_name(self.name)

    def member_names(self):
        return [m.name for m in self.members]

    def json_type(self):
        return 'string'


class QAPISchemaArrayType(QAPISchemaType):
    meta = 'array'

    def __init__(self, name, info, element_type):
        super().__init__(name, info)
        self._element_type_name = element_type
        self.element_type = None

    def need_has_if_optional(self):
        # has_FOO distinguishes absent from present and empty
        return True

    def check(self, schema):
        super().check(schema)
        self.element_type = schema.resolve_type(
            self._element_type_name, self.info,
            self.info.defn_meta if self.info else None)
        self.module = self.element_type.module

    @property
    def ifcond(self):
        return self.element_type.ifcond

    def is_implicit(self):
        return True

    def c_type(self):
        return c_name(self.name) + POINTER_SUFFIX

    def json_type(self):
        return 'array'

    def describe(self):
        return "%s type ['%s']" % (self.meta, self._element_type_name)


class QAPISchemaObjectType(QAPISchemaType):
    def __init__(self, name, info, doc, ifcond, features, base,
                 local_members, branches):
        super().__init__(name, info, ifcond, features, doc)
        self.meta = 'union' if branches else 'struct'
        for m in local_members:
            m.set_defined_in(name)
        if branches:
            for v in branches.variants:
                v.set_defined_in(name)
        self._base_name = base
        self.base = None
        self.local_members = local_members
        self.branches = branches
        self.members = None
        self._check_complete = False
        self._checking = False

    def check(self, schema):
        if self._check_complete:
            return
        if self._checking:
            raise QAPISemError(self.info,
                               "object %s contains itself" % self.name)
        self._checking = True
        _check_features(self.features, self.info)
        seen = {}
        if self._base_name:
            self.base = schema.resolve_type(self._base_name, self.info,
                                            "'base'")
            if not isinstance(self.base, QAPISchemaObjectType) or \
                    self.base.branches:
                raise QAPISemError(
                    self.info, "'base' requires a struct type, %s isn't"
                    % self.base.describe())
            self.base.check(schema)
            self.base.check_clash(self.info, seen)
        for m in self.local_members:
            m.check(schema)
            m.check_clash(self.info, seen)
        members = list(seen.values())
        if self.branches:
            self.branches.check_union(schema, seen, self)
            self.branches.check_clash(self.info, seen)
        self.members = members
        self._check_complete = True
        self._checked = True

    def check_clash(self, info, seen):
        for m in self.members:
            m.check_clash(info, seen)
        if self.branches:
            self.branches.check_clash(info, seen)

    def is_implicit(self):
        return self.name.startswith('q_')

    def is_empty(self):
        return not self.members and not self.branches

    def has_conditional_members(self):
        return any(m.ifcond.is_present() for m in self.members)

    def c_type(self):
        assert not self.is_implicit()
        return c_name(self.name) + POINTER_SUFFIX

    def c_unboxed_type(self):
        return c_name(self.name)

    def json_type(self):
        return 'object'


class QAPISchemaBranches:
    """The branches of a union (tag: a member of the base) or of an
    alternate (tag: the implicit member 'type' of type QType)."""

    def __init__(self, info, variants, tag_name=None, tag_member=None):
        self.info = info
        self.variants = variants
        self._tag_name = tag_name
        self.tag_member = tag_member

    def check_union(self, schema, seen, owner):
        tag_member = seen.get(c_name(self._tag_name))
        base = "'base'"
        if not tag_member or self._tag_name != tag_member.name:
            raise QAPISemError(
                self.info, "discriminator '%s' is not a member of %s"
                % (self._tag_name, base))
        self.tag_member = tag_member
        base_type = schema.lookup_type(tag_member.defined_in)
        if base_type and not base_type.is_implicit():
            base = "base type '%s'" % tag_member.defined_in
        if not isinstance(tag_member.type, QAPISchemaEnumType):
            raise QAPISemError(
                self.info, "discriminator member '%s' of %s must be of enum"
                " type" % (self._tag_name, base))
        if tag_member.optional:
            raise QAPISemError(
                self.info, "discriminator member '%s' of %s must not be"
                " optional" % (self._tag_name, base))
        if tag_member.ifcond.is_present():
            raise QAPISemError(
                self.info, "discriminator member '%s' of %s must not be"
                " conditional" % (self._tag_name, base))
        # values without an explicit branch get an empty one
        cases = {v.name for v in self.variants}
        for m in tag_member.type.members:
            if m.name not in cases:
                v = QAPISchemaVariant(m.name, self.info, 'q_empty', m.ifcond)
                v.set_defined_in(owner.name)
                self.variants.append(v)
        if not self.variants:
            raise QAPISemError(self.info, "union has no branches")
        for v in self.variants:
            v.check(schema)
            if v.name not in tag_member.type.member_names():
                raise QAPISemError(
                    self.info, "branch '%s' is not a value of %s"
                    % (v.name, tag_member.type.describe()))
            if not isinstance(v.type, QAPISchemaObjectType):
                raise QAPISemError(
                    self.info, "%s cannot use %s"
                    % (v.describe(self.info), v.type.describe()))
            v.type.check(schema)

    def check_clash(self, info, seen):
        for v in self.variants:
            # each branch clashes only with the common members
            v.type.check_clash(info, dict(seen))


class QAPISchemaAlternateType(QAPISchemaType):
    meta = 'alternate'

    def __init__(self, name, info, doc, ifcond, features, branches):
        super().__init__(name, info, ifcond, features, doc)
        self.branches = branches
        for v in branches.variants:
            v.set_defined_in(name)
        branches.tag_member.set_defined_in(name)

    def check(self, schema):
        super().check(schema)
        self.branches.tag_member.check(schema)
        seen = {}
        types_seen = {}
        for v in self.branches.variants:
            v.check(schema)
            v.check_clash(self.info, seen)
            qtype = v.type.alternate_qtype()
            if not qtype:
                raise QAPISemError(
                    self.info, "%s cannot use %s"
                    % (v.describe(self.info), v.type.describe()))
            conflicting = {qtype}
            if qtype == 'QTYPE_QSTRING':
                if isinstance(v.type, QAPISchemaEnumType):
                    for m in v.type.members:
                        if m.name in ('on', 'off'):
                            conflicting.add('QTYPE_QBOOL')
                        if re.match(r'[-+0-9.]', m.name):
                            conflicting.add('QTYPE_QNUM')
                else:
                    conflicting.add('QTYPE_QNUM')
                    conflicting.add('QTYPE_QBOOL')
            for qt in sorted(conflicting):
                if qt in types_seen:
                    raise QAPISemError(
                        self.info, "%s can't be distinguished from '%s'"
                        % (v.describe(self.info), types_seen[qt]))
                types_seen[qt] = v.name
            if isinstance(v.type, QAPISchemaObjectType):
                v.type.check(schema)

    def c_type(self):
        return c_name(self.name) + POINTER_SUFFIX

    def json_type(self):
        return 'value'


class QAPISchemaCommand(QAPISchemaEntity):
    meta = 'command'

    def __init__(self, name, info, doc, ifcond, features, arg_type, ret_type,
                 gen, success_response, boxed, allow_oob, allow_preconfig,
                 coroutine):
        super().__init__(name, info, ifcond, features, doc)
        self._arg_type_name = arg_type
        self.arg_type = None
        self._ret_type_name = ret_type
        self.ret_type = None
        self.gen = gen
        self.success_response = success_response
        self.boxed = boxed
        self.allow_oob = allow_oob
        self.allow_preconfig = allow_preconfig
        self.coroutine = coroutine

    def check(self, schema):
        super().check(schema)
        if self._arg_type_name:
            arg_type = schema.resolve_type(self._arg_type_name, self.info,
                                           "command's 'data'")
            if not isinstance(arg_type, QAPISchemaObjectType):
                raise QAPISemError(
                    self.info, "command's 'data' cannot take %s"
                    % arg_type.describe())
            self.arg_type = arg_type
            if arg_type.branches and not self.boxed:
                raise QAPISemError(
                    self.info, "command's 'data' can take %s only with"
                    " 'boxed': true" % arg_type.describe())
            arg_type.check(schema)
            if arg_type.has_conditional_members() and not self.boxed:
                raise QAPISemError(
                    self.info,
                    "conditional command arguments require 'boxed': true")
        if self._ret_type_name:
            self.ret_type = schema.resolve_type(
                self._ret_type_name, self.info, "command's 'returns'")
            if self.name not in self.info.pragma.command_returns_exceptions:
                typ = self.ret_type
                if isinstance(typ, QAPISchemaArrayType):
                    typ = typ.element_type
                if not isinstance(typ, QAPISchemaObjectType):
                    raise QAPISemError(
                        self.info, "command's 'returns' cannot take %s"
                        % self.ret_type.describe())


class QAPISchemaEvent(QAPISchemaEntity):
    meta = 'event'

    def __init__(self, name, info, doc, ifcond, features, arg_type, boxed):
        super().__init__(name, info, ifcond, features, doc)
        self._arg_type_name = arg_type
        self.arg_type = None
        self.boxed = boxed

    def check(self, schema):
        super().check(schema)
        if self._arg_type_name:
            typ = schema.resolve_type(self._arg_type_name, self.info,
                                      "event's 'data'")
            if not isinstance(typ, QAPISchemaObjectType):
                raise QAPISemError(
                    self.info, "event's 'data' cannot take %s"
                    % typ.describe())
            self.arg_type = typ
            if typ.branches and not self.boxed:
                raise QAPISemError(
                    self.info, "event's 'data' can take %s only with"
                    " 'boxed': true" % typ.describe())
            typ.check(schema)
            if typ.has_conditional_members() and not self.boxed:
                raise QAPISemError(
                    self.info,
                    "conditional event arguments require 'boxed': true")


_BUILTINS = [
    ('str', 'string', 'char' + POINTER_SUFFIX),
    ('number', 'number', 'double'),
    ('int', 'int', 'int64_t'),
    ('int8', 'int', 'int8_t'),
    ('int16', 'int', 'int16_t'),
    ('int32', 'int', 'int32_t'),
    ('int64', 'int', 'int64_t'),
    ('uint8', 'int', 'uint8_t'),
    ('uint16', 'int', 'uint16_t'),
    ('uint32', 'int', 'uint32_t'),
    ('uint64', 'int', 'uint64_t'),
    ('size', 'int', 'uint64_t'),
    ('bool', 'boolean', 'bool'),
    ('any', 'value', 'QObject' + POINTER_SUFFIX),
    ('null', 'null', 'QNull' + POINTER_SUFFIX),
]


class QAPISchema:
    """The whole schema.  self.entities holds every definition in
    definition order: built-ins first, then the schema's own, with
    implicit types (arrays, argument structs) where first needed."""

    def __init__(self, fname):
        self.fname = fname
        parser = QAPISchemaParser(fname)
        exprs = check_exprs(parser.exprs)
        self.docs = parser.docs
        self.entities = []
        self._entity_dict = {}
        self._schema_dir = os.path.dirname(fname)
        # user modules (file names), main schema first, in include order
        self.modules = [fname]
        self._predefining = True
        self._def_predefineds()
        self._predefining = False
        self._def_exprs(exprs)
        self.check()

    def module_name(self, fname):
        """Module name of a file: its path relative to the main schema,
        without '.json'."""
        rel = os.path.relpath(fname, self._schema_dir)
        return os.path.splitext(rel)[0]

    def _def_entity(self, ent):
        other = self._entity_dict.get(ent.name)
        if other:
            if other.info:
                raise QAPISemError(
                    ent.info, "'%s' is already defined\n%s: previous"
                    " definition" % (ent.name, other.info))
            raise QAPISemError(ent.info, "%s is already defined"
                               % other.describe())
        self.entities.append(ent)
        self._entity_dict[ent.name] = ent

    def lookup_entity(self, name):
        return self._entity_dict.get(name)

    def lookup_type(self, name):
        ent = self._entity_dict.get(name)
        return ent if isinstance(ent, QAPISchemaType) else None

    def resolve_type(self, name, info, what):
        typ = self.lookup_type(name)
        if not typ:
            raise QAPISemError(info, "%s uses unknown type '%s'"
                               % (what, name))
        return typ

    def _def_predefineds(self):
        for name, json_type, c_type in _BUILTINS:
            self._def_entity(QAPISchemaBuiltinType(name, json_type, c_type))
            self._make_array_type(name, None)
        self.the_empty_object_type = QAPISchemaObjectType(
            'q_empty', None, None, None, None, None, [], None)
        self._def_entity(self.the_empty_object_type)
        qtypes = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist',
                  'qbool']
        self._def_entity(QAPISchemaEnumType(
            'QType', None, None, None, None,
            [QAPISchemaEnumMember(n, None) for n in qtypes], None))
        self._make_array_type('QType', None)

    def _make_features(self, features, info):
        return [QAPISchemaFeature(f['name'], info, IfCond(f.get('if')))
                for f in features or []]

    def _make_enum_members(self, values, info):
        return [QAPISchemaEnumMember(v['name'], info, IfCond(v.get('if')),
                                     self._make_features(v.get('features'),
                                                         info))
                for v in values]

    def _make_array_type(self, element_type, info):
        name = element_type + 'List'
        if not self.lookup_type(name):
            self._def_entity(QAPISchemaArrayType(name, info, element_type))
        return name

    def _make_implicit_object_type(self, name, info, ifcond, role, members):
        if not members:
            return None
        name = 'q_obj_%s-%s' % (name, role)
        if not self.lookup_entity(name):
            self._def_entity(QAPISchemaObjectType(
                name, info, None, ifcond, None, None, members, None))
        return name

    def _make_member(self, name, typ, ifcond, features, info):
        optional = False
        if name.startswith('*'):
            name = name[1:]
            optional = True
        if isinstance(typ, list):
            typ = self._make_array_type(typ[0], info)
        return QAPISchemaObjectTypeMember(
            name, info, typ, optional, ifcond,
            self._make_features(features, info))

    def _make_members(self, data, info):
        return [self._make_member(key, value['type'], IfCond(value.get('if')),
                                  value.get('features'), info)
                for key, value in data.items()]

    def _make_variant(self, case, typ, ifcond, info):
        if isinstance(typ, list):
            typ = self._make_array_type(typ[0], info)
        return QAPISchemaVariant(case, info, typ, ifcond)

    def _def_exprs(self, exprs):
        for expr in exprs:
            info = expr.info
            ifcond = IfCond(expr.get('if'))
            features = self._make_features(expr.get('features'), info)
            doc = expr.doc
            if 'include' in expr:
                if expr['include'] not in self.modules:
                    self.modules.append(expr['include'])
            elif 'enum' in expr:
                self._def_entity(QAPISchemaEnumType(
                    expr['enum'], info, doc, ifcond, features,
                    self._make_enum_members(expr['data'], info),
                    expr.get('prefix')))
            elif 'struct' in expr:
                self._def_entity(QAPISchemaObjectType(
                    expr['struct'], info, doc, ifcond, features,
                    expr.get('base'),
                    self._make_members(expr['data'], info), None))
            elif 'union' in expr:
                name = expr['union']
                base = expr['base']
                if isinstance(base, dict):
                    base = self._make_implicit_object_type(
                        name, info, ifcond, 'base',
                        self._make_members(base, info))
                variants = [
                    self._make_variant(key, value['type'],
                                       IfCond(value.get('if')), info)
                    for key, value in expr['data'].items()]
                self._def_entity(QAPISchemaObjectType(
                    name, info, doc, ifcond, features, base, [],
                    QAPISchemaBranches(info, variants,
                                       tag_name=expr['discriminator'])))
            elif 'alternate' in expr:
                variants = [
                    self._make_variant(key, value['type'],
                                       IfCond(value.get('if')), info)
                    for key, value in expr['data'].items()]
                tag = QAPISchemaObjectTypeMember('type', info, 'QType', False)
                self._def_entity(QAPISchemaAlternateType(
                    expr['alternate'], info, doc, ifcond, features,
                    QAPISchemaBranches(info, variants, tag_member=tag)))
            elif 'command' in expr:
                name = expr['command']
                data = expr.get('data')
                if isinstance(data, dict):
                    data = self._make_implicit_object_type(
                        name, info, ifcond, 'arg',
                        self._make_members(data, info))
                rets = expr.get('returns')
                if isinstance(rets, list):
                    rets = self._make_array_type(rets[0], info)
                self._def_entity(QAPISchemaCommand(
                    name, info, doc, ifcond, features, data, rets,
                    expr.get('gen', True), expr.get('success-response', True),
                    expr.get('boxed', False), expr.get('allow-oob', False),
                    expr.get('allow-preconfig', False),
                    expr.get('coroutine', False)))
            elif 'event' in expr:
                name = expr['event']
                data = expr.get('data')
                if isinstance(data, dict):
                    data = self._make_implicit_object_type(
                        name, info, ifcond, 'arg',
                        self._make_members(data, info))
                self._def_entity(QAPISchemaEvent(
                    name, info, doc, ifcond, features, data,
                    expr.get('boxed', False)))

    def check(self):
        for ent in list(self.entities):
            ent.check(self)
        features = set()
        for ent in self.entities:
            features.update(f.name for f in ent.features)
        if len(features | set(QAPISchemaFeature.SPECIAL_NAMES)) > 64:
            raise QAPIError(None,
                            "Maximum of 64 schema features is permitted")

    # Convenience views for the generators

    def types(self):
        return [e for e in self.entities if isinstance(e, QAPISchemaType)]

    def commands(self):
        return [e for e in self.entities
                if isinstance(e, QAPISchemaCommand)]

    def events(self):
        return [e for e in self.entities if isinstance(e, QAPISchemaEvent)]
