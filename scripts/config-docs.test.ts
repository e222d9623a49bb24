import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEnvExample, updateReadme } from './config-docs.js';

describe('configuration documentation', () => {
  it('the README table lists every environment variable with its default (run npm run docs:config after adding one)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(updateReadme(readme)).toBe(readme);
  });
  it('.env.example is up to date', () => {
    expect(readFileSync('.env.example', 'utf8')).toBe(renderEnvExample());
  });
});
