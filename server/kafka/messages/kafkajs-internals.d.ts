// kafkajs internals the hand-decoded Fetch (fetch-request.ts, record-batch.ts) reuses: its codecs (so the ones
// registered in server/kafka/codecs.ts apply), its errors, and its decoder for pre-0.11 message sets.
declare module 'kafkajs/src/protocol/message/compression/index.js' {
  type Codec = { decompress(buffer: Buffer): Promise<Buffer> };
  export function lookupCodecByAttributes(attributes: number): Codec | null;
}

declare module 'kafkajs/src/protocol/error.js' {
  export function createErrorFromCode(code: number): Error & { type: string; code: number; retriable: boolean };
}

declare module 'kafkajs/src/errors.js' {
  export class KafkaJSOffsetOutOfRange extends Error {
    constructor(e: Error, meta: { topic: string; partition: number });
  }
}

declare module 'kafkajs/src/protocol/decoder.js' {
  class Decoder {
    constructor(buffer: Buffer);
  }
  export = Decoder;
}

declare module 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js' {
  import type Decoder from 'kafkajs/src/protocol/decoder.js';
  import type { RawRecord } from '@/server/kafka/raw-cluster';
  function decodeMessages(decoder: Decoder): Promise<RawRecord[]>;
  export = decodeMessages;
}

// kafkajs's record batch encoder: the unit tests build Fetch answers with it.
declare module 'kafkajs/src/protocol/recordBatch/v0/index.js' {
  type Encoded = { buffer: Buffer };
  export function RecordBatch(o: {
    compression?: number;
    firstOffset?: unknown;
    firstTimestamp?: number;
    maxTimestamp?: number;
    lastOffsetDelta?: number;
    records: Encoded[];
  }): Promise<Encoded>;
}

declare module 'kafkajs/src/protocol/recordBatch/record/v0/index.js' {
  function Record(o: { offsetDelta?: number; timestampDelta?: number; key: Buffer | null; value: Buffer | null; headers?: Record<string, Buffer | Buffer[]> }): { buffer: Buffer };
  export = Record;
}

declare module 'kafkajs/src/utils/long.js' {
  const Long: { fromValue(v: number | string): unknown };
  export = Long;
}
