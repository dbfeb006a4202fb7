// Sorting the file browser's listing by name, size or modification time (click a column title;
// again to reverse). Folders stay first; names compare in the page's language.
const collator = new Intl.Collator(document.documentElement.lang, { numeric: true, sensitivity: "base" });
let current = { key: "name", descending: false };

const compare = {
  name: (a, b) => collator.compare(a.dataset.name, b.dataset.name),
  size: (a, b) => Number(a.dataset.size) - Number(b.dataset.size),
  time: (a, b) => Date.parse(a.dataset.time) - Date.parse(b.dataset.time),
};

// Orders the rows of the current listing by the current key (after a refresh too).
export function applySort() {
  const body = document.querySelector("#listing tbody");
  if (!body) return;
  const { key, descending } = current;
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const folders = (b.dataset.kind === "folder") - (a.dataset.kind === "folder");
    if (folders !== 0) return folders;
    const order = compare[key](a, b) || compare.name(a, b);
    return descending ? -order : order;
  });
  body.append(...rows);
  for (const button of document.querySelectorAll("#listing button[data-sort]")) {
    const th = button.closest("th");
    if (button.dataset.sort === key) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("#listing button[data-sort]");
  if (!button) return;
  const key = button.dataset.sort;
  current = { key, descending: current.key === key ? !current.descending : false };
  applySort();
});
