// The pull-request checks run the commands their files say, on a broken dataset: GitHub annotations that parse
// back, a job summary in French and English, and a GitLab Code Quality report with every required field.
// The install step (npm ci) is not re-run here: it would replace the node_modules the tests run from.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, FIXTURES, copyDataset } from '../helpers.js';

function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // GitLab runs script lines in one shell with -e and pipefail; GitHub's default shell is bash -e.
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], { cwd: ROOT, env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pull-request checks', { timeout: 120_000 }, () => {
  let broken: { dir: string; cleanup: () => Promise<void> };
  let tmp: string;
  beforeAll(async () => {
    broken = await copyDataset(path.join(FIXTURES, 'invalid', 'licence-as-text'));
    tmp = await mkdtemp(path.join(tmpdir(), 'uc-ci-'));
  });
  afterAll(async () => {
    await broken.cleanup();
    await rm(tmp, { recursive: true, force: true });
  });

  it('GitHub: runs on pull requests touching data/ or ontology/, installs with npm ci, annotates and summarises', async () => {
    const workflow = await readFile(path.join(ROOT, '.github', 'workflows', 'validate.yml'), 'utf8');
    // Valid YAML with the structure GitHub reads: triggers, one job, its steps.
    const parsed = parse(workflow);
    expect(parsed.on.pull_request.paths).toEqual(['data/**', 'ontology/**']);
    expect(parsed.jobs.validate['runs-on']).toBe('ubuntu-latest');
    expect(parsed.jobs.validate.steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses)).toEqual([
      'actions/checkout@v4', 'actions/setup-node@v4', 'npm ci --no-audit --no-fund', expect.stringContaining('--format github --summary "$GITHUB_STEP_SUMMARY"'),
    ]);
    const pullRequest = /^ {2}pull_request:\n {4}paths:\n((?: {6}- .*\n)+)/m.exec(workflow);
    expect(pullRequest?.[1]).toMatch(/'data\/\*\*'/);
    expect(pullRequest?.[1]).toMatch(/'ontology\/\*\*'/);
    const runs = [...workflow.matchAll(/^ +run: (.*)$/gm)].map((m) => m[1]);
    expect(runs[0]).toBe('npm ci --no-audit --no-fund');
    const validate = runs.find((r) => r.includes('validate'))!;
    const summary = path.join(tmp, 'step-summary.md');
    const result = await bash(validate, { GITHUB_STEP_SUMMARY: summary, DATA_DIR: broken.dir });
    expect(result.code).toBe(1);
    const annotations = result.stdout.trim().split('\n');
    expect(annotations).toHaveLength(1);
    const m = /^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$/.exec(annotations[0]);
    expect(m).not.toBeNull();
    expect(m![1]).toBe('error');
    expect(m![2]).toMatch(/commons\/decidim\.ttl$/);
    expect([m![3], m![4], m![5]]).toEqual(['14', '18', 'licence-as-text']);
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('### Français');
    expect(markdown).toContain('### English');
    expect(markdown).toContain('écrivez plutôt schema:license spdx:AGPL-3.0-only');
    expect(markdown).toContain('write schema:license spdx:AGPL-3.0-only instead');
    expect(markdown).toMatch(/2 fichiers vérifiés : 1 erreur, 0 avertissement/);
  });

  it('GitLab: runs on merge requests touching data/ or ontology/ and writes a Code Quality report', async () => {
    const ci = await readFile(path.join(ROOT, '.gitlab-ci.yml'), 'utf8');
    const job = parse(ci)['validate-data'];
    expect(job.rules[0]).toEqual({ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', changes: ['data/**/*', 'ontology/**/*'] });
    expect(job.artifacts.reports.codequality).toBe('gl-code-quality-report.json');
    expect(job.artifacts.when).toBe('always');
    expect(job.script).toHaveLength(4);
    expect(ci).toMatch(/\$CI_PIPELINE_SOURCE == "merge_request_event"\n\s+changes:\n\s+- data\/\*\*\/\*\n\s+- ontology\/\*\*\/\*/);
    expect(ci).toMatch(/reports:\n\s+codequality: gl-code-quality-report\.json/);
    const script = /^ {2}script:\n((?: {4}- .*\n)+)/m.exec(ci)![1].split('\n').filter(Boolean).map((line) => line.replace(/^ {4}- /, ''));
    expect(script[0]).toMatch(/^npm ci /);
    try {
      const result = await bash(script.slice(1).join('\n'), { DATA_DIR: broken.dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('### Français');
      const report = JSON.parse(await readFile(path.join(ROOT, 'gl-code-quality-report.json'), 'utf8'));
      expect(report).toHaveLength(1);
      expect(report[0]).toMatchObject({ check_name: 'usages-communs/licence-as-text', severity: 'major', location: { lines: { begin: 14 } } });
      expect(report[0].location.path).toMatch(/commons\/decidim\.ttl$/);
      expect(report[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof report[0].description).toBe('string');
    } finally {
      await rm(path.join(ROOT, 'gl-code-quality-report.json'), { force: true });
      await rm(path.join(ROOT, 'validation-summary.md'), { force: true });
    }
  });
});
