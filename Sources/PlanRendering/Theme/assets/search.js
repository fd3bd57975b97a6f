/* plansite search: reads window.PLANSITE_SEARCH (search-index.js, loaded with
   <script> so that it works from disk as well as from a web server), ranks
   documents for the query, shows results with snippets and facet filters.
   Ranking: an exact id (2.4, R7, MASH) first; then every query word must match
   a word of the document, whole or as its beginning, British and American
   spellings alike; title matches weigh more than text; the whole phrase is a
   bonus. Ties keep the plan's order. */
(function () {
  "use strict";

  // ---- words ----------------------------------------------------------------
  var VARIANTS = {
    focussed: "focused", focussing: "focusing", programme: "program", programmes: "programs",
    centre: "center", centres: "centers", judgement: "judgment", judgements: "judgments",
    behaviour: "behavior", behaviours: "behaviors", colour: "color", favour: "favor", labour: "labor",
    licence: "license", defence: "defense", offence: "offense", enrol: "enroll", fulfil: "fulfill",
    travelling: "traveling", modelling: "modeling", cancelled: "canceled", counselling: "counseling",
    paediatric: "pediatric", catalogue: "catalog", dialogue: "dialog", ageing: "aging", practise: "practice"
  };

  var STOP = { a: 1, an: 1, and: 1, of: 1, the: 1, to: 1, "in": 1, "for": 1, on: 1, by: 1, at: 1, or: 1, with: 1, is: 1 };

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2018\u2019]/g, "'");
  }

  // One canonical spelling: -ise/-ize, -isation/-ization, -yse/-yze, and the list above.
  function canon(w) {
    if (VARIANTS[w]) return VARIANTS[w];
    return w.replace(/is(e|es|ed|ing|ation|ations|er|ers)$/, "iz$1").replace(/ys(e|es|ed|ing)$/, "yz$1");
  }

  var WORD = /[\p{L}\p{N}]+(?:[.'][\p{L}\p{N}]+)*/gu;
  function words(s) { return fold(s).match(WORD) || []; }

  // ---- the index ------------------------------------------------------------
  var data = window.PLANSITE_SEARCH;
  var docs = [], vocabulary = [], postings = {};

  function prepare() {
    data.docs.forEach(function (d, n) {
      var ids = [d.i].concat(d.a || []).filter(Boolean).map(fold);
      var doc = { n: n, d: d, ids: ids };
      docs.push(doc);
      add(doc, d.t + " " + d.i, 3);
      add(doc, d.x, 1);
      add(doc, d.p, 0.5);
    });
    vocabulary = Object.keys(postings).sort();
  }

  function add(doc, text, weight) {
    words(text).forEach(function (w) {
      var c = canon(w);
      var list = postings[c] || (postings[c] = []);
      var last = list[list.length - 1];
      if (last && last.doc === doc) { if (weight > last.w) last.w = weight; }
      else list.push({ doc: doc, w: weight });
      // a dotted ref (1.12) is also its parts' whole
    });
  }

  // Words of the vocabulary that start with `prefix`, by binary search.
  function startingWith(prefix) {
    var lo = 0, hi = vocabulary.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (vocabulary[mid] < prefix) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < vocabulary.length && vocabulary[i].lastIndexOf(prefix, 0) === 0; i++) out.push(vocabulary[i]);
    return out;
  }

  // ---- ranking ----------------------------------------------------------------
  function search(query) {
    var q = fold(query.trim()).replace(/\s+/g, " ");
    if (!q) return [];
    var terms = words(q).map(canon);
    var scores = new Map();
    var exact = new Set();
    docs.forEach(function (doc) {
      if (doc.ids.indexOf(q) >= 0) exact.add(doc);
    });
    var first = true;
    terms.forEach(function (t) {
      var hits = new Map();
      startingWith(t).forEach(function (w) {
        var whole = w === t;
        postings[w].forEach(function (p) {
          var s = p.w * (whole ? 10 : 6);
          if ((hits.get(p.doc) || 0) < s) hits.set(p.doc, s);
        });
      });
      if (first) { hits.forEach(function (s, doc) { scores.set(doc, s); }); first = false; }
      else {
        scores.forEach(function (s, doc) {
          if (hits.has(doc)) scores.set(doc, s + hits.get(doc)); else scores.delete(doc);
        });
      }
    });
    exact.forEach(function (doc) { scores.set(doc, (scores.get(doc) || 0) + 1000); });
    var results = [];
    scores.forEach(function (s, doc) {
      if (terms.length > 1 || q.length > 2) {
        if (fold(doc.d.t).indexOf(q) >= 0) s += 15;
        else if (fold(doc.d.x).indexOf(q) >= 0) s += 8;
      }
      results.push({ doc: doc, score: s });
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc.n - b.doc.n; });
    return results.map(function (r) { return r.doc; });
  }

  // ---- facets -------------------------------------------------------------------
  var selected = {};   // facet key -> Set of value positions

  function passes(doc, except) {
    for (var key in selected) {
      if (key === except || selected[key].size === 0) continue;
      var values = key === "kind" ? [doc.d.k] : (doc.d.f[key] || []);
      if (!values.some(function (v) { return selected[key].has(v); })) return false;
    }
    return true;
  }

  function counts(results, key) {
    var c = {};
    results.forEach(function (doc) {
      if (!passes(doc, key)) return;
      (key === "kind" ? [doc.d.k] : (doc.d.f[key] || [])).forEach(function (v) { c[v] = (c[v] || 0) + 1; });
    });
    return c;
  }

  // ---- the page ---------------------------------------------------------------
  var form, input, area, status, filters, list, nojs;
  var lastResults = [], lastQuery = "", announceTimer = null, filtersOpen = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function snippet(doc, terms) {
    var text = doc.d.x || "";
    var lower = fold(text);
    var at = -1;
    terms.forEach(function (t) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
      var m = re.exec(lower);
      if (m && (at < 0 || m.index < at)) at = m.index + m[1].length;
    });
    var start = Math.max(0, at - 60);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    var end = Math.min(text.length, start + 220);
    if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > start) end = sp2; }
    var p = el("p", { "class": "search-snippet" });
    if (start > 0) p.appendChild(document.createTextNode("… "));
    // Mark the words that match a query word (whole or by their beginning).
    var part = text.slice(start, end), re = /[\p{L}\p{N}]+(?:[.'][\p{L}\p{N}]+)*/gu, m, pos = 0;
    // Small words (of, the, and) are marked only when they are all the query has.
    var marking = terms.filter(function (t) { return !STOP[t]; });
    if (!marking.length) marking = terms;
    while ((m = re.exec(part))) {
      var c = canon(fold(m[0]));
      if (marking.some(function (t) { return t.length < 3 && !/\d/.test(t) ? c === t : c.lastIndexOf(t, 0) === 0; })) {
        p.appendChild(document.createTextNode(part.slice(pos, m.index)));
        p.appendChild(el("mark", {}, m[0]));
        pos = m.index + m[0].length;
      }
    }
    p.appendChild(document.createTextNode(part.slice(pos) + (end < text.length ? " …" : "")));
    return p;
  }

  function renderFilters(results, focusValue) {
    filters.textContent = "";
    if (!results.length) return;
    // Filters fold away on narrow screens, so that results come first; open on wide ones.
    var details = el("details", { "class": "search-filters-details" });
    if (filtersOpen === null) filtersOpen = !window.matchMedia || window.matchMedia("(min-width: 641px)").matches;
    details.open = filtersOpen;
    details.addEventListener("toggle", function () { filtersOpen = details.open; });
    details.appendChild(el("summary", { "class": "search-filters-summary" }, "Filter results"));
    filters.appendChild(details);
    data.facets.forEach(function (facet) {
      var c = counts(results, facet.key);
      var sel = selected[facet.key] || new Set();
      var values = facet.values.map(function (v, i) { return i; }).filter(function (i) { return c[i] || sel.has(i); });
      if (!values.length || (values.length === 1 && !sel.size && c[values[0]] === results.length && facet.key !== "kind")) return;
      var fs = el("fieldset", { "class": "search-facet" });
      fs.appendChild(el("legend", {}, facet.label));
      var box = el("div", { "class": "search-facet-options" });
      values.forEach(function (i) {
        var id = "facet-" + facet.key + "-" + i;
        var row = el("div", { "class": "search-facet-option" });
        var cb = el("input", { type: "checkbox", id: id, "data-facet": facet.key, "data-value": String(i) });
        cb.checked = sel.has(i);
        var label = el("label", { "for": id }, facet.values[i] + " ");
        label.appendChild(el("span", { "class": "search-facet-count" }, "(" + (c[i] || 0) + ")"));
        row.appendChild(cb); row.appendChild(label); box.appendChild(row);
      });
      fs.appendChild(box);
      details.appendChild(fs);
    });
    if (Object.keys(selected).some(function (k) { return selected[k].size; })) {
      var clear = el("button", { type: "button", "class": "search-clear" }, "Clear filters");
      clear.addEventListener("click", function () { selected = {}; show(lastQuery, true); input.focus(); });
      details.appendChild(clear);
    }
    if (focusValue) {
      var again = document.getElementById(focusValue);
      if (again) again.focus();
    }
  }

  function renderResults(results, terms) {
    list.textContent = "";
    results.slice(0, 100).forEach(function (doc) {
      var d = doc.d;
      var li = el("li", { "class": "search-result" });
      var h = el("h3", { "class": "search-result-title" });
      h.appendChild(el("span", { "class": "tag search-kind" }, data.facets[0].values[d.k]));
      h.appendChild(document.createTextNode(" "));
      var a = el("a", { href: d.u }, d.t);
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(snippet(doc, terms));
      li.appendChild(el("p", { "class": "search-place meta" }, "In " + d.p));
      list.appendChild(li);
    });
  }

  function show(query, announceNow, focusValue) {
    lastQuery = query;
    var all = search(query);
    lastResults = all;
    var shown = all.filter(function (doc) { return passes(doc, null); });
    area.hidden = !query.trim();
    renderFilters(all, focusValue);
    renderResults(shown, words(query).map(canon));
    var text = !query.trim() ? "" :
      shown.length === 0 ? "No results for \u201c" + query.trim() + "\u201d" + (all.length ? " with these filters" : "") + "." :
      shown.length + " result" + (shown.length === 1 ? "" : "s") + " for \u201c" + query.trim() + "\u201d" +
      (shown.length !== all.length ? " (filtered from " + all.length + ")" : "") + (shown.length > 100 ? "; the first 100 are shown" : "") + ".";
    clearTimeout(announceTimer);
    // Announce once typing pauses, so a screen reader is not interrupted at every key.
    if (announceNow) status.textContent = text;
    else announceTimer = setTimeout(function () { status.textContent = text; }, 600);
  }

  function init() {
    form = document.getElementById("search-form");
    input = document.getElementById("search-q");
    area = document.getElementById("search-area");
    status = document.getElementById("search-status");
    filters = document.getElementById("search-filters");
    list = document.getElementById("search-results");
    nojs = document.getElementById("search-nojs");
    if (!form || !data) return;
    nojs.hidden = true;
    prepare();
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { selected = {}; show(input.value, false); }, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      selected = {};
      show(input.value, true);
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (err) { /* file:// may refuse */ }
    });
    filters.addEventListener("change", function (e) {
      var t = e.target;
      if (!t.matches || !t.matches("input[data-facet]")) return;
      var key = t.getAttribute("data-facet"), v = Number(t.getAttribute("data-value"));
      var set = selected[key] || (selected[key] = new Set());
      if (t.checked) set.add(v); else set.delete(v);
      show(lastQuery, true, t.id);
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; show(q, true); }
  }

  // For tests and the benchmark: the ranked documents for a query.
  window.plansiteSearch = function (query) {
    if (!docs.length && data) prepare();
    return search(query).map(function (doc) { return doc.d; });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
