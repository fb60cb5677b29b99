"""
Generator of QMP command marshalling: qapi-commands.[ch] and
qapi-init-commands.[ch].
"""

from .common import c_name, mcgen, wrap_if
from .gen import build_params, gen_pair


def gen_command_decl(cmd):
    ret = cmd.ret_type.c_type() if cmd.ret_type else 'void'
    return mcgen('''
%(c_type)s qmp_%(c_name)s(%(params)s);
''', c_type=ret, c_name=c_name(cmd.name),
                 params=build_params(cmd.arg_type, cmd.boxed, 'Error **errp'))


def gen_marshal_proto(name):
    return 'void qmp_marshal_%s(QDict *args, QObject **ret, Error **errp)' \
        % c_name(name)


def gen_marshal_output(ret_type):
    return mcgen('''

static void qmp_marshal_output_%(c_name)s(%(c_type)s ret_in,
                                QObject **ret_out, Error **errp)
{
    Visitor *v;

    v = qobject_output_visitor_new(ret_out);
    if (visit_type_%(c_name)s(v, "unused", &ret_in, errp)) {
        visit_complete(v, ret_out);
    }
    visit_free(v);
    v = qapi_dealloc_visitor_new();
    visit_type_%(c_name)s(v, "unused", &ret_in, NULL);
    visit_free(v);
}
''', c_type=ret_type.c_type(), c_name=ret_type.c_name())


def gen_call(cmd):
    if cmd.boxed:
        args = '&arg, '
    elif cmd.arg_type:
        args = ''
        for memb in cmd.arg_type.members:
            if memb.need_has():
                args += 'arg.has_%s, ' % c_name(memb.name)
            args += 'arg.%s, ' % c_name(memb.name)
    else:
        args = ''
    lhs = 'retval = ' if cmd.ret_type else ''
    ret = mcgen('''

    %(lhs)sqmp_%(c_name)s(%(args)s&err);
    if (err) {
        error_propagate(errp, err);
        goto out;
    }
''', lhs=lhs, c_name=c_name(cmd.name), args=args)
    if cmd.ret_type:
        ret += mcgen('''

    qmp_marshal_output_%(c_name)s(retval, ret, errp);
''', c_name=cmd.ret_type.c_name())
    return ret


def gen_marshal(cmd):
    have_args = cmd.boxed or (cmd.arg_type and not cmd.arg_type.is_empty())
    ret = mcgen('''

%(proto)s
{
    Error *err = NULL;
    bool ok = false;
    Visitor *v;
''', proto=gen_marshal_proto(cmd.name))
    if cmd.ret_type:
        ret += mcgen('''
    %(c_type)s retval;
''', c_type=cmd.ret_type.c_type())
    if have_args:
        ret += mcgen('''
    %(c_name)s arg = {0};
''', c_name=cmd.arg_type.c_name())
    ret += mcgen('''

    v = qobject_input_visitor_new(QOBJECT(args));
    if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
        goto out;
    }
''')
    if have_args:
        ret += mcgen('''
    if (visit_type_%(c_arg_type)s_members(v, &arg, errp)) {
        ok = visit_check_struct(v, errp);
    }
''', c_arg_type=cmd.arg_type.c_name())
    else:
        ret += mcgen('''
    ok = visit_check_struct(v, errp);
''')
    ret += mcgen('''
    visit_end_struct(v, NULL);
    if (!ok) {
        goto out;
    }
''')
    ret += gen_call(cmd)
    ret += mcgen('''

out:
    visit_free(v);
''')
    if have_args:
        ret += mcgen('''
    v = qapi_dealloc_visitor_new();
    visit_start_struct(v, NULL, NULL, 0, NULL);
    visit_type_%(c_arg_type)s_members(v, &arg, NULL);
    visit_end_struct(v, NULL);
    visit_free(v);
''', c_arg_type=cmd.arg_type.c_name())
    ret += mcgen('''
}
''')
    return ret


def gen_register_command(cmd):
    options = []
    if not cmd.success_response:
        options.append('QCO_NO_SUCCESS_RESP')
    if cmd.allow_oob:
        options.append('QCO_ALLOW_OOB')
    if cmd.allow_preconfig:
        options.append('QCO_ALLOW_PRECONFIG')
    if cmd.coroutine:
        options.append('QCO_COROUTINE')
    special = [f for f in cmd.features if f.is_special()]
    feats = ' | '.join('1u << QAPI_%s' % f.name.upper() for f in special)
    return mcgen('''
    qmp_register_command(cmds, "%(name)s",
                         qmp_marshal_%(c_name)s, %(opts)s, %(feats)s);
''', name=cmd.name, c_name=c_name(cmd.name),
                 opts=' | '.join(options) or '0', feats=feats or '0')


class CommandsGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix

    def generate(self):
        p = self.prefix
        c_prefix = c_name(p, protect=False)
        c, h = gen_pair(p, 'qapi-commands',
                        'Schema-defined QAPI/QMP commands')
        ic, ih = gen_pair(p, 'qapi-init-commands',
                          'QAPI/QMP command registration')
        h.preamble_add(mcgen('''
#include "qapi/qmp/dispatch.h"
#include "%(p)sqapi-types.h"

''', p=p))
        c.preamble_add(mcgen('''
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/dealloc-visitor.h"
#include "qobject/qdict.h"
#include "%(p)sqapi-visit.h"
#include "%(p)sqapi-commands.h"
''', p=p))
        ih.add(mcgen('''
#include "qapi/qmp/dispatch.h"

void %(c_prefix)sqmp_init_marshal(QmpCommandList *cmds);
''', c_prefix=c_prefix))
        ic.add(mcgen('''
#include "qemu/osdep.h"
#include "%(p)sqapi-commands.h"
#include "%(p)sqapi-init-commands.h"

void %(c_prefix)sqmp_init_marshal(QmpCommandList *cmds)
{
''', p=p, c_prefix=c_prefix))
        ret_types_done = set()
        for cmd in self.schema.commands():
            if cmd.gen:
                if cmd.ret_type and cmd.ret_type.name not in ret_types_done:
                    ret_types_done.add(cmd.ret_type.name)
                    c.add(wrap_if(cmd.ret_type.ifcond,
                                  gen_marshal_output(cmd.ret_type)))
                h.add(wrap_if(cmd.ifcond, gen_command_decl(cmd)
                              + gen_marshal_proto(cmd.name) + ';\n'))
                c.add(wrap_if(cmd.ifcond, gen_marshal(cmd)))
            else:
                # the implementer writes the marshaller by hand
                h.add(wrap_if(cmd.ifcond,
                              gen_marshal_proto(cmd.name) + ';\n'))
            ic.add(wrap_if(cmd.ifcond, gen_register_command(cmd)))
        ic.add(mcgen('''
}
'''))
        return [c, h, ic, ih]
