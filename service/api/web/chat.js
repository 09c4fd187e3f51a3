// Chat with the collection: POST /chat with stream: true, tokens appended as they arrive, then the
// server's checked answer replaces them (it is authoritative: it may turn into an abstention).
// [n] markers become links that open the cited passage with its quote highlighted.

import { postStream, say } from "./api.js";
import { openArticle } from "./reader.js";

const log = document.getElementById("chat-log");
const form = document.getElementById("chat-form");
const input = document.getElementById("chat-input");
const send = document.getElementById("chat-send");
let history = []; // {role, content} sent with each question so follow-ups are understood

function bubble(role, text) {
  const div = document.createElement("div");
  div.className = `msg ${role}`;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "user" ? "You" : "Newsdesk";
  const body = document.createElement("div");
  body.className = "body";
  body.textContent = text;
  div.append(who, body);
  log.append(div);
  div.scrollIntoView({ block: "end" });
  return { div, body };
}

function citationLink(citation) {
  const a = document.createElement("a");
  a.href = "#";
  a.className = "cite";
  a.textContent = `[${citation.n}]`;
  a.setAttribute("aria-label", `source ${citation.n}: ${citation.title}`);
  a.addEventListener("click", (event) => {
    event.preventDefault();
    openArticle(citation.article_id, { quote: citation.quote });
  });
  return a;
}

// The answer text with each [n] (that has a citation) turned into a link.
function renderAnswer(body, final) {
  const byN = new Map(final.citations.map((c) => [c.n, c]));
  body.replaceChildren();
  let last = 0;
  for (const m of final.answer.matchAll(/\[(\d+)\]/g)) {
    const citation = byN.get(Number(m[1]));
    if (!citation) continue;
    body.append(final.answer.slice(last, m.index), citationLink(citation));
    last = m.index + m[0].length;
  }
  body.append(final.answer.slice(last));
  if (!final.citations.length) return;
  const sources = document.createElement("ol");
  sources.className = "sources";
  sources.setAttribute("aria-label", "Sources");
  for (const c of final.citations) {
    const li = document.createElement("li");
    const q = document.createElement("q");
    q.textContent = c.quote;
    li.append(citationLink(c), ` ${c.title}: `, q);
    sources.append(li);
  }
  body.append(sources);
}

function renderAbstention(div, body, final) {
  div.classList.add("abstained");
  const badge = document.createElement("strong");
  badge.className = "badge";
  badge.textContent = "Not in the articles";
  const p = document.createElement("p");
  p.textContent = `${final.answer} Nothing in the collection answers this question, so no answer is given.`;
  body.replaceChildren(badge, p);
}

async function ask(question) {
  history.push({ role: "user", content: question });
  bubble("user", question);
  const { div, body } = bubble("assistant", "");
  div.setAttribute("aria-busy", "true"); // screen readers read the answer once, when it is whole
  body.classList.add("streaming");
  send.disabled = true;
  let final = null;
  try {
    for await (const { event, data } of postStream("/chat", { messages: history, stream: true })) {
      if (event === "token") body.textContent += data.text;
      else if (event === "final") final = data;
      else if (event === "error") throw new Error(data.message);
    }
    if (!final) throw new Error("the answer stopped before it was complete");
    if (final.abstained) renderAbstention(div, body, final);
    else renderAnswer(body, final);
    history.push({ role: "assistant", content: final.answer });
  } catch (err) {
    history.pop(); // the question was not answered: do not send it as history next time
    div.classList.add("failed");
    body.textContent = `No answer: ${err.message}`;
    say(`The question failed: ${err.message}`, true);
  } finally {
    body.classList.remove("streaming");
    div.setAttribute("aria-busy", "false");
    send.disabled = false;
    div.scrollIntoView({ block: "end" });
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question || send.disabled) return;
  input.value = "";
  ask(question);
});
// Enter sends, Shift+Enter makes a new line: the usual chat keys.
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
document.getElementById("chat-reset").addEventListener("click", () => {
  history = [];
  log.replaceChildren();
  input.focus();
});
