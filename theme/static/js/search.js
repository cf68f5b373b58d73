// Site search with Pagefind's index, served by the site itself (no other host).
const form = document.querySelector(".search-form");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const moreButton = document.querySelector(".search-more");
const messages = JSON.parse(form.dataset.messages);
const PAGE_SIZE = 20; // results whose text is fetched at once; the rest on "more"
let pagefind = null;
let pending = []; // hits of the current query not shown yet
let generation = 0; // a newer query makes the older one's late answers void

async function load() {
  if (!pagefind) {
    pagefind = await import(form.dataset.pagefindUrl);
    await pagefind.options({ excerptLength: 30 });
  }
  return pagefind;
}

function append(results) {
  for (const result of results) {
    const item = document.createElement("li");
    item.className = "search-result";
    const title = document.createElement("a");
    title.className = "search-result__title";
    title.href = result.url;
    title.textContent = result.meta.title;
    item.append(title);
    if (result.meta.date) {
      const date = document.createElement("p");
      date.className = "search-result__date";
      date.textContent = result.meta.date;
      item.append(date);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
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
    item.append(excerpt);
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
  try {
    const index = await load();
    const found = await index.search(query);
    if (current !== generation) return;
    pending = [...found.results];
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
    status.textContent = messages.unavailable;
  }
}

moreButton.addEventListener("click", async () => {
  moreButton.disabled = true; // a second click would fetch the batch after, out of order
  let results;
  try {
    results = await nextResults(generation);
  } catch (error) {
    status.textContent = messages.unavailable;
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

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = form.q.value.trim();
  if (!query) return;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  search(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  form.q.value = initial;
  search(initial);
}
