"""The command-line side of the browser election: builds the tools, runs the README's set-up
sequence, starts `urna serve` and the witnesses, and runs the commission's commands beside the
running service. Everything here runs the real `urna` and `scrutineer` executables."""
import csv
import hashlib
import json
import os
import random
import socket
import subprocess
import threading
import time
import urllib.request


class StepFailure(Exception):
    """A step did not do what it must; the text says what was expected and what was seen."""


ELECTION_ID = "webtest-2026"

# Three districts; a 1-of-M contest on every ballot, a vote-for-up-to-2 contest in two districts
# and a 1-of-2 contest in the third. Candidate ids are unique across contests, so a result cell
# named by its candidate alone is unambiguous.
MANIFEST = {
    "election_id": ELECTION_ID,
    "title": "Browser test election 2026",
    "revoting": True,
    "spoil_limit": 2,
    "contests": [
        {"id": "mayor", "title": "Mayor", "min": 1, "max": 1, "candidates": [
            {"id": "alice", "name": "Alice Moreau"},
            {"id": "bruno", "name": "Bruno Okafor"},
            {"id": "chiara", "name": "Chiara Rossi"}]},
        {"id": "council", "title": "City council (vote for up to 2)", "min": 0, "max": 2, "candidates": [
            {"id": "chen", "name": "Chen Wei"},
            {"id": "dana", "name": "Dana Novak"},
            {"id": "emil", "name": "Emil Lindqvist"},
            {"id": "farah", "name": "Farah Haddad"}]},
        {"id": "parks", "title": "East parks levy", "min": 0, "max": 1, "candidates": [
            {"id": "levy-yes", "name": "Yes"},
            {"id": "levy-no", "name": "No"}]},
    ],
    "districts": [
        {"id": "north", "name": "North", "contests": ["mayor", "council"]},
        {"id": "south", "name": "South", "contests": ["mayor", "council"]},
        {"id": "east", "name": "East", "contests": ["mayor", "parks"]},
    ],
}

# The browser's voters (v1…v7; not all of them vote) and the voters who vote with `urna vote
# --server` (c01…), enough of them to put more than one page of entries on /ledger.
BROWSER_ROLL = [("v1", "north"), ("v2", "north"), ("v3", "north"),
                ("v4", "south"), ("v5", "south"),
                ("v6", "east"), ("v7", "east")]


def make_roll(cli_voters):
    districts = [d["id"] for d in MANIFEST["districts"]]
    return BROWSER_ROLL + [("c%02d" % (i + 1), districts[i % len(districts)]) for i in range(cli_voters)]


def contests_of(district):
    by_id = {c["id"]: c for c in MANIFEST["contests"]}
    for d in MANIFEST["districts"]:
        if d["id"] == district:
            return [by_id[c] for c in d["contests"]]
    raise KeyError(district)


def random_choices(rng, district):
    """{contest: [candidate, …]} with between min and max selections per contest."""
    choices = {}
    for contest in contests_of(district):
        count = rng.randint(contest["min"], contest["max"])
        ids = [c["id"] for c in contest["candidates"]]
        choices[contest["id"]] = sorted(rng.sample(ids, count))
    return choices


def reference_tally(cast):
    """The result the script expects from the choices it made: {district: {contest: {cand: n}}}
    with every candidate of the district's contests (0 included), plus "" for the totals."""
    tally = {}
    for district in {d["id"] for d in MANIFEST["districts"]}:
        tally[district] = {c["id"]: {k["id"]: 0 for k in c["candidates"]} for c in contests_of(district)}
    for district, choices in cast:
        for contest, candidates in choices.items():
            for candidate in candidates:
                tally[district][contest][candidate] += 1
    totals = {}
    for district, contests in tally.items():
        for contest, counts in contests.items():
            into = totals.setdefault(contest, {})
            for candidate, n in counts.items():
                into[candidate] = into.get(candidate, 0) + n
    tally[""] = totals
    return tally


def fingerprint_of(vkey_line):
    """README "For observers": the first 128 bits of SHA-256 over the key string, 32 hex digits
    in groups of four."""
    digest = hashlib.sha256(vkey_line.encode()).hexdigest()[:32]
    return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


class Tools:
    def __init__(self, bin_dir, work):
        self.urna = os.path.join(bin_dir, "urna")
        self.scrutineer = os.path.join(bin_dir, "scrutineer")
        self.work = work
        self.witness_keys = []
        for path in (self.urna, self.scrutineer):
            if not os.access(path, os.X_OK):
                raise StepFailure("%s is not an executable" % path)

    def run(self, tool, *args, expect=0, timeout=600):
        """Runs `urna` or `scrutineer` in the work directory; returns stdout. A status other than
        `expect` is a StepFailure showing the command, its status and its output."""
        command = [self.urna if tool == "urna" else self.scrutineer] + list(args)
        shown = " ".join([tool] + list(args))
        try:
            done = subprocess.run(command, cwd=self.work, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise StepFailure("`%s` did not finish within %d s" % (shown, timeout))
        if done.returncode != expect:
            raise StepFailure("`%s` exited %d (expected %d)\n--- stdout\n%s--- stderr\n%s"
                              % (shown, done.returncode, expect, tail(done.stdout), tail(done.stderr)))
        return done.stdout


def tail(text, lines=30):
    parts = text.splitlines()[-lines:]
    return "".join(line + "\n" for line in parts)


def build(repo, scratch):
    """`swift build -c debug --product urna|scrutineer` (optionally --scratch-path); returns the
    bin path and the seconds taken."""
    extra = ["--scratch-path", scratch] if scratch else []
    start = time.monotonic()
    for product in ("urna", "scrutineer"):
        done = subprocess.run(["swift", "build", "-c", "debug", "--product", product] + extra,
                              cwd=repo, capture_output=True, text=True)
        if done.returncode != 0:
            raise StepFailure("swift build --product %s failed (%d):\n%s%s"
                              % (product, done.returncode, tail(done.stdout), tail(done.stderr)))
    done = subprocess.run(["swift", "build", "-c", "debug", "--show-bin-path"] + extra,
                          cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        raise StepFailure("swift build --show-bin-path failed:\n%s" % tail(done.stderr))
    return done.stdout.strip(), time.monotonic() - start


def set_up(tools, roll):
    """README "How an election runs", up to `urna election open`, with this script's manifest
    and roll, letters from `urna registrar roll --letters-out`. Returns the letters
    {voter_id: {district, pseudonym, code}} and the ledger key line printed by the record."""
    w = tools.work
    with open(os.path.join(w, "manifest.json"), "w") as f:
        json.dump(MANIFEST, f, indent=2)
    with open(os.path.join(w, "voters.csv"), "w") as f:
        f.write("voter_id,district\n" + "".join("%s,%s\n" % v for v in roll))
    tools.run("urna", "manifest", "check", "manifest.json")
    tools.run("urna", "registrar", "init", "--name", "registrar", "--roll", "voters.csv",
              "--manifest", "manifest.json", "--key", "registrar.key", "--public-out", "registrar.json")
    for t in ("t1", "t2", "t3"):
        tools.run("urna", "trustee", "init", "--name", t, "--key", t + ".key", "--public-out", t + ".pub.json")
    tools.run("urna", "election", "create", "--dir", "el", "--manifest", "manifest.json",
              "--registrar", "registrar.json", "--trustee", "t1.pub.json", "--trustee", "t2.pub.json",
              "--trustee", "t3.pub.json", "--threshold", "2")
    tools.run("urna", "registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json",
              "--letters-out", "letters.csv")
    tools.run("urna", "roll", "import", "--dir", "el", "roll.json")
    for step in ("pledge", "commit", "check"):
        for t in ("t1", "t2", "t3"):
            tools.run("urna", "trustee", step, "--key", t + ".key", "--record", "el", "--out", "%s.%s.json" % (t, step))
        tools.run("urna", "trustee", "import", "--dir", "el", *["%s.%s.json" % (t, step) for t in ("t1", "t2", "t3")])
    tools.run("urna", "election", "open", "--dir", "el")
    status = tools.run("urna", "election", "status", "--dir", "el")
    letters = {}
    with open(os.path.join(w, "letters.csv")) as f:
        for row in csv.DictReader(f):
            letters[row["voter_id"]] = {"district": row["district"], "pseudonym": row["pseudonym"],
                                        "code": row["activation_code"]}
    if sorted(letters) != sorted(v for v, _ in roll):
        raise StepFailure("letters.csv names %s; the roll has %s" % (sorted(letters), sorted(v for v, _ in roll)))
    for voter, district in roll:
        if letters[voter]["district"] != district:
            raise StepFailure("letters.csv puts %s in %s; the roll in %s" % (voter, letters[voter]["district"], district))
    return letters, status


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A long-running tool: stdout read line by line on a thread, stderr into a file."""

    def __init__(self, name, command, cwd, log_path):
        self.name = name
        self.log_path = log_path
        self.stderr = open(log_path, "w")
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_line(self, prefix, timeout=60):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if line.startswith(prefix):
                        return line
                if self.proc.poll() is not None and not any(l.startswith(prefix) for l in self.lines):
                    raise StepFailure("%s exited %s before printing '%s'\n--- stdout\n%s\n--- stderr tail\n%s"
                                      % (self.name, self.proc.returncode, prefix, "\n".join(self.lines), self.stderr_tail()))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StepFailure("%s printed no '%s' within %d s\n--- stderr tail\n%s"
                                      % (self.name, prefix, timeout, self.stderr_tail()))
                self.cond.wait(min(left, 0.5))

    def stderr_tail(self, lines=25):
        self.stderr.flush()
        try:
            with open(self.log_path, errors="replace") as f:
                return tail(f.read(), lines)
        except OSError:
            return ""

    def stop(self, timeout=60):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode


def get_json(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return json.loads(answer.read())


def get_bytes(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read()


def get_text(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode()


def start_service(tools, witnesses, logs):
    """Starts `witnesses` `scrutineer witness` processes and `urna serve` pushing to them.
    A witness needs the service's URL when it starts and the service needs the witnesses' at its
    start, so with witnesses the service's port is picked free beforehand; without, the service
    listens on 127.0.0.1:0 and the script reads the port from 'listening on URL'.
    Returns (service, [witness processes], base URL)."""
    w = tools.work
    started = []
    witness_args = []
    if witnesses:
        port = free_port()
        listen = "127.0.0.1:%d" % port
        service_url = "http://127.0.0.1:%d/v1/elections/%s" % (port, ELECTION_ID)
        vkey = ledger_vkey_from_record(tools)
        with open(os.path.join(w, "announced-ledger.vkey"), "w") as f:
            f.write(vkey + "\n")
        for i in range(1, witnesses + 1):
            name = "w%d" % i
            printed = tools.run("scrutineer", "keygen", "--name", name, "--out", name + ".key")
            wvkey = next((line.strip() for line in printed.splitlines() if line.strip().startswith(name + "+")), None)
            if wvkey is None:
                raise StepFailure("scrutineer keygen printed no verifier key '%s+…':\n%s" % (name, printed))
            proc = Process("witness " + name, [tools.scrutineer, "witness", "--listen", "127.0.0.1:0",
                                               "--key", name + ".key", "--service", service_url,
                                               "--ledger-key", "announced-ledger.vkey", "--state", name + ".state"],
                           w, os.path.join(logs, name + ".stderr"))
            started.append(proc)
            line = proc.wait_line("listening on ")
            witness_args += ["--witness", "%s=%s" % (line[len("listening on "):].strip(), wvkey)]
            tools.witness_keys.append(wvkey)
    else:
        listen = "127.0.0.1:0"
    service = Process("urna serve", [tools.urna, "serve", "--dir", "el", "--listen", listen] + witness_args,
                      w, os.path.join(logs, "serve.stderr"))
    line = service.wait_line("listening on ")
    base = line[len("listening on "):].strip().rstrip("/")
    return service, started, base


def ledger_vkey_from_record(tools):
    """The ledger key as the commission announces it: `urna export` writes ledger.vkey."""
    out = os.path.join(tools.work, "announce")
    tools.run("urna", "export", "--dir", "el", "--out", out)
    with open(os.path.join(out, "ledger.vkey")) as f:
        return f.read().strip()


def cli_vote(tools, base, fp, voter, letter, choices):
    """One voter with `urna vote --server`, pinning the ledger key fingerprint and every witness."""
    args = ["vote", "--server", base, "--ledger-fingerprint", fp, "--election", ELECTION_ID,
            "--pseudonym", letter["pseudonym"], "--code", letter["code"],
            "--wallet", voter + ".wallet", "--receipt-out", voter + ".receipt"]
    for key in tools.witness_keys:
        args += ["--witness-key", key]
    made = [c for c, candidates in choices.items() if candidates]
    for contest in made:
        args += ["--choice", "%s=%s" % (contest, ",".join(choices[contest]))]
    if not made:
        args.append("--blank")
    tools.run("urna", *args)
