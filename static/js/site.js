/* Maillage: the phone menu and the filter panels. Progressive enhancement only: without
   this file the menu and the filters are simply always shown. Loaded from static files
   (the CSP allows no inline script). */
(function () {
  "use strict";
  // Same width as the CSS breakpoint in site.css ("phone": below 52rem).
  var narrow = window.matchMedia("(max-width: 51.99rem)");

  var toggle = document.querySelector("[data-menu-toggle]");
  if (toggle) {
    var header = toggle.closest(".site-header");
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    setOpen(false);
    header.classList.add("site-header--js");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Filters: beside the results on a wide screen; on a phone folded under their summary,
  // so the results come first.
  var panels = document.querySelectorAll("details[data-filters]");
  var fit = function () {
    for (var i = 0; i < panels.length; i++) {
      panels[i].open = !narrow.matches || panels[i].hasAttribute("data-keep-open");
    }
  };
  if (panels.length) {
    fit();
    narrow.addEventListener("change", fit);
  }
})();
