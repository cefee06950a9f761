// Type declarations for the pure-JS codecs kafkajs leaves to the application.
declare module 'snappyjs' {
  export function compress<T extends Uint8Array | ArrayBuffer>(input: T): T;
  export function uncompress<T extends Uint8Array | ArrayBuffer>(input: T, maxLength?: number): T;
}

declare module 'lz4js' {
  export function compress(input: Uint8Array, maxSize?: number): Uint8Array;
  export function decompress(input: Uint8Array, maxSize?: number): Uint8Array;
}

// kafkajs's own Metadata request builder, used with a parse that keeps per-topic errors (see raw-cluster.ts).
declare module 'kafkajs/src/protocol/requests/metadata/index.js' {
  const definition: { versions: string[]; protocol: (o: { version: number }) => unknown };
  export = definition;
}

declare module 'kafkajs/src/protocol/error.js' {
  export const errorCodes: { type: string; code: number; retriable: boolean; message: string }[];
}
