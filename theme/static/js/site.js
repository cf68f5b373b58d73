// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Pictures of cards further down a list, put in from their <noscript>: those on the
  // screen at once, the others once the reader scrolls, a screen ahead. A reader who
  // only looks at the first screen loads only its pictures. Their boxes are sized
  // already: nothing moves when a picture arrives.
  var deferred = [].slice.call(document.querySelectorAll("[data-deferred]"));
  function showPicture(box) {
    var fallback = box.querySelector("noscript");
    if (fallback) box.innerHTML = fallback.textContent; // our own markup, from the page
  }
  function watch(ahead) {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          watcher.unobserve(entry.target);
          deferred.splice(deferred.indexOf(entry.target), 1);
          showPicture(entry.target);
        }
      });
    }, { rootMargin: ahead + " 0px" });
    deferred.forEach(function (box) { watcher.observe(box); });
    return watcher;
  }
  if ("IntersectionObserver" in window) {
    var watcher = watch("0px");
    window.addEventListener("scroll", function () {
      watcher.disconnect();
      watcher = watch("100%"); // a screen ahead (and back, after a jump)
    }, { once: true, passive: true });
  } else {
    deferred.forEach(showPicture);
  }

  // Printing: photos that wait for the reader to scroll (loading="lazy") are fetched
  // now, so that the printout shows them.
  window.addEventListener("beforeprint", function () {
    deferred.forEach(showPicture);
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) {
      img.loading = "eager";
    });
  });

  // Phone navigation: fold the menu behind a button that says whether it is open.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        toggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("is-open");
        toggle.focus();
      }
    });
  }
})();
