import 'server-only';

/**
 * Just enough of the Kafka wire format to add the two requests kafkajs lacks (DescribeLogDirs,
 * IncrementalAlterConfigs). kafkajs only needs `.buf`/`.buffer` from what `encode()` returns.
 */
export class WireWriter {
  private parts: Buffer[] = [];

  int8(v: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const bytes = Buffer.from(v, 'utf8');
    return this.int16(bytes.length).push(bytes);
  }
  array<T>(items: T[] | null, write: (w: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }
  private push(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  /** The shape kafkajs's Encoder#writeEncoder accepts. */
  toEncoder(): { buf: Buffer; buffer: Buffer } {
    const buffer = Buffer.concat(this.parts);
    return { buf: buffer, buffer };
  }
}

export class WireReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  int8(): number {
    const v = this.buf.readInt8(this.at);
    this.at += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  /** Sizes and offsets fit a double well below 2^53 bytes. */
  int64(): number {
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return Number(v);
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  string(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    const v = this.buf.toString('utf8', this.at, this.at + len);
    this.at += len;
    return v;
  }
  array<T>(read: (r: this) => T): T[] {
    const len = this.int32();
    const out: T[] = [];
    for (let i = 0; i < len; i++) out.push(read(this));
    return out;
  }
}

export type ProtocolRequest<T> = {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<{ buf: Buffer; buffer: Buffer }> };
  response: { decode: (raw: Buffer) => Promise<T>; parse: (data: T) => Promise<T> };
  requestTimeout?: number;
};
