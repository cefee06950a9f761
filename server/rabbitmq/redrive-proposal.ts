import 'server-only';
import type { RedriveProposal } from '@/lib/contracts/rabbitmq-messages';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { peekQueue } from './inspect';
import { redriveProposalOf } from './move';

/**
 * Where the head message was dead-lettered from: the proposed destination of a redrive. AMQP cannot read a message
 * without taking it, so this reads the head message and puts it back (its redelivered flag is set, and on a quorum
 * queue the requeue may count toward the delivery limit): a mutation, under the same rules as any read (inspect.ts).
 */
export async function proposeRedrive(c: RabbitmqConnector, vhost: string, queue: string, confirmDeliveryLimit: boolean): Promise<RedriveProposal> {
  assertWritable(c);
  const read = await peekQueue(c, vhost, queue, { count: 1, confirmDeliveryLimit });
  const head = read.messages[0];
  return { ...redriveProposalOf(head?.msg ?? null), delivery: head?.delivery ?? null, stopped: read.stopped };
}
