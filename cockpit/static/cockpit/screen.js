/* The wall screen (一屏统览): fetches the cockpit API's JSON with the page's session and redraws its blocks every
   data-refresh-seconds, without reloading the page. When a fetch fails (a network blip, a restart) the last good
   figures stay and the header says since when they are. Elements are built with the DOM API (text as textContent),
   never from HTML strings; nothing here needs an inline script or style (the site's CSP). */
(function () {
  "use strict";
  var root = document.getElementById("screen");
  var data = root.dataset;
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["red", "yellow", "green", "blue", "none"];
  var lastGood = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function fill(id, nodes) {
    var box = document.getElementById(id);
    box.replaceChildren.apply(box, nodes);
  }
  function capital(word) { return word.charAt(0).toUpperCase() + word.slice(1); }
  function label(color) { return data["label" + capital(color)] || color; }
  function tag(color) { return el("span", "tag " + color, label(color)); }
  // Goals are judged by the indicators' rule and say its labels (超额, 达标, 接近目标, 未达标).
  function goalTag(color) { return el("span", "tag " + color, data["goalLabel" + capital(color)] || label(color)); }
  // The investment band says what it measures (投资滞后), not the schedule's words (超期预警).
  function investmentTag(color) { return el("span", "tag " + color, data["invLabel" + capital(color)] || label(color)); }
  function num(value, digits) {
    if (value === null || value === undefined) return "—";
    return Number(value).toLocaleString("zh-CN", { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 });
  }
  function measure(m) { return m === "yi" ? data.textYi : m === "percent" ? "%" : data.textCount; }
  function time(d) { return d.toLocaleTimeString("zh-CN", { hour12: false }); }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
  }

  function drawGoals(goals) {
    if (!goals.length) return fill("goals", [el("p", "empty", data.textNoGoals)]);
    fill("goals", goals.slice(0, 10).map(function (g) {
      var card = el("div", "goal " + g.status);
      card.dataset.goal = g.code;
      var head = el("div", "head");
      head.append(el("span", "label", g.label), goalTag(g.status));
      card.append(head);
      var value = el("div", "value", num(g.achieved, g.measure === "count" ? 0 : 1));
      value.append(el("small", null, " / " + num(g.target, g.measure === "count" ? 0 : 1) + " " + measure(g.measure)));
      card.append(value);
      card.append(el("div", "rate", data.textCompletion + " " + num(g.completion_pct, 1) + "%　" +
        data.textTimeProgress + " " + num(g.time_progress, 1) + "%"));
      return card;
    }));
  }

  function drawMatrix(rows) {
    var head = el("thead"), tr = el("tr");
    tr.append(el("th", null, ""));
    COLORS.forEach(function (c) { tr.append(el("th", null, label(c).split(" · ")[0])); });
    tr.append(el("th", null, data.textTotal));
    head.append(tr);
    var body = el("tbody");
    rows.forEach(function (r) {
      var row = el("tr", r.batch ? "" : "total");
      row.append(el("td", null, r.label));
      COLORS.forEach(function (c) { row.append(el("td", c, r.counts[c])); });
      row.append(el("td", null, r.total));
      body.append(row);
    });
    fill("matrix", [head, body]);
  }

  function drawInvestment(inv) {
    var dl = el("dl", "invest-figures");
    [[data.textCompletion, num(inv.rate, 1) + "%"], [data.textTimeProgress, num(inv.time_progress, 1) + "%"],
     [data.textCompleted.replace("%s", inv.months), num(inv.completed, 0)], [data.textInvestmentStatus, ""]].forEach(function (pair, i) {
      var box = el("div");
      box.append(el("dt", null, pair[0]));
      var dd = el("dd", null, pair[1]);
      if (i === 3) dd.replaceChildren(investmentTag(inv.status));
      box.append(dd);
      dl.append(box);
    });
    var bar = svg("svg", { "class": "bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", role: "img" });
    bar.append(svg("rect", { "class": "track", x: 0, y: 0, width: 100, height: 10 }));
    bar.append(svg("rect", { "class": "done", x: 0, y: 0, height: 10, width: Math.max(0, Math.min(100, inv.rate || 0)).toFixed(1) }));
    var t = Number(inv.time_progress).toFixed(1);
    bar.append(svg("line", { "class": "time", x1: t, x2: t, y1: 0, y2: 10 }));
    var note = data.textBarNote.replace("%(done)s", num(inv.completed, 0)).replace("%(plan)s", num(inv.plan, 0));
    fill("investment", [dl, bar, el("p", "bar-note", note)]);
  }

  function unitList(units) {
    var ol = el("ol");
    units.forEach(function (u) {
      var li = el("li");
      li.append(el("span", "unit", u.rank + ". " + u.unit_short));
      var n = el("span");
      n.append(el("span", "n-red", u.red), " / ", el("span", "n-yellow", u.yellow));
      li.append(n);
      ol.append(li);
    });
    return ol;
  }

  function drawRanking(ranking) {
    var units = ranking.units;
    if (!units.length) return fill("ranking", [el("p", "empty", data.textNone)]);
    var columns = data.textRankingColumns;
    var top = el("div");
    top.append(el("h3", null, data.textTop), unitList(units.slice(0, 5)));
    var blocks = [top];
    if (units.length > 5) {
      var bottom = el("div");
      bottom.append(el("h3", null, data.textBottom), unitList(units.slice(Math.max(5, units.length - 5))));
      blocks.push(bottom);
    }
    var lists = el("div", "ranking-lists");
    lists.append.apply(lists, blocks);
    fill("ranking", [el("p", "ranking-note", columns), lists]);
  }

  function drawRed(page) {
    document.getElementById("red-count").textContent = page.count;
    if (!page.results.length) return fill("red", [el("li", "empty", data.textNoRed)]);
    fill("red", page.results.slice(0, 10).map(function (p) {
      var li = el("li");
      li.dataset.code = p.code;
      li.append(el("span", "name", p.name), el("span", "unit", p.lead_unit_short));
      li.append(el("span", "days", p.days_overdue ? data.textOverdue.replace("%s", p.days_overdue) : ""));
      return li;
    }));
  }

  function drawTrend(trend, supervision) {
    var months = trend ? Object.keys(trend).map(Number).sort(function (a, b) { return a - b; }) : [];
    if (!months.length) {
      fill("trend", [el("p", "empty", data.textNoTrend)]);
    } else {
      var chart = svg("svg", { "class": "trend", viewBox: "0 0 240 100", preserveAspectRatio: "none", role: "img" });
      var most = Math.max.apply(null, months.map(function (m) {
        return ["red", "yellow", "green", "blue"].reduce(function (s, c) { return s + (trend[m][c] || 0); }, 0);
      })) || 1;
      months.forEach(function (m, i) {
        var x = 4 + i * 19.5, y = 88;
        ["red", "yellow", "green", "blue"].forEach(function (c) {
          var h = (trend[m][c] || 0) / most * 80;
          y -= h;
          chart.append(svg("rect", { "class": c, x: x, y: y.toFixed(1), width: 14, height: h.toFixed(1) }));
        });
        var text = svg("text", { x: x + 7, y: 99 });
        text.textContent = m;
        chart.append(text);
      });
      fill("trend", [chart]);
    }
    var box = [];
    if (supervision) {
      var row = el("div", "supervision");
      row.append(el("span", "title", data.textSupervision));
      ["received", "open", "reply_overdue", "closed", "closed_on_time"].forEach(function (k) {
        var key = "sv" + k.split("_").map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1); }).join("");
        var item = el("span", null, (data[key] || k) + " ");
        item.append(el("strong", null, supervision[k]));
        row.append(item);
      });
      box.push(row);
    }
    fill("supervision", box);
  }

  function showState(ok) {
    var state = document.querySelector(".fetch-state");
    state.classList.toggle("stale", !ok);
    var text = lastGood ? data.textUpdated + " " + time(lastGood) : data.textLoading;
    document.getElementById("fetched").textContent = ok ? text : text + " · " + data.textStale;
  }

  function load() {
    return Promise.all([getJSON(data.summaryUrl), getJSON(data.rankingUrl), getJSON(data.redUrl)])
      .then(function (all) {
        var summary = all[0];
        document.getElementById("as-of").textContent = summary.as_of;
        drawGoals(summary.goals);
        drawMatrix(summary.batch_status);
        drawInvestment(summary.investment);
        drawRanking(all[1]);
        drawRed(all[2]);
        drawTrend(summary.trend, summary.supervision);
        lastGood = new Date();
        root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
        showState(true);
      })
      .catch(function () { showState(false); });
  }

  load();
  window.setInterval(load, Math.max(5, Number(data.refreshSeconds) || 180) * 1000);
})();
