/* Exact values on charts, on hover, tap and keyboard focus. Charts are SVG drawn at build time, and each
   data mark carries its exact values as its accessible name (aria-label, written by report/charts/charts.py):
   this script only shows that text. It loads nothing, and without it the chart and its data table stay
   as they are. Keyboard: a chart is one tab stop; the arrow keys move from mark to mark, Escape hides the
   values, and a polite live region reads each one to screen readers. */
(function () {
  "use strict";
  // Marks that stand for a whole series or for the frame, not for one value.
  var NOT_A_VALUE = ["axis", "legend", "line mark", "area mark", "group mark container", "title"];
  var tip = null, spoken = null, current = null;

  function element(tag, className, parent) {
    var made = document.createElement(tag);
    made.className = className;
    parent.appendChild(made);
    return made;
  }

  function tooltip() {
    if (!tip) {
      tip = element("div", "chart-tooltip", document.body);
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      spoken = element("div", "chart-live", document.body);
      spoken.setAttribute("aria-live", "polite");
    }
    return tip;
  }

  function isValue(mark) {
    return mark.getAttribute("role") === "graphics-symbol" && mark.hasAttribute("aria-label") &&
      NOT_A_VALUE.indexOf(mark.getAttribute("aria-roledescription")) < 0;
  }

  // The marks of the drawing on screen (a chart is drawn twice; CSS shows one), one per distinct value:
  // a bar and its number label carry the same text.
  function marks(holder) {
    var drawing = Array.prototype.filter.call(holder.querySelectorAll(".chart__drawing"), function (d) {
      return d.getClientRects().length > 0;
    })[0] || holder;
    var seen = {};
    return Array.prototype.filter.call(drawing.querySelectorAll("[aria-label]"), function (mark) {
      var text = mark.getAttribute("aria-label");
      if (!isValue(mark) || seen[text]) { return false; }
      seen[text] = true;
      return true;
    });
  }

  function place(box, x, y) {
    var left = Math.min(x + 12, window.innerWidth - box.offsetWidth - 8);
    var top = y + 12 + box.offsetHeight > window.innerHeight ? y - box.offsetHeight - 12 : y + 12;
    box.style.left = Math.max(8, left) + "px";
    box.style.top = Math.max(8, top) + "px";
  }

  function show(mark, x, y) {
    var box = tooltip();
    box.textContent = "";
    mark.getAttribute("aria-label").split("; ").forEach(function (part) {
      element("div", "chart-tooltip__line", box).textContent = part;
    });
    if (current) { current.classList.remove("is-current"); }
    current = mark;
    mark.classList.add("is-current");
    box.hidden = false;
    place(box, x, y);
  }

  function hide() {
    if (tip) { tip.hidden = true; }
    if (current) { current.classList.remove("is-current"); current = null; }
  }

  function markAt(event) {
    var mark = event.target.closest ? event.target.closest("[aria-label]") : null;
    return mark && isValue(mark) && mark.closest(".chart__svg") ? mark : null;
  }

  document.addEventListener("pointerover", function (event) {
    var mark = markAt(event);
    if (mark) { show(mark, event.clientX, event.clientY); }
  }, { passive: true });
  document.addEventListener("pointermove", function (event) {
    if (current && markAt(event) === current) { place(tip, event.clientX, event.clientY); }
  }, { passive: true });
  // A finger leaves the mark as soon as it lifts: a tapped value stays until the next tap or scroll.
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "touch" && markAt(event)) { hide(); }
  }, { passive: true });
  document.addEventListener("pointerdown", function (event) { if (!markAt(event)) { hide(); } }, { passive: true });
  // Scrolling moves the page under a pointer's tooltip, so it goes; a keyboard's stays by its mark (focusing a
  // chart scrolls it into view).
  document.addEventListener("scroll", function () {
    var focused = document.activeElement;
    if (current && focused && focused.classList.contains("chart__svg") && focused.contains(current)) {
      var rect = current.getBoundingClientRect();
      place(tip, rect.right, rect.top);
    } else { hide(); }
  }, { passive: true });

  function focusMark(holder, index) {
    var list = marks(holder);
    if (!list.length) { return; }
    var mark = list[(index + list.length) % list.length];
    holder.dataset.mark = String(list.indexOf(mark));
    var rect = mark.getBoundingClientRect();
    show(mark, rect.right, rect.top);
    spoken.textContent = mark.getAttribute("aria-label");
  }

  var KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  function keyboard(holder, hint) {
    holder.tabIndex = 0;
    if (hint) {
      var described = element("span", "chart-live", holder.parentNode);
      described.id = holder.parentNode.id + "-petunjuk";
      described.textContent = hint;
      holder.setAttribute("aria-describedby", described.id);
    }
    holder.addEventListener("focus", function () { focusMark(holder, Number(holder.dataset.mark || 0)); });
    holder.addEventListener("blur", hide);
    holder.addEventListener("keydown", function (event) {
      var index = Number(holder.dataset.mark || 0);
      if (event.key in KEYS) { focusMark(holder, index + KEYS[event.key]); }
      else if (event.key === "Home") { focusMark(holder, 0); }
      else if (event.key === "End") { focusMark(holder, -1); }
      else if (event.key === "Escape") { hide(); }
      else { return; }
      event.preventDefault();
    });
  }

  tooltip();
  Array.prototype.forEach.call(document.querySelectorAll("figure.chart[data-chart]"), function (figure) {
    var holder = figure.querySelector(".chart__svg");
    if (holder && marks(holder).length) { keyboard(holder, figure.dataset.keys); }
  });
})();
