#!/usr/bin/env python3
"""Independent verifier for an Urna election record, written from Specs/*.md only.

usage: verify.py [RECORD_DIR]   (default: ./record)
Exit 0 iff every check passes.
"""
import base64
import hashlib
import json
import os
import re
import sqlite3
import sys
from collections import OrderedDict, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import canonical  # noqa: E402
from urnacore import (G, Q, DecodeError, H, LP, challenge, decode_point, encode_point,  # noqa: E402
                      multi_mul, point_hex, scalar_hex, strict_hex, u32, u64, add, neg)

from cryptography.exceptions import InvalidSignature, InvalidTag  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: E402

RECORD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "record")

# ------------------------------------------------------------------ check bookkeeping
CHECK_NAMES = [
    "ledger.entry-format", "ledger.entry-hash", "ledger.chain", "ledger.checkpoint-signature",
    "ledger.vkey-matches-election", "ledger.merkle-root", "ledger.truncation", "ledger.coverage",
    "db.entries-match-export", "db.nodes", "db.checkpoints",
    "phase.order", "manifest", "identity.signature",
    "ceremony.pledge", "ceremony.reveal", "ceremony.commitment", "ceremony.complaint", "ceremony.check", "ceremony.joint-key",
    "roll.signature", "roll.pseudonym-unique", "roll.size",
    "issuance.batch", "issuance.roll", "issuance.code", "issuance.pseudonym-unique",
    "ballot.shape", "ballot.election", "ballot.district", "ballot.token", "ballot.credential-signature",
    "ballot.proof", "ballot.unique", "ballot.credential-district", "ballot.credential-unique",
    "spoiled.nonces", "spoiled.limit",
    "district.counted-le-issued", "district.issued-le-roll", "tally.aggregates", "tally.share-proof", "tally.combination",
    "result.matches", "expected.matches",
]
checks = OrderedDict((n, [0, 0]) for n in CHECK_NAMES)
failures = []


def ok(name, n=1):
    checks[name][0] += n


def fail(name, seq, reason):
    checks[name][1] += 1
    failures.append((name, seq, reason))


def check(name, cond, seq, reason):
    if cond:
        ok(name)
    else:
        fail(name, seq, reason)
    return cond


hx = strict_hex

# ------------------------------------------------------------------ strict Ed25519 (signatures.md §1.1)
P25519 = 2 ** 255 - 19
L25519 = 2 ** 252 + 27742317777372353535851937790883648493
D25519 = -121665 * pow(121666, -1, P25519) % P25519
SMALL_ORDER = {bytes.fromhex(x) for x in [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"]}


def ed_point_problem(b, need_on_curve):
    """None if the 32-byte encoding is canonical, not of small order (and on the curve), else why."""
    if len(b) != 32:
        return "not 32 bytes"
    y = int.from_bytes(b, "little") & ((1 << 255) - 1)
    if y >= P25519:
        return "non-canonical (y >= p)"
    if bytes(b[:31]) + bytes([b[31] & 0x7F]) in SMALL_ORDER:
        return "a point of small order"
    if need_on_curve:
        x2 = (y * y - 1) * pow(D25519 * y * y + 1, -1, P25519) % P25519
        if x2 == 0 and b[31] & 0x80:
            return "non-canonical (x = 0 with the sign bit set)"
        if x2 != 0 and pow(x2, (P25519 - 1) // 2, P25519) != 1:
            return "not on the curve"
    return None


def trustee_signature_problem(kind, B, body, signer, election, setup_digest):
    """crypto.md §6: None if the body's identity_signature verifies under trustee `signer`'s
    identity_key from the election entry; else why."""
    trustee = election["trustees"][signer - 1]
    problem = identity_signature_problem(body, B, fixed_hex(trustee["identity_key"], 32), setup_digest, kind)
    if problem is None:
        return None
    return "%s (identity key of trustee %d, %s)" % (problem, signer, trustee["name"])


def trustee_body_problem(kind, B):
    """election-record.md §4.2b step 1: the field values of a trustee body decode (points valid and
    finite except a tally share's "00", scalars below q, hex lowercase, boxes 60 bytes, between 1
    and 255 commitments, every trustee index an integer in 1..255). None if they do, else why."""
    def idx(v):
        assert type(v) is int and 1 <= v <= 255, "trustee index %r outside 1..255" % (v,)

    def schnorr(p):
        point_hex(p["commitment"]), scalar_hex(p["challenge"]), scalar_hex(p["response"])

    def chaum(p):
        point_hex(p["commitment_g"]), point_hex(p["commitment_y"]), scalar_hex(p["challenge"]), scalar_hex(p["response"])
    try:
        if kind == "trustee-pledge":
            idx(B["trustee"])
            strict_hex(B["commitments_hash"])
        elif kind == "trustee-commitment":
            idx(B["trustee"])
            assert 1 <= len(B["commitments"]) <= 255, "%d commitments" % len(B["commitments"])
            for c in B["commitments"]:
                point_hex(c)
            schnorr(B["proof"])
            for sh in B["shares"].values():
                point_hex(sh["ephemeral"])
                schnorr(sh["proof"])
                assert len(strict_hex(sh["box"])) == 60, "box not 60 bytes"
        elif kind == "complaint":
            idx(B["accuser"]), idx(B["accused"])
            point_hex(B["shared_point"])
            chaum(B["proof"])
        elif kind == "trustee-check":
            idx(B["trustee"])
            for a in B["complaints"]:
                idx(a)
            schnorr(B["signature"])
        elif kind == "tally-share":
            idx(B["trustee"])
            for dd in B["shares"].values():
                for cc in dd.values():
                    for sh in cc.values():
                        point_hex(sh["share"], allow_inf=True)
                        if "proof" in sh:
                            chaum(sh["proof"])
        strict_hex(B["identity_signature"])
    except Exception as e:
        return "the body does not decode: %r" % e
    return None


def canon_b64decode(s):
    b = base64.b64decode(s, validate=True)
    if base64.b64encode(b).decode() != s:
        raise ValueError("non-canonical base64")
    return b


def fixed_hex(s, n):
    """Exactly n bytes as 2n lowercase hex digits (no white space: bytes.fromhex alone would skip it)."""
    if not isinstance(s, str) or not re.fullmatch(r"[0-9a-f]{%d}" % (2 * n), s):
        raise DecodeError("not %d bytes of lowercase hex" % n)
    return bytes.fromhex(s)


# ------------------------------------------------------------------ identity signatures (crypto.md §6)
def identity_signature_problem(body_bytes, parsed_body, key_bytes, setup_digest, kind):
    """None if parsed_body["identity_signature"] is the identity signature of `kind` under key_bytes
    over E("urna/v1/identity-signature", setup digest, kind, M), M = the canonical body bytes without
    the identity_signature member (crypto.md §6), with the strict rules of signatures.md §1.1;
    else why not. body_bytes are the stored bytes; they must be the canonical form of parsed_body."""
    if not isinstance(parsed_body, dict) or "identity_signature" not in parsed_body:
        return "no identity_signature"
    if setup_digest is None or len(setup_digest) != 32:
        return "no setup digest"
    try:
        if canonical.serialize(parsed_body) != body_bytes:
            return "body is not canonical"
        rest = {k: v for k, v in parsed_body.items() if k != "identity_signature"}
        M = canonical.serialize(rest)
        sig = fixed_hex(parsed_body["identity_signature"], 64)
    except Exception as e:
        return "does not decode: %s" % e
    key = bytes(key_bytes) if isinstance(key_bytes, (bytes, bytearray)) else b""
    problem = ed_point_problem(key, True)
    if problem is not None:
        return "identity key: %s" % problem
    problem = ed_point_problem(sig[:32], False)
    if problem is not None:
        return "signature R: %s" % problem
    if int.from_bytes(sig[32:], "little") >= L25519:
        return "signature S >= L"
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(sig, LP("urna/v1/identity-signature", setup_digest, kind, M))
    except InvalidSignature:
        return "signature does not verify"
    return None


def identity_signature_ok(body_bytes, parsed_body, key_bytes, setup_digest, kind):
    return identity_signature_problem(body_bytes, parsed_body, key_bytes, setup_digest, kind) is None


# ------------------------------------------------------------------ activation codes (secrets.md §4)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def code_problem(code):
    """None if `code` is a canonical activation code: 22 symbols of the alphabet, valid check (§4.1-4.2)."""
    if not isinstance(code, str) or len(code) != 22:
        return "not 22 symbols"
    if any(c not in CODE_ALPHABET for c in code):
        return "a symbol outside the alphabet"
    total, factor = 0, 1
    for c in reversed(code):
        w = factor * CODE_ALPHABET.index(c)
        total += w // 32 + w % 32
        factor = 3 - factor
    if total % 32 != 0:
        return "check symbol mismatch"
    return None


def code_commitment(election_id, pseudonym, code):
    """secrets.md §4.4 / election-record.md §4.1a"""
    return H("urna/v1/code-commitment", election_id.encode("utf-8"), pseudonym, code.encode("ascii"))


def registrar_problem(reg, districts):
    """election-record.md §4.1: None if the registrar object is valid for the manifest's districts."""
    if not isinstance(reg, dict):
        return "registrar is not an object"
    name = reg.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name):
        return "registrar name is not an identifier"
    try:
        key = fixed_hex(reg.get("identity_key"), 32)
    except Exception:
        return "registrar identity_key is not 32 bytes of lowercase hex"
    problem = ed_point_problem(key, True)
    if problem is not None:
        return "registrar identity_key: %s" % problem
    voters = reg.get("voters")
    if not isinstance(voters, dict) or set(voters) != set(districts):
        return "registrar voters are not exactly the manifest's districts"
    for d, n in voters.items():
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 10000000:
            return "registrar voters[%s] is not an integer in 0..10,000,000" % d
    return None


# ------------------------------------------------------------------ ledger (ledger.md)
LINE_RE = re.compile(r'^\{"seq":(0|[1-9][0-9]*),"kind":"([a-z0-9-]{1,64})","time":(0|[1-9][0-9]*),'
                     r'"prev":"([0-9a-f]{64})","hash":"([0-9a-f]{64})","body":"([A-Za-z0-9+/=]*)"\}$')


def entry_hash(seq, kind, time, prev, body):
    return H("urna/v1/entry", u64(seq), kind.encode(), u64(time), prev, body)


def leaf_hash(d):
    return hashlib.sha256(b"\x00" + d).digest()


def node_hash(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def mth(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def parse_vkey(s):
    """signatures.md §2.2"""
    parts = s.split("+", 2)
    if len(parts) != 3:
        raise ValueError("vkey: not name+id+key")
    name, kid, b64 = parts
    if not name or any(c.isspace() or c == "+" or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        raise ValueError("vkey: bad name")
    if not re.fullmatch(r"[0-9a-f]{8}", kid):
        raise ValueError("vkey: bad key id")
    raw = canon_b64decode(b64)
    if len(raw) != 33 or raw[0] not in (1, 4):
        raise ValueError("vkey: bad key bytes")
    calc = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex()
    if calc != kid:
        raise ValueError("vkey: key id mismatch (%s vs %s)" % (calc, kid))
    return name, bytes.fromhex(kid), raw[0], raw[1:]


def parse_note(note_bytes):
    """signatures.md §2.3; returns (text, [(name, keyid, sigbytes)])"""
    if len(note_bytes) > 1 << 20:
        raise ValueError("note too large")
    note_bytes.decode("utf-8")
    if any(b < 0x20 and b != 0x0A for b in note_bytes):
        raise ValueError("control byte in note")
    i = note_bytes.rfind(b"\n\n")
    if i < 0:
        raise ValueError("no blank line")
    text = note_bytes[: i + 1]
    block = note_bytes[i + 2:]
    if not block or not block.endswith(b"\n"):
        raise ValueError("empty or unterminated signature block")
    lines = block[:-1].split(b"\n")
    if len(lines) > 100:
        raise ValueError("too many signature lines")
    sigs = []
    for ln in lines:
        if not ln.startswith("— ".encode()):
            raise ValueError("signature line without em dash")
        rest = ln[4:].decode()
        name, _, b64 = rest.partition(" ")
        raw = canon_b64decode(b64)
        if len(raw) < 5:
            raise ValueError("short signature")
        sigs.append((name, raw[:4], raw[4:]))
    return text, sigs


def parse_checkpoint_text(text):
    """ledger.md §4.1"""
    s = text.decode("utf-8")
    lines = s.split("\n")
    if len(lines) != 5 or lines[4] != "":
        raise ValueError("checkpoint: not exactly four lines")
    origin, size_s, root_b64, ext = lines[:4]
    if not (1 <= len(origin) <= 255) or any(not (0x21 <= ord(c) <= 0x7E) or c == "+" for c in origin):
        raise ValueError("checkpoint: bad origin")
    if not re.fullmatch(r"0|[1-9][0-9]*", size_s):
        raise ValueError("checkpoint: bad size")
    root = canon_b64decode(root_b64)
    if len(root) != 32:
        raise ValueError("checkpoint: root length")
    m = re.fullmatch(r"urna/v1/chain-head ([0-9a-f]{64})", ext)
    if not m:
        raise ValueError("checkpoint: bad extension line")
    return origin, int(size_s), root, bytes.fromhex(m.group(1))


def verify_checkpoint(note_bytes, vkey):
    """ledger.md §4.2 / signatures.md §2.5. Returns (origin, size, root, head)."""
    name, kid, typ, pub = vkey
    if typ != 1:
        raise ValueError("ledger key must be type 0x01")
    text, sigs = parse_note(note_bytes)
    verified = False
    for (nm, k, sig) in sigs:
        if nm == name and k == kid:
            if len(sig) != 64:
                raise ValueError("signature length")
            Ed25519PublicKey.from_public_bytes(pub).verify(sig, text)  # raises
            verified = True
    if not verified:
        raise ValueError("note-unverified: no line from the ledger key")
    cp = parse_checkpoint_text(text)
    if cp[0] != name:
        raise ValueError("origin %r is not the key name %r" % (cp[0], name))
    return cp


# ------------------------------------------------------------------ proofs (crypto.md §4)
def ctx_digest(*parts):
    return H("urna/v1/proof-context", *parts)


def eq_zero(pairs):
    return multi_mul(pairs) is None


def verify_schnorr(ctx, Xb, proof, tag="urna/v1/schnorr"):
    # crypto.md §4.2; the share-ephemeral proof (§5.3) is the same with tag "urna/v1/share-ephemeral"
    X = decode_point(Xb)
    hb = hx(proof["commitment"])
    h = decode_point(hb)
    c = scalar_hex(proof["challenge"])
    v = scalar_hex(proof["response"])
    if challenge(tag, ctx, Xb, hb) != c:
        return "challenge-mismatch"
    # v·G = h + c·X
    if not eq_zero([(v, G), (-1, h), (-c, X)]):
        return "proof-invalid"
    return None


def verify_cp(ctx, Xb, Yb, Zb, proof):
    X, Y, Z = decode_point(Xb), decode_point(Yb), decode_point(Zb)
    ab, bb = hx(proof["commitment_g"]), hx(proof["commitment_y"])
    a, b = decode_point(ab), decode_point(bb)
    c = scalar_hex(proof["challenge"])
    v = scalar_hex(proof["response"])
    if challenge("urna/v1/chaum-pedersen", ctx, Xb, Yb, Zb, ab, bb) != c:
        return "challenge-mismatch"
    if not eq_zero([(v, G), (-1, a), (-c, X)]):
        return "proof-invalid (g equation)"
    if not eq_zero([(v, Y), (-1, b), (-c, Z)]):
        return "proof-invalid (y equation)"
    return None


def verify_range(ctx, Kb, K, Ab, Bb, A, B, mn, mx, proof):
    if proof.get("min") != mn:
        return "out-of-range (min %r, expected %d)" % (proof.get("min"), mn)
    brs = proof["branches"]
    if len(brs) != mx - mn + 1 or len(brs) > 64:
        return "out-of-range (%d branches, expected %d)" % (len(brs), mx - mn + 1)
    if K is None or A is None or B is None:
        return "infinity in statement"
    items = [ctx, Kb, Ab, Bb, u32(mn), u32(mx)]
    dec = []
    for br in brs:
        ab, bb = hx(br["a"]), hx(br["b"])
        items += [ab, bb]
        dec.append((decode_point(ab), decode_point(bb), scalar_hex(br["challenge"]), scalar_hex(br["response"])))
    c = challenge("urna/v1/range", *items)
    if sum(d[2] for d in dec) % Q != c:
        return "challenge-mismatch"
    for l, (a, b, cl, vl) in zip(range(mn, mx + 1), dec):
        # v·G = a + c·A
        if not eq_zero([(vl, G), (-1, a), (-cl, A)]):
            return "proof-invalid (branch %d, G)" % l
        # v·K = b + c·(B − ℓ·G)  <=>  v·K − b − c·B + c·ℓ·G = O
        if not eq_zero([(vl, K), (-1, b), (-cl, B), (cl * l, G)]):
            return "proof-invalid (branch %d, K)" % l
    return None


def P_bytes(p):
    out = u32(p["min"]) + u32(len(p["branches"]))
    for br in p["branches"]:
        out += hx(br["a"]) + hx(br["b"]) + hx(br["challenge"]) + hx(br["response"])
    return out


def ballot_canonical(b):
    """election-record.md §5.2 — each listed value is one LP item (hex fields as raw bytes)."""
    items = [hx(b["election_hash"]), b["district"], hx(b["credential"]), hx(b["token"]["prefix"]),
             hx(b["token"]["signature"]), u32(len(b["contests"]))]
    for c in b["contests"]:
        items += [c["id"], u32(len(c["selections"]))]
        for s in c["selections"]:
            items += [s["id"], hx(s["ciphertext"]["a"]), hx(s["ciphertext"]["b"]), P_bytes(s["proof"])]
        items.append(P_bytes(c["sum_proof"]))
    return LP("urna/v1/ballot", *items)


def tracking_code(b):
    return H("urna/v1/tracking-code", ballot_canonical(b), hx(b["signature"]))


# ------------------------------------------------------------------ main
def main():
    # ---------------- ledger stage
    vkey_text = open(os.path.join(RECORD, "ledger.vkey"), "rb").read().decode()
    note = open(os.path.join(RECORD, "checkpoint"), "rb").read()
    entries = []
    prev_hash = bytes(32)
    prev_time = 0
    with open(os.path.join(RECORD, "ledger.jsonl"), "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        fail("ledger.entry-format", None, "file does not end in newline")
    for lineno, line in enumerate(raw.split(b"\n")[:-1] if raw.endswith(b"\n") else raw.split(b"\n")):
        m = LINE_RE.match(line.decode("utf-8", "replace"))
        if not m:
            fail("ledger.entry-format", lineno, "line %d is not the exact export form" % (lineno + 1))
            continue
        seq, kind, time, prev, hsh, b64 = m.groups()
        seq, time = int(seq), int(time)
        try:
            body = canon_b64decode(b64)
        except Exception as e:
            fail("ledger.entry-format", seq, "body base64: %s" % e)
            continue
        if len(body) > 8 * 1024 * 1024:
            fail("ledger.entry-format", seq, "body too large")
            continue
        ok("ledger.entry-format")
        prev, hsh = bytes.fromhex(prev), bytes.fromhex(hsh)
        check("ledger.entry-hash", entry_hash(seq, kind, time, prev, body) == hsh, seq, "entry hash mismatch")
        check("ledger.chain", seq == len(entries) and prev == prev_hash and time >= prev_time, seq,
              "seq/prev/time break (seq %d, expected %d)" % (seq, len(entries)))
        entries.append((seq, kind, time, prev, hsh, body))
        prev_hash, prev_time = hsh, time
    N = len(entries)
    leaves = [leaf_hash(e[4]) for e in entries]

    # election entry (needed for ledger_key)
    election = None
    try:
        election = json.loads(entries[0][5]) if entries and entries[0][1] == "election" else None
    except Exception:
        election = None

    # checkpoint
    vkey = None
    try:
        if not vkey_text.endswith("\n") or vkey_text.count("\n") != 1:
            raise ValueError("ledger.vkey must be one line ending in \\n")
        vkey = parse_vkey(vkey_text[:-1])
    except Exception as e:
        fail("ledger.checkpoint-signature", None, "ledger.vkey: %s" % e)
    if election is not None:
        check("ledger.vkey-matches-election", election.get("ledger_key") == vkey_text.rstrip("\n"), None,
              "ledger.vkey differs from the election entry's ledger_key")
    cp = None
    if vkey:
        try:
            cp = verify_checkpoint(note, vkey)
            ok("ledger.checkpoint-signature")
        except Exception as e:
            # verification.md §3: a checkpoint failure names the checkpoint's last entry when its text parses.
            try:
                named = parse_checkpoint_text(parse_note(note)[0])[1] - 1
            except Exception:
                named = None
            fail("ledger.checkpoint-signature", named if named is not None and named >= 0 else None, "checkpoint: %r" % e)
    if cp:
        origin, size, root, head = cp
        # ... except ledger.truncation, which names the first missing entry (the number of entries held).
        if check("ledger.truncation", size <= N, N, "checkpoint size %d > %d entries" % (size, N)):
            exp_head = entries[size - 1][4] if size else bytes(32)
            if check("ledger.merkle-root", mth(leaves[:size]) == root and exp_head == head, size - 1,
                     "root or chain head differs at size %d" % size):
                # ledger.md §4.4: every entry is covered by a signed checkpoint that matches.
                check("ledger.coverage", size == N, size, "entries %d..%d are covered by no signed checkpoint" % (size, N - 1))
    if not cp:
        fail("ledger.coverage", 0 if N else None, "no valid signed checkpoint covers the entries")

    # ---------------- election.db (optional source; cross-check)
    dbp = os.path.join(RECORD, "election.db")
    if os.path.exists(dbp):
        try:
            con = sqlite3.connect("file:%s?mode=ro&immutable=1" % dbp, uri=True)
            meta = dict(con.execute("select key, value from meta"))
            check("db.checkpoints", meta.get("format") == "urna-ledger-v1", None, "meta.format")
            check("db.checkpoints", meta.get("verifier_key") == vkey_text.rstrip("\n"), None,
                  "meta.verifier_key differs from ledger.vkey")
            rows = list(con.execute("select seq, kind, time, prev, hash, body from entries order by seq"))
            same = len(rows) == N and all(
                (r[0], r[1], r[2], bytes(r[3]), bytes(r[4]), bytes(r[5])) == e for r, e in zip(rows, entries))
            check("db.entries-match-export", same, None, "election.db entries differ from ledger.jsonl")
            # nodes §3.2
            nodes = {(lv, ix): bytes(h) for lv, ix, h in con.execute("select level, idx, hash from nodes")}
            expect = {}
            level = list(leaves)
            lv = 0
            while level:
                for ix, h in enumerate(level):
                    expect[(lv, ix)] = h
                level = [node_hash(level[2 * i], level[2 * i + 1]) for i in range(len(level) // 2)]
                lv += 1
            check("db.nodes", nodes == expect and len(nodes) == 2 * N - bin(N).count("1"), None,
                  "stored nodes differ from recomputation")
            last = -1
            for cid, csize, cnote, _ in con.execute("select id, size, note, created_at from checkpoints order by id"):
                try:
                    o, s, r, hd = verify_checkpoint(cnote.encode(), vkey)
                    good = s >= last and s <= N and mth(leaves[:s]) == r and (entries[s - 1][4] if s else bytes(32)) == hd \
                        and s == csize and o == meta.get("origin")
                    last = s
                    check("db.checkpoints", good, s - 1, "stored checkpoint %d does not match the ledger" % cid)
                except Exception as e:
                    fail("db.checkpoints", None, "stored checkpoint %d: %r" % (cid, e))
        except Exception as e:
            fail("db.checkpoints", None, "election.db unreadable: %r" % e)

    # ---------------- phase stage + body stage
    TRANSITION = {"election": (None, "setup"), "ceremony": ("setup", "key-ceremony"), "open": ("key-ceremony", "open"),
                  "close": ("open", "closed"), "tally": ("closed", "tallied"), "result": ("tallied", "published")}
    ALLOWED = {"roll": ("setup", "key-ceremony"), "trustee-pledge": ("key-ceremony",),
               "trustee-commitment": ("key-ceremony",), "complaint": ("key-ceremony",),
               "trustee-check": ("key-ceremony",), "joint-key": ("key-ceremony",),
               "issuance": ("open",), "ballot": ("open",), "spoiled": ("open",), "tally-share": ("tallied",)}
    PHASE_BODY = {"ceremony": "key-ceremony", "open": "open", "close": "closed"}
    phase = None
    seen_joint = False

    man = None
    n_trustees = 0
    threshold = 0
    setup_digest = None
    election_hash = None
    Kb = K = None
    token_keys = {}
    contests = {}
    districts = {}
    pledges = {}       # trustee -> commitments_hash of its valid pledge (election-record.md §4.2a)
    pledges_filed = set()
    first_reveal = None  # seq of the first trustee-commitment with a valid identity signature
    committed_filed = set()  # trustees with a commitment entry past §4.2b steps 1-3 (valid or not)
    commitments = {}   # trustee -> list of points
    commit_bodies = {}
    commit_raw = {}    # trustee -> stored body bytes of its valid commitment (election-record.md §4.4a D)
    checks_filed = set()
    checked = set()    # trustees with a valid trustee-check
    disqualified = set()
    complaint_pairs = set()
    qualified = []
    public_shares = {}
    registrar = None   # election.registrar once valid (election-record.md §4.1)
    registrar_key = None
    roll = {}          # pseudonym (16 bytes) -> [district, commitment (32 bytes), issued?] (§4.1a)
    roll_size = defaultdict(int)
    issued = defaultdict(int)   # pseudonyms validly issued per district (on its roll, code matching, once)
    close_seq = None
    counted = {}       # credential -> (seq, district, {(contest, cand): (A, B)})
    cred_district = {} # credential -> its district (§5.6: one district per credential)
    seen_codes = set() # tracking codes of every ballot and spoiled entry (§5.6: no ballot twice)
    spoil_count = defaultdict(int)
    ballots_cast = defaultdict(int)
    superseded = defaultdict(int)
    tally = None
    tally_seq = None
    own_count = {}
    tally_shares = {}  # trustee -> body
    result = None
    result_seq = None
    tracking_samples = []

    # election-record.md §1: the check under which a non-canonical body of each kind is reported
    KIND_CHECK = {"election": "manifest", "ceremony": "phase.order", "open": "phase.order", "close": "phase.order",
                  "trustee-pledge": "ceremony.pledge",
                  "trustee-commitment": "ceremony.commitment", "complaint": "ceremony.complaint",
                  "trustee-check": "ceremony.check",
                  "joint-key": "ceremony.joint-key", "roll": "roll.signature", "issuance": "issuance.batch", "ballot": "ballot.shape",
                  "spoiled": "ballot.shape", "tally": "tally.aggregates", "tally-share": "tally.share-proof",
                  "result": "result.matches"}

    for (seq, kind, time, prev, hsh, body) in entries:
        fault = canonical.problem(kind, body) if kind in KIND_CHECK else None
        # ---- phase
        in_phase = True
        if phase == "published":
            fail("phase.order", seq, "entry after result")
            in_phase = False
        elif kind in TRANSITION:
            need, nxt = TRANSITION[kind]
            good = (phase == need) and (kind != "election" or seq == 0)
            if kind == "open" and not seen_joint:
                good = False
            if kind in PHASE_BODY:
                try:
                    good = good and fault is None and json.loads(body) == {"phase": PHASE_BODY[kind]}
                except Exception:
                    good = False
            if check("phase.order", good, seq, "%s not allowed in phase %s" % (kind, phase)):
                phase = nxt
            else:
                in_phase = False
        elif kind in ALLOWED:
            good = phase in ALLOWED[kind]
            if kind in ("trustee-pledge", "trustee-commitment", "complaint", "trustee-check") and seen_joint:
                good = False  # election-record.md §3: the ceremony is over once the joint key is out
            if kind == "joint-key":
                good = good and not seen_joint and all(i in commitments for i in range(1, n_trustees + 1))
            in_phase = check("phase.order", good, seq, "%s not allowed in phase %s" % (kind, phase))
        else:
            fail("phase.order", seq, "unknown kind %s" % kind)
            in_phase = False

        try:
            B = json.loads(body.decode("utf-8"))
        except Exception as e:
            B = None
        if fault is not None:
            if kind not in PHASE_BODY:  # a phase body was already refused under phase.order
                fail(KIND_CHECK[kind], seq, "body is not canonical (election-record.md §1): %s" % fault)
            if kind == "ballot" and isinstance(B, dict) and B.get("district") in districts:
                ballots_cast[B["district"]] += 1
            continue

        # ---- bodies
        if kind == "election" and seq == 0:
            try:
                man = B["manifest"]
                assert B.get("version") == 1
                contests = {c["id"]: c for c in man["contests"]}
                districts = {d["id"]: d for d in man["districts"]}
                # election-record.md §2: identifiers and text (titles, names)
                ident = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
                def text_ok(t):
                    return isinstance(t, str) and 1 <= len(t.encode("utf-8")) <= 256 and not any(
                        o <= 0x1F or 0x7F <= o <= 0x9F or 0x2028 <= o <= 0x202E or 0x2066 <= o <= 0x2069 for o in map(ord, t))
                assert ident.match(man["election_id"]) and text_ok(man["title"])
                for c in man["contests"]:
                    assert ident.match(c["id"]) and text_ok(c["title"])
                    assert all(ident.match(x["id"]) and text_ok(x["name"]) for x in c["candidates"])
                for d in man["districts"]:
                    assert ident.match(d["id"]) and text_ok(d["name"])
                for c in man["contests"]:
                    assert 0 <= c["min"] <= c["max"] and 1 <= c["max"] <= len(c["candidates"])
                    assert len({x["id"] for x in c["candidates"]}) == len(c["candidates"])
                for d in man["districts"]:
                    assert all(x in contests for x in d["contests"]) and len(set(d["contests"])) == len(d["contests"])
                assert set(B["token_keys"]) == set(districts)
                for d, k64 in B["token_keys"].items():
                    der = canon_b64decode(k64)
                    key = serialization.load_der_public_key(der)
                    assert isinstance(key, rsa.RSAPublicKey)
                    assert 2048 <= key.key_size <= 8192 and key.public_numbers().e == 65537
                    assert key.public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo) == der
                    token_keys[d] = key
                trs = B["trustees"]
                assert [t["index"] for t in trs] == list(range(1, len(trs) + 1))
                for t in trs:
                    point_hex(t["encryption_key"])
                    ik = strict_hex(t["identity_key"])
                    assert len(ik) == 32 and ed_point_problem(ik, True) is None, "identity_key: not a valid Ed25519 key"
                assert len({t["identity_key"] for t in trs}) == len(trs), "identity keys not distinct"
                n_trustees = len(trs)
                threshold = B["threshold"]
                assert 1 <= threshold <= n_trustees <= 255
                parse_vkey(B["ledger_key"])
                setup_digest = H("urna/v1/setup", body)
                # election-record.md §4.1 registrar (checked last: a bad registrar leaves the ceremony
                # checkable, and every roll entry then fails roll.signature)
                problem = registrar_problem(B["registrar"], districts)
                assert problem is None, problem
                assert all(t.get("identity_key") != B["registrar"]["identity_key"] for t in B["trustees"]), \
                    "the registrar's identity_key is also a trustee's"
                registrar = B["registrar"]
                registrar_key = fixed_hex(registrar["identity_key"], 32)
                ok("manifest")
            except Exception as e:
                fail("manifest", seq, "election entry: %r" % e)
            continue

        # election-record.md §4.2b: the signer index names a trustee (else the kind's check), then
        # its identity signature (else identity.signature, and the entry is ignored from then on).
        SIGNER = {"trustee-pledge": "trustee", "trustee-commitment": "trustee", "complaint": "accuser",
                  "trustee-check": "trustee", "tally-share": "trustee"}
        if kind in SIGNER:
            if kind == "tally-share" and (tally is None or not seen_joint):
                fail("tally.share-proof", seq, "no tally and joint key to check the share against")
                continue
            problem = trustee_body_problem(kind, B)
            if problem is not None:
                fail(KIND_CHECK[kind], seq, problem)
                continue
            signer = B.get(SIGNER[kind])
            if not (isinstance(signer, int) and 1 <= signer <= n_trustees):
                fail(KIND_CHECK[kind], seq, "%s index %r outside 1..%d" % (SIGNER[kind], signer, n_trustees))
                continue
            problem = trustee_signature_problem(kind, B, body, signer, election, setup_digest)
            if problem is not None:
                fail("identity.signature", seq, "%s of trustee %d: %s" % (kind, signer, problem))
                continue
            ok("identity.signature")

        if kind == "trustee-pledge":
            i = B["trustee"]
            if i in pledges_filed:
                fail("ceremony.pledge", seq, "a second pledge of trustee %d" % i)
                continue
            pledges_filed.add(i)
            if first_reveal is not None:
                fail("ceremony.pledge", seq, "pledge after the first trustee-commitment (seq %d)" % first_reveal)
                continue
            try:
                h = strict_hex(B["commitments_hash"])
                assert len(h) == 32, "commitments_hash not 32 bytes"
                pledges[i] = h
                ok("ceremony.pledge")
            except Exception as e:
                fail("ceremony.pledge", seq, "%r" % e)
            continue

        if kind == "trustee-commitment":
            i = B["trustee"]
            if first_reveal is None:
                first_reveal = seq
            if i in committed_filed:
                fail("ceremony.commitment", seq, "second commitment")
                continue
            committed_filed.add(i)
            # election-record.md §4.2a, §4.3: every pledge first; the commitments are the pledged ones
            unpledged = [t for t in range(1, n_trustees + 1) if t not in pledges]
            if unpledged:
                fail("ceremony.reveal", seq, "commitment before the pledges of trustee(s) %s" % unpledged)
                continue
            try:
                pts_bytes = [strict_hex(c) for c in B["commitments"]]
                revealed = H("urna/v1/commitments-hash", setup_digest, u32(i), *pts_bytes)
            except Exception as e:
                revealed = None
            if revealed != pledges[i]:
                fail("ceremony.reveal", seq, "the commitments of trustee %d are not the pledged ones" % i)
                continue
            ok("ceremony.reveal")
            try:
                cs = B["commitments"]
                assert len(cs) == threshold, "commitment count"
                pts = [point_hex(c) for c in cs]
                assert set(B["shares"]) == {str(j) for j in range(1, n_trustees + 1) if j != i}, "share keys"
                for j, sh in B["shares"].items():
                    point_hex(sh["ephemeral"])
                    assert len(hx(sh["box"])) == 60
                ctx = ctx_digest(setup_digest, "commitment", u32(i))
                err = verify_schnorr(ctx, hx(cs[0]), B["proof"])
                assert err is None, "schnorr: %s" % err
                # crypto.md §5.3 step 6: proof of knowledge of y for X = Y (the share's ephemeral),
                # tag urna/v1/share-ephemeral, context [setup digest, "share", u32(i), u32(j)]
                for j, sh in B["shares"].items():
                    sctx = ctx_digest(setup_digest, "share", u32(i), u32(int(j)))
                    err = verify_schnorr(sctx, hx(sh["ephemeral"]), sh["proof"], tag="urna/v1/share-ephemeral")
                    assert err is None, "share to %s: ephemeral proof: %s" % (j, err)
                commitments[i] = pts
                commit_bodies[i] = B
                commit_raw[i] = body
                ok("ceremony.commitment")
            except Exception as e:
                fail("ceremony.commitment", seq, "%r" % e)
            continue

        if kind == "complaint":
            # election-record.md §4.4 — (no complaint in the demo record; untested against data)
            try:
                j, i = B["accuser"], B["accused"]
                # §4.4: one complaint per (accuser, accused) pair; both committed validly before it.
                assert (j, i) not in complaint_pairs, "second complaint for the pair"
                complaint_pairs.add((j, i))
                assert 1 <= j <= n_trustees and 1 <= i <= n_trustees and i != j
                assert j in commit_bodies, "the accuser has no valid commitment before its complaint"
                assert j not in checks_filed, "the accuser's trustee-check came before this complaint (§4.4a)"
                assert i in commit_bodies and str(j) in commit_bodies[i]["shares"]
                sh = commit_bodies[i]["shares"][str(j)]
                Ej = hx(election["trustees"][j - 1]["encryption_key"])
                Yb = hx(sh["ephemeral"])
                Pb = hx(B["shared_point"])
                err = verify_cp(ctx_digest(setup_digest, "complaint", u32(j), u32(i)), Ej, Yb, Pb, B["proof"])
                assert err is None, err
                ok("ceremony.complaint")
                sctx = ctx_digest(setup_digest, "share", u32(i), u32(j))
                info = LP("urna/v1/share-encryption", sctx, Yb, Ej)
                Z = decode_point(Pb)[0].to_bytes(32, "big")
                key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(Z)
                boxb = hx(sh["box"])
                upheld = False
                try:
                    s = int.from_bytes(AESGCM(key).decrypt(boxb[:12], boxb[12:], info), "big")
                    if not (0 < s < Q):
                        upheld = True
                    else:
                        rhs = multi_mul([(pow(j, l, Q), C) for l, C in enumerate(commitments[i])])
                        upheld = multi_mul([(s, G)]) != rhs
                except InvalidTag:
                    upheld = True
                if upheld:
                    disqualified.add(i)
            except Exception as e:
                fail("ceremony.complaint", seq, "%r" % e)
            continue

        if kind == "trustee-check":
            # election-record.md §4.4a
            try:
                j = B["trustee"]
                assert j not in checks_filed, "second trustee-check of the trustee"
                checks_filed.add(j)
                assert isinstance(j, int) and 1 <= j <= n_trustees, "trustee outside 1..n"
                lst = B["complaints"]
                assert all(isinstance(a, int) and 1 <= a <= n_trustees and a != j for a in lst), "complaint index"
                assert all(lst[k] < lst[k + 1] for k in range(len(lst) - 1)), "complaints not strictly ascending"
                assert all(i in commit_raw for i in range(1, n_trustees + 1)), "a check before every valid commitment"
                assert lst == sorted(i for (a, i) in complaint_pairs if a == j), "complaints differ from the complaint entries"
                D = H("urna/v1/checked-commitments", *[commit_raw[i] for i in range(1, n_trustees + 1)])
                ctx = ctx_digest(setup_digest, "trustee-check", u32(j), D, *[u32(a) for a in lst])
                Ej = hx(election["trustees"][j - 1]["encryption_key"])
                err = verify_schnorr(ctx, Ej, B["signature"])
                assert err is None, "signature: %s" % err
                checked.add(j)
                ok("ceremony.check")
            except Exception as e:
                fail("ceremony.check", seq, "%r" % e)
            continue

        if kind == "joint-key":
            seen_joint = True
            missing = [i for i in range(1, n_trustees + 1) if i not in checked]
            if missing:  # election-record.md §4.5: every trustee's trustee-check comes first
                fail("ceremony.joint-key", seq, "no valid trustee-check from trustee(s) %s" % missing)
                continue
            try:
                qual = sorted(i for i in commitments if i not in disqualified)
                assert len(qual) >= threshold
                Kpt = multi_mul([(1, commitments[i][0]) for i in qual])
                ps = {}
                for j in qual:
                    ps[str(j)] = encode_point(multi_mul([(pow(j, l, Q), C) for i in qual
                                                          for l, C in enumerate(commitments[i])])).hex()
                good = B["qualified"] == qual and B["joint_key"] == encode_point(Kpt).hex() and B["public_shares"] == ps
                if check("ceremony.joint-key", good, seq, "joint key / qualified / public shares differ"):
                    qualified = qual
                    Kb = hx(B["joint_key"])
                    K = Kpt
                    public_shares = {int(j): hx(v) for j, v in B["public_shares"].items()}
                    election_hash = H("urna/v1/election-hash", entries[0][5], Kb)
            except Exception as e:
                fail("ceremony.joint-key", seq, "%r" % e)
            continue

        if kind == "roll":
            # election-record.md §4.1a; verification.md §3 roll.*
            try:
                assert registrar_key is not None, "no valid registrar identity key in the election entry"
                d = B["district"]
                assert isinstance(d, str) and d in districts, "unknown district %r" % (d,)
                assert isinstance(B["pseudonyms"], dict), "pseudonyms is not a map"
                part = []
                for p, c in B["pseudonyms"].items():
                    try:
                        pb = fixed_hex(p, 16)
                    except DecodeError:
                        raise AssertionError("pseudonym %r is not 16 bytes of lowercase hex" % (p,))
                    try:
                        cb = fixed_hex(c, 32)
                    except DecodeError:
                        raise AssertionError("commitment of %s is not 32 bytes of lowercase hex" % p)
                    part.append((pb, cb))
                problem = identity_signature_problem(body, B, registrar_key, setup_digest, "roll")
                assert problem is None, "identity_signature (kind roll, registrar key): %s" % problem
                ok("roll.signature")
            except Exception as e:
                fail("roll.signature", seq, "bad-roll: %s" % (e if isinstance(e, AssertionError) else repr(e)))
                continue
            if not in_phase:
                continue  # verification.md §2: an out-of-place entry is reported and otherwise ignored
            repeated = 0
            for pb, cb in part:
                if pb in roll:
                    repeated += 1
                    fail("roll.pseudonym-unique", seq, "pseudonym %s is already on the roll of district %s"
                         % (pb.hex(), roll[pb][0]))
                else:
                    ok("roll.pseudonym-unique")
            if repeated:
                continue  # verification.md §3: the later entry is not used
            for pb, cb in part:
                roll[pb] = [d, cb, False]
            roll_size[d] += len(part)
            if part and roll_size[d] > registrar["voters"][d]:
                fail("roll.size", seq, "district %s: the roll holds %d pseudonyms, more than the %d announced"
                     % (d, roll_size[d], registrar["voters"][d]))
            continue

        if kind == "open":
            # election-record.md §4.1a: when open comes, every district's roll holds exactly the announced count
            if in_phase and registrar is not None:
                for d in districts:
                    check("roll.size", roll_size[d] == registrar["voters"][d], seq,
                          "district %s: the roll holds %d pseudonyms at open, %d announced"
                          % (d, roll_size[d], registrar["voters"][d]))
            continue

        if kind == "issuance":
            # election-record.md §4.6; verification.md §3 issuance.*
            try:
                assert isinstance(B["districts"], dict), "districts is not a map"
                batch = []
                for d, m in B["districts"].items():
                    assert d in districts, "unknown district %r" % (d,)
                    assert isinstance(m, dict), "district %s: not a map" % d
                    for p, code in m.items():
                        try:
                            pb = fixed_hex(p, 16)
                        except DecodeError:
                            raise AssertionError("pseudonym %r is not 16 bytes of lowercase hex" % (p,))
                        problem = code_problem(code)
                        assert problem is None, "revealed code of %s: %s" % (p, problem)
                        batch.append((d, pb, code))
                ok("issuance.batch")
            except Exception as e:
                fail("issuance.batch", seq, "%s" % (e if isinstance(e, AssertionError) else repr(e)))
                continue
            eid = man.get("election_id", "") if isinstance(man, dict) else ""
            for d, pb, code in batch:
                on = roll.get(pb)
                if on is None:
                    fail("issuance.roll", seq, "pseudonym %s (district %s) is on no roll: invented" % (pb.hex(), d))
                    continue
                if on[0] != d:
                    fail("issuance.roll", seq, "pseudonym %s issued in district %s is on the roll of district %s"
                         % (pb.hex(), d, on[0]))
                    continue
                ok("issuance.roll")
                if not check("issuance.code", code_commitment(eid, pb, code) == on[1], seq,
                             "pseudonym %s: the revealed code does not match its commitment on the roll" % pb.hex()):
                    continue
                if not check("issuance.pseudonym-unique", not on[2], seq,
                             "pseudonym %s is issued a token a second time" % pb.hex()):
                    continue
                if in_phase:
                    on[2] = True
                    issued[d] += 1
            continue

        if kind in ("ballot", "spoiled"):
            bal = B["ballot"] if kind == "spoiled" and isinstance(B, dict) else B
            try:
                code = tracking_code(bal)
            except Exception:
                code = None
            res = check_ballot(seq, kind, bal, election, election_hash, contests, districts, token_keys, Kb, K)
            replay = code is not None and code in seen_codes
            if code is not None:
                check("ballot.unique", not replay, seq, "the same ballot appears in an earlier entry")
                seen_codes.add(code)
            if kind == "ballot" and isinstance(bal, dict) and bal.get("district") in districts:
                ballots_cast[bal["district"]] += 1
                if len(tracking_samples) < 3 and code is not None:
                    tracking_samples.append((seq, code.hex()))
            if res is None or replay or not in_phase:
                continue
            cts = res
            cred = bal["credential"]
            if cred in cred_district and cred_district[cred] != bal["district"]:
                fail("ballot.credential-district", seq, "credential belongs to district %s" % cred_district[cred])
                continue
            cred_district[cred] = bal["district"]
            ok("ballot.credential-district")
            if kind == "ballot":
                if cred in counted:
                    if man.get("revoting", False):
                        superseded[counted[cred][1]] += 1
                        counted[cred] = (seq, bal["district"], cts)
                        ok("ballot.credential-unique")
                    else:
                        fail("ballot.credential-unique", seq, "second ballot under a credential")
                else:
                    counted[cred] = (seq, bal["district"], cts)
                    ok("ballot.credential-unique")
            else:
                # spoiled: nonces (election-record.md §4.7)
                try:
                    good = True
                    assert set(B["nonces"]) == {c["id"] for c in bal["contests"]}, "nonces name other contests"
                    assert set(B["choices"]) <= {c["id"] for c in bal["contests"]}, "choices name other contests"
                    for c in bal["contests"]:
                        chosen = B["choices"].get(c["id"], [])
                        assert chosen == sorted(set(chosen)), "choices not sorted without repeats"
                        chosen = set(chosen)
                        assert chosen <= {s["id"] for s in c["selections"]}, "unknown choice"
                        assert set(B["nonces"][c["id"]]) == {s["id"] for s in c["selections"]}, "nonces not one per selection"
                        for s in c["selections"]:
                            r = scalar_hex(B["nonces"][c["id"]][s["id"]])
                            assert r != 0
                            m = 1 if s["id"] in chosen else 0
                            Ae = multi_mul([(r, G)])
                            Be = multi_mul([(m, G), (r, K)])
                            if encode_point(Ae).hex() != s["ciphertext"]["a"] or encode_point(Be).hex() != s["ciphertext"]["b"]:
                                good = False
                    check("spoiled.nonces", good, seq, "a selection is not Enc(m; nonce)")
                except Exception as e:
                    fail("spoiled.nonces", seq, "%r" % e)
                # §4.7: every valid, in-phase, non-replayed spoil in its district counts, nonces or not.
                spoil_count[cred] += 1
                check("spoiled.limit", spoil_count[cred] <= man.get("spoil_limit", 3), seq, "spoil limit exceeded")
            continue

        if kind == "close":
            if in_phase:
                close_seq = seq
            continue

        if kind == "tally":
            tally, tally_seq = B, seq
            # counted-le-issued
            per_d = defaultdict(int)
            for cred, (s, d, cts) in counted.items():
                per_d[d] += 1
            own_count = dict(per_d)
            for d in districts:
                own_count.setdefault(d, 0)
            # recompute aggregates
            try:
                assert set(B["districts"]) == set(districts), "tally districts"
            except Exception as e:
                fail("tally.aggregates", seq, "%r" % e)
            for d, dd in districts.items():
                for cid in dd["contests"]:
                    try:
                        ent = B["districts"][d][cid]
                        good = ent["ballots"] == per_d[d]
                        cands = [x["id"] for x in contests[cid]["candidates"]]
                        good = good and set(ent["selections"]) == set(cands)
                        for cand in cands:
                            As = [cts[(cid, cand)][0] for (_, dist, cts) in counted.values() if dist == d]
                            Bs = [cts[(cid, cand)][1] for (_, dist, cts) in counted.values() if dist == d]
                            sa = encode_point(multi_mul([(1, p) for p in As])).hex()
                            sb = encode_point(multi_mul([(1, p) for p in Bs])).hex()
                            good = good and ent["selections"][cand] == {"a": sa, "b": sb}
                        check("tally.aggregates", good, seq, "aggregate %s/%s differs" % (d, cid))
                    except Exception as e:
                        fail("tally.aggregates", seq, "%s/%s: %r" % (d, cid, e))
            continue

        if kind == "tally-share":
            try:
                j = B["trustee"]
                assert j in qualified, "trustee not qualified"
                assert j not in tally_shares, "second tally-share"
                shp = B["shares"]
                assert set(shp) == set(tally["districts"])
                allgood = True
                for d, dd in tally["districts"].items():
                    assert set(shp[d]) == set(dd)
                    for cid, ent in dd.items():
                        assert set(shp[d][cid]) == set(ent["selections"])
                        for cand, ct in ent["selections"].items():
                            sh = shp[d][cid][cand]
                            if ct["a"] == "00":
                                good = sh == {"share": "00"}
                            else:
                                ctx = ctx_digest(election_hash, "tally", d, cid, cand, u32(j))
                                err = verify_cp(ctx, public_shares[j], hx(ct["a"]), hx(sh["share"]), sh["proof"])
                                good = err is None
                            allgood &= good
                            check("tally.share-proof", good, seq, "share %s/%s/%s of trustee %d" % (d, cid, cand, j))
                if allgood:
                    tally_shares[j] = B
            except Exception as e:
                fail("tally.share-proof", seq, "%r" % e)
            continue

        if kind == "result":
            result, result_seq = B, seq
            continue

    # ---------------- per district: counted <= issued <= roll size (election-record.md §5.6), once closed;
    # a failure names the tally entry, else close (verification.md §3).
    if close_seq is not None:
        named = tally_seq if tally_seq is not None else close_seq
        per_d = defaultdict(int)
        for cred, (s, d, cts) in counted.items():
            per_d[d] += 1
        for d in districts:
            check("district.counted-le-issued", per_d[d] <= issued[d], named,
                  "district %s: %d counted > %d issued" % (d, per_d[d], issued[d]))
            check("district.issued-le-roll", issued[d] <= roll_size[d], named,
                  "district %s: %d issued > %d on the roll" % (d, issued[d], roll_size[d]))
    elif phase == "open" and entries:
        # Before the close issuance is not final, but the roll is: counted ballots above the roll
        # size can never be made up for (verification.md §3), named at the record's last entry.
        per_d = defaultdict(int)
        for cred, (s, d, cts) in counted.items():
            per_d[d] += 1
        for d in districts:
            if per_d[d] > roll_size[d]:
                fail("district.counted-le-issued", entries[-1][0],
                     "district %s: %d counted > %d on the roll (voting still open)" % (d, per_d[d], roll_size[d]))

    # ---------------- combination and result
    recomputed = {}
    if result is not None and tally is not None and checks["tally.aggregates"][1] > 0:
        fail("tally.combination", result_seq, "not decrypted: the aggregates are not the counted ballots' sums")
    elif result is not None and tally is not None:
        S = result["trustees"]
        good = S == sorted(set(S)) and len(S) >= threshold and all(j in tally_shares for j in S)
        if not check("tally.combination", good, result_seq, "result trustees invalid"):
            S = sorted(tally_shares)[:threshold]
        lam = {}
        for j in S:
            num, den = 1, 1
            for m in S:
                if m != j:
                    num = num * m % Q
                    den = den * (m - j) % Q
            lam[j] = num * pow(den, -1, Q) % Q
        for d, dd in tally["districts"].items():
            recomputed[d] = {}
            for cid, ent in dd.items():
                recomputed[d][cid] = {}
                N_b = own_count[d]  # the verifier's own count, never the tally's claim
                for cand, ct in ent["selections"].items():
                    if ct["a"] == "00":
                        M = point_hex(ct["b"], allow_inf=True)
                    else:
                        pairs = [(1, point_hex(ct["b"]))]
                        for j in S:
                            pairs.append((-lam[j], point_hex(tally_shares[j]["shares"][d][cid][cand]["share"])))
                        M = multi_mul(pairs)
                    # small discrete log (crypto.md §3.3; linear scan is equivalent for small N)
                    m, acc, found = 0, None, None
                    while m <= N_b:
                        if acc == M:
                            found = m
                            break
                        acc = add(acc, G)
                        m += 1
                    if check("tally.combination", found is not None, result_seq,
                             "%s/%s/%s: no m in [0, %d]" % (d, cid, cand, N_b)):
                        recomputed[d][cid][cand] = found
        # compare with the result entry
        for d, dd in tally["districts"].items():
            nb = {e["ballots"] for e in dd.values()}
            pub = result["districts"].get(d, {})
            good = pub.get("ballots") == (nb.pop() if len(nb) == 1 else None) and pub.get("contests") == recomputed[d]
            check("result.matches", good, result_seq, "district %s differs" % d)
        totals = defaultdict(lambda: defaultdict(int))
        for d in recomputed:
            for cid in recomputed[d]:
                for cand, v in recomputed[d][cid].items():
                    totals[cid][cand] += v
        totals = {c: dict(v) for c, v in totals.items()}
        check("result.matches", result.get("totals") == totals, result_seq, "totals differ")
    # else: an election in progress (no tally, or no result yet) is checked as far as it goes
    # (verification.md §3); a result without a tally already failed phase.order.

    exp_path = os.path.join(RECORD, "expected.json")
    if os.path.exists(exp_path):
        exp = json.load(open(exp_path))
        check("expected.matches", exp == recomputed, None, "decrypted counts differ from expected.json")

    # ---------------- report
    print("record: %s  (%d entries, election %s)" % (RECORD, N, man["election_id"] if man else "?"))
    if cp:
        print("checkpoint: size %d root %s" % (cp[1], cp[2].hex()))
    # verification.md §4: every identity key of the election entry with its fingerprint
    for t in (election.get("trustees", []) if isinstance(election, dict) else []):
        try:
            fp = hashlib.sha256(bytes.fromhex(t["identity_key"])).hexdigest()[:32]
            print("trustee  %s (%d) identity key fingerprint %s" % (
                ascii(t["name"])[1:-1], t["index"], "-".join(fp[i:i + 4] for i in range(0, 32, 4))))
        except Exception:
            pass
    if registrar is not None:
        fp = hashlib.sha256(bytes.fromhex(registrar["identity_key"])).hexdigest()[:32]
        print("registrar %s identity key fingerprint %s" % (ascii(registrar["name"])[1:-1], "-".join(fp[i:i + 4] for i in range(0, 32, 4))))
    for d in districts:
        nc = sum(1 for v in counted.values() if v[1] == d)
        print("district %s: roll size %d, issued %d, ballots cast %d, counted %d, superseded %d, turnout %s" %
              (d, roll_size[d], issued[d], ballots_cast[d], nc, superseded[d],
               "%.1f%%" % (100.0 * nc / roll_size[d]) if roll_size[d] else "-"))
    for s, tc in tracking_samples:
        print("tracking code seq %d: %s  (%s)  [computed only: the record holds no tracking code to compare]" % (s, tc, "-".join(tc[i:i + 4] for i in range(0, 16, 4))))
    print()
    for name, (p, f_) in checks.items():
        print("%-32s passed %5d  failed %3d  %s" % (name, p, f_, "FAIL" if f_ else ("ok" if p else "(nothing to check)")))
    for name, seq, reason in failures[:1000]:
        print("FAILURE %s at seq %s: %s" % (name, seq, reason))
    valid = not failures
    print("\nverdict: %s" % ("VALID" if valid else "INVALID"))
    print("decrypted results:", json.dumps(recomputed, sort_keys=True))
    return 0 if valid else 1


def check_ballot(seq, kind, b, election, election_hash, contests, districts, token_keys, Kb, K):
    """election-record.md §5.5. Returns {(contest, cand): (A, B)} if the ballot passes, else None."""
    # 1. election hash, district
    if not check("ballot.election", election_hash is not None and b.get("election_hash") == election_hash.hex(), seq,
                 "election_hash differs"):
        return None
    # 2. shape (+ decoding of every point/scalar) and credential length
    try:
        d = b["district"]
        if d not in districts:
            fail("ballot.district", seq, "unknown-district %r" % (d,))
            return None
        dcs = districts[d]["contests"]
        assert [c["id"] for c in b["contests"]] == dcs, "contests not the district's in order"
        for c in b["contests"]:
            assert [s["id"] for s in c["selections"]] == [x["id"] for x in contests[c["id"]]["candidates"]], \
                "selections not the contest's in order"
        cred = hx(b["credential"])
        problem = ed_point_problem(cred, True)
        assert problem is None, "bad-credential: %s" % problem
        cts = {}
        for c in b["contests"]:
            for s in c["selections"]:
                cts[(c["id"], s["id"])] = (point_hex(s["ciphertext"]["a"]), point_hex(s["ciphertext"]["b"]))
                for br in s["proof"]["branches"]:
                    point_hex(br["a"]), point_hex(br["b"]), scalar_hex(br["challenge"]), scalar_hex(br["response"])
            for br in c["sum_proof"]["branches"]:
                point_hex(br["a"]), point_hex(br["b"]), scalar_hex(br["challenge"]), scalar_hex(br["response"])
        prefix = hx(b["token"]["prefix"])
        tsig = hx(b["token"]["signature"])
        sig = hx(b["signature"])
        assert len(prefix) == 32 and len(sig) == 64
        ok("ballot.shape")
    except Exception as e:
        fail("ballot.shape", seq, "%r" % e)
        return None
    # 3. token
    eid = election["manifest"]["election_id"]

    def tok_ok(dist):
        msg = prefix + LP("urna/v1/token", eid, dist, cred)
        key = token_keys[dist]
        if len(tsig) != (key.key_size + 7) // 8:
            return False
        try:
            key.verify(tsig, msg, padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48), hashes.SHA384())
            return True
        except InvalidSignature:
            return False

    if not tok_ok(d):
        # verification.md §3: a token is checked under its own district's key only.
        fail("ballot.token", seq, "bad-token")
        return None
    ok("ballot.token")
    ok("ballot.district")
    # 4. credential signature (signatures.md §1.1: R canonical and not of small order, S < L)
    problem = ed_point_problem(sig[:32], False)
    if problem is not None or int.from_bytes(sig[32:], "little") >= L25519:
        fail("ballot.credential-signature", seq, "bad-signature: %s" % (problem or "S >= L"))
        return None
    try:
        Ed25519PublicKey.from_public_bytes(cred).verify(sig, ballot_canonical(b))
        ok("ballot.credential-signature")
    except InvalidSignature:
        fail("ballot.credential-signature", seq, "bad-signature")
        return None
    # 5. proofs
    eh = election_hash
    for c in b["contests"]:
        cid = c["id"]
        sumA, sumB = [], []
        for s in c["selections"]:
            A, Bp = cts[(cid, s["id"])]
            sumA.append(A)
            sumB.append(Bp)
            ctx = ctx_digest(eh, d, cid, s["id"], cred)
            err = verify_range(ctx, Kb, K, hx(s["ciphertext"]["a"]), hx(s["ciphertext"]["b"]), A, Bp, 0, 1, s["proof"])
            if err:
                fail("ballot.proof", seq, "%s/%s: %s" % (cid, s["id"], err))
                return None
        SA = multi_mul([(1, p) for p in sumA])
        SB = multi_mul([(1, p) for p in sumB])
        ctx = ctx_digest(eh, d, cid, b"", cred)
        mn, mx = contests[cid]["min"], contests[cid]["max"]
        err = verify_range(ctx, Kb, K, encode_point(SA), encode_point(SB), SA, SB, mn, mx, c["sum_proof"])
        if err:
            fail("ballot.proof", seq, "%s sum: %s" % (cid, err))
            return None
    ok("ballot.proof")
    return cts


if __name__ == "__main__":
    sys.exit(main())
