// The admin settings page: saves the ONLYOFFICE Docs settings (only the fields changed here, so
// the others keep following the configuration), and "Test connection" runs bureau doctor's
// checks against what the form holds, showing each step with its fix.
import { m, api, notify, fail } from "./ui.js";

const form = document.getElementById("settings-form");
const secret = document.getElementById("docs-secret");
const clear = document.getElementById("docs-secret-clear");
const report = document.getElementById("test-report");
const summary = document.getElementById("test-summary");
const steps = document.getElementById("test-steps");
const testButton = document.getElementById("settings-test");

// The fields the form changes: addresses and header that differ from what the page showed,
// and the secret when one was typed or its removal asked.
function changes() {
  const body = {};
  for (const input of form.querySelectorAll("input[data-setting]")) {
    if (input.value.trim() !== input.defaultValue) body[input.name] = input.value.trim();
  }
  if (secret.value) body.docs_secret = secret.value;
  if (clear.checked) body.clear_docs_secret = true;
  return body;
}

// Says where a setting's value comes from: saved here, else the configuration (if anywhere).
function showOrigin(origin, saved) {
  origin.textContent = saved ? m.origin_saved : origin.dataset.configured;
}

// Shows the settings as saved: the new values become the form's reference, the secret field
// empties, and each field says where its value comes from.
function showSaved(view) {
  for (const input of form.querySelectorAll("input[data-setting]")) {
    input.value = view[input.name];
    input.defaultValue = view[input.name];
    showOrigin(input.parentElement.querySelector(".origin"), view.saved.includes(input.name));
  }
  secret.value = "";
  clear.checked = false;
  document.getElementById("secret-state").textContent = view.docs_secret_set ? m.secret_set : m.secret_not_set;
  showOrigin(document.getElementById("secret-origin"), view.saved.includes("docs_secret"));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

// One list item per check: ✓ or ✗, its name and what was found, and the fix of a failure.
function showReport(result) {
  summary.textContent = result.ok ? m.test_passed : m.test_failed;
  summary.className = result.ok ? "ok" : "fail";
  steps.replaceChildren(...result.checks.map((check) => {
    const item = element("li", check.ok ? "ok" : "fail", "");
    item.dataset.name = check.name;
    item.append(element("span", "mark", check.ok ? "✓" : "✗"), element("span", "step-name", check.name),
      element("span", "detail", check.detail));
    if (check.fix) item.append(element("p", "fix", `${m.fix} ${check.fix}`));
    return item;
  }));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    showSaved(await api("PUT", "/api/v1/admin/settings", changes()));
    notify(m.settings_saved, "success");
  } catch (e) {
    fail(e);
  }
});

testButton.addEventListener("click", async () => {
  report.hidden = false;
  report.scrollIntoView({ block: "nearest" });
  summary.textContent = m.testing;
  summary.className = "";
  steps.replaceChildren();
  testButton.disabled = true;
  try {
    showReport(await api("POST", "/api/v1/admin/settings/test", changes()));
  } catch (e) {
    summary.textContent = "";
    fail(e);
  } finally {
    testButton.disabled = false;
  }
});

document.getElementById("settings-reset").addEventListener("click", async () => {
  if (!window.confirm(m.use_configuration_confirm)) return;
  try {
    showSaved(await api("DELETE", "/api/v1/admin/settings"));
    notify(m.settings_saved, "success");
  } catch (e) {
    fail(e);
  }
});
