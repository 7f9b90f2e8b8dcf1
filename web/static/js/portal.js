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
    var focusTarget = main.querySelector(".error-summary") || main;
    focusTarget.focus({ preventScroll: true });
  });
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
    var seconds = Math.max(2, Math.min(20, ahead / status.perMinute * 60 / 5));
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
