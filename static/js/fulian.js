/* Fulian: the little behaviour the pages need, without inline scripts or event handlers (the CSP allows
   scripts from this site only). Each behaviour is declared in the markup with a data- attribute and
   wired here, on page load and on every piece of content htmx swaps in.

   data-confirm="…"      on a form: ask before submitting
   data-print            on a button or link: open the print dialog (data-print-delay="300" waits first)
   data-width="42"       set the element's width to 42% (progress bars)
   data-bootstrap-form   on a form: give its plain inputs and selects Bootstrap's classes
                         (data-bootstrap-small as well: the small sizes)
   data-back             on a link: go back in the browser's history when there is one (else follow it)
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
