import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config } from './schema';

export const DEFAULT_CONFIG_FILE = 'wharf.config.yaml';

/** Environment variables as the config sees them (process.env, or a plain record in tests). */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The local brokers that scripts/kafka.sh and scripts/rabbitmq.sh start; used when there is no config file. */
export const LOCAL_DEFAULT_CONFIG = {
  connections: [
    { id: 'local-kafka', name: 'Local Kafka', kind: 'kafka', brokers: ['127.0.0.1:9092'] },
    {
      id: 'local-rabbitmq',
      name: 'Local RabbitMQ',
      kind: 'rabbitmq',
      amqpUrl: 'amqp://127.0.0.1:5672',
      managementUrl: 'http://127.0.0.1:15672',
    },
  ],
};

/** Replaces `${NAME}` with the environment variable; a missing variable is an error, never an empty string. */
export function substituteEnv(value: unknown, env: Env, at: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) throw new ConfigError(`${formatPath(at)}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...at, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...at, k])]));
  }
  return value;
}

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' || /^\d+$/.test(String(k)) ? `${acc}[${String(k)}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)';
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  return `Invalid Wharf config ${file}:\n${lines.join('\n')}`;
}

/** Parses config text (YAML); `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: Env = process.env): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : '';
    throw new ConfigError(`Invalid Wharf config ${file}: not valid YAML${where}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`Invalid Wharf config ${file}: expected a mapping with a "connections" list`);
  }
  let substituted: unknown;
  try {
    substituted = substituteEnv(raw, env);
  } catch (e) {
    throw new ConfigError(`Invalid Wharf config ${file}: ${(e as Error).message}`);
  }
  const result = configSchema.safeParse(substituted);
  if (!result.success) throw new ConfigError(describeIssues(file, result.error));
  return resolveSchemaFiles(result.data, file);
}

/** Schema files are named relative to the config file's folder; one that is not there is a config error at start. */
function resolveSchemaFiles(config: Config, file: string): Config {
  const dir = path.dirname(path.resolve(file));
  const problems: string[] = [];
  config.connections.forEach((c, i) => {
    if (c.kind !== 'kafka') return;
    c.schemas.forEach((entry, j) => {
      for (const side of ['key', 'value'] as const) {
        const ref = entry[side];
        if (!ref) continue;
        ref.file = path.resolve(dir, ref.file);
        if (!existsSync(ref.file)) problems.push(`  connections[${i}].schemas[${j}].${side}.file: ${ref.file} does not exist`);
      }
    });
  });
  if (problems.length) throw new ConfigError(`Invalid Wharf config ${file}:\n${problems.join('\n')}`);
  return config;
}

/** Reads WHARF_CONFIG, else ./wharf.config.yaml, else the local defaults. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config & { source: string } {
  const explicit = env.WHARF_CONFIG;
  const file = path.resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(`Wharf config ${file} (from WHARF_CONFIG) does not exist`);
    return { ...configSchema.parse(LOCAL_DEFAULT_CONFIG), source: 'built-in defaults (local brokers)' };
  }
  return { ...parseConfig(readFileSync(file, 'utf8'), file, env), source: file };
}

const CONFIG_KEY = Symbol.for('wharf.config');
type GlobalWithConfig = typeof globalThis & { [CONFIG_KEY]?: Config & { source: string } };

/** The config, parsed once per process. */
export function getConfig(): Config & { source: string } {
  const g = globalThis as GlobalWithConfig;
  g[CONFIG_KEY] ??= loadConfig();
  return g[CONFIG_KEY];
}
