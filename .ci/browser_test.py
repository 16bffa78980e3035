#!/usr/bin/env python3
"""The web client in a real browser (issue 18): headless Chromium driven by chromedriver.

Starts the server binary (LIVEPET_BIN) on a free port with a one-second tick and a fresh
database, then: a guest logs in in one browser; in a second one a new account is created
through the page's login dialogue (the password field masked while echo is off), adopts a
pet, clicks it in the active-pets list to visit it, sees a tick raise the hunger bar,
presses Feed and sees it drop, gives a treat and sees the treat count fall; a telnet player
(a raw socket speaking telnet from here) visits, appears under "who is here" and "Online",
says something that appears in the page's scrollback, and hears the page's answer. Also:
colours rendered, input history, the live region, a phone-sized layout without sideways
scrolling. Screenshots go to ${CI_ARTIFACTS:-.ci/artifacts}. Every wait is on the page or
the socket (WebDriverWait, a condition variable), never a fixed sleep.

Prints one line per check and "N passed, N failed"; exits 1 if any check failed.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = float(os.environ.get("BROWSER_TIMEOUT", "20"))
ARTIFACTS = os.environ.get("CI_ARTIFACTS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "artifacts"))
PASSWORD = "marigold-Secret-58"
TELNET_PASSWORD = "daffodil-Secret-23"
PASSED = 0
FAILED = 0


def check(description, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {description}", flush=True)
    else:
        FAILED += 1
        print(f"FAIL {description}{': ' + detail if detail else ''}", flush=True)
    return condition


def waits(description, driver, condition, detail=lambda: ""):
    """Waits (WebDriverWait) until `condition(driver)` is truthy; one check line."""
    try:
        WebDriverWait(driver, TIMEOUT, poll_frequency=0.05).until(condition)
        return check(description, True)
    except (TimeoutException, WebDriverException) as error:
        return check(description, False, (detail() or str(error).strip().splitlines()[0] if str(error).strip() else "timed out"))


# MARK: The server

def start_server(work, port=0):
    binary = os.environ.get("LIVEPET_BIN")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit(f"LIVEPET_BIN must name the server binary (got {binary!r})")
    log_path = os.path.join(work, "server.log" if port == 0 else f"server-{port}.log")
    log = open(log_path, "w")
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", os.path.join(work, "livepet.sqlite"),
         "--tick", "1", "--password-cost", "1", "--max-per-address", "16",
         "--motd-text", "Welcome to the LivePet browser test!", "--log-level", os.environ.get("BROWSER_LOG_LEVEL", "info")],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=work)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with open(log_path) as text:
            match = re.search(r"event=listening .*port=(\d+)", text.read())
        if match:
            return server, int(match.group(1)), log_path
        if server.poll() is not None:
            break
        time.sleep(0.05)  # the log file has no other signal to wait on
    server.kill()
    sys.exit("the server did not start:\n" + open(log_path).read()[-2000:])


# MARK: A telnet player on a raw socket

class TelnetPlayer:
    """Speaks just enough telnet: refuses every option, keeps the text it receives."""
    IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240

    def __init__(self, port, source="127.0.0.2"):
        # From another loopback address, as a friend elsewhere: a silent connection from the
        # browsers' address right after they loaded the page waits (up to 10 s) for a request.
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT, source_address=(source, 0))
        self.sock.settimeout(None)
        self.text = ""
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        pending = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self.changed:
                    self.changed.notify_all()
                return
            pending += data
            plain, pending, answers = self._strip(pending)
            if answers:
                self.sock.sendall(answers)
            with self.changed:
                self.text += plain.decode("utf-8", "replace").replace("\r\n", "\n")
                self.changed.notify_all()

    def _strip(self, data):
        out, answers, i = bytearray(), bytearray(), 0
        while i < len(data):
            byte = data[i]
            if byte != self.IAC:
                out.append(byte)
                i += 1
                continue
            if i + 1 >= len(data):
                break
            command = data[i + 1]
            if command == self.IAC:
                out.append(self.IAC)
                i += 2
            elif command in (self.DO, self.DONT, self.WILL, self.WONT):
                if i + 2 >= len(data):
                    break
                option = data[i + 2]
                if command == self.DO:
                    answers += bytes([self.IAC, self.WONT, option])
                elif command == self.WILL:
                    answers += bytes([self.IAC, self.DONT, option])
                i += 3
            elif command == self.SB:
                end = data.find(bytes([self.IAC, self.SE]), i + 2)
                if end < 0:
                    break
                i = end + 2
            else:
                i += 2
        return bytes(out), data[i:], bytes(answers)

    def send(self, line):
        self.sock.sendall(line.encode() + b"\r\n")

    def wait_for(self, needle):
        with self.changed:
            return self.changed.wait_for(lambda: needle in self.text, timeout=TIMEOUT)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# MARK: The page

def browser(width, height):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=en-US"):
        options.add_argument(argument)
    chromium = os.environ.get("CHROMIUM_BIN") or "/usr/bin/chromium"
    if os.path.exists(chromium):
        options.binary_location = chromium
    driver_path = os.environ.get("CHROMEDRIVER") or "/usr/bin/chromedriver"
    service = Service(executable_path=driver_path) if os.path.exists(driver_path) else Service()
    return webdriver.Chrome(service=service, options=options)


def text_of(driver, element_id):
    """An element's text, or "" while it is not there (an error page, a page still loading)."""
    found = driver.find_elements(By.ID, element_id)
    return found[0].text if found else ""


def log_text(driver):
    return text_of(driver, "log")


def prompt_text(driver):
    return text_of(driver, "prompt")


def type_line(driver, line):
    field = driver.find_element(By.ID, "input")
    field.send_keys(line)
    field.send_keys(Keys.ENTER)


def open_page(driver, url, description):
    """Loads the page once and waits for the name prompt: no reload.

    The first load is what this guards: Chromium opens a spare connection as it navigates and
    may leave it silent past the server's protocol sniff window, then send app.js or app.css on
    it. The server must not take it for telnet (it did: the page stayed at "Connecting" and
    the log said wrong_protocol); see `wrong_protocol_lines` too.
    """
    ready = lambda d: "What is your name?" in prompt_text(d)
    driver.get(url)
    return waits(description, driver, ready,
                 lambda: f"status {text_of(driver, 'status')!r}, prompt {prompt_text(driver)!r}")


def wrong_protocol_lines(log_paths):
    """The server's log lines saying a connection spoke another protocol than it was taken for."""
    lines = []
    for path in log_paths:
        with open(path) as text:
            lines += [line for line in text.read().splitlines() if "wrong_protocol" in line]
    return lines


def hunger(driver):
    value = driver.find_element(By.ID, "hunger").get_attribute("aria-valuenow")
    return int(value) if value and value.isdigit() else -1


def visible(driver, element_id):
    element = driver.find_elements(By.ID, element_id)
    return bool(element) and element[0].is_displayed()


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="livepet-browser.")
    server, port, log_path = start_server(work)
    log_paths = [log_path]
    url = f"http://127.0.0.1:{port}/"
    drivers = []
    telnet = None
    try:
        # --- a guest, on a phone-sized screen ------------------------------------------
        guest = browser(390, 844)
        drivers.append(guest)
        # A phone's viewport (a headless window is never narrower than 500 px).
        guest.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                              {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        open_page(guest, url, "the page connects and the server's prompt labels the input line")
        check("the connection status says so",
              guest.find_element(By.ID, "status").get_attribute("data-state") == "open")
        waits("the message of the day appears in the scrollback", guest,
              lambda d: "Welcome to the LivePet browser test!" in log_text(d))
        type_line(guest, "guest")
        waits("a guest logs in from the page", guest,
              lambda d: d.find_element(By.ID, "me").text.startswith("Playing as Guest-"))
        guest_name = guest.find_element(By.ID, "me").text.replace("Playing as ", "")
        waits("the guest sees the Online list", guest,
              lambda d: guest_name in d.find_element(By.ID, "who").text)
        overflow = guest.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check("a phone-sized screen needs no sideways scrolling", overflow <= 0, f"{overflow} px too wide")
        log = guest.find_element(By.ID, "log")
        check("the scrollback is a polite live region for screen readers",
              log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite")
        guest.save_screenshot(os.path.join(ARTIFACTS, "web-client-phone.png"))

        # --- a new account, created through the page's dialogue -----------------------
        page = browser(1280, 900)
        drivers.append(page)
        open_page(page, url, "a second browser connects")
        type_line(page, "Webby")
        waits("the page asks to create a new character", page, lambda d: "Create a new character called Webby?" in prompt_text(d))
        type_line(page, "yes")
        waits("the password field is masked while the server hides echo", page,
              lambda d: d.find_element(By.ID, "input").get_attribute("type") == "password")
        type_line(page, PASSWORD)
        waits("the password is asked again", page, lambda d: "Repeat the password" in prompt_text(d))
        type_line(page, PASSWORD)
        waits("the new account logs in", page, lambda d: d.find_element(By.ID, "me").text == "Playing as Webby")
        check("the typed password never reached the scrollback", PASSWORD not in log_text(page))
        check("the input is plain text again after the password",
              page.find_element(By.ID, "input").get_attribute("type") == "text")
        waits("the treat count shows on the Treat button (Char.Status)", page,
              lambda d: d.find_element(By.ID, "btn-treat").get_attribute("aria-label") == "Treat (5 treats left)")

        # --- adopt, and visit from the active-pets list ---------------------------------
        type_line(page, "adopt Pixel fox")
        waits("the adoption is answered", page, lambda d: "You adopt Pixel the fox" in log_text(d))
        waits("the new pet appears in the active-pets list (Pet.List)", page,
              lambda d: any("Pixel" in b.text for b in d.find_elements(By.CSS_SELECTOR, "#pets button")))
        next(b for b in page.find_elements(By.CSS_SELECTOR, "#pets button") if "Pixel" in b.text).click()
        waits("clicking the pet visits it: the panel shows Pixel", page,
              lambda d: d.find_element(By.ID, "room-title").text == "Pixel")
        waits("the panel shows the owner", page, lambda d: d.find_element(By.ID, "pet-owner").text == "Webby")
        waits("the panel shows the fox's picture", page,
              lambda d: d.find_element(By.ID, "pet-art-use").get_attribute("href") == "#sp-fox")
        waits("the panel shows hearts", page, lambda d: d.find_element(By.ID, "hearts-text").text.endswith("of 5 hearts") or
              "of 5 hearts" in d.find_element(By.ID, "hearts-text").get_attribute("textContent"))
        check("Feed and Leave are offered for one's own pet", visible(page, "btn-feed") and visible(page, "btn-leave"))

        before = hunger(page)
        waits("a tick raises the hunger bar", page, lambda d: hunger(d) > before >= 0,
              lambda: f"hunger stayed {hunger(page)} (was {before})")

        before = hunger(page)
        page.find_element(By.ID, "btn-feed").click()
        waits("Feed sends 'feed' and the hunger bar drops", page, lambda d: 0 <= hunger(d) <= max(0, before - 90),
              lambda: f"hunger {hunger(page)}, was {before} before Feed")
        check("the feed is answered in the scrollback", "You feed Pixel" in log_text(page))

        page.find_element(By.ID, "btn-treat").click()
        waits("Treat sends 'treat' and the treat count falls to 4", page,
              lambda d: d.find_element(By.ID, "btn-treat").get_attribute("aria-label") == "Treat (4 treats left)")

        coloured = page.execute_script(
            "return Array.from(document.querySelectorAll('#log span')).some(s => /\\bfg\\d+/.test(s.className))")
        check("colours from the server are rendered in the scrollback", coloured)

        # --- a telnet player comes by ---------------------------------------------------
        telnet = TelnetPlayer(port)
        check("a telnet player connects", telnet.wait_for("What is your name?"), telnet.text[-300:])
        telnet.send(f"create Telly {TELNET_PASSWORD}")
        check("the telnet player creates a character", telnet.wait_for("Welcome to LivePet, Telly"), telnet.text[-300:])
        waits("the page's Online list shows the telnet player (Players.Online)", page,
              lambda d: "Telly" in d.find_element(By.ID, "who").text)
        telnet.send("visit Pixel")
        check("the telnet player visits Pixel", telnet.wait_for("cared for by Webby"), telnet.text[-300:])
        waits("the page shows who is here (Room.Players)", page,
              lambda d: "Telly" in d.find_element(By.ID, "here").text)
        telnet.send("say hello from telnet")
        waits("the telnet player's say appears in the page's scrollback", page,
              lambda d: 'Telly says, "hello from telnet"' in log_text(d))
        type_line(page, "say hi Telly, from the browser")
        check("the telnet player hears the page's answer",
              telnet.wait_for('Webby says, "hi Telly, from the browser"'), telnet.text[-300:])
        field = page.find_element(By.ID, "input")
        field.send_keys(Keys.ARROW_UP)
        check("up arrow brings back the last line typed",
              field.get_attribute("value") == "say hi Telly, from the browser", repr(field.get_attribute("value")))
        field.send_keys(Keys.ARROW_DOWN)
        check("down arrow returns to an empty line", field.get_attribute("value") == "", repr(field.get_attribute("value")))

        page.save_screenshot(os.path.join(ARTIFACTS, "web-client.png"))
        check("a screenshot was saved", os.path.getsize(os.path.join(ARTIFACTS, "web-client.png")) > 10_000)

        page.find_element(By.ID, "btn-leave").click()
        waits("Leave sends 'leave': back in the Lobby", page, lambda d: d.find_element(By.ID, "room-title").text == "Lobby")
        check("the telnet player sees the page's player leave", telnet.wait_for("Webby leaves for the Lobby"), telnet.text[-300:])

        # --- the server goes away and comes back: the page reconnects by itself ----------
        server.terminate()
        server.wait(timeout=TIMEOUT)
        waits("the page notices the connection dropped and counts down to a retry", page,
              lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "closed"
              and "Reconnecting in" in d.find_element(By.ID, "status").text)
        server, _, log_path = start_server(work, port)
        log_paths.append(log_path)
        waits("the page reconnects by itself when the server is back", page,
              lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "open"
              and "What is your name?" in prompt_text(d))
        wrong = wrong_protocol_lines(log_paths)
        check("no browser connection was taken for telnet (no wrong_protocol in the server log)", not wrong,
              "; ".join(wrong[:3]))
    except Exception as error:  # a step that could not even run is a failure, not a crash
        check("the browser test ran to the end", False, f"{type(error).__name__}: {error}")
    finally:
        for driver in drivers:
            try:
                driver.quit()
            except WebDriverException:
                pass
        if telnet:
            telnet.close()
        server.terminate()
        try:
            server.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
        if FAILED:
            print("     last lines of the server log:")
            for line in open(log_path).read().splitlines()[-int(os.environ.get("BROWSER_LOG_LINES", "10")):]:
                print(f"     | {line}")
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
