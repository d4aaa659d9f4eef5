"""Shared by the Tools/ scripts that drive real `urna` processes (hostile-clients, crashtest):
an election set up through the CLI, `urna serve` started and awaited, raw HTTP over a socket."""
import json, os, shutil, socket, sqlite3, subprocess, sys, time

FAILURES = []
# Every process a test started through track() (urna serve through serve()): finish() kills
# those still running, whatever ended the test.
PROCESSES = []


def track(process):
    PROCESSES.append(process)
    return process


def stop_processes():
    """Kills every tracked process still running."""
    for process in PROCESSES:
        if process.poll() is None:
            process.kill()
            process.wait()


def check(name, ok, detail=""):
    """Prints PASS or FAIL and the detail; a failed check's name is kept in FAILURES."""
    if not ok:
        FAILURES.append(name)
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


def finish(tool, work, keep):
    """Kills the test's processes still running, removes the work folder (kept when asked, or
    when a check failed, for a look), prints the verdict, and returns the exit status: 0 only if
    every check passed."""
    stop_processes()
    if keep or FAILURES:
        print(f"{tool}: kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{tool}: {'FAILED: ' + ', '.join(FAILURES) if FAILURES else 'every check passed'}")
    return 1 if FAILURES else 0


def ledger_checks(bin_dir, db, vkey, receipts, ballots):
    """The checks of a ledger that clients cast into: every receipt's entry (receipts[i] for the
    ballot bodies[i]) holds exactly the ballot sent, no ballot is in it twice, no pseudonym got
    two tokens, and `scrutineer verify` exits 0. Returns the entries as (seq, kind, body, time)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = [(seq, kind, bytes(body), time_) for seq, kind, body, time_ in
                connection.execute("SELECT seq, kind, body, time FROM entries ORDER BY seq")]
    entries = {seq: (kind, body) for seq, kind, body, _ in rows}
    missing = [i for i, r in receipts.items() if entries.get(r["seq"]) != ("ballot", ballots[i])]
    check("every receipt's entry is in the ledger, holding the ballot sent", not missing,
          f"{len(receipts)} receipts, {len(missing)} missing")
    cast = [body for kind, body in entries.values() if kind == "ballot"]
    check("no ballot is in the ledger twice", len(cast) == len(set(cast)), f"{len(cast)} ballots")
    pseudonyms = []
    for kind, body in entries.values():
        if kind == "issuance":
            for issued in json.loads(body)["districts"].values():
                pseudonyms += list(issued)
    check("no pseudonym was given two tokens", len(pseudonyms) == len(set(pseudonyms)), f"{len(pseudonyms)} tokens issued")
    result = subprocess.run([os.path.join(bin_dir, "scrutineer"), "verify", db, "--ledger-key", vkey, "--quiet"],
                            capture_output=True, text=True)
    lines = (result.stdout + result.stderr).strip().splitlines()
    check("scrutineer verify exits 0", result.returncode == 0, lines[-1][:300] if lines else "")
    return rows


def run(args, cwd, **kw):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"urna_kit: {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def setup(bin_dir, work, election, districts, voters):
    """An open election in work/el, its letters in work/letters.csv, its key in work/el.vkey."""
    os.makedirs(work)
    urna = os.path.join(bin_dir, "urna")
    manifest = {"election_id": election, "title": f"Test election {election}", "revoting": False, "spoil_limit": 1,
                "contests": [{"id": "c", "title": "C", "min": 0, "max": 1,
                              "candidates": [{"id": f"k{i}", "name": f"K{i}"} for i in range(3)]}],
                "districts": [{"id": d, "name": d.upper(), "contests": ["c"]} for d in districts]}
    with open(os.path.join(work, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    with open(os.path.join(work, "voters.csv"), "w") as f:
        f.write("voter_id,district\n" + "".join(f"v{i},{districts[i % len(districts)]}\n" for i in range(voters)))
    run([urna, "registrar", "init", "--name", "registrar", "--roll", "voters.csv", "--manifest", "manifest.json",
         "--key", "registrar.key", "--public-out", "registrar.json"], work)
    for t in (1, 2, 3):
        run([urna, "trustee", "init", "--name", f"t{t}", "--key", f"t{t}.key", "--public-out", f"t{t}.pub.json"], work)
    run([urna, "election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json",
         "--trustee", "t1.pub.json", "--trustee", "t2.pub.json", "--trustee", "t3.pub.json", "--threshold", "2"], work)
    run([urna, "registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json",
         "--letters-out", "letters.csv"], work)
    run([urna, "roll", "import", "--dir", "el", "roll.json"], work)
    for step in ("pledge", "commit", "check"):
        for t in (1, 2, 3):
            run([urna, "trustee", step, "--key", f"t{t}.key", "--record", "el", "--out", f"t{t}.{step}.json"], work)
        run([urna, "trustee", "import", "--dir", "el"] + [f"t{t}.{step}.json" for t in (1, 2, 3)], work)
    run([urna, "election", "open", "--dir", "el"], work)
    run([urna, "export", "--dir", "el", "--out", "published"], work)
    shutil.copy(os.path.join(work, "published", "ledger.vkey"), os.path.join(work, "el.vkey"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(bin_dir, dirs, port, work, options=(), env=None, access_log="/dev/null", preexec_fn=None):
    """`urna serve` on 127.0.0.1:port for the election folders `dirs`, returned once it listens.
    Its output goes to work/serve-PORT-N.out, N counting the starts. `env`: extra environment
    variables; `preexec_fn`: run in the child before exec (e.g. to set a resource limit)."""
    args = [os.path.join(bin_dir, "urna"), "serve", "--listen", f"127.0.0.1:{port}", "--access-log", access_log, *options]
    for d in dirs:
        args += ["--dir", d]
    starts[port] = starts.get(port, 0) + 1
    path = os.path.join(work, f"serve-{port}-{starts[port]}.out")
    with open(path, "w") as out:
        process = track(subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                         env={**os.environ, **env} if env else None, preexec_fn=preexec_fn))
    for _ in range(600):
        time.sleep(0.05)
        with open(path) as log:
            text = log.read()
        if process.poll() is not None:
            sys.exit(f"urna_kit: urna serve exited ({process.returncode}): {text[-2000:]}")
        if "listening on" in text:
            return process
    sys.exit(f"urna_kit: urna serve did not start listening (see {path})")


starts = {}


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def exchange(port, data, timeout=10, tls=None):
    """Sends raw bytes; returns (status or None, everything read until the server closed or went quiet)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if tls:
        sock = tls.wrap_socket(sock, server_hostname="localhost")
    try:
        sock.sendall(data)
    except OSError:
        pass
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        pass
    sock.close()
    reply = b"".join(chunks)
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else None
    return status, reply


def request(port, method, path, body=None, headers=None, timeout=10):
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    payload = b""
    if body is not None:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    status, reply = exchange(port, head.encode() + b"\r\n" + payload, timeout)
    body_bytes = reply.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in reply else b""
    try:
        problem = json.loads(body_bytes).get("code")
    except (ValueError, AttributeError):
        problem = None
    return status, problem, body_bytes


