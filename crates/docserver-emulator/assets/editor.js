/*
 * docserver-emulator: the small editor framed by api.js. It opens the document through the
 * emulator (POST /control/open validates the token as the DS does), then adds texts, saves and
 * closes through the control API, polling for co-editors, meta changes, drops and warnings.
 */
(function (window, document) {
  'use strict';

  var base = window.location.pathname.replace(/\/web-apps\/.*$/, '');
  var parentOrigin = new URLSearchParams(window.location.search).get('parentOrigin') || '*';
  var config = null;
  var flags = {};
  var connection = null;
  var seq = 0;
  var poller = null;
  var closed = false;

  function $(id) { return document.getElementById(id); }

  function emit(event, data) {
    window.parent.postMessage(JSON.stringify({ event: event, data: data }), parentOrigin);
  }

  function tell(type, extra) {
    var message = { type: type };
    for (var k in extra || {}) { message[k] = extra[k]; }
    window.parent.postMessage(JSON.stringify(message), parentOrigin);
  }

  function status(text) { $('docs-status').textContent = text || ''; }

  function fail(code, description) {
    document.body.setAttribute('data-state', 'error');
    $('docs-error').textContent = 'Error ' + code + ': ' + description;
    $('docs-editor').classList.add('hidden');
    $('docs-save').disabled = true;
    emit('onError', { errorCode: code, errorDescription: description });
  }

  function api(method, path, body) {
    var init = { method: method, headers: { 'Content-Type': 'application/json' } };
    if (body !== undefined) { init.body = JSON.stringify(body); }
    return fetch(base + '/control' + path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        return { ok: r.ok, status: r.status, json: json };
      });
    });
  }

  function showUsers(users) {
    $('docs-users').textContent = users.map(function (u) { return u.name; }).join(', ');
  }

  function open() {
    emit('onAppReady');
    api('POST', '/open', { config: config }).then(function (r) {
      if (!r.ok) {
        var code = r.json.code, description = r.json.description || r.json.error;
        if (code === 4008) {
          if (flags.onRequestRefreshFile) { emit('onRequestRefreshFile'); }
          else if (flags.onOutdatedVersion) { emit('onOutdatedVersion'); }
          fail(code, 'The file version has been changed. The page will be reloaded.');
          return;
        }
        fail(code, description);
        return;
      }
      opened(r.json);
    }, function (e) { fail(-1, String(e)); });
  }

  function opened(joined) {
    connection = joined.connection;
    tell('opened', { connection: connection });
    document.body.setAttribute('data-state', 'ready');
    document.body.setAttribute('data-connection', connection);
    $('docs-title').textContent = joined.title;
    $('docs-mode').textContent = joined.mode;
    var label = { word: 'Add a paragraph', cell: 'Add a cell text', slide: 'Add a slide text' };
    $('docs-text-label').textContent = label[joined.document_type] || 'Add a text';
    if (joined.mode === 'edit') {
      $('docs-editor').classList.remove('hidden');
    } else {
      $('docs-save').disabled = true;
      if (flags.onRequestEditRights) { $('docs-edit-rights').classList.remove('hidden'); }
    }
    if (flags.onRequestClose) { $('docs-close').classList.remove('hidden'); }
    if (flags.onRequestHistory) { $('docs-history').classList.remove('hidden'); }
    emit('onInfo', { mode: joined.mode });
    emit('onDocumentReady');
    if (joined.warning) {
      status(joined.warning);
      emit('onWarning', { warningCode: -1, warningDescription: joined.warning });
    }
    poll();
    poller = window.setInterval(poll, 500);
  }

  function poll() {
    if (!connection || closed) { return; }
    api('GET', '/connections/' + connection + '?after=' + seq).then(function (r) {
      if (!r.ok) { return; }
      var view = r.json;
      showUsers(view.users || []);
      $('docs-changes').textContent = view.unsaved_changes;
      (view.events || []).forEach(function (e) {
        seq = Math.max(seq, e.seq);
        handle(e);
      });
      if (!view.connected && !closed) {
        closed = true;
        document.body.setAttribute('data-state', 'closed');
      }
    });
  }

  function handle(e) {
    if (e.type === 'meta') {
      $('docs-title').textContent = e.data.title;
      emit('onMetaChange', { title: e.data.title });
    } else if (e.type === 'drop' && e.data.connection === connection) {
      fail(-1, 'Access to this document has been denied (drop)');
    } else if (e.type === 'warning') {
      status(e.data.message);
      emit('onWarning', { warningCode: e.data.code, warningDescription: e.data.message });
    } else if (e.type === 'forceSave') {
      status(e.data.ok ? 'Saved' : 'Save failed');
    }
  }

  $('docs-editor').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('docs-text').value;
    if (!text || !connection) { return; }
    emit('onDocumentStateChange', true);
    api('POST', '/connections/' + connection + '/edit', { text: text }).then(function (r) {
      if (!r.ok) { fail(r.status, r.json.error); return; }
      var p = document.createElement('p');
      p.textContent = text;
      $('docs-content').appendChild(p);
      $('docs-text').value = '';
      emit('onDocumentStateChange', false);
      poll();
    });
  });

  $('docs-save').addEventListener('click', function () {
    if (!connection) { return; }
    status('Saving…');
    api('POST', '/connections/' + connection + '/save').then(function (r) {
      status(r.ok ? 'All changes saved' : (r.json.error || 'Save failed'));
    });
  });

  $('docs-close').addEventListener('click', function () { emit('onRequestClose'); });
  $('docs-history').addEventListener('click', function () { emit('onRequestHistory'); });
  $('docs-edit-rights').addEventListener('click', function () { emit('onRequestEditRights'); });

  function leave(beacon) {
    if (!connection || closed) { return; }
    closed = true;
    window.clearInterval(poller);
    var url = base + '/control/connections/' + connection + '/leave';
    if (beacon && navigator.sendBeacon) { navigator.sendBeacon(url); }
    else { fetch(url, { method: 'POST', keepalive: true }).catch(function () {}); }
    document.body.setAttribute('data-state', 'closed');
  }

  window.addEventListener('pagehide', function () { leave(true); });

  window.addEventListener('message', function (msg) {
    if (msg.source !== window.parent) { return; }
    var data;
    try { data = typeof msg.data === 'string' ? JSON.parse(msg.data) : msg.data; } catch (e) { return; }
    if (!data || !data.command) { return; }
    if (data.command === 'init' && !config) {
      config = data.config;
      flags = data.flags || {};
      open();
    } else if (data.command === 'destroy') {
      leave(false);
      tell('destroyed');
    } else if (data.command === 'requestClose') {
      emit('onRequestClose');
    } else if (data.command === 'showMessage') {
      status(data.text);
    } else if (data.command === 'denyEditingRights') {
      fail(-1, data.text || 'Editing rights denied');
    } else if (data.command === 'refreshHistory') {
      status('History: ' + JSON.stringify(data.data));
    }
  });

  tell('ready');
})(window, document);
