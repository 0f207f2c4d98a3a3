#!/usr/bin/env python3
"""A webhook receiver for local development: prints every call and checks its p-signature.

Usage: python3 tools/webhook-receiver.py [--port 9999] [--secret whsec_...]
It listens on 127.0.0.1 only and answers 200 to every POST.
"""
import argparse
import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler, HTTPServer


def handler_for(secret):
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received = self.headers.get("p-signature", "")
            verdict = "no secret given"
            if secret:
                expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
                verdict = "valid" if hmac.compare_digest(expected, received) else "INVALID"
            print(f"POST {self.path}  p-signature {verdict}")
            print(json.dumps(json.loads(raw), indent=2, ensure_ascii=False), flush=True)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Receiver


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9999)
    parser.add_argument("--secret", help="the app's webhook_secret, to verify p-signature")
    options = parser.parse_args()
    print(f"Listening on http://127.0.0.1:{options.port}/", flush=True)
    HTTPServer(("127.0.0.1", options.port), handler_for(options.secret)).serve_forever()


if __name__ == "__main__":
    main()
