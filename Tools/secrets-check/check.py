#!/usr/bin/env python3
"""Looks for every secret an election run created in every public file and log it left.

    Tools/secrets-check/check.py WORK-DIR [--log FILE]...

WORK-DIR is a folder an election ran in (the README's election, or `urna demo --out`). The secrets
are read from the files that hold them:
  - trustee and registrar key files (`*.key`): every `*_secret` field, the ceremony's polynomial
    coefficients, and the activation codes of voters whose code was never used (a used code is
    published in its `issuance` entry on purpose: it is worthless once its token is issued);
  - voters' wallets (`*.wallet`): the credential's private key and a pending blinding inverse;
  - the service's private stores (`*.private.db`): the ledger key and the token keys.
Every other file under WORK-DIR (the public record, exports, trustee messages, receipts, command
outputs, SQLite files, lock files) and every --log is public, and must contain none of them, in
any of the forms a program might print: raw bytes, hex (either case), base64 and base64url.
Exits 0 when nothing is found, 1 with each finding (file, which secret, which form), 2 on misuse.
"""
import base64
import json
import os
import re
import sqlite3
import sys

SECRET_FIELD = re.compile(r"(^|_)secret$|^coefficients$|^received_shares$")


def usage(message):
    print(f"secrets-check: {message}\nusage: Tools/secrets-check/check.py WORK-DIR [--log FILE]...", file=sys.stderr)
    sys.exit(2)


def as_bytes(value):
    """A secret's bytes: hex strings decode to bytes; anything else is its UTF-8 text."""
    if isinstance(value, str) and len(value) % 2 == 0 and re.fullmatch(r"[0-9a-fA-F]+", value or "x"):
        return bytes.fromhex(value)
    return str(value).encode()


def json_secrets(node, path, found):
    """(description, value) for every secret field under `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if SECRET_FIELD.search(key):
                if isinstance(value, dict):
                    found += [(f"{here}.{inner}", item) for inner, item in value.items()]
                elif isinstance(value, list):
                    found += [(f"{here}[{index}]", item) for index, item in enumerate(value)]
                else:
                    found.append((here, value))
            else:
                json_secrets(value, here, found)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            json_secrets(item, f"{path}[{index}]", found)


def used_codes(work):
    """Activation codes published in `issuance` entries of any ledger under WORK-DIR."""
    codes = set()
    for root, _, files in os.walk(work):
        for name in files:
            path = os.path.join(root, name)
            bodies = []
            if name == "election.db":
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                    bodies = [row[0] for row in db.execute("SELECT body FROM entries WHERE kind = 'issuance'")]
            elif name.endswith(".jsonl"):
                with open(path, "rb") as lines:
                    for line in lines:
                        entry = json.loads(line)
                        if entry.get("kind") == "issuance":
                            bodies.append(base64.b64decode(entry["body"]))
            for body in bodies:
                # `{"districts": {district: {pseudonym: code}}}` (Specs/election-record.md, issuance)
                for issued in json.loads(body).get("districts", {}).values():
                    codes.update(issued.values())
    return codes


def collect(work):
    """(file, description, bytes) for every secret, and the set of files that hold secrets."""
    secrets, holders = [], set()
    published = used_codes(work)
    for root, _, files in os.walk(work):
        for name in files:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, work)
            if name.endswith(".key") or name.endswith(".wallet"):
                holders.add(path)
                with open(path, encoding="utf-8") as handle:
                    document = json.load(handle)
                found = []
                json_secrets(document, "", found)
                if name.endswith(".wallet"):
                    found.append((".credential", document["credential"]))
                    if document.get("pending"):
                        found.append((".pending.inverse", document["pending"]["inverse"]))
                secrets += [(relative, description, as_bytes(value)) for description, value in found]
                for voter in document.get("voters", []) if name.endswith(".key") else []:
                    code = voter["code"]
                    if code not in published:
                        # A code is text: canonical, and as people see it (groups of four).
                        displayed = "-".join(code[i:i + 4] for i in range(0, len(code), 4))
                        for spelling in (code, displayed):
                            secrets.append((relative, f".voters[{voter['voter_id']}].code, never used", spelling.encode()))
            elif name.startswith("letter") and name.endswith(".txt"):
                holders.add(path)  # a voter's letter: its code is the registrar key file's
            elif ".private.db" in name:
                holders.add(path)
                if name.endswith(".private.db"):
                    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                        for key, value in db.execute("SELECT key, value FROM meta WHERE key = 'ledger_key' OR key LIKE 'token_key/%'"):
                            secrets.append((relative, f"meta.{key}", bytes(value)))
    return secrets, holders


def forms(secret):
    """The spellings a program could print a secret in."""
    yield "raw bytes", secret
    yield "hex", secret.hex().encode()
    yield "HEX", secret.hex().upper().encode()
    yield "base64", base64.b64encode(secret).rstrip(b"=")
    yield "base64url", base64.urlsafe_b64encode(secret).rstrip(b"=")


def main(argv):
    if not argv or argv[0].startswith("-"):
        usage("give the folder an election ran in")
    work, logs = argv[0], []
    rest = argv[1:]
    while rest:
        if rest[0] != "--log" or len(rest) < 2:
            usage(f"unexpected argument '{rest[0]}'")
        logs.append(rest[1])
        rest = rest[2:]
    if not os.path.isdir(work):
        usage(f"{work} is not a folder")
    secrets, holders = collect(work)
    secrets = [(origin, description, value) for origin, description, value in secrets if len(value) >= 16]
    if not secrets:
        print(f"secrets-check: no secret found to look for in {work}: is it an election's folder?", file=sys.stderr)
        return 1
    public = [os.path.join(root, name) for root, _, files in os.walk(work) for name in files
              if os.path.join(root, name) not in holders] + logs
    findings = 0
    for path in public:
        with open(path, "rb") as handle:
            content = handle.read()
        for origin, description, value in secrets:
            for form, spelled in forms(value):
                if spelled in content:
                    findings += 1
                    print(f"secrets-check: {path} contains {origin} {description} ({form})")
    print(f"secrets-check: {len(secrets)} secrets from {len(holders)} files looked for in {len(public)} public files "
          f"and logs: {'none found' if findings == 0 else f'{findings} FOUND'}")
    return 0 if findings == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
