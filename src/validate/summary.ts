// **summary** writes what a pull request must fix as Markdown, in French then English, for the job summary
// of GitHub Actions ($GITHUB_STEP_SUMMARY) or a GitLab merge-request note. Reviewers and contributors read it
// where the check ran, without opening the logs.
import type { Finding } from './finding.js';
import { severityLabel, summaryLine, type Lang } from './messages.js';

/** A row cap per language: GitHub limits a step summary to 1 MiB, and past a few hundred nobody reads on. */
const MAX_ROWS = 200;

const TEXT: Record<Lang, { title: string; ok: string; fix: string; columns: string[]; more: (n: number) => string; help: string }> = {
  fr: {
    title: 'Français',
    ok: '✅ Aucune erreur : les données sont prêtes à être relues.',
    fix: '❌ Corrigez chaque erreur ci-dessous (le conseil dit comment), puis poussez à nouveau : la vérification se relance. Sur votre machine : `npm run validate FICHIER --lang fr`.',
    columns: ['Où', 'Gravité', 'Problème', 'Comment corriger'],
    more: (n) => `… et ${n} autres : lancez \`npm run validate --lang fr\` pour tout voir.`,
    help: 'Aide : CONTRIBUTING.md, section « Vérifier une fiche ».',
  },
  en: {
    title: 'English',
    ok: '✅ No errors: the data is ready for review.',
    fix: '❌ Fix each error below (the hint says how), then push again: the check runs again. On your machine: `npm run validate FILE`.',
    columns: ['Where', 'Severity', 'Problem', 'How to fix'],
    more: (n) => `… and ${n} more: run \`npm run validate\` to see them all.`,
    help: 'Help: CONTRIBUTING.md, section "Checking an entry".',
  },
};

/** Table cells are one line; `|` would end the cell and `<` open an HTML tag. */
const cell = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');

export function markdownSummary(byLang: Record<Lang, Finding[]>, files: number): string {
  const out = ['## Validation des données · Data validation', ''];
  for (const lang of ['fr', 'en'] as const) {
    const findings = byLang[lang];
    const say = TEXT[lang];
    const errors = findings.filter((f) => f.severity === 'error').length;
    out.push(`### ${say.title}`, '', `${summaryLine(lang, files, errors, findings.length - errors)}.`, '', errors ? say.fix : say.ok, '');
    if (findings.length) {
      out.push(`| ${say.columns.join(' | ')} |`, `|${say.columns.map(() => ' --- ').join('|')}|`);
      for (const f of findings.slice(0, MAX_ROWS)) {
        const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
        out.push(`| \`${cell(where)}\` | ${cell(severityLabel(lang, f.severity).replace(/\s*:$/, ''))} | ${cell(f.message)} | ${cell(f.hint)} |`);
      }
      if (findings.length > MAX_ROWS) out.push('', say.more(findings.length - MAX_ROWS));
      out.push('');
    }
    out.push(say.help, '');
  }
  return out.join('\n');
}
