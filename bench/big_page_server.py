#!/usr/bin/env python3
"""Serves one generated HTML page on 127.0.0.1 without holding it in memory.

Usage: PORT=18091 BYTES=1073741824 python3 big_page_server.py

GET /big.html responds with a Content-Length body of at least BYTES bytes: an HTML head and body whose paragraphs all
read "alpha beta gamma delta epsilon". The number of paragraphs is printed on standard output at start-up, so the
expected counts (each word once per paragraph) are known. Every other path gets 404.
"""
import http.server
import os
import sys

PARAGRAPH = b"<p>alpha beta gamma delta epsilon</p>\n"
HEAD = b"<!DOCTYPE html><html><head><title>big</title></head><body>\n"
TAIL = b"</body></html>\n"
CHUNK_PARAGRAPHS = 4096

port = int(os.environ.get("PORT", "18091"))
requested_bytes = int(os.environ.get("BYTES", str(1 << 30)))
paragraphs = max(1, -(-(requested_bytes - len(HEAD) - len(TAIL)) // len(PARAGRAPH)))
length = len(HEAD) + paragraphs * len(PARAGRAPH) + len(TAIL)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path != "/big.html":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(HEAD)
        chunk = PARAGRAPH * CHUNK_PARAGRAPHS
        left = paragraphs
        while left >= CHUNK_PARAGRAPHS:
            self.wfile.write(chunk)
            left -= CHUNK_PARAGRAPHS
        self.wfile.write(PARAGRAPH * left)
        self.wfile.write(TAIL)

    def log_message(self, format, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(f"paragraphs={paragraphs} bytes={length}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
sys.exit(0)
