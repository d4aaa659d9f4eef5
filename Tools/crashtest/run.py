#!/usr/bin/env python3
"""Kills `urna serve` with SIGKILL under load, again and again, and checks that nothing was lost.

    Tools/crashtest/run.py --bin BIN-DIR [--kills N] [--voters N] [--seed S] [--keep]

One election is served with a witness (`scrutineer witness`) and watched by a follower
(`scrutineer follow`). Each round starts load and then kills the service at a random moment:
  - `urna-loadgen prepare` asks for the next voters' tokens and encrypts their ballots;
  - four casting clients POST ballots prepared before (a reserve made at the start, then what
    the rounds' loadgen runs made), keeping every receipt;
  - after 0.2–2 s the service gets SIGKILL, and is started again once the clients have stopped;
  - every third round the witness and the follower are killed too, and started again.
A ballot whose answer was lost in a crash is sent again after the restart: it must be recorded
(201) or already recorded (409 `ballot-replayed`), never twice. At the end:
  - every receipt's entry is in the ledger at its seq, holding exactly the ballot sent;
  - no pseudonym was given a token twice (issuance entries), and no ballot is in the ledger twice;
  - the witness never saw two roots for one size (no FORK in its log, nothing in its forks
    folder) and cosigned the final checkpoint; the follower raised no ALARM and reached the end;
  - `scrutineer verify` of the record (chain, Merkle tree, checkpoints, every rule) exits 0.
Exits 0 only if all hold; prints one line per round and per check.
"""
import argparse, json, os, random, signal, socket, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from urna_kit import check, finish, free_port, ledger_checks, request, run, serve, setup, track  # noqa: E402


class Caster:
    """Casting clients: POST ballots, keep the receipts, remember the ballots whose answer was lost."""

    def __init__(self, port, path):
        self.port, self.path = port, path
        self.receipts = {}      # index -> receipt
        self.lost = set()       # indices whose answer never came (a crash)
        self.refused = {}       # index -> (status, code) for answers other than 201
        self.lock = threading.Lock()

    def cast(self, index, body):
        try:
            status, problem, answer = request(self.port, "POST", self.path, body, timeout=30)
        except OSError:
            status, problem, answer = None, None, b""
        with self.lock:
            if status == 201:
                self.receipts[index] = json.loads(answer)
                self.lost.discard(index)
            elif status is None or status >= 500:
                self.lost.add(index)
            else:
                self.refused[index] = (status, problem)
                self.lost.discard(index)
        return status, problem

    def run(self, items, clients=4, pause=0.0):
        """Casts `items` on `clients` threads, each pausing `pause` s between casts (so a round's
        casts are still in flight when the service is killed)."""
        queue = list(items)
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if not queue:
                        return
                    index, body = queue.pop()
                self.cast(index, body)
                time.sleep(pause)

        threads = [threading.Thread(target=worker) for _ in range(clients)]
        for t in threads:
            t.start()
        return threads


def start_witness(bin_dir, work, service_url, vkey, port):
    log = open(os.path.join(work, "witness.log"), "a")
    process = track(subprocess.Popen([os.path.join(bin_dir, "scrutineer"), "witness", "--listen", f"127.0.0.1:{port}",
                                      "--key", os.path.join(work, "witness.key"), "--service", service_url,
                                      "--ledger-key", vkey, "--state", os.path.join(work, "witness-state")],
                                     stdout=log, stderr=subprocess.STDOUT))
    for _ in range(200):
        time.sleep(0.05)
        if process.poll() is not None:
            sys.exit(f"crashtest: the witness exited: {open(log.name).read()[-2000:]}")
        status, _, _ = request(port, "GET", "/healthz", timeout=5) if listening(port) else (None, None, None)
        if status == 200:
            return process
    sys.exit("crashtest: the witness did not start")


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def start_follower(bin_dir, work, service_url, vkey):
    log = open(os.path.join(work, "follower.log"), "a")
    return track(subprocess.Popen([os.path.join(bin_dir, "scrutineer"), "follow", service_url, "--state", os.path.join(work, "follower-state"),
                                   "--interval", "1", "--ledger-key", vkey], stdout=log, stderr=subprocess.STDOUT))


def kill(process):
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--voters", type=int, default=40, help="voters prepared per round")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    random.seed(options.seed)
    bin_dir = os.path.abspath(options.bin)
    work = tempfile.mkdtemp(prefix="urna-crashtest.")
    print(f"crashtest: seed {options.seed}, {options.kills} kills, work {work}", flush=True)
    try:
        crash(bin_dir, work, options)
    finally:
        status = finish("crashtest", work, options.keep)
    return status


def crash(bin_dir, work, options):
    election = os.path.join(work, "e")
    total = options.voters * (2 * options.kills + 1)
    setup(bin_dir, election, "crash-2026", ["n", "s"], total)
    vkey = os.path.join(election, "el.vkey")
    port, witness_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}/v1/elections/crash-2026"
    witness_key = run([os.path.join(bin_dir, "scrutineer"), "keygen", "--name", "witness.example/crash",
                       "--out", os.path.join(work, "witness.key")], work).strip().splitlines()[-1]
    witness = start_witness(bin_dir, work, url, vkey, witness_port)
    serve_options = ["--rate", "1000000", "--burst", "1000000", "--witness", f"http://127.0.0.1:{witness_port}={witness_key}"]
    server = serve(bin_dir, [os.path.join(election, "el")], port, work, serve_options)
    follower = start_follower(bin_dir, work, url, vkey)
    caster = Caster(port, "/v1/elections/crash-2026/ballots")

    def prepare(name, voters, skip):
        """`urna-loadgen prepare` of `voters` voters after the first `skip`; returns the process."""
        return track(subprocess.Popen([os.path.join(bin_dir, "urna-loadgen"), "prepare", "--server", f"http://127.0.0.1:{port}",
                                       "--ledger-key", vkey, "--letters", os.path.join(election, "letters.csv"),
                                       "--work", os.path.join(work, name), "--voters", str(voters), "--skip", str(skip),
                                       "--concurrency", "4", "--timeout", "10"],
                                      stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, f"{name}.log"), "w")))

    def harvest(name):
        path = os.path.join(work, name, "ballots.jsonl")
        made = 0
        if os.path.exists(path):
            with open(path, "rb") as f:
                for line in f:
                    if line.strip():
                        prepared.append((len(prepared), line.rstrip(b"\n")))
                        made += 1
        return made

    prepared = []           # (index, body bytes) of every ballot prepared so far; index = position
    # A reserve of ballots, prepared while the service runs undisturbed, to cast under the kills.
    reserve = options.voters * options.kills
    prepare("prep-reserve", reserve, 0).wait()
    print(f"crashtest: {harvest('prep-reserve')} ballots prepared for the rounds", flush=True)
    sent = set()
    kills = 0
    for round_number in range(options.kills + 1):
        last = round_number == options.kills
        # Load: casts of the next slice of ballots, and tokens for more voters (which a kill may cut short).
        name = f"prep-{round_number}"
        loadgen = prepare(name, options.voters, reserve + round_number * options.voters)
        todo = [(i, b) for i, b in prepared if i not in sent][:options.voters]
        sent.update(i for i, _ in todo)
        threads = caster.run(todo, pause=0.2)
        if not last:
            time.sleep(random.uniform(0.2, 2.0))
            kill(server)
            kills += 1
        for t in threads:
            t.join()
        loadgen.wait()
        made = harvest(name)
        if not last:
            if round_number % 3 == 2:
                kill(witness)
                kill(follower)
            server = serve(bin_dir, [os.path.join(election, "el")], port, work, serve_options)
            if witness.poll() is not None:
                witness = start_witness(bin_dir, work, url, vkey, witness_port)
                follower = start_follower(bin_dir, work, url, vkey)
            # Ballots whose answer was lost: recorded once, or recorded now; never twice.
            for index in sorted(caster.lost):
                caster.cast(index, prepared[index][1])
        print(f"crashtest: round {round_number + 1}: {'' if last else 'killed at a random moment; '}"
              f"{len(todo)} ballots sent, {made} more prepared, {len(caster.receipts)} receipts so far", flush=True)
    # Cast what is left, with the service up.
    rest = [(i, b) for i, b in prepared if i not in sent]
    for t in caster.run(rest):
        t.join()
    for index in sorted(caster.lost):
        caster.cast(index, prepared[index][1])
    time.sleep(3)  # the follower's next round, the witness's last cosignature
    follower_alive = follower.poll() is None
    # The last stop is an orderly one: pending issuances published, a final checkpoint signed.
    server.send_signal(signal.SIGTERM)
    server.wait()
    follower.send_signal(signal.SIGTERM)
    follower.wait()
    kill(witness)
    check("the follower was still following at the end (no alarm stopped it)", follower_alive)
    check(f"{kills} SIGKILLs of urna serve under load", kills >= 20 or kills == options.kills, str(kills))
    check("ballots were cast across the crashes", len(caster.receipts) > options.kills, f"{len(caster.receipts)} receipts")
    unexpected = {k: v for k, v in caster.refused.items() if v[1] != "ballot-replayed"}
    check("no ballot was refused except as already recorded", not unexpected, str(dict(list(unexpected.items())[:5])))
    check("every lost answer was settled after a restart", not caster.lost, f"{len(caster.lost)} unsettled")
    verify_record(bin_dir, work, election, caster, [body for _, body in prepared])


def verify_record(bin_dir, work, election, caster, prepared):
    db = os.path.join(election, "el", "election.db")
    ledger_checks(bin_dir, db, os.path.join(election, "el.vkey"), caster.receipts, prepared)
    witness_log = open(os.path.join(work, "witness.log")).read()
    forks = os.path.join(work, "witness-state", "forks")
    check("the witness never saw two roots for one size", "FORK" not in witness_log and not (os.path.isdir(forks) and os.listdir(forks)))
    check("the witness cosigned across its restarts", witness_log.count("cosigned size") > 0, f"{witness_log.count('cosigned size')} cosignatures")
    follower_log = open(os.path.join(work, "follower.log")).read()
    check("the follower raised no alarm", "ALARM" not in follower_log,
          follower_log.strip().splitlines()[-1][:200] if follower_log.strip() else "no output")


if __name__ == "__main__":
    sys.exit(main())
