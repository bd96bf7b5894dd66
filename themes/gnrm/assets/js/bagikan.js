// bagikan.js: progressive enhancement of the share links (theme gnrm).
//
// Why a script at all: the share links are plain links that work without it; two
// things need the browser's help: copying the page's address to the clipboard, and
// opening the device's own share sheet (navigator.share, mostly on phones), which
// lists the apps the reader actually uses. The messages come from data attributes
// written by the template (i18n), so this file holds no language. No inline script,
// no innerHTML, no request to any host: it only listens to clicks.
(function () {
  'use strict';
  var blocks = document.querySelectorAll('[data-bagikan]');
  for (var i = 0; i < blocks.length; i++) {
    enhance(blocks[i]);
  }

  function enhance(block) {
    var status = block.querySelector('[data-status]');
    var say = function (text) {
      if (!status) return;
      // Empty first, so that the same message is announced again.
      status.textContent = '';
      window.setTimeout(function () { status.textContent = text; }, 50);
    };

    var copy = block.querySelector('[data-salin]');
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.addEventListener('click', function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(copy.href).then(function () {
          say(block.getAttribute('data-disalin'));
        }, function () {
          say(block.getAttribute('data-gagal'));
        });
      });
    }

    var device = block.querySelector('[data-bagikan-perangkat]');
    if (device && typeof navigator.share === 'function') {
      var data = {
        title: block.getAttribute('data-judul') || document.title,
        text: block.getAttribute('data-teks') || '',
        url: (copy && copy.href) || block.getAttribute('data-url') || location.href
      };
      if (!navigator.canShare || navigator.canShare(data)) {
        device.hidden = false;
        device.addEventListener('click', function () {
          navigator.share(data).catch(function () { /* cancelled by the reader */ });
        });
      }
    }
  }
})();
