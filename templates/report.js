/* diffsrc report: filters, notes on hover/focus, keyboard navigation between findings.
   Inlined into every page and allowed by the page's Content-Security-Policy hash. It reads only
   the page's own DOM, never parses text as HTML and makes no request. */
(function () {
  "use strict";
  var doc = document;
  var tip = doc.getElementById("tip");
  var boxes = Array.prototype.slice.call(doc.querySelectorAll("input[data-filter]"));
  var tipOwner = null;
  var hideTimer = 0;

  function all(selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  }

  function offState() {
    var off = { cat: {}, sev: {}, fact: {}, src: {} };
    boxes.forEach(function (b) {
      if (!b.checked) { off[b.getAttribute("data-filter")][b.value] = true; }
    });
    return off;
  }

  function markHidden(el, off) {
    var kind = el.getAttribute("data-kind");
    if (off.src[el.getAttribute("data-src")]) { return true; }
    if (kind === "finding") {
      return !!(off.cat[el.getAttribute("data-cat")] || off.sev[el.getAttribute("data-sev")]);
    }
    return !!off.fact[el.getAttribute("data-cat")];
  }

  function allHidden(list, hidden) {
    if (!list) { return true; }
    return list.split(" ").every(function (id) { return hidden[id]; });
  }

  function apply() {
    var off = offState();
    var hidden = {};
    all("[data-mark]").forEach(function (el) {
      var h = markHidden(el, off);
      el.classList.toggle("is-off", h);
      if (h) { hidden[el.getAttribute("data-mark")] = true; }
    });
    all("mark[data-f]").forEach(function (m) {
      m.classList.toggle("f-off", allHidden(m.getAttribute("data-f"), hidden));
      m.classList.toggle("c-off", allHidden(m.getAttribute("data-c"), hidden));
    });
    all("[data-col]").forEach(function (c) {
      var hide = !!off.src[c.getAttribute("data-col")];
      c.classList.toggle("col-off", hide);
      // a column hidden at first keeps its cells inert in <template>s until it is ticked
      var lazy = hide ? null : c.querySelector(":scope > template");
      if (lazy) { c.replaceChildren(lazy.content); }
    });
    // a row whose paragraphs are all in unticked sources would be a row of empty cells
    all("tr[data-srcs]").forEach(function (r) {
      r.classList.toggle("row-off", allHidden(r.getAttribute("data-srcs"), off.src));
    });
    all("table.sbs-table").forEach(function (t) {
      t.style.setProperty("--cols", String(Math.max(1, all("thead th[data-col]:not(.col-off)", t).length)));
    });
    all("[data-fact]").forEach(function (f) {
      var srcs = (f.getAttribute("data-srcs") || "").split(" ").filter(Boolean);
      var on = srcs.filter(function (s) { return !off.src[s]; }).length;
      f.classList.toggle("is-off", !!off.fact[f.getAttribute("data-fact")] || on < Math.min(2, srcs.length));
    });
    if (tipOwner && tipOwner.classList.contains("is-off")) { hideTip(); }
  }

  function ctxOf(el) {
    var s = el.closest("[data-ctx]");
    return s ? s.getAttribute("data-ctx") : "sbs";
  }

  function notesFor(el) {
    var ctx = ctxOf(el);
    var ids = [];
    if (el.classList.contains("badge")) {
      ids = [el.getAttribute("data-mark")];
    } else {
      ids = ((el.getAttribute("data-f") || "") + " " + (el.getAttribute("data-c") || "")).split(" ").filter(Boolean);
    }
    return ids.map(function (id) { return doc.getElementById("note-" + ctx + "-" + id); })
      .filter(function (n) { return n && !n.classList.contains("is-off"); });
  }

  function showTip(el) {
    var notes = notesFor(el);
    if (!notes.length) { return; }
    clearTimeout(hideTimer);
    var copies = notes.map(function (n) {
      var c = n.cloneNode(true);
      c.removeAttribute("id");
      all("[id]", c).forEach(function (x) { x.removeAttribute("id"); });
      return c;
    });
    tip.replaceChildren.apply(tip, copies);
    tip.hidden = false;
    tipOwner = el;
    var r = el.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + doc.documentElement.clientWidth - width - 8));
    var top = r.bottom + window.scrollY + 6;
    if (r.bottom + tip.offsetHeight + 12 > window.innerHeight && r.top > tip.offsetHeight + 80) {
      top = r.top + window.scrollY - tip.offsetHeight - 6;
    }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hideTip() {
    tip.hidden = true;
    tipOwner = null;
  }

  function laterHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTip, 250);
  }

  function target(ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return null; }
    return t.closest(".badge, mark[data-f]");
  }

  doc.addEventListener("mouseover", function (ev) {
    var t = target(ev);
    if (t && t !== tipOwner && !t.closest(".tip")) { showTip(t); }
    if (ev.target instanceof Element && ev.target.closest(".tip")) { clearTimeout(hideTimer); }
  });
  doc.addEventListener("mouseout", function (ev) {
    if (tipOwner && (target(ev) === tipOwner || (ev.target instanceof Element && ev.target.closest(".tip")))) { laterHide(); }
  });
  doc.addEventListener("focusin", function (ev) {
    var t = ev.target;
    if (t instanceof Element && t.classList.contains("badge")) { showTip(t); }
  });
  doc.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t instanceof Element && t.classList.contains("badge")) {
      showTip(t);
      if (history.replaceState) { history.replaceState(null, "", "#" + t.id); }
    }
  });

  function visibleBadges() {
    return all(".badge").filter(function (b) {
      return !b.classList.contains("is-off") && b.offsetParent !== null && !b.closest("[hidden]");
    });
  }

  function step(dir) {
    var list = visibleBadges();
    if (!list.length) { return; }
    var i = list.indexOf(doc.activeElement);
    if (i < 0) {
      var y = 1;
      i = dir > 0 ? -1 : list.length;
      for (var k = 0; k < list.length; k++) {
        if (list[k].getBoundingClientRect().top >= y) { i = dir > 0 ? k - 1 : k; break; }
      }
    }
    var next = list[(i + dir + list.length) % list.length];
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "center" });
    showTip(next);
  }

  doc.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var t = ev.target;
    if (t instanceof Element && t.matches("input[type=text], textarea, select")) { return; }
    if (ev.key === "j" || ev.key === "n") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { hideTip(); }
  });

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
  if (location.hash.length > 1) {
    var el = doc.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el && el.classList.contains("badge")) { el.focus({ preventScroll: true }); showTip(el); }
  }
}());
