// A long reading version is one web page per chapter. An old link or a search hit to
// /beretninger/<year>/laes#side-N names a page that may live in a later chapter; the fragment
// never reaches the server, so this sends the reader to /laes/side/N, which redirects to the
// chapter page that holds it. Without script, the chapter list names the pages of each chapter.
// It looks when the page loads and whenever the fragment changes (a link within the page).
(function () {
  function follow() {
    var match = /^#side-(\d{1,6})$/.exec(window.location.hash);
    if (!match || document.getElementById('side-' + match[1])) return;
    var holder = document.querySelector('[data-reading-base]');
    var base = holder && holder.getAttribute('data-reading-base');
    if (base) window.location.replace(base + '/side/' + match[1]);
  }
  follow();
  window.addEventListener('hashchange', follow);
})();
