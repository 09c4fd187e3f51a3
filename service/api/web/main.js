// Start-up and the API key. The page loads without a key (it holds no data); the first call that
// answers 401 shows the key form, and the key is kept in sessionStorage for this tab only.

import { getKey, onKeyNeeded, say, setKey } from "./api.js";
import { refresh } from "./articles.js";
import "./batch.js";
import "./chat.js";
import { refreshFeeds } from "./sources.js";

const keyForm = document.getElementById("key-form");
const keyInput = document.getElementById("key-input");
const keyChange = document.getElementById("key-change");

function askForKey(message) {
  keyForm.hidden = false;
  keyChange.hidden = true;
  keyInput.value = "";
  keyInput.focus();
  say(message, true);
}

onKeyNeeded(() =>
  askForKey(
    getKey()
      ? "The service did not accept this API key: enter another one."
      : "This service needs an API key: enter it above.",
  ),
);

keyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  setKey(keyInput.value.trim());
  keyForm.hidden = true;
  try {
    await Promise.all([refresh(), refreshFeeds()]);
    keyChange.hidden = false;
    say("API key accepted.");
  } catch {
    // a 401 shows the form again through onKeyNeeded
  }
});

keyChange.addEventListener("click", () => {
  setKey("");
  askForKey("Enter the new API key.");
});

async function start() {
  try {
    await Promise.all([refresh(), refreshFeeds()]);
    keyChange.hidden = !getKey();
  } catch (err) {
    if (err.status !== 401) say(`Could not reach the service: ${err.message}`, true);
  }
}

start();
