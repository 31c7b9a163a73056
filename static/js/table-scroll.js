// Tables that scroll sideways (.table-wrap, at phone width) must be reachable with
// the keyboard: make each wrapper that actually overflows a focusable, named region.
(function () {
  "use strict";
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var heading = wrap.previousElementSibling;
    if (caption) return caption.textContent.trim();
    if (heading && /^H[1-6]$/.test(heading.tagName)) return heading.textContent.trim();
    return document.documentElement.lang === "en" ? "Table" : "Tableau";
  }
  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
})();
