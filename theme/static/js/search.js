// Site search with Pagefind's index, served by the site itself (no other host).
const form = document.querySelector(".search-form");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const messages = JSON.parse(form.dataset.messages);
let pagefind = null;

async function load() {
  if (!pagefind) {
    pagefind = await import(form.dataset.pagefindUrl);
    await pagefind.options({ excerptLength: 30 });
  }
  return pagefind;
}

function render(query, results) {
  list.replaceChildren();
  if (!results.length) {
    status.textContent = messages.none.replace("%(query)s", query);
    return;
  }
  status.textContent = results.length === 1
    ? messages.one : messages.many.replace("%(count)s", results.length);
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

async function search(query) {
  try {
    const index = await load();
    const found = await index.search(query);
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    render(query, results);
  } catch (error) {
    status.textContent = messages.unavailable;
  }
}

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
