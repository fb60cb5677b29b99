"""
Reader for QAPI schema files.

The syntax is JSON-like: objects, arrays, strings (in single or double
quotes) and the literals true/false, with '#' comments.  Top-level
expressions are objects.  'include' and 'pragma' directives are handled
here; doc comments ('##' blocks) are parsed so that definitions can be
matched with their documentation, and otherwise ignored.
"""

import os

from .source import QAPIParseError, QAPISemError, QAPISourceInfo, QAPIError


class QAPIDoc:
    """A '##' documentation block.  @symbol is the documented name for
    definition docs, None for free-form docs."""

    def __init__(self, info, symbol, text):
        self.info = info
        self.symbol = symbol
        self.text = text


class QAPIExpression(dict):
    """A top-level definition with its location and documentation."""

    def __init__(self, data, info, doc=None):
        super().__init__(data)
        self.info = info
        self.doc = doc


_PRAGMA_LISTS = {
    'command-name-exceptions': 'command_name_exceptions',
    'command-returns-exceptions': 'command_returns_exceptions',
    'documentation-exceptions': 'documentation_exceptions',
    'member-name-exceptions': 'member_name_exceptions',
}


class QAPISchemaParser:
    """Parse @fname and, recursively, the files it includes.

    The result is self.exprs, the list of definitions in source order
    with included files spliced in at the point of inclusion, and
    self.docs, the doc blocks.
    """

    def __init__(self, fname, previously_included=None, incl_info=None):
        self._fname = fname
        self._included = previously_included
        if self._included is None:
            self._included = set()
        self._included.add(os.path.abspath(fname))
        self.exprs = []
        self.docs = []
        self.info = QAPISourceInfo(fname, incl_info)
        try:
            with open(fname, 'r', encoding='utf-8') as fp:
                self.src = fp.read()
        except OSError as err:
            if incl_info:
                raise QAPISemError(incl_info, "can't read include file '%s':"
                                   " %s" % (fname, err.strerror)) from err
            raise QAPIError(None, "can't read schema file '%s': %s"
                            % (fname, err.strerror)) from err
        except UnicodeDecodeError as err:
            raise QAPIError(None, "schema file '%s' is not valid UTF-8"
                            % fname) from err
        if self.src == '' or self.src[-1] != '\n':
            self.src += '\n'
        self.cursor = 0
        self.line_pos = 0
        self.pending_doc = None
        self._parse()

    # Lexer

    def _error(self, msg):
        col = 1
        for ch in self.src[self.line_pos:self.pos]:
            col = (col + 7) % 8 + 1 if ch == '\t' else col + 1
        return QAPIParseError(self.info, msg, col)

    def _newline(self):
        self.info = self.info.next_line()
        self.line_pos = self.cursor

    def accept(self):
        """Read the next token into self.tok (and self.val)."""
        while True:
            self.tok = self.src[self.cursor]
            self.pos = self.cursor
            self.cursor += 1
            self.val = None

            if self.tok == '#':
                if self.src[self.cursor] == '#' and \
                        self.src[self.line_pos:self.pos].strip() == '' and \
                        self.src[self.cursor + 1] in ' \n':
                    self._read_doc()
                    continue
                self.cursor = self.src.find('\n', self.cursor)
            elif self.tok in '{}:,[]':
                return
            elif self.tok in '\'"':
                self._read_string(self.tok)
                return
            elif self.tok.isalpha():
                end = self.cursor
                while self.src[end].isalnum() or self.src[end] == '_':
                    end += 1
                word = self.src[self.pos:end]
                if word in ('true', 'false'):
                    self.cursor = end
                    self.val = word == 'true'
                    self.tok = 'b'
                    return
                raise self._error("stray '%s'" % word)
            elif self.tok == '\n':
                if self.cursor == len(self.src):
                    self.tok = None
                    return
                self._newline()
            elif not self.tok.isspace():
                raise self._error("stray '%s'" % self.tok)

    def _read_string(self, quote):
        string = ''
        while True:
            ch = self.src[self.cursor]
            self.cursor += 1
            if ch == '\n':
                raise self._error("missing terminating %s" % quote)
            if ch == '\\':
                ch = self.src[self.cursor]
                self.cursor += 1
                if ch not in '\\/\'"':
                    raise self._error("unknown escape \\%s" % ch)
            elif ch == quote:
                self.val = string
                self.tok = "'"
                return
            elif ord(ch) < 32 or ord(ch) >= 127:
                raise self._error("funny character in string")
            string += ch

    def _read_doc(self):
        """Consume a '##' doc block, which ends with a line '##'."""
        info = self.info
        lines = []
        self.cursor = self.src.find('\n', self.cursor)
        while True:
            self.cursor += 1
            if self.cursor >= len(self.src):
                raise self._error("documentation comment must end with '##'")
            self._newline()
            end = self.src.find('\n', self.cursor)
            line = self.src[self.cursor:end].strip()
            self.cursor = end
            if line == '##':
                break
            if not line.startswith('#'):
                self.pos = self.line_pos
                raise self._error("documentation comment must end with '##'")
            lines.append(line[1:].strip())
        symbol = None
        if lines and lines[0].startswith('@') and lines[0].endswith(':'):
            symbol = lines[0][1:-1]
        doc = QAPIDoc(info, symbol, '\n'.join(lines))
        self.docs.append(doc)
        self.pending_doc = doc if symbol else None

    # Parser

    def get_members(self):
        expr = {}
        if self.tok == '}':
            self.accept()
            return expr
        if self.tok != "'":
            raise self._error("expected string or '}'")
        while True:
            key = self.val
            self.accept()
            if self.tok != ':':
                raise self._error("expected ':'")
            self.accept()
            if key in expr:
                raise self._error("duplicate key '%s'" % key)
            expr[key] = self.get_expr()
            if self.tok == '}':
                self.accept()
                return expr
            if self.tok != ',':
                raise self._error("expected ',' or '}'")
            self.accept()
            if self.tok != "'":
                raise self._error("expected string")

    def get_values(self):
        expr = []
        if self.tok == ']':
            self.accept()
            return expr
        while True:
            expr.append(self.get_expr())
            if self.tok == ']':
                self.accept()
                return expr
            if self.tok != ',':
                raise self._error("expected ',' or ']'")
            self.accept()

    def get_expr(self):
        if self.tok == '{':
            self.accept()
            return self.get_members()
        if self.tok == '[':
            self.accept()
            return self.get_values()
        if self.tok in ("'", 'b'):
            val = self.val
            self.accept()
            return val
        raise self._error("expected '{', '[', string, or boolean")

    def _parse(self):
        self.accept()
        while self.tok is not None:
            info = self.info
            doc = self.pending_doc
            self.pending_doc = None
            if self.tok != '{':
                raise self._error("expected '{'")
            expr = self.get_expr()
            if 'include' in expr:
                self._include(expr, info)
            elif 'pragma' in expr:
                self._pragma(expr, info)
            else:
                self.exprs.append(QAPIExpression(expr, info, doc))

    def _include(self, expr, info):
        if len(expr) != 1:
            raise QAPISemError(info, "invalid 'include' directive")
        include = expr['include']
        if not isinstance(include, str):
            raise QAPISemError(info, "value of 'include' must be a string")
        incl_fname = os.path.join(os.path.dirname(self._fname), include)
        incl_abs = os.path.abspath(incl_fname)
        # An include of a file we are inside of would never end
        inf = info
        while inf:
            if incl_abs == os.path.abspath(inf.fname):
                raise QAPISemError(info, "inclusion loop for %s" % include)
            inf = inf.parent
        self.exprs.append(QAPIExpression({'include': incl_fname}, info))
        if incl_abs in self._included:
            return
        sub = QAPISchemaParser(incl_fname, self._included, info)
        self.exprs.extend(sub.exprs)
        self.docs.extend(sub.docs)

    def _pragma(self, expr, info):
        if len(expr) != 1:
            raise QAPISemError(info, "invalid 'pragma' directive")
        body = expr['pragma']
        if not isinstance(body, dict):
            raise QAPISemError(info, "value of 'pragma' must be an object")
        pragma = info.pragma
        for name, value in body.items():
            if name == 'doc-required':
                if not isinstance(value, bool):
                    raise QAPISemError(
                        info, "pragma 'doc-required' must be boolean")
                pragma.doc_required = value
            elif name in _PRAGMA_LISTS:
                if not isinstance(value, list) or \
                        any(not isinstance(v, str) for v in value):
                    raise QAPISemError(
                        info, "pragma %s must be a list of strings" % name)
                getattr(pragma, _PRAGMA_LISTS[name]).extend(value)
            else:
                raise QAPISemError(info, "unknown pragma '%s'" % name)
