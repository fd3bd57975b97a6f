/* plansite table filters: progressive enhancement of a table of actions that
   is complete without JavaScript. Shows the (hidden) filter form, and hides
   the rows that do not match the chosen work area, lead and status; the
   number of rows shown is announced in a live region. */
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("table-filters");
    if (!form) return;
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = document.getElementById("filter-count");
    var timer = null;
    function matches(row, key, value) {
      if (!value) return true;
      if (key === "workArea") return row.getAttribute("data-work-area") === value;
      if (key === "leads") return (row.getAttribute("data-leads") || "").split("|").indexOf(value) >= 0;
      if (key === "status") return row.getAttribute("data-status") === value;
      return true;
    }
    function apply(announce) {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) { return matches(row, s.getAttribute("data-filter"), s.value); });
        row.hidden = !ok;
        if (ok) shown++;
      });
      var filtered = selects.some(function (s) { return s.value; });
      var text = filtered ? "Showing " + shown + " of " + rows.length + " actions." : "Showing all " + rows.length + " actions.";
      clearTimeout(timer);
      if (announce) timer = setTimeout(function () { count.textContent = text; }, 100);
      else count.textContent = text;
    }
    selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply(false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
