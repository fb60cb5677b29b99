"""
Command line of the QAPI generator.
"""

import argparse
import os
import re
import sys

from .commands import CommandsGen
from .events import EventsGen
from .gen import QAPIGenH
from .introspect import IntrospectGen
from .schema import QAPISchema
from .source import QAPIError
from .types import TypesGen
from .visit import VisitGen


def module_headers(schema, prefix):
    """Per-module headers (qapi-types-MODULE.h etc.) as QEMU has them;
    each includes the corresponding header of the whole schema."""
    files = []
    for fname in schema.modules[1:]:
        module = re.sub(r'[^A-Za-z0-9_-]', '-', schema.module_name(fname))
        for what in ('types', 'visit', 'commands', 'events'):
            h = QAPIGenH('%sqapi-%s-%s.h' % (prefix, what, module),
                         'QAPI %s of module %s' % (what, module))
            h.add('#include "%sqapi-%s.h"\n' % (prefix, what))
            files.append(h)
    return files


def generate(schema_file, output_dir, prefix, builtins):
    schema = QAPISchema(schema_file)
    files = []
    files += TypesGen(schema, prefix, False).generate()
    files += VisitGen(schema, prefix, False).generate()
    files += CommandsGen(schema, prefix).generate()
    files += EventsGen(schema, prefix).generate()
    files += IntrospectGen(schema, prefix).generate()
    files += module_headers(schema, prefix)
    if builtins:
        files += TypesGen(schema, prefix, True).generate()
        files += VisitGen(schema, prefix, True).generate()
    for f in files:
        f.write(output_dir)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Generate C code from a QAPI schema')
    parser.add_argument('-b', '--builtins', action='store_true',
                        help='also generate code for built-in types')
    parser.add_argument('-o', '--output-dir', default='',
                        help='write output to directory OUTPUT_DIR')
    parser.add_argument('-p', '--prefix', default='',
                        help='prefix for file names and some C symbols')
    parser.add_argument('-u', '--unmask-non-abi-names', action='store_true',
                        help='accepted for compatibility; names are never'
                        ' masked')
    parser.add_argument('schema', help='the main schema file')
    args = parser.parse_args(argv)

    match = re.match(r'([A-Za-z_.-][A-Za-z0-9_.-]*)?', args.prefix)
    if match.end() != len(args.prefix):
        print("%s: 'funny character '%s' in argument of --prefix"
              % (sys.argv[0], args.prefix[match.end()]), file=sys.stderr)
        return 1
    try:
        generate(args.schema, args.output_dir or '.', args.prefix,
                 args.builtins)
    except QAPIError as err:
        print('%s: %s' % (os.path.basename(sys.argv[0]), err),
              file=sys.stderr)
        return 1
    return 0
