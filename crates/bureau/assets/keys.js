// Keyboard navigation in a listing: ↓/↑ (or j/k) move between entries, Home/End jump to the
// first/last, Enter opens (links do it natively), F2 renames, Delete moves to the trash.
const entries = () => Array.from(document.querySelectorAll("#listing tbody tr .open"));
const moves = {
  ArrowDown: (i, n) => (i < 0 ? 0 : Math.min(i + 1, n - 1)),
  j: (i, n) => (i < 0 ? 0 : Math.min(i + 1, n - 1)),
  ArrowUp: (i) => Math.max(i - 1, 0),
  k: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (i, n) => n - 1,
};
const actions = { F2: "rename", Delete: "delete" };

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest("input, textarea, select, dialog, details.menu[open]")) return;
  const list = entries();
  const index = list.indexOf(document.activeElement);
  if (event.key in moves && list.length) {
    event.preventDefault();
    list[moves[event.key](index, list.length)].focus();
  } else if (event.key in actions && index >= 0) {
    const button = list[index].closest("tr").querySelector(`[data-action="${actions[event.key]}"]`);
    if (!button) return;
    event.preventDefault();
    button.click();
  }
});
