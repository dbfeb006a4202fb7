// Starts the ONLYOFFICE editor with the signed config the server embedded in the page, turns the
// editor's events into something a person can act on, and watches the document key: when the
// file gets a newer version while it is open (an upload, a restore), a dialog offers to keep
// editing into a conflict copy (`POST /office/keys/{key}`) or to reload the newest version.
// It stands alone (no other module), so wherever the page is served needs only this script.
const m = JSON.parse(document.getElementById("messages").textContent);
const csrf = document.querySelector('meta[name="csrf-token"]').content;

// Calls Bureau as the signed-in user; throws an Error with the server's detail and `status`.
async function api(method, path) {
  const response = await fetch(path, { method, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.errors && body.errors[0] ? body.errors[0].detail : response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

const message = document.getElementById("message");
const note = document.getElementById("note");
const back = document.getElementById("back");

function show(text) {
  message.textContent = text;
  message.hidden = false;
}

const config = JSON.parse(document.getElementById("editor-config").textContent);
config.events = {
  onError: (event) => {
    const data = event && event.data ? event.data : {};
    const code = data.errorCode ? ` (${data.errorCode})` : "";
    show(`${m.editor_error}${code} ${data.errorDescription || ""}`.trim());
  },
  onWarning: (event) => {
    const data = event && event.data ? event.data : {};
    if (data.warningDescription) show(`${m.editor_warning} ${data.warningDescription}`);
  },
};

// Close goes back where the document was opened from (guests of a link have nowhere to go).
if (back) config.events.onRequestClose = () => { window.location.href = back.href; };

// Version history (docs: usage-api/methods refreshHistory / setHistoryData): Bureau builds both
// objects, signed; the page only relays them. Declaring the handlers enables the history panel.
// Only where Bureau's own routes serve a signed-in user (not for guests of a link, nor under
// `bureau connector`) are the history and the conflict dialog offered.
let fileId = config.document && config.document.referenceData ? config.document.referenceData.fileKey : "";
const ownRoutes = document.querySelector('meta[name="editor-own-routes"]') !== null;

async function refreshHistory() {
  try {
    window.docEditor.refreshHistory(await api("GET", `/office/${fileId}/history`));
  } catch (e) {
    window.docEditor.refreshHistory({ error: `${m.history_failed} ${e.message}` });
  }
}

if (ownRoutes) {
  config.events.onRequestHistory = refreshHistory;
  config.events.onRequestHistoryData = async (event) => {
    try {
      window.docEditor.setHistoryData(await api("GET", `/office/${fileId}/history/${event.data}`));
    } catch (e) {
      window.docEditor.setHistoryData({ version: event.data, error: e.message });
    }
  };
  config.events.onRequestHistoryClose = () => { window.location.reload(); };
  config.events.onRequestRestore = async (event) => {
    try {
      await api("POST", `/api/v1/files/${fileId}/versions/${event.data.version}/restore`);
      await refreshHistory();
    } catch (e) {
      show(`${m.restore_failed} ${e.message}`);
    }
  };
}

// The conflict dialog. The key's state says whether the file it writes to moved on (`changed`)
// or whether it writes into another file than this page's (a conflict copy a save made when it
// found the file changed); either asks the person to choose.
const dialog = document.getElementById("conflict-dialog");
const key = config.document ? config.document.key : "";
let poller = 0;

async function checkKey() {
  let state;
  try {
    state = await api("GET", `/office/keys/${encodeURIComponent(key)}`);
  } catch (e) {
    if (e.status >= 400 && e.status < 500) window.clearInterval(poller);
    return;
  }
  if (!state.open) {
    window.clearInterval(poller);
  } else if ((state.changed || state.target.id !== fileId) && !dialog.open) {
    dialog.showModal();
  }
}

// Keeps editing: the key now writes into the copy, which this page then stands for.
async function keepEditing() {
  try {
    const { data } = await api("POST", `/office/keys/${encodeURIComponent(key)}`);
    dialog.close();
    fileId = data.id;
    const name = data.attributes.name;
    document.getElementById("title").textContent = name;
    document.title = `${name} · Bureau`;
    window.history.replaceState(null, "", `/office/${data.id}/edit${window.location.search}`);
    note.textContent = `${m.conflict_kept} ${name}`;
    note.hidden = false;
  } catch (e) {
    dialog.close();
    show(`${m.failed} ${e.message}`);
  }
}

if (ownRoutes) {
  document.getElementById("conflict-keep").addEventListener("click", keepEditing);
  document.getElementById("conflict-reload").addEventListener("click", () => window.location.reload());
  // The dialog waits for a choice: Escape does not dismiss it.
  dialog.addEventListener("cancel", (event) => event.preventDefault());
}

const editing = config.editorConfig && config.editorConfig.mode === "edit";

if (typeof DocsAPI === "undefined") {
  show(m.docs_unreachable);
} else {
  window.docEditor = new DocsAPI.DocEditor("editor", config);
  if (ownRoutes && editing && key) poller = window.setInterval(checkKey, 3000);
}
