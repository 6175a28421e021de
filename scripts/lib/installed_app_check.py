#!/usr/bin/env python3
"""Drives an installed Brokerdesk through tauri-driver (WebDriver), with no test crate:
opens the window, measures the time to the first window and to the sign-in form, signs
in to the demo tenant, and saves a screenshot. Used by scripts/package.sh.

usage: installed_app_check.py BINARY SERVER_URL DRIVER_PORT SCREENSHOT PASSWORD
Prints "first_window_ms=<n> signin_form_ms=<n> signed_in_ms=<n>" on success.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request

binary, server_url, driver_port, screenshot, password = sys.argv[1:6]
driver = f"http://127.0.0.1:{driver_port}"
TIMEOUT_S = 120


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(driver + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            return json.load(answer)["value"]
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: {error.code} {error.read().decode()[:300]}")


def find(session, test_id):
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        try:
            found = call("POST", f"/session/{session}/element",
                         {"using": "css selector", "value": f"[data-testid='{test_id}']"})
            return next(iter(found.values()))
        except RuntimeError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{test_id} did not appear within {TIMEOUT_S} s")
            time.sleep(0.1)


def fill(session, test_id, text):
    element = find(session, test_id)
    call("POST", f"/session/{session}/element/{element}/clear", {})
    call("POST", f"/session/{session}/element/{element}/value", {"text": text})


def text_of(session, test_id):
    return call("GET", f"/session/{session}/element/{find(session, test_id)}/text")


started = time.monotonic()
session = call("POST", "/session", {"capabilities": {"alwaysMatch": {
    "tauri:options": {"application": binary, "args": ["--server-url", server_url]}}}})["sessionId"]
first_window = time.monotonic()
try:
    find(session, "signin-form")
    signin_form = time.monotonic()
    fill(session, "signin-tenant", "acme")
    fill(session, "signin-email", "owner@acme.test")
    fill(session, "signin-password", password)
    call("POST", f"/session/{session}/element/{find(session, 'signin-submit')}/click", {})
    deadline = time.monotonic() + TIMEOUT_S
    while "Acme Realty" not in text_of(session, "header-tenant"):
        if time.monotonic() > deadline:
            raise RuntimeError("the owner's tenant never showed in the header")
        time.sleep(0.2)
    signed_in = time.monotonic()
    time.sleep(2)  # let the first page's data land before the picture
    png = base64.b64decode(call("GET", f"/session/{session}/screenshot"))
    with open(screenshot, "wb") as out:
        out.write(png)
finally:
    call("DELETE", f"/session/{session}")
ms = lambda t: round((t - started) * 1000)
print(f"first_window_ms={ms(first_window)} signin_form_ms={ms(signin_form)} signed_in_ms={ms(signed_in)}")
