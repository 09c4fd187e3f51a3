// The article reader: a modal dialog with the article text, the highlighted quote and, when asked
// for, the summary card. <dialog> gives focus trapping and Escape-to-close for free.

import { api, say } from "./api.js";
import { findQuote } from "./quote.js";

const dialog = document.getElementById("reader");
const title = document.getElementById("reader-title");
const meta = document.getElementById("reader-meta");
const body = document.getElementById("reader-text");
const cache = new Map();
let current = null; // the article shown

document.getElementById("reader-close").addEventListener("click", () => dialog.close());
// A click on the backdrop (outside the dialog's box) closes it too.
dialog.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close();
});

export function forget(id) {
  cache.delete(id);
}

export function currentArticle() {
  return current;
}

async function load(id) {
  if (!cache.has(id)) cache.set(id, await api(`/articles/${encodeURIComponent(id)}`));
  return cache.get(id);
}

export function describe(article) {
  const parts = [];
  if (article.published_at) parts.push(article.published_at.slice(0, 10));
  if (article.source) parts.push(article.source);
  else if (article.url) {
    try {
      parts.push(new URL(article.url).hostname);
    } catch {
      parts.push(article.url);
    }
  }
  parts.push(`${article.chunk_count} chunk${article.chunk_count === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

// Show the article text with `quote` marked (if given and found); `move` scrolls to it and focuses
// it. Hover passes move: false, so a pointer passing over the card never scrolls the page away.
export function highlight(quote, move = true) {
  if (!current) return false;
  const text = current.text;
  const range = findQuote(text, quote);
  body.replaceChildren();
  if (!range) {
    body.textContent = text;
    if (quote) say("The quoted sentence was not found in the current text of this article.");
    return false;
  }
  const mark = document.createElement("mark");
  mark.id = "quote-mark";
  mark.tabIndex = -1;
  mark.textContent = text.slice(range[0], range[1]);
  body.append(text.slice(0, range[0]), mark, text.slice(range[1]));
  if (move) {
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
  return true;
}

// Open the reader on an article; `quote` is highlighted, `withSummary` keeps the card visible.
export async function openArticle(id, { quote = "", withSummary = false } = {}) {
  let article;
  try {
    article = await load(id);
  } catch (err) {
    say(`Could not open the article: ${err.message}`, true);
    return null;
  }
  current = article;
  title.textContent = article.title;
  meta.replaceChildren(describe(article));
  if (article.url) {
    const link = document.createElement("a");
    link.href = article.url;
    link.textContent = "original";
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    meta.append(" · ", link);
  }
  document.getElementById("summary-card").hidden = !withSummary;
  dialog.classList.toggle("with-summary", withSummary);
  if (!dialog.open) dialog.showModal();
  if (!highlight(quote)) {
    // Nothing to point at: start at the top (on a phone the card sits above the text).
    dialog.scrollTop = 0;
    body.scrollTop = 0;
    body.focus({ preventScroll: true });
  }
  return article;
}
