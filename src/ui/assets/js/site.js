// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // "Log ind" opens its <dialog>; × and Escape close it; focus returns to the link.
  function setUpDialogs() {
    var openers = document.querySelectorAll('[data-opens-dialog]');
    Array.prototype.forEach.call(openers, function (opener) {
      var dialog = document.getElementById(opener.getAttribute('data-opens-dialog'));
      if (!dialog || typeof dialog.showModal !== 'function') return;
      opener.addEventListener('click', function (event) {
        event.preventDefault();
        dialog.showModal();
        var first = dialog.querySelector('[autofocus], input:not([type=hidden])') || dialog.querySelector('button, a[href]');
        if (first) first.focus();
      });
      dialog.addEventListener('close', function () {
        opener.focus();
      });
      dialog.addEventListener('click', function (event) {
        if (event.target === dialog) dialog.close();
      });
    });
    var closers = document.querySelectorAll('[data-closes-dialog]');
    Array.prototype.forEach.call(closers, function (button) {
      button.addEventListener('click', function () {
        var dialog = button.closest('dialog');
        if (dialog) dialog.close();
      });
    });
  }

  // A form that failed shows an error summary (src/ui/error-summary.tsx): move focus to it, so it is heard first.
  function focusErrorSummary() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
  }

  // The workspace menu (ui/admin-layout.tsx): at phone width a "Menu" button folds it; without this file it stays open.
  function setUpWorkspaceNav() {
    var nav = document.querySelector('[data-workspace-nav]');
    var toggle = nav && nav.querySelector('[data-workspace-nav-toggle]');
    if (!toggle) return;
    nav.classList.add('workspace-nav--enhanced');
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      nav.classList.toggle('workspace-nav--open', open);
    });
  }

  function start() {
    setUpDialogs();
    setUpWorkspaceNav();
    focusErrorSummary();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
