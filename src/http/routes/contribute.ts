// **contribute** serves the contribution form: GET shows it (one kind of entry at a time), POST checks a
// submission with the validator and answers with the problems beside their fields or with the file to
// take to the repository. The server keeps nothing and writes nothing.
import express, { Router, type Request, type Response } from 'express';
import type { Directory } from '../../directory/directory.js';
import type { EntryModel, KindName } from '../../contribute/entry-model.js';
import { formFor, isKindName, submit, type EntryChoices, type FormControl, type FormValues, type Submission } from '../../contribute/form.js';
import { forgeLinks } from '../../contribute/forge.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import type { Lang, Views } from '../../render/views.js';
import { pickLanguage } from '../language.js';
import { perGraph } from '../rdf-response.js';

export interface ContributeOptions {
  graphRef: GraphRef;
  directory: () => Directory;
  model: EntryModel;
  views: Views;
  /** The data's repository on its forge (GitHub, GitLab, Gitea…), for the "create this file" link. */
  repositoryUrl?: string;
}

/** Submissions being checked at once: each runs the SHACL validator; more wait for a moment, then 503. */
const MAX_CHECKS = 2;

const KIND_READER = { commons: 'commons', organisation: 'actor', service: 'service', project: 'project' } as const;

export function contributeRoutes({ graphRef, directory, model, views, repositoryUrl }: ContributeOptions): Router {
  const router = Router();
  const choices = perGraph((): EntryChoices => {
    const dir = directory();
    const lists = new Map<string, Array<{ iri: string; label: string }>>();
    for (const kind of Object.keys(KIND_READER) as KindName[]) {
      for (const lang of ['fr', 'en'] as const) {
        const items = dir.reader.all(KIND_READER[kind]).map((iri) => ({ iri, label: dir.card(iri, lang).link.label.text }));
        lists.set(`${kind} ${lang}`, items.sort((a, b) => a.label.localeCompare(b.label, lang)));
      }
    }
    return { entries: (kind, lang) => lists.get(`${kind} ${lang}`) ?? [] };
  });
  const context = () => ({ model, choices: choices.get(graphRef.current()), graph: graphRef.current() });
  let checking = 0;

  function page(req: Request, res: Response, lang: Lang, form?: Submission, status = 200): void {
    const strings = views.strings(lang);
    const kinds = model.kinds.map((k) => ({ name: k.kind, label: k.label[lang], href: `/contribute?kind=${k.kind}${lang === 'fr' ? '' : '&lang=en'}`, current: form?.kind.kind === k.kind }));
    const forge = form?.ok && form.turtle && repositoryUrl ? forgeLinks(repositoryUrl, form.repositoryPath, form.turtle) : undefined;
    res.status(status).vary('Accept-Language').set('Content-Language', lang).set('Cache-Control', 'no-store').type('html').send(
      views.render('contribute', {
        lang,
        path: form ? `/contribute?kind=${form.kind.kind}` : '/contribute',
        title: strings['contribute.title'],
        kinds,
        form: form && {
          ...form,
          kindLabel: form.kind.label[lang],
          controls: form.controls.map(withWidget),
          slugControl: withWidget(form.slugControl),
        },
        submitted: req.method === 'POST',
        invalid: req.method === 'POST' && form && !form.ok,
        hidden: form?.ok ? hiddenFields(req.body as FormValues) : [],
        forge,
        action: `/contribute${lang === 'fr' ? '' : '?lang=en'}`,
        downloadAction: `/contribute/download${lang === 'fr' ? '' : '?lang=en'}`,
      }),
    );
  }

  router.get('/contribute', (req, res) => {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    const kind = req.query.kind;
    if (kind === undefined) return page(req, res, lang);
    if (!isKindName(kind)) return page(req, res, lang, undefined, 404);
    page(req, res, lang, formFor(context(), kind, lang));
  });

  // Bounded bodies: a form for one entry is a few kilobytes; more is refused with 413 before any work.
  const body = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 400 });

  async function checked(req: Request, res: Response): Promise<{ lang: Lang; form: Submission } | undefined> {
    const lang = pickLanguage(req.query.lang ?? (req.body as FormValues)?.lang, req.get('accept-language'));
    const values = (req.body ?? {}) as FormValues;
    if (!isKindName(values.kind)) {
      res.status(400).type('text/plain; charset=utf-8').send('kind: expected one of commons, organisation, service, project\n');
      return undefined;
    }
    if (checking >= MAX_CHECKS) {
      res.status(503).set('Retry-After', '5').type('text/plain; charset=utf-8').send('The validator is busy: send the form again in a few seconds.\n');
      return undefined;
    }
    checking++;
    try {
      return { lang, form: await submit(context(), values.kind, lang, values) };
    } finally {
      checking--;
    }
  }

  router.post('/contribute', body, async (req, res) => {
    const result = await checked(req, res);
    if (result) page(req, res, result.lang, result.form, result.form.ok ? 200 : 422);
  });

  // The file itself, made again from the same values: the server never stores a submission.
  router.post('/contribute/download', body, async (req, res) => {
    const result = await checked(req, res);
    if (!result) return;
    if (!result.form.ok || !result.form.turtle) return page(req, res, result.lang, result.form, 422);
    const name = result.form.repositoryPath.split('/').pop()!;
    res.set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'no-store').type('text/turtle; charset=utf-8').send(result.form.turtle);
  });
  return router;
}

/** Handlebars has no equality test: the widget becomes a flag the control partial can test. */
const withWidget = (control: FormControl) => ({ ...control, is: { [control.widget]: true } });

/** The submitted values again, as hidden fields of the download form. */
function hiddenFields(values: FormValues): Array<{ name: string; value: string }> {
  return Object.entries(values).flatMap(([name, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => ({ name, value: v })));
}
