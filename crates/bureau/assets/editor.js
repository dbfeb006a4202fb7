// Starts the ONLYOFFICE editor with the signed config the server embedded in the page, and turns
// the editor's events into something a person can act on.
const message = document.getElementById("message");
const back = document.getElementById("back");

function show(text) {
  message.textContent = text;
  message.hidden = false;
}

const config = JSON.parse(document.getElementById("editor-config").textContent);
config.events = {
  onRequestClose: () => { window.location.href = back.href; },
  onError: (event) => {
    const data = event && event.data ? event.data : {};
    show(`The editor reported an error${data.errorCode ? ` (${data.errorCode})` : ""}: ${data.errorDescription || "unknown error"}`);
  },
  onWarning: (event) => {
    const data = event && event.data ? event.data : {};
    if (data.warningDescription) show(`Warning: ${data.warningDescription}`);
  },
};

// Version history (docs: usage-api/methods refreshHistory / setHistoryData): Bureau builds both
// objects, signed; the page only relays them. Declaring the handlers enables the history panel.
const fileId = config.document && config.document.referenceData ? config.document.referenceData.fileKey : "";
const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function getJson(path, options) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = body.errors && body.errors[0] ? body.errors[0].detail : response.statusText;
    throw new Error(detail);
  }
  return body;
}

async function refreshHistory() {
  try {
    window.docEditor.refreshHistory(await getJson(`/office/${fileId}/history`));
  } catch (e) {
    window.docEditor.refreshHistory({ error: `Could not load the history: ${e.message}` });
  }
}

// Only where Bureau serves the history (not under `bureau connector`): declaring the handlers
// is what shows the panel.
if (document.querySelector('meta[name="editor-history"]')) {
  config.events.onRequestHistory = refreshHistory;
  config.events.onRequestHistoryData = async (event) => {
    try {
      window.docEditor.setHistoryData(await getJson(`/office/${fileId}/history/${event.data}`));
    } catch (e) {
      window.docEditor.setHistoryData({ version: event.data, error: e.message });
    }
  };
  config.events.onRequestHistoryClose = () => { window.location.reload(); };
  config.events.onRequestRestore = async (event) => {
    try {
      await getJson(`/api/v1/files/${fileId}/versions/${event.data.version}/restore`, {
        method: "POST",
        headers: { "X-CSRF-Token": csrf },
      });
      await refreshHistory();
    } catch (e) {
      show(`Could not restore version ${event.data.version}: ${e.message}`);
    }
  };
}

if (typeof DocsAPI === "undefined") {
  show("ONLYOFFICE Docs could not be reached: its api.js did not load. Check BUREAU_DOCS_URL and that the Document Server is running.");
} else {
  window.docEditor = new DocsAPI.DocEditor("editor", config);
}
