// Curation on the page: shows a refused star, rating or tag in its row (htmx swaps only successes by default), and
// reorders a crate by dragging its handles (pointer events, so mouse, pen and touch), posting the order left.
(function () {
  'use strict';

  document.addEventListener('htmx:beforeSwap', function (e) {
    var xhr = e.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader('X-Midicrate-Fragment') === 'curation') {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  function order(list) {
    return Array.prototype.map.call(list.querySelectorAll('li.member'), function (li) {
      return li.getAttribute('data-blake3');
    }).join(',');
  }

  document.addEventListener('pointerdown', function (e) {
    var handle = e.target.closest ? e.target.closest('.crate-members .handle') : null;
    if (!handle) {
      return;
    }
    var item = handle.closest('li.member');
    var list = item.parentNode;
    var before = order(list);
    e.preventDefault();
    item.classList.add('dragging');

    function move(ev) {
      var others = Array.prototype.filter.call(list.children, function (li) { return li !== item; });
      var next = null;
      for (var i = 0; i < others.length; i++) {
        var box = others[i].getBoundingClientRect();
        if (ev.clientY < box.top + box.height / 2) {
          next = others[i];
          break;
        }
      }
      if (next !== item.nextElementSibling) {
        list.insertBefore(item, next);
      }
    }

    function drop() {
      document.removeEventListener('pointermove', move);
      document.removeEventListener('pointerup', drop);
      item.classList.remove('dragging');
      var after = order(list);
      if (after !== before) {
        document.getElementById('crate-order-value').value = after;
        document.getElementById('crate-order').submit();
      }
    }

    document.addEventListener('pointermove', move);
    document.addEventListener('pointerup', drop);
  });
}());
