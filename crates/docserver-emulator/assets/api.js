/*
 * docserver-emulator: DocsAPI.DocEditor for the emulated ONLYOFFICE Document Server.
 *
 * Like the real api.js it checks the config (document.url and a file type are required), frames
 * the editor in an iframe named "frameEditor" that replaces the placeholder element (and takes
 * its id), and relays the editor's events to config.events handlers as {target, data}. The
 * editor validates the config token server-side, as the real DS does over its socket.
 */
(function (window, document) {
  'use strict';

  var script = document.currentScript;
  var scriptUrl = new URL(script ? script.src : '/web-apps/apps/api/documents/api.js', window.location.href);
  var dsOrigin = scriptUrl.origin;
  var basePath = scriptUrl.pathname.replace(/\/web-apps\/apps\/api\/documents\/api\.js$/, '');
  var VERSION = '9.0.4';

  var TYPES = {
    cell: /^(xls|xlsx|ods|csv|gsheet|xlsm|xlt|xltm|xltx|fods|ots|xlsb|sxc|et|ett|numbers)$/,
    slide: /^(pps|ppsx|ppt|pptx|odp|gslides|pot|potm|potx|ppsm|pptm|fodp|otp|sxi|dps|dpt|key|odg)$/,
    pdf: /^(pdf|djvu|xps|oxps)$/,
    word: /^(doc|docx|odt|gdoc|txt|rtf|mht|htm|html|mhtml|epub|docm|dot|dotm|dotx|fodt|ott|fb2|xml|oform|docxf|sxw|stw|wps|wpt|pages|hwp|hwpx|md|hml)$/
  };

  function checkConfig(config) {
    var doc = config.document;
    if (!doc || !doc.url) {
      window.alert('document.url is not defined');
      return false;
    }
    if (!doc.fileType && !config.documentType) {
      window.alert('document.fileType is not defined');
      return false;
    }
    if (doc.fileType) {
      doc.fileType = String(doc.fileType).toLowerCase();
      if (!config.documentType) {
        for (var type in TYPES) {
          if (TYPES[type].test(doc.fileType)) {
            config.documentType = type;
            break;
          }
        }
      }
    }
    if (!doc.title) {
      doc.title = 'Unnamed.' + (doc.fileType || 'docx');
    }
    if (doc.key === undefined) {
      var hex = '';
      for (var i = 0; i < 20; i++) {
        hex += Math.floor(Math.random() * 16).toString(16);
      }
      doc.key = hex;
    } else if (typeof doc.key !== 'string') {
      window.alert('document.key must be a string');
      return false;
    }
    var user = config.editorConfig && config.editorConfig.user;
    if (user && typeof user.id === 'number') {
      user.id = String(user.id);
    }
    if (config.token) {
      doc.token = config.token;
    }
    return true;
  }

  function handlerFlags(events) {
    var flags = {};
    var names = ['onRequestClose', 'onRequestHistory', 'onRequestHistoryData', 'onRequestHistoryClose',
      'onRequestRestore', 'onRequestRename', 'onRequestEditRights', 'onRequestRefreshFile',
      'onOutdatedVersion', 'onRequestSaveAs', 'onMetaChange', 'onRequestSharingSettings'];
    for (var i = 0; i < names.length; i++) {
      flags[names[i]] = typeof events[names[i]] === 'function';
    }
    return flags;
  }

  function DocEditor(placeholderId, config) {
    var self = this;
    config = config || {};
    var events = config.events || {};
    var target = document.getElementById(placeholderId);
    var iframe = null;
    var connection = null;

    function fire(name, data) {
      var handler = events[name];
      if (typeof handler === 'function') {
        handler.call(self, { target: self, data: data });
      }
    }

    function send(message) {
      if (iframe && iframe.contentWindow) {
        iframe.contentWindow.postMessage(JSON.stringify(message), dsOrigin);
      }
    }

    function onMessage(msg) {
      if (!iframe || msg.source !== iframe.contentWindow || msg.origin !== dsOrigin) {
        return;
      }
      var data;
      try {
        data = typeof msg.data === 'string' ? JSON.parse(msg.data) : msg.data;
      } catch (e) {
        return;
      }
      if (!data) {
        return;
      }
      if (data.type === 'ready') {
        var plain = JSON.parse(JSON.stringify(config, function (k, v) {
          return k === 'events' ? undefined : v;
        }));
        send({ command: 'init', config: plain, flags: handlerFlags(events) });
      } else if (data.type === 'opened') {
        connection = data.connection;
      } else if (data.type === 'destroyed') {
        removeFrame();
      } else if (data.event) {
        fire(data.event, data.data);
      }
    }

    function removeFrame() {
      window.removeEventListener('message', onMessage);
      if (iframe && iframe.parentNode) {
        var placeholder = document.createElement('div');
        placeholder.id = placeholderId;
        iframe.parentNode.replaceChild(placeholder, iframe);
      }
      iframe = null;
    }

    if (!target) {
      throw new Error('DocsAPI.DocEditor: no element with id ' + placeholderId);
    }
    if (!checkConfig(config)) {
      return;
    }
    iframe = document.createElement('iframe');
    iframe.name = 'frameEditor';
    iframe.id = placeholderId;
    iframe.setAttribute('allowfullscreen', '');
    iframe.setAttribute('frameborder', '0');
    iframe.style.width = config.width || '100%';
    iframe.style.height = config.height || '100%';
    iframe.src = dsOrigin + basePath + '/web-apps/apps/api/documents/editor.html?parentOrigin=' +
      encodeURIComponent(window.location.origin);
    window.addEventListener('message', onMessage);
    target.parentNode.replaceChild(iframe, target);

    this.destroyEditor = function () {
      if (!iframe) {
        return;
      }
      send({ command: 'destroy' });
      setTimeout(removeFrame, 1000);
    };
    this.requestClose = function () { send({ command: 'requestClose' }); };
    this.showMessage = function (text) { send({ command: 'showMessage', text: text }); };
    this.refreshHistory = function (data) { send({ command: 'refreshHistory', data: data }); };
    this.setHistoryData = function (data) { send({ command: 'setHistoryData', data: data }); };
    this.refreshFile = function () { send({ command: 'showMessage', text: 'refreshFile is not emulated' }); };
    this.denyEditingRights = function (text) { send({ command: 'denyEditingRights', text: text }); };
    this.setActionLink = function () {};
    this.setFavorite = function () {};
    this.setSharingSettings = function () {};
    this.setUsers = function () {};
    this.insertImage = function () {};
    this.downloadAs = function () {};
    this.connection = function () { return connection; };
  }

  DocEditor.version = function () { return VERSION; };
  DocEditor.warmUp = function () {};

  window.DocsAPI = window.DocsAPI || {};
  window.DocsAPI.DocEditor = DocEditor;
})(window, document);
