// Progressive enhancement of the foreword box (reports-admin-form.views.tsx): a toolbar that writes Markdown
// into the same <textarea>, and a paste that keeps a Word or web page's paragraphs and lists as
// Markdown. Without this file the box and the preview work as before. No HTML ever reaches the field:
// pasted HTML is read into an inert document and only its text and structure are written out.
(function () {
  'use strict';

  function insert(field, text, selectFrom, selectTo) {
    field.focus();
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    var done = false;
    try {
      done = document.execCommand('insertText', false, text);
    } catch (error) {
      done = false;
    }
    if (!done) {
      field.setRangeText(text, field.selectionStart, field.selectionEnd, 'end');
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (typeof selectFrom === 'number') {
      var end = field.selectionEnd;
      field.setSelectionRange(end - text.length + selectFrom, end - text.length + selectTo);
    }
  }

  function lineStart(value, index) {
    return value.lastIndexOf('\n', index - 1) + 1;
  }

  var actions = {
    bold: function (field, selected, sample) {
      var text = selected || sample;
      insert(field, '**' + text + '**', 2, 2 + text.length);
    },
    italic: function (field, selected, sample) {
      var text = selected || sample;
      insert(field, '*' + text + '*', 1, 1 + text.length);
    },
    heading: function (field) {
      prefixLines(field, function () { return '## '; });
    },
    list: function (field) {
      prefixLines(field, function () { return '- '; });
    },
    link: function (field, selected, sample) {
      var text = selected || sample;
      var markdown = '[' + text + '](https://)';
      // The address is selected, ready to be typed over.
      insert(field, markdown, text.length + 3, markdown.length - 1);
    },
  };

  // Heading and list act on whole lines: every selected line gets the prefix (once).
  function prefixLines(field, prefixOf) {
    var value = field.value;
    var start = lineStart(value, field.selectionStart);
    var end = field.selectionEnd;
    var lines = value.slice(start, end).split('\n');
    var text = lines.map(function (line, i) {
      var prefix = prefixOf(i);
      return line.indexOf(prefix) === 0 ? line : prefix + line.replace(/^(#{1,6} |[-*] |\d+\. )/, '');
    }).join('\n');
    field.setSelectionRange(start, end);
    insert(field, text);
  }

  // ---- Pasting from Word or a web page ------------------------------------------------------
  function inlineText(node) {
    var out = '';
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out += child.nodeValue.replace(/\s+/g, ' ');
        return;
      }
      if (child.nodeType !== 1) return;
      var tag = child.tagName.toLowerCase();
      if (tag === 'script' || tag === 'style' || tag === 'template') return; // code, not text
      var style = (child.getAttribute('style') || '').replace(/\s/g, '');
      if (style.indexOf('mso-list:Ignore') !== -1) return; // Word's typed bullet or number
      if (tag === 'br') {
        out += '\n';
        return;
      }
      var inner = inlineText(child);
      if (!inner.trim()) {
        out += inner;
        return;
      }
      if (tag === 'strong' || tag === 'b' || /font-weight:(bold|[6-9]00)/.test(style)) out += '**' + inner.trim() + '** ';
      else if (tag === 'em' || tag === 'i' || style.indexOf('font-style:italic') !== -1) out += '*' + inner.trim() + '* ';
      else if (tag === 'a' && /^https?:\/\//i.test(child.getAttribute('href') || '')) out += '[' + inner.trim() + '](' + child.getAttribute('href') + ')';
      else out += inner;
    });
    return out;
  }

  function clean(text) {
    return text.replace(/[ \t\u00a0]+/g, ' ').replace(/ +([.,;:!?])/g, '$1').trim();
  }

  function wordListMarker(element) {
    var marker = '';
    element.querySelectorAll('span').forEach(function (span) {
      if (!marker && (span.getAttribute('style') || '').replace(/\s/g, '').indexOf('mso-list:Ignore') !== -1) marker = span.textContent.trim();
    });
    return marker;
  }

  function blocksOf(root, out) {
    root.childNodes.forEach(function (node) {
      if (node.nodeType === 3) {
        if (node.nodeValue.trim()) out.push({ kind: 'p', text: clean(node.nodeValue) });
        return;
      }
      if (node.nodeType !== 1) return;
      var tag = node.tagName.toLowerCase();
      var className = node.getAttribute('class') || '';
      if (tag === 'script' || tag === 'style' || tag === 'template' || tag === 'head' || tag === 'title' || tag === 'meta') return;
      if (tag === 'ul' || tag === 'ol') {
        var n = 0;
        node.querySelectorAll(':scope > li').forEach(function (li) {
          n += 1;
          out.push({ kind: 'li', ordered: tag === 'ol', n: n, text: clean(inlineText(li)) });
        });
        return;
      }
      if (/^h[1-6]$/.test(tag)) {
        out.push({ kind: 'h', text: clean(inlineText(node)) });
        return;
      }
      if (tag === 'p' && /MsoListParagraph/i.test(className)) {
        var marker = wordListMarker(node);
        out.push({ kind: 'li', ordered: /^\d+[.)]?$/.test(marker), n: parseInt(marker, 10) || 1, text: clean(inlineText(node)) });
        return;
      }
      if (tag === 'p' || tag === 'li' || tag === 'blockquote' || tag === 'pre') {
        var text = clean(inlineText(node));
        if (text) out.push({ kind: 'p', text: text });
        return;
      }
      if (tag === 'table' || tag === 'div' || tag === 'section' || tag === 'article' || tag === 'body' || tag === 'main') {
        blocksOf(node, out);
        return;
      }
      var inline = clean(inlineText(node));
      if (inline) out.push({ kind: 'p', text: inline });
    });
    return out;
  }

  function htmlToMarkdown(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html'); // inert: no script runs, nothing loads
    var blocks = blocksOf(doc.body, []);
    var parts = [];
    blocks.forEach(function (block, i) {
      var previous = blocks[i - 1];
      var separator = i === 0 ? '' : block.kind === 'li' && previous && previous.kind === 'li' ? '\n' : '\n\n';
      var line = block.kind === 'h' ? '## ' + block.text : block.kind === 'li' ? (block.ordered ? block.n + '. ' : '- ') + block.text : block.text;
      parts.push(separator + line);
    });
    return parts.join('');
  }

  function setUp(field) {
    var toolbar = document.querySelector('[data-markdown-toolbar="' + field.id + '"]');
    if (!toolbar) return;
    toolbar.hidden = false;
    toolbar.addEventListener('click', function (event) {
      var button = event.target.closest('[data-markdown]');
      if (!button) return;
      var action = actions[button.getAttribute('data-markdown')];
      if (!action) return;
      action(field, field.value.slice(field.selectionStart, field.selectionEnd), button.getAttribute('data-sample') || '');
    });
    field.addEventListener('paste', function (event) {
      var data = event.clipboardData;
      var html = data && data.getData('text/html');
      if (!html) return; // plain text pastes as it is
      var markdown = htmlToMarkdown(html);
      if (!markdown) return;
      event.preventDefault();
      insert(field, markdown);
    });
  }

  function start() {
    document.querySelectorAll('textarea[data-markdown-editor]').forEach(setUp);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
