#!/usr/bin/python3
"""Runs the browser crypto known-answer tests in headless Chromium.

Needs (Debian/Ubuntu; this script installs nothing):
    sudo apt-get install chromium chromium-driver python3-selenium
Run from anywhere, with the system Python that has python3-selenium:
    /usr/bin/python3 Tools/web-kat/run.py
Serves the repository root on a private 127.0.0.1 port (WebCrypto needs a secure context, which
localhost is), opens Tools/web-kat/index.html, and prints one line per vector group:
`PASS name n/n` or `FAIL name k/n` (plus up to five failing checks). Exit status 0 only if every
group passed; 1 on a failing vector; 2 if the browser could not be driven.
"""
import functools
import http.server
import os
import shutil
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TIMEOUT_SECONDS = 300


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def find(names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("FAIL runner: python3-selenium is missing; install it with "
              "`sudo apt-get install python3-selenium` and run with /usr/bin/python3", file=sys.stderr)
        return 2
    browser = find(["chromium", "chromium-browser", "google-chrome"])
    driver_path = find(["chromedriver"])
    if browser is None or driver_path is None:
        print("FAIL runner: chromium or chromedriver is missing; install them with "
              "`sudo apt-get install chromium chromium-driver`", file=sys.stderr)
        return 2

    handler = functools.partial(QuietHandler, directory=ROOT)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/Tools/web-kat/index.html" % server.server_address[1]

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-extensions", "--no-first-run"]:
        options.add_argument(flag)
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.get(url)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        result = None
        while time.monotonic() < deadline:
            result = driver.execute_script("return window.urnaKATResult || null;")
            if result is not None:
                break
            time.sleep(0.5)
        if result is None:
            print("FAIL runner: no result from the page within %d s" % TIMEOUT_SECONDS)
            return 1
        print("browser: " + driver.capabilities.get("browserVersion", "?"))
        for line in result["lines"]:
            print(line)
        return 0 if result["ok"] else 1
    except Exception as error:  # selenium raises many types; report and fail
        text = str(error).strip() or type(error).__name__
        print("FAIL runner: %s" % text.splitlines()[0], file=sys.stderr)
        return 2
    finally:
        if driver is not None:
            driver.quit()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
