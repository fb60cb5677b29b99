"""
Generator of QAPI event senders: qapi-events.[ch] and
qapi-emit-events.[ch].
"""

from .common import c_enum_const, c_name, mcgen, wrap_if
from .gen import build_params, gen_pair
from .schema import QAPISchemaEnumMember
from .types import gen_enum, gen_enum_lookup


def gen_event_send_proto(event):
    return 'void qapi_event_send_%s(%s)' % (
        c_name(event.name.lower()), build_params(event.arg_type, event.boxed))


def gen_param_var(typ):
    """A struct variable holding the exploded event arguments."""
    ret = mcgen('''
    %(c_name)s param = {
''', c_name=typ.c_name())
    sep = '        '
    for memb in typ.members:
        ret += sep
        sep = ', '
        if memb.need_has():
            ret += 'has_' + c_name(memb.name) + sep
        if memb.type.name == 'str':
            # cast away the const of the parameter
            ret += '(char *)'
        ret += c_name(memb.name)
    ret += mcgen('''

    };
''')
    if not typ.is_implicit():
        ret += mcgen('''
    %(c_name)s *arg = &param;
''', c_name=typ.c_name())
    return ret


def gen_event_send(event, enum_name, emit_name):
    arg_type = event.arg_type
    have_args = event.boxed or (arg_type and not arg_type.is_empty())
    ret = mcgen('''

%(proto)s
{
    QDict *qmp;
''', proto=gen_event_send_proto(event))
    if have_args:
        ret += mcgen('''
    QObject *obj;
    Visitor *v;
''')
        if not event.boxed:
            ret += gen_param_var(arg_type)
    ret += mcgen('''

    qmp = qmp_event_build_dict("%(name)s");

''', name=event.name)
    if have_args:
        ret += mcgen('''
    v = qobject_output_visitor_new(&obj);
''')
        if not arg_type.is_implicit():
            ret += mcgen('''
    visit_type_%(c_name)s(v, "%(name)s", &arg, &error_abort);
''', name=event.name, c_name=arg_type.c_name())
        else:
            ret += mcgen('''

    visit_start_struct(v, "%(name)s", NULL, 0, &error_abort);
    visit_type_%(c_name)s_members(v, &param, &error_abort);
    visit_check_struct(v, &error_abort);
    visit_end_struct(v, NULL);
''', name=event.name, c_name=arg_type.c_name())
        ret += mcgen('''

    visit_complete(v, &obj);
    if (qdict_size(qobject_to(QDict, obj))) {
        qdict_put_obj(qmp, "data", obj);
    } else {
        qobject_unref(obj);
    }
''')
    ret += mcgen('''
    %(emit)s(%(c_enum)s, qmp);

''', emit=emit_name, c_enum=c_enum_const(enum_name, event.name))
    if have_args:
        ret += mcgen('''
    visit_free(v);
''')
    ret += mcgen('''
    qobject_unref(qmp);
}
''')
    return ret


class EventsGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix

    def generate(self):
        p = self.prefix
        enum_name = c_name(p + 'QAPIEvent', protect=False)
        emit_name = c_name(p + 'qapi_event_emit')
        c, h = gen_pair(p, 'qapi-events', 'Schema-defined QAPI/QMP events')
        ec, eh = gen_pair(p, 'qapi-emit-events', 'QAPI event emission')
        h.preamble_add(mcgen('''
#include "qapi/util.h"
#include "%(p)sqapi-types.h"
''', p=p))
        c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "%(p)sqapi-emit-events.h"
#include "%(p)sqapi-events.h"
#include "%(p)sqapi-visit.h"
#include "qapi/error.h"
#include "qapi/qmp-event.h"
#include "qapi/qobject-output-visitor.h"
#include "qobject/qdict.h"
''', p=p))
        members = []
        for event in self.schema.events():
            h.add(wrap_if(event.ifcond,
                          '\n' + gen_event_send_proto(event) + ';\n'))
            c.add(wrap_if(event.ifcond,
                          gen_event_send(event, enum_name, emit_name)))
            # the enum is unconditional so it stays usable everywhere
            members.append(QAPISchemaEnumMember(event.name, None))
        eh.preamble_add(mcgen('''
#include "qapi/util.h"
#include "qobject/qdict.h"
'''))
        eh.add(gen_enum(enum_name, members))
        eh.add(mcgen('''

/*
 * Send @qdict, a complete event message ("event", "timestamp" and
 * "data" if any) to the monitors.  Implemented by the monitor.
 */
void %(emit)s(%(enum)s event, QDict *qdict);
''', emit=emit_name, enum=enum_name))
        ec.add(mcgen('''
#include "qemu/osdep.h"
#include "%(p)sqapi-emit-events.h"
''', p=p))
        ec.add(gen_enum_lookup(enum_name, members))
        return [c, h, ec, eh]
