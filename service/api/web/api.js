// The one place that talks HTTP: adds the API key, turns error bodies into messages, reads SSE.

const KEY_NAME = "newsdesk.apiKey";
const keyListeners = [];

// sessionStorage, not localStorage: the key goes away with the tab and is never written to disk
// for longer than the session.
export function getKey() {
  return sessionStorage.getItem(KEY_NAME) || "";
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY_NAME, key);
  else sessionStorage.removeItem(KEY_NAME);
}

// Called with no arguments whenever the service answers 401, so the page can ask for a key.
export function onKeyNeeded(fn) {
  keyListeners.push(fn);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra) {
  const h = { ...extra };
  const key = getKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function fail(response) {
  let code = "http_" + response.status;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.error) ({ code, message } = body.error);
    else if (body && body.detail) message = JSON.stringify(body.detail);
  } catch {
    // not JSON: keep the status line
  }
  if (response.status === 401) keyListeners.forEach((fn) => fn());
  return new ApiError(response.status, code, message);
}

// fetch with the key; JSON in and out. `raw: true` returns the Response (for text bodies).
export async function api(path, { method = "GET", body, type, raw = false } = {}) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.headers["Content-Type"] = type || "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await fail(response);
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

// POST a body and yield {event, data} for each Server-Sent Event as it arrives. EventSource cannot
// POST or send headers, so the stream is read by hand: blocks end with a blank line.
export async function* postStream(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await fail(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const parsed = parseBlock(block);
      if (parsed) yield parsed;
    }
  }
}

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return null;
  return { event, data: JSON.parse(data.join("\n")) };
}

// One polite status line for the whole page: what just happened, or what went wrong.
let sayTimer = null;
export function say(message, isError = false) {
  const line = document.getElementById("status");
  line.textContent = message;
  line.classList.toggle("error", isError);
  clearTimeout(sayTimer);
  // Successes fade after a while; errors stay until the next message.
  if (!isError && message) sayTimer = setTimeout(() => (line.textContent = ""), 8000);
}
