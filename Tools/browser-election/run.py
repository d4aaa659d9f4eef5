#!/usr/bin/python3
"""An election end to end through the browser pages of `urna serve`.

    /usr/bin/python3 Tools/browser-election/run.py [--bin DIR] [--scratch-path DIR] [--seed N]
                                                   [--witnesses N] [--screenshots DIR] [--keep]

Builds `urna` and `scrutineer` (or takes them from --bin), sets an election up with the real CLI
as README's "How an election runs" does, serves it with `urna serve` (and witnesses), votes as
several voters in headless Chromium through /vote (one audits first, one reloads mid-flow, one on
a phone-sized window), checks receipts on /receipt, issuances on /check, closes, tallies,
decrypts and publishes with the CLI beside the running service, checks the results on / and the
ledger on /ledger against the choices the script made, stops the service and verifies the
exported record with `scrutineer verify`. One line per step; exit 0 only if every step passed
(1: a step failed, 2: the tools or the browser are missing). See README.md beside this file.
"""
import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

import cli  # noqa: E402
import pages  # noqa: E402
from cli import StepFailure  # noqa: E402

# Who votes how: (voter, desktop, phone or keyboard (desktop, keys only), audit first, reload
# after login). v3, v5 and v7 do not vote; v5 is the /check voter who finds no issuance.
VOTERS = [
    ("v1", "desktop", True, False),
    ("v4", "desktop", False, True),
    ("v6", "phone", False, False),
    ("v2", "keyboard", False, False),
]
NON_VOTER = "v5"


class Run:
    def __init__(self, args):
        self.args = args
        self.started = time.monotonic()
        self.step_number = 0
        self.browser = None
        self.service = None
        self.witnesses = []
        self.timings = []

    def step(self, name, function):
        """Runs one step; prints `PASS n name (s): detail` or the failure with its context."""
        self.step_number += 1
        start = time.monotonic()
        try:
            detail = function()
        except Exception as error:  # every failure is reported with its context, then the run stops
            seconds = time.monotonic() - start
            print("FAIL %d %s (%.1f s): %s" % (self.step_number, name, seconds,
                                                str(error) if isinstance(error, StepFailure) else repr(error)), flush=True)
            if not isinstance(error, StepFailure):
                traceback.print_exc(file=sys.stdout)
            if self.browser is not None:
                print("--- browser\n" + self.browser.diagnose("step%d" % self.step_number), flush=True)
            if self.service is not None:
                print("--- urna serve stderr (tail)\n" + self.service.stderr_tail(), flush=True)
            raise SystemExit(1)
        print("PASS %d %s (%.1f s)%s" % (self.step_number, name, time.monotonic() - start,
                                         ": " + detail if detail else ""), flush=True)

    def new_browser(self, kind):
        if self.browser is not None:
            self.browser.quit()
            self.browser = None
        width, height = (390, 844) if kind == "phone" else (1280, 900)
        self.browser = pages.Browser(self.shots, width, height, kind)
        return self.browser

    def cleanup(self):
        if self.browser is not None:
            self.browser.quit()
            self.browser = None
        for process in [self.service] + self.witnesses:
            if process is not None and process.proc.poll() is None:
                process.stop(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1] if "\n\n" in __doc__ else None)
    parser.add_argument("--bin", help="folder holding built urna and scrutineer (skips the build)")
    parser.add_argument("--scratch-path", help="swift build --scratch-path (default: the package's .build)")
    parser.add_argument("--seed", type=int, help="seed for the voters' random choices (default: random, printed)")
    parser.add_argument("--witnesses", type=int, default=2, choices=[0, 1, 2, 3],
                        help="scrutineer witness processes beside the service (default 2)")
    parser.add_argument("--cli-voters", type=int, default=30,
                        help="voters who vote with `urna vote --server` beside the browser's, so that /ledger has "
                             "more than one page (default 30)")
    parser.add_argument("--screenshots", help="folder for the screenshots (default: a new one under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()

    if pages.webdriver is None:
        print("FAIL runner: python3-selenium is missing; install it with `apt-get install python3-selenium` "
              "and run with /usr/bin/python3", file=sys.stderr)
        return 2
    if pages.find(["chromium", "chromium-browser", "google-chrome"]) is None or pages.find(["chromedriver"]) is None:
        print("FAIL runner: chromium or chromedriver is missing; apt-get install chromium chromium-driver", file=sys.stderr)
        return 2

    run = Run(args)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="browser-election.")
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    run.shots = os.path.abspath(args.screenshots) if args.screenshots else tempfile.mkdtemp(prefix="browser-election-shots.")
    os.makedirs(run.shots, exist_ok=True)
    print("work: %s" % work)
    print("screenshots: %s" % run.shots)
    print("seed: %d" % seed, flush=True)
    state = {}
    try:
        # 1 ---------------------------------------------------------------------------------
        def build():
            if args.bin:
                state["bin"] = os.path.abspath(args.bin)
                detail = "using %s" % state["bin"]
            else:
                state["bin"], seconds = cli.build(REPO, args.scratch_path)
                detail = "swift build -c debug --product urna/scrutineer in %.0f s, %s" % (seconds, state["bin"])
            state["tools"] = cli.Tools(state["bin"], work)
            version = state["tools"].run("urna", "--version").strip().splitlines()[0]
            return detail + "; " + version
        run.step("build", build)
        tools = state["tools"]

        # 2 ---------------------------------------------------------------------------------
        def set_up():
            state["roll"] = cli.make_roll(args.cli_voters)
            letters, status = cli.set_up(tools, state["roll"])
            state["letters"] = letters
            if "open" not in status:
                raise StepFailure("`urna election status` after open does not say open:\n" + status)
            return "%d voters in %d districts, 2-of-3 key ceremony, voting open (letters from --letters-out)" % (
                len(letters), len(cli.MANIFEST["districts"]))
        run.step("set up the election with the CLI", set_up)
        letters = state["letters"]

        # 3 ---------------------------------------------------------------------------------
        def serve():
            run.service, run.witnesses, base = cli.start_service(tools, args.witnesses, logs)
            state["base"] = base
            summary = cli.get_json("%s/v1/elections/%s/" % (base, cli.ELECTION_ID))
            fp = summary.get("ledger_key_fingerprint")
            vkey = cli.get_text("%s/v1/elections/%s/ledger.vkey" % (base, cli.ELECTION_ID)).strip()
            if fp != cli.fingerprint_of(vkey):
                raise StepFailure("the summary's ledger_key_fingerprint %s is not the fingerprint of the served key %s (%s)"
                                  % (fp, vkey, cli.fingerprint_of(vkey)))
            if args.witnesses:
                announced = open(os.path.join(work, "announced-ledger.vkey")).read().strip()
                if announced != vkey:
                    raise StepFailure("the service serves ledger key %s; the export announced %s" % (vkey, announced))
            if summary.get("phase") != "open":
                raise StepFailure("the summary's phase is %s; expected open" % summary.get("phase"))
            state["fp"] = fp
            return "%s, %d witness(es), ledger key fingerprint %s" % (base, len(run.witnesses), fp)
        run.step("urna serve", serve)
        base, fp = state["base"], state["fp"]
        print("fingerprint: %s" % fp, flush=True)

        def assets():
            """The binary embeds Sources/UrnaWeb/Assets (Embedded/WebAssets+*.swift, regenerated by
            URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests): a stale copy serves old
            scripts, so the pages would be tested against files other than the sources."""
            root = os.path.join(REPO, "Sources", "UrnaWeb", "Assets")
            stale, count = [], 0
            for folder in ("js", "css"):
                for name in sorted(os.listdir(os.path.join(root, folder))):
                    count += 1
                    with open(os.path.join(root, folder, name), "rb") as f:
                        source = f.read()
                    try:
                        served = cli.get_bytes("%s/assets/%s/%s" % (base, folder, name))
                    except OSError as error:
                        served = ("(%s)" % error).encode()
                    if served != source:
                        stale.append("%s/%s" % (folder, name))
            if stale and not args.bin:
                raise StepFailure("the built urna serves other bytes than Sources/UrnaWeb/Assets for %s: "
                                  "Sources/UrnaWeb/Embedded is stale (URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests)"
                                  % ", ".join(stale))
            if stale:
                return "WARNING: --bin's urna serves other bytes than this checkout's Assets for %s" % ", ".join(stale)
            return "all %d files under Sources/UrnaWeb/Assets/{js,css} are served byte for byte" % count
        run.step("served assets are this checkout's", assets)

        # 4 ---------------------------------------------------------------------------------
        cast = []       # (district, choices) of every ballot cast
        receipts = {}   # voter -> receipt JSON text
        for voter, kind, audit, reload_after in VOTERS:
            letter = letters[voter]
            district = letter["district"]
            choices = cli.random_choices(rng, district)

            def one_voter(voter=voter, kind=kind, audit=audit, reload_after=reload_after,
                          letter=letter, district=district, choices=choices):
                t0 = time.monotonic()
                browser = run.new_browser(kind)
                state.setdefault("browser_version", browser.version)
                start_s = time.monotonic() - t0
                receipt, details = pages.vote(browser, base, cli.ELECTION_ID, fp, voter, letter, choices,
                                              cli.contests_of(district), audit=audit,
                                              reload_after_login=reload_after, shot_prefix="vote-%s-%s" % (voter, kind),
                                              keyboard=(kind == "keyboard"))
                receipts[voter] = json.dumps(receipt, sort_keys=True, separators=(",", ":"))
                cast.append((district, choices))
                total = time.monotonic() - t0
                run.timings.append((voter, kind, start_s, details["login_s"], details["cast_s"], details["total_s"], total))
                flags = [kind] + (["audited then re-encrypted"] if audit else []) + (["reloaded after login"] if reload_after else [])
                kept = details.get("kept", {}).get("urna.vote." + cli.ELECTION_ID)
                return "%s (%s; %s) chose %s; tracking code %s, receipt seq %d; %.1f s (browser start %.1f, login %.1f, cast %.1f); localStorage after cast keeps %s" % (
                    voter, district, ", ".join(flags), json.dumps(choices, sort_keys=True), details["code"],
                    receipt["seq"], total, start_s, details["login_s"], details["cast_s"], kept)
            run.step("vote in the browser as %s" % voter, one_voter)
        print("browser: Chromium %s" % state["browser_version"], flush=True)

        def cli_voters():
            voters = [v for v, _ in state["roll"] if v.startswith("c")]
            if not voters:
                return "none (--cli-voters 0)"
            plan = [(v, letters[v]["district"], cli.random_choices(rng, letters[v]["district"])) for v in voters]
            failures = []
            lock = threading.Lock()
            queue = list(plan)

            def worker():
                while True:
                    with lock:
                        if not queue or failures:
                            return
                        voter, district, choices = queue.pop(0)
                    try:
                        cli.cli_vote(tools, base, fp, voter, letters[voter], choices)
                    except StepFailure as error:
                        with lock:
                            failures.append("%s: %s" % (voter, error))
                        return
                    with lock:
                        cast.append((district, choices))
            threads = [threading.Thread(target=worker) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if failures:
                raise StepFailure(failures[0])
            return "%d voters with `urna vote --server --ledger-fingerprint FP --witness-key …` (%d witness keys pinned)" % (
                len(plan), len(tools.witness_keys))
        run.step("more voters with the CLI", cli_voters)

        def home_open():
            browser = run.new_browser("desktop")
            pages.open_page(browser, pages.page_url(base, "/", cli.ELECTION_ID), "loaded")
            rows = sorted(tr.get_attribute("data-district") for tr in browser.elements("#districts tr[data-district]"))
            expected = sorted(d["id"] for d in cli.MANIFEST["districts"])
            if rows != expected:
                raise StepFailure("#districts has rows %s; expected %s" % (rows, expected))
            for district in expected:
                want = {"roll": sum(1 for _, d in state["roll"] if d == district),
                        "issued": sum(1 for d, _ in cast if d == district),
                        "cast": sum(1 for d, _ in cast if d == district),
                        "spoiled": sum(1 for v in VOTERS if v[2] and letters[v[0]]["district"] == district)}
                for field, n in want.items():
                    cell = browser.elements('#districts tr[data-district="%s"] td[data-field="%s"]' % (district, field))
                    if cell and re.sub(r"[^0-9]", "", cell[0].text) != str(n):
                        raise StepFailure("#districts %s %s reads '%s'; expected %d" % (district, field, cell[0].text, n))
            phase = browser.text("#phase")
            if "open" not in phase.lower():
                raise StepFailure("#phase reads '%s' while voting is open" % phase)
            shown = browser.text("#ledger-fingerprint-shown")
            if fp not in shown:
                raise StepFailure("#ledger-fingerprint-shown reads '%s'; the fingerprint is %s" % (shown, fp))
            browser.shot("home-1-open")
            return "phase '%s', districts %s" % (phase, rows)
        run.step("home page while voting is open", home_open)

        # 5 ---------------------------------------------------------------------------------
        first_voter = VOTERS[0][0]

        def receipt_ok():
            browser = run.browser
            result_state, outcome, checks, _ = pages.check_receipt(browser, base, cli.ELECTION_ID, fp,
                                                                   receipts[first_voter], "ok", tools.witness_keys)
            if outcome != "ok" or result_state != "checked":
                raise StepFailure("an honest receipt: data-outcome '%s', state '%s'; expected ok/checked; checks %s"
                                  % (outcome, result_state, checks))
            cosigned = [c for c in checks if "osign" in c]
            return "%s's receipt: ok, %d checks listed%s" % (first_voter, len(checks),
                                                          "; " + " / ".join(cosigned) if cosigned else "")
        run.step("/receipt accepts a real receipt", receipt_ok)

        def receipt_tampered():
            receipt = json.loads(receipts[first_voter])
            digits = receipt["entry_hash"]
            receipt["entry_hash"] = digits[:10] + ("0" if digits[10] != "0" else "1") + digits[11:]
            text = json.dumps(receipt, sort_keys=True, separators=(",", ":"))
            result_state, outcome, checks, _ = pages.check_receipt(run.browser, base, cli.ELECTION_ID, fp, text, "tampered")
            if outcome != "fail" or result_state != "failed":
                raise StepFailure("a receipt with one entry_hash digit changed: data-outcome '%s', state '%s'; expected fail/failed"
                                  % (outcome, result_state))
            return "entry_hash changed in one digit: fail (%s)" % (checks[-1] if checks else "no checks listed")
        run.step("/receipt refuses a tampered receipt", receipt_tampered)

        def check_open():
            issued, text, _ = pages.check_issued(run.browser, base, cli.ELECTION_ID, fp,
                                                 letters[NON_VOTER]["pseudonym"], "while-open")
            if issued != "unknown":
                raise StepFailure("/check for %s while voting is open: data-issued '%s' ('%s'); expected unknown "
                                  "(issuances are published in batches until close)" % (NON_VOTER, issued, text))
            return "%s while voting is open: unknown" % NON_VOTER
        run.step("/check while voting is open", check_open)

        # 6 ---------------------------------------------------------------------------------
        def close():
            tools.run("urna", "election", "close", "--dir", "el")
            summary = cli.get_json("%s/v1/elections/%s/" % (base, cli.ELECTION_ID))
            if summary.get("phase") != "closed":
                raise StepFailure("after `urna election close` the service says phase %s" % summary.get("phase"))
            return "`urna election close` beside the running service; it reports phase closed"
        run.step("close voting with the CLI", close)

        def check_page():
            voted, yes_text, _ = pages.check_issued(run.browser, base, cli.ELECTION_ID, fp,
                                                     letters[first_voter]["pseudonym"], "voted")
            if voted != "yes":
                raise StepFailure("/check for %s, who voted: data-issued '%s' ('%s'); expected yes" % (first_voter, voted, yes_text))
            not_voted, no_text, _ = pages.check_issued(run.browser, base, cli.ELECTION_ID, fp,
                                                        letters[NON_VOTER]["pseudonym"], "not-voted")
            if not_voted != "no":
                raise StepFailure("/check for %s, who did not vote: data-issued '%s' ('%s'); expected no" % (NON_VOTER, not_voted, no_text))
            return "%s: yes; %s: no" % (first_voter, NON_VOTER)
        run.step("/check after close", check_page)

        # 7 ---------------------------------------------------------------------------------
        def count():
            tools.run("urna", "election", "tally", "--dir", "el")
            tools.run("urna", "trustee", "decrypt", "--key", "t1.key", "--record", "el", "--out", "t1.share.json")
            tools.run("urna", "trustee", "decrypt", "--key", "t3.key", "--record", "el", "--out", "t3.share.json")
            tools.run("urna", "trustee", "import", "--dir", "el", "t1.share.json", "t3.share.json")
            tools.run("urna", "election", "publish", "--dir", "el")
            summary = cli.get_json("%s/v1/elections/%s/" % (base, cli.ELECTION_ID))
            if summary.get("phase") != "published":
                raise StepFailure("after publish the service says phase %s" % summary.get("phase"))
            result = cli.get_json("%s/v1/elections/%s/results" % (base, cli.ELECTION_ID))
            expected = cli.reference_tally(cast)
            for district, contests in expected.items():
                got = result["totals"] if district == "" else result["districts"].get(district, {}).get("contests")
                if got != contests:
                    raise StepFailure("GET …/results for district '%s' is %s; the voters' choices give %s" % (district, got, contests))
            for district in cli.MANIFEST["districts"]:
                want = sum(1 for d, _ in cast if d == district["id"])
                got = result["districts"][district["id"]]["ballots"]
                if got != want:
                    raise StepFailure("…/results counts %d ballots in %s; %d were cast there" % (got, district["id"], want))
            state["expected"] = expected
            return "tally, t1 and t3 decrypt (t2 absent), import, publish; GET …/results equals the reference tally"
        run.step("tally, decrypt and publish with the CLI beside the service", count)

        def home_results():
            browser = run.browser
            pages.open_page(browser, pages.page_url(base, "/", cli.ELECTION_ID), "loaded")
            browser.visible("#results")
            shown = browser.driver.execute_script("""
                var out = {};
                document.querySelectorAll('#results section[data-district]').forEach(function (section) {
                  var cells = [];
                  section.querySelectorAll('td[data-candidate]').forEach(function (td) {
                    var holder = td.closest('[data-contest]');
                    cells.push([holder ? holder.getAttribute('data-contest') : null,
                                td.getAttribute('data-candidate'), td.textContent.trim()]);
                  });
                  out[section.getAttribute('data-district')] = {cells: cells, svg: !!section.querySelector('svg')};
                });
                return out;""")
            expected = state["expected"]
            if sorted(shown) != sorted(expected):
                raise StepFailure("#results has sections %s; expected %s (the districts and \"\" for the total)"
                                  % (sorted(shown), sorted(expected)))
            for district, contests in expected.items():
                section = shown[district]
                if not section["svg"]:
                    raise StepFailure("#results section[data-district='%s'] has no <svg> chart" % district)
                by_candidate = {}
                for contest, candidate, text in section["cells"]:
                    digits = re.sub(r"[^0-9]", "", text)
                    if not digits:
                        raise StepFailure("district '%s' candidate %s: the cell reads '%s', no count" % (district, candidate, text))
                    key = (contest, candidate) if contest else candidate
                    if key in by_candidate:
                        raise StepFailure("district '%s' shows candidate %s twice" % (district, key))
                    by_candidate[key] = int(digits)
                want = {}
                for contest, counts in contests.items():
                    for candidate, n in counts.items():
                        want[(contest, candidate) if any(c for c, _, _ in section["cells"]) else candidate] = n
                if by_candidate != want:
                    raise StepFailure("district '%s' shows %s; the voters' choices give %s" % (district, by_candidate, want))
            for link in ("a#download-record", "a#verify-howto"):
                browser.element(link)
            browser.shot("home-2-results")
            return "per-district and total counts equal the reference tally (%s)" % json.dumps(expected[""], sort_keys=True)
        run.step("results on / equal the choices made", home_results)

        def ledger():
            browser = run.browser
            summary = cli.get_json("%s/v1/elections/%s/" % (base, cli.ELECTION_ID))
            size = summary["ledger_size"]
            pages.open_page(browser, pages.page_url(base, "/ledger", cli.ELECTION_ID, fp), "loaded")
            browser.visible("#entries")
            first = seqs(browser)
            if not first:
                raise StepFailure("#entries has no tr[data-seq] rows; the ledger has %d entries" % size)
            browser.element("#checkpoints")
            browser.shot("ledger-1")
            ballots = browser.elements("#entries tr[data-seq] a")
            next_button = browser.element("#next-page")
            prev_button = browser.element("#prev-page")
            if len(first) >= size:
                if sorted(first) != list(range(size)):
                    raise StepFailure("one page shows seqs %s; the ledger has 0…%d" % (first, size - 1))
                if next_button.is_enabled():
                    raise StepFailure("all %d entries are on one page, yet #next-page is enabled" % size)
                return "%d entries on one page (no paging possible); %d links" % (size, len(ballots))
            if not next_button.is_enabled():
                raise StepFailure("page 1 shows %d of %d entries but #next-page is disabled" % (len(first), size))
            browser.click(next_button)
            browser.wait_state("loaded", what="/ledger next page")
            WebDriverWaitFor(browser, lambda: seqs(browser) and seqs(browser) != first, "the next page's rows")
            second = seqs(browser)
            if set(second) & set(first):
                raise StepFailure("the next page repeats seqs %s" % sorted(set(second) & set(first)))
            browser.shot("ledger-2-next-page")
            browser.click(browser.element("#prev-page"))
            WebDriverWaitFor(browser, lambda: seqs(browser) == first, "page 1 again after #prev-page")
            return "%d entries; page 1 seqs %d…%d, next page %d…%d, back to page 1" % (
                size, min(first), max(first), min(second), max(second))
        run.step("/ledger lists the entries and pages", ledger)

        # 8 ---------------------------------------------------------------------------------
        def stop_and_verify():
            run.browser.quit()
            run.browser = None
            status = run.service.stop(60)
            service = run.service
            if status != 0:
                raise StepFailure("urna serve exited %s on SIGTERM; expected 0\n%s" % (status, service.stderr_tail()))
            run.service = None
            witness_status = [w.stop(30) for w in run.witnesses]
            tools.run("urna", "export", "--dir", "el", "--out", "public")
            key = "announced-ledger.vkey" if args.witnesses else "public/ledger.vkey"
            report = tools.run("scrutineer", "verify", "public/", "--ledger-key", key)
            kinds = {}
            with open(os.path.join(work, "public", "ledger.jsonl")) as f:
                for line in f:
                    kind = json.loads(line)["kind"]
                    kinds[kind] = kinds.get(kind, 0) + 1
            if kinds.get("ballot", 0) != len(cast):
                raise StepFailure("the record holds %d ballot entries; %d voters cast" % (kinds.get("ballot", 0), len(cast)))
            audits = sum(1 for v in VOTERS if v[2])
            if kinds.get("spoiled", 0) != audits:
                raise StepFailure("the record holds %d spoiled entries; %d voter(s) audited" % (kinds.get("spoiled", 0), audits))
            verdict = [line.strip() for line in report.splitlines() if line.strip()][-1]
            return "serve exited 0, witnesses %s; `scrutineer verify public/ --ledger-key %s` exit 0 (%s); %d ballot and %d spoiled entries" % (
                witness_status, key, verdict, kinds.get("ballot", 0), kinds.get("spoiled", 0))
        run.step("stop the service, export and verify", stop_and_verify)
    except SystemExit as stop:
        run.cleanup()
        print("runtime: %.1f s" % (time.monotonic() - run.started))
        print("screenshots: %s" % run.shots)
        print("kept work directory: %s" % work)
        return stop.code
    finally:
        run.cleanup()

    # 9 -------------------------------------------------------------------------------------
    names = sorted(os.listdir(run.shots))
    print("timings per voter (s): voter window browser-start login cast whole-flow with-browser-start")
    for voter, kind, start_s, login_s, cast_s, flow_s, total in run.timings:
        print("  %s %s %.1f %.1f %.1f %.1f %.1f" % (voter, kind, start_s, login_s, cast_s, flow_s, total))
    print("browser: Chromium %s" % state.get("browser_version", "?"))
    print("screenshots: %s (%d PNG: %s)" % (run.shots, len(names), ", ".join(n[:-4] for n in names)))
    if args.keep:
        print("kept work directory: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("OK: %d steps passed in %.1f s" % (run.step_number, time.monotonic() - run.started))
    return 0


def seqs(browser):
    return browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#entries tr[data-seq]'), function (tr) {"
        " return parseInt(tr.getAttribute('data-seq'), 10); });")


def WebDriverWaitFor(browser, condition, what, timeout=30):
    try:
        pages.WebDriverWait(browser.driver, timeout, poll_frequency=0.1).until(lambda _: condition())
    except pages.TimeoutException:
        raise StepFailure("%s did not appear within %d s (rows now %s)" % (what, timeout, seqs(browser)))


if __name__ == "__main__":
    sys.exit(main())
