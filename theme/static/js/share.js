// Share links: copy the address, and send a post to the reader's own Mastodon server.
// Nothing here contacts any platform by itself.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return; // fall back to following the link
      event.preventDefault();
      navigator.clipboard.writeText(link.dataset.copy).then(function () {
        var done = link.dataset.copied;
        var original = link.textContent;
        link.textContent = done;
        link.setAttribute("aria-live", "polite");
        setTimeout(function () { link.textContent = original; }, 2500);
      });
    });
  });

  var form = document.querySelector(".mastodon-share");
  if (form) {
    var params = new URLSearchParams(location.search);
    if (params.get("text")) form.text.value = params.get("text");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var host = form.instance.value.trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
      if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host)) {
        form.instance.setCustomValidity(form.instance.getAttribute("placeholder"));
        form.instance.reportValidity();
        form.instance.setCustomValidity("");
        return;
      }
      location.href = "https://" + host + "/share?text=" + encodeURIComponent(form.text.value);
    });
  }
})();
