import type { ConfigDefinitions, ConfigValues } from './config.types.js';
import { serverConfig } from './server.config.js';
import { moduleConfigs } from './config.registry.js';

export const configDefinitions = { ...serverConfig, ...moduleConfigs } satisfies ConfigDefinitions;

export type Config = ConfigValues<typeof configDefinitions>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads every setting from the environment; collects one line per problem rather than stopping at the first. */
export function parseConfig({ env }: { env: Record<string, string | undefined> }): ConfigResult {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(configDefinitions)) {
    const raw = env[definition.env] ?? definition.default;
    const result = definition.schema.safeParse(raw ?? '');
    if (result.success) {
      values[key] = result.data;
    } else {
      const reason = result.error.issues.map((issue) => issue.message).join('; ');
      problems.push(`${definition.env}: ${reason} (got ${JSON.stringify(raw ?? '')})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: values as Config };
}

export function loadConfigOrExit({ env }: { env: Record<string, string | undefined> }): Config {
  const result = parseConfig({ env });
  if (!result.ok) {
    process.stderr.write(`Invalid configuration:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  return result.config;
}

export function createTestConfig(overrides: Partial<Config> = {}): Config {
  const result = parseConfig({ env: { DATA_DIR: ':memory:', LOG_LEVEL: 'silent', DEMO_CONTENT: 'off' } });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return { ...result.config, ...overrides };
}
