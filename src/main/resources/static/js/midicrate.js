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
    if (window.MidicratePlayer) {
      window.MidicratePlayer.init();
    }
  });
  document.addEventListener('htmx:afterSwap', function (e) { drawCharts(e.target); });
})();

// Listening on the file page: a plain Web Audio synth plays the piano roll's notes (triangle waves; drums as short
// noise bursts) and a playhead follows. Read from the roll's own data attributes: nothing else is fetched.
window.MidicratePlayer = (function () {
  'use strict';
  var ctx = null;
  var playing = null;

  function noise(ac) {
    var buffer = ac.createBuffer(1, ac.sampleRate * 0.2, ac.sampleRate);
    var data = buffer.getChannelData(0);
    for (var i = 0; i < data.length; i++) {
      data[i] = (Math.random() * 2 - 1) * Math.pow(1 - i / data.length, 3);
    }
    return buffer;
  }

  function stop(button) {
    if (playing) {
      playing.gain.gain.setTargetAtTime(0, ctx.currentTime, 0.02);
      cancelAnimationFrame(playing.frame);
      playing.head.setAttribute('x1', -10);
      playing.head.setAttribute('x2', -10);
      playing = null;
    }
    button.textContent = '▶ Play';
  }

  function play(button, roll) {
    ctx = ctx || new (window.AudioContext || window.webkitAudioContext)();
    var master = ctx.createGain();
    master.gain.value = 0.18;
    master.connect(ctx.destination);
    var start = ctx.currentTime + 0.1;
    var hit = noise(ctx);
    var notes = roll.querySelectorAll('rect.note');
    var end = 0;
    notes.forEach(function (n) {
      var t = parseFloat(n.dataset.t);
      var d = Math.min(parseFloat(n.dataset.d), 4);
      var v = parseInt(n.dataset.v, 10) / 127;
      var at = start + t;
      end = Math.max(end, t + d);
      var g = ctx.createGain();
      g.connect(master);
      if (n.classList.contains('ch9')) {
        var src = ctx.createBufferSource();
        src.buffer = hit;
        g.gain.value = v * 0.8;
        src.connect(g);
        src.start(at);
      } else {
        var osc = ctx.createOscillator();
        osc.type = 'triangle';
        osc.frequency.value = 440 * Math.pow(2, (parseInt(n.dataset.k, 10) - 69) / 12);
        g.gain.setValueAtTime(0, at);
        g.gain.linearRampToValueAtTime(v * 0.5, at + 0.01);
        g.gain.setTargetAtTime(0, at + d, 0.05);
        osc.connect(g);
        osc.start(at);
        osc.stop(at + d + 0.3);
      }
    });
    var head = roll.querySelector('#playhead');
    var left = parseFloat(roll.dataset.left);
    var pps = parseFloat(roll.dataset.pxPerSecond);
    playing = { gain: master, head: head, frame: 0 };
    function follow() {
      var t = ctx.currentTime - start;
      if (!playing || t > end + 0.3) {
        stop(button);
        return;
      }
      var x = left + Math.max(0, t) * pps;
      head.setAttribute('x1', x);
      head.setAttribute('x2', x);
      playing.frame = requestAnimationFrame(follow);
    }
    playing.frame = requestAnimationFrame(follow);
    button.textContent = '■ Stop';
  }

  return {
    init: function () {
      var button = document.getElementById('play');
      var roll = document.getElementById('pianoroll');
      if (!button || !roll || !(window.AudioContext || window.webkitAudioContext)) {
        return;
      }
      button.disabled = false;
      button.addEventListener('click', function () {
        if (playing) {
          stop(button);
        } else {
          play(button, roll);
        }
      });
    }
  };
})();
