import 'server-only';
import { WireReader, WireWriter, type ProtocolRequest } from './wire';

/** AlterConfigOp types of KIP-339. */
export const CONFIG_OP = { set: 0, delete: 1 } as const;

export type ConfigChange = { name: string; op: keyof typeof CONFIG_OP; value: string | null };
export type AlterConfigsResult = { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string };

const TOPIC_RESOURCE = 2;

/**
 * IncrementalAlterConfigs v0: changes only the named keys (plain AlterConfigs would reset every
 * key not sent back to its default, which races with any other writer).
 */
export function incrementalAlterTopicConfigsRequest(topic: string, changes: ConfigChange[], validateOnly: boolean): ProtocolRequest<AlterConfigsResult[]> {
  return {
    request: {
      apiKey: 44,
      apiVersion: 0,
      apiName: 'IncrementalAlterConfigs',
      encode: async () =>
        new WireWriter()
          .array([topic], (w, name) =>
            w
              .int8(TOPIC_RESOURCE)
              .string(name)
              .array(changes, (c, change) => c.string(change.name).int8(CONFIG_OP[change.op]).string(change.op === 'delete' ? null : change.value)),
          )
          .bool(validateOnly)
          .toEncoder(),
    },
    response: {
      decode: async (raw) => {
        const r = new WireReader(raw);
        r.int32(); // throttle time
        return r.array((d) => ({ errorCode: d.int16(), errorMessage: d.string(), resourceType: d.int8(), resourceName: d.string() ?? '' }));
      },
      parse: async (data) => data,
    },
  };
}
