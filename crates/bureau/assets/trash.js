// The trash: restore an entry, delete it for good, or empty the whole trash.
import { m, api, notify, fail } from "./ui.js";

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  const row = button && button.closest("tr[data-id]");
  if (!row) return;
  const id = row.dataset.id;
  try {
    if (button.dataset.action === "restore") {
      await api("POST", `/api/v1/trash/${id}/restore`);
      notify(`${m.restored}: ${row.dataset.name}`);
    } else if (button.dataset.action === "purge") {
      if (!window.confirm(m.purge_confirm)) return;
      await api("DELETE", `/api/v1/trash/${id}`);
    }
    row.remove();
    if (!document.querySelector("tr[data-id]")) window.location.reload();
  } catch (e) {
    fail(e);
  }
});

const empty = document.getElementById("empty-trash");
if (empty) {
  empty.addEventListener("click", async () => {
    if (!window.confirm(m.purge_confirm)) return;
    try {
      await api("DELETE", "/api/v1/trash");
      window.location.reload();
    } catch (e) {
      fail(e);
    }
  });
}
