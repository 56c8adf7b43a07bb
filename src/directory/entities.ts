// **entities** turns each entry of the graph into the plain view model its page prints: commons,
// organisations, services, projects, concepts and concept schemes, with the relations seen from both sides.
import path from 'node:path';
import type { Literal, Term } from 'n3';
import type { Lang } from '../render/views.js';
import type { SourceFile } from '../graph/sources.js';
import { iriToPath } from '../rdf/iri-paths.js';
import { PREFIXES } from '../rdf/namespaces.js';
import { P, pickText, safeHref, toText, type Labeler, type Link, type Text } from './labels.js';
import type { EntityKind, GraphReader } from './graph-reader.js';
import type { Rosace } from './rosace.js';
import type { TerritorySection } from './territories.js';

/** A labelled row of the facts list (licence, themes, dates…); `key` names a string of views/locales. */
export interface Fact {
  key: string;
  values: Link[];
}

/** A list of related entries under a heading. */
export interface RelationSection {
  key: string;
  items: Link[];
}

/** A paragraph under a heading (the project template's context, method…). */
export interface TextSection {
  key: string;
  text: Text;
}

export interface MembershipView {
  organisation: Link;
  member: Link;
  roles: Text[];
  college?: Link;
  since?: string;
}

export interface EntityView {
  iri: string;
  kind: EntityKind;
  /** Plain title for <title>. */
  title: string;
  name: Text;
  alternateNames: Text[];
  description?: Text;
  facts: Fact[];
  texts: TextSection[];
  sections: RelationSection[];
  memberships: MembershipView[];
  members: MembershipView[];
  source?: { file: string; editUrl?: string };
  /** When the entry's file was added and last changed, from the data folder's git history (none without one). */
  dates: { created?: DateView; modified?: DateView };
  /** schema.org JSON-LD, already safe to put inside <script type="application/ld+json">. */
  jsonLd?: string;
  /** An organisation's own skills as a small rosace (src/directory/rosace.ts). */
  rosace?: Rosace;
  /** A territory's entries, here and below (src/directory/territories.ts). */
  territory?: TerritorySection;
}

/** A date as machines (ISO 8601) and people (in the page's language) read it. */
export interface DateView {
  iso: string;
  text: string;
}

const dateFormats = { fr: new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }), en: new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }) };

export function dateView(iso: string | undefined, lang: Lang): DateView | undefined {
  const date = iso ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime()) ? { iso: date.toISOString(), text: dateFormats[lang].format(date) } : undefined;
}

export interface EntityOptions {
  /** Prefix to which a file's repository path is appended to edit it, e.g. https://github.com/ORG/REPO/edit/main/ */
  editBaseUrl?: string;
  /** The page strings of a language: values of closed vocabularies (codemeta statuses) print as `status.<value>`. */
  strings?: (lang: Lang) => Readonly<Record<string, string>>;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
const byLabel = (a: Link, b: Link) => collator.compare(a.label.text, b.label.text);

/** The path of a data file as the repository sees it: the data folder's name, then its path inside it. */
export function repositoryPath(file: SourceFile): string {
  const dataDir = file.absolute.slice(0, file.absolute.length - file.relative.length);
  return `${path.basename(dataDir)}/${file.relative}`;
}

export interface EntityBuilder {
  link(iri: string, lang: Lang): Link;
  links(iris: readonly string[], lang: Lang): Link[];
  build(iri: string, lang: Lang): EntityView | undefined;
}

export function createEntityBuilder(reader: GraphReader, labels: Labeler, files: (iri: string) => SourceFile | undefined, related: (iri: string) => string[], options: EntityOptions): EntityBuilder {
  const { baseIri } = reader;
  const link = (iri: string, lang: Lang): Link => {
    const local = iriToPath(iri, baseIri);
    return { label: labels.label(iri, lang), href: local ?? safeHref(iri), local: local !== undefined };
  };
  const links = (iris: readonly string[], lang: Lang) => iris.map((iri) => link(iri, lang)).sort(byLabel);
  const external = (iris: readonly string[]): Link[] => iris.map((iri) => ({ label: { text: iri }, href: safeHref(iri) }));
  const licence = (iri: string): Link => {
    const id = iri.startsWith(PREFIXES.spdx) ? iri.slice(PREFIXES.spdx.length) : iri;
    return { label: { text: id }, href: iri.startsWith(PREFIXES.spdx) ? `https://spdx.org/licenses/${encodeURIComponent(id)}.html` : safeHref(iri) };
  };
  const plain = (terms: Term[], lang: Lang): Link[] => terms.map((t) => ({ label: toText(t as Literal, lang) }));
  const text = (iri: string, p: string, lang: Lang) => pickText(reader.literals(iri, p), lang);
  const date = (iri: string, p: string) => reader.literals(iri, p).map((t): Link => ({ label: { text: t.value } }));

  function fact(key: string, values: Link[]): Fact[] {
    return values.length ? [{ key, values }] : [];
  }
  function section(key: string, iris: string[], lang: Lang): RelationSection[] {
    return iris.length ? [{ key, items: links(iris, lang) }] : [];
  }
  function textSection(key: string, iri: string, p: string, lang: Lang): TextSection[] {
    const value = text(iri, p, lang);
    return value ? [{ key, text: value }] : [];
  }
  /** Entries that point to `iri` through `predicate`, as their documents (a #membership counts as its member). */
  const inverse = (predicate: string, iri: string) => [...new Set(reader.subjects(predicate, iri).map((s) => s.split('#')[0]))];

  function base(iri: string, kind: EntityKind, lang: Lang, description?: Text): EntityView {
    const name = labels.label(iri, lang);
    const file = files(iri);
    const repoPath = file && repositoryPath(file);
    return {
      iri,
      kind,
      title: name.text,
      name,
      alternateNames: reader.literals(iri, P.alternateName).map((t) => toText(t as Literal, lang)),
      description: description ?? text(iri, P.description, lang),
      facts: [],
      texts: [],
      sections: [],
      memberships: [],
      members: [],
      source: repoPath ? { file: repoPath, editUrl: options.editBaseUrl ? `${options.editBaseUrl}${repoPath}` : undefined } : undefined,
      dates: { created: dateView(reader.literals(iri, P.created)[0]?.value, lang), modified: dateView(reader.literals(iri, P.modified)[0]?.value, lang) },
    };
  }

  function membership(node: string, lang: Lang): MembershipView | undefined {
    const [organisation] = reader.iris(node, P.organization);
    const [member] = reader.iris(node, P.member);
    if (!organisation || !member) return undefined;
    const [college] = reader.iris(node, P.college);
    const since = reader.nodes(node, P.memberDuring).flatMap((d) => reader.nodes(d, P.hasBeginning)).flatMap((b) => reader.literals(b, P.inXSDDate));
    return {
      organisation: link(organisation, lang),
      member: link(member, lang),
      roles: links(reader.iris(node, P.role), lang).map((l) => l.label),
      college: college ? link(college, lang) : undefined,
      since: since[0]?.value,
    };
  }
  const memberships = (nodes: string[], lang: Lang) => nodes.map((n) => membership(n, lang)).filter((m): m is MembershipView => !!m);

  type Read = 'links' | 'external' | 'licence' | 'date' | 'plain' | 'status';
  /** A codemeta status ("active", "wip"…, repostatus.org terms) in the page's language; an unknown one as written. */
  const status = (iri: string, p: string, lang: Lang): Link[] =>
    reader.literals(iri, p).map((t) => ({ label: { text: options.strings?.(lang)[`status.${t.value}`] ?? t.value } }));
  /** A fact row: its locale key, how its values read, and the predicate they come from. */
  type FactSpec = [key: string, read: Read, predicate: string];
  /** A relation section: its locale key, the direction of the predicate, and the predicate. */
  type SectionSpec = [key: string, direction: 'out' | 'in', predicate: string];

  function values(iri: string, read: Read, p: string, lang: Lang): Link[] {
    if (read === 'links') return links(reader.iris(iri, p), lang);
    if (read === 'external') return external(reader.iris(iri, p));
    if (read === 'licence') return reader.iris(iri, p).map(licence);
    if (read === 'date') return date(iri, p);
    if (read === 'status') return status(iri, p, lang);
    return plain(reader.literals(iri, p), lang);
  }
  const facts = (iri: string, lang: Lang, specs: FactSpec[]) => specs.flatMap(([key, read, p]) => fact(key, values(iri, read, p, lang)));
  const sections = (iri: string, lang: Lang, specs: SectionSpec[]) =>
    specs.flatMap(([key, direction, p]) => section(key, direction === 'out' ? reader.iris(iri, p) : inverse(p, iri), lang));

  const THEMES_AND_PLACES: FactSpec[] = [['field.themes', 'links', P.subject], ['field.territories', 'links', P.areaServed]];
  const ON_THE_WEB: FactSpec[] = [['field.website', 'external', P.url], ['field.sameAs', 'external', P.sameAs]];
  const DATES: FactSpec[] = [['field.start', 'date', P.startDate], ['field.end', 'date', P.endDate]];
  // Where the facts were read and, for an imported entry, when: shown on every page that has them.
  const PROVENANCE: FactSpec[] = [['field.source', 'external', P.source], ['field.importedAt', 'date', P.generatedAtTime]];

  function commons(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'commons', lang);
    const natures = reader.iris(iri, P.type).filter((t) => t !== `${PREFIXES.uc}DigitalCommons`);
    view.facts = [
      ...fact('field.nature', natures.map((t) => ({ label: labels.label(t, lang) }))),
      ...facts(iri, lang, [
        ['field.licence', 'licence', P.license],
        ...THEMES_AND_PLACES,
        ['field.website', 'external', P.url],
        ['field.repository', 'external', P.codeRepository],
        ['field.sameAs', 'external', P.sameAs],
        ['field.programmingLanguage', 'plain', P.programmingLanguage],
        ['field.status', 'status', P.developmentStatus],
        ['field.created', 'date', P.dateCreated],
        ['field.softwareType', 'plain', P.softwareType],
        ['field.platforms', 'plain', P.operatingSystem],
        ['field.released', 'date', P.datePublished],
        ...PROVENANCE,
      ]),
    ];
    view.sections = [
      ...sections(iri, lang, [
        ['rel.maintainers', 'out', P.maintainer],
        ['rel.contributors', 'out', P.contributor],
        ['rel.funders', 'out', P.funder],
        ['rel.copyrightHolders', 'out', P.copyrightHolder],
        ['rel.usedBy', 'out', P.usedBy],
      ]),
      ...section('rel.buildsOn', [...reader.iris(iri, P.buildsOn), ...reader.iris(iri, P.isBasedOn)], lang),
      ...sections(iri, lang, [['rel.builtOnBy', 'in', P.buildsOn], ['rel.producedBy', 'in', P.produced]]),
      ...section('rel.related', related(iri), lang),
    ];
    return view;
  }

  function actor(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'actor', lang);
    view.facts = facts(iri, lang, [
      ['field.actorType', 'links', P.classification],
      ['field.territories', 'links', P.areaServed],
      ['field.skills', 'links', P.knowsAbout],
      ['field.founded', 'date', P.foundingDate],
      ...ON_THE_WEB,
      ['field.partOf', 'links', P.subOrganizationOf],
      ...PROVENANCE,
    ]);
    // uc:partnerOf is symmetric and written in one of the two files: read it both ways.
    const partners = [...new Set([...reader.iris(iri, P.partnerOf), ...reader.subjects(P.partnerOf, iri)])].filter((p) => p !== iri);
    view.sections = [
      ...sections(iri, lang, [
        ['rel.carries', 'in', P.maintainer],
        ['rel.contributesTo', 'in', P.contributor],
        ['rel.funds', 'in', P.funder],
        ['rel.uses', 'in', P.usedBy],
        ['rel.operates', 'in', P.provider],
        ['rel.commissioned', 'in', P.commissionedBy],
      ]),
      ...section('rel.partners', partners, lang),
      ...sections(iri, lang, [['rel.subOrganizations', 'in', P.subOrganizationOf]]),
    ];
    view.memberships = memberships(reader.subjects(P.member, iri), lang);
    view.members = memberships(reader.subjects(P.organization, iri), lang);
    return view;
  }

  function service(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'service', lang);
    view.facts = facts(iri, lang, [...THEMES_AND_PLACES, ...ON_THE_WEB, ...DATES, ...PROVENANCE]);
    view.sections = sections(iri, lang, [
      ['rel.providers', 'out', P.provider],
      ['rel.buildsOn', 'out', P.buildsOn],
      ['rel.contributors', 'out', P.contributor],
      ['rel.funders', 'out', P.funder],
    ]);
    return view;
  }

  function project(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'project', lang);
    view.facts = facts(iri, lang, [
      ['field.commissionedBy', 'links', P.commissionedBy],
      ['field.partners', 'links', P.contributor],
      ['field.funders', 'links', P.funder],
      ...DATES,
      ...THEMES_AND_PLACES,
      ['field.website', 'external', P.url],
      ...PROVENANCE,
    ]);
    view.texts = [
      ...textSection('text.context', iri, P.context, lang),
      ...textSection('text.method', iri, P.method, lang),
      ...textSection('text.cooperativeRole', iri, P.cooperativeRole, lang),
      ...textSection('text.currentState', iri, P.currentState, lang),
    ];
    view.sections = sections(iri, lang, [['rel.buildsOn', 'out', P.buildsOn], ['rel.produced', 'out', P.produced]]);
    return view;
  }

  const USER_SECTIONS: Array<[EntityKind, string]> = [['commons', 'rel.usedInCommons'], ['actor', 'rel.usedInActors'], ['service', 'rel.usedInServices'], ['project', 'rel.usedInProjects']];

  function concept(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'concept', lang, text(iri, P.definition, lang));
    view.facts = [...fact('field.scheme', links(reader.iris(iri, P.inScheme), lang)), ...fact('field.broader', links(reader.iris(iri, P.broader), lang))];
    const users = [...new Set(reader.store.getSubjects(null, iri, null).filter((s) => s.termType === 'NamedNode').map((s) => s.value.split('#')[0]))];
    view.sections = [
      ...USER_SECTIONS.flatMap(([kind, key]) => section(key, users.filter((u) => reader.kindOf(u) === kind), lang)),
      ...section('rel.narrower', reader.subjects(P.broader, iri), lang),
    ];
    return view;
  }

  function scheme(iri: string, lang: Lang): EntityView {
    const view = base(iri, 'scheme', lang);
    view.sections = section('rel.concepts', reader.subjects(P.inScheme, iri), lang);
    return view;
  }

  const BUILDERS: Record<EntityKind, (iri: string, lang: Lang) => EntityView> = { commons, actor, service, project, concept, scheme };
  return {
    link,
    links,
    build(iri, lang) {
      const kind = reader.kindOf(iri);
      return kind && BUILDERS[kind](iri, lang);
    },
  };
}

/**
 * Entries sharing themes or actors with a commons, best first: a shared actor weighs more than a shared theme.
 * Candidates come from an inverted index (key → commons) read at most `cap` entries per key, starting just
 * after the commons itself so that neighbours differ from one commons to the next; each candidate is then
 * scored exactly. Work per commons is bounded by its keys × cap, so the whole is linear in the directory's size
 * (a theme shared by 30,000 commons would otherwise make every commons score every other one). Below the cap,
 * which is every key of a directory of a few hundred entries, the result is the exact top `limit`.
 */
export function relatedCommons(reader: GraphReader, limit = 5, cap = 64): (iri: string) => string[] {
  const keysOf = new Map<string, Map<string, number>>();
  const buckets = new Map<string, string[]>();
  for (const iri of reader.all('commons')) {
    const keys = new Map<string, number>();
    for (const t of reader.iris(iri, P.subject)) keys.set(`t ${t}`, 1);
    for (const p of [P.maintainer, P.contributor, P.funder]) for (const a of reader.iris(iri, p)) keys.set(`a ${a}`, 3);
    keysOf.set(iri, keys);
    for (const key of keys.keys()) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(iri);
      else buckets.set(key, [iri]);
    }
  }
  // reader.all() is sorted, so each bucket is too: a commons finds itself by binary search.
  const position = (bucket: string[], iri: string) => {
    let lo = 0;
    let hi = bucket.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bucket[mid] < iri) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (iri) => {
    const keys = keysOf.get(iri);
    if (!keys) return [];
    const candidates = new Set<string>();
    for (const key of keys.keys()) {
      const bucket = buckets.get(key)!;
      if (bucket.length <= cap + 1) for (const other of bucket) candidates.add(other);
      else for (let i = 1, at = position(bucket, iri); i <= cap; i++) candidates.add(bucket[(at + i) % bucket.length]);
    }
    candidates.delete(iri);
    const scored: Array<[string, number]> = [];
    for (const other of candidates) {
      let score = 0;
      for (const [key, weight] of keysOf.get(other)!) if (keys.has(key)) score += weight;
      scored.push([other, score]);
    }
    // Ties go to the smaller IRI by code point: locale collation would cost more than the scoring itself.
    return scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([other]) => other);
  };
}
