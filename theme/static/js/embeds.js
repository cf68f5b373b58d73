// Two-click embeds (plugins/embeds): the button appears only with JavaScript; one click
// replaces the box by the platform's iframe. Nothing is loaded from the platform before.
(function () {
  "use strict";
  document.querySelectorAll("figure.embed[data-embed-frame]").forEach(function (figure) {
    var button = figure.querySelector(".embed-load");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-embed-frame");
      frame.title = figure.getAttribute("data-embed-title") || "";
      frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      figure.replaceChildren(frame);
      figure.classList.add("embed-loaded");
      frame.focus();
    });
  });
})();
