// Downloads through fetch, so the page can say what happens ("Preparing the document for
// download…", then "Document downloaded") and save the file under the name the server gives in
// Content-Disposition. Links marked `data-download` (versions panel, Shared with me) use it too.
import { m, notify, fail, errorDetail } from "./ui.js";

// The file name of a download, from Content-Disposition (`filename*` first, it is UTF-8).
function dispositionName(header, fallback) {
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header || "");
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header || "");
  return plain ? plain[1] : fallback;
}

// Downloads `path`, named from the answer's Content-Disposition (else `fallbackName`).
export async function download(path, fallbackName) {
  notify(m.preparing_download);
  const response = await fetch(path, { credentials: "same-origin" });
  if (!response.ok) throw new Error(await errorDetail(response));
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = dispositionName(response.headers.get("Content-Disposition"), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  notify(m.downloaded, "success");
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-download]");
  if (!link) return;
  event.preventDefault();
  download(link.href, link.dataset.download).catch(fail);
});
