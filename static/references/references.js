// Briefing composer: keep the "Open in email" link in step with the edited subject and body.
(function () {
  "use strict";
  const link = document.querySelector("[data-mailto-to]");
  const subject = document.getElementById("briefing-subject");
  const body = document.getElementById("briefing-body");
  if (!link || !subject || !body) return;
  function update() {
    const text = body.value.replace(/\r?\n/g, "\r\n");
    link.href = "mailto:" + encodeURIComponent(link.dataset.mailtoTo).replace("%40", "@") +
      "?subject=" + encodeURIComponent(subject.value) + "&body=" + encodeURIComponent(text);
  }
  subject.addEventListener("input", update);
  body.addEventListener("input", update);
})();
