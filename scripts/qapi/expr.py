"""
Context-free checks of QAPI schema definitions.

Each definition is checked for the right keys and value shapes, and its
syntactic sugar is normalized in place: member types written as plain
strings become {'type': ...}, enum values and features written as
strings become {'name': ...}.  Checks that need the whole schema (types
exist, names do not clash) live in schema.py.
"""

import re

from .common import c_name
from .source import QAPISemError

# An optional downstream prefix __RFQDN_, an optional x-, then the stem
_VALID_NAME = re.compile(r'(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$',
                         re.IGNORECASE)


def check_name_is_str(name, info, source):
    if not isinstance(name, str):
        raise QAPISemError(info, "%s requires a string name" % source)


def check_name_str(name, info, source):
    """Check @name is a valid QAPI name; return its stem."""
    match = _VALID_NAME.match(name)
    if not match or c_name(name, False).startswith('q_'):
        raise QAPISemError(info, "%s has an invalid name" % source)
    return match.group(3)


def check_name_upper(name, info, source):
    stem = check_name_str(name, info, source)
    if re.search(r'[a-z-]', stem):
        raise QAPISemError(
            info, "name of %s must not use lowercase or '-'" % source)


def check_name_lower(name, info, source,
                     permit_upper=False, permit_underscore=False):
    stem = check_name_str(name, info, source)
    if (not permit_upper and re.search(r'[A-Z]', stem)) or \
            (not permit_underscore and '_' in stem):
        raise QAPISemError(
            info, "name of %s must not use uppercase or '_'" % source)


def check_name_camel(name, info, source):
    stem = check_name_str(name, info, source)
    if not re.match(r'[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$', stem):
        raise QAPISemError(info, "name of %s must use CamelCase" % source)


def check_defn_name_str(name, info, meta):
    if meta == 'event':
        check_name_upper(name, info, meta)
    elif meta == 'command':
        check_name_lower(
            name, info, meta,
            permit_underscore=name in info.pragma.command_name_exceptions)
    else:
        check_name_camel(name, info, meta)
        if name.endswith('List'):
            raise QAPISemError(
                info, "%s name should not end in 'List'" % meta)


def check_keys(value, info, source, required, optional):
    def pprint(elems):
        return ', '.join("'" + e + "'" for e in sorted(elems))

    if not isinstance(value, dict):
        raise QAPISemError(info, "%s should be an object" % source)
    missing = set(required) - set(value)
    if missing:
        raise QAPISemError(
            info, "%s misses key%s %s"
            % (source, 's' if len(missing) > 1 else '', pprint(missing)))
    allowed = set(required) | set(optional)
    unknown = set(value) - allowed
    if unknown:
        raise QAPISemError(
            info, "%s has unknown key%s %s\nValid keys are %s."
            % (source, 's' if len(unknown) > 1 else '', pprint(unknown),
               pprint(allowed)))


def check_flags(expr):
    info = expr.info
    for key in ('gen', 'success-response'):
        if key in expr and expr[key] is not False:
            raise QAPISemError(
                info, "flag '%s' may only use false value" % key)
    for key in ('boxed', 'allow-oob', 'allow-preconfig', 'coroutine'):
        if key in expr and expr[key] is not True:
            raise QAPISemError(
                info, "flag '%s' may only use true value" % key)
    if 'allow-oob' in expr and 'coroutine' in expr:
        raise QAPISemError(
            info, "flags 'allow-oob' and 'coroutine' are incompatible")


def check_if(expr, info, source):
    def check(cond):
        if isinstance(cond, str):
            if not re.fullmatch(r'[A-Z][A-Z0-9_]*', cond):
                raise QAPISemError(
                    info, "'if' condition '%s' of %s is not a valid"
                    " identifier" % (cond, source))
            return
        if not isinstance(cond, dict):
            raise QAPISemError(
                info, "'if' condition of %s must be a string or an object"
                % source)
        check_keys(cond, info, "'if' condition of %s" % source, [],
                   ['all', 'any', 'not'])
        if len(cond) != 1:
            raise QAPISemError(
                info, "'if' condition of %s has conflicting keys" % source)
        if 'not' in cond:
            check(cond['not'])
            return
        op = 'all' if 'all' in cond else 'any'
        operands = cond[op]
        if not isinstance(operands, list):
            raise QAPISemError(
                info, "'%s' condition of %s must be an array" % (op, source))
        if not operands:
            raise QAPISemError(
                info, "'if' condition [] of %s is useless" % source)
        for operand in operands:
            check(operand)

    if expr.get('if') is not None:
        check(expr['if'])


def normalize_members(members):
    if isinstance(members, dict):
        for key, arg in members.items():
            if not isinstance(arg, dict):
                members[key] = {'type': arg}


def check_features(features, info):
    if features is None:
        return
    if not isinstance(features, list):
        raise QAPISemError(info, "'features' must be an array")
    features[:] = [f if isinstance(f, dict) else {'name': f}
                   for f in features]
    for feat in features:
        source = "'features' member"
        check_keys(feat, info, source, ['name'], ['if'])
        check_name_is_str(feat['name'], info, source)
        source = "%s '%s'" % (source, feat['name'])
        check_name_lower(feat['name'], info, source)
        check_if(feat, info, source)


def check_type(value, info, source, allow_array=False, allow_dict=False):
    """Check a type reference: a name, ['name'] if @allow_array, or an
    anonymous struct body if @allow_dict (a str: the defining type, for
    the member-name-exceptions pragma)."""
    if value is None or isinstance(value, str):
        return
    if isinstance(value, list):
        if not allow_array:
            raise QAPISemError(info, "%s cannot be an array" % source)
        if len(value) != 1 or not isinstance(value[0], str):
            raise QAPISemError(
                info, "%s: array type must contain single type name" % source)
        return
    if not allow_dict:
        raise QAPISemError(info, "%s should be a type name" % source)
    if not isinstance(value, dict):
        raise QAPISemError(
            info, "%s should be an object or type name" % source)
    permissive = isinstance(allow_dict, str) and \
        allow_dict in info.pragma.member_name_exceptions
    for key, arg in value.items():
        key_source = "%s member '%s'" % (source, key)
        if key.startswith('*'):
            key = key[1:]
        check_name_lower(key, info, key_source,
                         permit_upper=permissive,
                         permit_underscore=permissive)
        if c_name(key, False) == 'u' or c_name(key, False).startswith('has_'):
            raise QAPISemError(info, "%s uses reserved name" % key_source)
        check_keys(arg, info, key_source, ['type'],
                   ['if', 'features', 'default'])
        check_if(arg, info, key_source)
        check_features(arg.get('features'), info)
        check_type(arg['type'], info, key_source, allow_array=True)


def check_enum(expr):
    name = expr['enum']
    members = expr['data']
    prefix = expr.get('prefix')
    info = expr.info
    if not isinstance(members, list):
        raise QAPISemError(info, "'data' must be an array")
    if prefix is not None and not isinstance(prefix, str):
        raise QAPISemError(info, "'prefix' must be a string")
    permissive = name in info.pragma.member_name_exceptions
    members[:] = [m if isinstance(m, dict) else {'name': m} for m in members]
    for member in members:
        source = "'data' member"
        check_keys(member, info, source, ['name'], ['if', 'features'])
        member_name = member['name']
        check_name_is_str(member_name, info, source)
        source = "%s '%s'" % (source, member_name)
        # Enum values may start with a digit
        if member_name[:1].isdigit():
            member_name = 'd' + member_name
        check_name_lower(member_name, info, source,
                         permit_upper=permissive,
                         permit_underscore=permissive)
        check_if(member, info, source)
        check_features(member.get('features'), info)


def check_struct(expr):
    if not isinstance(expr['data'], dict):
        raise QAPISemError(expr.info, "'data' should be an object")
    check_type(expr['data'], expr.info, "'data'", allow_dict=expr['struct'])
    check_type(expr.get('base'), expr.info, "'base'")


def check_union(expr):
    name = expr['union']
    base = expr['base']
    info = expr.info
    members = expr['data']
    check_type(base, info, "'base'", allow_dict=name)
    check_name_is_str(expr['discriminator'], info, "'discriminator'")
    if not isinstance(members, dict):
        raise QAPISemError(info, "'data' must be an object")
    for key, value in members.items():
        source = "'data' member '%s'" % key
        check_keys(value, info, source, ['type'], ['if'])
        check_if(value, info, source)
        check_type(value['type'], info, source, allow_array=not base)


def check_alternate(expr):
    members = expr['data']
    info = expr.info
    if not members:
        raise QAPISemError(info, "'data' must not be empty")
    if not isinstance(members, dict):
        raise QAPISemError(info, "'data' must be an object")
    for key, value in members.items():
        source = "'data' member '%s'" % key
        check_name_lower(key, info, source)
        check_keys(value, info, source, ['type'], ['if'])
        check_if(value, info, source)
        check_type(value['type'], info, source, allow_array=True)


def check_command(expr):
    args = expr.get('data')
    boxed = expr.get('boxed', False)
    if boxed and args is None:
        raise QAPISemError(expr.info, "'boxed': true requires 'data'")
    check_type(args, expr.info, "'data'", allow_dict=not boxed)
    check_type(expr.get('returns'), expr.info, "'returns'", allow_array=True)


def check_event(expr):
    args = expr.get('data')
    boxed = expr.get('boxed', False)
    if boxed and args is None:
        raise QAPISemError(expr.info, "'boxed': true requires 'data'")
    check_type(args, expr.info, "'data'", allow_dict=not boxed)


_METAS = ('enum', 'struct', 'union', 'alternate', 'command', 'event')


def check_exprs(exprs):
    """Check and normalize the parsed definitions (in place)."""
    for expr in exprs:
        info = expr.info
        if 'include' in expr:
            continue
        metas = [m for m in _METAS if m in expr]
        if len(metas) != 1:
            raise QAPISemError(
                info, "expression must have exactly one key 'enum',"
                " 'struct', 'union', 'alternate', 'command', 'event'")
        meta = metas[0]
        check_name_is_str(expr[meta], info, "'%s'" % meta)
        name = expr[meta]
        info.set_defn(meta, name)
        check_defn_name_str(name, info, meta)

        doc = expr.doc
        if doc:
            if doc.symbol != name:
                raise QAPISemError(
                    info, "documentation comment is for '%s'" % doc.symbol)
        elif info.pragma.doc_required and \
                name not in info.pragma.documentation_exceptions:
            raise QAPISemError(info, "documentation comment required")

        if meta == 'enum':
            check_keys(expr, info, meta, ['enum', 'data'],
                       ['if', 'features', 'prefix'])
            check_enum(expr)
        elif meta == 'union':
            check_keys(expr, info, meta,
                       ['union', 'base', 'discriminator', 'data'],
                       ['if', 'features'])
            normalize_members(expr.get('base'))
            normalize_members(expr['data'])
            check_union(expr)
        elif meta == 'alternate':
            check_keys(expr, info, meta, ['alternate', 'data'],
                       ['if', 'features'])
            normalize_members(expr['data'])
            check_alternate(expr)
        elif meta == 'struct':
            check_keys(expr, info, meta, ['struct', 'data'],
                       ['base', 'if', 'features'])
            normalize_members(expr['data'])
            check_struct(expr)
        elif meta == 'command':
            check_keys(expr, info, meta, ['command'],
                       ['data', 'returns', 'boxed', 'if', 'features',
                        'gen', 'success-response', 'allow-oob',
                        'allow-preconfig', 'coroutine'])
            normalize_members(expr.get('data'))
            check_command(expr)
        else:
            check_keys(expr, info, meta, ['event'],
                       ['data', 'boxed', 'if', 'features'])
            normalize_members(expr.get('data'))
            check_event(expr)

        check_if(expr, info, meta)
        check_features(expr.get('features'), info)
        check_flags(expr)
    return exprs
