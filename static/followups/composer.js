// Keeps the composer's "Open in your mail app" link in step with the text being edited,
// so unsaved edits go to the mail client too. Without JS the saved draft is used.
(function () {
  "use strict";
  const link = document.getElementById("composer-mailto");
  const textarea = document.getElementById("id_draft");
  if (!link || !textarea) return;
  function update() {
    // Same encoding as the server (RFC 6068): CRLF line breaks, every part encoded.
    const body = textarea.value.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
    const subject = (link.dataset.subject || "").replace(/[\r\n]+/g, " ");
    const to = link.dataset.to || "";
    link.href = "mailto:" + encodeURIComponent(to).replace("%40", "@") +
      "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }
  textarea.addEventListener("input", update);
})();

// "Add a better answer": ticking rebuilds the suggested text at once (the button stays for
// browsers without JS).
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
    box.form.querySelectorAll("[data-autosubmit-fallback]").forEach(function (el) {
      el.hidden = true;
    });
  });
})();
