// Site search with Pagefind's index, served by the site itself (no other host).
const form = document.querySelector(".search-form");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const moreButton = document.querySelector(".search-more");
const messages = JSON.parse(form.dataset.messages);
const PAGE_SIZE = 20; // results whose text is fetched at once; the rest on "more"
const EXCERPT_WORDS = 30; // the length of an excerpt, in words
// A hidden compound with its parts, as Pagefind read it (it may add a "."): its word
// and the parts, comma-separated.
const COMPOUND = /^(\p{Ll}+):(\p{Ll}+(?:,\p{Ll}+)*)\.?$/u;
// The words of the text as site_search/compounds.py reads them (its WORD), in lower
// case and as written.
const LETTERS = /[a-zäöüß]+/g;
const LETTERS_ANY_CASE = /[A-Za-zÄÖÜäöüßẞ]+/g;
let loading = null; // the index, once: a promise of Pagefind with every part merged
let pending = []; // hits of the current query not shown yet
let generation = 0; // a newer query makes the older one's late answers void
let shown = { query: "", status: "" }; // the query the list shows, and what was said of it
let stale = false; // a text failed to load: "more" looks the hits up again first

// A site built without its index (`invoke build`): said so, unlike a failed request.
class IndexMissing extends Error {}

// The index comes in parts (today one for the whole site: publishing/search.py says
// why); parts.json names those of each language. Pagefind is loaded from the first and
// merges the others, which share its WebAssembly. null: nothing in this language.
async function loadParts() {
  const partsUrl = new URL(form.dataset.pagefindParts, location.href);
  // Asked again each time (a 304 while unchanged): a publish may have added a part.
  const response = await fetch(partsUrl, { cache: "no-cache" });
  if (response.status === 404) throw new IndexMissing(`${partsUrl}: 404`);
  if (!response.ok) throw new Error(`${partsUrl}: ${response.status}`);
  const parts = await response.json();
  const language = document.documentElement.lang.toLowerCase();
  const names = parts[language] ?? parts[language.split("-")[0]] ?? [];
  if (names.length === 0) return null;
  const index = await import(new URL(`${names[0]}/pagefind.js`, partsUrl));
  try {
    await index.options({ excerptLength: EXCERPT_WORDS });
    await Promise.all(
      names.slice(1).map((name) =>
        index.mergeIndex(new URL(`${name}/`, partsUrl).href, { excerptLength: EXCERPT_WORDS }),
      ),
    );
  } catch (error) {
    // Pagefind keeps a part that failed to load; the next search starts from nothing.
    await index.destroy();
    throw error;
  }
  return index;
}

function load() {
  loading ??= loadParts().catch((error) => {
    loading = null; // a later search tries again
    throw error;
  });
  return loading;
}

// Pagefind keeps a text it could not fetch as failed, so after a failure the next search
// starts from a new index.
async function forget() {
  const dropped = loading;
  loading = null;
  try {
    await (await dropped)?.destroy();
  } catch {
    // it failed to load in the first place
  }
}

function marked(text) {
  const mark = document.createElement("mark");
  mark.textContent = text;
  return mark;
}

// Pagefind's excerpt is text from our own pages with <mark> around the hits; we rebuild
// it from text nodes so that no other markup gets through.
function pagefindExcerpt(result) {
  const template = document.createElement("template");
  template.innerHTML = result.excerpt;
  return [...template.content.childNodes].map((node) =>
    node.nodeName === "MARK" ? marked(node.textContent) : node.textContent,
  );
}

// The excerpt of an article whose indexed text ends in its compound words, hidden, each
// with its parts ("krisenkommunikation:krisen,kommunikation": Pagefind indexes the parts
// at its place; partials/search_terms.html, its "parts" meta counts them), as nodes;
// null for other pages. Pagefind's excerpt would quote them: this one is a window of the
// text alone, where a hit on a compound's parts marks in the text the compound's parts
// that the query found ("Krisen<mark>kommunikation</mark>"), or the whole compound.
function textExcerpt(result, query) {
  const count = Number(result.meta.parts);
  const words = result.content.split(/[\r\n\s]+/g); // as Pagefind counts a hit's location
  const end = words.length - count; // where the compounds start
  if (!(Number.isInteger(count) && count > 0 && end >= 0)) return null;
  // Not counted as Pagefind counted: the hits would be marked on other words.
  if (words.length !== result.word_count) return null;
  const compounds = words.slice(end).map((word) => COMPOUND.exec(word));
  if (!compounds.every(Boolean)) return null; // not ours: Pagefind's excerpt as it is
  const terms = plain(query).split(/\s+/).filter(Boolean);
  const hits = new Map(); // location in the text -> { score, parts }
  let letters = null; // each word's runs of letters, in lower case, once needed
  for (const { location, balanced_score: score } of result.weighted_locations) {
    if (!(location >= 0 && location < words.length)) return null;
    if (location < end) {
      addHit(hits, location, score, null);
      continue;
    }
    const [, compound, list] = compounds[location - end];
    const found = list.split(",").filter((part) => terms.some((term) => foundBy(part, term)));
    letters ??= words.slice(0, end).map((word) => word.toLowerCase().match(LETTERS) ?? []);
    letters.forEach((runs, at) => {
      if (runs.includes(compound)) addHit(hits, at, score, new Map([[compound, found]]));
    });
  }
  const start = windowStart(hits, end);
  const nodes = [];
  for (let at = start; at < Math.min(start + EXCERPT_WORDS, end); at++) {
    if (at > start) nodes.push(" ");
    const hit = hits.get(at);
    nodes.push(...(hit ? markedWord(words[at], hit.parts) : [words[at]]));
  }
  return nodes;
}

// Whether a query's word and a part share enough letters from their start for Pagefind
// to have found the part by it ("arbeit" finds "arbeits"; "buro" finds "büro").
function foundBy(part, term) {
  const plainPart = plain(part);
  let shared = 0;
  while (shared < plainPart.length && plainPart[shared] === term[shared]) shared++;
  return shared >= Math.min(4, plainPart.length, term.length);
}

function plain(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// A hit on a word of the text: `parts` null marks it whole (the word itself was found),
// else it maps each compound in the word to the parts of it to mark.
function addHit(hits, at, score, parts) {
  const known = hits.get(at);
  if (!known) {
    hits.set(at, { score, parts });
    return;
  }
  known.score += score;
  if (!known.parts || !parts) {
    known.parts = null;
    return;
  }
  for (const [compound, found] of parts) {
    known.parts.set(compound, [...new Set([...(known.parts.get(compound) ?? []), ...found])]);
  }
}

// A word of the text with its compounds' found parts marked (a compound whose parts
// the query did not name is marked whole), or all of it.
function markedWord(word, parts) {
  if (!parts) return [marked(word)];
  const spans = [];
  for (const run of word.matchAll(LETTERS_ANY_CASE)) {
    const found = parts.get(run[0].toLowerCase());
    if (!found) continue;
    const lower = run[0].toLowerCase(); // LETTERS lower case one for one: same places
    const inside = found
      .flatMap((part) => places(lower, part))
      .map(([from, length]) => [run.index + from, run.index + from + length]);
    spans.push(...(inside.length ? inside : [[run.index, run.index + lower.length]]));
  }
  if (spans.length === 0) return [marked(word)];
  spans.sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let done = 0;
  for (const [from, to] of spans) {
    if (to <= done) continue;
    nodes.push(word.slice(done, Math.max(from, done)), marked(word.slice(Math.max(from, done), to)));
    done = to;
  }
  nodes.push(word.slice(done));
  return nodes;
}

// Where a part stands in a compound, each time ("Kindergarten|kind"); a part that is
// its head's word with an "e" ("schule" of "Grundschulklasse") stands there without it.
function places(compound, part) {
  for (const written of part.endsWith("e") ? [part, part.slice(0, -1)] : [part]) {
    const found = [];
    for (let at = compound.indexOf(written); at >= 0; at = compound.indexOf(written, at + 1)) {
      found.push([at, written.length]);
    }
    if (found.length) return found;
  }
  return [];
}

// The first word of the excerpt's window (of the text's first `end` words) that holds
// the highest sum of hit scores, as Pagefind weighs them. The windows considered start
// at a hit or a third of a window before one (the text's start and end permitting):
// the best holds a hit first, and the earliest of equal ones shows what leads to it.
function windowStart(hits, end) {
  const latest = Math.max(0, end - EXCERPT_WORDS);
  const clamp = (start) => Math.min(Math.max(0, start), latest);
  const locations = [...hits.keys()].sort((a, b) => a - b);
  const starts = [
    ...new Set(
      locations.flatMap((at) => [clamp(at - Math.floor(EXCERPT_WORDS / 3)), clamp(at)]),
    ),
  ].sort((a, b) => a - b);
  let best = 0;
  let bestScore = -1;
  let sum = 0;
  let first = 0; // the hits in the window: locations[first] up to before locations[next]
  let next = 0;
  for (const start of starts) {
    while (next < locations.length && locations[next] < start + EXCERPT_WORDS) {
      sum += hits.get(locations[next++]).score;
    }
    while (first < next && locations[first] < start) sum -= hits.get(locations[first++]).score;
    if (sum > bestScore) {
      bestScore = sum;
      best = start;
    }
  }
  return best;
}

// One hit: its title, a line of what it is (kind, date, authors: Pagefind's metadata of
// the page) and the excerpt, marked as one.
function append(results, query) {
  for (const result of results) {
    const item = document.createElement("li");
    item.className = "search-result";
    const title = document.createElement("a");
    title.className = "search-result__title";
    title.href = result.url;
    title.textContent = result.meta.title;
    const meta = document.createElement("p");
    meta.className = "search-result__meta";
    for (const [name, text] of [
      ["kind", result.meta.kind || messages.page],
      ["date", result.meta.date],
      ["author", result.meta.author],
    ]) {
      if (!text) continue;
      const part = document.createElement("span");
      part.className = `search-result__${name}`;
      part.textContent = text;
      meta.append(part);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
    const label = document.createElement("span");
    label.className = "search-result__excerpt-label";
    label.textContent = messages.excerpt;
    excerpt.append(label, "… ", ...(textExcerpt(result, query) ?? pagefindExcerpt(result)), " …");
    item.append(title, meta, excerpt);
    list.append(item);
  }
}

// The text of the next PAGE_SIZE hits; null when a newer query came meanwhile. They
// leave `pending` only once their text is there: a batch that failed comes again.
async function nextResults(current) {
  const batch = pending.slice(0, PAGE_SIZE);
  const results = await Promise.all(batch.map((hit) => hit.data()));
  if (current !== generation) return null;
  pending.splice(0, batch.length);
  return results;
}

async function search(query) {
  const current = ++generation;
  pending = []; // the older query's: its "more" must not fetch into this one's list
  stale = false;
  moreButton.hidden = true; // until this query's first results are there
  list.setAttribute("aria-busy", "true");
  try {
    const index = await load();
    const found = index ? await index.search(query) : { results: [] };
    if (current !== generation) return;
    pending = [...found.results];
    const count = pending.length;
    const results = await nextResults(current);
    if (!results) return;
    // Count and first results appear together: what the status announces is there.
    list.replaceChildren();
    append(results, query);
    moreButton.hidden = pending.length === 0;
    status.textContent = count === 0 ? messages.none.replace("%(query)s", () => query)
      : count === 1 ? messages.one : messages.many.replace("%(count)s", count);
    shown = { query, status: status.textContent };
  } catch (error) {
    // An older query that failed late must not cover the newer one's results, nor drop
    // the index the newer one is using.
    if (current !== generation) return;
    if (!(error instanceof IndexMissing)) await forget();
    list.replaceChildren(); // no results of an earlier query under this query's message
    moreButton.hidden = true;
    status.textContent =
      error instanceof IndexMissing ? messages.unavailable : messages.unreachable;
  } finally {
    if (current === generation) list.removeAttribute("aria-busy");
  }
}

moreButton.addEventListener("click", async () => {
  const current = generation; // the query whose list this button continues
  moreButton.disabled = true; // a second click would fetch the batch after, out of order
  let results;
  try {
    if (stale) {
      // The same hits from a new index, without those the list shows already.
      const found = await (await load()).search(shown.query);
      if (current !== generation) return;
      pending = found.results.slice(list.children.length);
      stale = false;
    }
    results = await nextResults(current);
  } catch (error) {
    if (current !== generation) return; // a newer query is using the index
    stale = true;
    status.textContent = messages.unreachable;
    await forget();
    return;
  } finally {
    moreButton.disabled = false;
  }
  if (!results) return;
  const first = list.children.length;
  append(results, shown.query);
  status.textContent = shown.status; // after a failed click: the count again
  moreButton.hidden = pending.length === 0;
  // Keyboard and screen-reader users continue at the first new result.
  list.children[first]?.querySelector("a").focus();
});

// The other languages' search pages (the language switch) take the query along.
function carryQuery(query) {
  for (const link of document.querySelectorAll(".language-switch a[rel=alternate]")) {
    const address = new URL(link.href, location.href);
    address.search = `?q=${encodeURIComponent(query)}`;
    link.href = address.href;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = form.q.value.trim();
  if (!query) return;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  carryQuery(query);
  search(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  form.q.value = initial;
  carryQuery(initial);
  search(initial);
}
