import 'server-only';
import { decompress as zstdDecompress } from 'fzstd';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import * as lz4 from 'lz4js';
import * as snappy from 'snappyjs';

/** What kafkajs hands a codec to compress: its Encoder, of which only the written bytes matter. */
type EncoderLike = { buffer: Buffer };
type Codec = { compress(encoder: EncoderLike): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

// Java clients frame snappy the xerial way: an 8-byte magic, two int32 versions, then [int32 length][raw snappy] blocks.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

export function snappyDecompress(buffer: Buffer): Buffer {
  if (buffer.length < XERIAL_HEADER_BYTES || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return Buffer.from(snappy.uncompress(buffer));
  }
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at + 4 <= buffer.length) {
    const size = buffer.readInt32BE(at);
    at += 4;
    blocks.push(Buffer.from(snappy.uncompress(buffer.subarray(at, at + size))));
    at += size;
  }
  return Buffer.concat(blocks);
}

const snappyCodec: Codec = {
  // Raw (unframed) snappy, as librdkafka writes it; Java consumers read both framings.
  compress: async (encoder) => Buffer.from(snappy.compress(encoder.buffer)),
  decompress: async (buffer) => snappyDecompress(buffer),
};

// Kafka (since 0.10, magic >= 1) uses the standard LZ4 frame format, which lz4js reads and writes.
const lz4Codec: Codec = {
  compress: async (encoder) => Buffer.from(lz4.compress(encoder.buffer)),
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
};

/** fzstd only decompresses: Wharf reads zstd batches but does not write them (Node 20 has no zstd in zlib). */
export class ZstdCompressionUnsupportedError extends Error {
  constructor() {
    super('Producing zstd-compressed messages is not supported by Wharf; reading them is');
    this.name = 'ZstdCompressionUnsupportedError';
  }
}

const zstdCodec: Codec = {
  compress: async () => {
    throw new ZstdCompressionUnsupportedError();
  },
  decompress: async (buffer) => Buffer.from(zstdDecompress(buffer)),
};

CompressionCodecs[CompressionTypes.Snappy] = () => snappyCodec;
CompressionCodecs[CompressionTypes.LZ4] = () => lz4Codec;
CompressionCodecs[CompressionTypes.ZSTD] = () => zstdCodec;
