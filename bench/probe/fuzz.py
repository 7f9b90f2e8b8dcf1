"""Sending the hostile submissions: per endpoint, a session brought to the form's page the way
discovery reached it, split over a few threads, each re-walking when its form disappears."""
from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import requests

from .discover import (CREDENTIAL_FORMS, SIGN_IN_PATH, SIGN_OUT, Endpoint, current_form,
                       happy_pairs, replay)
from .forms import Form
from .hostile import ADDRESSES, EMAIL_FIELD, cases, encode, reflected
from .loopback import LoopbackSession
from .redirects import off_origin

CHECK_EVERY = 100     # re-read the form (and re-walk if it is gone) this often, and sooner
CHECK_MOVED = 10      # after a redirect (an accepted step may have moved the draft on)
MAX_REWALKS = 15      # per thread and endpoint
SAMPLES = 25          # findings kept per kind and endpoint


def order(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Later steps first (fuzzing an earlier step may reset a draft); then the sandbox's own
    pages (they block the demo citizen's Asan İmza), the credential forms (they lock the
    sign-in this probe re-walks with) and sign-out last."""
    def rank(item):
        i, e = item
        return (bool(SIGN_OUT.search(e.key)), bool(CREDENTIAL_FORMS.search(e.key)),
                e.key.startswith("/sandbox/"), -i)
    return [e for _, e in sorted(enumerate(endpoints), key=rank)]


def _describe(sub) -> dict:
    def short(v):
        text = v.decode("latin-1") if isinstance(v, bytes) else v
        return (text[:60] + f"…(+{len(text) - 60})") if len(text) > 60 else text
    return {"kind": sub.kind, "hx": sub.hx, "multipart": sub.multipart,
            "fields": [[n[:40], short(v)] for n, v in sub.pairs if n != "csrf_token"][:8]}


def _send(session: LoopbackSession, url: str, sub, pairs):
    headers = {"HX-Request": "true"} if sub.hx else {}
    if sub.multipart:
        files = [(n, (None, encode(v))) for n, v in pairs]
        return session.post(url, files=files, headers=headers, timeout=30)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return session.post(url, data=urlencode([(n, encode(v)) for n, v in pairs]),
                        headers=headers, timeout=30)


def _empty() -> dict:
    return {"sent": 0, "status": {}, "server_errors": [], "off_origin": [], "off_origin_count": 0,
            "reflected": [], "reflected_count": 0, "rewalks": 0, "form_missing": 0}


def _refresh(pairs, stale: dict, fresh: Form):
    """Hidden values (CSRF token, challenge and request ids) as this session's page has them
    now, wherever a submission still carries the value discovery saw; hostile ones stay."""
    now = {f.name: f.value for f in fresh.fields if f.kind == "hidden"}
    return [(n, now[n] if n in now and stale.get(n) == v else v) for n, v in pairs]


def _slice(base: str, endpoint: Endpoint, session: LoopbackSession, form: Form | None,
           subs: list, until: float) -> dict:
    result = _empty()
    stale = {f.name: f.value for f in endpoint.form.fields if f.kind == "hidden"}
    target, moved, checked, given_up = form or endpoint.form, False, 0, False
    for i, sub in enumerate(subs):
        if time.monotonic() > until:
            break
        if not given_up and (i % CHECK_EVERY == 0 or (moved and i - checked >= CHECK_MOVED)):
            checked, moved = i, False
            try:
                form = current_form(base, session, target.page, target.path)
            except requests.RequestException:  # a kept-alive socket the server had closed
                form = None
            can_rewalk = result["rewalks"] < MAX_REWALKS and not SIGN_OUT.search(endpoint.key)
            if form is None and can_rewalk:
                result["rewalks"] += 1
                try:
                    session, form = replay(base, endpoint)
                except (requests.RequestException, RuntimeError):
                    form = None
            if form is None:  # fuzz it all the same, with this session's token from elsewhere
                result["form_missing"] += 1
                given_up = not can_rewalk
                try:
                    form = current_form(base, session, SIGN_IN_PATH, SIGN_IN_PATH)
                except requests.RequestException:
                    form = None
                form = Form(target.action, target.page, form.fields if form else [])
            else:
                target = form
        result["sent"] += 1
        try:
            response = _send(session, base + target.action, sub, _refresh(sub.pairs, stale, form))
        except requests.RequestException as error:
            code = f"error:{type(error).__name__}"
            result["status"][code] = result["status"].get(code, 0) + 1
            continue
        code = str(response.status_code)
        result["status"][code] = result["status"].get(code, 0) + 1
        moved = moved or response.is_redirect or "HX-Redirect" in response.headers
        if response.status_code >= 500 and len(result["server_errors"]) < SAMPLES:
            result["server_errors"].append({"status": response.status_code, **_describe(sub)})
        for finding in off_origin(response, base):
            result["off_origin_count"] += 1
            if len(result["off_origin"]) < SAMPLES:
                result["off_origin"].append({**finding, **_describe(sub)})
        if "html" in response.headers.get("Content-Type", ""):
            for what in reflected(response.content):
                result["reflected_count"] += 1
                if len(result["reflected"]) < SAMPLES:
                    result["reflected"].append({"what": what, **_describe(sub)})
    return result


def _merge(parts: list[dict]) -> dict:
    total = _empty()
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                for code, n in value.items():
                    total[key][code] = total[key].get(code, 0) + n
            elif isinstance(value, list):
                total[key] = (total[key] + value)[:SAMPLES]
            else:
                total[key] += value
    return total


def addresses(base: str, endpoints: list[Endpoint], sessions: dict) -> dict:
    """Each address with a line break into each e-mail field, from the session that found the
    form (a receipt's e-mail form is there only for the browser that paid): the answer must not
    be a 5xx, and the outbox must never keep such an address (mail.outbox)."""
    result = {"sent": 0, "status": {}, "server_errors": []}
    for endpoint in endpoints:
        fields = [n for n in endpoint.form.names() if EMAIL_FIELD.search(n)]
        if not fields:
            continue
        session = sessions[endpoint.owner]
        for name, value in ((n, v) for n in fields for v in ADDRESSES):
            try:
                form = current_form(base, session, endpoint.form.page, endpoint.form.path)
                if form is None:
                    break
                pairs = [(n, value if n == name else v) for n, v in
                         happy_pairs(form, owner=endpoint.owner)]
                code = str(session.post(base + form.action, data=pairs, timeout=30).status_code)
            except requests.RequestException as error:
                code = f"error:{type(error).__name__}"
            result["sent"] += 1
            result["status"][code] = result["status"].get(code, 0) + 1
            if code[:1] == "5":
                result["server_errors"].append({"action": form.action, "value": value})
    return result


def run(base: str, endpoints: list[Endpoint], total: int, threads: int, seed: int,
        deadline: float, progress=print) -> dict:
    """`total` submissions spread evenly; if the machine is too slow to send them all before
    `deadline` (time.monotonic()), each endpoint gets an even share of the time left."""
    per = math.ceil(total / max(1, len(endpoints)))
    results = {}
    ordered = order(endpoints)
    for n, endpoint in enumerate(ordered):
        until = time.monotonic() + (deadline - time.monotonic()) / (len(ordered) - n)
        baseline = happy_pairs(endpoint.form, walk=not CREDENTIAL_FORMS.search(endpoint.key),
                               owner=endpoint.owner)
        subs = list(cases(endpoint.form.names(), baseline, per, seed + n))
        started = time.monotonic()
        first, form = replay(base, endpoint)
        # Güzəştli mənzil allows one session a citizen: a thread re-walking would sign the
        # others out, so its endpoints get one connection.
        n = 1 if endpoint.owner == "housing" else threads
        sessions = [first] + [first.clone() for _ in range(n - 1)]
        with ThreadPoolExecutor(n) as pool:
            parts = list(pool.map(
                lambda i: _slice(base, endpoint, sessions[i], form, subs[i::n], until),
                range(n)))
        result = {"owner": endpoint.owner, "action": endpoint.form.action, **_merge(parts),
                  "seconds": round(time.monotonic() - started, 1)}
        results[endpoint.key] = result
        progress(f"  {endpoint.key}: {result['sent']} sent in {result['seconds']} s, "
                 + " ".join(f"{k}:{v}" for k, v in sorted(result["status"].items())))
    return results
