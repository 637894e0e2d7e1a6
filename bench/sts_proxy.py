#!/usr/bin/env python3
"""Counting, switchable STS proxy for bench/run.sh (stdlib only).

Sits between the broker and moto_server on loopback. Every request to the data port is forwarded unchanged
(method, path, body, headers including Host) and counted by its STS/IAM `Action` (from the form body or the
query string). A control port answers:

  GET  /counts   -> {"AssumeRole": 100, ...}  (counted since the last reset)
  POST /reset    -> zero the counts
  POST /down     -> stop listening on the data port and cut open connections: the broker gets "connection
                    refused" / "connection reset", as in a real outage
  POST /up       -> listen again on the same data port
  GET  /health   -> 200

Usage: sts_proxy.py DATA_PORT CONTROL_PORT UPSTREAM_PORT   (all on 127.0.0.1)
"""

import http.client
import http.server
import json
import socket
import socketserver
import sys
import threading
import urllib.parse

HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
       "content-length"}


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_action = {}

    def add(self, action):
        with self.lock:
            self.by_action[action] = self.by_action.get(action, 0) + 1

    def snapshot(self):
        with self.lock:
            return dict(self.by_action)

    def reset(self):
        with self.lock:
            self.by_action.clear()


COUNTS = Counts()
UPSTREAM_PORT = 0
# Open client connections, so that "down" also cuts kept-alive connections (a real outage does not spare them).
LIVE = set()
LIVE_LOCK = threading.Lock()
DOWN = threading.Event()


def action_of(path, body):
    for source in (body.decode("utf-8", "replace"), urllib.parse.urlsplit(path).query):
        values = urllib.parse.parse_qs(source).get("Action")
        if values:
            return values[0]
    return "unknown"


class ForwardingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: one line per STS call would drown the bench output
        pass

    def setup(self):
        super().setup()
        with LIVE_LOCK:
            LIVE.add(self.connection)

    def finish(self):
        with LIVE_LOCK:
            LIVE.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def do_POST(self):
        self.forward()

    def do_GET(self):
        self.forward()

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if DOWN.is_set():  # a request that raced the outage: drop the connection without an answer
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        COUNTS.add(action_of(self.path, body))
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=30)
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP:
                    upstream.putheader(name, value)
            upstream.putheader("Content-Length", str(len(body)))
            upstream.endheaders(body)
            answer = upstream.getresponse()
            payload = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in HOP and name.lower() not in ("date", "server"):
                    self.send_header(name, value)
        except OSError as ex:
            payload = ("proxy: upstream unreachable: %s" % ex).encode()
            self.send_response(502)
        finally:
            upstream.close()
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class DataPort:
    """The forwarding listener, which can be stopped and restarted on the same port."""

    def __init__(self, port):
        self.port = port
        self.lock = threading.Lock()
        self.server = None
        self.up()

    def up(self):
        with self.lock:
            DOWN.clear()
            if self.server is None:
                self.server = Server(("127.0.0.1", self.port), ForwardingHandler)
                threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        with self.lock:
            DOWN.set()
            if self.server is not None:
                self.server.shutdown()
                self.server.server_close()
                self.server = None
            with LIVE_LOCK:
                for connection in list(LIVE):
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass


def control_handler(data):
    class ControlHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def answer(self, status, document):
            payload = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            if self.path == "/counts":
                self.answer(200, COUNTS.snapshot())
            elif self.path == "/health":
                self.answer(200, {"up": data.server is not None})
            else:
                self.answer(404, {})

        def do_POST(self):
            actions = {"/reset": COUNTS.reset, "/down": data.down, "/up": data.up}
            if self.path in actions:
                actions[self.path]()
                self.answer(200, {"up": data.server is not None})
            else:
                self.answer(404, {})

    return ControlHandler


def main():
    global UPSTREAM_PORT
    data_port, control_port, UPSTREAM_PORT = (int(arg) for arg in sys.argv[1:4])
    data = DataPort(data_port)
    Server(("127.0.0.1", control_port), control_handler(data)).serve_forever()


if __name__ == "__main__":
    main()
