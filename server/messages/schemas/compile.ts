import { readFileSync } from 'node:fs';
import type { SchemaRef } from '../../config/schema';
import { avroCodec } from './avro';
import { errorText, type Codec } from './codec';
import { jsonSchemaCodec } from './json-schema';
import { protobufCodec } from './protobuf';

/** Compiled once per file and message type for the life of the process: schema files are part of the config. */
const compiled = new Map<string, Codec | Error>();

/** The codec of a configured schema, or the Error saying why its file could not be read or compiled. */
export function codecOf(ref: Pick<SchemaRef, 'format' | 'file' | 'messageType'>): Codec | Error {
  const cacheKey = `${ref.format}\u0000${ref.file}\u0000${ref.messageType ?? ''}`;
  let codec = compiled.get(cacheKey);
  if (!codec) {
    try {
      switch (ref.format) {
        case 'avro':
          codec = avroCodec(readFileSync(ref.file, 'utf8'));
          break;
        case 'protobuf':
          codec = protobufCodec(ref.file, ref.messageType);
          break;
        case 'json-schema':
          codec = jsonSchemaCodec(readFileSync(ref.file, 'utf8'));
          break;
      }
    } catch (e) {
      codec = new Error(`${ref.format} schema ${ref.file} could not be compiled: ${errorText(e)}`);
    }
    compiled.set(cacheKey, codec);
  }
  return codec;
}
