'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DefinitionsApplyResult, DefinitionsFile, DefinitionsPreview } from '@/lib/contracts/rabbitmq-definitions';
import { apiFetch } from './api-fetch';
import { rabbitApi, rabbitKeys } from './rabbitmq-keys';

export const definitionKeys = {
  all: (conn: string) => [...rabbitKeys.all(conn), 'definitions'] as const,
};

/** The export is a download (Content-Disposition): a plain link, which also sends the session cookie. */
export function definitionsExportHref(conn: string, o: { vhost?: string; includeUsers?: boolean }): string {
  const params = new URLSearchParams();
  if (o.vhost) params.set('vhost', o.vhost);
  if (o.includeUsers) params.set('includeUsers', 'true');
  const q = params.toString();
  return `${rabbitApi(conn, 'rabbitmq', 'definitions')}${q ? `?${q}` : ''}`;
}

export type ImportInput = { definitions: DefinitionsFile; vhost?: string };

/** A POST because the file is the body; it changes nothing on the broker. */
export function usePreviewDefinitionsMutation(conn: string) {
  return useMutation({
    mutationFn: (input: ImportInput) => apiFetch<DefinitionsPreview>(rabbitApi(conn, 'rabbitmq', 'definitions', 'preview'), { method: 'POST', body: JSON.stringify(input) }),
  });
}

/** An import can add or change anything of the connection: its whole RabbitMQ cache goes. */
export function useApplyDefinitionsMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ImportInput & { confirm: string }) => apiFetch<DefinitionsApplyResult>(rabbitApi(conn, 'rabbitmq', 'definitions'), { method: 'POST', body: JSON.stringify(input) }),
    onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }),
  });
}
