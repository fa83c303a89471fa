// Afterview's small helpers. No framework, no inline scripts (CSP with nonces).
(function () {
  "use strict";

  // [data-copy-target="#id"]: copies the text of a textarea/element to the clipboard.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-target]");
    if (!button) return;
    const source = document.querySelector(button.dataset.copyTarget);
    if (!source) return;
    const text = "value" in source ? source.value : source.textContent;
    const done = function () {
      const label = button.dataset.copiedLabel || "Copied";
      const original = button.textContent;
      button.textContent = label;
      button.setAttribute("aria-live", "polite");
      window.setTimeout(function () { button.textContent = original; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(source); done(); });
    } else {
      fallbackCopy(source);
      done();
    }
  });

  function fallbackCopy(source) {
    if ("select" in source) {
      source.select();
      document.execCommand("copy");
    }
  }

  // select[data-detect-timezone]: preselect the browser's IANA zone when it is offered.
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  });

  // [data-confirm="message"] on a submit button: asks before a destructive POST.
  document.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && !window.confirm(submitter.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
