import 'server-only';
import { WireReader, WireWriter, type ProtocolRequest } from './wire';

export type LogDirsResult = {
  errorCode: number;
  logDir: string;
  topics: { name: string; partitions: { partition: number; size: number; isFuture: boolean }[] }[];
};

/** DescribeLogDirs v1 (KIP-113), for every partition the broker holds (topics = null). */
export function describeLogDirsRequest(): ProtocolRequest<LogDirsResult[]> {
  return {
    request: {
      apiKey: 35,
      apiVersion: 1,
      apiName: 'DescribeLogDirs',
      encode: async () => new WireWriter().array(null, () => undefined).toEncoder(),
    },
    response: {
      decode: async (raw) => {
        const r = new WireReader(raw);
        r.int32(); // throttle time
        return r.array((d) => ({
          errorCode: d.int16(),
          logDir: d.string() ?? '',
          topics: d.array((t) => ({
            name: t.string() ?? '',
            partitions: t.array((p) => {
              const partition = p.int32();
              const size = p.int64();
              p.int64(); // offset lag, only meaningful for future replicas
              return { partition, size, isFuture: p.bool() };
            }),
          })),
        }));
      },
      parse: async (data) => data,
    },
  };
}
