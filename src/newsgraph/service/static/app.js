// The explorer's behaviour: charts, the map, the entity network and the
// article page's fact <-> evidence links.
//
// Article text is hostile input. Nothing here parses data as HTML: data comes
// from <script type="application/json"> blocks (JSON.parse), and the DOM is
// built with createElement/createElementNS, textContent and setAttribute.
(function () {
  "use strict";

  // Errors are kept where tests (and curious users) can read them back.
  var errors = [];
  window.__ngErrors = errors;
  window.addEventListener("error", function (event) {
    errors.push(String(event.message || event.type));
  });
  window.addEventListener("unhandledrejection", function (event) {
    errors.push("unhandled rejection: " + String(event.reason));
  });

  var SVG = "http://www.w3.org/2000/svg";

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (err) {
      errors.push("bad JSON in #" + id);
      return null;
    }
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, String(attrs[key]));
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function note(figure, text) {
    figure.insertBefore(el("p", { class: "chart-empty" }, text), figure.firstChild);
    figure.setAttribute("data-rendered", "empty");
  }

  // Plot puts a <style> element in each chart; the Content-Security-Policy
  // (style-src 'self') forbids inline styles, so it is removed before the
  // chart joins the page and style.css carries the same rules.
  function place(figure, chart, marks) {
    Array.prototype.forEach.call(chart.querySelectorAll("style"), function (s) {
      s.remove();
    });
    chart.classList.add("ng-plot");
    figure.insertBefore(chart, figure.firstChild);
    figure.setAttribute("data-rendered", "true");
    figure.setAttribute("data-marks", String(marks));
  }

  function chartWidth(figure) {
    return Math.max(280, Math.min(1000, figure.clientWidth || 640));
  }

  // -- time series --------------------------------------------------------------------

  function addDays(day, n) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function periodLink(base, group, period) {
    var url = new URL(base, window.location.origin);
    var since = period;
    var until = period;
    if (group === "week") until = addDays(period, 6);
    if (group === "month") {
      since = period.slice(0, 7);
      until = since;
    }
    url.searchParams.set("since", since);
    url.searchParams.set("until", until);
    url.searchParams.delete("offset");
    return url.pathname + url.search;
  }

  function drawSeries(figure) {
    var data = readJSON(figure.getAttribute("data-source")) || [];
    if (!data.length) {
      note(figure, "No dated events to chart.");
      return;
    }
    var group = figure.getAttribute("data-group") || "day";
    var base = figure.getAttribute("data-link") || "/events";
    var rows = data.map(function (d) {
      return {
        date: new Date(d.period + "T00:00:00Z"),
        period: d.period,
        count: d.count,
        href: periodLink(base, group, d.period),
        label: d.period + ": " + d.count,
      };
    });
    var interval = { day: "day", week: "monday", month: "month" }[group] || "day";
    var chart = Plot.plot({
      width: chartWidth(figure),
      height: 240,
      marginLeft: 40,
      x: { type: "utc", label: null, tickFormat: group === "month" ? "%b %Y" : "%b %-d", ticks: Math.min(rows.length + 1, 8) },
      y: { grid: true, label: "count" },
      marks: [
        Plot.rectY(rows, {
          x: "date",
          y: "count",
          interval: interval,
          inset: 1,
          fill: "#2f6f9f",
          href: "href",
          title: "label",
          ariaLabel: "label",
        }),
        Plot.ruleY([0]),
      ],
    });
    place(figure, chart, rows.length);
  }

  // -- a story's reports: source x day ------------------------------------------------

  function drawReports(figure) {
    var data = readJSON(figure.getAttribute("data-source")) || [];
    if (!data.length) {
      note(figure, "No dated reports to chart.");
      return;
    }
    // Reports of one source on one day sit side by side around noon rather than on top of each other.
    var groups = {};
    data.forEach(function (d) {
      var key = d.source + "\u0000" + d.date;
      groups[key] = (groups[key] || 0) + 1;
    });
    var seen = {};
    var rows = data.map(function (d) {
      var key = d.source + "\u0000" + d.date;
      var k = (seen[key] = (seen[key] || 0) + 1) - 1;
      var hours = 12 + (k - (groups[key] - 1) / 2) * Math.min(3, 18 / groups[key]);
      var when = new Date(d.date + "T00:00:00Z");
      when.setTime(when.getTime() + hours * 36e5);
      return { date: when, source: d.source, type: d.type, href: d.href, label: d.label };
    });
    var sources = Array.from(new Set(rows.map(function (d) { return d.source; })));
    var times = rows.map(function (d) { return d.date.getTime(); });
    var day = 864e5;
    var first = Math.min.apply(null, times) - day / 2;
    var last = Math.max.apply(null, times) + day / 2;
    var chart = Plot.plot({
      width: chartWidth(figure),
      height: 60 + 28 * sources.length,
      marginLeft: Math.min(180, 12 + 7 * Math.max.apply(null, sources.map(function (s) { return s.length; }))),
      x: {
        type: "utc",
        label: null,
        domain: [new Date(first), new Date(last)],
        tickFormat: "%b %-d",
        ticks: last - first <= 14 * day ? "day" : 6,
      },
      y: { domain: sources, label: null },
      color: { type: "categorical" },
      marks: [
        Plot.ruleY(sources, { stroke: "#e3e8ec" }),
        Plot.dot(rows, { x: "date", y: "source", fill: "type", r: 6, href: "href", title: "label", ariaLabel: "label" }),
      ],
    });
    place(figure, chart, rows.length);
    // The legend, drawn here: Plot's own legends carry inline styles the CSP refuses.
    var color = chart.scale("color");
    var legend = el("ul", { class: "chart-legend" });
    color.domain.forEach(function (type, i) {
      var item = el("li");
      var swatch = svgEl("svg", { width: 12, height: 12, "aria-hidden": "true" });
      swatch.appendChild(svgEl("circle", { cx: 6, cy: 6, r: 5, fill: color.range[i % color.range.length] }));
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + type));
      legend.appendChild(item);
    });
    figure.insertBefore(legend, chart.nextSibling);
  }

  // -- map ------------------------------------------------------------------------------

  function drawMap(figure) {
    var points = readJSON(figure.getAttribute("data-source")) || [];
    var url = figure.getAttribute("data-shapes");
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("country shapes: HTTP " + response.status);
        return response.json();
      })
      .then(function (world) {
        var countries = topojson.feature(world, world.objects.countries);
        var width = chartWidth(figure);
        var chart = Plot.plot({
          width: width,
          // The Equal Earth projection of the whole sphere is about 2.05 times as wide as tall.
          height: Math.round(width / 2.05),
          margin: 4,
          projection: "equal-earth",
          marks: [
            Plot.sphere({ fill: "#f4f8fb", stroke: "#9aa9b5" }),
            Plot.geo(countries, { fill: "#dfe5ea", stroke: "#ffffff", strokeWidth: 0.5 }),
            Plot.dot(points, {
              x: "lon",
              y: "lat",
              r: 5,
              fill: "#c0392b",
              fillOpacity: 0.75,
              stroke: "#ffffff",
              href: "href",
              title: "label",
              ariaLabel: "label",
            }),
          ],
        });
        place(figure, chart, points.length);
      })
      .catch(function (err) {
        errors.push(String(err));
        note(figure, "The map could not be drawn.");
        throw err;
      });
  }

  // -- an entity's network ----------------------------------------------------------

  function drawNetwork(figure) {
    var data = readJSON(figure.getAttribute("data-source")) || { edges: [] };
    var edges = (data.edges || []).filter(function (e) {
      return (e.source || e.source_name) && (e.target || e.target_name);
    });
    if (!edges.length) {
      note(figure, "No events link them to anyone else.");
      return;
    }
    var nodes = [];
    var index = {};
    function nodeOf(id, name) {
      var key = id ? "id:" + id : "name:" + String(name).toLowerCase();
      if (id === data.center) key = "center";
      if (!(key in index)) {
        index[key] = nodes.length;
        nodes.push({ key: key, id: id, name: name || id, center: key === "center" });
      }
      return index[key];
    }
    nodeOf(data.center, data.name);
    var links = edges.map(function (e) {
      return {
        from: nodeOf(e.source, e.source_name),
        to: nodeOf(e.target, e.target_name),
        type: e.type,
        count: e.count || 1,
      };
    });
    var width = chartWidth(figure);
    var height = Math.max(340, Math.min(560, 200 + nodes.length * 24));
    var cx = width / 2;
    var cy = height / 2;
    var radius = Math.max(60, Math.min(width / 2 - 120, height / 2 - 45));
    var others = nodes.length - 1;
    nodes.forEach(function (n, i) {
      if (n.center) {
        n.x = cx;
        n.y = cy;
      } else {
        var angle = (2 * Math.PI * (i - 1)) / others - Math.PI / 2;
        n.x = cx + radius * Math.cos(angle);
        n.y = cy + radius * Math.sin(angle);
      }
    });
    var maxCount = Math.max.apply(null, links.map(function (l) { return l.count; }));
    var svg = svgEl("svg", {
      class: "network-svg",
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": "Network of actor to target edges",
    });
    var defs = svgEl("defs");
    var marker = svgEl("marker", {
      id: "arrow",
      viewBox: "0 0 10 10",
      refX: 10,
      refY: 5,
      markerUnits: "userSpaceOnUse",
      markerWidth: 12,
      markerHeight: 12,
      orient: "auto-start-reverse",
    });
    marker.appendChild(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    var edgeLayer = svgEl("g", { class: "edges" });
    links.forEach(function (l) {
      var a = nodes[l.from];
      var b = nodes[l.to];
      if (a === b) return;
      var dx = b.x - a.x;
      var dy = b.y - a.y;
      var len = Math.sqrt(dx * dx + dy * dy) || 1;
      var pad = 14;
      var line = svgEl("line", {
        class: "edge",
        x1: a.x + (dx / len) * pad,
        y1: a.y + (dy / len) * pad,
        x2: b.x - (dx / len) * pad,
        y2: b.y - (dy / len) * pad,
        "stroke-width": 1.5 + (3.5 * l.count) / maxCount,
        "marker-end": "url(#arrow)",
      });
      line.appendChild(svgEl("title", {}, a.name + " → " + b.name + ": " + l.type + " × " + l.count));
      edgeLayer.appendChild(line);
    });
    svg.appendChild(edgeLayer);
    var nodeLayer = svgEl("g", { class: "nodes" });
    nodes.forEach(function (n) {
      var group = svgEl("g", { class: n.center ? "node center" : "node" });
      group.appendChild(svgEl("circle", { cx: n.x, cy: n.y, r: n.center ? 11 : 8 }));
      var label = String(n.name || "?");
      if (label.length > 40) label = label.slice(0, 39) + "…";
      var below = n.y >= cy;
      group.appendChild(svgEl("text", { x: n.x, y: n.y + (below ? 24 : -16), "text-anchor": "middle" }, label));
      if (n.id && !n.center) {
        var link = svgEl("a", { href: "/entities/" + encodeURIComponent(n.id) });
        link.appendChild(svgEl("title", {}, String(n.name)));
        link.appendChild(group);
        nodeLayer.appendChild(link);
      } else {
        nodeLayer.appendChild(group);
      }
    });
    svg.appendChild(nodeLayer);
    figure.insertBefore(svg, figure.firstChild);
    figure.setAttribute("data-rendered", "true");
    figure.setAttribute("data-marks", String(links.length));
  }

  function drawCharts() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (figure) {
      var kind = figure.getAttribute("data-chart");
      try {
        if (kind !== "network" && typeof Plot === "undefined") {
          throw new Error("the plotting library did not load");
        }
        if (kind === "series") drawSeries(figure);
        else if (kind === "map") drawMap(figure);
        else if (kind === "reports") drawReports(figure);
        else if (kind === "network") drawNetwork(figure);
      } catch (err) {
        errors.push(String(err));
        note(figure, "The chart could not be drawn.");
        throw err;
      }
    });
  }

  // -- the article page: facts and their evidence ---------------------------------------

  function parseSpans(text) {
    return String(text || "")
      .split(" ")
      .filter(Boolean)
      .map(function (pair) {
        var parts = pair.split("-");
        return [Number(parts[0]), Number(parts[1])];
      });
  }

  function clearMarks(className) {
    Array.prototype.forEach.call(document.querySelectorAll("." + className), function (node) {
      node.classList.remove(className);
    });
  }

  function factButton(id) {
    return document.querySelector('button.fact[data-fact="' + id + '"]');
  }

  function selectFact(id, options) {
    var button = factButton(id);
    if (!button) return;
    clearMarks("hl");
    clearMarks("current");
    Array.prototype.forEach.call(document.querySelectorAll("button.fact[aria-pressed=true]"), function (b) {
      b.setAttribute("aria-pressed", "false");
    });
    var segments = document.querySelectorAll('#body .seg[data-facts~="' + id + '"]');
    Array.prototype.forEach.call(segments, function (s) {
      s.classList.add("hl");
    });
    button.setAttribute("aria-pressed", "true");
    button.parentNode.classList.add("current");
    var spans = parseSpans(button.getAttribute("data-spans"));
    if (spans.length && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#span-" + spans[0][0] + "-" + spans[0][1]);
    }
    if (segments.length) segments[0].scrollIntoView({ block: "center" });
    if (options && options.focus) button.focus({ preventScroll: true });
  }

  function showFactsHere(ids) {
    var box = document.getElementById("here");
    var list = document.getElementById("here-list");
    if (!box || !list) return;
    clearMarks("supports");
    while (list.firstChild) list.removeChild(list.firstChild);
    ids.forEach(function (id) {
      var button = factButton(id);
      if (!button) return;
      button.parentNode.classList.add("supports");
      var label = button.querySelector(".fact-label");
      var detail = button.querySelector(".fact-detail");
      var item = el("li", { class: button.parentNode.className.replace(/\b(current|supports)\b/g, "").trim() });
      var go = el("button", { type: "button", class: "here-fact", "data-goto": id });
      go.appendChild(el("span", { class: "fact-label" }, label ? label.textContent : id));
      if (detail && detail.textContent) go.appendChild(el("span", { class: "fact-detail" }, detail.textContent));
      item.appendChild(go);
      list.appendChild(item);
    });
    box.hidden = ids.length === 0;
  }

  function factsOfSegment(segment) {
    return String(segment.getAttribute("data-facts") || "")
      .split(" ")
      .filter(Boolean);
  }

  function pickSegment(segment) {
    clearMarks("picked");
    segment.classList.add("picked");
    showFactsHere(factsOfSegment(segment));
  }

  // Offsets are counted in code points (as the server counts them); a JS string in UTF-16 units.
  function utf16Offset(text, codePoints) {
    var i = 0;
    for (var n = 0; n < codePoints && i < text.length; n++) {
      var c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return i;
  }

  // A span no anchor names (the page shows only part of a very long article's facts)
  // that lies inside one plain segment: wrap exactly that stretch of its text.
  function wrapInside(segment, start, end) {
    var text = segment.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE || segment.childNodes.length !== 1) return null;
    var from = Number(segment.getAttribute("data-s"));
    var range = document.createRange();
    range.setStart(text, utf16Offset(text.data, start - from));
    range.setEnd(text, utf16Offset(text.data, end - from));
    var mark = el("span", { class: "seg hl", id: "span-" + start + "-" + end, "data-s": start, "data-e": end });
    range.surroundContents(mark);
    return mark;
  }

  // "#span-S-E": highlight that stretch of the body and say which facts it supports.
  function openHash() {
    var match = /^#span-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    var start = Number(match[1]);
    var end = Number(match[2]);
    clearMarks("hl");
    var hit = [];
    Array.prototype.forEach.call(document.querySelectorAll("#body > .seg"), function (s) {
      var a = Number(s.getAttribute("data-s"));
      var b = Number(s.getAttribute("data-e"));
      if (a < end && b > start) hit.push(s);
    });
    if (!document.getElementById("span-" + start + "-" + end) && hit.length === 1) {
      var a = Number(hit[0].getAttribute("data-s"));
      var b = Number(hit[0].getAttribute("data-e"));
      var inner = (a < start || b > end) && wrapInside(hit[0], start, end);
      if (inner) hit = [inner];
    }
    hit.forEach(function (s) {
      s.classList.add("hl");
    });
    var supported = [];
    Array.prototype.forEach.call(document.querySelectorAll("button.fact"), function (button) {
      var covers = parseSpans(button.getAttribute("data-spans")).some(function (span) {
        return span[0] <= start && end <= span[1];
      });
      if (covers) supported.push(button.getAttribute("data-fact"));
    });
    showFactsHere(supported);
    var anchor = document.getElementById("span-" + start + "-" + end) || hit[0];
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }

  function setUpArticle() {
    var body = document.getElementById("body");
    if (!body) return;
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var fact = target.closest("button.fact");
      if (fact) {
        selectFact(fact.getAttribute("data-fact"));
        return;
      }
      var go = target.closest("button.here-fact");
      if (go) {
        selectFact(go.getAttribute("data-goto"), { focus: true });
        return;
      }
      var segment = target.closest("#body .seg[data-facts]");
      if (segment) pickSegment(segment);
    });
    body.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      var segment = event.target instanceof Element ? event.target.closest(".seg[data-facts]") : null;
      if (!segment) return;
      event.preventDefault();
      pickSegment(segment);
    });
    window.addEventListener("hashchange", openHash);
    openHash();
  }

  function start() {
    setUpArticle();
    drawCharts();
    document.documentElement.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
