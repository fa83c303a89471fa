// Interview forms: add and remove interviewer rows without a reload; show the
// "new application" fields only when no existing application is picked. No inline JS (CSP).
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  document.documentElement.classList.remove("no-js");

  function renumber(formset) {
    const rows = formset.querySelectorAll("[data-interviewer-row]:not([hidden])");
    rows.forEach(function (row, index) {
      const number = row.querySelector("[data-row-number]");
      if (number) number.textContent = String(index + 1);
    });
    const empty = formset.querySelector("[data-empty-message]");
    if (empty) empty.hidden = rows.length > 0;
  }

  function addRow(formset) {
    const prefix = formset.dataset.prefix;
    const total = formset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    const max = formset.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    const template = formset.querySelector("template[data-empty-form]");
    const index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      window.alert("That is the most interviewers one round can have.");
      return;
    }
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    formset.querySelector("[data-rows]").appendChild(row);
    total.value = String(index + 1);
    renumber(formset);
    const first = row.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
  }

  function removeRow(row, formset) {
    const checkbox = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (checkbox) checkbox.checked = true;
    row.hidden = true;
    renumber(formset);
    const add = formset.querySelector("[data-add-row]");
    if (add) add.focus();
  }

  document.addEventListener("click", function (event) {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-formset]"));
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      removeRow(remove.closest("[data-interviewer-row]"), remove.closest("[data-formset]"));
    }
  });

  // Rows the server marked deleted (a form redisplayed after an error) stay hidden.
  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    formset.querySelectorAll("[data-interviewer-row]").forEach(function (row) {
      const checkbox = row.querySelector("input[type=checkbox][name$='-DELETE']");
      if (checkbox && checkbox.checked) row.hidden = true;
    });
    renumber(formset);
  });

  const picker = document.querySelector("[data-new-application-toggle]");
  const newFields = document.getElementById("new-application-fields");
  if (picker && newFields) {
    const sync = function () {
      newFields.hidden = picker.value !== "";
    };
    picker.addEventListener("change", sync);
    sync();
  }
})();
