// What changes in a listing after it was rendered: thumbnails replace the icons of office files
// once they load (a file without one keeps its icon), and the "Being edited by …" badges follow
// the open ONLYOFFICE sessions (`GET /folders/{id}/editing`, polled).
import { m, api } from "./ui.js";

// Shows each thumbnail of `root` that loaded; drops those that failed.
export function showThumbnails(root = document) {
  for (const img of root.querySelectorAll("img.thumb")) {
    const settle = () => {
      if (img.naturalWidth > 0) img.classList.add("loaded");
      else img.remove();
    };
    if (img.complete) settle();
    else {
      img.addEventListener("load", settle);
      img.addEventListener("error", () => img.remove());
    }
  }
}

// Updates the badges of the rows from `{file id: [names]}`.
function showEditors(editing) {
  for (const row of document.querySelectorAll("#listing tr[data-kind=file]")) {
    const names = editing[row.dataset.id] || [];
    let badge = row.querySelector(".editing");
    if (!names.length) {
      if (badge) badge.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "editing";
      row.querySelector(".name-cell").append(badge);
    }
    badge.textContent = `${m.editing_by} ${names.join(", ")}`;
  }
}

// Polls who edits the files of folder `folderId` every `period` milliseconds while the page is
// visible.
export function followEditors(folderId, period) {
  const poll = async () => {
    if (document.hidden) return;
    try {
      const { editing } = await api("GET", `/folders/${folderId}/editing`);
      showEditors(editing);
    } catch (e) {
      // A missed poll changes nothing; the next one tries again.
    }
  };
  window.setInterval(poll, period);
  document.addEventListener("visibilitychange", poll);
}

showThumbnails();
