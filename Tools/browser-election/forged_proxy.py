"""A dishonest service for forged.py: an HTTP proxy on 127.0.0.1 in front of the real `urna serve`
that forwards every request and, while a scenario's rules are set, rewrites chosen answers. The
pages, scripts and every other answer are the real service's, byte for byte, headers included.

A rule is a function rule(req) -> None (not this rule's business) or (status, headers, body);
`req.forward()` sends the request on to the real service (once; the answer is cached) and
returns (status, headers, body). The proxy logs every request and whether it was forged."""
import base64
import hashlib
import http.client
import http.server
import json
import threading
import urllib.parse

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server", "proxy-connection"}


class Request:
    def __init__(self, proxy, method, target, headers, body):
        self.proxy = proxy
        self.method = method
        self.target = target
        split = urllib.parse.urlsplit(target)
        self.path = split.path
        self.query = dict(urllib.parse.parse_qsl(split.query))
        self.headers = headers
        self.body = body
        self._answer = None

    def forward(self):
        if self._answer is None:
            self._answer = self.proxy.upstream_request(self.method, self.target, self.headers, self.body)
        return self._answer

    def api(self, suffix):
        """True when the path is /v1/elections/{id}{suffix} (suffix '/' is the summary)."""
        return self.path == self.proxy.api_base + suffix

    def api_prefix(self, prefix):
        return self.path.startswith(self.proxy.api_base + prefix)


class Forger:
    def __init__(self, upstream_base, election_id):
        split = urllib.parse.urlsplit(upstream_base)
        self.host, self.port = split.hostname, split.port
        self.api_base = "/v1/elections/" + election_id
        self.rules = []
        self.lock = threading.Lock()
        self.log = []          # (method, target, status, forged)
        self.notes = {}        # what rules saw (e.g. the genuine answer they replaced)
        forger = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                req = Request(forger, self.command, self.path, headers, body)
                with forger.lock:
                    rules = list(forger.rules)
                answer, forged = None, False
                for rule in rules:
                    try:
                        answer = rule(req)
                    except Exception as error:  # a broken rule shows as a 500 and in the log
                        answer = (500, {"Content-Type": "text/plain"}, ("forging rule failed: %r" % error).encode())
                    if answer is not None:
                        forged = True
                        break
                if answer is None:
                    answer = req.forward()
                status, out_headers, out_body = answer
                with forger.lock:
                    forger.log.append((self.command, self.path, status, forged))
                self.send_response(status)
                for name, value in out_headers.items():
                    if name.lower() not in HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(out_body)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(out_body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def upstream_request(self, method, target, headers, body):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, target, body=body if body or method == "POST" else None, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
            return answer.status, {k: v for k, v in answer.getheaders()}, data
        finally:
            conn.close()

    def set(self, *rules):
        with self.lock:
            self.rules = list(rules)
            self.notes = {}

    def clear(self):
        self.set()

    def mark(self):
        with self.lock:
            return len(self.log)

    def since(self, mark):
        with self.lock:
            return list(self.log[mark:])

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# ---- answers

def json_answer(obj, status=200):
    body = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()
    return status, {"Content-Type": "application/json"}, body


def problem(status, code, detail):
    body = json.dumps({"code": code, "detail": detail, "status": status, "title": detail,
                       "type": "https://urna.invalid/problems/" + code}, sort_keys=True).encode()
    return status, {"Content-Type": "application/problem+json"}, body


def retagged_receipt(receipt_text, tracking_code):
    """Another entry's genuine receipt with its tracking_code field replaced (that field is not
    under the ledger's signature: only entry_hash is, through the inclusion proof)."""
    receipt = json.loads(receipt_text)
    receipt["tracking_code"] = tracking_code
    return receipt


def strip_cosignatures(note, ledger_name):
    """The signed note with every signature line but the ledger's own removed."""
    out = []
    for line in note.split("\n"):
        if line.startswith("\u2014 ") and line[2:].split(" ", 1)[0] != ledger_name:
            continue
        out.append(line)
    return "\n".join(out)


def cosigner_names(note, ledger_name):
    return [line[2:].split(" ", 1)[0] for line in note.split("\n")
            if line.startswith("\u2014 ") and line[2:].split(" ", 1)[0] != ledger_name]


# ---- ledger entries (Specs/ledger.md §2.2, §6.1)

def entry_hash(seq, kind, time, prev, body):
    def field(data):
        return len(data).to_bytes(4, "big") + data
    data = (field(b"urna/v1/entry") + field(seq.to_bytes(8, "big")) + field(kind.encode())
            + field(time.to_bytes(8, "big")) + field(prev) + field(body))
    return hashlib.sha256(data).digest()


def entry_line(seq, kind, time, prev_hex, hash_hex, body_b64):
    return '{"seq":%d,"kind":"%s","time":%d,"prev":"%s","hash":"%s","body":"%s"}' % (
        seq, kind, time, prev_hex, hash_hex, body_b64)


def altered_entries(text, pick=None):
    """The JSON Lines answer with one entry altered (its time one millisecond later) and it and
    every later entry re-hashed and re-chained: internally consistent, but not the ledger the
    checkpoint signed. `pick(entries)` chooses the index; default: the first ballot, else the
    last entry. Returns (new text, altered seq)."""
    entries = [json.loads(line) for line in text.split("\n") if line]
    if not entries:
        return text, None
    index = pick(entries) if pick else next((i for i, e in enumerate(entries) if e["kind"] == "ballot"), len(entries) - 1)
    prev = bytes.fromhex(entries[index]["prev"])
    lines = [entry_line(e["seq"], e["kind"], e["time"], e["prev"], e["hash"], e["body"]) for e in entries[:index]]
    for i in range(index, len(entries)):
        e = entries[i]
        time = e["time"] + (1 if i == index else 0)
        digest = entry_hash(e["seq"], e["kind"], time, prev, base64.b64decode(e["body"]))
        lines.append(entry_line(e["seq"], e["kind"], time, prev.hex(), digest.hex(), e["body"]))
        prev = digest
    return "".join(line + "\n" for line in lines), entries[index]["seq"]


def check_line_format(text):
    """Re-encoding the genuine lines must give them back byte for byte (so a forged answer
    differs only where it was meant to)."""
    for line in text.split("\n"):
        if not line:
            continue
        e = json.loads(line)
        again = entry_line(e["seq"], e["kind"], e["time"], e["prev"], e["hash"], e["body"])
        if again != line:
            return False
        if entry_hash(e["seq"], e["kind"], e["time"], bytes.fromhex(e["prev"]), base64.b64decode(e["body"])).hex() != e["hash"]:
            return False
    return True


def attacker_ledger_key(name):
    """A valid ledger verifier key (type 0x01) under the same origin name as the real one, with a
    key the attacker holds. Needs python3-cryptography; None without it."""
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return None
    public = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    return "%s+%s+%s" % (name, key_id.hex(), base64.b64encode(b"\x01" + public).decode())


def commission_token_key(private_db, district):
    """The commission's own RSA token key of `district` (PKCS#8 DER in election.private.db's
    meta table, key `token_key/<district>`): (n, d, e). Needs python3-cryptography."""
    import sqlite3
    from cryptography.hazmat.primitives import serialization
    db = sqlite3.connect("file:%s?mode=ro" % private_db, uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", ("token_key/" + district,)).fetchone()
    finally:
        db.close()
    if row is None:
        raise KeyError("no token key for district %s in %s" % (district, private_db))
    numbers = serialization.load_der_private_key(bytes(row[0]), None).private_numbers()
    return numbers.public_numbers.n, numbers.d, numbers.public_numbers.e


def blind_sign(key, blinded_hex):
    """RFC 9474 BlindSign (RSASP1 on the blinded message), as the commission's service does."""
    n, d, e = key
    size = (n.bit_length() + 7) // 8
    m = int(blinded_hex, 16)
    if m >= n:
        raise ValueError("blinded message out of range")
    s = pow(m, d, n)
    if pow(s, e, n) != m:  # RSAVP1 check, as RFC 9474 BlindSign does
        raise ValueError("the blind signature does not verify")
    return s.to_bytes(size, "big").hex()
