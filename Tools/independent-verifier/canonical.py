"""Canonical bodies (election-record.md §1, §1.1), written from the spec alone.

problem(kind, body) returns None when `body` (the stored bytes of an entry of `kind`) is the
RFC 8785 (JCS) serialization of its parsed value and holds exactly the fields §1.1 lists, else
a sentence naming the fault.
"""
import json

MAX_INT = 2 ** 53 - 1


class Fault(Exception):
    pass


def _no_duplicates(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise Fault("duplicate key %r" % key)
        seen.add(key)
    return dict(pairs)


def _refuse_number(text):
    raise Fault("number %r is not an integer" % text)


def _jcs(value):
    """RFC 8785 serialization of a parsed value (integers only, as in Urna bodies)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(_jcs(k) + ":" + _jcs(v) for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise Fault("integer %d is beyond 2^53 - 1" % value)
        return str(value)
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            code = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif code < 0x20:
                out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code, "\\u%04x" % code))
            elif 0xD800 <= code <= 0xDFFF:
                raise Fault("a lone surrogate in a string")
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if value is None:
        raise Fault("null is never a value")
    raise Fault("unexpected value %r" % (value,))


def serialize(value):
    """The canonical (RFC 8785) bytes of a parsed value, or Fault."""
    return _jcs(value).encode("utf-8")


def parse(body):
    """The parsed value of canonical bytes, or Fault."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Fault("not UTF-8")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_refuse_number,
                           parse_constant=_refuse_number)
    except Fault:
        raise
    except ValueError as e:
        raise Fault("not JSON: %s" % e)
    if not isinstance(value, dict):
        raise Fault("not a JSON object")
    if _jcs(value).encode("utf-8") != body:
        raise Fault("not the RFC 8785 serialization of its value (white space, order, escapes or number form)")
    return value


# ---- §1.1 fields: a schema is a dict field -> sub-schema; sub-schemas are "leaf", ("list", s),
# ("map", s) or a dict. Types of leaves are checked by the body checks themselves.
LEAF = "leaf"
BOOL = "bool"  # the only boolean field (manifest.revoting); every other leaf is a string or an integer
SCHNORR = {"commitment": LEAF, "challenge": LEAF, "response": LEAF}
CHAUM = {"commitment_g": LEAF, "commitment_y": LEAF, "challenge": LEAF, "response": LEAF}
CIPHERTEXT = {"a": LEAF, "b": LEAF}
RANGE = {"min": LEAF, "branches": ("list", {"a": LEAF, "b": LEAF, "challenge": LEAF, "response": LEAF})}
MANIFEST = {"election_id": LEAF, "title": LEAF, "revoting": BOOL, "spoil_limit": LEAF,
            "contests": ("list", {"id": LEAF, "title": LEAF, "min": LEAF, "max": LEAF,
                                  "candidates": ("list", {"id": LEAF, "name": LEAF})}),
            "districts": ("list", {"id": LEAF, "name": LEAF, "contests": ("list", LEAF)})}
BALLOT = {"election_hash": LEAF, "district": LEAF, "credential": LEAF, "signature": LEAF,
          "token": {"prefix": LEAF, "signature": LEAF},
          "contests": ("list", {"id": LEAF, "sum_proof": RANGE,
                                "selections": ("list", {"id": LEAF, "ciphertext": CIPHERTEXT, "proof": RANGE})})}
SHARE = "share-object"  # {"share"} or {"share", "proof"} (proof optional: present iff share is not "00")
SCHEMAS = {
    "election": {"version": LEAF, "manifest": MANIFEST, "ledger_key": LEAF, "token_keys": ("map", LEAF),
                 "trustees": ("list", {"index": LEAF, "name": LEAF, "encryption_key": LEAF, "identity_key": LEAF}),
                 "threshold": LEAF,
                 "registrar": {"name": LEAF, "identity_key": LEAF, "voters": ("map", LEAF)}},
    "roll": {"district": LEAF, "pseudonyms": ("map", LEAF), "identity_signature": LEAF},
    "ceremony": {"phase": LEAF}, "open": {"phase": LEAF}, "close": {"phase": LEAF},
    "trustee-pledge": {"trustee": LEAF, "commitments_hash": LEAF, "identity_signature": LEAF},
    "trustee-commitment": {"trustee": LEAF, "commitments": ("list", LEAF), "proof": SCHNORR,
                           "shares": ("map", {"ephemeral": LEAF, "proof": SCHNORR, "box": LEAF}),
                           "identity_signature": LEAF},
    "complaint": {"accuser": LEAF, "accused": LEAF, "shared_point": LEAF, "proof": CHAUM, "identity_signature": LEAF},
    "trustee-check": {"trustee": LEAF, "complaints": ("list", LEAF), "signature": SCHNORR, "identity_signature": LEAF},
    "joint-key": {"joint_key": LEAF, "qualified": ("list", LEAF), "public_shares": ("map", LEAF)},
    "issuance": {"districts": ("map", ("map", LEAF))},
    "ballot": BALLOT,
    "spoiled": {"ballot": BALLOT, "nonces": ("map", ("map", LEAF)), "choices": ("map", ("list", LEAF))},
    "tally": {"districts": ("map", ("map", {"ballots": LEAF, "selections": ("map", CIPHERTEXT)}))},
    "tally-share": {"trustee": LEAF, "shares": ("map", ("map", ("map", SHARE))), "identity_signature": LEAF},
    "result": {"trustees": ("list", LEAF), "districts": ("map", {"ballots": LEAF, "contests": ("map", ("map", LEAF))}),
               "totals": ("map", ("map", LEAF))},
}


def _fields(value, schema, path):
    if schema == BOOL:
        if not isinstance(value, bool):
            raise Fault("%s: not true or false" % path)
        return
    if schema == LEAF:
        if isinstance(value, (dict, list)):
            raise Fault("%s: an object or array where a value belongs" % path)
        # Python's True is the integer 1: refuse it where a number or string belongs.
        if isinstance(value, bool):
            raise Fault("%s: true or false where a number or string belongs" % path)
        return
    if schema == SHARE:
        if not isinstance(value, dict):
            raise Fault("%s: not an object" % path)
        wanted = {"share"} if value.get("share") == "00" else {"share", "proof"}
        if set(value) != wanted:
            raise Fault("%s: fields %s, expected %s" % (path, sorted(value), sorted(wanted)))
        if "proof" in value:
            _fields(value["proof"], CHAUM, path + ".proof")
        return
    if isinstance(schema, tuple):
        shape, inner = schema
        if shape == "list":
            if not isinstance(value, list):
                raise Fault("%s: not an array" % path)
            for i, item in enumerate(value):
                _fields(item, inner, "%s[%d]" % (path, i))
        else:
            if not isinstance(value, dict):
                raise Fault("%s: not an object" % path)
            for key, item in value.items():
                _fields(item, inner, "%s.%s" % (path, key))
        return
    if not isinstance(value, dict):
        raise Fault("%s: not an object" % path)
    unknown = sorted(set(value) - set(schema))
    if unknown:
        raise Fault("unknown field %r at %s" % (unknown[0], path))
    missing = sorted(set(schema) - set(value))
    if missing:
        raise Fault("missing field %r at %s" % (missing[0], path))
    for key, inner in schema.items():
        _fields(value[key], inner, "%s.%s" % (path, key) if path else key)


def problem(kind, body):
    try:
        value = parse(body)
        if kind in SCHEMAS:
            _fields(value, SCHEMAS[kind], "")
    except Fault as fault:
        return str(fault)
    return None
