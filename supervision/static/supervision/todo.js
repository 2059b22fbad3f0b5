// 待督办: "select all" in the table's header, and the number of rows selected beside the preview button.
(function () {
  "use strict";
  var form = document.getElementById("issue-form");
  if (!form) { return; }
  var boxes = function () { return document.querySelectorAll('input[name="milestone"][form="issue-form"]'); };
  var counter = form.querySelector(".selected-count");
  var update = function () {
    var n = Array.prototype.filter.call(boxes(), function (box) { return box.checked; }).length;
    if (counter) { counter.textContent = n ? counter.dataset.template.replace("%(n)s", n) : ""; }
  };
  document.querySelectorAll("input.select-all").forEach(function (all) {
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
  });
  boxes().forEach(function (box) { box.addEventListener("change", update); });
}());
