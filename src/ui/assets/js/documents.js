// Live reading state on /admin/dokumenter and a report's workspace page: while any document is
// waiting or being read, ask the server every 2 s and fill in the cells; say what changed in the
// polite live region. Without JavaScript the page is complete as served and has a reload link.
(function () {
  'use strict';

  var root = document.querySelector('[data-documents-live]');
  if (!root || !window.fetch) return;
  var url = root.getAttribute('data-documents-live');
  var live = document.querySelector('[data-live-status]');
  var INTERVAL = 2000;
  var last = {};

  Array.prototype.forEach.call(document.querySelectorAll('[data-document]'), function (element) {
    last[element.getAttribute('data-document')] = element.getAttribute('data-document-status');
  });

  function field(container, name) {
    return container.querySelector('[data-field="' + name + '"]');
  }

  function apply(state) {
    var containers = document.querySelectorAll('[data-document="' + state.id + '"]');
    Array.prototype.forEach.call(containers, function (container) {
      container.setAttribute('data-document-status', state.status);
      var label = field(container, 'state');
      if (label) {
        label.textContent = state.state;
        label.className = 'document-state__label document-state__label--' + (state.failed ? 'failed' : state.active ? 'active' : 'done');
      }
      var reason = field(container, 'reason');
      if (reason) {
        reason.textContent = state.reason || '';
        reason.hidden = !state.reason;
      }
      var progress = field(container, 'progress');
      if (progress) progress.textContent = state.progress;
      var notes = field(container, 'notes');
      if (notes) {
        while (notes.firstChild) notes.removeChild(notes.firstChild);
        state.notes.forEach(function (note) {
          var item = document.createElement('li');
          item.textContent = note;
          notes.appendChild(item);
        });
      }
      var retry = field(container, 'retry');
      if (retry) retry.hidden = !state.failed;
      var ocrRerun = field(container, 'ocr-rerun');
      if (ocrRerun) ocrRerun.hidden = !state.ocrRerunnable;
      var accessibility = field(container, 'accessibility');
      if (accessibility && state.accessibility) accessibility.textContent = state.accessibility;
    });
    return containers.length > 0;
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        var changed = [];
        var watching = false;
        answer.documents.forEach(function (state) {
          if (!apply(state)) return;
          if (state.active) watching = true;
          if (last[state.id] !== state.status) changed.push(state.announcement);
          last[state.id] = state.status;
        });
        if (live && changed.length > 0) live.textContent = changed.join(' ');
        if (watching) window.setTimeout(poll, INTERVAL);
      })
      .catch(function () {
        // Signed out or offline: stop; the reload link still works.
      });
  }

  if (root.getAttribute('data-active') === 'true') window.setTimeout(poll, INTERVAL);
})();
