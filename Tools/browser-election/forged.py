#!/usr/bin/python3
"""The pages of `urna serve` against a DISHONEST service (negative tests).

    /usr/bin/python3 Tools/browser-election/forged.py [--bin DIR] [--scratch-path DIR] [--seed N]
                                                      [--screenshots DIR] [--keep]

Sets an election up with the real CLI (cli.py), serves it with `urna serve` and two witnesses,
lets three voters vote with `urna vote --server` (their genuine receipts are the forger's
material), then puts a forging HTTP proxy (forged_proxy.py) in front of the service and drives
the pages through it in headless Chromium. In each scenario the commission lies with its own keys
and data; each passes only when the page REFUSES (#error with a problem code, a failed check,
data-outcome="fail") or does not adopt the lie, and fails when the page shows a success state.
One `PASS n name: …` or `FAIL n name: …` line per scenario; exit 0 only if all pass (1: a
scenario or the set-up failed, 2: the tools or the browser are missing). See README.md.
"""
import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

import cli  # noqa: E402
import forged_proxy as fx  # noqa: E402
import pages  # noqa: E402
from cli import StepFailure  # noqa: E402

ID = cli.ELECTION_ID
CLI_VOTERS = 3
WAIT = 90  # seconds for a page to refuse or succeed (the booth does 3072-bit RSA and proofs in JS)


def codes_in(text):
    return re.findall(r"\[([a-z0-9-]+)\]", text or "")


def wait_until(browser, condition, timeout, what):
    try:
        return pages.WebDriverWait(browser.driver, timeout, poll_frequency=0.2).until(lambda _: condition())
    except pages.TimeoutException:
        raise StepFailure("%s: nothing within %d s (state '%s', #status '%s', #error '%s')"
                          % (what, timeout, browser.state(), browser.status_text(), browser.error_text()))


def outcome(browser, success_states, timeout=WAIT, what=""):
    """Waits until the page shows #error or reaches a success state; returns (state, #error)."""
    def done():
        error = browser.error_text()
        state = browser.state()
        if error or state in success_states:
            return (state, error)
        return False
    return wait_until(browser, done, timeout, what)


def local_storage(browser):
    return browser.driver.execute_script(
        "var o = {}; for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); o[k] = localStorage.getItem(k); } return o;")


def pins(browser):
    return {k: v for k, v in local_storage(browser).items() if k.startswith("urna.pin.")}


def refused(browser, success_states, what, want_codes=None, timeout=WAIT):
    """The page must end with #error (never a success state); returns its codes. want_codes, if
    given, are the codes that count as the intended refusal (another code is a FAIL too: the page
    refused, but not for the forgery)."""
    state, error = outcome(browser, success_states, timeout, what)
    if state in success_states and not error:
        raise StepFailure("%s: the page reached the success state '%s' (#status '%s')" % (what, state, browser.status_text()))
    codes = codes_in(error)
    if not codes:
        raise StepFailure("%s: #error carries no problem code: '%s'" % (what, error))
    if want_codes and not set(codes) & set(want_codes):
        raise StepFailure("%s: the page refused, but with %s, not %s: '%s'" % (what, codes, want_codes, error))
    return codes, error


def receipt_outcome(browser, what):
    state = browser.wait_state(("checked", "failed"), what=what, error_ends=False)
    result = browser.visible("#receipt-result")
    checks = [(li.get_attribute("class"), li.text.strip()) for li in browser.elements("#receipt-checks li")]
    return state, result.get_attribute("data-outcome"), checks


def fill_receipt_form(browser, base, fp, text, witness_keys=None):
    pages.open_page(browser, pages.page_url(base, "/receipt", ID), "ready")
    browser.set_value("#ledger-fingerprint", fp)
    if witness_keys is not None:
        browser.set_value("#witness-keys", "\n".join(witness_keys))
    browser.set_value("#receipt-input", text)
    browser.click("#receipt-check")


def login(browser, base, fp, letter, typed_fp=True):
    pages.open_page(browser, pages.page_url(base, "/vote", ID), "login")
    if typed_fp:
        browser.set_value("#ledger-fingerprint", fp)
    browser.type("#pseudonym", letter["pseudonym"])
    browser.type("#code", letter["code"])
    browser.click("#login")


def login_to_review(browser, base, fp, letter, choices):
    """Logs in, chooses, reviews; returns the ballot's full tracking code (the booth's saved flow)."""
    login(browser, base, fp, letter)
    browser.wait_state("ballot", what="log in")
    for contest, candidates in choices.items():
        for candidate in candidates:
            box = browser.element('#ballot-form input[data-contest="%s"][data-candidate="%s"]' % (contest, candidate))
            browser.click(box)
    browser.click("#review")
    browser.wait_state("review", what="review (encrypt)")
    flow = json.loads(local_storage(browser)["urna.vote." + ID])
    return flow["built"]["trackingCode"]


class Run:
    def __init__(self, args, shots):
        self.args = args
        self.shots = shots
        self.started = time.monotonic()
        self.browsers = {}
        self.current = None
        self.service = None
        self.witnesses = []
        self.forger = None
        self.results = []

    def browser(self, name):
        if name not in self.browsers:
            self.browsers[name] = pages.Browser(self.shots, 1280, 900, name)
        self.current = self.browsers[name]
        return self.current

    def setup_step(self, name, function):
        start = time.monotonic()
        try:
            detail = function()
        except Exception as error:
            print("FAIL set-up %s (%.1f s): %s" % (name, time.monotonic() - start,
                                                   str(error) if isinstance(error, StepFailure) else repr(error)), flush=True)
            if not isinstance(error, StepFailure):
                traceback.print_exc(file=sys.stdout)
            if self.service is not None:
                print("--- urna serve stderr (tail)\n" + self.service.stderr_tail(), flush=True)
            raise SystemExit(1)
        print("ok  set-up %s (%.1f s)%s" % (name, time.monotonic() - start, ": " + detail if detail else ""), flush=True)

    def scenario(self, number, name, function):
        """One scenario: PASS when the function returns (its text says how the page refused),
        FAIL with the page's context otherwise. The rules are cleared after each."""
        if str(number) in self.args.skip:
            print("SKIP %s %s (--skip)" % (number, name), flush=True)
            return
        start = time.monotonic()
        self.current = None
        try:
            detail = function()
            ok = True
        except Exception as error:
            ok = False
            detail = str(error) if isinstance(error, StepFailure) else repr(error)
            if not isinstance(error, StepFailure):
                detail += "\n" + traceback.format_exc()
        finally:
            if self.forger is not None:
                self.forger.clear()
        seconds = time.monotonic() - start
        print("%s %s %s (%.1f s): %s" % ("PASS" if ok else "FAIL", number, name, seconds, detail), flush=True)
        if not ok and self.current is not None:
            print("--- browser\n" + self.current.diagnose("scenario-%s" % number), flush=True)
        self.results.append((number, ok))

    def shot(self, name):
        return os.path.basename(self.current.shot(name))

    def cleanup(self):
        for b in self.browsers.values():
            b.quit()
        self.browsers = {}
        if self.forger is not None:
            self.forger.stop()
            self.forger = None
        for process in [self.service] + self.witnesses:
            if process is not None and process.proc.poll() is None:
                process.stop(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--bin", help="folder holding built urna and scrutineer (skips the build)")
    parser.add_argument("--scratch-path", help="swift build --scratch-path (default: the package's .build)")
    parser.add_argument("--seed", type=int, help="seed for the voters' random choices (default: random, printed)")
    parser.add_argument("--screenshots", help="folder for the screenshots (default: a new one under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--skip", action="append", default=[], metavar="N",
                        help="skip scenario N (repeatable; e.g. one whose page fix is not merged yet)")
    args = parser.parse_args()

    if pages.webdriver is None:
        print("FAIL runner: python3-selenium is missing; run with /usr/bin/python3", file=sys.stderr)
        return 2
    if pages.find(["chromium", "chromium-browser", "google-chrome"]) is None or pages.find(["chromedriver"]) is None:
        print("FAIL runner: chromium or chromedriver is missing; apt-get install chromium chromium-driver", file=sys.stderr)
        return 2

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="browser-forged.")
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    shots = os.path.abspath(args.screenshots) if args.screenshots else tempfile.mkdtemp(prefix="browser-forged-shots.")
    os.makedirs(shots, exist_ok=True)
    run = Run(args, shots)
    print("work: %s" % work)
    print("screenshots: %s" % shots)
    print("seed: %d" % seed, flush=True)
    s = {}
    try:
        def build():
            if args.bin:
                s["bin"] = os.path.abspath(args.bin)
                detail = "using %s" % s["bin"]
            else:
                s["bin"], seconds = cli.build(REPO, args.scratch_path)
                detail = "built in %.0f s, %s" % (seconds, s["bin"])
            s["tools"] = cli.Tools(s["bin"], work)
            return detail
        run.setup_step("build", build)
        tools = s["tools"]

        def set_up():
            s["roll"] = cli.make_roll(CLI_VOTERS)
            s["letters"], status = cli.set_up(tools, s["roll"])
            if "open" not in status:
                raise StepFailure("`urna election status` does not say open:\n" + status)
            return "%d voters, voting open" % len(s["letters"])
        run.setup_step("election with the CLI", set_up)
        letters = s["letters"]

        def serve():
            run.service, run.witnesses, base = cli.start_service(tools, 2, logs)
            s["base"] = base
            s["vkey"] = cli.get_text("%s/v1/elections/%s/ledger.vkey" % (base, ID)).strip()
            s["fp"] = cli.fingerprint_of(s["vkey"])
            summary = cli.get_json("%s/v1/elections/%s/" % (base, ID))
            if summary.get("ledger_key_fingerprint") != s["fp"]:
                raise StepFailure("the honest summary's fingerprint %s is not that of ledger.vkey %s"
                                  % (summary.get("ledger_key_fingerprint"), s["fp"]))
            return "%s with witnesses %s; fingerprint %s" % (base, [k.split("+")[0] for k in tools.witness_keys], s["fp"])
        run.setup_step("urna serve", serve)
        base, fp, vkey = s["base"], s["fp"], s["vkey"]
        ledger_name = vkey.split("+")[0]

        def voters():
            s["receipts"] = {}
            for voter in ["c%02d" % (i + 1) for i in range(CLI_VOTERS)]:
                district = letters[voter]["district"]
                cli.cli_vote(tools, base, fp, voter, letters[voter], cli.random_choices(rng, district))
                with open(os.path.join(work, voter + ".receipt")) as f:
                    s["receipts"][voter] = f.read().strip()
                json.loads(s["receipts"][voter])
            seqs = {v: json.loads(t)["seq"] for v, t in s["receipts"].items()}
            return "%d honest voters with `urna vote --server` (receipts at seqs %s: the forger's material)" % (CLI_VOTERS, seqs)
        run.setup_step("honest CLI voters", voters)
        receipts = s["receipts"]
        rc = {v: json.loads(t) for v, t in receipts.items()}

        def proxy():
            run.forger = fx.Forger(base, ID)
            # Self-test of the forger's ledger encoding on the genuine ledger, so that a forged
            # answer differs from the genuine one only where it is meant to.
            size = cli.get_json("%s/v1/elections/%s/" % (base, ID))["ledger_size"]
            text = cli.get_text("%s/v1/elections/%s/entries?start=0&end=%d" % (base, ID, size))
            if not fx.check_line_format(text):
                raise StepFailure("forged_proxy's entry encoding does not give the genuine lines back")
            forged, seq = fx.altered_entries(text)
            if forged == text or fx.check_line_format(forged) is False:
                raise StepFailure("forged_proxy's altered ledger is not internally consistent")
            note = cli.get_text("%s/v1/elections/%s/checkpoint" % (base, ID))
            s["attacker_vkey"] = fx.attacker_ledger_key(ledger_name) or (ledger_name + "+00000000+AQ" + "A" * 42 + "=")
            s["attacker_fp"] = cli.fingerprint_of(s["attacker_vkey"])
            return "%s in front of %s; the genuine checkpoint is cosigned by %s; attacker key fingerprint %s" % (
                run.forger.base, base, fx.cosigner_names(note, ledger_name), s["attacker_fp"])
        run.setup_step("forging proxy", proxy)
        evil, forger, afp = run.forger.base, run.forger, s["attacker_fp"]
        print("fingerprint: %s (attacker's: %s)" % (fp, afp), flush=True)

        # 1 ------------------------------------------------------------------------------------
        def cast_forged_receipt():
            browser = run.browser("voter-v1")
            letter = letters["v1"]
            code = login_to_review(browser, evil, fp, letter, cli.random_choices(rng, letter["district"]))
            victim = receipts["c01"]

            def rule(req):
                if req.method == "POST" and req.api("/ballots"):
                    status, headers, body = req.forward()
                    if status != 201:
                        forger.notes["genuine"] = (status, body[:200])
                        return status, headers, body
                    genuine = json.loads(body)
                    forger.notes["genuine_seq"] = genuine["seq"]
                    return fx.json_answer(fx.retagged_receipt(victim, genuine["tracking_code"]), 201)
                return None
            forger.set(rule)
            mark = forger.mark()
            browser.click("#cast")
            codes, error = refused(browser, ("cast",), "cast", ["receipt-mismatch"])
            if "genuine_seq" not in forger.notes:
                raise StepFailure("the proxy forged no POST …/ballots answer (%s); the scenario did not run" % forger.since(mark))
            kept = local_storage(browser)
            if "urna.receipt." + ID in kept:
                raise StepFailure("the booth refused, but kept the forged receipt in localStorage")
            return ("the page refused with [%s] (state '%s'): the service recorded the ballot at seq %d, answered with "
                    "c01's genuine receipt (seq %d) re-tagged with this ballot's code %s…; no receipt kept; %s" % (
                        "][".join(codes), browser.state(), forger.notes["genuine_seq"], rc["c01"]["seq"], code[:16],
                        run.shot("01-cast-forged-receipt")))
        run.scenario(1, "cast answered with another entry's receipt", cast_forged_receipt)

        def cast_unclear_then_forged():
            browser = run.browser("voter-v3")
            letter = letters["v3"]
            code = login_to_review(browser, evil, fp, letter, cli.random_choices(rng, letter["district"]))

            def rule(req):
                # The cast is "unavailable" (never forwarded); the booth then looks its ballot up.
                if req.method == "POST" and req.api("/ballots"):
                    return fx.problem(503, "unavailable", "the service is busy; try again")
                if req.method == "GET" and req.api_prefix("/receipts/"):
                    forger.notes["looked_up"] = req.path
                    return fx.json_answer(fx.retagged_receipt(receipts["c02"], code))
                return None
            forger.set(rule)
            browser.click("#cast")
            codes, error = refused(browser, ("cast",), "cast answered 503, look-up forged", ["receipt-mismatch"])
            if "looked_up" not in forger.notes:
                raise StepFailure("the booth did not look its ballot up after the 503 (refused with %s)" % codes)
            return ("the page refused with [%s] (state '%s'): POST …/ballots answered 503 unavailable, the look-up %s… answered "
                    "with c02's genuine receipt (seq %d) re-tagged; %s" % (
                        "][".join(codes), browser.state(), forger.notes["looked_up"][-64:-48], rc["c02"]["seq"],
                        run.shot("01b-cast-lookup-forged")))
        run.scenario("1b", "cast unanswered, the look-up answered with another entry's receipt", cast_unclear_then_forged)

        # 2 ------------------------------------------------------------------------------------
        def receipt_code_only():
            browser = run.browser("observer")
            asked = rc["c02"]["tracking_code"]
            fill_receipt_form(browser, evil, fp, asked)
            state, result, checks = receipt_outcome(browser, "honest baseline")
            if result != "ok":
                raise StepFailure("honest baseline through the proxy: data-outcome '%s' (%s)" % (result, checks))
            details = []
            variants = [("2", "c01's genuine receipt", lambda: json.loads(receipts["c01"])),
                        ("2b", "c01's genuine receipt re-tagged with the asked code",
                         lambda: fx.retagged_receipt(receipts["c01"], asked))]
            for label, what, make in variants:
                forger.set(lambda req, make=make: fx.json_answer(make()) if req.method == "GET" and req.api_prefix("/receipts/") else None)
                fill_receipt_form(browser, evil, fp, asked)
                state, result, checks = receipt_outcome(browser, what)
                shot = run.shot("02-receipt-code-%s" % label)
                if result != "fail" or state != "failed":
                    raise StepFailure("%s: data-outcome '%s', state '%s'; checks %s" % (what, result, state, checks))
                failing = [t for c, t in checks if c == "fail"]
                details.append("%s: data-outcome=fail, %s (%s)" % (what, "; ".join(failing)[:160], shot))
            # 2c: the voter's whole receipt pasted, the fresh answer another entry's re-tagged.
            forger.set(lambda req: fx.json_answer(fx.retagged_receipt(receipts["c01"], asked))
                       if req.method == "GET" and req.api_prefix("/receipts/") else None)
            fill_receipt_form(browser, evil, fp, receipts["c02"])
            state, result, checks = receipt_outcome(browser, "pasted receipt")
            shot = run.shot("02-receipt-pasted")
            if result != "fail":
                raise StepFailure("pasted receipt, fresh answer forged: data-outcome '%s'; checks %s" % (result, checks))
            details.append("whole receipt pasted, fresh answer forged: data-outcome=fail, %s (%s)"
                           % ("; ".join(t for c, t in checks if c == "fail")[:160], shot))
            return "the page refused (honest baseline ok): " + " | ".join(details)
        run.scenario(2, "/receipt answered with another ballot's receipt", receipt_code_only)

        # 3, 9, 10 (one fresh profile) ---------------------------------------------------------
        def fp_from_link():
            browser = run.browser("link-follower")
            seen = []
            for path, state in (("/vote", "login"), ("/receipt", "ready"), ("/ledger", "ready")):
                pages.open_page(browser, pages.page_url(evil, path, ID, afp), state)
                value = browser.value("#ledger-fingerprint")
                if value:
                    raise StepFailure("%s?fp=… pre-filled #ledger-fingerprint with '%s'" % (path, value))
                if pins(browser):
                    raise StepFailure("%s?fp=… pinned %s" % (path, pins(browser)))
                seen.append(path)
            # The voter follows the link and logs in without typing a fingerprint.
            pages.open_page(browser, pages.page_url(evil, "/vote", ID, afp), "login")
            browser.type("#pseudonym", letters["v5"]["pseudonym"])
            browser.type("#code", letters["v5"]["code"])
            browser.click("#login")
            codes, error = refused(browser, ("ballot",), "login after a ?fp= link", ["no-pinned-key"], timeout=30)
            if pins(browser):
                raise StepFailure("after the refused login localStorage pins %s" % pins(browser))
            return ("%s with ?fp=<attacker's>: field empty, no urna.pin.*; a login without typing it refused with [%s]; %s"
                    % (", ".join(seen), "][".join(codes), run.shot("03-fp-from-link")))
        run.scenario(3, "?fp= in a link is not taken", fp_from_link)

        # 4 ------------------------------------------------------------------------------------
        def not_witnessed():
            browser = run.browser("witness-pinner")
            fill_receipt_form(browser, evil, fp, receipts["c01"], tools.witness_keys)
            state, result, checks = receipt_outcome(browser, "honest baseline with witnesses pinned")
            if result != "ok":
                raise StepFailure("honest baseline with the witnesses pinned: data-outcome '%s' (%s)" % (result, checks))
            stored = local_storage(browser).get("urna.witnesses." + ID, "")
            if sorted(stored.split("\n")) != sorted(tools.witness_keys):
                raise StepFailure("the receipt page did not pin the witness keys (localStorage has '%s')" % stored)
            details = []

            def strip_note(req):
                if req.method == "GET" and req.api("/checkpoint"):
                    status, headers, body = req.forward()
                    return status, headers, fx.strip_cosignatures(body.decode(), ledger_name).encode()
                return None
            forger.set(strip_note)
            t0 = time.monotonic()
            browser.driver.get(pages.page_url(evil, "/ledger", ID))  # loads by itself: the fingerprint is pinned
            codes, error = refused(browser, ("loaded",), "/ledger, cosignatures stripped", ["not-witnessed"])
            details.append("/ledger refused with [%s] after %.1f s (%s)" % ("][".join(codes), time.monotonic() - t0,
                                                                          run.shot("04-ledger-not-witnessed")))

            def strip_receipt(req):
                if req.method == "GET" and req.api_prefix("/receipts/"):
                    status, headers, body = req.forward()
                    receipt = json.loads(body)
                    receipt["checkpoint"] = fx.strip_cosignatures(receipt["checkpoint"], ledger_name)
                    return fx.json_answer(receipt, status)
                return None
            forger.set(strip_receipt)
            pages.open_page(browser, pages.page_url(evil, "/receipt", ID), "ready")
            browser.set_value("#receipt-input", receipts["c01"])
            browser.click("#receipt-check")
            state, result, checks = receipt_outcome(browser, "/receipt, fresh receipt's cosignatures stripped")
            failing = "; ".join(t for c, t in checks if c == "fail")
            if result != "fail" or "not-witnessed" not in failing:
                raise StepFailure("/receipt with the fresh receipt's cosignatures stripped: data-outcome '%s'; checks %s" % (result, checks))
            details.append("/receipt data-outcome=fail with [not-witnessed] (%s)" % run.shot("04-receipt-not-witnessed"))

            def strip_context(req):
                if req.method == "GET" and req.api("/manifest"):
                    status, headers, body = req.forward()
                    answer = json.loads(body)
                    answer["checkpoint"] = fx.strip_cosignatures(answer["checkpoint"], ledger_name)
                    return fx.json_answer(answer, status)
                return None
            forger.set(strip_context)
            login(browser, evil, fp, letters["v5"], typed_fp=False)
            codes, error = refused(browser, ("ballot",), "/vote login, context's cosignatures stripped", ["not-witnessed"])
            details.append("/vote login refused with [%s] (%s)" % ("][".join(codes), run.shot("04-vote-not-witnessed")))
            return "the pages refused (honest baseline ok, witnesses %s pinned): %s" % (
                [k.split("+")[0] for k in tools.witness_keys], " | ".join(details))
        run.scenario(4, "pinned witnesses, cosignatures stripped", not_witnessed)

        # 5, 7 (one voter) ---------------------------------------------------------------------
        def spoil_unclear():
            browser = run.browser("voter-v4")
            letter = letters["v4"]
            s["v4_code"] = login_to_review(browser, evil, fp, letter, cli.random_choices(rng, letter["district"]))

            def rule(req):
                if req.method == "POST" and req.api("/spoils"):
                    status, headers, body = req.forward()
                    forger.notes["spoil"] = (status, body)
                    return fx.problem(503, "unavailable", "the service is busy; try again")
                return None
            forger.set(rule)
            mark = forger.mark()
            browser.click("#audit")
            codes, error = refused(browser, ("audited",), "audit answered 503")
            status, body = forger.notes.get("spoil", (None, b""))
            if status != 201:
                raise StepFailure("the genuine POST …/spoils answered %s: %s" % (status, body[:200]))
            s["spoiled_seq"] = json.loads(body)["seq"]
            if not browser.element("#cast").get_property("disabled"):
                raise StepFailure("after the unclear spoil (refused with %s) #cast is enabled" % codes)
            # Even a forced click on the (disabled) button must not send the ballot to be cast.
            forger.clear()
            browser.driver.execute_script("var b = document.getElementById('cast'); b.disabled = false; b.click();")
            forced, forced_error = refused(browser, ("cast",), "forced #cast click", ["already-sent"], timeout=30)
            posted = [e for e in forger.since(mark) if e[0] == "POST" and e[1].endswith("/ballots")]
            if posted:
                raise StepFailure("the booth sent the spoiled ballot to be cast: %s" % posted)
            browser.driver.refresh()
            state = browser.wait_state(("review", "ballot", "login", "audited", "cast"), what="reload")
            cast_disabled = browser.element("#cast").get_property("disabled")
            if state == "cast" or (state == "review" and not cast_disabled):
                raise StepFailure("after a reload: state '%s', #cast disabled=%s" % (state, cast_disabled))
            return ("the page refused with [%s] (the service had spoiled it at seq %d); #cast disabled; a forced click refused "
                    "with [%s], no POST …/ballots; after a reload state '%s', #cast disabled=%s; %s" % (
                        "][".join(codes), s["spoiled_seq"], "][".join(forced), state, cast_disabled,
                        run.shot("05-spoil-503-reloaded")))
        run.scenario(5, "spoil answered 503 after the service took the nonces", spoil_unclear)

        # 6 ------------------------------------------------------------------------------------
        def ledger_two_versions():
            browser = run.browser("observer")  # fingerprint pinned there in scenario 2
            browser.driver.get(pages.page_url(evil, "/ledger", ID))  # loads by itself: the fingerprint is pinned
            state = browser.wait_state("loaded", what="honest /ledger baseline")
            rows = len(browser.elements("#entries tr[data-seq]"))
            details = []
            counter = {"n": 0}

            def second_fetch(req):
                if req.method == "GET" and req.api("/entries"):
                    counter["n"] += 1
                    if counter["n"] >= 2:
                        status, headers, body = req.forward()
                        text, seq = fx.altered_entries(body.decode())
                        forger.notes.setdefault("altered", []).append((req.query, seq))
                        return status, headers, text.encode()
                return None
            forger.set(second_fetch)
            browser.driver.refresh()
            codes, error = refused(browser, ("loaded",), "/ledger, page entries forged after the scan", ["bad-entry"])
            altered = forger.notes.get("altered", [])
            if not altered:
                raise StepFailure("the proxy altered no entries answer")
            section = browser.element("#entries-section")
            details.append("page fetch %s re-chained from seq %s: refused with [%s], #entries-section %s (%s)" % (
                altered[0][0], altered[0][1], "][".join(codes), "hidden" if not section.is_displayed() else "shown",
                run.shot("06-ledger-second-version")))

            def every_fetch(req):
                if req.method == "GET" and req.api("/entries"):
                    status, headers, body = req.forward()
                    return status, headers, fx.altered_entries(body.decode())[0].encode()
                return None
            forger.set(every_fetch)
            browser.driver.refresh()
            codes, error = refused(browser, ("loaded",), "/ledger, whole ledger re-chained", ["root-mismatch"])
            details.append("whole ledger re-chained: refused with [%s] (%s)" % ("][".join(codes), run.shot("06-ledger-rechained")))
            return "the page refused (honest baseline: %d rows): %s" % (rows, " | ".join(details))
        run.scenario(6, "/ledger served two versions of the ledger", ledger_two_versions)

        # 7 ------------------------------------------------------------------------------------
        def audit_wrong_proof():
            if "spoiled_seq" not in s:
                raise StepFailure("scenario 5 left no spoiled ballot to read back")
            browser = run.browser("voter-v4")
            seq = s["spoiled_seq"]

            def rule(req):
                if req.method == "GET" and req.api("/proofs/inclusion") and req.query.get("seq") == str(seq):
                    status, headers, body = req.forward()
                    proof = json.loads(body)
                    hashes = proof.get("hashes") or []
                    if hashes:
                        first = bytearray.fromhex(hashes[0])
                        first[0] ^= 1
                        hashes[0] = first.hex()
                    else:
                        hashes.append("00" * 32)
                    proof["hashes"] = hashes
                    forger.notes["proof"] = True
                    return fx.json_answer(proof, status)
                return None
            forger.set(rule)
            browser.click("#audit")  # retries the same spoil: the service answers ballot-replayed, the page looks it up
            codes, error = refused(browser, ("audited",), "audit read-back with a wrong inclusion proof")
            if not forger.notes.get("proof"):
                raise StepFailure("the proxy forged no inclusion proof for seq %d (error %s)" % (seq, error))
            shot = run.shot("07-audit-wrong-proof")
            cast_enabled = not browser.element("#cast").get_property("disabled")
            review_shown = browser.element("#review-section").is_displayed()
            note = ""
            if cast_enabled and review_shown:
                # Reported, not judged here: the review stays on screen with #cast enabled.
                browser.click("#cast")
                after_state, after_error = outcome(browser, ("cast",), 30, "clicking the enabled #cast after the refused audit")
                if after_state == "cast" and not after_error:
                    raise StepFailure("after the refused read-back, #cast cast the audited ballot")
                note = "; NOTE: afterwards the review stays shown with #cast enabled; clicking it gives '%s'" % after_error
            return "the page refused with [%s] (state '%s'), no 'audited' shown; %s%s" % (
                "][".join(codes), browser.state(), shot, note)
        run.scenario(7, "audit read-back with a wrong inclusion proof", audit_wrong_proof)

        # 8 ------------------------------------------------------------------------------------
        def home_claims_fp():
            browser = run.browser("fresh-home")

            def rule(req):
                if req.method == "GET" and req.api("/"):
                    status, headers, body = req.forward()
                    summary = json.loads(body)
                    summary["ledger_key_fingerprint"] = afp
                    summary["ledger_key"] = s["attacker_vkey"]
                    return fx.json_answer(summary, status)
                return None
            forger.set(rule)
            pages.open_page(browser, pages.page_url(evil, "/", ID), "loaded")
            shown = browser.text("#ledger-fingerprint-shown")
            key_shown = browser.text("#ledger-key-shown")
            page_text = browser.driver.execute_script("return document.body.innerText")
            if shown != fp:
                raise StepFailure("#ledger-fingerprint-shown reads '%s'; ledger.vkey's fingerprint is %s (claimed %s)" % (shown, fp, afp))
            if key_shown != vkey:
                raise StepFailure("#ledger-key-shown reads '%s'; ledger.vkey is %s" % (key_shown, vkey))
            if afp in page_text or s["attacker_vkey"] in page_text:
                raise StepFailure("the page shows the summary's claimed fingerprint or key somewhere")
            return "the page showed the fingerprint computed from ledger.vkey (%s), not the claimed %s, nowhere the claim; %s" % (
                fp, afp, run.shot("08-home-claimed-fp"))
        run.scenario(8, "summary claims another ledger key fingerprint", home_claims_fp)

        # 9, 10 --------------------------------------------------------------------------------
        def typed_wrong_fp():
            browser = run.browser("link-follower")
            login(browser, evil, afp, letters["v5"])
            codes, error = refused(browser, ("ballot",), "login with a wrong typed fingerprint", ["wrong-ledger-key"], timeout=30)
            if pins(browser):
                raise StepFailure("the refused fingerprint was pinned: %s" % pins(browser))
            return "the page refused with [%s], nothing pinned; %s" % ("][".join(codes), run.shot("09-typed-wrong-fp"))
        run.scenario(9, "a wrong fingerprint typed", typed_wrong_fp)

        def swapped_key():
            browser = run.browser("link-follower")
            forger.set(lambda req: (200, {"Content-Type": "text/plain; charset=utf-8"}, (s["attacker_vkey"] + "\n").encode())
                       if req.method == "GET" and req.api("/ledger.vkey") else None)
            details = []
            login(browser, evil, fp, letters["v5"])
            codes, error = refused(browser, ("ballot",), "/vote, ledger.vkey swapped", ["wrong-ledger-key"], timeout=30)
            details.append("/vote [%s]" % "][".join(codes))
            pages.open_page(browser, pages.page_url(evil, "/ledger", ID), "ready")
            browser.set_value("#ledger-fingerprint", fp)
            browser.click("#ledger-load")
            codes, error = refused(browser, ("loaded",), "/ledger, ledger.vkey swapped", ["wrong-ledger-key"], timeout=30)
            details.append("/ledger [%s]" % "][".join(codes))
            if pins(browser):
                raise StepFailure("something was pinned: %s" % pins(browser))
            return "the pages refused: %s; nothing pinned; %s" % (", ".join(details), run.shot("10-swapped-key"))
        run.scenario(10, "the service serves the attacker's ledger.vkey", swapped_key)

        # 11 -----------------------------------------------------------------------------------
        def other_district():
            letter = letters["v2"]
            own = letter["district"]
            other = next(d["id"] for d in cli.MANIFEST["districts"] if d["id"] != own)
            key = fx.commission_token_key(os.path.join(work, "el", "election.private.db"), other)
            browser = run.browser("voter-v2")

            def rule(req):
                # The commission names another district and blind-signs the token with that
                # district's key, which it holds (nothing reaches the real service's issuance).
                if req.method == "POST" and req.api("/district"):
                    forger.notes["district"] = True
                    return fx.json_answer({"district": other})
                if req.method == "POST" and req.api("/tokens"):
                    body = json.loads(req.body)
                    forger.notes["token"] = body.get("district")
                    return fx.json_answer({"blind_signature": fx.blind_sign(key, body["blinded_message"]), "district": other})
                return None
            forger.set(rule)
            login(browser, evil, fp, letter)
            state, error = outcome(browser, ("ballot",), WAIT, "login, the service names another district")
            if state == "ballot" and not error:
                # Not refused: show how far it goes. The honest service behind the proxy takes the
                # ballot, since its token verifies under the other district's key.
                intro = browser.text("#ballot-intro")
                shown = [fs.get_attribute("data-contest") for fs in browser.elements("#ballot-form fieldset[data-contest]")]
                forger.clear()
                choices = cli.random_choices(rng, other)
                for contest, candidates in choices.items():
                    for candidate in candidates:
                        browser.click(browser.element('#ballot-form input[data-contest="%s"][data-candidate="%s"]' % (contest, candidate)))
                browser.click("#review")
                browser.wait_state("review", what="review (other district)")
                browser.click("#cast")
                end, end_error = outcome(browser, ("cast",), WAIT, "cast (other district)")
                run.shot("11-other-district-NOT-REFUSED")
                raise StepFailure("NOT REFUSED: the registrar-signed roll puts v2 in '%s'; the service answered POST …/district "
                                  "with '%s' and blind-signed the token with that district's key; the booth showed '%s' "
                                  "with contests %s (no error), and the ballot then ended in state '%s'%s" % (
                                      own, other, intro, shown, end, (" (#error '%s')" % end_error) if end_error else
                                      " — cast and receipt-checked: the real service counts it in '%s'" % other))
            codes = codes_in(error)
            if not codes:
                raise StepFailure("#error carries no problem code: '%s'" % error)
            return "the page refused with [%s]: the registrar-signed roll puts %s in '%s', the service said '%s'; %s" % (
                "][".join(codes), "v2", own, other, run.shot("11-other-district"))
        run.scenario(11, "the service names another district than the signed roll's", other_district)
    except SystemExit as stop:
        run.cleanup()
        print("kept work directory: %s" % work)
        return stop.code
    finally:
        run.cleanup()

    failed = [n for n, ok in run.results if not ok]
    names = sorted(os.listdir(shots))
    print("screenshots: %s (%d PNG)" % (shots, len(names)))
    if failed or args.keep:
        print("kept work directory: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("%s: %d of %d scenarios passed in %.1f s" % ("OK" if not failed else "FAILED", len(run.results) - len(failed),
                                                       len(run.results), time.monotonic() - run.started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
