#!/usr/bin/env python3
"""A webhook receiver for local development: prints every call and checks both of its signatures.

Usage: python3 tools/webhook-receiver.py [--port 9999] [--secret whsec_...]
It listens on 127.0.0.1 only and answers 200 to every POST. With --secret it checks p-signature
(hex HMAC-SHA256 of the raw body, keyed with the whole secret string) and webhook-signature (Standard
Webhooks: base64 HMAC-SHA256 of "id.timestamp.body", keyed with the base64-decoded part after whsec_,
timestamp within five minutes).
"""
import argparse
import base64
import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


def p_signature(secret, raw, headers):
    expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return "valid" if hmac.compare_digest(expected, headers.get("p-signature", "")) else "INVALID"


def standard_signature(secret, raw, headers):
    if not secret.startswith("whsec_"):
        return "not checked (the secret has no whsec_ prefix)"
    message_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return f"INVALID (timestamp [{timestamp}] is missing or more than five minutes away)"
    key = base64.b64decode(secret[len("whsec_"):])
    signed = message_id.encode() + b"." + timestamp.encode() + b"." + raw
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [part.split(",", 1)[1] for part in headers.get("webhook-signature", "").split() if "," in part]
    return "valid" if any(hmac.compare_digest(expected, sig) for sig in offered) else "INVALID"


def handler_for(secret):
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            verdicts = "no secret given"
            if secret:
                verdicts = f"p-signature {p_signature(secret, raw, self.headers)}, " \
                    f"webhook-signature {standard_signature(secret, raw, self.headers)}"
            print(f"POST {self.path}  {verdicts}")
            print(json.dumps(json.loads(raw), indent=2, ensure_ascii=False), flush=True)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Receiver


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9999)
    parser.add_argument("--secret", help="the app's webhook_secret or the endpoint's secret, to verify the signatures")
    options = parser.parse_args()
    print(f"Listening on http://127.0.0.1:{options.port}/", flush=True)
    HTTPServer(("127.0.0.1", options.port), handler_for(options.secret)).serve_forever()


if __name__ == "__main__":
    main()
