#!/usr/bin/env python3
"""Print the sections of a migration stream.

Reads a stream as written by `migrate file:PATH` (or any transport
captured to a file) and lists its header, configuration, sections and
commands.  The format is described in docs/devel/migration/stream.rst.

RAM sections ("ram") are decoded record by record.  Other sections are
not self-describing: their length is found from the section footer
(0x7e + section id), which current machine types send; a few known
ones (globalstate) are decoded.

Usage: analyze-migration.py -f FILE [--json] [--page-size N]
"""

import argparse
import json
import struct
import sys

MAGIC = 0x5145564D
VERSION = 3

EOF = 0x00
SECTION_START = 0x01
SECTION_PART = 0x02
SECTION_END = 0x03
SECTION_FULL = 0x04
SUBSECTION = 0x05
VMDESCRIPTION = 0x06
CONFIGURATION = 0x07
COMMAND = 0x08
SECTION_FOOTER = 0x7E

SECTION_NAMES = {
    SECTION_START: "START",
    SECTION_PART: "PART",
    SECTION_END: "END",
    SECTION_FULL: "FULL",
}

COMMANDS = [
    "INVALID", "OPEN_RETURN_PATH", "PING", "POSTCOPY_ADVISE",
    "POSTCOPY_LISTEN", "POSTCOPY_RUN", "POSTCOPY_RAM_DISCARD", "PACKAGED",
    "ENABLE_COLO", "POSTCOPY_RESUME", "RECV_BITMAP", "SWITCHOVER_START",
]

RAM_FLAG_ZERO = 0x02
RAM_FLAG_MEM_SIZE = 0x04
RAM_FLAG_PAGE = 0x08
RAM_FLAG_EOS = 0x10
RAM_FLAG_CONTINUE = 0x20
RAM_FLAG_XBZRLE = 0x40
RAM_FLAG_MULTIFD_FLUSH = 0x200
RAM_FLAG_MASK = 0x3FF


class StreamError(Exception):
    """The stream is not what the format says."""


class Reader:
    """Big-endian reads over a byte string, with the position kept."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def need(self, n, what):
        if self.pos + n > len(self.data):
            raise StreamError("stream ends at offset %d inside %s "
                              "(%d more bytes needed)"
                              % (len(self.data), what,
                                 self.pos + n - len(self.data)))

    def u8(self, what="a byte"):
        self.need(1, what)
        self.pos += 1
        return self.data[self.pos - 1]

    def be16(self, what="a be16"):
        self.need(2, what)
        self.pos += 2
        return struct.unpack_from(">H", self.data, self.pos - 2)[0]

    def be32(self, what="a be32"):
        self.need(4, what)
        self.pos += 4
        return struct.unpack_from(">I", self.data, self.pos - 4)[0]

    def be64(self, what="a be64"):
        self.need(8, what)
        self.pos += 8
        return struct.unpack_from(">Q", self.data, self.pos - 8)[0]

    def raw(self, n, what="bytes"):
        self.need(n, what)
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def counted_string(self, what="a name"):
        n = self.u8(what)
        return self.raw(n, what).decode("utf-8", "replace")

    def peek(self):
        return self.data[self.pos] if self.pos < len(self.data) else None


class Analyzer:
    def __init__(self, data, page_size=4096, mapped_ram=False):
        self.r = Reader(data)
        self.page_size = page_size
        # RAM pages at fixed offsets (mapped-ram): from the configuration
        # section's capabilities, or said on the command line
        self.mapped_ram = mapped_ram
        self.sections = {}          # section id -> idstr
        self.footers = None         # unknown until seen
        self.items = []

    def emit(self, **item):
        self.items.append(item)

    def run(self):
        r = self.r
        magic = r.be32("the magic")
        if magic != MAGIC:
            raise StreamError("bad magic 0x%08x (expected 0x%08x, \"QEVM\")"
                              % (magic, MAGIC))
        version = r.be32("the version")
        if version != VERSION:
            raise StreamError("unsupported stream version %d (expected %d)"
                              % (version, VERSION))
        self.emit(kind="header", magic="QEVM", version=version)
        if r.peek() == CONFIGURATION:
            r.u8()
            self.configuration()
        while True:
            offset = r.pos
            t = r.u8("a section type")
            if t == EOF:
                self.emit(kind="eof", offset=offset)
                break
            if t in (SECTION_START, SECTION_FULL):
                self.section(t, offset, full_header=True)
            elif t in (SECTION_PART, SECTION_END):
                self.section(t, offset, full_header=False)
            elif t == COMMAND:
                self.command(offset)
            else:
                raise StreamError("unknown section type 0x%02x at offset %d"
                                  % (t, offset))
        if r.peek() == VMDESCRIPTION:
            r.u8()
            n = r.be32("the description length")
            desc = r.raw(n, "the description")
            self.emit(kind="vmdescription", size=n,
                      json=json.loads(desc.decode("utf-8", "replace")))
        if r.pos != len(r.data):
            self.emit(kind="trailing", offset=r.pos,
                      size=len(r.data) - r.pos)
        return self.items

    def configuration(self):
        r = self.r
        n = r.be32("the configuration")
        if n > 255:
            raise StreamError("machine type name of %d bytes" % n)
        name = r.raw(n, "the machine type").decode("utf-8", "replace")
        self.emit(kind="configuration", machine_type=name)
        while r.peek() == SUBSECTION:
            r.u8()
            sub = r.counted_string("a subsection name")
            version = r.be32("a subsection version")
            if sub == "configuration/uuid" and version == 1:
                # validate-uuid: the source's UUID, 16 bytes
                u = r.raw(16, "the UUID").hex()
                self.emit(kind="configuration-uuid", uuid="-".join(
                    (u[:8], u[8:12], u[12:16], u[16:20], u[20:])))
                continue
            if sub == "configuration/capabilities" and version == 1:
                # the capabilities both sides must agree on
                caps = [r.counted_string("a capability name")
                        for _ in range(r.be32("the capability count"))]
                self.mapped_ram = self.mapped_ram or "mapped-ram" in caps
                self.emit(kind="configuration-capabilities",
                          capabilities=caps)
                continue
            self.emit(kind="configuration-subsection", name=sub,
                      version=version)
            raise StreamError("cannot skip configuration subsection '%s'"
                              % sub)

    def command(self, offset):
        r = self.r
        cmd = r.be16("a command")
        n = r.be16("a command length")
        data = r.raw(n, "command data")
        name = COMMANDS[cmd] if cmd < len(COMMANDS) else "0x%x" % cmd
        item = dict(kind="command", offset=offset, command=name, size=n)
        if name == "PING" and n == 4:
            item["value"] = struct.unpack(">I", data)[0]
        self.emit(**item)

    def section(self, t, offset, full_header):
        r = self.r
        sid = r.be32("a section id")
        item = dict(kind="section", type=SECTION_NAMES[t], offset=offset,
                    section_id=sid)
        if full_header:
            idstr = r.counted_string("a section name")
            item["name"] = idstr
            item["instance_id"] = r.be32("an instance id")
            item["version"] = r.be32("a section version")
            self.sections[sid] = idstr
        else:
            if sid not in self.sections:
                raise StreamError("section id %d at offset %d has no START"
                                  % (sid, offset))
            item["name"] = self.sections[sid]
        start = r.pos
        if item["name"] == "ram":
            item["ram"] = self.ram_payload()
        else:
            self.skip_to_footer(sid, item)
            if item["name"] == "globalstate":
                item["runstate"] = self.globalstate(start, r.pos)
            subs = self.subsections(item["name"], start, r.pos)
            if subs:
                item["subsections"] = subs
        item["size"] = r.pos - start
        self.footer(sid)
        self.emit(**item)

    def footer(self, sid):
        r = self.r
        if self.footers is None:
            self.footers = r.peek() == SECTION_FOOTER
        if not self.footers:
            return
        if r.u8("a section footer") != SECTION_FOOTER:
            raise StreamError("missing footer at offset %d" % (r.pos - 1))
        fid = r.be32("a footer id")
        if fid != sid:
            raise StreamError("footer at offset %d is for section %d, not %d"
                              % (r.pos - 5, fid, sid))

    def skip_to_footer(self, sid, item):
        """Find the end of an opaque payload from its footer."""
        r = self.r
        if self.footers is False:
            raise StreamError("section '%s' cannot be skipped: the stream "
                              "has no section footers" % item["name"])
        marker = bytes([SECTION_FOOTER]) + struct.pack(">I", sid)
        pos = r.pos
        while True:
            pos = r.data.find(marker, pos)
            if pos < 0:
                raise StreamError("no footer for section '%s' (id %d)"
                                  % (item["name"], sid))
            after = r.data[pos + 5] if pos + 5 < len(r.data) else None
            if after is None or after <= COMMAND:
                break
            pos += 1
        self.footers = True
        r.pos = pos

    def subsections(self, name, start, end):
        """Names of the subsections in an opaque payload.

        A subsection is a 0x05 byte, a counted name and a be32 version;
        its name starts with the section's name and a slash, which is
        what makes the search reliable without a field description.
        """
        body = self.r.data[start:end]
        prefix = (name + "/").encode()
        found = []
        pos = 0
        while True:
            pos = body.find(prefix, pos)
            if pos < 0:
                return found
            if pos >= 2 and body[pos - 2] == SUBSECTION:
                length = body[pos - 1]
                sub = body[pos:pos + length]
                if len(sub) == length and pos + length + 4 <= len(body):
                    found.append(sub.decode("utf-8", "replace"))
                    pos += length
                    continue
            pos += 1

    def globalstate(self, start, end):
        body = self.r.data[start:end]
        if len(body) < 104:
            return None
        size = struct.unpack_from(">I", body)[0]
        return body[4:4 + max(size - 1, 0)].decode("utf-8", "replace")

    def ram_payload(self):
        r = self.r
        info = {"pages": 0, "zero_pages": 0, "xbzrle_pages": 0,
                "blocks": {}}
        block = None
        while True:
            word = r.be64("a RAM record")
            flags = word & RAM_FLAG_MASK
            addr = word & ~RAM_FLAG_MASK & 0xFFFFFFFFFFFFFFFF
            if flags & RAM_FLAG_EOS:
                return info
            if flags & RAM_FLAG_MEM_SIZE:
                info["total"] = addr
                left = addr
                while left > 0:
                    name = r.counted_string("a RAM block name")
                    length = r.be64("a RAM block length")
                    info["blocks"][name] = length
                    left -= length
                    if self.mapped_ram:
                        self.mapped_ram_block(info, name, length)
                continue
            if flags & RAM_FLAG_MULTIFD_FLUSH:
                info["multifd_flushes"] = info.get("multifd_flushes", 0) + 1
                continue
            kind = flags & ~RAM_FLAG_CONTINUE
            if not flags & RAM_FLAG_CONTINUE:
                block = r.counted_string("a RAM block name")
            elif block is None:
                raise StreamError("RAM page at offset %d continues no block"
                                  % (r.pos - 8))
            if kind == RAM_FLAG_ZERO:
                r.u8("a zero page fill byte")
                info["zero_pages"] += 1
            elif kind == RAM_FLAG_PAGE:
                r.raw(self.page_size, "a RAM page")
                info["pages"] += 1
            elif kind == RAM_FLAG_XBZRLE:
                r.u8("an xbzrle encoding flag")
                n = r.be16("an xbzrle length")
                r.raw(n, "xbzrle data")
                info["xbzrle_pages"] += 1
            else:
                raise StreamError("unknown RAM flags 0x%x at offset %d"
                                  % (flags, r.pos - 8))


    def mapped_ram_block(self, info, name, length):
        """The mapped-ram header of block @name: count the pages its
        bitmap says the file holds, and go on after its pages."""
        r = self.r
        at = r.pos
        version, page, bitmap, pages_at = struct.unpack(
            ">IQQQ", r.raw(28, "a mapped-ram header"))
        if version != 1 or page != self.page_size:
            raise StreamError("RAM block '%s': mapped-ram header at offset "
                              "%d has version %d, page size %d (expected "
                              "1, %d)" % (name, at, version, page,
                                          self.page_size))
        npages = -(-length // page)
        words = -(-npages // 64)
        if bitmap + words * 8 > len(r.data):
            raise StreamError("RAM block '%s': mapped-ram bitmap at %d is "
                              "beyond the end of the file" % (name, bitmap))
        bits = r.data[bitmap:bitmap + words * 8]
        present = sum(bin(b).count("1") for b in bits)
        info.setdefault("mapped", {})[name] = {
            "bitmap_offset": bitmap, "pages_offset": pages_at,
            "present": present}
        r.pos = pages_at + npages * page


def describe(item):
    kind = item["kind"]
    if kind == "header":
        return "header: magic %s, version %d" % (item["magic"],
                                                 item["version"])
    if kind == "configuration":
        return "configuration: machine type '%s'" % item["machine_type"]
    if kind == "configuration-uuid":
        return "configuration: uuid %s (validate-uuid)" % item["uuid"]
    if kind == "configuration-capabilities":
        return "configuration: capabilities %s" % (
            ", ".join(item["capabilities"]) or "none")
    if kind == "eof":
        return "EOF at offset %d" % item["offset"]
    if kind == "command":
        text = "command %s" % item["command"]
        if "value" in item:
            text += " %d" % item["value"]
        return text
    if kind == "vmdescription":
        return "vmdescription: %d bytes of JSON" % item["size"]
    if kind == "trailing":
        return "%d bytes after the end at offset %d" % (item["size"],
                                                       item["offset"])
    if kind == "section":
        text = "section %d %s '%s'" % (item["section_id"], item["type"],
                                       item["name"])
        if "instance_id" in item:
            text += " instance %d version %d" % (item["instance_id"],
                                                 item["version"])
        text += ": %d bytes" % item["size"]
        ram = item.get("ram")
        if ram:
            parts = []
            if "total" in ram:
                parts.append("memory 0x%x in %s" % (ram["total"], ", ".join(
                    "'%s' 0x%x" % kv for kv in ram["blocks"].items())))
            for block, m in ram.get("mapped", {}).items():
                parts.append("mapped-ram '%s': %d pages in the file from "
                             "offset 0x%x" % (block, m["present"],
                                              m["pages_offset"]))
            parts.append("%d pages, %d zero, %d xbzrle"
                         % (ram["pages"], ram["zero_pages"],
                            ram["xbzrle_pages"]))
            text += " (" + "; ".join(parts) + ")"
        if item.get("subsections"):
            text += " (subsections %s)" % ", ".join(item["subsections"])
        if item.get("runstate"):
            text += " (run state '%s')" % item["runstate"]
        return text
    return str(item)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print the sections of a migration stream.")
    parser.add_argument("-f", "--file", required=True,
                        help="the stream (e.g. written by migrate file:)")
    parser.add_argument("--json", action="store_true",
                        help="print the sections as a JSON list")
    parser.add_argument("--page-size", type=int, default=4096,
                        help="target page size (default 4096)")
    parser.add_argument("--mapped-ram", action="store_true",
                        help="RAM at fixed offsets (mapped-ram), for a "
                        "stream without a configuration section to say so")
    args = parser.parse_args(argv)

    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as e:
        print("analyze-migration: %s" % e, file=sys.stderr)
        return 1
    analyzer = Analyzer(data, args.page_size, args.mapped_ram)
    try:
        items = analyzer.run()
        error = None
    except StreamError as e:
        items = analyzer.items
        error = str(e)
    if args.json:
        out = {"sections": items}
        if error:
            out["error"] = error
        print(json.dumps(out, indent=2))
    else:
        for item in items:
            print(describe(item))
    if error:
        print("analyze-migration: %s: %s" % (args.file, error),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
