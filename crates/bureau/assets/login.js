// The sign-in form: posts the credentials to the JSON API, which sets the session cookie, then
// goes to the file browser; a refusal shows a clear message in the page's language.
import { m, errorDetail } from "./ui.js";

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");

// The message for a refused sign-in: wrong credentials, too many failures (with the wait the
// server's Retry-After gives, in minutes), or the server's own detail.
async function refusal(response) {
  if (response.status === 403) return m.sign_in_failed;
  if (response.status === 429) {
    const seconds = Number(response.headers.get("Retry-After")) || 60;
    return m.sign_in_throttled.replace("{minutes}", String(Math.ceil(seconds / 60)));
  }
  return `${m.failed} ${await errorDetail(response)}`;
}

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
    error.textContent = await refusal(response);
  } catch (e) {
    error.textContent = `${m.failed} ${e.message}`;
  }
  error.hidden = false;
  button.disabled = false;
  form.password.focus();
});
