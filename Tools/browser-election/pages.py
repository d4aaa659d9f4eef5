"""The browser side: headless Chromium driven by Selenium through the pages of `urna serve`, by
the ids of the pages contract (/vote, /receipt, /check, /ledger, /). Explicit waits only: on
`document.body.dataset.state` and on elements; a visible #error ends a wait at once."""
import base64
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request

from cli import StepFailure

try:
    from selenium import webdriver
    from selenium.common.exceptions import (ElementClickInterceptedException, ElementNotInteractableException,
                                            TimeoutException, WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # reported by run.py before any step
    webdriver = None

WAIT = 120  # seconds for a page to reach a state (the ballot page runs 3072-bit RSA and proofs in JS)


class PageError(StepFailure):
    """The page showed #error while the script waited for a state."""


def find(names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One Chromium session (a fresh profile, so localStorage starts empty)."""

    def __init__(self, shots, width=1280, height=900, label="desktop"):
        browser = find(["chromium", "chromium-browser", "google-chrome"])
        driver_path = find(["chromedriver"])
        if browser is None or driver_path is None:
            raise StepFailure("chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--window-size=%d,%d" % (width, height)]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        self.driver.set_window_size(width, height)
        self.shots = shots
        self.label = label
        self.console = []

    @property
    def version(self):
        return self.driver.capabilities.get("browserVersion", "?")

    def quit(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    # ---- waiting and reading

    def state(self):
        return self.driver.execute_script("return document.body ? (document.body.dataset.state || '') : ''")

    def error_text(self):
        return self.driver.execute_script(
            "var e = document.getElementById('error');"
            "return e && !e.hidden && e.getAttribute('aria-hidden') !== 'true' ? e.textContent.trim() : '';")

    def status_text(self):
        return self.driver.execute_script(
            "var e = document.getElementById('status'); return e ? e.textContent.trim() : '';")

    def wait_state(self, states, timeout=WAIT, what="", error_ends=True):
        """Waits until document.body.dataset.state is one of `states`; returns it. A visible
        non-empty #error ends the wait as a PageError."""
        if isinstance(states, str):
            states = (states,)

        def reached(_):
            state = self.state()
            if state in states:
                return state
            error = self.error_text() if error_ends else ""
            if error:
                raise PageError("%swaiting for state %s, the page shows #error: %s (state '%s', #status '%s')"
                                % (what + ": " if what else "", "/".join(states), error, state, self.status_text()))
            return False

        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(reached)
        except TimeoutException:
            raise StepFailure("%sstate %s not reached within %d s (state is '%s', #status '%s', #error '%s', url %s)"
                              % (what + ": " if what else "", "/".join(states), timeout, self.state(),
                                 self.status_text(), self.error_text(), self.driver.current_url))

    def wait_settled(self, timeout=60, what=""):
        """Waits until the page's script has set any state other than 'loading'."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(
                lambda _: self.state() not in ("", "loading") and self.state())
        except TimeoutException:
            raise StepFailure("%sthe page stayed in state '%s' for %d s (#status '%s', #error '%s')"
                              % (what + ": " if what else "", self.state(), timeout, self.status_text(), self.error_text()))

    def element(self, css, timeout=30):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(
                lambda d: d.find_element(By.CSS_SELECTOR, css))
        except TimeoutException:
            raise StepFailure("no element %s within %d s (state '%s', url %s)"
                              % (css, timeout, self.state(), self.driver.current_url))

    def elements(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def visible(self, css, timeout=30):
        element = self.element(css, timeout)
        try:
            WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda d: element.is_displayed())
        except TimeoutException:
            raise StepFailure("%s is present but not shown within %d s (state '%s')" % (css, timeout, self.state()))
        return element

    def click(self, css_or_element):
        element = self.visible(css_or_element) if isinstance(css_or_element, str) else css_or_element
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        try:
            element.click()
        except (ElementClickInterceptedException, ElementNotInteractableException):
            self.driver.execute_script("arguments[0].click();", element)

    def set_value(self, css, value):
        """Types a value like a paste: sets it and fires input and change."""
        element = self.element(css)
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)
        return element

    def type(self, css, value):
        element = self.visible(css)
        element.clear()
        element.send_keys(value)
        return element

    def value(self, css):
        return self.element(css).get_attribute("value") or ""

    # --- The keyboard alone: Tab until the control is focused, then keys.
    def focused(self, css):
        return self.driver.execute_script(
            "return !!(document.activeElement && document.activeElement.matches(arguments[0]));", css)

    def key(self, *keys):
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(*keys).perform()

    def tab_to(self, css, limit=120):
        from selenium.webdriver.common.keys import Keys
        for _ in range(limit):
            if self.focused(css):
                return
            self.key(Keys.TAB)
        raise StepFailure("keyboard only: %s cannot be reached with Tab (%d presses)" % (css, limit))

    def text(self, css):
        return self.element(css).text.strip()

    def shot(self, name):
        """A PNG of the whole page (beyond the window, through the DevTools protocol), or of the
        window if that is refused."""
        os.makedirs(self.shots, exist_ok=True)
        path = os.path.join(self.shots, name + ".png")
        try:
            metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            width = max(1, int(size["width"]))
            height = max(1, min(int(size["height"]), 8000))
            data = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})["data"]
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
        except (WebDriverException, KeyError, ValueError):
            if not self.driver.save_screenshot(path):
                raise StepFailure("could not save the screenshot %s" % path)
        return path

    def drain_console(self):
        try:
            self.console += self.driver.get_log("browser")
        except WebDriverException:
            pass
        return self.console

    def diagnose(self, name):
        """The failure's context, as text: #error, #status, state, URL, console log, screenshot."""
        lines = []
        try:
            lines.append("url: %s" % self.driver.current_url)
            lines.append("state: '%s'" % self.state())
            lines.append("#error: '%s'" % self.error_text())
            lines.append("#status: '%s'" % self.status_text())
        except WebDriverException as error:
            lines.append("(page unreadable: %s)" % str(error).splitlines()[0])
        try:
            lines.append("screenshot: %s" % self.shot("FAILURE-" + name))
        except (WebDriverException, StepFailure) as error:
            lines.append("(no screenshot: %s)" % str(error).splitlines()[0])
        console = self.drain_console()
        lines.append("browser console (%d lines):" % len(console))
        for entry in console[-40:]:
            lines.append("  [%s] %s" % (entry.get("level"), entry.get("message")))
        return "\n".join(lines)


def page_url(base, path, election, fp=None):
    query = {"election": election}
    if fp:
        query["fp"] = fp
    return "%s%s?%s" % (base, path, urllib.parse.urlencode(query))


CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
COMMON = ["main#main", "a#nav-home", "a#nav-vote", "a#nav-receipt", "a#nav-ledger", "a#nav-check", "#error", "#status"]


def open_page(browser, url, state=None, timeout=60):
    """Loads a page; an HTTP status other than 200 (fetched first, outside the browser) fails at
    once with the status and the start of the body, instead of a wait for a state never set."""
    headers = {}
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            status, body, headers = answer.status, b"", answer.headers
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()[:300]
    except OSError as error:
        raise StepFailure("GET %s failed: %s" % (url, error))
    if status != 200:
        raise StepFailure("GET %s answered %d: %s" % (url, status, body.decode("utf-8", "replace").strip()))
    if headers.get("Content-Security-Policy") != CSP:
        raise StepFailure("GET %s: Content-Security-Policy is '%s'; the contract says '%s'"
                          % (url, headers.get("Content-Security-Policy"), CSP))
    browser.driver.get(url)
    path = urllib.parse.urlsplit(url).path
    if state is None:
        reached = browser.wait_settled(timeout=timeout, what="open " + path)
    else:
        reached = browser.wait_state(state, timeout=timeout, what="open " + path)
    missing = [css for css in COMMON if not browser.elements(css)]
    if missing:
        raise StepFailure("%s lacks the common elements %s" % (path, ", ".join(missing)))
    return reached


def fill_fingerprint(browser, fp):
    """#ledger-fingerprint is pre-filled from ?fp=; the script checks that and fills it if not."""
    field = browser.element("#ledger-fingerprint")
    shown = field.get_attribute("value") or ""
    if shown != fp:
        browser.set_value("#ledger-fingerprint", fp)
    return shown == fp


def chosen_set(choices):
    return sorted((contest, candidate) for contest, candidates in choices.items() for candidate in candidates)


def choose_by_keyboard(browser, contest, candidates):
    """Selects `candidates` of `contest` with Tab, arrows and Space only."""
    from selenium.webdriver.common.keys import Keys
    if contest["max"] == 1:
        if not candidates:
            return
        browser.tab_to('#ballot-form input[data-contest="%s"]' % contest["id"])
        target = '#ballot-form input[data-contest="%s"][data-candidate="%s"]' % (contest["id"], candidates[0])
        for _ in range(len(contest["candidates"]) + 2):
            if browser.focused(target):
                browser.key(Keys.SPACE)
                return
            browser.key(Keys.ARROW_DOWN)
        raise StepFailure("keyboard only: the arrow keys never reach %s/%s" % (contest["id"], candidates[0]))
    for candidate in candidates:
        browser.tab_to('#ballot-form input[data-contest="%s"][data-candidate="%s"]' % (contest["id"], candidate))
        browser.key(Keys.SPACE)


def vote(browser, base, election, fp, voter, letter, choices, contests, audit=False, reload_after_login=False,
         shot_prefix=None, log=print, keyboard=False):
    """One voter's whole flow on /vote. Returns (receipt dict, details dict). With `keyboard`,
    every field is reached with Tab and every control used with keys only (no clicks)."""
    from selenium.webdriver.common.keys import Keys
    prefix = shot_prefix or voter
    details = {"shots": []}
    t0 = time.monotonic()
    open_page(browser, page_url(base, "/vote", election, fp), "login")
    browser.visible("#login-form")
    if keyboard:
        for css, value in (("#ledger-fingerprint", fp), ("#pseudonym", letter["pseudonym"]), ("#code", letter["code"])):
            browser.tab_to(css)
            browser.key(value)
        details["shots"].append(browser.shot(prefix + "-1-login"))
        browser.key(Keys.ENTER)
    else:
        details["fp_prefilled"] = fill_fingerprint(browser, fp)
        browser.type("#pseudonym", letter["pseudonym"])
        browser.type("#code", letter["code"])
        details["shots"].append(browser.shot(prefix + "-1-login"))
        browser.click("#login")
    browser.wait_state("ballot", what="log in")
    details["login_s"] = time.monotonic() - t0

    if reload_after_login:
        browser.driver.refresh()
        state = browser.wait_state(("ballot", "login"), what="reload after login")
        if state != "ballot":
            raise StepFailure("after a reload the page is back at the login (state 'login'); the contract says the flow is kept")
        details["reloaded"] = True

    browser.visible("#ballot-form")
    shown = [fs.get_attribute("data-contest") for fs in browser.elements("#ballot-form fieldset[data-contest]")]
    expected = [c["id"] for c in contests]
    if shown != expected:
        raise StepFailure("the ballot for %s shows contests %s; the district's ballot is %s" % (voter, shown, expected))
    for contest in contests:
        inputs = browser.elements('#ballot-form input[data-contest="%s"][data-candidate]' % contest["id"])
        ids = [i.get_attribute("data-candidate") for i in inputs]
        if ids != [k["id"] for k in contest["candidates"]]:
            raise StepFailure("contest %s shows candidates %s; the manifest has %s"
                              % (contest["id"], ids, [k["id"] for k in contest["candidates"]]))
        kind = "radio" if contest["max"] == 1 else "checkbox"
        kinds = {i.get_attribute("type") for i in inputs}
        if kinds != {kind}:
            raise StepFailure("contest %s (max %d) has inputs of type %s; expected %s" % (contest["id"], contest["max"], kinds, kind))
        for i in inputs:
            if i.is_selected():
                raise StepFailure("contest %s: %s is selected before the voter chose" % (contest["id"], i.get_attribute("data-candidate")))
        if keyboard:
            choose_by_keyboard(browser, contest, choices[contest["id"]])
        for candidate in choices[contest["id"]]:
            box = browser.element('#ballot-form input[data-contest="%s"][data-candidate="%s"]' % (contest["id"], candidate))
            if not keyboard:
                browser.click(box)
            if not box.is_selected():
                raise StepFailure("%s %s/%s did not select it" % ("the keys for" if keyboard else "clicking", contest["id"], candidate))
        if keyboard:
            picked = sorted(i.get_attribute("data-candidate") for i in inputs if i.is_selected())
            if picked != sorted(choices[contest["id"]]):
                raise StepFailure("keyboard only: contest %s has %s selected; the voter chose %s" % (contest["id"], picked, choices[contest["id"]]))
    details["shots"].append(browser.shot(prefix + "-2-ballot"))
    if keyboard:
        browser.tab_to("#review")
        browser.key(Keys.ENTER)
    else:
        browser.click("#review")
    browser.wait_state("review", what="review (encrypt)")
    browser.visible("#review-section")
    code = browser.text("#tracking-code")
    if not code:
        raise StepFailure("#tracking-code is empty in state review")
    review_text = browser.text("#review-choices")
    details["shots"].append(browser.shot(prefix + "-3-review"))

    if audit:
        browser.click("#audit")
        browser.wait_state("audited", what="audit")
        items = browser.elements("#audit-result li[data-contest][data-candidate]")
        recovered = sorted((li.get_attribute("data-contest"), li.get_attribute("data-candidate")) for li in items)
        if recovered != chosen_set(choices):
            raise StepFailure("#audit-result lists %s; the voter chose %s" % (recovered, chosen_set(choices)))
        audited_code = browser.text("#audit-tracking-code")
        if audited_code != code:
            raise StepFailure("#audit-tracking-code '%s' is not the reviewed #tracking-code '%s'" % (audited_code, code))
        details["audited_code"] = audited_code
        details["shots"].append(browser.shot(prefix + "-4-audited"))
        browser.click("#reencrypt")
        browser.wait_state("review", what="re-encrypt after the audit")
        new_code = browser.text("#tracking-code")
        if not new_code or new_code == code:
            raise StepFailure("after #reencrypt the tracking code is '%s' (before: '%s'); expected a new one" % (new_code, code))
        code = new_code
        details["shots"].append(browser.shot(prefix + "-5-review-again"))

    t_cast = time.monotonic()
    if keyboard:
        browser.tab_to("#cast")
        browser.key(Keys.ENTER)
    else:
        browser.click("#cast")
    browser.wait_state("cast", what="cast")
    details["cast_s"] = time.monotonic() - t_cast
    short = browser.text("#receipt-code")
    full = browser.text("#receipt-full")
    if not re.fullmatch(r"[0-9a-f]{64}", full):
        raise StepFailure("#receipt-full is '%s', not 64 hex digits" % full)
    if short != code:
        raise StepFailure("#receipt-code '%s' is not the tracking code shown at review '%s'" % (short, code))
    raw = browser.driver.execute_script("var e = document.getElementById('receipt-json'); return e ? e.textContent : null;")
    if not raw:
        raise StepFailure("#receipt-json is missing or empty")
    try:
        receipt = json.loads(raw)
    except ValueError as error:
        raise StepFailure("#receipt-json is not JSON: %s" % error)
    if receipt.get("tracking_code") != full or receipt.get("election_id") != election:
        raise StepFailure("the receipt names tracking code %s / election %s; the page shows %s / %s"
                          % (receipt.get("tracking_code"), receipt.get("election_id"), full, election))
    link = browser.element("a#receipt-download")
    download = link.get_attribute("download") or ""
    href = link.get_attribute("href") or ""
    if not (download.startswith("receipt-") and download.endswith(".json") and href.startswith("blob:")):
        raise StepFailure("a#receipt-download has download='%s' href='%s'; expected receipt-….json and a blob: URL" % (download, href))
    details["shots"].append(browser.shot(prefix + "-6-cast"))
    # What the booth still keeps in localStorage after the cast (reported, not judged here).
    details["kept"] = browser.driver.execute_script(
        "var out = {}; for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i);"
        " var v = localStorage.getItem(k); try { var o = JSON.parse(v); out[k] = o && typeof o === 'object' ? Object.keys(o).sort() : typeof o; }"
        " catch (e) { out[k] = 'text'; } } return out;")
    details["code"] = short
    details["review_text"] = review_text
    details["total_s"] = time.monotonic() - t0
    browser.drain_console()
    return receipt, details


def check_receipt(browser, base, election, fp, receipt_text, name, witness_keys=()):
    open_page(browser, page_url(base, "/receipt", election, fp))
    browser.visible("#receipt-check")
    fill_fingerprint(browser, fp)
    if witness_keys and browser.elements("#witness-keys"):
        browser.set_value("#witness-keys", "\n".join(witness_keys))
    browser.set_value("#receipt-input", receipt_text)
    browser.click("#receipt-check")
    state = browser.wait_state(("checked", "failed"), what="receipt check (%s)" % name,
                               error_ends=False)
    result = browser.visible("#receipt-result")
    outcome = result.get_attribute("data-outcome")
    checks = [li.text.strip() for li in browser.elements("#receipt-checks li")]
    path = browser.shot("receipt-" + name)
    return state, outcome, checks, path


def check_issued(browser, base, election, fp, pseudonym, name):
    open_page(browser, page_url(base, "/check", election, fp))
    browser.visible("#check")
    fill_fingerprint(browser, fp)
    browser.type("#pseudonym", pseudonym)
    browser.click("#check")
    browser.wait_state("checked", what="/check (%s)" % name)
    issued = browser.visible("#check-result").get_attribute("data-issued")
    return issued, browser.text("#check-result"), browser.shot("check-" + name)
