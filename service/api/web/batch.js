// Batch summaries from the page: POST /batches with article ids, then poll GET /batches/{id}
// every two seconds and show a progress bar until the job is done or failed.

import { api, say } from "./api.js";

const box = document.getElementById("batch-status");
const POLL_MS = 2000;
let polling = null;

function ids(all) {
  const ticks = [...document.querySelectorAll("#article-list .tick")];
  return ticks.filter((t) => all || t.checked).map((t) => t.value);
}

function eta(seconds) {
  if (seconds == null || !isFinite(seconds)) return "";
  if (seconds < 90) return ` · about ${Math.round(seconds)} s left`;
  return ` · about ${Math.round(seconds / 60)} min left`;
}

function show(job) {
  const finished = (job.done || 0) + (job.failed || 0);
  const bar = document.createElement("progress");
  bar.max = job.total;
  bar.value = finished;
  bar.id = "batch-progress";
  bar.setAttribute("aria-label", "Batch progress");
  const text = document.createElement("p");
  text.textContent =
    `Batch ${job.id}: ${job.status} — ${finished} of ${job.total} done` +
    (job.failed ? ` (${job.failed} failed)` : "") +
    (job.status === "running" && job.rate_per_min ? ` · ${job.rate_per_min.toFixed(1)}/min` : "") +
    (job.status === "running" ? eta(job.eta_s) : "");
  box.replaceChildren(bar, text);
  if (job.status === "done" || job.status === "failed") {
    if (job.error) text.append(` — ${job.error}`);
    const get = document.createElement("button");
    get.type = "button";
    get.className = "quiet";
    get.textContent = "Download results (JSONL)";
    get.addEventListener("click", () => download(job.id));
    box.append(get);
  }
}

// The results need the API key, so they are fetched here and handed over as a file.
async function download(id) {
  try {
    const response = await api(`/batches/${id}/results`, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = `batch-${id}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    say(`Could not download the results: ${err.message}`, true);
  }
}

async function poll(id) {
  try {
    const job = await api(`/batches/${id}`);
    show(job);
    if (job.status === "done" || job.status === "failed") {
      polling = null;
      say(`Batch ${job.status}: ${job.done} summarised, ${job.failed} failed.`, job.status === "failed");
      return;
    }
  } catch (err) {
    say(`Lost track of the batch: ${err.message}`, true);
  }
  polling = setTimeout(() => poll(id), POLL_MS);
}

async function start(all) {
  const chosen = ids(all);
  if (!chosen.length) return say(all ? "There are no articles to summarise." : "Tick some articles first.", true);
  try {
    const job = await api("/batches", { method: "POST", body: { article_ids: chosen } });
    say(`Batch started for ${chosen.length} article(s).`);
    clearTimeout(polling);
    show(job);
    polling = setTimeout(() => poll(job.id), POLL_MS);
  } catch (err) {
    say(`Could not start the batch: ${err.message}`, true);
  }
}

document.getElementById("batch-start").addEventListener("click", () => start(false));
document.getElementById("batch-all").addEventListener("click", () => start(true));
