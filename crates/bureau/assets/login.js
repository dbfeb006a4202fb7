// The sign-in form: posts the credentials to the JSON API, which sets the session cookie, then
// goes to the file browser; a refusal shows a clear message in the page's language.
import { m, errorDetail } from "./ui.js";

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const button = document.getElementById("sign-in");
  button.disabled = true;
  try {
    const response = await fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ login: form.login.value, password: form.password.value }),
    });
    if (response.ok) {
      window.location.href = "/";
      return;
    }
    error.textContent = response.status === 403 ? m.sign_in_failed : `${m.failed} ${await errorDetail(response)}`;
  } catch (e) {
    error.textContent = `${m.failed} ${e.message}`;
  }
  error.hidden = false;
  button.disabled = false;
  form.password.focus();
});
