/* Fulian: the little behaviour the pages need, without inline scripts or event handlers (the CSP allows
   scripts from this site only). Each behaviour is declared in the markup with a data- attribute and
   wired here, on page load and on every piece of content htmx swaps in.

   data-confirm="…"      on a form: ask before submitting
   data-print            on a button or link: open the print dialog (data-print-delay="300" waits first)
   data-width="42"       set the element's width to 42% (progress bars)
   data-bootstrap-form   on a form: give its plain inputs and selects Bootstrap's classes
                         (data-bootstrap-small as well: the small sizes)
   data-back             on a link: go back in the browser's history when there is one (else follow it)
   data-picker           a picker (fulian/core/pickers.py): clicking a listed match puts its key in the
                         hidden input and its name in the search box; typing again clears the choice
*/
(function () {
  "use strict";

  function each(root, selector, fn) {
    if (root.matches && root.matches(selector)) fn(root);
    root.querySelectorAll(selector).forEach(fn);
  }

  function init(root) {
    each(root, "[data-width]", function (el) {
      var value = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(value)) el.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
    each(root, "form[data-bootstrap-form]", function (form) {
      form.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (el.type === "hidden" || el.type === "submit" || el.type === "button") return;
        if (el.classList.contains("form-control") || el.classList.contains("form-select") ||
            el.classList.contains("form-check-input")) return;
        if (el.type === "checkbox" || el.type === "radio") el.classList.add("form-check-input");
        else if (el.tagName === "SELECT") el.classList.add("form-select");
        else el.classList.add("form-control");
        if (form.hasAttribute("data-bootstrap-small")) {
          el.classList.add(el.tagName === "SELECT" ? "form-select-sm" : "form-control-sm");
        }
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var back = event.target.closest && event.target.closest("[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
    var trigger = event.target.closest && event.target.closest("[data-print]");
    if (!trigger) return;
    event.preventDefault();
    var delay = parseInt(trigger.getAttribute("data-print-delay") || "0", 10);
    window.setTimeout(function () { window.print(); }, delay);
  });

  // Pickers: htmx fills the results list as she types; a click (or Enter on a result) chooses.
  function pick(button) {
    var picker = button.closest("[data-picker]");
    var hidden = picker.querySelector("[data-picker-value]");
    var search = picker.querySelector("[data-picker-search]");
    hidden.value = button.getAttribute("data-pick");
    search.value = button.textContent.trim();
    search.classList.remove("is-invalid");
    search.setAttribute("aria-expanded", "false");
    picker.querySelector("[data-picker-results]").innerHTML = "";
    hidden.dispatchEvent(new Event("change", {bubbles: true}));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-picker] [data-pick]");
    if (button) pick(button);
  });

  document.addEventListener("input", function (event) {
    var search = event.target;
    if (!search.matches || !search.matches("[data-picker-search]")) return;
    var hidden = search.closest("[data-picker]").querySelector("[data-picker-value]");
    if (hidden.value) {
      hidden.value = "";
      hidden.dispatchEvent(new Event("change", {bubbles: true}));
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.matches || event.key !== "Enter") return;
    if (el.matches("[data-picker-search]")) {
      // Enter in the search box chooses the first match instead of submitting the form.
      var first = el.closest("[data-picker]").querySelector("[data-pick]");
      event.preventDefault();
      if (first) pick(first);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var results = event.detail.target;
    if (!results.matches || !results.matches("[data-picker-results]")) return;
    var search = results.closest("[data-picker]").querySelector("[data-picker-search]");
    search.setAttribute("aria-expanded", results.children.length ? "true" : "false");
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
