/* Charts of the home page and the dashboard (ECharts, vendored). The data comes in <script
   type="application/json"> blocks written by json_script, never in inline code, so the CSP can forbid
   inline scripts. Tooltips render on the canvas (renderMode "richText"): ECharts' HTML tooltips carry
   style attributes that the CSP blocks. Loaded at the end of <body>, after echarts.min.js. */
(function () {
  "use strict";
  var palette = ["#c8102e", "#e8743b", "#f2b134", "#19a979", "#5899da", "#945ecf"];
  var charts = [];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function homeCharts() {
    var d = data("home-chart-data");
    if (!d) return;
    var sub = document.getElementById("chart-subunits");
    if (sub && d.units && d.units.length) {
      // Horizontal bars, one measure at a time (pick it in the legend): long Chinese names stay readable
      // on a phone, and the box grows with the rows rather than with rows × measures.
      sub.style.height = Math.max(260, d.units.length * 24 + 90) + "px";
      var c1 = echarts.init(sub);
      c1.setOption({
        color: palette,
        tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, renderMode: "richText"},
        legend: {type: "scroll", top: 0, selectedMode: "single"},
        grid: {left: 8, right: 32, top: 36, bottom: 8, containLabel: true},
        xAxis: {type: "value", minInterval: 1},
        yAxis: {type: "category", data: d.units, inverse: true, axisLabel: {width: 90, overflow: "truncate"}},
        series: d.series.map(function (s) {
          return {name: s.name, type: "bar", data: s.data, barMaxWidth: 18, label: {show: true, position: "right"}};
        })
      });
      charts.push(c1);
    }
    var lv = document.getElementById("chart-levels");
    if (lv && d.levels && d.levels.length) {
      var c2 = echarts.init(lv);
      c2.setOption({
        color: palette,
        tooltip: {trigger: "item", formatter: "{b}：{c}", renderMode: "richText"},
        legend: {type: "scroll", bottom: 0},
        series: [{type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: d.levels,
                  label: {formatter: "{b}\n{c}"}}]
      });
      charts.push(c2);
    }
  }

  function dashboardCharts() {
    var list = data("fl-charts");
    if (!list) return;
    var holder = document.querySelector("[data-base-query]");
    var base = holder ? holder.getAttribute("data-base-query") : "";
    list.forEach(function (c, i) {
      var el = document.getElementById("chart-" + (i + 1));
      if (!el) return;
      var chart = echarts.init(el);
      chart.setOption({
        grid: {left: 8, right: 8, top: 16, bottom: 8, containLabel: true},
        tooltip: {trigger: "axis", renderMode: "richText"},
        xAxis: {type: "category", data: c.names, axisLabel: {rotate: c.names.length > 6 ? 45 : 0, fontSize: 11}},
        yAxis: {type: "value"},
        series: [{type: "bar", data: c.values, itemStyle: {color: "#c8102e"}}]
      });
      chart.on("click", function (p) {
        window.location = "?" + base + (base ? "&" : "") + "unit=" + c.ids[p.dataIndex];
      });
      charts.push(chart);
    });
  }

  homeCharts();
  dashboardCharts();
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
