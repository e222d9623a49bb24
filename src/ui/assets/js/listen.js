// "Lyt til beretningen": reads the chapter shown aloud with the browser's own speech synthesis
// (no service is called), preferring a Danish voice. Progressive enhancement: the controls stay
// hidden unless the browser has speechSynthesis and at least one voice. Play/pause, previous and
// next paragraph, speed; the paragraph being read is highlighted and its number announced.
(function () {
  'use strict';
  var box = document.querySelector('[data-listen]');
  var synth = window.speechSynthesis;
  if (!box || !synth || !window.SpeechSynthesisUtterance) return;
  var content = document.querySelector('.reading-content');
  if (!content) return;
  var blocks = Array.prototype.filter.call(content.querySelectorAll('h2, h3, h4, p, li, figcaption, td'), function (el) {
    return el.textContent.trim() !== '' && !el.closest('.reading-page__meta') && !(el.tagName === 'P' && el.closest('li'));
  });
  if (blocks.length === 0) return;
  var playButton = box.querySelector('[data-listen-play]');
  var status = box.querySelector('[data-listen-status]');
  var voiceNote = box.querySelector('[data-listen-voice]');
  var rate = box.querySelector('[data-listen-rate]');
  var text = function (name) { return box.getAttribute('data-text-' + name) || ''; };
  var lang = box.getAttribute('data-listen-lang') || 'da';
  var voice = null;
  var index = 0;
  var state = 'idle'; // idle | speaking | paused
  var token = 0;

  function chooseVoice() {
    var voices = synth.getVoices() || [];
    if (voices.length === 0) return false;
    voice = voices.filter(function (v) { return /^da(-|_|$)/i.test(v.lang); })[0] || null;
    if (!voice && /^da/.test(lang)) {
      voiceNote.textContent = text('no-danish');
      voiceNote.hidden = false;
    }
    box.hidden = false;
    return true;
  }

  function mark(i) {
    blocks.forEach(function (el) { el.classList.remove('listen-reading'); el.removeAttribute('aria-current'); });
    var el = blocks[i];
    if (!el) return;
    el.classList.add('listen-reading');
    el.setAttribute('aria-current', 'true');
    if (el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
  }

  function announce(message) { status.textContent = message; }

  function setButton() {
    playButton.textContent = state === 'speaking' ? text('pause') : state === 'paused' ? text('resume') : text('play');
    playButton.setAttribute('aria-pressed', state === 'speaking' ? 'true' : 'false');
  }

  function speak(i) {
    token += 1;
    var mine = token;
    synth.cancel();
    if (i >= blocks.length) {
      state = 'idle';
      index = 0;
      mark(-1);
      setButton();
      announce(text('done'));
      return;
    }
    index = Math.max(0, i);
    var utterance = new window.SpeechSynthesisUtterance(blocks[index].textContent.replace(/\s+/g, ' ').trim());
    utterance.lang = voice ? voice.lang : 'da-DK';
    if (voice) utterance.voice = voice;
    utterance.rate = Number(rate.value) || 1;
    utterance.onend = function () { if (mine === token && state === 'speaking') speak(index + 1); };
    state = 'speaking';
    mark(index);
    setButton();
    announce(text('reading').replace('{n}', String(index + 1)).replace('{total}', String(blocks.length)));
    synth.speak(utterance);
  }

  playButton.addEventListener('click', function () {
    if (state === 'speaking') {
      synth.pause();
      state = 'paused';
      setButton();
      announce(text('paused'));
    } else if (state === 'paused') {
      synth.resume();
      state = 'speaking';
      setButton();
    } else {
      speak(index);
    }
  });
  box.querySelector('[data-listen-next]').addEventListener('click', function () { speak(Math.min(index + 1, blocks.length - 1)); });
  box.querySelector('[data-listen-previous]').addEventListener('click', function () { speak(Math.max(index - 1, 0)); });
  rate.addEventListener('change', function () { if (state === 'speaking') speak(index); });
  window.addEventListener('pagehide', function () { synth.cancel(); });

  if (!chooseVoice() && synth.addEventListener) synth.addEventListener('voiceschanged', function once() { if (chooseVoice()) synth.removeEventListener('voiceschanged', once); });
})();
