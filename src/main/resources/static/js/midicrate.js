// midicrate web page: draws the charts from their data attributes, and keeps live parts fresh. No inline script.
(function () {
  'use strict';

  var PALETTE = ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#0d9488', '#ca8a04',
    '#2563eb', '#b91c1c', '#65a30d', '#c026d3', '#0284c7', '#ea580c', '#4d7c0f', '#9333ea'];

  function searchUrl(template, label) {
    var next = isNaN(Number(label)) ? null : Number(label) + 5;
    if (template.indexOf('{next}') >= 0 && next === null) {
      return null;
    }
    if (label === 'other') {
      return null;
    }
    var q = template.replace('{label}', label).replace('{next}', next);
    return '/search?q=' + encodeURIComponent(q);
  }

  function drawChart(canvas) {
    if (typeof Chart === 'undefined' || Chart.getChart(canvas)) {
      return;
    }
    var data = JSON.parse(canvas.dataset.chart);
    var kind = canvas.dataset.kind;
    var link = canvas.dataset.link;
    var round = kind === 'doughnut';
    var config = {
      type: round ? 'doughnut' : 'bar',
      data: {
        labels: data.labels,
        datasets: [{
          data: data.values,
          backgroundColor: round ? PALETTE.slice(0, Math.max(1, data.values.length)) : '#6366f1',
          hoverBackgroundColor: round ? undefined : '#4338ca',
          borderRadius: round ? 0 : 4,
          borderWidth: round ? 2 : 0,
          borderColor: '#fff',
          maxBarThickness: 38
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: kind === 'hbar' ? 'y' : 'x',
        plugins: {
          legend: { display: round, position: 'right', labels: { boxWidth: 12, font: { size: 12 } } }
        },
        onHover: function (e, elements) {
          e.native.target.style.cursor = link && elements.length ? 'pointer' : 'default';
        },
        onClick: function (e, elements) {
          if (!link || !elements.length) {
            return;
          }
          var url = searchUrl(link, data.labels[elements[0].index]);
          if (url) {
            window.location.href = url;
          }
        }
      }
    };
    if (!round) {
      config.options.scales = {
        x: { grid: { display: kind === 'hbar' }, ticks: { font: { size: 11 } },
             title: { display: !!canvas.dataset.x, text: canvas.dataset.x } },
        y: { grid: { color: '#eef0f6' }, ticks: { font: { size: 11 } }, beginAtZero: true }
      };
      if (kind === 'hbar') { // every family named, however many
        config.options.scales.y.ticks = { autoSkip: false, font: { size: 10 } };
        config.options.scales.y.grid = { display: false };
      }
    }
    if (kind === 'line') {
      config.type = 'line';
      config.data.datasets[0].stepped = 'before';
      config.data.datasets[0].borderColor = '#4f46e5';
      config.data.datasets[0].borderWidth = 2;
      config.data.datasets[0].pointRadius = 0;
      config.data.datasets[0].fill = false;
      config.options.scales.x.type = 'linear';
      config.options.scales.y.beginAtZero = false;
      config.data = { datasets: [{ data: data.points, stepped: 'before', borderColor: '#4f46e5', borderWidth: 2,
        pointRadius: 2, fill: false }] };
      config.options.scales.x.title = { display: true, text: 'seconds' };
      config.options.scales.x.min = 0;
      config.options.scales.x.max = data.points.length ? data.points[data.points.length - 1].x : undefined;
      config.options.scales.y.title = { display: true, text: 'BPM' };
    }
    new Chart(canvas, config);
  }

  function drawCharts(root) {
    (root || document).querySelectorAll('canvas[data-chart]').forEach(drawChart);
  }

  // the home page while the overview is being counted: reload when it is ready
  function watchOverview() {
    var notice = document.querySelector('[data-updating]');
    if (!notice) {
      return;
    }
    var url = notice.dataset.readyUrl;
    var timer = setInterval(function () {
      fetch(url, { headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.ready) {
            clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () { /* the server may be restarting: try again on the next tick */ });
    }, 1500);
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts(document);
    watchOverview();
  });
  document.addEventListener('htmx:afterSwap', function (e) { drawCharts(e.target); });
})();
