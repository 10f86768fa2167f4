/* Panel — the top bar folds its links into a "Menu" button whenever they would not fit on
 * one line (phones, tablets, or many roles at once). Without this script the links wrap. */
(function () {
  "use strict";

  const bar = document.querySelector(".topbar");
  const toggle = bar && bar.querySelector(".menu-toggle");
  const menu = document.getElementById("topbar-menu");
  if (!toggle || !menu) return;

  function setOpen(open) {
    bar.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }

  function fit() {
    // Lay the bar out on one line, and fold it if that line overflows.
    bar.classList.add("one-line");
    bar.classList.remove("compact");
    toggle.hidden = true;
    const overflows = bar.scrollWidth > bar.clientWidth + 1;
    bar.classList.toggle("compact", overflows);
    toggle.hidden = !overflows;
    if (!overflows) setOpen(false);
  }

  toggle.addEventListener("click", function () {
    setOpen(!bar.classList.contains("open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("open")) {
      setOpen(false);
      toggle.focus();
    }
  });
  let pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fit(); });
  });
  fit();
})();
