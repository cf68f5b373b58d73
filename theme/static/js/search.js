// Site search with Pagefind's index, served by the site itself (no other host).
const form = document.querySelector(".search-form");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const moreButton = document.querySelector(".search-more");
const messages = JSON.parse(form.dataset.messages);
const PAGE_SIZE = 20; // results whose text is fetched at once; the rest on "more"
let loading = null; // the index, once: a promise of Pagefind with every part merged
let pending = []; // hits of the current query not shown yet
let generation = 0; // a newer query makes the older one's late answers void
let shown = { query: "", status: "" }; // the query the list shows, and what was said of it
let stale = false; // a text failed to load: "more" looks the hits up again first

// A site built without its index (`invoke build`): said so, unlike a failed request.
class IndexMissing extends Error {}

// The index comes in parts (a year each, the pages without a year in one); parts.json
// names those of each language, the newest first. Pagefind is loaded from the first and
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
    // Each part's pages carry its name as a filter ("part"), so a search can ask one part.
    await index.options({ excerptLength: 30, mergeFilter: { part: names[0] } });
    await Promise.all(
      names.slice(1).map((name) =>
        index.mergeIndex(new URL(`${name}/`, partsUrl).href, {
          excerptLength: 30,
          mergeFilter: { part: name },
        }),
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

// The hits of a query, as one index for the whole site would answer it. A part of the
// index that lacks a word looks for the longest start of it that it holds instead (so
// that a half-typed word finds something): "Impressum" found a dozen articles by their
// "im". One index does that only when the whole site lacks the word, so each word is
// looked up on its own: the parts that hold it as a word (Pagefind's exact search, the
// word in quotes), and those where it begins longer words ("Presse" in "Pressearbeit");
// the other parts' hits for it are dropped. Several words: the pages that hold all of
// them, else those that hold one, best first (Pagefind loosens the same way).
const MAX_WORDS = 8; // a longer query (pasted text) gets Pagefind's own answer

async function hitsOf(index, query) {
  const whole = async () => (await index.search(query)).results;
  const words = [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
  if (/^\s*".+"\s*$/.test(query) || words.length === 0 || words.length > MAX_WORDS) {
    return whole(); // a phrase in quotes is an exact search already
  }
  const perWord = await Promise.all(words.map((word) => wordHits(index, word)));
  if (perWord.length === 1) return perWord[0];
  const sets = perWord.map((hits) => new Set(hits.map((hit) => hit.id)));
  const inAll = [...sets[0]].filter((id) => sets.every((ids) => ids.has(id)));
  if (inAll.length > 0) {
    const kept = new Set(inAll);
    return (await whole()).filter((hit) => kept.has(hit.id));
  }
  const best = new Map();
  for (const hit of perWord.flat()) {
    if ((best.get(hit.id)?.score ?? -Infinity) < hit.score) best.set(hit.id, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

// One word's hits in the parts where one index would find them.
async function wordHits(index, word) {
  const [loose, exact] = await Promise.all([index.search(word), index.search(`"${word}"`)]);
  const holding = partsWithHits(exact);
  if (holding.length === 0) return loose.results; // no page holds it: Pagefind's answer
  const doubtful = partsWithHits(loose).filter((part) => !holding.includes(part));
  if (doubtful.length === 0) return loose.results;
  const start = wordStart(word, await exact.results[0].data());
  const extending = await Promise.all(
    doubtful.map(async (part) => {
      const [top] = (await index.search(word, { filters: { part } })).results;
      const marked = top ? markedWords(await top.data()) : [];
      return marked.some((shown) => shown.startsWith(start)) ? part : null;
    }),
  );
  const parts = [...holding, ...extending.filter(Boolean)];
  return (await index.search(word, { filters: { part: { any: parts } } })).results;
}

function partsWithHits(answer) {
  return Object.entries(answer.filters?.part ?? {})
    .filter(([, count]) => count > 0)
    .map(([part]) => part);
}

// What Pagefind looks for of a word: the start it shares with the word as a page that
// holds it writes it ("kommunikation" of "Kommunikationen" and "Kommunikation").
function wordStart(word, shown) {
  const wanted = folded(word);
  const starts = markedWords(shown).map((form) => {
    let length = 0;
    while (length < wanted.length && form[length] === wanted[length]) length += 1;
    return wanted.slice(0, length);
  });
  return starts.sort((a, b) => b.length - a.length)[0] || wanted;
}

function markedWords(shown) {
  return [...shown.excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map((found) => folded(found[1]));
}

// Lower case without accents and punctuation, as Pagefind compares words.
function folded(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

// One hit: its title, a line of what it is (kind, date, authors: Pagefind's metadata of
// the page) and the excerpt, marked as one.
function append(results) {
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
    excerpt.append(label, "… ");
    // Pagefind's excerpt is text from our own pages with <mark> around the hits;
    // we rebuild it from text nodes so that no other markup gets through.
    const template = document.createElement("template");
    template.innerHTML = result.excerpt;
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        excerpt.append(mark);
      } else {
        excerpt.append(document.createTextNode(node.textContent));
      }
    }
    excerpt.append(" …");
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
  list.setAttribute("aria-busy", "true");
  try {
    const index = await load();
    const hits = index ? await hitsOf(index, query) : [];
    if (current !== generation) return;
    pending = [...hits];
    const count = pending.length;
    const results = await nextResults(current);
    if (!results) return;
    // Count and first results appear together: what the status announces is there.
    list.replaceChildren();
    append(results);
    moreButton.hidden = pending.length === 0;
    status.textContent = count === 0 ? messages.none.replace("%(query)s", () => query)
      : count === 1 ? messages.one : messages.many.replace("%(count)s", count);
    shown = { query, status: status.textContent };
  } catch (error) {
    if (!(error instanceof IndexMissing)) await forget();
    // An older query that failed late must not cover the newer one's results.
    if (current !== generation) return;
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
      const hits = await hitsOf(await load(), shown.query);
      if (current !== generation) return;
      pending = hits.slice(list.children.length);
      stale = false;
    }
    results = await nextResults(current);
  } catch (error) {
    if (current === generation) {
      stale = true;
      status.textContent = messages.unreachable;
    }
    await forget();
    return;
  } finally {
    moreButton.disabled = false;
  }
  if (!results) return;
  const first = list.children.length;
  append(results);
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
