/* Remembers the reader's text size, colours and spacing from page to page.
 * The settings work without this script (the stylesheet reads the checked
 * choice with :has()); it only saves and restores the choice. */
(function () {
  "use strict";
  var names = ["text-size", "colours", "spacing"];
  function restore() {
    names.forEach(function (name) {
      var value;
      try { value = window.localStorage.getItem("sayso-" + name); } catch (e) { return; }
      if (!value) return;
      var input = document.getElementById(name + "-" + value);
      if (input) input.checked = true;
    });
  }
  function remember(event) {
    var input = event.target;
    if (!input || names.indexOf(input.name) < 0) return;
    try { window.localStorage.setItem("sayso-" + input.name, input.value); } catch (e) { /* private mode */ }
  }
  document.addEventListener("DOMContentLoaded", function () {
    restore();
    document.addEventListener("change", remember);
  });
})();
