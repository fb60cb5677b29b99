"""
Helpers shared by the QAPI code generators: C name mangling, code
templates with indentation, and preprocessor conditionals.
"""

import re

# Marker removed together with the blanks following it.  Appended to
# pointer types so that "char *" + " " + "name" renders as "char *name".
EATSPACE = '\033EATSPACE.'
POINTER_SUFFIX = ' *' + EATSPACE

_C_RESERVED = frozenset("""
    auto break case char const continue default do double else enum extern
    float for goto if int long register return short signed sizeof static
    struct switch typedef union unsigned void volatile while
    inline restrict _Bool _Complex _Imaginary
    _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local
    asm typeof
    bool catch class const_cast delete dynamic_cast explicit false friend
    mutable namespace new operator private protected public reinterpret_cast
    static_cast template this throw true try typeid typename using virtual
    wchar_t and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq
    unix errno mips sparc i386 linux
""".split())


def c_name(name, protect=True):
    """Map a QAPI name to a C identifier ('x-foo.bar' -> 'x_foo_bar').

    With @protect, names that would clash with C keywords or common
    macros, or that start with a digit, get a 'q_' prefix.
    """
    name = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if protect and (name in _C_RESERVED or name[0].isdigit()):
        return 'q_' + name
    return name


def camel_to_upper(value):
    """CamelCase -> CAMEL_CASE, the way QEMU spells enum prefixes."""
    out = value[0]
    prev_upper = value[0].isupper()
    for ch in value[1:]:
        upper = ch.isupper()
        if upper != prev_upper:
            if prev_upper:
                # end of a run of capitals: the last capital starts a word
                if len(out) > 2 and out[-2].isalnum():
                    out = out[:-1] + '_' + out[-1]
            elif out[-1].isalnum():
                out += '_'
        out += ch
        prev_upper = upper
    return c_name(out.upper()).lstrip('_')


def c_enum_const(type_name, const_name, prefix=None):
    """Name of the C constant for enum value @const_name of @type_name."""
    if prefix is None:
        prefix = camel_to_upper(type_name)
    return prefix + '_' + c_name(const_name, False).upper()


class Indent:
    """Current indentation applied by cgen()."""

    def __init__(self):
        self.level = 0

    def increase(self, amount=4):
        self.level += amount

    def decrease(self, amount=4):
        assert self.level >= amount
        self.level -= amount

    def __str__(self):
        return ' ' * self.level


indent = Indent()


def cgen(code, **kwds):
    """Interpolate @kwds into @code, indent it, and drop EATSPACE."""
    text = code % kwds
    pfx = str(indent)
    if pfx:
        text = re.sub(r'^(?!(#|$))', pfx, text, flags=re.MULTILINE)
    return re.sub(re.escape(EATSPACE) + r' *', '', text)


def mcgen(code, **kwds):
    """Like cgen(), but a leading newline in @code is dropped."""
    if code.startswith('\n'):
        code = code[1:]
    return cgen(code, **kwds)


def c_fname(filename):
    return re.sub(r'[^A-Za-z0-9_]', '_', filename)


def guardstart(name):
    return mcgen('''
#ifndef %(name)s
#define %(name)s

''', name=c_fname(name).upper())


def guardend(name):
    return mcgen('''

#endif /* %(name)s */
''', name=c_fname(name).upper())


def c_string(text):
    """Render @text as a C string literal."""
    out = '"'
    for ch in text:
        if ch in '"\\':
            out += '\\' + ch
        elif ch == '\n':
            out += '\\n'
        elif ' ' <= ch <= '~':
            out += ch
        else:
            for byte in ch.encode('utf-8'):
                out += '\\%03o' % byte
    return out + '"'


class IfCond:
    """A (possibly empty) 'if' condition of the schema language.

    The condition is a string CONFIG_FOO, or a dict with one of the
    keys 'all', 'any' (lists of conditions) or 'not' (one condition).
    """

    def __init__(self, cond=None):
        self.cond = cond

    def is_present(self):
        return bool(self.cond)

    def cgen(self):
        """The condition as a C preprocessor expression ('' if none)."""
        def gen(cond, parens):
            if isinstance(cond, str):
                return 'defined(%s)' % cond
            if 'not' in cond:
                return '!' + gen(cond['not'], True)
            op = ' && ' if 'all' in cond else ' || '
            expr = op.join(gen(c, True) for c in
                           cond.get('all', cond.get('any')))
            return '(%s)' % expr if parens else expr
        if not self.cond:
            return ''
        return gen(self.cond, False)

    def gen_if(self):
        cond = self.cgen()
        return '#if %s\n' % cond if cond else ''

    def gen_endif(self):
        cond = self.cgen()
        return '#endif /* %s */\n' % cond if cond else ''

    def __eq__(self, other):
        return isinstance(other, IfCond) and self.cond == other.cond

    def __hash__(self):
        return hash(repr(self.cond))


def wrap_if(ifcond, text):
    """Wrap @text in #if/#endif for @ifcond (an IfCond)."""
    if not ifcond.is_present() or not text:
        return text
    return ifcond.gen_if() + text + ifcond.gen_endif()
