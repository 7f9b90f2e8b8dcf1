// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // After htmx swaps <main>, move focus there (or to the error summary) so screen readers
  // announce the new page, as they do after a full page load. The swap replaced the old
  // <main> (event.detail.target is the detached one): look the new one up. A poll that brings
  // the same page again (the title unchanged) leaves focus where the citizen put it.
  var titleBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", function () { titleBeforeSwap = document.title; });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "main") { return; }
    var main = document.getElementById("main");
    var config = event.detail.requestConfig || {};
    var navigation = (config.headers && config.headers["HX-Boosted"]) || document.title !== titleBeforeSwap;
    if (!main || !navigation) { return; }
    // [data-focus]: the sentence the step exists to say (e.g. that the notice was sent),
    // brought into view too
    var summary = main.querySelector(".error-summary");
    var announced = summary ? null : main.querySelector("[data-focus]");
    (summary || announced || main).focus({ preventScroll: !announced });
  });
  // The bank is being asked: bring that into view at once (on a phone the citizen may be
  // at the top of the page, still looking at the last decline).
  document.addEventListener("htmx:beforeSend", function (event) {
    var form = event.detail && event.detail.elt;
    var progress = form && form.matches && form.matches("form.card-entry")
      && form.querySelector(".card-entry__progress");
    if (progress) { progress.scrollIntoView({ block: "nearest" }); }
  });
  // Back and Forward ask the server for the page again (no history cache): where it redirects
  // (a card step once paid goes to its receipt), the address bar shows where it went.
  document.addEventListener("htmx:historyCacheMissLoad", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || !xhr.responseURL) { return; }
    var arrived = new URL(xhr.responseURL);
    var path = arrived.pathname + arrived.search;
    if (arrived.origin === location.origin && path !== location.pathname + location.search) {
      history.replaceState({ htmx: true }, "", path);
      event.detail.path = path;
    }
  });
  // Conditional reveal (GOV.UK's radios): what belongs to a choice ([data-reveals] names it)
  // shows only while that choice is made, and [data-hidden-by] hides while the radio it names
  // is chosen. Without this file all of it shows.
  function syncReveals() {
    document.querySelectorAll("input[data-reveals]").forEach(function (input) {
      var revealed = document.getElementById(input.getAttribute("data-reveals"));
      if (!revealed) { return; }
      input.setAttribute("aria-controls", revealed.id);
      revealed.hidden = !input.checked;
    });
    document.querySelectorAll("[data-hidden-by]").forEach(function (element) {
      var input = document.getElementById(element.getAttribute("data-hidden-by"));
      if (input) { element.hidden = input.checked; }
    });
  }
  document.addEventListener("DOMContentLoaded", syncReveals);
  document.addEventListener("htmx:afterSettle", syncReveals);
  document.addEventListener("change", function (event) {
    if (event.target.type === "radio") { syncReveals(); }
  });
  // GOV.UK's timeout warning. The header says how long the session has left (#session-note,
  // new with every swap); shortly before the end a dialog offers to stay signed in, and at the
  // end the sign-in page says the session has ended. Escape, like the button, stays.
  var sessionTimers = [];
  function stopSessionTimers() {
    sessionTimers.forEach(function (timer) { window.clearTimeout(timer); window.clearInterval(timer); });
    sessionTimers = [];
  }
  function armSessionTimeout() {
    stopSessionTimers();
    var note = document.getElementById("session-note");
    var dialog = document.getElementById("timeout-dialog");
    if (!note || !dialog || !dialog.showModal) { return; }
    var endsAt = Date.now() + Number(note.getAttribute("data-seconds-left")) * 1000;
    var warnAt = endsAt - Number(note.getAttribute("data-warn-seconds")) * 1000;
    sessionTimers.push(window.setTimeout(function () { warnOfTimeout(dialog, endsAt); },
                                         Math.max(0, warnAt - Date.now())));
    sessionTimers.push(window.setTimeout(function () {
      window.location.assign(note.getAttribute("data-ended-url"));
    }, Math.max(0, endsAt - Date.now()) + 1000));
  }
  function warnOfTimeout(dialog, endsAt) {
    var countdown = document.getElementById("timeout-countdown");
    function tell() {  // in whole minutes: a screen reader hears it change once a minute
      var minutes = Math.ceil(Math.max(0, endsAt - Date.now()) / 60000);
      var text = minutes <= 1 ? countdown.getAttribute("data-under-a-minute")
        : countdown.getAttribute("data-minutes").replace("{n}", minutes);
      if (countdown.textContent !== text) { countdown.textContent = text; }
    }
    tell();
    sessionTimers.push(window.setInterval(tell, 1000));
    if (!dialog.open) { dialog.showModal(); }
  }
  function staySignedIn(form) {
    var note = document.getElementById("session-note");
    var dialog = document.getElementById("timeout-dialog");
    window.fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                headers: { "Accept": "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (!state || !state.signed_in) { window.location.assign(note.getAttribute("data-ended-url")); return; }
        note.setAttribute("data-seconds-left", state.seconds_left);
        note.textContent = state.note;
        delete form.dataset.submitted;
        dialog.close();
        armSessionTimeout();
      })
      .catch(function () { form.submit(); });  // no answer: the plain form post does it
  }
  document.addEventListener("DOMContentLoaded", armSessionTimeout);
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && (target.id === "site-header" || target.id === "main")) { armSessionTimeout(); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.classList && event.target.classList.contains("timeout-dialog__stay")) {
      if (event.defaultPrevented) { return; }  // pressed twice: the first press is on its way
      event.preventDefault();
      staySignedIn(event.target);
    }
  });
  document.addEventListener("cancel", function (event) {
    if (event.target.id === "timeout-dialog") {
      event.preventDefault();
      staySignedIn(event.target.querySelector("form"));
    }
  }, true);
  // Print buttons exist only where printing can be started from the page.
  function showPrintButtons() {
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:afterSettle", showPrintButtons);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  // A second click on a submit button while the first request runs sends nothing twice. The
  // mark goes when the answer has come (the form may have been swapped out: clear it by name).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { delete form.dataset.submitted; }, 5000);
  }, true);
  function clearSubmitted() {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  }
  document.addEventListener("htmx:afterSettle", clearSubmitted);
  document.addEventListener("htmx:afterRequest", clearSubmitted);
  // The sale's waiting page (housing/waiting_room.html): ask the sale's shared status (the
  // same small answer for everybody, no cookie sent) every few seconds, more often near the
  // front, and go on by itself when the line reaches this citizen's place. Without this the
  // page refreshes itself (the server's Refresh header), which a browser with scripts skips:
  // the "js" cookie tells the server so.
  if (window.fetch) { document.cookie = "js=1; path=/; SameSite=Lax"; }
  var queueTimer = null;
  function queueRegion() { return document.querySelector("[data-queue-status]"); }
  function setNumber(region, name, value) {
    var found = region.querySelector("[data-" + name + "]");
    if (found) { found.textContent = String(value); }
  }
  function show(region, name, visible) {
    var found = region.querySelector("[data-" + name + "]");
    if (found) { found.hidden = !visible; }
  }
  function queueDelay(region, status) {
    var place = Number(region.dataset.place);
    if (!place || !status || !status.perMinute) { return place ? 2000 : 5000; }
    var ahead = Math.max(0, place - status.frontier - 1);
    var seconds = Math.max(2, Math.min(30, ahead / status.perMinute * 60 / 5));
    return seconds * (0.85 + Math.random() * 0.3) * 1000;  // spread the crowd's asks
  }
  function askQueue() {
    queueTimer = null;
    var region = queueRegion();
    if (!region) { return; }
    window.fetch(region.dataset.queueStatus, { credentials: "omit" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (status) { showQueue(region, status); })
      .catch(function () { scheduleQueue(region, null); });
  }
  function showQueue(region, status) {
    if (!document.body.contains(region)) { return; }
    var place = Number(region.dataset.place);
    if (status && (!status.queue || (!place && status.drawn))) {
      // the sale moved on, or the draw gave this citizen a place: the page says which
      window.setTimeout(function () { window.location.reload(); }, Math.random() * 3000);
      return;
    }
    if (status && place && status.frontier >= place) {
      window.location.assign(region.dataset.next);
      return;
    }
    if (status) {
      var ahead = Math.max(0, place - status.frontier - 1);
      setNumber(region, "position", ahead + 1);
      setNumber(region, "ahead", ahead);
      setNumber(region, "frontier", status.frontier);
      setNumber(region, "pre-queued", status.preQueued);
      if (status.perMinute) {
        setNumber(region, "wait-minutes", Math.max(1, Math.ceil(ahead / status.perMinute)));
      }
      show(region, "wait", !!status.perMinute);
      show(region, "wait-unknown", !status.perMinute);
      var chosen = document.getElementById("all-chosen");
      if (chosen && chosen.hidden === status.allChosen) {
        chosen.hidden = !status.allChosen;
        var news = region.querySelector("[data-queue-news]");
        if (news && status.allChosen) { news.textContent = chosen.textContent; }
      }
    }
    scheduleQueue(region, status);
  }
  function scheduleQueue(region, status) {
    if (queueTimer === null) { queueTimer = window.setTimeout(askQueue, queueDelay(region, status)); }
  }
  function startQueue() {
    var region = queueRegion();
    if (region && queueTimer === null && window.fetch) {
      queueTimer = window.setTimeout(askQueue, Number(region.dataset.poll || 2) * 1000);
    }
  }
  document.addEventListener("DOMContentLoaded", startQueue);
  document.addEventListener("htmx:afterSettle", startQueue);
})();
