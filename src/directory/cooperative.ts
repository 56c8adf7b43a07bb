// **cooperative** reads the SCIC's own page from the data: its statutory colleges (ontology/schemes/colleges.ttl),
// the members sitting in each (org:Membership with uc:college), and the typology goal (the skos:Collection
// families of organisation types with their uc:minimumCount, stated by the cooperative in its own
// file, e.g. data/actors/usages-communs.ttl). Nothing here is written into a template.
import type { Lang } from '../render/views.js';
import { PREFIXES } from '../rdf/namespaces.js';
import { P, pickText, type Link, type Text } from './labels.js';
import type { GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';

export interface GoalFamily {
  iri: string;
  label: Text;
  definition?: Text;
  types: Link[];
  count: number;
  goal: number;
  met: boolean;
}

export interface CollegeView {
  link: Link;
  members: Array<{ link: Link; since?: string; roles: Text[] }>;
}

export interface CooperativeView {
  organisation: Link;
  description?: Text;
  colleges: CollegeView[];
  memberCount: number;
}

export interface CooperativePage {
  cooperatives: CooperativeView[];
  goal: GoalFamily[];
  collegesScheme: Link;
}

const MINIMUM = `${PREFIXES.uc}minimumCount`;
const MEMBER = `${PREFIXES.skos}member`;
const CREATOR = `${PREFIXES.dcterms}creator`;
const TOP_CONCEPT = `${PREFIXES.skos}hasTopConcept`;

/** The goal families, in the order of their IRIs, with how many organisations of their types the directory holds. */
export function typologyGoal(reader: GraphReader, entities: EntityBuilder, lang: Lang): GoalFamily[] {
  const byType = new Map<string, number>();
  for (const o of reader.all('actor')) for (const t of new Set(reader.iris(o, P.classification))) byType.set(t, (byType.get(t) ?? 0) + 1);
  const families = [...new Set(reader.store.getSubjects(MINIMUM, null, null).filter((s) => s.termType === 'NamedNode').map((s) => s.value))].sort();
  return families.map((family): GoalFamily => {
      const types = reader.iris(family, MEMBER);
      const goal = Number(reader.literals(family, MINIMUM)[0]?.value ?? 0);
      const count = types.reduce((sum, t) => sum + (byType.get(t) ?? 0), 0);
      return {
        iri: family,
        label: entities.link(family, lang).label,
        definition: pickText(reader.literals(family, P.definition), lang),
        types: entities.links(types, lang),
        count,
        goal,
        met: count >= goal,
      };
    });
}

export function buildCooperative(reader: GraphReader, entities: EntityBuilder, lang: Lang): CooperativePage {
  const collegesScheme = `${reader.baseIri}id/colleges`;
  const colleges = reader.iris(collegesScheme, TOP_CONCEPT);
  const collegeSet = new Set(colleges);
  const goal = typologyGoal(reader, entities, lang);
  // Memberships in a college, grouped by organisation then college: one pass over the memberships.
  const seats = new Map<string, Map<string, string[]>>();
  for (const q of reader.store.getQuads(null, P.college, null, null)) {
    const node = q.subject.value;
    if (!collegeSet.has(q.object.value)) continue;
    for (const organisation of reader.iris(node, P.organization)) {
      const byCollege = seats.get(organisation) ?? new Map<string, string[]>();
      byCollege.set(q.object.value, [...(byCollege.get(q.object.value) ?? []), node]);
      seats.set(organisation, byCollege);
    }
  }
  // The cooperative that sets the typology goal is shown even before it records members.
  const owners = goal.flatMap((f) => reader.iris(f.iri, CREATOR)).filter((o) => reader.kindOf(o) === 'actor');
  const shown = [...new Set([...owners, ...seats.keys()])].filter((o) => reader.kindOf(o) === 'actor');
  const name = (iri: string) => entities.link(iri, 'fr').label.text;
  shown.sort((a, b) => Number(!owners.includes(a)) - Number(!owners.includes(b)) || name(a).localeCompare(name(b), 'fr') || (a < b ? -1 : 1));
  const sinceOf = (node: string) =>
    reader.nodes(node, P.memberDuring).flatMap((d) => reader.nodes(d, P.hasBeginning)).flatMap((b) => reader.literals(b, P.inXSDDate))[0]?.value;
  return {
    collegesScheme: entities.link(collegesScheme, lang),
    goal,
    cooperatives: shown.map((organisation) => {
      const byCollege = seats.get(organisation);
      const views = colleges.map((college): CollegeView => {
        const members = (byCollege?.get(college) ?? [])
          .flatMap((node) => reader.iris(node, P.member).map((member) => ({
            link: entities.link(member, lang),
            since: sinceOf(node),
            roles: entities.links(reader.iris(node, P.role), lang).map((l) => l.label),
          })))
          .sort((a, b) => a.link.label.text.localeCompare(b.link.label.text, lang));
        return { link: entities.link(college, lang), members };
      });
      return {
        organisation: entities.link(organisation, lang),
        description: pickText(reader.literals(organisation, P.description), lang),
        colleges: views,
        memberCount: views.reduce((n, c) => n + c.members.length, 0),
      };
    }),
  };
}
