/* Charts are static SVG drawn at build time. This adds exact-value tooltips as a progressive
   enhancement: the first time a reader points at a chart with a mouse, the vendored Vega runtime
   (176 KB compressed) and that chart's compiled spec are loaded and the chart is redrawn live in place.
   Touch, pen without hover, keyboard focus and Save-Data never load it: tooltips need a hovering
   pointer, and those readers have the exact values in the chart's data table. Nothing is loaded on
   page load; if loading fails, the static chart simply stays. */
(function () {
  "use strict";
  var base = new URL(".", document.currentScript.src);
  var runtime = null;
  var tip = null;

  function loadRuntime() {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("vendor/vega/vega.min.js", base).href;
        script.onload = function () { resolve(window.vega); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return runtime;
  }

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(handler, event, item, value) {
    var box = tooltip();
    if (value === null || value === undefined || value === "") { box.hidden = true; return; }
    box.textContent = "";
    var entries = typeof value === "object" ? Object.keys(value).map(function (k) { return [k, value[k]]; })
                                            : [["", value]];
    entries.forEach(function (entry) {
      var line = document.createElement("div");
      line.textContent = entry[0].trim() ? entry[0] + ": " + entry[1] : String(entry[1]);
      box.appendChild(line);
    });
    box.hidden = false;
    var x = Math.min(event.clientX + 12, window.innerWidth - box.offsetWidth - 8);
    var y = event.clientY + 12 + box.offsetHeight > window.innerHeight ? event.clientY - box.offsetHeight - 12
                                                                        : event.clientY + 12;
    box.style.left = Math.max(8, x) + "px";
    box.style.top = Math.max(8, y) + "px";
  }

  function enhance(figure) {
    if (figure.dataset.live) { return; }
    figure.dataset.live = "loading";
    var lang = document.documentElement.lang || "id";
    var spec = fetch(new URL("grafik/" + figure.dataset.chart + "." + lang + ".json", base).href)
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); });
    Promise.all([loadRuntime(), spec]).then(function (loaded) {
      var vega = loaded[0], chart = loaded[1];
      var holder = figure.querySelector(".chart__svg");
      var live = document.createElement("div");
      var view = new vega.View(vega.parse(chart.spec), { renderer: "svg", hover: true, locale: chart.locale });
      view.tooltip(show);
      return view.initialize(live).runAsync().then(function () {
        holder.replaceChildren(live);
        figure.dataset.live = "ready";
      });
    }).catch(function () { figure.dataset.live = "failed"; });
  }

  // A mouse, not the primary pointer's media query: a touch laptop's mouse still gets tooltips.
  if (!(navigator.connection && navigator.connection.saveData)) {
    document.addEventListener("pointerover", function (event) {
      if (event.pointerType !== "mouse") { return; }
      var figure = event.target.closest && event.target.closest("figure.chart[data-chart]");
      if (figure) { enhance(figure); }
    }, { passive: true });
  }
  document.addEventListener("scroll", function () { if (tip) { tip.hidden = true; } }, { passive: true });
})();
