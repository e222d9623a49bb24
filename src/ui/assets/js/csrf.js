// Cached public pages carry no visitor's CSRF token (the same HTML goes to everyone). Before a
// form with an empty token is sent, fetch this visitor's token and fill it in.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var field = form.querySelector('input[name="_csrf"]');
    if (!field || field.value) return;
    event.preventDefault();
    fetch('/csrf-token', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        Array.prototype.forEach.call(document.querySelectorAll('input[name="_csrf"]'), function (input) { input.value = data.token; });
        if (typeof form.requestSubmit === 'function') form.requestSubmit(event.submitter || undefined);
        else form.submit();
      })
      .catch(function () { form.submit(); });
  });
})();
