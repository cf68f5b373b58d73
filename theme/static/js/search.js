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
    await index.options({ excerptLength: 30 });
    await Promise.all(
      names.slice(1).map((name) =>
        index.mergeIndex(new URL(`${name}/`, partsUrl).href, { excerptLength: 30 }),
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

// The hits of a query. A part of the index that lacks a word of it looks for the word's
// longest prefix that it holds ("Impressum" as "im"), as one index for the whole site does
// only when the site lacks the word. So when each word is in some part (a search for it
// in quotes, Pagefind's exact search, finds it), only the pages that hold one of the words
// count; a word no page holds keeps Pagefind's answer (a typing reader's "Hafenmol").
async function hitsOf(index, query) {
  const found = await index.search(query);
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length === 0 || /^\s*".+"\s*$/.test(query)) return found.results;
  const exact = await Promise.all(words.map((word) => index.search(`"${word}"`)));
  if (exact.some((answer) => answer.results.length === 0)) return found.results;
  const holding = new Set(exact.flatMap((answer) => answer.results.map((hit) => hit.id)));
  return found.results.filter((hit) => holding.has(hit.id));
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

// The text of the next PAGE_SIZE hits; null when a newer query came meanwhile.
async function nextResults(current) {
  const results = await Promise.all(pending.splice(0, PAGE_SIZE).map((hit) => hit.data()));
  return current === generation ? results : null;
}

async function search(query) {
  const current = ++generation;
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
    status.textContent = count === 0 ? messages.none.replace("%(query)s", query)
      : count === 1 ? messages.one : messages.many.replace("%(count)s", count);
  } catch (error) {
    // An older query that failed late must not cover the newer one's results.
    if (current !== generation) return;
    status.textContent =
      error instanceof IndexMissing ? messages.unavailable : messages.unreachable;
  } finally {
    if (current === generation) list.removeAttribute("aria-busy");
  }
}

moreButton.addEventListener("click", async () => {
  moreButton.disabled = true; // a second click would fetch the batch after, out of order
  let results;
  try {
    results = await nextResults(generation);
  } catch (error) {
    status.textContent = messages.unreachable;
    return;
  } finally {
    moreButton.disabled = false;
  }
  if (!results) return;
  const first = list.children.length;
  append(results);
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
