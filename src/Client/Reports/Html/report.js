// report.html's script: draws the charts from the results model embedded in the page and makes tables sortable.
// It only arranges the model's numbers for uPlot (aligning epochs, mean ± std band edges); every value shown is
// one that results.json holds.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('sweep-data').textContent);
  const config = JSON.parse(document.getElementById('report-config').textContent);
  // For people and tools that look inside the page (the browser test reads the charts' state through it).
  const report = { data: data, charts: {}, sensitivity: [] };
  window.sweepgridReport = report;

  // Non-finite numbers are written as strings ("NaN"); a chart draws them as gaps.
  const num = v => (typeof v === 'number' && isFinite(v)) ? v : null;
  const fmt = v => v == null ? '–' : v.toFixed(4);
  const height = 380;
  const tick = v => v == null ? '' : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(0) : String(+v.toPrecision(3));

  function widthOf(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width));
  }

  // The fill of the ± std band: the line's colour at about 12% opacity, as in the PNG plots.
  function translucent(hex) {
    return hex + '1f';
  }

  // Shades mean ± std under each visible line that averages several seeds; hidden lines take their band along.
  function drawBands(u, spreads) {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    for (let si = 1; si < u.series.length; si++) {
      const spread = spreads[si];
      if (!spread || !u.series[si].show) {
        continue;
      }
      const xs = u.data[0];
      const ys = u.data[si];
      let run = [];
      const flush = () => {
        if (run.length > 1) {
          ctx.beginPath();
          run.forEach((i, k) => {
            const x = u.valToPos(xs[i], 'x', true);
            const y = u.valToPos(ys[i] + spread[i], 'y', true);
            k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
          });
          for (let k = run.length - 1; k >= 0; k--) {
            const i = run[k];
            ctx.lineTo(u.valToPos(xs[i], 'x', true), u.valToPos(ys[i] - spread[i], 'y', true));
          }
          ctx.closePath();
          ctx.fillStyle = translucent(u.series[si].lineColor);
          ctx.fill();
        }
        run = [];
      };
      for (let i = 0; i < xs.length; i++) {
        if (ys[i] == null || spread[i] == null) {
          flush();
        } else {
          run.push(i);
        }
      }
      flush();
    }
    ctx.restore();
  }

  // Legend rows toggle their line on click (uPlot's own behaviour); this makes them reachable by keyboard too, and
  // draws each marker as a short sample of its line, dashed or solid, so the legend does not rely on colour alone.
  function accessibleLegend(u) {
    u.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
      if (i === 0) {
        return;
      }
      const s = u.series[i];
      const marker = row.querySelector('.u-marker');
      if (marker && s.lineColor) {
        marker.classList.add('line-sample');
        marker.style.border = 'none';
        marker.style.background = 'none';
        marker.style.borderTop = Math.max(2, Math.round(s.width)) + 'px ' + (s.dash && s.dash.length ? 'dashed' : 'solid') + ' ' + s.lineColor;
      }
      row.tabIndex = 0;
      row.setAttribute('role', 'button');
      row.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          row.click();
        }
      });
    });
  }

  function curveChart(el, chart) {
    const curves = data.curves || [];
    const epochs = [...new Set(curves.flatMap(c => c.epochs.map(e => e.epoch)))].sort((a, b) => a - b);
    const at = new Map(epochs.map((e, i) => [e, i]));
    const columns = [epochs];
    const spreads = [null];
    const series = [{ label: 'Epoch', value: (u, v) => v == null ? '–' : String(v) }];
    if (curves.some(c => c.seed_count > 1)) {
      el.classList.add('with-spread');
    }
    curves.forEach((curve, ci) => {
      const color = config.colors[ci % config.colors.length];
      const several = curve.seed_count > 1;
      for (const split of ['train', 'test']) {
        const metric = chart[split];
        const mean = new Array(epochs.length).fill(null);
        const std = new Array(epochs.length).fill(null);
        for (const e of curve.epochs) {
          mean[at.get(e.epoch)] = num(e[metric].mean);
          std[at.get(e.epoch)] = num(e[metric].std);
        }
        const si = columns.length;
        columns.push(mean);
        spreads.push(several ? std : null);
        series.push({
          label: curve.label + ' ' + split,
          stroke: color,
          lineColor: color,
          width: split === 'train' ? config.train_width : config.test_width,
          dash: split === 'train' ? config.train_dash : undefined,
          // A dot per epoch helps read a short curve and only clutters a long one; hover still marks the epoch.
          points: { show: epochs.length <= 12 },
          value: (u, v, _si, i) => v == null ? '–' : several && i != null ? fmt(v) + ' ± ' + fmt(spreads[si][i]) : fmt(v),
        });
      }
    });
    const y = chart.unit_range
      ? { range: (u, min, max) => { const pad = (max - min) * 0.05 || 0.01; return [Math.max(0, min - pad), Math.min(1, max + pad)]; } }
      : {};
    const u = new uPlot({
      width: widthOf(el),
      height: height,
      title: chart.title + ' per epoch',
      scales: { x: { time: false }, y: y },
      axes: [
        { label: 'Epoch', incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] },
        { label: chart.title, size: 60 },
      ],
      // A vertical line at the hovered epoch only: a horizontal one at the pointer's height means nothing here.
      cursor: { y: false, sync: { key: 'sweepgrid-curves' } },
      series: series,
      hooks: { drawClear: [u => drawBands(u, spreads)] },
    }, columns, el);
    accessibleLegend(u);
    report.charts[chart.id] = u;
    return u;
  }

  function sensitivityChart(el, axis) {
    const metric = data.selection.metric;
    const points = [...axis.points].sort((a, b) => a.value - b.value);
    const xs = points.map(p => p.value);
    const kinds = [['completed', p => p.state !== 'stopped'], ['stopped', p => p.state === 'stopped']];
    const columns = [xs];
    const series = [{ label: axis.axis, value: (u, v) => v == null ? '–' : String(v) }];
    kinds.forEach(([label, member], k) => {
      columns.push(points.map(p => member(p) ? num(p.metric) : null));
      series.push({
        label: label + ' ' + metric,
        stroke: config.colors[0],
        paths: () => null,
        points: { show: true, size: 8, fill: k === 0 ? config.colors[0] : '#fff', width: 1.5 },
        value: (u, v) => fmt(v),
      });
    });
    const u = new uPlot({
      width: widthOf(el),
      height: height,
      title: metric + ' against ' + axis.axis,
      scales: { x: { time: false, distr: axis.log ? 3 : 1 } },
      // Small values (weight decays of 1e-6) would print as "0" in plain notation.
      axes: [{ label: axis.axis, values: (u, splits) => splits.map(tick) }, { label: metric, size: 60 }],
      series: series,
    }, columns, el);
    accessibleLegend(u);
    report.sensitivity.push(u);
    return u;
  }

  const drawn = [];
  for (const chart of config.charts) {
    const el = document.querySelector('[data-chart="' + chart.id + '"]');
    if (el) {
      drawn.push([el, curveChart(el, chart)]);
    }
  }
  ((data.search && data.search.sensitivity) || []).forEach((axis, i) => {
    const el = document.querySelector('[data-sensitivity="' + i + '"]');
    if (el) {
      drawn.push([el, sensitivityChart(el, axis)]);
    }
  });
  // Only a change of width redraws: a resize that keeps it (e.g. a taller window) leaves the hovered epoch in place.
  window.addEventListener('resize', () => drawn.forEach(([el, u]) => {
    const width = widthOf(el);
    if (width !== u.width) {
      u.setSize({ width: width, height: height });
    }
  }));

  // Sortable tables: a heading's button sorts by that column, ascending first, then descending; cells without a
  // value (no epoch recorded) stay last either way. Numbers sort by the exact value in data-sort.
  document.querySelectorAll('table.sortable').forEach(table => {
    const headers = [...table.tHead.rows[0].cells];
    headers.forEach((th, col) => {
      const button = th.querySelector('button');
      if (!button) {
        return;
      }
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(h => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const number = th.dataset.type === 'number';
        const key = row => {
          const cell = row.cells[col];
          const text = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
          return number ? (text === '' ? null : parseFloat(text)) : (text === '' ? null : text);
        };
        const rows = [...table.tBodies[0].rows];
        rows.sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          if (ka == null || kb == null) {
            return (ka == null) - (kb == null);
          }
          const order = number ? ka - kb : ka.localeCompare(kb);
          return ascending ? order : -order;
        });
        table.tBodies[0].append(...rows);
      });
    });
  });
})();
