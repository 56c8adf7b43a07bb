// **views** compiles the Handlebars templates of views/ once and renders pages: a page template inside the layout.
// Templates get plain view models, never RDF terms, and everything they print is escaped by Handlebars.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export interface PageContext {
  lang: Lang;
  /** Current path (with its query, if any, but without lang), used to build the other-language link. */
  path: string;
  title?: string;
  [key: string]: unknown;
}

export interface Views {
  render(page: string, context: PageContext): string;
  strings(lang: Lang): Readonly<Record<string, string>>;
  /** A document that is not an HTML page (the Atom feed): a template of views/documents/, without the layout. */
  document(name: string, context: PageContext): string;
}

async function readTemplates(dir: string): Promise<Map<string, string>> {
  const templates = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.hbs')).sort()) {
    templates.set(name.replace(/\.hbs$/, ''), await readFile(path.join(dir, name), 'utf8'));
  }
  return templates;
}

/**
 * Strings of each language: `fr.json` and any `<topic>.fr.json` beside it (likewise for `en`), so that each
 * feature keeps its strings in a file of its own. A key defined twice is an error, never a silent override.
 */
export async function readLocales(dir: string): Promise<Record<Lang, Record<string, string>>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const locales = {} as Record<Lang, Record<string, string>>;
  for (const lang of LANGS) {
    const strings: Record<string, string> = {};
    for (const name of names.filter((n) => n === `${lang}.json` || n.endsWith(`.${lang}.json`))) {
      for (const [key, value] of Object.entries(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Record<string, string>)) {
        if (key in strings) throw new Error(`views/locales: the string "${key}" is defined twice (again in ${name})`);
        strings[key] = value;
      }
    }
    locales[lang] = strings;
  }
  return locales;
}

export interface ViewOptions {
  /**
   * A problem to show at the top of every page, or undefined: in watch mode, the failed reload that
   * keeps the previous data served, for whoever is editing the files.
   */
  notice?: () => { file?: string; line?: number; column?: number; message: string; count: number } | undefined;
}

export async function createViews(viewsDir: string, options: ViewOptions = {}): Promise<Views> {
  const hbs = Handlebars.create();
  const locales = await readLocales(path.join(viewsDir, 'locales'));

  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const lang = (options.data.root as PageContext).lang;
    const template = locales[lang][key] ?? locales.fr[key];
    if (template === undefined) throw new Error(`missing string "${key}" in views/locales`);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(options.hash[name] ?? ''));
  });
  // A partial's final newline would otherwise end up inside every link and heading it prints.
  for (const [name, source] of await readTemplates(path.join(viewsDir, 'partials'))) hbs.registerPartial(name, source.replace(/\n$/, ''));

  const layout = hbs.compile(await readFile(path.join(viewsDir, 'layouts', 'main.hbs'), 'utf8'), { strict: false });
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, source] of await readTemplates(path.join(viewsDir, 'pages'))) pages.set(name, hbs.compile(source));
  // Handlebars escapes &, <, >, " and ' (as character references that XML reads too): safe in XML text and attributes.
  const documents = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, source] of await readTemplates(path.join(viewsDir, 'documents'))) documents.set(name, hbs.compile(source, { strict: true }));

  const notice = () => {
    const problem = options.notice?.();
    return problem && { ...problem, more: problem.count > 1 ? problem.count - 1 : 0 };
  };
  return {
    render(page, context) {
      const template = pages.get(page);
      if (!template) throw new Error(`no template views/pages/${page}.hbs`);
      const otherLang: Lang = context.lang === 'fr' ? 'en' : 'fr';
      const full = {
        ...context,
        otherLang,
        // The search page's path carries its query: the language joins it rather than replacing it.
        otherLangHref: `${context.path}${context.path.includes('?') ? '&' : '?'}lang=${otherLang}`,
        langQuery: context.lang === 'fr' ? '' : `?lang=${context.lang}`,
        reloadProblem: notice(),
      };
      return layout({ ...full, body: template(full) });
    },
    strings: (lang) => locales[lang],
    document(name, context) {
      const template = documents.get(name);
      if (!template) throw new Error(`no template views/documents/${name}.hbs`);
      return template(context);
    },
  };
}
