// Share links (social_cards plugin): copy the address, and send a post to the reader's
// own Mastodon server. Nothing here contacts any platform by itself; without this file
// every share link is still a plain link.
(function () {
  "use strict";

  var status = document.querySelector(".share__status");
  document.querySelectorAll("[data-copy]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard || !status) return; // fall back to following the link
      event.preventDefault();
      navigator.clipboard.writeText(link.dataset.copy).then(function () {
        status.textContent = link.dataset.copied;
        setTimeout(function () { status.textContent = ""; }, 4000);
      });
    });
  });

  // "mastodon.social", "https://mastodon.social/@jana", "@jana@mastodon.social" -> host
  function serverOf(input) {
    var value = input.trim();
    if (value.indexOf("://") < 0 && value.indexOf("@") >= 0) {
      value = value.slice(value.lastIndexOf("@") + 1);
    }
    try {
      var url = new URL(value.indexOf("://") < 0 ? "https://" + value : value);
      return url.protocol === "https:" && /\.[^.]+$/.test(url.hostname) ? url.host : null;
    } catch (error) {
      return null;
    }
  }

  var form = document.querySelector(".mastodon-share");
  if (form) {
    var params = new URLSearchParams(location.search);
    if (params.get("text")) form.text.value = params.get("text");
    form.instance.addEventListener("input", function () {
      form.instance.setCustomValidity("");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var host = serverOf(form.instance.value);
      if (!host) {
        form.instance.setCustomValidity(form.instance.dataset.invalid);
        form.instance.reportValidity();
        return;
      }
      location.href = "https://" + host + "/share?text=" + encodeURIComponent(form.text.value);
    });
  }
})();
