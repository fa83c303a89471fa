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

  // Parts shown only while another field has a value (interviews.forms.shown_when): the
  // decision dates after "they gave a timeline", the end time for "another end time". Hidden
  // fields are disabled too, so what is not shown is not sent.
  function controlsOf(form, name) {
    return form.querySelectorAll('[name="' + name + '"], [name$="-' + name + '"]');
  }
  function currentValue(controls) {
    let value = "";
    controls.forEach(function (control) {
      if ((control.type !== "radio" && control.type !== "checkbox") || control.checked) {
        value = control.value;
      }
    });
    return value;
  }
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    const form = part.closest("form");
    if (!form) return;
    const controls = controlsOf(form, part.dataset.shownWhen);
    const sync = function () {
      const shown = currentValue(controls) === part.dataset.shownValue;
      part.hidden = !shown;
      part.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = !shown;
      });
    };
    controls.forEach(function (control) {
      control.addEventListener("change", sync);
    });
    sync();
  });

  // The application picker: a search box that narrows the list (by company or role).
  const search = document.querySelector("[data-filter-options]");
  const select = search && document.getElementById(search.dataset.filterOptions);
  if (search && select) {
    const options = Array.from(select.options).filter(function (option) {
      return option.value !== "";
    });
    search.closest("[data-js-only]").hidden = options.length < 6;
    search.addEventListener("input", function () {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let first = null;
      options.forEach(function (option) {
        const label = option.textContent.toLowerCase();
        const match = words.every(function (word) {
          return label.includes(word);
        });
        option.hidden = !match;
        if (match && !first) first = option;
      });
      if (words.length && first && select.value !== first.value) {
        select.value = first.value;
        select.dispatchEvent(new Event("change"));
      }
    });
  }
})();
