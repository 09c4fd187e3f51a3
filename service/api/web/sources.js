// Articles from the web: add a page by its URL, and the feeds panel (follow a feed, its status,
// poll it now, stop following it). The list refreshes itself while the page is open, so what the
// service's background poller did shows up without a reload.

import { api, say } from "./api.js";
import { refresh } from "./articles.js";

const list = document.getElementById("feed-list");
const count = document.getElementById("feed-count");
const REFRESH_MS = 15000;

function when(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : "not yet";
}

function describeFeed(feed) {
  const parts = [feed.status === "gone" ? "gone (410): no longer polled" : `every ${feed.poll_minutes} min`];
  parts.push(`last poll ${when(feed.last_poll_at)}${feed.last_status ? ` (HTTP ${feed.last_status})` : ""}`);
  parts.push(`${feed.items_seen} item${feed.items_seen === 1 ? "" : "s"} seen`);
  if (feed.fallbacks) parts.push(`${feed.fallbacks} from the feed's own text`);
  return parts.join(" · ");
}

function actionButton(label, name, onClick, cls = "quiet") {
  const b = document.createElement("button");
  b.type = "button";
  b.className = cls;
  b.textContent = label;
  b.setAttribute("aria-label", `${label}: ${name}`);
  b.addEventListener("click", onClick);
  return b;
}

function row(feed) {
  const name = feed.title || feed.url;
  const li = document.createElement("li");
  li.dataset.id = feed.id;
  li.classList.toggle("gone", feed.status === "gone");
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = name;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = describeFeed(feed);
  const url = document.createElement("span");
  url.className = "meta";
  url.textContent = feed.url;
  li.append(title, url, meta);
  if (feed.last_error) {
    const problem = document.createElement("span");
    problem.className = "problem";
    problem.textContent = feed.last_error;
    li.append(problem);
  }
  const actions = document.createElement("span");
  actions.className = "actions";
  actions.append(
    actionButton("Poll now", name, (event) => pollNow(feed, event.target)),
    actionButton("Remove", name, () => remove(feed), "danger"),
  );
  li.append(actions);
  return li;
}

let seen = null; // items seen across feeds at the last refresh

export async function refreshFeeds() {
  const out = await api("/feeds");
  const total = out.items.reduce((sum, feed) => sum + feed.items_seen, 0);
  // The background poller brought articles: show them too.
  if (seen !== null && total !== seen) refresh().catch(() => {});
  seen = total;
  list.replaceChildren(...out.items.map(row));
  count.textContent = `(${out.items.length})`;
  if (!out.items.length) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "No feeds yet: follow one above.";
    list.append(li);
  }
}

async function pollNow(feed, button) {
  button.disabled = true;
  say(`Polling “${feed.title || feed.url}”…`);
  try {
    const out = await api(`/feeds/${encodeURIComponent(feed.id)}/poll`, { method: "POST" });
    const what =
      out.outcome === "fetched"
        ? `${out.created} new, ${out.updated} updated${out.failed ? `, ${out.failed} failed` : ""}`
        : out.outcome.replace("_", " ");
    say(`Polled “${out.feed.title || out.feed.url}”: ${what}.`, out.outcome === "failed");
    await Promise.all([refreshFeeds(), refresh()]);
  } catch (err) {
    say(`Could not poll: ${err.message}`, true);
  } finally {
    button.disabled = false;
  }
}

async function remove(feed) {
  if (!confirm(`Stop following “${feed.title || feed.url}”? Its articles stay.`)) return;
  try {
    await api(`/feeds/${encodeURIComponent(feed.id)}`, { method: "DELETE" });
    say(`No longer following “${feed.title || feed.url}”.`);
    await refreshFeeds();
  } catch (err) {
    say(`Could not remove the feed: ${err.message}`, true);
  }
}

async function submitting(form, work) {
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    await work();
    form.reset();
  } finally {
    submit.disabled = false;
  }
}

document.getElementById("url-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new FormData(event.target).get("url").trim();
  say("Fetching the page…");
  submitting(event.target, async () => {
    const out = await api("/articles", { method: "POST", body: { url } });
    const status = out.articles[0].status;
    say(status === "unchanged" ? "That page is already stored, unchanged." : `Page ${status === "created" ? "added" : "updated"}.`);
    await refresh();
  }).catch((err) => say(`Could not add the page: ${err.message}`, true));
});

document.getElementById("feed-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const body = { url: data.get("url").trim() };
  if (data.get("poll_minutes")) body.poll_minutes = Number(data.get("poll_minutes"));
  say("Checking the feed…");
  submitting(event.target, async () => {
    const feed = await api("/feeds", { method: "POST", body });
    say(`Following “${feed.title || feed.url}”: its articles arrive with the first poll.`);
    await refreshFeeds();
  }).catch((err) => say(`Could not follow the feed: ${err.message}`, true));
});

// Background polls change the list: refresh it now and then while the tab is visible.
setInterval(() => {
  const waitingForKey = !document.getElementById("key-form").hidden;
  if (document.visibilityState === "visible" && !waitingForKey) refreshFeeds().catch(() => {});
}, REFRESH_MS);
