#!/usr/bin/env python3
"""Runs the independent verifier on a corpus of records and requires it to agree with scrutineer.

usage: agree.py CORPUS_DIR [--jobs N]

Each subdirectory of CORPUS_DIR is a JSON Lines export (ledger.jsonl, checkpoint, ledger.vkey)
with an expect.json written by the Swift test suite (IndependentVerifierCorpusTests):
{"name": ..., "valid": bool, "check": <the named check scrutineer fails> or null, "seq": n or null}.
The Python verifier must give the same verdict and, where it implements that check, fail it at
the same entry. Exit 0 iff it agrees on every record.
"""
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
FAILURE = re.compile(r"^FAILURE (\S+) at seq (\S+): (.*)$")


def python_check_names():
    text = open(os.path.join(HERE, "verify.py"), encoding="utf-8").read()
    block = text[text.index("CHECK_NAMES = ["):text.index("]", text.index("CHECK_NAMES = ["))]
    return set(re.findall(r'"([a-z0-9.-]+)"', block))


def run(directory, known):
    with open(os.path.join(directory, "expect.json"), encoding="utf-8") as f:
        expect = json.load(f)
    proc = subprocess.run([sys.executable, os.path.join(HERE, "verify.py"), directory],
                          capture_output=True, text=True, timeout=1800)
    lines = proc.stdout.splitlines()
    failures = [m.groups() for m in map(FAILURE.match, lines) if m]
    valid = proc.returncode == 0 and "verdict: VALID" in lines
    problems = []
    if proc.returncode not in (0, 1):
        problems.append("verify.py crashed (exit %d): %s" % (proc.returncode, proc.stderr.strip().splitlines()[-1:] or ""))
    if valid != expect["valid"]:
        problems.append("verdict %s, scrutineer says %s" % ("VALID" if valid else "INVALID",
                                                            "VALID" if expect["valid"] else "INVALID"))
    check = expect.get("check")
    if check and check in known and valid == expect["valid"]:
        seq = "None" if expect.get("seq") is None else str(expect["seq"])
        if not any(name == check and at == seq for name, at, _ in failures):
            problems.append("does not fail %s at seq %s (it fails: %s)" % (
                check, seq, "; ".join("%s@%s" % (n, a) for n, a, _ in failures[:6]) or "nothing"))
    return expect["name"], check in known if check else True, problems


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    corpus = sys.argv[1]
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 2
    known = python_check_names()
    directories = sorted(os.path.join(corpus, d) for d in os.listdir(corpus)
                         if os.path.exists(os.path.join(corpus, d, "expect.json")))
    if not directories:
        print("agree.py: no records with expect.json in %s" % corpus)
        return 2
    disagreements = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for directory, (name, named, problems) in zip(directories, pool.map(lambda d: run(d, known), directories)):
            status = "AGREE" if not problems else "DISAGREE"
            note = "" if named else "  (check not implemented in Python: verdict compared only)"
            print("%-8s %s  %s%s" % (status, os.path.basename(directory), name, note), flush=True)
            for problem in problems:
                print("         - %s" % problem)
            disagreements += bool(problems)
    print("\n%d records, %d disagreements" % (len(directories), disagreements))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
