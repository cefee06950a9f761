import { describe, expect, it } from 'vitest';
import { describeLogDirsRequest } from './describe-log-dirs';
import { incrementalAlterTopicConfigsRequest } from './incremental-alter-configs';
import { WireWriter } from './wire';

describe('hand-encoded Kafka requests', () => {
  it('DescribeLogDirs v1 asks for all topics (null array) and decodes sizes', async () => {
    const req = describeLogDirsRequest();
    expect(req.request).toMatchObject({ apiKey: 35, apiVersion: 1 });
    expect((await req.request.encode()).buffer).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    const size = Buffer.alloc(8);
    size.writeBigInt64BE(123456789n);
    const raw = Buffer.concat([
      new WireWriter()
        .int32(0)
        .int32(1)
        .int16(0)
        .string('/data')
        .int32(1)
        .string('orders')
        .int32(1)
        .int32(2)
        .toEncoder().buffer,
      size,
      Buffer.alloc(8),
      Buffer.from([0]),
    ]);
    expect(await req.response.decode(raw)).toEqual([{ errorCode: 0, logDir: '/data', topics: [{ name: 'orders', partitions: [{ partition: 2, size: 123456789, isFuture: false }] }] }]);
  });

  it('IncrementalAlterConfigs v0 encodes set and delete operations', async () => {
    const req = incrementalAlterTopicConfigsRequest('t', [{ name: 'a', op: 'set', value: 'b' }, { name: 'c', op: 'delete', value: null }], false);
    const expected = new WireWriter()
      .int32(1)
      .int8(2)
      .string('t')
      .int32(2)
      .string('a')
      .int8(0)
      .string('b')
      .string('c')
      .int8(1)
      .string(null)
      .bool(false)
      .toEncoder().buffer;
    expect((await req.request.encode()).buffer).toEqual(expected);
  });
});
