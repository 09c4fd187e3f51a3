// Find a quoted sentence in the article text. Quotes are checked on the server in a loose form
// (index/clean.py `fold`: straight quotes and dashes, one space, lower case), so an exact search
// can miss; this folds both sides the same way while remembering where each folded character came
// from, so the match maps back to a range of the original text.

const QUOTES = { "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'" };
const DASHES = { "\u2013": "-", "\u2014": "-", "\u2212": "-" };

function folded(text) {
  const chars = [];
  const origin = [];
  let lastSpace = true; // drops leading space and collapses runs, like `\s+` -> " "
  for (let i = 0; i < text.length; i++) {
    let ch = text[i].normalize("NFKC");
    ch = QUOTES[ch] || DASHES[ch] || ch;
    if (/\s/.test(ch)) {
      if (lastSpace) continue;
      ch = " ";
      lastSpace = true;
    } else {
      lastSpace = false;
    }
    for (const c of ch.toLowerCase()) {
      chars.push(c);
      origin.push(i);
    }
  }
  return { text: chars.join(""), origin };
}

// [start, end) in `text`, or null when the quote is not there at all.
export function findQuote(text, quote) {
  if (!quote) return null;
  const exact = text.indexOf(quote);
  if (exact >= 0) return [exact, exact + quote.length];
  const hay = folded(text);
  const needle = folded(quote).text.trim();
  let at = hay.text.indexOf(needle);
  let length = needle.length;
  if (at < 0) {
    // Last resort: the first words (a quote may be trimmed differently at its end).
    const head = needle.split(" ").slice(0, 8).join(" ");
    at = head.length >= 20 ? hay.text.indexOf(head) : -1;
    length = head.length;
  }
  if (at < 0) return null;
  return [hay.origin[at], hay.origin[at + length - 1] + 1];
}
