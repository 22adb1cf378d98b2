/* IOP-registret: filter and sort the index table in the browser (no libraries, works offline).
   The table has every agreement; each row carries its values as data attributes. */
(function () {
  "use strict";
  var table = document.getElementById("register");
  var form = document.getElementById("filter");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("antal");
  var total = rows.length;
  var fold = function (s) { return (s || "").toLocaleLowerCase("sv"); };
  var index = rows.map(function (r) {
    var d = r.dataset;
    return {
      row: r, text: fold(d.organisation + " " + d.public + " " + d.units),
      public: d.public, phase: d.phase, first: +d.first, last: +d.last, amount: +d.amount
    };
  });
  function apply() {
    var text = fold(form.elements.text.value.trim());
    var pub = form.elements.public.value, phase = form.elements.phase.value;
    var year = form.elements.year.value ? +form.elements.year.value : null;
    var min = form.elements.min.value ? +form.elements.min.value : null;
    var shown = 0;
    index.forEach(function (it) {
      var ok = (!text || it.text.indexOf(text) !== -1) &&
        (!pub || it.public.split(", ").indexOf(pub) !== -1) &&
        (!phase || it.phase === phase) &&
        (year === null || (it.first <= year && year <= it.last)) &&
        (min === null || it.amount >= min);
      it.row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Visar " + shown + " av " + total + " överenskommelser.";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  var collator = new Intl.Collator("sv");
  Array.prototype.forEach.call(table.tHead.querySelectorAll("button[data-key]"), function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode, key = button.dataset.key, numeric = button.dataset.type === "number";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      index.sort(function (a, b) {
        var x = a.row.dataset[key], y = b.row.dataset[key];
        return dir * (numeric ? (+x - +y) : collator.compare(x, y));
      });
      var frag = document.createDocumentFragment();
      index.forEach(function (it) { frag.appendChild(it.row); });
      body.appendChild(frag);
    });
  });
  apply();
}());
