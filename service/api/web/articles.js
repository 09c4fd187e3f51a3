// Adding articles (form or file), the list with dates, sources and chunk counts, and delete.

import { api, say } from "./api.js";
import { actionButton as button } from "./dom.js";
import { describe, forget, openArticle } from "./reader.js";
import { openSummary } from "./summary.js";

const list = document.getElementById("article-list");
const count = document.getElementById("list-count");
const more = document.getElementById("list-more");
const PAGE = 50;
const FIELDS = ["id", "title", "text", "url", "published_at", "source", "metadata"];
let loaded = 0;

function row(article) {
  const li = document.createElement("li");
  li.dataset.id = article.id;
  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.className = "tick";
  tick.value = article.id;
  tick.id = `tick-${article.id}`;
  const label = document.createElement("label");
  label.htmlFor = tick.id;
  label.className = "title";
  label.textContent = article.title;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = describe(article);
  const actions = document.createElement("span");
  actions.className = "actions";
  actions.append(
    button("Read", article.title, () => openArticle(article.id)),
    button("Summary", article.title, () => openSummary(article.id)),
    button("Delete", article.title, () => remove(article), "danger"),
  );
  li.append(tick, label, meta, actions);
  return li;
}

export async function refresh(append = false) {
  const offset = append ? loaded : 0;
  const page = await api(`/articles?offset=${offset}&limit=${PAGE}`);
  if (!append) list.replaceChildren();
  list.append(...page.items.map(row));
  loaded = offset + page.items.length;
  count.textContent = `(${page.total})`;
  more.hidden = loaded >= page.total;
  if (!page.total) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "No articles yet: add one above.";
    list.append(li);
  }
}

async function remove(article) {
  if (!confirm(`Delete “${article.title}”? This cannot be undone.`)) return;
  try {
    await api(`/articles/${encodeURIComponent(article.id)}`, { method: "DELETE" });
    forget(article.id);
    say(`Deleted “${article.title}”.`);
    await refresh();
  } catch (err) {
    say(`Could not delete: ${err.message}`, true);
  }
}

// POST in slices: the service takes at most 100 articles per request.
async function add(articles) {
  let created = 0;
  let updated = 0;
  for (let i = 0; i < articles.length; i += 50) {
    const out = await api("/articles", { method: "POST", body: articles.slice(i, i + 50) });
    for (const a of out.articles) a.status === "created" ? created++ : updated++;
  }
  await refresh();
  return `${created} added, ${updated} updated`;
}

// A .txt file is one article titled by its first line (or its name); .jsonl has one per line.
async function fromFile(file) {
  const text = await file.text();
  if (file.name.toLowerCase().endsWith(".jsonl")) {
    return text
      .split("\n")
      .filter((line) => line.trim())
      .map((line, i) => {
        let record;
        try {
          record = JSON.parse(line);
        } catch {
          throw new Error(`${file.name} line ${i + 1} is not valid JSON`);
        }
        // Keep only the fields the service accepts: it rejects unknown ones.
        return Object.fromEntries(FIELDS.filter((k) => k in record).map((k) => [k, record[k]]));
      });
  }
  const firstLine = text.trim().split("\n")[0].trim();
  const title = firstLine.length > 0 && firstLine.length <= 200 ? firstLine : file.name.replace(/\.txt$/i, "");
  return [{ title, text, source: file.name }];
}

document.getElementById("add-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  const article = { title: data.get("title").trim(), text: data.get("text") };
  if (data.get("url").trim()) article.url = data.get("url").trim();
  if (data.get("published_at")) article.published_at = data.get("published_at");
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  say("Adding the article…");
  try {
    say(`Article saved: ${await add([article])}.`);
    form.reset();
  } catch (err) {
    say(`Could not add the article: ${err.message}`, true);
  } finally {
    submit.disabled = false;
  }
});

document.getElementById("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = [...document.getElementById("a-file").files];
  if (!files.length) return say("Choose a .txt or .jsonl file first.", true);
  say(`Reading ${files.length} file(s)…`);
  try {
    const articles = (await Promise.all(files.map(fromFile))).flat();
    say(`Upload done: ${await add(articles)}.`);
    event.target.reset();
  } catch (err) {
    say(`Upload failed: ${err.message}`, true);
  }
});

more.addEventListener("click", () => refresh(true));
