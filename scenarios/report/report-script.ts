/**
 * The debrief page's own script (runs in the browser, after uPlot's): draws the charts from the
 * JSON data island, with the run's phases as bands, the fault window tinted, and restarts and
 * out-of-memory deaths as vertical lines.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var toS = function (iso) { return Date.parse(iso) / 1000; };
  var phases = data.phases.map(function (p) { return { name: p.name, kind: p.kind, start: toS(p.start), end: p.end ? toS(p.end) : toS(data.endedAt || p.start) }; });
  var fault = data.faultWindow.start ? { start: toS(data.faultWindow.start), end: data.faultWindow.end ? toS(data.faultWindow.end) : null } : null;
  var events = (data.events || []).map(function (e) { return { t: toS(e.at), kind: e.kind }; });
  var alerts = (data.alerts || []).map(function (a) { return { t: toS(a.at), name: a.name }; });
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

  var svc = data.service;
  var MB = 1 / (1024 * 1024);
  var routeKeys = Object.keys(data.samples.filter(function (s) { return s.service === svc; }).reduce(function (acc, s) {
    Object.keys(s.values).forEach(function (k) { if (k.indexOf('http_request_duration_p95_seconds{') === 0) acc[k] = true; }); return acc;
  }, {})).sort();
  var cacheKeys = Object.keys(data.samples.filter(function (s) { return s.service === svc; }).reduce(function (acc, s) {
    Object.keys(s.values).forEach(function (k) { if (k.indexOf('cache_entries{') === 0) acc[k] = true; }); return acc;
  }, {})).sort();
  var objective = data.objectiveMs;

  chart(document.getElementById('chart-heap'), 'Memory of ' + svc, svc, [
    { key: 'nodejs_heap_size_used_bytes', label: 'heap used', scale: MB },
    { key: 'nodejs_heap_old_space_limit_bytes', label: 'heap limit (old space)', scale: MB, dash: [6, 4], color: '#d62728' },
    { key: 'process_resident_memory_bytes', label: 'RSS', scale: MB, color: '#7f7f7f' },
    { key: 'container_memory_usage_bytes', label: 'container memory', scale: MB, color: '#8c564b' },
  ], 'MB', { min0: true });
  chart(document.getElementById('chart-latency'), 'Latency p95 of ' + svc + ' (objective ' + objective + ' ms)', svc, [
    { key: 'http_request_duration_p95_seconds', label: 'all routes', scale: 1000, color: '#000' },
  ].concat(routeKeys.map(function (k) { return { key: k, label: k.replace(/^.*route="(.*)"}$/, '$1'), scale: 1000 }; })).concat([
    { key: 'db_query_duration_p95_seconds', label: 'database queries', scale: 1000, dash: [4, 3], color: '#2ca02c' },
    { key: 'external_request_duration_p95_seconds', label: 'partner API calls', scale: 1000, dash: [4, 3], color: '#9467bd' },
  ]), 'ms', { min0: true, floor: objective });
  chart(document.getElementById('chart-errors'), 'Errors and traffic of ' + svc, svc, [
    { key: 'http_errors_ratio', label: '5xx share', scale: 100, color: '#d62728' },
    { key: 'http_requests_per_second', label: 'requests/s ÷ 10', scale: 0.1, color: '#1f77b4' },
  ], '% | req/s÷10', { min0: true });
  chart(document.getElementById('chart-runtime'), 'GC and event loop of ' + svc, svc, [
    { key: 'nodejs_gc_seconds_per_second', label: 'time in GC (%)', scale: 100, color: '#ff7f0e' },
    { key: 'nodejs_eventloop_lag_p99_seconds', label: 'event loop lag p99 (ms)', scale: 1000, color: '#9467bd' },
  ], '% | ms', { min0: true });
  chart(document.getElementById('chart-pool'), 'Database connections: ' + svc + "'s pool", svc, [
    { key: 'db_pool_connections{state="active"}', label: 'pool active' },
    { key: 'db_pool_connections{state="idle"}', label: 'pool idle' },
    { key: 'db_pool_waiting_clients', label: 'waiting for a connection', color: '#d62728' },
  ], 'connections', { min0: true });
  chart(document.getElementById('chart-pg'), 'PostgreSQL connections (all clients)', 'postgres', [
    { key: 'pg_stat_activity_count', label: 'connections' },
    { key: 'pg_settings_max_connections', label: 'max_connections', dash: [6, 4], color: '#d62728' },
  ], 'connections', { min0: true });
  chart(document.getElementById('chart-cache'), 'In-process caches of ' + svc, svc, cacheKeys.map(function (k) {
    return { key: k, label: k.replace(/^.*cache="(.*)"}$/, '$1') };
  }), 'entries', { min0: true });
  (data.otherServices || []).forEach(function (other) {
    var el = document.createElement('div');
    document.getElementById('charts-other').appendChild(el);
    chart(el, 'Latency p95 of ' + other, other, [{ key: 'http_request_duration_p95_seconds', label: other, scale: 1000 }], 'ms', { min0: true });
  });
})();
`;
