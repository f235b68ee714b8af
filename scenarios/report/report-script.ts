/**
 * The debrief page's own script (runs in the browser, after uPlot's): draws the charts that
 * debrief-charts.ts chose (in the JSON data island), with the run's phases as bands, the fault
 * window tinted, and restarts and out-of-memory deaths as vertical lines.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var toS = function (iso) { return Date.parse(iso) / 1000; };
  var phases = data.phases.map(function (p) { return { name: p.name, kind: p.kind, start: toS(p.start), end: p.end ? toS(p.end) : toS(data.endedAt || p.start) }; });
  var fault = data.faultWindow.start ? { start: toS(data.faultWindow.start), end: data.faultWindow.end ? toS(data.faultWindow.end) : null } : null;
  var events = (data.events || []).map(function (e) { return { t: toS(e.at), kind: e.kind }; });
  var alerts = (data.alerts || []).map(function (a) { return { t: toS(a.at), name: a.name }; });
  var actions = (data.actions || []).map(function (a) { return { t: toS(a.at), label: a.label, change: a.change }; });
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

  function seriesOf(service, keys) {
    var rows = data.samples.filter(function (s) { return s.service === service; });
    var xs = rows.map(function (s) { return toS(s.at); });
    var cols = keys.map(function (k) { return rows.map(function (s) { var v = s.values[k.key]; return s.up && v !== undefined ? v * (k.scale || 1) : null; }); });
    return [xs].concat(cols);
  }

  function timeline(u) {
    var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
    ctx.save();
    phases.forEach(function (p, i) {
      var x0 = u.valToPos(p.start, 'x', true), x1 = u.valToPos(p.end, 'x', true);
      ctx.fillStyle = i % 2 ? 'rgba(0,0,0,0.035)' : 'rgba(0,0,0,0)';
      ctx.fillRect(x0, top, x1 - x0, height);
      ctx.fillStyle = '#555';
      ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
      ctx.fillText(p.name, x0 + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
      ctx.strokeStyle = '#999';
      ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
      ctx.beginPath(); ctx.moveTo(x0, top); ctx.lineTo(x0, top + height); ctx.stroke();
    });
    if (fault) {
      var f0 = u.valToPos(fault.start, 'x', true), f1 = u.valToPos(fault.end || u.scales.x.max, 'x', true);
      ctx.fillStyle = 'rgba(214,39,40,0.07)';
      ctx.fillRect(f0, top + height - 6 * devicePixelRatio, f1 - f0, 6 * devicePixelRatio);
    }
    ctx.setLineDash([]);
    events.forEach(function (e) {
      var x = u.valToPos(e.t, 'x', true);
      ctx.strokeStyle = e.kind === 'out-of-memory' ? '#d62728' : e.kind === 'crash' ? '#9467bd' : '#ff7f0e';
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
    });
    alerts.forEach(function (a) {
      var x = u.valToPos(a.t, 'x', true);
      ctx.fillStyle = '#d62728';
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x - 5 * devicePixelRatio, top - 0); ctx.lineTo(x, top + 8 * devicePixelRatio); ctx.lineTo(x + 5 * devicePixelRatio, top); ctx.fill();
    });
    actions.forEach(function (a, i) {
      var x = u.valToPos(a.t, 'x', true), y = top + height, d = devicePixelRatio;
      ctx.strokeStyle = '#1f5fbf';
      ctx.fillStyle = a.change ? '#1f5fbf' : '#ffffff';
      ctx.lineWidth = 1.5 * d;
      ctx.beginPath(); ctx.moveTo(x, y - 9 * d); ctx.lineTo(x - 5 * d, y); ctx.lineTo(x + 5 * d, y); ctx.closePath(); ctx.fill(); ctx.stroke();
      ctx.fillStyle = '#1f5fbf';
      ctx.font = (10 * d) + 'px sans-serif';
      ctx.fillText(a.label, x + 6 * d, y - (12 + 11 * (i % 3)) * d);
    });
    ctx.restore();
  }

  function chart(el, title, service, keys, unit, extra) {
    var cols = seriesOf(service, keys);
    if (cols[0].length === 0 || cols.slice(1).every(function (c) { return c.every(function (v) { return v === null; }); })) {
      el.className += ' empty';
      el.textContent = title + ': no data';
      return;
    }
    var series = [{}].concat(keys.map(function (k, i) {
      return { label: k.label, stroke: k.color || palette[i % palette.length], width: 1.5, dash: k.dash, spanGaps: false, value: function (u, v) { return v === null ? '—' : (Math.round(v * 100) / 100) + ' ' + unit; } };
    }));
    new uPlot({
      title: title,
      width: Math.min(1100, el.clientWidth || 1000),
      height: 240,
      series: series,
      axes: [{}, { label: unit, size: 60 }],
      scales: { y: extra && extra.min0 ? { range: function (u, min, max) { return [0, Math.max(max, extra.floor || 0) * 1.05]; } } : {} },
      hooks: { draw: [timeline] },
    }, cols, el);
  }

  (data.charts || []).forEach(function (c) {
    var el = c.id ? document.getElementById(c.id) : document.createElement('div');
    if (!c.id) document.getElementById('charts-other').appendChild(el);
    if (c.notApplicable) { el.textContent = c.notApplicable; return; }
    chart(el, c.title, c.service, c.series, c.unit, { min0: c.min0, floor: c.floor });
  });
})();
`;
