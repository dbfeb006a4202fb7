// The admin users page: add an account, disable or enable one, set a new password.
import { m, api, notify, fail } from "./ui.js";

document.getElementById("add-user").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = {
    login: form.elements.login.value.trim(),
    display_name: form.elements.display_name.value.trim() || null,
    password: form.elements.password.value,
    is_admin: form.elements.is_admin.checked,
  };
  try {
    const user = await api("POST", "/api/v1/admin/users", body);
    sessionStorage.setItem("bureau-notice", `${m.user_added} ${user.login}`);
    window.location.reload();
  } catch (e) {
    fail(e);
  }
});

document.getElementById("users").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  const row = button && button.closest("tr[data-id]");
  if (!row) return;
  const path = `/api/v1/admin/users/${row.dataset.id}`;
  try {
    if (button.dataset.action === "password") {
      const password = window.prompt(`${m.new_password_for} ${row.dataset.login}`);
      if (!password) return;
      await api("PATCH", path, { password });
      notify(m.password_changed, "success");
    } else {
      await api("PATCH", path, { disabled: button.dataset.action === "disable" });
      window.location.reload();
    }
  } catch (e) {
    fail(e);
  }
});

const pending = sessionStorage.getItem("bureau-notice");
if (pending) {
  sessionStorage.removeItem("bureau-notice");
  notify(pending, "success");
}
