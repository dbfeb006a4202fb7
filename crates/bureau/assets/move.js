// The Move dialog: browse folders from the root (or up from where the entry is) and move the
// entry into the one shown (`PATCH /api/v1/files|folders/{id}` `{parent_id}`).
import { m, api, notify, fail } from "./ui.js";

const dialog = document.getElementById("move-dialog");
const title = document.getElementById("move-title");
const place = document.getElementById("move-place");
const list = document.getElementById("move-folders");
let moving = null;
let here = null;

async function show(folderId) {
  const listing = await api("GET", `/api/v1/folders/${folderId}`);
  here = listing.folder;
  place.textContent = listing.path.map((f, i) => (i === 0 ? m.my_files : f.name)).join(" › ");
  list.replaceChildren();
  const parent = listing.path.length > 1 ? listing.path[listing.path.length - 2] : null;
  const folders = listing.children.filter((c) => c.type === "folder" && c.id !== moving.id);
  for (const folder of parent ? [{ ...parent, name: "..", up: true }, ...folders] : folders) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "move-folder";
    button.dataset.folder = folder.id;
    button.textContent = folder.name;
    button.addEventListener("click", () => show(folder.id).catch(fail));
    item.append(button);
    list.append(item);
  }
}

// Opens the dialog for a listing row, starting at the root.
export async function openMove(row, onMoved) {
  moving = { id: row.dataset.id, kind: row.dataset.kind === "folder" ? "folders" : "files", onMoved };
  title.textContent = `${m.move}: ${row.dataset.name}`;
  await show("root");
  dialog.showModal();
}

document.getElementById("move-here").addEventListener("click", async () => {
  try {
    await api("PATCH", `/api/v1/${moving.kind}/${moving.id}`, { parent_id: here.id });
    dialog.close();
    notify(m.moved);
    await moving.onMoved();
  } catch (e) {
    fail(e);
  }
});
document.getElementById("move-cancel").addEventListener("click", () => dialog.close());
