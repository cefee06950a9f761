import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { asText } from '../decode';
import type { Codec } from './codec';

function ajvFor(schema: { $schema?: unknown }): Ajv {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  // Formats ("email", "date-time") need ajv-formats; they are not checked, rather than every schema using one failing.
  const opts = { allErrors: true, strict: false, validateFormats: false, logger: false } as const;
  if (draft.includes('2020-12')) return new Ajv2020(opts);
  if (draft.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

const describe = (errors: ErrorObject[] | null | undefined): string[] => (errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message ?? 'is invalid'}`);

export function jsonSchemaCodec(schemaText: string): Codec {
  const schema = JSON.parse(schemaText) as AnySchema & { title?: unknown; $schema?: unknown };
  const validate = ajvFor(typeof schema === 'object' ? schema : {}).compile(schema);
  const problems = (value: unknown): string[] => (validate(value) ? [] : describe(validate.errors));
  return {
    format: 'json-schema',
    name: typeof schema === 'object' && typeof schema.title === 'string' ? schema.title : null,
    decode(payload) {
      const text = asText(payload);
      if (text === null) throw new Error('not UTF-8 text');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new Error(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      const errors = problems(value);
      if (errors.length) throw new Error(`does not match the JSON Schema: ${errors.join('; ')}`);
      return value;
    },
    encode(value) {
      const errors = problems(value);
      if (errors.length) throw new Error(`does not match the JSON Schema: ${errors.join('; ')}`);
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
    validate: problems,
  };
}
