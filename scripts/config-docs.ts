import { readFileSync, writeFileSync } from 'node:fs';
import { configDefinitions } from '../src/config/config.js';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

export function renderConfigTable(): string {
  const rows = Object.values(configDefinitions).map((d) => `| \`${d.env}\` | ${d.default === undefined || d.default === '' ? '(empty)' : `\`${d.default}\``} | ${d.doc.replace(/\|/g, '\\|')} |`);
  return ['| Variable | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

export function renderEnvExample(): string {
  return Object.values(configDefinitions)
    .map((d) => `# ${d.doc}\n${d.default === undefined || d.default === '' ? `# ${d.env}=` : `${d.env}=${d.default}`}\n`)
    .join('\n');
}

export function updateReadme(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md lacks the config-table markers');
  return `${readme.slice(0, start + START.length)}\n${renderConfigTable()}\n${readme.slice(end)}`;
}

// `npm run docs:config` regenerates the README table and .env.example from the config definitions.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  writeFileSync('README.md', updateReadme(readFileSync('README.md', 'utf8')));
  writeFileSync('.env.example', renderEnvExample());
  process.stdout.write('README.md and .env.example updated from the config definitions.\n');
}
