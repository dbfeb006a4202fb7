// The file browser: New ▸ (opens the editor on the new file), folders, uploads with a progress
// bar per file (button or drag-and-drop), and the actions of each entry. A folder shared with
// the reader without the edit role renders without New, Upload and the owner's actions, and
// takes no drops.
import { m, csrf, api, notify, fail, errorDetail, localizeTimes } from "./ui.js";
import { applySort } from "./sort.js";
import "./keys.js";
import { openMove } from "./move.js";
import { openShare } from "./share.js";
import { download } from "./download.js";
import { convert, openDownloadAs } from "./convert.js";
import { showThumbnails, followEditors } from "./live.js";

const browser = document.getElementById("browser");
const folderId = browser.dataset.folder;
const writable = browser.dataset.writable === "true";

// Re-reads this page and swaps in the fresh listing, keeping upload progress on screen.
async function refreshListing() {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = doc.getElementById("listing-box");
  if (fresh) {
    document.getElementById("listing-box").replaceWith(fresh);
    localizeTimes(fresh);
    showThumbnails(fresh);
    applySort();
  }
}

for (const button of document.querySelectorAll("button[data-new]")) {
  button.addEventListener("click", async () => {
    try {
      const file = await api("POST", "/api/v1/files/new", { kind: button.dataset.new, parent_id: folderId });
      window.location.href = `/office/${file.id}/edit`;
    } catch (e) {
      fail(e);
    }
  });
}

document.getElementById("new-folder")?.addEventListener("click", async () => {
  const name = window.prompt(m.folder_name, m.new_folder);
  if (!name) return;
  try {
    const folder = await api("POST", "/api/v1/folders", { name, parent_id: folderId });
    window.location.href = `/folders/${folder.id}`;
  } catch (e) {
    fail(e);
  }
});

// Bytes sent and to send of the uploads under way, for the total progress bar.
const batch = new Map();
function showTotal() {
  let loaded = 0;
  let total = 0;
  for (const part of batch.values()) {
    loaded += part.loaded;
    total += part.total;
  }
  const percent = total ? Math.round((loaded / total) * 100) : 100;
  document.getElementById("upload-total").hidden = false;
  document.getElementById("upload-total-bar").value = percent;
  document.getElementById("upload-total-text").textContent = `${percent}%`;
}

// Uploads one file with XMLHttpRequest, whose upload events give the progress bar.
function upload(file) {
  const item = document.createElement("li");
  const label = document.createElement("span");
  const bar = document.createElement("progress");
  const status = document.createElement("span");
  item.className = "upload";
  item.dataset.name = file.name;
  label.textContent = file.name;
  label.className = "upload-name";
  bar.max = 100;
  bar.value = 0;
  status.className = "upload-status";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "upload-cancel";
  cancel.textContent = "×";
  cancel.title = m.cancel;
  cancel.setAttribute("aria-label", `${m.cancel}: ${file.name}`);
  item.append(label, bar, status, cancel);
  document.getElementById("uploads").append(item);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ name: file.name, parent_id: folderId });
    xhr.open("POST", `/api/v1/files?${query}`);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    batch.set(xhr, { loaded: 0, total: file.size });
    const settle = () => {
      cancel.remove();
      batch.set(xhr, { loaded: file.size, total: file.size });
      showTotal();
      resolve();
    };
    cancel.addEventListener("click", () => xhr.abort());
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      bar.value = Math.round((e.loaded / e.total) * 100);
      batch.set(xhr, { loaded: e.loaded, total: e.total });
      showTotal();
    });
    xhr.addEventListener("abort", () => {
      item.classList.add("failed");
      status.textContent = m.cancelled;
      settle();
    });
    xhr.addEventListener("load", async () => {
      if (xhr.status === 201) {
        const entry = JSON.parse(xhr.responseText);
        bar.value = 100;
        item.classList.add("done");
        status.textContent = entry.name === file.name ? m.uploaded : `${m.saved_as} ${entry.name}`;
      } else {
        item.classList.add("failed");
        status.textContent = xhr.status === 413
          ? m.too_large
          : `${m.failed} ${await errorDetail(new Response(xhr.responseText, { status: xhr.status }))}`;
      }
      settle();
    });
    xhr.addEventListener("error", () => {
      item.classList.add("failed");
      status.textContent = `${m.failed} ${xhr.statusText || "network error"}`;
      settle();
    });
    xhr.send(file);
  });
}

async function uploadAll(files) {
  if (!files.length) return;
  // A new batch once the previous one is over: the total starts again from zero.
  if (!document.querySelector("#uploads .upload-cancel")) batch.clear();
  await Promise.all(Array.from(files, upload));
  await refreshListing();
}

const input = document.getElementById("upload-input");
input?.addEventListener("change", async () => {
  await uploadAll(input.files);
  input.value = "";
});

const dropzone = document.getElementById("dropzone");
const hasFiles = (e) => writable && e.dataTransfer && Array.from(e.dataTransfer.types).includes("Files");
document.addEventListener("dragover", (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dropzone.hidden = false;
});
dropzone.addEventListener("dragleave", () => { dropzone.hidden = true; });
document.addEventListener("drop", (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dropzone.hidden = true;
  uploadAll(e.dataTransfer.files);
});

async function act(action, row, target) {
  const id = row.dataset.id;
  const kind = row.dataset.kind === "folder" ? "folders" : "files";
  if (action === "download") {
    await download(`/api/v1/files/${id}/content`, row.dataset.name);
  } else if (action === "share") {
    await openShare(row);
  } else if (action === "move") {
    await openMove(row, refreshListing);
  } else if (action === "convert") {
    await convert(row, refreshListing);
  } else if (action === "download-as") {
    openDownloadAs(row, target.dataset.formats);
  } else if (action === "rename") {
    const name = window.prompt(m.new_name, row.dataset.name);
    if (!name || name === row.dataset.name) return;
    await api("PATCH", `/api/v1/${kind}/${id}`, { name });
    await refreshListing();
  } else if (action === "delete") {
    await api("DELETE", `/api/v1/${kind}/${id}`);
    notify(`${m.moved_to_trash}: ${row.dataset.name}`);
    await refreshListing();
  }
}

document.addEventListener("click", async (event) => {
  const target = event.target.closest("[data-action]");
  const row = target && target.closest("tr[data-id]");
  if (!row || target.dataset.action === "open") return;
  event.preventDefault();
  const menu = target.closest("details.menu");
  if (menu) menu.open = false;
  try {
    await act(target.dataset.action, row, target);
  } catch (e) {
    fail(e);
  }
});

if (browser.dataset.office === "true") followEditors(folderId, 5000);
