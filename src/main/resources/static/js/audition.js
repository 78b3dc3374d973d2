// Hearing files: one player for the search rows and the file page. It plays server-rendered previews
// (/preview/ID.wav) in one <audio> element, keeps the project's key and tempo (this browser's localStorage), marks
// the playing row, moves through rows with the keyboard, and lets rows be dragged out as .mid files.
window.MidicrateAudition = (function () {
  'use strict';

  var STORE = 'midicrate.project';
  var audio = null;
  var current = null;   // { id, row, button, url }
  var keys = [];        // the 24 key names, index as the server numbers them (0..11 major, 12..23 minor)
  var onTime = null;    // the file page's playhead

  function project() {
    try {
      var p = JSON.parse(localStorage.getItem(STORE) || '{}');
      return { key: p.key || '', bpm: p.bpm > 0 && p.bpm <= 999 ? Math.round(p.bpm) : null };
    } catch (e) {
      return { key: '', bpm: null };
    }
  }

  function keyIndex(name) {
    return name ? keys.indexOf(name) : -1;
  }

  // the smallest move from one key to another (-5..+6); across modes the target's relative key (as the server does)
  function interval(from, to) {
    var toTonic = to % 12;
    if (from >= 12 && to < 12) {
      toTonic += 9;
    } else if (from < 12 && to >= 12) {
      toTonic += 3;
    }
    var up = ((toTonic - from % 12) % 12 + 12) % 12;
    return up > 6 ? up - 12 : up;
  }

  // what a file becomes: { to, transpose, key, bpm } from its own key and bpm and the player's choices
  function target(fileKey, fileBpm, choice) {
    var p = project();
    var from = keyIndex(fileKey);
    var out = { to: null, transpose: 0, key: fileKey || null, bpm: choice.bpm || p.bpm || null };
    if (choice.transpose === 'project' || choice.transpose === undefined) {
      if (p.key && from >= 0) {
        out.to = p.key;
        out.transpose = interval(from, keyIndex(p.key));
      }
    } else {
      out.transpose = parseInt(choice.transpose, 10) || 0;
    }
    if (from >= 0) {
      out.key = keys[(from % 12 + out.transpose + 12) % 12 + (from >= 12 ? 12 : 0)];
    }
    if (!out.bpm && fileBpm > 0) {
      out.fileBpm = fileBpm;
    }
    return out;
  }

  function query(t, extra) {
    var q = [];
    if (t.to) {
      q.push('to=' + encodeURIComponent(t.to));
    } else if (t.transpose) {
      q.push('transpose=' + encodeURIComponent((t.transpose > 0 ? '+' : '') + t.transpose));
    }
    if (t.bpm) {
      q.push('bpm=' + t.bpm);
    }
    (extra || []).forEach(function (e) { q.push(e); });
    return q.length ? '?' + q.join('&') : '';
  }

  function previewUrl(id, t, drums) {
    return '/preview/' + id + '.wav' + query(t, drums ? ['drums=' + drums] : []);
  }

  function midiUrl(id, t) {
    return '/file/' + id + '.mid' + query(t);
  }

  // "loop (A minor, 92 bpm).mid", as the server names the download
  function midiName(name, t) {
    var stem = (name || 'file').replace(/\.(mid|midi|kar|rmi)$/i, '');
    var bpm = t.bpm || (t.fileBpm ? Math.round(t.fileBpm) : null);
    var parts = [];
    if (t.key) {
      parts.push(t.key);
    }
    if (bpm) {
      parts.push(bpm + ' bpm');
    }
    return (parts.length ? stem + ' (' + parts.join(', ') + ')' : stem) + '.mid';
  }

  function dragOut(e, url, name) {
    var absolute = new URL(url, window.location.href).href;
    e.dataTransfer.effectAllowed = 'copy';
    e.dataTransfer.setData('DownloadURL', 'audio/midi:' + name + ':' + absolute);
    e.dataTransfer.setData('text/uri-list', absolute);
    e.dataTransfer.setData('text/plain', absolute);
  }

  function ensureAudio() {
    if (!audio) {
      audio = document.createElement('audio');
      audio.id = 'audition-audio';
      audio.preload = 'auto';
      audio.addEventListener('ended', function () {
        if (!audio.loop) {
          stop();
        }
      });
      audio.addEventListener('timeupdate', function () {
        if (onTime) {
          onTime(audio.currentTime);
        }
      });
      document.body.appendChild(audio);
    }
    return audio;
  }

  function mark(on) {
    if (!current) {
      return;
    }
    if (current.row) {
      current.row.classList.toggle('playing', on);
      current.row.setAttribute('aria-current', on ? 'true' : 'false');
    }
    if (current.button) {
      current.button.textContent = on ? '■' + (current.row ? '' : ' Stop') : '▶' + (current.row ? '' : ' Play');
    }
  }

  function play(entry) {
    var a = ensureAudio();
    stop();
    current = entry;
    a.src = entry.url;
    a.loop = !!entry.loop;
    mark(true);
    var started = a.play();
    if (started && started.catch) {
      started.catch(function () { /* stopped before it began, or no audio device: the row stays marked */ });
    }
  }

  function stop() {
    if (audio) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load(); // drops the stream: the server stops rendering a preview nobody hears
    }
    mark(false);
    current = null;
    if (onTime) {
      onTime(-1);
    }
  }

  // ---------------------------------------------------------------- search rows

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('#results tr.result'));
  }

  function rowTarget(row) {
    return target(row.dataset.key, parseFloat(row.dataset.bpm), {});
  }

  function rowName(row) {
    var link = row.querySelector('td.path a');
    var path = link ? link.textContent.trim() : row.dataset.id;
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  }

  function playRow(row) {
    if (!row) {
      return;
    }
    rows().forEach(function (r) { r.classList.remove('selected'); });
    row.classList.add('selected');
    play({ id: row.dataset.id, row: row, button: row.querySelector('td.audition button'),
      url: previewUrl(row.dataset.id, rowTarget(row)) });
    row.scrollIntoView({ block: 'nearest' });
  }

  // the index of the results' column headed NAME (found by its heading, so that added columns do not move it)
  function column(name) {
    var heads = document.querySelectorAll('#results thead th');
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].textContent.trim().toLowerCase() === name) {
        return i;
      }
    }
    return -1;
  }

  function distances() {
    var p = project();
    var keyColumn = column('key');
    var bpmColumn = column('bpm');
    rows().forEach(function (row) {
      row.querySelectorAll('.distance').forEach(function (d) { d.remove(); });
      var cells = row.querySelectorAll('td');
      var from = keyIndex(row.dataset.key);
      if (p.key && from >= 0 && cells[keyColumn]) {
        var n = interval(from, keyIndex(p.key));
        var k = document.createElement('span');
        k.className = 'distance key-distance';
        k.textContent = n === 0 ? '= key' : (n > 0 ? '+' : '') + n + ' st';
        k.title = 'semitones to the project key, ' + p.key;
        cells[keyColumn].appendChild(k);
      }
      var bpm = parseFloat(row.dataset.bpm);
      if (p.bpm && bpm > 0 && cells[bpmColumn]) {
        var b = document.createElement('span');
        b.className = 'distance bpm-distance';
        b.textContent = '×' + (p.bpm / bpm).toFixed(2);
        b.title = 'tempo ratio to the project, ' + p.bpm + ' BPM';
        cells[bpmColumn].appendChild(b);
      }
      var link = row.querySelector('td.audition a.mid');
      if (link) {
        var t = rowTarget(row);
        link.href = midiUrl(row.dataset.id, t);
        link.setAttribute('download', midiName(rowName(row), t));
      }
    });
  }

  function initRows() {
    var table = document.getElementById('results');
    if (!table || !rows().length) {
      return;
    }
    var head = table.querySelector('thead tr');
    if (head) {
      var th = document.createElement('th');
      th.className = 'audition';
      th.setAttribute('aria-label', 'Play');
      head.insertBefore(th, head.firstChild);
    }
    rows().forEach(function (row) {
      var td = document.createElement('td');
      td.className = 'audition';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'play';
      button.textContent = '▶';
      button.title = 'Play (space); ↑/↓ play the previous or next row';
      button.addEventListener('click', function () {
        button.blur(); // the keys go on steering the rows
        if (current && current.row === row) {
          stop();
        } else {
          playRow(row);
        }
      });
      var link = document.createElement('a');
      link.className = 'mid';
      link.textContent = '.mid';
      link.title = 'Drag into your DAW, or click to download (in the project key and tempo when set)';
      link.addEventListener('dragstart', function (e) {
        dragOut(e, link.getAttribute('href'), link.getAttribute('download'));
      });
      td.appendChild(button);
      td.appendChild(link);
      row.insertBefore(td, row.firstChild);
      row.setAttribute('draggable', 'true');
      row.addEventListener('dragstart', function (e) {
        if (e.target === row) {
          dragOut(e, link.getAttribute('href'), link.getAttribute('download'));
        }
      });
    });
    distances();
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (t && t.id === 'q' && e.key === 'ArrowDown') { // from the search box down into the results
        t.blur();
      } else if (e.altKey || e.ctrlKey || e.metaKey || (t && (t.isContentEditable
          || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName)))) {
        return;
      }
      var all = rows();
      var at = all.indexOf(current && current.row ? current.row : document.querySelector('#results tr.result.selected'));
      if (e.key === ' ' || e.key === 'Spacebar') {
        e.preventDefault();
        if (current) {
          stop();
        } else {
          playRow(all[Math.max(0, at)]);
        }
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        playRow(all[Math.min(all.length - 1, at + 1)]);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        playRow(all[Math.max(0, at - 1)]);
      }
    });
  }

  // ---------------------------------------------------------------- the file page

  function startBpm() {
    var chart = document.getElementById('chart-tempo-map');
    try {
      var points = JSON.parse(chart.dataset.chart).points;
      if (points.length && points[0].y > 0) {
        return points[0].y;
      }
    } catch (e) { /* no tempo map drawn */ }
    return 120;
  }

  function initFilePlayer() {
    var box = document.getElementById('player');
    if (!box) {
      return;
    }
    var button = document.getElementById('play');
    var transpose = document.getElementById('player-transpose');
    var bpm = document.getElementById('player-bpm');
    var drums = document.getElementById('player-drums');
    var loop = document.getElementById('player-loop');
    var download = document.getElementById('download-retuned');
    var roll = document.getElementById('pianoroll');
    var head = roll ? roll.querySelector('#playhead') : null;
    var base = startBpm();
    if (project().key && keyIndex(box.dataset.key) >= 0) {
      transpose.value = 'project';
    }
    function choice() {
      var b = parseInt(bpm.value, 10);
      return { transpose: transpose.value, bpm: b > 0 && b <= 999 ? b : null };
    }
    function fileTarget() {
      return target(box.dataset.key, parseFloat(box.dataset.bpm), choice());
    }
    function refresh() {
      var t = fileTarget();
      download.href = midiUrl(box.dataset.id, t);
      download.setAttribute('download', midiName(box.dataset.name, t));
      download.textContent = '⤓ ' + midiName(box.dataset.name, t);
      if (current && !current.row) { // a change while playing is heard at once
        start();
      }
    }
    function start() {
      var t = fileTarget();
      play({ id: box.dataset.id, row: null, button: button, loop: loop.checked,
        url: previewUrl(box.dataset.id, t, drums.value), speed: (t.bpm || base) / base });
    }
    if (head && roll) {
      var left = parseFloat(roll.dataset.left);
      var pps = parseFloat(roll.dataset.pxPerSecond);
      var frame = 0;
      onTime = function (seconds) {
        cancelAnimationFrame(frame);
        if (seconds < 0) {
          head.setAttribute('x1', -10);
          head.setAttribute('x2', -10);
          return;
        }
        var follow = function () {
          if (!current || !audio) {
            return;
          }
          var x = left + audio.currentTime * current.speed * pps;
          head.setAttribute('x1', x);
          head.setAttribute('x2', x);
          frame = requestAnimationFrame(follow);
        };
        frame = requestAnimationFrame(follow);
      };
    }
    button.addEventListener('click', function () {
      if (current) {
        stop();
      } else {
        start();
      }
    });
    [transpose, bpm, drums].forEach(function (c) { c.addEventListener('change', refresh); });
    loop.addEventListener('change', function () {
      if (audio) {
        audio.loop = loop.checked;
      }
    });
    download.addEventListener('dragstart', function (e) {
      dragOut(e, download.getAttribute('href'), download.getAttribute('download'));
    });
    refresh();
  }

  // ---------------------------------------------------------------- the project setting

  function initProject() {
    var key = document.getElementById('project-key');
    var bpm = document.getElementById('project-bpm');
    if (!key || !bpm) {
      return;
    }
    keys = Array.prototype.slice.call(key.options).filter(function (o) { return o.value; })
      .map(function (o) { return o.value; });
    var p = project();
    key.value = p.key;
    bpm.value = p.bpm || '';
    function save() {
      var b = parseInt(bpm.value, 10);
      localStorage.setItem(STORE, JSON.stringify({ key: key.value, bpm: b > 0 && b <= 999 ? b : null }));
      distances();
      if (document.getElementById('player')) {
        document.getElementById('player-transpose').value = key.value ? 'project' : '0';
        document.getElementById('player-transpose').dispatchEvent(new Event('change'));
      }
    }
    key.addEventListener('change', save);
    bpm.addEventListener('change', save);
  }

  return {
    init: function () {
      initProject();
      initRows();
      initFilePlayer();
    },
    stop: stop
  };
})();

document.addEventListener('DOMContentLoaded', function () { window.MidicrateAudition.init(); });
