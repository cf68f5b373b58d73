// Comment form, enhanced: reply links preselect the comment, and the form is sent in the
// background so the reader stays on the page. Without this file everything still works.
(function () {
  "use strict";
  var form = document.getElementById("kommentar-formular");
  if (!form) return;
  var select = form.querySelector("select[name=reply_to]");
  var replying = form.querySelector(".comment-form__replying");
  var text = form.querySelector("#text");

  // "Antworten" chooses the comment itself: the form says whom the reader answers and
  // offers to write a new comment instead. (The select, for readers without JavaScript,
  // carries the choice; site.css hides it here, nojs.css shows it.)
  function replyTo(id) {
    if (!select || !replying) return;
    select.value = id;
    var option = select.selectedOptions[0];
    var label = replying.querySelector(".comment-form__replying-text");
    replying.hidden = !id || !option;
    if (!replying.hidden) {
      label.textContent = label.dataset.template.replace("%(name)s", option.dataset.author);
    }
  }
  document.querySelectorAll("[data-reply-to]").forEach(function (link) {
    link.addEventListener("click", function () {
      replyTo(link.dataset.replyTo);
      // After the browser has followed the link to the form.
      setTimeout(function () { text.focus(); }, 0);
    });
  });
  if (replying) {
    replying.querySelector(".comment-form__new").addEventListener("click", function () {
      replyTo("");
      text.focus();
    });
  }
  var status = form.querySelector(".comment-form__status");
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    status.textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
    });
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
    }).then(function (response) {
      // A web server's 502/503 page is no answer of the intake: the comment is not sent.
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) throw new Error("no answer");
      return response.json().then(function (answer) { return [response.ok, answer]; });
    }).then(function (result) {
      status.textContent = result[1].message;
      status.classList.toggle("is-error", !result[0]);
      if (result[0]) {
        form.reset();
        replyTo("");
      } else if (result[1].field && form.elements[result[1].field]) {
        form.elements[result[1].field].setAttribute("aria-invalid", "true");
        form.elements[result[1].field].focus();
      }
    }).catch(function () {
      // Intake down or unreachable: keep the text in the form and say so; a plain
      // submit would carry the reader off to an error page.
      status.textContent = form.dataset.unsent;
      status.classList.add("is-error");
    });
  });
})();
