// The Share dialog: the entry's shares (users and public links, with their role and expiry)
// with Revoke; share with a user by login; create a public link (optionally with a password)
// and copy it. Either can expire at the end of a chosen day.
import { m, api, notify, fail } from "./ui.js";

const dialog = document.getElementById("share-dialog");
const list = document.getElementById("share-list");
const linkBox = document.getElementById("share-link");
let entry = null;

function roleName(role) {
  return m[`role_${role}`] || role;
}

const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" });

// When a share expires, for people.
function expiryText(expiresAt) {
  if (!expiresAt) return m.no_expiry;
  const at = new Date(expiresAt);
  return at.getTime() <= Date.now() ? m.expired : `${m.expires} ${dateFormat.format(at)}`;
}

// The end of the day chosen in a date field, in the reader's time zone, as the API's RFC 3339
// `expires_at` (undefined when no day is chosen).
function expiresAt(field) {
  return field.value ? new Date(`${field.value}T23:59:59`).toISOString() : undefined;
}

// Today in the reader's time zone, `YYYY-MM-DD`: the earliest day a share may expire.
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function showShares() {
  const { shares } = await api("GET", `/api/v1/${entry.kind}/${entry.id}/shares`);
  list.replaceChildren();
  if (!shares.length) {
    const item = document.createElement("li");
    item.className = "muted";
    item.textContent = m.not_shared;
    list.append(item);
  }
  for (const share of shares) {
    const item = document.createElement("li");
    item.dataset.share = share.id;
    const who = document.createElement("span");
    who.textContent = share.user ? `${share.user.name} (${share.user.login})` : m.public_link;
    const role = document.createElement("span");
    role.className = "muted";
    role.textContent = roleName(share.role);
    const expiry = document.createElement("span");
    expiry.className = "muted expiry";
    expiry.textContent = expiryText(share.expires_at);
    const revoke = document.createElement("button");
    revoke.type = "button";
    revoke.className = "danger";
    revoke.textContent = m.revoke;
    revoke.addEventListener("click", async () => {
      try {
        await api("DELETE", `/api/v1/shares/${share.id}`);
        await showShares();
      } catch (e) {
        fail(e);
      }
    });
    item.append(who, role, expiry, revoke);
    list.append(item);
  }
}

// Opens the dialog for a listing row.
export async function openShare(row) {
  entry = { id: row.dataset.id, kind: row.dataset.kind === "folder" ? "folders" : "files" };
  document.getElementById("share-title").textContent = `${m.share}: ${row.dataset.name}`;
  linkBox.hidden = true;
  for (const field of dialog.querySelectorAll("input[type=date]")) {
    field.value = "";
    field.min = today();
  }
  await showShares();
  dialog.showModal();
}

document.getElementById("share-user-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api("POST", `/api/v1/${entry.kind}/${entry.id}/shares`, {
      login: form.login.value.trim(),
      role: form.role.value,
      expires_at: expiresAt(form.expiry),
    });
    form.login.value = "";
    form.expiry.value = "";
    await showShares();
  } catch (e) {
    fail(e);
  }
});

document.getElementById("share-link-create").addEventListener("click", async () => {
  try {
    const password = document.getElementById("share-link-password");
    const created = await api("POST", `/api/v1/${entry.kind}/${entry.id}/shares`, {
      link: true,
      role: document.getElementById("share-link-role").value,
      expires_at: expiresAt(document.getElementById("share-link-expiry")),
      password: password.value || undefined,
    });
    password.value = "";
    document.getElementById("share-link-expiry").value = "";
    document.getElementById("share-link-url").value = new URL(created.url, window.location.origin).href;
    linkBox.hidden = false;
    await showShares();
  } catch (e) {
    fail(e);
  }
});

document.getElementById("share-link-copy").addEventListener("click", async () => {
  const field = document.getElementById("share-link-url");
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch (e) {
    document.execCommand("copy");
  }
  notify(m.copied, "success");
});

document.getElementById("share-close").addEventListener("click", () => dialog.close());
