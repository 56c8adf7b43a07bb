// **search (browser)**: progressive enhancement of a static copy's list page. Without this script the page is
// the pre-rendered list with its facets. With it, the form searches the prebuilt index shards named by its
// data-search-index (src/directory/search-static.ts) with the same engine as the server, keeps the query in
// the URL, and updates the results and the facet counts in place. No framework; every text goes through
// textContent, never innerHTML.
import {
  analyseQuery, facetTable, highlight, loadEngineIndex, pageOf, rankBy, searchEngine, snippet, type EngineIndex, type FacetTable, type Segment,
} from '../directory/search-engine.js';
import type { Manifest, Shard, ShardDocument } from '../directory/search-static.js';

const PAGE_SIZE = 20;

interface Loaded {
  indexes: EngineIndex[];
  docs: Map<number, ShardDocument>;
  rank: Int32Array;
  /** Every document id, by sort key: the list without words. */
  byName: number[];
  table: FacetTable<string>;
}

function marked(parent: HTMLElement, segments: Segment[]): void {
  for (const s of segments) {
    if (s.mark) parent.appendChild(document.createElement('mark')).textContent = s.text;
    else parent.appendChild(document.createTextNode(s.text));
  }
}

function card(doc: ShardDocument, terms: ReadonlySet<string>): HTMLLIElement {
  const li = document.createElement('li');
  const link = li.appendChild(document.createElement('h3')).appendChild(document.createElement('a'));
  link.href = doc.href;
  marked(link, highlight(doc.name, terms));
  if (doc.types?.length) {
    const types = li.appendChild(document.createElement('p'));
    types.className = 'types';
    types.textContent = doc.types.join(', ');
  }
  if (doc.text) {
    const p = li.appendChild(document.createElement('p'));
    if (doc.lang) p.lang = doc.lang;
    marked(p, snippet(highlight(doc.text, terms)));
  }
  return li;
}

async function load(form: HTMLFormElement, facets: string[]): Promise<Loaded> {
  const base = new URL(form.dataset.searchIndex!, document.baseURI);
  const manifest = (await (await fetch(base)).json()) as Manifest;
  // Shard names are relative to the manifest, so that a copy served under any prefix finds them.
  const shards = await Promise.all(manifest.shards.map(async (name) => (await fetch(new URL(name, base))).json() as Promise<Shard>));
  const docs = new Map<number, ShardDocument>();
  for (const shard of shards) for (const d of shard.docs) docs.set(d.id, d);
  const rank = rankBy(new Map([...docs].map(([id, d]) => [id, d.sortKey])));
  const byName = [...docs.keys()].sort((a, b) => rank[a] - rank[b]);
  const table = facetTable(byName, facets, (id, f) => docs.get(id)!.facets[f] ?? []);
  return { indexes: shards.map((s) => loadEngineIndex(s.index)), docs, rank, byName, table };
}

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const results = document.querySelector<HTMLElement>('section.results');
  if (!input || !results) return;
  const heading = results.querySelector('h2');
  const pristine = results.innerHTML;
  const boxes = [...form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const countOf = (box: HTMLInputElement) => form.querySelector(`label[for="${box.id}"] .count`);
  const pristineCounts = boxes.map((b) => countOf(b)?.textContent ?? '');
  const facets = [...new Set(boxes.map((b) => b.name))];
  let loading: Promise<Loaded> | undefined;
  let notice: HTMLElement | undefined;

  function fromUrl(): void {
    const params = new URLSearchParams(location.search);
    input!.value = params.get('q') ?? '';
    for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  }

  async function run(): Promise<void> {
    const q = input!.value;
    const filters = Object.fromEntries(facets.map((f) => [f, boxes.filter((b) => b.name === f && b.checked).map((b) => b.value)]));
    if (!q.trim() && !boxes.some((b) => b.checked)) {
      results!.innerHTML = pristine;
      boxes.forEach((b, i) => {
        const count = countOf(b);
        if (count) count.textContent = pristineCounts[i];
      });
      return;
    }
    const { indexes, docs, rank, byName, table } = await (loading ??= load(form, facets));
    const analysed = analyseQuery(q);
    const found = analysed.words.length ? searchEngine(indexes, analysed) : undefined;
    const { matching, counts } = table.filterAndCount(found ? found.ids : byName, filters);
    const shown = pageOf(matching, found, rank, 0, PAGE_SIZE);

    for (const box of boxes) {
      const count = countOf(box);
      if (count) count.textContent = `(${counts[box.name]?.get(box.value) ?? 0})`;
    }
    if (heading) heading.textContent = (form.dataset.resultsText ?? '{count}').replace('{count}', String(matching.length));
    for (const el of results!.querySelectorAll('ol, .pager, p')) el.remove();
    if (matching.length) {
      const list = results!.appendChild(document.createElement('ol'));
      for (const id of shown) list.appendChild(card(docs.get(id)!, new Set(found?.terms(id))));
    } else {
      results!.appendChild(document.createElement('p')).textContent = form.dataset.noneText ?? '';
    }
    notice?.remove();
    notice = undefined;
    if (analysed.truncated) {
      notice = input!.parentElement!.appendChild(document.createElement('p'));
      notice.className = 'notice';
      notice.setAttribute('role', 'status');
      notice.textContent = form.dataset.tooLongText ?? '';
    }
  }

  function pushState(): void {
    const params = new URLSearchParams();
    if (input!.value) params.set('q', input!.value);
    for (const box of boxes) if (box.checked) params.append(box.name, box.value);
    const search = params.toString();
    history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      pushState();
      void run();
    }, 150);
  };
  input.addEventListener('input', later);
  for (const box of boxes) box.addEventListener('change', later);
  // A static host ignores the query string: the script answers the submit itself.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    pushState();
    void run();
  });
  fromUrl();
  if (location.search) void run();
}

const form = document.querySelector<HTMLFormElement>('form[data-search-index]');
if (form) enhance(form);
