import 'server-only';
import { IncrementalAlterConfigOperationTypes, type IncrementalAlterConfigsOptions } from '@platformatic/kafka';
import { BadRequestError } from '../http/errors';

export type ConfigOp = IncrementalAlterConfigsOptions['resources'][number]['configs'][number];

/** An incremental change (keys to set, keys to reset) as IncrementalAlterConfigs operations; an empty one is a 400. */
export function configOps(set: Record<string, string>, reset: string[]): ConfigOp[] {
  const ops: ConfigOp[] = [
    ...Object.entries(set).map(([name, value]): ConfigOp => ({ name, configOperation: IncrementalAlterConfigOperationTypes.SET, value })),
    ...reset.map((name): ConfigOp => ({ name, configOperation: IncrementalAlterConfigOperationTypes.DELETE })),
  ];
  if (ops.length === 0) throw new BadRequestError('Nothing to change: give configs to set or reset');
  return ops;
}
