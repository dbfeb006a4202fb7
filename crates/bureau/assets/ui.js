// Shared by every page: the messages of the page's language, API calls with the CSRF token,
// notices, local times, and the user menu's sign-out.
export const m = JSON.parse(document.getElementById("messages").textContent);
export const csrf = document.querySelector('meta[name="csrf-token"]').content;

// The `detail` of the API's error envelope, else the HTTP status text.
export async function errorDetail(response) {
  const body = await response.json().catch(() => ({}));
  return body.errors && body.errors[0] ? body.errors[0].detail : `${response.status} ${response.statusText}`;
}

// Calls the JSON API as the signed-in user; throws an Error with the server's detail.
export async function api(method, path, body) {
  const headers = { "X-CSRF-Token": csrf };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = new Error(await errorDetail(response));
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

const notice = document.getElementById("notice");
let noticeTimer = 0;

// Shows a short message at the top of the page; errors stay until the next message.
export function notify(text, kind = "info") {
  notice.textContent = text;
  notice.className = `notice ${kind}`;
  notice.hidden = false;
  window.clearTimeout(noticeTimer);
  if (kind !== "error") noticeTimer = window.setTimeout(() => { notice.hidden = true; }, 6000);
}

export function fail(error) {
  notify(`${m.failed} ${error.message}`, "error");
}

// Server-rendered times are UTC; show them in the reader's time zone and language.
export function localizeTimes(root = document) {
  const format = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" });
  for (const time of root.querySelectorAll("time[datetime]")) {
    const date = new Date(time.getAttribute("datetime"));
    if (!Number.isNaN(date.getTime())) time.textContent = format.format(date);
  }
}

// Closes open menus when clicking elsewhere or pressing Escape.
function closeMenus(except) {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    if (menu !== except) menu.open = false;
  }
}
document.addEventListener("click", (e) => closeMenus(e.target.closest("details.menu")));
document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeMenus(null); });

// The language menu stores the choice on the account (the editor follows it too).
for (const button of document.querySelectorAll("button[data-lang]")) {
  button.addEventListener("click", async () => {
    try {
      await api("PUT", "/settings/lang", { lang: button.dataset.lang });
      window.location.reload();
    } catch (e) {
      fail(e);
    }
  });
}

const signOut = document.getElementById("sign-out");
if (signOut) {
  signOut.addEventListener("click", async () => {
    try {
      await api("POST", "/api/v1/auth/logout");
    } catch (e) {
      // Signed out already, or the session expired: the sign-in page is right either way.
    }
    window.location.href = "/login";
  });
}

localizeTimes();
