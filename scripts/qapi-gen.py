#!/usr/bin/env python3
"""
QAPI code generator: reads a schema in QEMU's QAPI schema language and
writes the C types, visitors, command marshallers, events and
introspection data.  See scripts/qapi/main.py for the options.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qapi.main import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main())
