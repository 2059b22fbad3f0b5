// Attachments on a form: the chosen files with their sizes (those over the limit marked), and a progress bar while
// a large upload is sent (XMLHttpRequest; the page the server answers with replaces this one, at its address).
(function () {
  "use strict";
  document.querySelectorAll("input.evidence-input").forEach(function (input) {
    var form = input.form;
    var box = input.closest(".evidence-upload");
    if (!form || !box || form.dataset.evidenceBound) { return; }
    form.dataset.evidenceBound = "1";
    var list = box.querySelector(".evidence-chosen");
    var bar = box.querySelector(".evidence-progress");
    var text = box.querySelector(".evidence-progress-text");
    var maxFile = parseInt(input.dataset.maxFile || "0", 10);
    input.addEventListener("change", function () {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement("li");
        li.textContent = file.name + " (" + (file.size / 1048576).toFixed(1) + " MB)";
        if (maxFile && file.size > maxFile) {
          li.className = "evidence-refused";
          li.textContent += " " + text.dataset.refused;
        }
        list.appendChild(li);
      });
    });
    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length || !window.FormData) { return; }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var p = Math.round(100 * e.loaded / e.total);
        bar.value = p;
        text.textContent = text.dataset.template + " " + p + "%";
      });
      xhr.addEventListener("load", function () {
        // Saved: the request followed the redirect, and that page already carries the one-time "已保存" message
        // (loading its address again would lose it), so it is shown here under its own address.
        if (xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.history.replaceState(null, "", xhr.responseURL);
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.open("POST", form.action || window.location.href);
      xhr.send(data);
    });
  });
}());
