#!/usr/bin/env python3
"""A tiny OIDC token issuer for bench/run.sh's oidc phase (python3 + the `cryptography` module; no pyjwt).

Makes an RSA key and a self-signed certificate for 127.0.0.1, serves the JWKS over https on a free loopback port,
and writes into WORK_DIR:
  ca.pem        the certificate (the broker's issuer gets it as caCertificate)
  token.jwt     an RS256 token: iss https://127.0.0.1:PORT, sub SUBJECT, aud AUDIENCE, valid for an hour
  issuer.json   {"issuer": ..., "jwksUri": ..., "port": ...}, written last: the caller waits for it
then serves until killed.

Usage: oidc_issuer.py WORK_DIR SUBJECT [AUDIENCE]
"""
import base64
import datetime
import http.server
import ipaddress
import json
import os
import socket
import ssl
import sys
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n):
    return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def main():
    work, subject = sys.argv[1], sys.argv[2]
    audience = sys.argv[3] if len(sys.argv) > 3 else "credential-broker"
    os.makedirs(work, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench-oidc")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    with open(os.path.join(work, "ca.pem"), "wb") as f:
        f.write(cert_pem)
    with open(os.path.join(work, "key.pem"), "wb") as f:
        f.write(key_pem)

    numbers = key.public_key().public_numbers()
    jwks = json.dumps({"keys": [{"kty": "RSA", "kid": "bench-1", "use": "sig", "alg": "RS256",
                                 "n": uint(numbers.n), "e": uint(numbers.e)}]}).encode()

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    issuer = f"https://127.0.0.1:{port}"

    header = {"alg": "RS256", "typ": "JWT", "kid": "bench-1"}
    iat = int(time.time())
    claims = {"iss": issuer, "sub": subject, "aud": audience, "iat": iat, "nbf": iat - 5, "exp": iat + 3600}
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + b64url(json.dumps(claims, separators=(",", ":")).encode()))
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    with open(os.path.join(work, "token.jwt"), "w") as f:
        f.write(signing_input + "." + b64url(signature) + "\n")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] in ("/jwks.json", "/.well-known/jwks.json"):
                body, status = jwks, 200
            elif self.path == "/.well-known/openid-configuration":
                body, status = json.dumps({"issuer": issuer, "jwks_uri": issuer + "/jwks.json"}).encode(), 200
            else:
                body, status = b"{}", 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            sys.stderr.write("oidc_issuer: " + (fmt % args) + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(work, "ca.pem"), os.path.join(work, "key.pem"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(os.path.join(work, "issuer.json.tmp"), "w") as f:
        json.dump({"issuer": issuer, "jwksUri": issuer + "/jwks.json", "port": port}, f)
    os.rename(os.path.join(work, "issuer.json.tmp"), os.path.join(work, "issuer.json"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
