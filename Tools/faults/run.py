#!/usr/bin/env python3
"""Resource faults under a running `urna serve`, each cleared again without a restart.

    Tools/faults/run.py --bin BIN-DIR [--keep]

Needs root (or passwordless sudo): the election lives on a small tmpfs that the test mounts
(and unmounts). One
election is served throughout; ballots and token requests are sent during each fault:
  - full disk: the tmpfs is filled to the last byte;
  - read-only: writes to the election's files fail with EROFS (Tools/faults/fault.c, loaded
    with LD_PRELOAD: the kernel refuses to remount a file system read-only while files on it
    are open for writing, so the test makes the calls fail as a failing disk's would);
  - vanished database: election.db is unlinked, then replaced by a copy (another file), then
    the original file is linked back;
  - vanished write-ahead log: election.db-wal is moved away, then back;
  - out of file descriptors: the service runs with a limit of 256 open files, and 300
    connections are opened to it.
Checks, for each fault:
  - every cast is answered 201 with a receipt, or 503 `storage-failure` (503 `busy` for
    descriptors); at least one is refused (the fault really happened);
  - a refused ballot is not in the record (`GET …/ballots?signature=` answers 404) and a refused
    token request gave no signature;
  - health and reads are still served; the operator's log names the fault;
  - once the fault is cleared, casting works again within 5 s, with no restart, and every
    refused ballot sent again is recorded (201).
At the end: every receipt's entry holds exactly the ballot sent, no ballot is in the ledger
twice, no pseudonym got two tokens, and `scrutineer verify` exits 0.
"""
import argparse, json, os, re, resource, shutil, signal, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from urna_kit import check, finish, free_port, ledger_checks, request, serve, setup, stop_processes  # noqa: E402

ELECTION = "faults-2026"
BASE = f"/v1/elections/{ELECTION}"


class Voting:
    """The prepared ballots and letters, and what the service answered for each."""

    def __init__(self, port, ballots, letters):
        self.port = port
        self.ballots = ballots          # body bytes, in order of use
        self.letters = letters          # (pseudonym, code) of voters with no token yet
        self.next_ballot = 0
        self.receipts = {}              # ballot index -> receipt
        self.modulus = None

    def take(self, count):
        taken = list(range(self.next_ballot, self.next_ballot + count))
        self.next_ballot += count
        if self.next_ballot > len(self.ballots):
            sys.exit("faults: not enough prepared ballots")
        return taken

    def cast(self, index):
        status, problem, body = request(self.port, "POST", f"{BASE}/ballots", self.ballots[index], timeout=30)
        if status == 201:
            self.receipts[index] = json.loads(body)
        return status, problem

    def recorded(self, index):
        signature = json.loads(self.ballots[index])["signature"]
        status, _, _ = request(self.port, "GET", f"{BASE}/ballots?signature={signature}")
        return status

    def token(self, blinded_byte=2):
        """A token request for the next voter without one: (status, problem, answer)."""
        pseudonym, code = self.letters[0]
        if self.modulus is None:
            _, _, body = request(self.port, "POST", f"{BASE}/tokens",
                                 {"pseudonym": pseudonym, "activation_code": code, "blinded_message": "02"})
            found = re.search(rb"expected modulus_len (\d+)", body)
            self.modulus = int(found.group(1)) if found else 384
        blinded = "00" * (self.modulus - 1) + f"{blinded_byte:02x}"
        status, problem, body = request(self.port, "POST", f"{BASE}/tokens",
                                        {"pseudonym": pseudonym, "activation_code": code, "blinded_message": blinded})
        return status, problem, body


def fault_round(name, voting, log_path, log_pattern, start, clear, casts=6, token=True):
    """Starts the fault, casts during it, clears it, and checks the service recovered."""
    start()
    answers = {i: voting.cast(i) for i in voting.take(casts)}
    refused = [i for i, (status, problem) in answers.items() if (status, problem) == (503, "storage-failure")]
    others = {i: a for i, a in answers.items() if a[0] != 201 and i not in refused}
    check(f"{name}: every cast is recorded (201) or refused 503 storage-failure", not others, str(others))
    check(f"{name}: casts are refused while the fault lasts", len(refused) > 0,
          f"{len(refused)} of {casts} refused, {casts - len(refused) - len(others)} recorded")
    if token:
        status, problem, body = voting.token()
        check(f"{name}: a token request is refused 503 storage-failure with no signature",
              status == 503 and problem == "storage-failure" and b"blind_signature" not in body, f"{status} {problem}")
    status, _, _ = request(voting.port, "GET", "/healthz")
    reads, _, _ = request(voting.port, "GET", f"{BASE}/checkpoint")
    check(f"{name}: health and reads are still served", status == 200 and reads == 200, f"healthz {status}, checkpoint {reads}")
    not_recorded = [i for i in refused if voting.recorded(i) == 404]
    check(f"{name}: no refused ballot is in the record", len(not_recorded) == len(refused),
          f"{len(refused) - len(not_recorded)} of {len(refused)} found")
    log = open(log_path, errors="replace").read()
    check(f"{name}: the operator's log names the fault", re.search(log_pattern, log) is not None, log_pattern)
    clear()
    cleared = time.monotonic()
    retry = refused[0] if refused else voting.take(1)[0]
    while True:
        status, problem = voting.cast(retry)
        if status == 201 or time.monotonic() - cleared > 5:
            break
        time.sleep(0.2)
    check(f"{name}: casting works again once the fault clears, with no restart", status == 201,
          f"{status} {problem} after {time.monotonic() - cleared:.1f} s")
    again = {i: voting.cast(i) for i in refused if i != retry}
    check(f"{name}: every refused ballot sent again is recorded", all(a[0] == 201 for a in again.values()), str(again))
    if token:
        status, problem, body = voting.token()
        check(f"{name}: the refused token request is answered once the fault clears (it was never issued)",
              status == 200 and b"blind_signature" in body, f"{status} {problem}")
        status, problem, _ = voting.token(blinded_byte=3)
        check(f"{name}: that voter cannot get a second token", (status, problem) == (409, "already-issued"), f"{status} {problem}")
        voting.letters.pop(0)


def fill(path):
    """Writes zeros to `path` until the file system has not one byte left."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size) > 0:
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    bin_dir = os.path.abspath(options.bin)
    # Mounting needs root: as another user, through sudo without a password (as CI's apt-get).
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    work = tempfile.mkdtemp(prefix="urna-faults.")
    disk = os.path.join(work, "disk")
    os.makedirs(disk)
    mounted = subprocess.run(sudo + ["mount", "-t", "tmpfs", "-o", f"size=24m,mode=0700,uid={os.getuid()},gid={os.getgid()}",
                                     "tmpfs", disk], capture_output=True, text=True)
    if mounted.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(f"faults: cannot mount a tmpfs for the election ({mounted.stderr.strip()}); run as root or with passwordless sudo")
    print(f"faults: work {work}, election on a 24 MB tmpfs at {disk}", flush=True)
    try:
        faults(bin_dir, work, disk)
    finally:
        stop_processes()  # the service first: it holds files on the tmpfs
        subprocess.run(sudo + ["umount", "-l", disk])
        status = finish("faults", work, options.keep)
    return status


def faults(bin_dir, work, disk):
    election = os.path.join(disk, "e")
    setup(bin_dir, election, ELECTION, ["n"], 90)
    folder = os.path.join(election, "el")
    shim = os.path.join(work, "libfault.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fault.c"), "-ldl"],
                   check=True)
    flag = os.path.join(work, "fault-flag")
    port = free_port()
    log_path = os.path.join(work, "access.log")

    def limit_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    server = serve(bin_dir, [folder], port, work, ["--rate", "1000000", "--burst", "1000000", "--max-connections", "1000",
                                                  "--read-timeout", "10"],
                   env={"LD_PRELOAD": shim, "URNA_FAULT_FLAG": flag, "URNA_FAULT_PREFIX": folder + "/",
                        "URNA_CLOCK_OFFSET": os.path.join(work, "clock-offset")},
                   access_log=log_path, preexec_fn=limit_descriptors)
    serve_out = os.path.join(work, f"serve-{port}-1.out")
    check("the service warns that its descriptor limit is too low for --max-connections",
          "raise 'ulimit -n'" in open(serve_out).read())
    prepared = os.path.join(work, "prep")
    subprocess.run([os.path.join(bin_dir, "urna-loadgen"), "prepare", "--server", f"http://127.0.0.1:{port}",
                    "--ledger-key", os.path.join(election, "el.vkey"), "--letters", os.path.join(election, "letters.csv"),
                    "--work", prepared, "--voters", "60", "--concurrency", "2", "--timeout", "30"],
                   check=True, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prep.log"), "w"))
    with open(os.path.join(prepared, "ballots.jsonl"), "rb") as f:
        ballots = [line.rstrip(b"\n") for line in f if line.strip()]
    with open(os.path.join(election, "letters.csv")) as f:
        rows = [line.strip().split(",") for line in f.readlines()[1:]]
    letters = [(row[2], row[3]) for row in rows[60:]]
    voting = Voting(port, ballots, letters)
    print(f"faults: {len(ballots)} ballots prepared; {len(letters)} voters left for token requests", flush=True)

    healthy = {i: voting.cast(i) for i in voting.take(4)}
    check("before any fault, ballots are recorded", all(a[0] == 201 for a in healthy.values()), str(healthy))

    filler = os.path.join(disk, "filler")
    fault_round("full disk", voting, log_path, r"storage: .*disk .* is full",
                start=lambda: fill(filler), clear=lambda: os.unlink(filler))

    def read_only():
        with open(flag, "w") as f:
            f.write("30\n")  # EROFS
    fault_round("read-only file system", voting, log_path, r"storage: .*failed a read or write",
                start=read_only, clear=lambda: os.unlink(flag))

    db = os.path.join(folder, "election.db")
    kept = os.path.join(disk, "kept.db")

    def vanish():
        os.link(db, kept)
        os.unlink(db)

    def replaced():
        shutil.copyfile(kept, db)  # a copy at the path is another file: still refused
        answers = {i: voting.cast(i) for i in voting.take(2)}
        check("vanished database: a copy put at its path is not written to",
              all(a == (503, "storage-failure") for a in answers.values()), str(answers))
        for i in answers:
            voting.receipts.pop(i, None)
        replaced.refused = list(answers)
        os.unlink(db)
        os.link(kept, db)
        os.unlink(kept)
    fault_round("vanished database", voting, log_path, r"storage: .*deleted, moved or replaced",
                start=vanish, clear=replaced, token=False)
    again = {i: voting.cast(i) for i in replaced.refused}
    check("vanished database: the ballots refused while a copy stood in are recorded now",
          all(a[0] == 201 for a in again.values()), str(again))

    wal, kept_wal = db + "-wal", os.path.join(disk, "kept.db-wal")
    fault_round("vanished write-ahead log", voting, log_path, r"storage: .*write-ahead log",
                start=lambda: os.rename(wal, kept_wal), clear=lambda: os.rename(kept_wal, wal), token=False)

    descriptors(voting, log_path)
    clock_set_back(voting, work)

    server.send_signal(signal.SIGTERM)
    server.wait()
    check("the service stopped cleanly", server.returncode == 0, str(server.returncode))
    verify_record(bin_dir, election, folder, voting)


def descriptors(voting, log_path):
    """300 idle connections against a limit of 256 open files."""
    idle = []
    for _ in range(300):
        try:
            idle.append(socket.create_connection(("127.0.0.1", voting.port), timeout=5))
        except OSError:
            break
    time.sleep(1)
    busy = 0
    for _ in range(3):
        status, _, _ = request(voting.port, "GET", "/healthz", timeout=5)
        busy += status == 503
    check("out of descriptors: new connections are answered 503 busy", busy > 0, f"{busy} of 3")
    log = open(log_path, errors="replace").read()
    check("out of descriptors: the operator's log says so", "out of file descriptors" in log)
    for s in idle:
        s.close()
    started = time.monotonic()
    status = None
    while time.monotonic() - started < 5:
        status, _, _ = request(voting.port, "GET", "/healthz", timeout=5)
        if status == 200:
            break
        time.sleep(0.2)
    [index] = voting.take(1)
    cast = voting.cast(index)
    check("out of descriptors: serving resumes by itself once connections close", status == 200 and cast[0] == 201,
          f"healthz {status}, cast {cast} after {time.monotonic() - started:.1f} s")
    _, _, metrics = request(voting.port, "GET", "/metrics")
    found = re.search(rb"urna_descriptors_exhausted_total (\d+)", metrics)
    check("out of descriptors: counted in /metrics", found is not None and int(found.group(1)) > 0,
          found.group(0).decode() if found else "missing")


def clock_set_back(voting, work):
    """The wall clock set back two hours (and later forward one hour, then back again)."""
    offset = os.path.join(work, "clock-offset")

    def set_clock(seconds):
        with open(offset, "w") as f:
            f.write(f"{seconds}\n")

    slow = socket.create_connection(("127.0.0.1", voting.port), timeout=30)
    slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finished
    started = time.monotonic()
    set_clock(-7200)
    answers = {i: voting.cast(i) for i in voting.take(3)}
    check("clock set back 2 h: ballots are still recorded (no rate limit or lock sees a negative interval)",
          all(a[0] == 201 for a in answers.values()), str(answers))
    try:
        reply = slow.recv(4096)
    except OSError:
        reply = b""
    waited = time.monotonic() - started
    slow.close()
    check("clock set back 2 h: a request that never ends still times out after the read timeout (10 s)",
          reply.startswith(b"HTTP/1.1 408") and waited < 14, f"{reply[:12]!r} after {waited:.1f} s")
    set_clock(3600)
    forward = {i: voting.cast(i) for i in voting.take(2)}
    set_clock(0)
    back = {i: voting.cast(i) for i in voting.take(2)}
    check("clock set forward 1 h and back again: ballots are still recorded",
          all(a[0] == 201 for a in {**forward, **back}.values()), str({**forward, **back}))


def verify_record(bin_dir, election, folder, voting):
    rows = ledger_checks(bin_dir, os.path.join(folder, "election.db"), os.path.join(election, "el.vkey"),
                         voting.receipts, voting.ballots)
    times = [t for _, _, _, t in rows]
    check("entry times never decrease, though the clock was set back", times == sorted(times),
          f"{len(times)} entries, from {times[0]} to {times[-1]} ms")
    recorded = {body for _, kind, body, _ in rows if kind == "ballot"}
    check("every ballot in the ledger was acknowledged", len(recorded) == len(voting.receipts),
          f"{len(recorded)} in the ledger, {len(voting.receipts)} receipts")


if __name__ == "__main__":
    sys.exit(main())
