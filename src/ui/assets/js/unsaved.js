// Forms marked data-unsaved-warning: leaving the page (a link, an upload that reloads it, another
// form on the page, closing the tab) with changes typed but not saved asks first, with the
// browser's own question. Sending the form itself does not ask. Without JavaScript nothing asks.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-unsaved-warning]');
  if (forms.length === 0) return;
  var changed = [];
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('input', function () {
      if (changed.indexOf(form) < 0) changed.push(form);
    });
    form.addEventListener('submit', function () {
      changed = changed.filter(function (other) { return other !== form; });
    });
  });
  window.addEventListener('beforeunload', function (event) {
    if (changed.length === 0) return;
    event.preventDefault();
    event.returnValue = ''; // older browsers ask only when this is set
  });
})();
