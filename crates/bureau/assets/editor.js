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

if (typeof DocsAPI === "undefined") {
  show("ONLYOFFICE Docs could not be reached: its api.js did not load. Check BUREAU_DOCS_URL and that the Document Server is running.");
} else {
  window.docEditor = new DocsAPI.DocEditor("editor", config);
}
