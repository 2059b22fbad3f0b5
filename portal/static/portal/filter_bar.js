// Filter bars (<details data-filter-bar>) are open on a wide screen and folded into their summary line on a phone,
// unless their form shows errors (data-errors). A static file: the Content-Security-Policy allows no inline script.
(function () {
  var phone = window.matchMedia("(max-width: 640px)");
  function fit() {
    document.querySelectorAll("details[data-filter-bar]").forEach(function (bar) {
      bar.open = !phone.matches || bar.hasAttribute("data-errors");
    });
  }
  fit();
  phone.addEventListener("change", fit);
})();
