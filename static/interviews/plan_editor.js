// The plan editor's question picker: Enter searches instead of saving the plan (the search box
// sits inside the plan form). A static file, not an inline handler: the Content-Security-Policy
// allows no inline script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !box || box.id !== "picker-q") return;
    event.preventDefault();
    if (window.htmx) window.htmx.trigger(box, "search");
  });
})();
