// Progressive enhancement of the PDF upload form: an XHR upload with a progress bar.
// Without JavaScript the form posts as multipart/form-data and the page reloads.
(function () {
  'use strict';

  function setUp(form) {
    var progress = form.querySelector('[data-upload-progress]');
    var status = form.querySelector('[data-upload-status]');
    if (!progress || !window.XMLHttpRequest || !window.FormData) return;
    form.addEventListener('submit', function (event) {
      var input = form.querySelector('input[type=file]');
      if (!input || !input.files || input.files.length === 0) return; // the server explains
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action'));
      xhr.setRequestHeader('Accept', 'application/json');
      progress.hidden = false;
      progress.value = 0;
      status.removeAttribute('data-upload-error');
      input.removeAttribute('aria-invalid');
      var buttons = form.querySelectorAll('button');
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        progress.value = percent;
        progress.textContent = percent + ' %';
        status.textContent = percent + ' %';
      });
      xhr.addEventListener('load', function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = null; }
        if (xhr.status >= 200 && xhr.status < 300 && answer && answer.redirect) {
          window.location.assign(answer.redirect);
          return;
        }
        if (xhr.status === 401) {
          // The session has ended: log in again and come back to this page (the file must be chosen again).
          window.location.assign('/log-ind?returnTo=' + encodeURIComponent(window.location.pathname + window.location.search));
          return;
        }
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        progress.hidden = true;
        status.textContent = (answer && (answer.message || answer.title)) || String(xhr.status);
        status.setAttribute('data-upload-error', '');
        // The message belongs to the file field, as it does when the page is sent back without JavaScript.
        if (!status.id) status.id = (input.id || 'upload') + '-status';
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', status.id);
      });
      xhr.addEventListener('error', function () {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        progress.hidden = true;
        form.submit(); // fall back to an ordinary post, whose page explains what went wrong
      });
      xhr.send(new FormData(form));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), setUp);
})();
