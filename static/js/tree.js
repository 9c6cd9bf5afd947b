/* The organisation tree: a ▸ button loads its unit's children once (htmx), then shows and hides them. */
document.addEventListener("click", function (e) {
  var b = e.target.closest(".fl-toggle");
  if (!b) return;
  var ul = document.getElementById(b.getAttribute("aria-controls"));
  if (b.dataset.loaded) { ul.hidden = !ul.hidden; } else { b.dataset.loaded = "1"; ul.hidden = false; }
  b.setAttribute("aria-expanded", ul.hidden ? "false" : "true");
  b.textContent = ul.hidden ? "▸" : "▾";
});
