#!/usr/bin/python3
# A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd),
# with the faults the mail code must handle. Prints "READY <port>" when it
# accepts connections; writes one JSON line per accepted message to --out
# (envelope, data, and the client's port, so that a test can tell whether
# messages shared a connection).
#
#   --auth USER:PASSWORD      require a login (over TLS when TLS is on)
#   --starttls CERT KEY       offer STARTTLS and require it
#   --tls CERT KEY            TLS from the first byte (port 465 style)
#   --drop-after-data N       the N-th message: close the connection after
#                             the whole message came, before replying
#   --drop-mid-data N         the N-th message: close it half-way through
#   --refuse-rcpt ADDRESS     answer 550 to RCPT TO:<ADDRESS>

import argparse
import logging
import asyncio
import json
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--auth')
    parser.add_argument('--starttls', nargs=2)
    parser.add_argument('--tls', nargs=2)
    parser.add_argument('--drop-after-data', type=int, default=0)
    parser.add_argument('--drop-mid-data', type=int, default=0)
    parser.add_argument('--refuse-rcpt')
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if False else logging.WARNING)

    state = {'data_commands': 0, 'accepted': 0}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if args.refuse_rcpt and address == args.refuse_rcpt:
                return '550 5.1.1 No such user here'
            envelope.rcpt_tos.append(address)
            return '250 OK'

        async def handle_DATA(self, server, session, envelope):
            if args.drop_after_data and state['data_commands'] == args.drop_after_data:
                server.transport.close()
                return '421 closing'
            state['accepted'] += 1
            with open(args.out, 'a', encoding='utf-8') as out:
                out.write(json.dumps({
                    'from': envelope.mail_from,
                    'to': envelope.rcpt_tos,
                    'data': envelope.content.decode('utf-8', 'replace'),
                    'peer_port': session.peer[1],
                }) + '\n')
            return '250 2.0.0 Accepted'

    class FaultySMTP(SMTP):
        async def smtp_DATA(self, arg):
            state['data_commands'] += 1
            if args.drop_mid_data and state['data_commands'] == args.drop_mid_data:
                await self.push('354 End data with <CR><LF>.<CR><LF>')
                await self._reader.readuntil(b'\r\n')
                self.transport.close()
                return
            await super().smtp_DATA(arg)

    def context(pair):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pair[0], pair[1])
        return ctx

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = args.auth.split(':', 1)
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        # handled=False: aiosmtpd answers 535 itself on failure
        return AuthResult(success=ok, handled=False)

    smtp_kwargs = {}
    if args.auth:
        smtp_kwargs['authenticator'] = authenticator
        smtp_kwargs['auth_required'] = True
        smtp_kwargs['auth_require_tls'] = bool(args.starttls or args.tls)
    if args.starttls:
        smtp_kwargs['tls_context'] = context(args.starttls)
        smtp_kwargs['require_starttls'] = True

    class FaultyController(Controller):
        def factory(self):
            return FaultySMTP(self.handler, **smtp_kwargs)

    controller_kwargs = {}
    if args.tls:
        controller_kwargs['ssl_context'] = context(args.tls)

    # port 0 is not allowed by aiosmtpd's readiness check: find a free one
    import socket
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]

    controller = FaultyController(Handler(), hostname='127.0.0.1', port=port, **controller_kwargs)
    controller.start()
    print('READY', port, flush=True)
    try:
        sys.stdin.read()      # until the test closes our stdin or kills us
    finally:
        controller.stop()


if __name__ == '__main__':
    main()
