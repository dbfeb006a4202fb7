// The Document Server's conversions from the actions menu: "Download as…" (a dialog to pick
// one of the formats the file converts to, streamed by `/api/v1/files/{id}/download?format=`)
// and "Convert to DOCX/XLSX/PPTX" (a job, followed until the new file exists).
import { m, api, notify, fail } from "./ui.js";
import { download } from "./download.js";

const dialog = document.getElementById("download-as-dialog");
const select = document.getElementById("download-as-format");
let pending = null;

// Opens the "Download as…" dialog for a row; `formats` are the extensions offered.
export function openDownloadAs(row, formats) {
  const list = formats.split(" ").filter(Boolean);
  select.replaceChildren(...list.map((f) => new Option(f.toUpperCase(), f)));
  select.value = list.includes("pdf") ? "pdf" : list[0];
  document.getElementById("download-as-title").textContent = `${m.download_as} ${row.dataset.name}`;
  pending = row;
  dialog.showModal();
}

document.getElementById("download-as-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  dialog.close();
  const row = pending;
  const format = encodeURIComponent(select.value);
  try {
    await download(`/api/v1/files/${row.dataset.id}/download?format=${format}`, row.dataset.name);
  } catch (e) {
    fail(e);
  }
});
document.getElementById("download-as-cancel").addEventListener("click", () => dialog.close());

// Converts to the editor's OOXML format as a job, polling it until the new file exists; then
// `onDone` (the listing refresh).
export async function convert(row, onDone) {
  const { job_id: jobId } = await api("POST", `/api/v1/files/${row.dataset.id}/convert`, {});
  for (;;) {
    const job = await api("GET", `/api/v1/jobs/${jobId}`);
    if (job.state === "done") {
      notify(`${m.converted} ${job.file.name}`, "success");
      return onDone();
    }
    if (job.state === "failed") throw new Error(job.error ? job.error.detail : job.state);
    notify(`${m.converting} ${job.percent || 0}%`);
    await new Promise((resolve) => { window.setTimeout(resolve, 500); });
  }
}
