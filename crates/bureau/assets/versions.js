// The versions panel: restoring an older version makes its content the newest version;
// downloads go through download.js, with its notices.
import { m, api, notify, fail } from "./ui.js";
import "./download.js";

const fileId = document.getElementById("versions").dataset.file;

for (const button of document.querySelectorAll("button[data-restore]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await api("POST", `/api/v1/files/${fileId}/versions/${button.dataset.restore}/restore`);
      notify(m.version_restored, "success");
      window.setTimeout(() => window.location.reload(), 600);
    } catch (e) {
      button.disabled = false;
      fail(e);
    }
  });
}
