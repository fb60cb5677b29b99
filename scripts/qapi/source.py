"""
Source locations and errors of the QAPI schema compiler.
"""

import copy


# QEMU's own schema declares these exceptions to the naming rules in
# its qapi-schema.json.  They are the defaults here so that schema
# modules written after QEMU's work without repeating the pragma.
QEMU_COMMAND_NAME_EXCEPTIONS = [
    'add_client', 'block_resize', 'block_set_io_throttle',
    'client_migrate_info', 'device_add', 'device_del', 'expire_password',
    'migrate_cancel', 'netdev_add', 'netdev_del', 'qmp_capabilities',
    'set_link', 'set_password', 'system_powerdown', 'system_reset',
    'system_wakeup',
]
QEMU_COMMAND_RETURNS_EXCEPTIONS = [
    'human-monitor-command', 'qom-get', 'query-tpm-models',
    'query-tpm-types', 'ringbuf-read',
]
QEMU_MEMBER_NAME_EXCEPTIONS = [
    'ACPISlotType', 'BlockdevVmdkAdapterType', 'BlockdevVmdkSubformat',
    'DisplayGLMode', 'EvtchnPortType', 'EvtchnInfo', 'HvBalloonDeviceInfo',
    'MemoryDeviceInfoKind', 'NetClientDriver', 'PciBusInfo',
    'PciDeviceInfo', 'PciMemoryRegion', 'QapiErrorClass',
    'SshHostKeyCheckMode', 'SysEmuTarget', 'UuidInfo', 'VncClientInfo',
    'X86CPURegister32', 'XDbgBlockGraph', 'XDbgBlockGraphNodeType',
]


class QAPISchemaPragma:
    """Pragma settings; one set is shared by the whole schema."""

    def __init__(self):
        self.doc_required = False
        self.command_name_exceptions = list(QEMU_COMMAND_NAME_EXCEPTIONS)
        self.command_returns_exceptions = \
            list(QEMU_COMMAND_RETURNS_EXCEPTIONS)
        self.documentation_exceptions = []
        self.member_name_exceptions = list(QEMU_MEMBER_NAME_EXCEPTIONS)


class QAPISourceInfo:
    """Where something was defined: file, line, including file chain,
    and the definition being processed (for error context)."""

    def __init__(self, fname, parent):
        self.fname = fname
        self.line = 1
        self.parent = parent
        self.pragma = parent.pragma if parent else QAPISchemaPragma()
        self.defn_meta = None
        self.defn_name = None

    def set_defn(self, meta, name):
        self.defn_meta = meta
        self.defn_name = name

    def next_line(self):
        info = copy.copy(self)
        info.line += 1
        return info

    def loc(self):
        return '%s:%d' % (self.fname, self.line)

    def in_defn(self):
        if self.defn_name:
            return "%s: In %s '%s':\n" % (self.fname, self.defn_meta,
                                          self.defn_name)
        return ''

    def include_path(self):
        text = ''
        parent = self.parent
        while parent:
            text = 'In file included from %s:\n' % parent.loc() + text
            parent = parent.parent
        return text

    def __str__(self):
        return self.include_path() + self.in_defn() + self.loc()


class QAPIError(Exception):
    """Any error the generator reports; str() is the full message."""

    def __init__(self, info, msg, col=None):
        super().__init__(msg)
        self.info = info
        self.msg = msg
        self.col = col

    def __str__(self):
        if self.info is None:
            return self.msg
        loc = str(self.info)
        if self.col is not None:
            loc += ':%d' % self.col
        return loc + ': ' + self.msg


class QAPIParseError(QAPIError):
    """Syntax error at a particular column."""


class QAPISemError(QAPIError):
    """Semantic error in a definition."""
