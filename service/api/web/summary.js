// The summary card: who / what / where / how many. Every item carries the sentence it stands in
// (checked by the server), so each item is a button that highlights that sentence in the text.

import { api, ApiError, say } from "./api.js";
import { currentArticle, highlight, openArticle } from "./reader.js";

const content = document.getElementById("summary-content");
const regen = document.getElementById("summary-regen");
const copyJson = document.getElementById("summary-json");
const copyMd = document.getElementById("summary-md");
let shown = null; // the summary on the card

const path = (id) => `/articles/${encodeURIComponent(id)}/summary`;

function setBusy(busy, message) {
  for (const b of [regen, copyJson, copyMd]) b.disabled = busy || (b !== regen && !shown);
  content.setAttribute("aria-busy", String(busy));
  if (message) {
    const p = document.createElement("p");
    p.className = "busy";
    p.textContent = message;
    content.replaceChildren(p);
  }
}

function itemButton(label, detail, quote) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "item";
  button.title = quote;
  const strong = document.createElement("strong");
  strong.textContent = label;
  button.append(strong);
  if (detail) button.append(` — ${detail}`);
  // Click (or Enter/Space) and hover both show the quote; the click also moves focus there.
  button.addEventListener("click", () => highlight(quote));
  button.addEventListener("mouseenter", () => highlight(quote, false));
  li.append(button);
  return li;
}

function group(heading, items) {
  const h = document.createElement("h4");
  h.textContent = heading;
  const list = document.createElement("ul");
  list.className = "items";
  if (items.length) list.append(...items);
  else {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "none found";
    list.append(li);
  }
  return [h, list];
}

function render(summary) {
  shown = summary;
  const what = document.createElement("p");
  what.className = "what";
  const label = document.createElement("strong");
  label.textContent = "What: ";
  what.append(label, summary.what);
  const note = document.createElement("p");
  note.className = "hint";
  note.textContent =
    `${summary.dropped} unverified item(s) dropped · ${summary.model} · ${summary.prompt_version}` +
    (summary.cached ? " · stored" : "");
  content.replaceChildren(
    what,
    ...group("Who", summary.who.map((w) => itemButton(w.name, w.role, w.quote))),
    ...group("Where", summary.where.map((p) => itemButton(p.place, "", p.quote))),
    ...group("How many", summary.how_many.map((c) => itemButton(c.count, c.of_what, c.quote))),
    note,
  );
}

async function generate(id) {
  setBusy(true, "Writing the summary… this can take a minute or two.");
  try {
    render(await api(path(id), { method: "POST" }));
    say("Summary ready.");
  } catch (err) {
    content.replaceChildren(`Could not make the summary: ${err.message}`);
    say(`Summary failed: ${err.message}`, true);
  } finally {
    setBusy(false);
  }
}

// Open the article with its card: the stored summary if there is one, else a new one.
export async function openSummary(id) {
  shown = null;
  if (!(await openArticle(id, { withSummary: true }))) return;
  setBusy(true, "Loading the summary…");
  try {
    render(await api(path(id)));
    setBusy(false);
  } catch (err) {
    setBusy(false);
    if (err instanceof ApiError && err.status === 404) await generate(id);
    else content.replaceChildren(`Could not load the summary: ${err.message}`);
  }
}

async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (plain http on another host): the old way, through a selected textarea.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  say(`Copied the summary as ${what}.`);
}

regen.addEventListener("click", () => currentArticle() && generate(currentArticle().id));
copyJson.addEventListener("click", () => shown && copy(JSON.stringify(shown, null, 2), "JSON"));
copyMd.addEventListener("click", async () => {
  if (!shown) return;
  try {
    const response = await api(`${path(shown.article_id)}?format=markdown`, { raw: true });
    await copy(await response.text(), "Markdown");
  } catch (err) {
    say(`Could not copy: ${err.message}`, true);
  }
});
