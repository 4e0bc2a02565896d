#!/usr/bin/env python3
"""checks_server.py PORTFILE CERT KEY MODE - a gateway stand-in for tests/run-checks.sh.

Listens on two loopback ports (HTTP, and HTTPS with CERT and KEY), writes
'HTTP_PORT HTTPS_PORT' to PORTFILE, and answers like Ingress-NGINX would
for testdata/checks/cutover.yaml: shop.example.com is a TLS host with basic
auth, blog.example.com is open. MODE 'good' behaves; 'noauth' lets
shop.example.com in without credentials; 'noredirect' answers shop over
plain HTTP instead of redirecting. Stops by itself after 60 seconds.
"""
import http.server
import ssl
import sys
import threading

TLS_HOSTS = {'shop.example.com'}
AUTH_HOSTS = {'shop.example.com'}


class Handler(http.server.BaseHTTPRequestHandler):
    mode = 'good'

    def log_message(self, *args):
        pass

    def answer(self):
        host = (self.headers.get('Host') or '').split(':')[0]
        tls = isinstance(self.connection, ssl.SSLSocket)
        if host in TLS_HOSTS and not tls and self.mode != 'noredirect':
            return 308, {'Location': 'https://%s%s' % (host, self.path)}
        if self.command == 'OPTIONS' and self.headers.get('Origin'):
            return 204, {'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET'}
        if host in AUTH_HOSTS and self.mode != 'noauth' and not self.headers.get('Authorization'):
            return 401, {'WWW-Authenticate': 'Basic realm="shop"'}
        if self.path.startswith('/i2h-check-not-found'):
            return 404, {}
        return 200, {'X-Backend': 'main'}

    def reply(self, body=True):
        code, headers = self.answer()
        self.send_response(code)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def do_GET(self):
        self.reply()

    def do_HEAD(self):
        self.reply()

    def do_OPTIONS(self):
        self.reply()


def main():
    portfile, cert, key, mode = sys.argv[1:5]
    Handler.mode = mode
    plain = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    secure = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    secure.socket = ctx.wrap_socket(secure.socket, server_side=True)
    for s in (plain, secure):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(portfile + '.tmp', 'w') as f:
        f.write('%d %d\n' % (plain.server_address[1], secure.server_address[1]))
    import os
    os.rename(portfile + '.tmp', portfile)
    threading.Event().wait(60)


if __name__ == '__main__':
    main()
