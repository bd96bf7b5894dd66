// gnrm live reload: served by `gnrm serve` only and injected into its HTML responses;
// never part of a published site.
//
// Why this shape: the server sends Server-Sent Events (plain HTTP, no library). Browsers
// allow six HTTP/1.1 connections per host, so one event stream per tab would stall the
// seventh tab: where the browser has SharedWorker, this same file also runs as a worker
// that holds one stream for every tab and relays its events. Every URL is relative to
// this script's own address, so the preview works behind a proxy or another host name.
// Each event carries the whole state (build time, warnings, problems), so a tab that
// missed events catches up from the next one; the page is reloaded only when its own
// file changed (the server lists the changed pages), stylesheets are swapped in place
// when only CSS changed, and the scroll position survives the reload.
(function () {
  'use strict';

  if (typeof document === 'undefined') {
    worker();
    return;
  }

  var script = document.currentScript;
  var base = new URL('.', script.src);
  var myGen = Number(script.getAttribute('data-gen')) || 0;
  var myServer = script.getAttribute('data-server') || '';
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'id';
  var T = {
    id: {
      preview: 'Pratinjau',
      built: 'dibangun',
      warnings: function (n) { return n + ' peringatan'; },
      pages: function (n) { return n + ' halaman'; },
      offline: 'terputus dari server, mencoba menyambung lagi…',
      building: 'belum ada build yang berhasil',
      failed: 'Build gagal',
      problems: function (n) { return n + ' masalah harus diperbaiki sebelum halaman ini dapat diperbarui.'; },
      under: 'Di balik pesan ini tetap tampil hasil build terakhir yang berhasil. Pesan ini hilang sendiri setelah semua masalah diperbaiki.',
      hide: 'Sembunyikan',
      hint: 'Saran',
      error: 'kesalahan',
      warning: 'peringatan'
    },
    en: {
      preview: 'Preview',
      built: 'built',
      warnings: function (n) { return n + (n === 1 ? ' warning' : ' warnings'); },
      pages: function (n) { return n + ' pages'; },
      offline: 'disconnected from the server, reconnecting…',
      building: 'no successful build yet',
      failed: 'Build failed',
      problems: function (n) { return n + (n === 1 ? ' problem' : ' problems') + ' must be fixed before this page can be updated.'; },
      under: 'Underneath, the last successful build is still shown. This message disappears by itself once every problem is fixed.',
      hide: 'Hide',
      hint: 'Hint',
      error: 'error',
      warning: 'warning'
    }
  }[lang];

  var KEY = 'gnrm-scroll';
  var reloading = false;
  var hiddenFor = -1; // the overlay was hidden by hand for this state
  var ui = null;

  restoreScroll();
  connect();

  // --- connection -------------------------------------------------------------

  function connect() {
    if (typeof SharedWorker === 'function') {
      try {
        var w = new SharedWorker(script.src, { name: 'gnrm-reload' });
        var hi = function () { w.port.postMessage({ page: location.pathname }); };
        w.port.onmessage = function (m) { handle(m.data); };
        w.port.start();
        hi();
        addEventListener('pagehide', function () { w.port.postMessage('bye'); });
        addEventListener('pageshow', function (e) { if (e.persisted) { hi(); } });
        return;
      } catch (e) { /* fall back to a stream of our own */ }
    }
    stream(new URL('events?p=' + encodeURIComponent(location.pathname), base), handle);
  }

  // stream opens the event stream and reconnects after an error, waiting longer each
  // time (0.5 s doubling up to 10 s), so a restarted server is found again.
  function stream(url, deliver) {
    var delay = 500;
    var es = null;
    var retry = 0;
    var closed = false;
    function open() {
      if (closed) {
        return;
      }
      es = new EventSource(url);
      ['hello', 'reload', 'css', 'static', 'status'].forEach(function (type) {
        es.addEventListener(type, function (e) {
          var m;
          try { m = JSON.parse(e.data); } catch (err) { return; }
          m.type = type;
          deliver(m);
        });
      });
      es.onopen = function () { delay = 500; };
      es.onerror = function () {
        es.close();
        deliver({ type: 'offline' });
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, 10000);
      };
    }
    open();
    return {
      close: function () {
        closed = true;
        clearTimeout(retry);
        es.close();
      }
    };
  }

  // worker holds the one stream of all tabs. The stream's address names the pages the
  // tabs show (the server renders those first after a change); it is opened again when
  // that set changes.
  function worker() {
    var ports = new Map(); // port -> the page its tab shows
    var hello = null;
    var since = []; // events after hello, replayed to tabs that connect later
    var conn = null;
    var current = '';
    var timer = 0;
    function deliver(m) {
      if (m.type === 'hello') {
        hello = m;
        since = [];
      } else if (m.type === 'offline') {
        hello = null;
        since = [];
      } else if (since.length < 64) {
        since.push(m);
      }
      ports.forEach(function (page, port) { port.postMessage(m); });
    }
    function reopen() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var u = new URL('events', self.location.href);
        Array.from(new Set(ports.values())).filter(Boolean).sort().forEach(function (p) {
          u.searchParams.append('p', p);
        });
        if (conn && u.href === current) {
          return;
        }
        current = u.href;
        if (conn) {
          conn.close();
        }
        conn = stream(u, deliver);
      }, 30);
    }
    self.onconnect = function (e) {
      var port = e.ports[0];
      ports.set(port, '');
      port.onmessage = function (m) {
        if (m.data === 'bye') {
          ports.delete(port);
        } else if (m.data && typeof m.data.page === 'string') {
          ports.set(port, m.data.page);
        }
        reopen();
      };
      port.start();
      if (hello) {
        port.postMessage(hello);
        since.forEach(function (m) { port.postMessage(m); });
      }
    };
  }

  // --- events -----------------------------------------------------------------

  function here() {
    var p = location.pathname;
    try { p = decodeURI(p); } catch (e) { /* keep it as it is */ }
    return p.replace(/\/index\.html$/, '/');
  }

  function touches(ev) {
    return ev.all || (ev.changed || []).indexOf(here()) >= 0;
  }

  function handle(m) {
    if (m.type === 'offline') {
      bar(null);
      return;
    }
    if (m.type === 'hello') {
      if (myServer && m.server !== myServer) {
        return reload(); // a new server: its numbering starts afresh
      }
      myServer = m.server;
      if (m.gen !== myGen) {
        catchUp(m);
      }
    } else if (m.type === 'reload' || m.type === 'css') {
      if (m.gen !== myGen) {
        if (m.from !== myGen) {
          return reload(); // events were missed
        }
        if (touches(m)) {
          if (m.type === 'css') {
            swapStyles();
          } else {
            return reload();
          }
        }
        myGen = m.gen;
      }
    } else if (m.type === 'static') {
      if (m.css) {
        swapStyles();
      } else if (touches(m)) {
        return reload();
      }
    }
    bar(m);
    overlay(m);
  }

  // catchUp decides from the server's recent history whether this page changed since
  // it was served.
  function catchUp(m) {
    var gen = myGen;
    var css = false;
    var hist = m.history || [];
    for (var i = 0; i < hist.length && gen !== m.gen; i++) {
      var h = hist[i];
      if (h.from !== gen) {
        continue;
      }
      if (touches(h)) {
        if (h.css) {
          css = true;
        } else {
          return reload();
        }
      }
      gen = h.gen;
    }
    if (gen !== m.gen) {
      return reload();
    }
    myGen = m.gen;
    if (css) {
      swapStyles();
    }
  }

  function reload() {
    if (reloading) {
      return;
    }
    reloading = true;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ p: location.pathname, x: scrollX, y: scrollY, t: Date.now() }));
    } catch (e) { /* storage may be off */ }
    location.reload();
  }

  function restoreScroll() {
    var s;
    try {
      s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      sessionStorage.removeItem(KEY);
    } catch (e) {
      return;
    }
    if (!s || s.p !== location.pathname || Date.now() - s.t > 30000) {
      return;
    }
    var go = function () { scrollTo(s.x, s.y); };
    if (document.readyState === 'complete') {
      go();
    } else {
      addEventListener('load', go);
    }
  }

  // swapStyles loads the page again in the background and replaces each stylesheet
  // whose address changed (or, for an unversioned file, loads it again); the old one
  // goes once the new one is loaded, so nothing flashes. Anything unexpected: reload.
  function swapStyles() {
    var sel = 'link[rel~="stylesheet"]:not([data-gnrm])';
    fetch(location.href, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.querySelectorAll(sel);
        var old = document.querySelectorAll(sel);
        if (fresh.length !== old.length) {
          return reload();
        }
        old.forEach(function (link, i) {
          var n = document.importNode(fresh[i], true);
          var href = n.getAttribute('href');
          if (href === link.getAttribute('href')) {
            var u = new URL(href, location.href);
            u.searchParams.set('gnrm', String(Date.now()));
            n.setAttribute('href', u.href);
          }
          n.addEventListener('load', function () { link.remove(); });
          n.addEventListener('error', reload);
          link.after(n);
        });
      })
      .catch(reload);
  }

  // --- interface ----------------------------------------------------------------
  // In a shadow root, styled by ui.css, so that neither the site's styles nor ours leak
  // into the other. Every text is set with textContent: nothing is parsed as HTML.

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function mount() {
    if (ui) {
      return ui;
    }
    var host = el('gnrm-pratinjau');
    var root = host.attachShadow({ mode: 'open' });
    var css = el('link');
    css.rel = 'stylesheet';
    css.href = new URL('ui.css', base).href;
    root.appendChild(css);
    var ov = el('section', 'gnrm-overlay');
    ov.hidden = true;
    ov.setAttribute('role', 'alert');
    ov.setAttribute('aria-labelledby', 'gnrm-judul');
    var b = el('div', 'gnrm-bar');
    b.setAttribute('role', 'status');
    root.appendChild(ov);
    root.appendChild(b);
    document.body.appendChild(host);
    ui = { overlay: ov, bar: b };
    return ui;
  }

  function bar(m) {
    var b = mount().bar;
    b.textContent = '';
    b.appendChild(el('strong', '', T.preview));
    if (!m) {
      b.classList.add('gnrm-offline');
      b.appendChild(el('span', '', T.offline));
      return;
    }
    b.classList.remove('gnrm-offline');
    b.classList.toggle('gnrm-failing', !!m.failing);
    if (m.built) {
      var when = new Date(m.built);
      var t = when.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'id-ID');
      b.appendChild(el('span', '', T.built + ' ' + t + ' (' + m.ms + ' ms)'));
      b.appendChild(el('span', '', T.pages(m.pages || 0)));
    } else {
      b.appendChild(el('span', '', T.building));
    }
    b.appendChild(el('span', m.warnings ? 'gnrm-warn' : '', T.warnings(m.warnings || 0)));
  }

  function overlay(m) {
    var ov = mount().overlay;
    if (!m.failing) {
      ov.hidden = true;
      ov.textContent = '';
      hiddenFor = -1;
      return;
    }
    if (hiddenFor === m.state) {
      return;
    }
    var errs = (m.diagnostics || []).filter(function (d) { return d.severity === 'error'; });
    ov.textContent = '';
    var head = el('header');
    var h = el('h2', '', T.failed);
    h.id = 'gnrm-judul';
    head.appendChild(h);
    var close = el('button', '', T.hide);
    close.type = 'button';
    close.addEventListener('click', function () {
      hiddenFor = m.state;
      ov.hidden = true;
    });
    head.appendChild(close);
    ov.appendChild(head);
    ov.appendChild(el('p', '', T.problems(errs.length)));
    var list = el('ol');
    (m.diagnostics || []).forEach(function (d) {
      var li = el('li', 'gnrm-' + d.severity);
      var line = el('p');
      if (d.pos) {
        line.appendChild(el('code', 'gnrm-pos', d.pos));
        line.appendChild(document.createTextNode(' '));
      }
      line.appendChild(el('span', 'gnrm-sev', (d.severity === 'error' ? T.error : T.warning) + ': '));
      line.appendChild(el('span', 'gnrm-msg', d.message));
      li.appendChild(line);
      if (d.hint) {
        var hint = el('p', 'gnrm-hint');
        hint.appendChild(el('span', 'gnrm-sev', T.hint + ': '));
        hint.appendChild(document.createTextNode(d.hint));
        li.appendChild(hint);
      }
      list.appendChild(li);
    });
    ov.appendChild(list);
    ov.appendChild(el('p', 'gnrm-under', T.under));
    ov.hidden = false;
  }
})();
