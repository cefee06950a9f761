'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KafkaMessage, ScanDone, ScanProgress } from '@/lib/contracts/kafka-messages';
import { messagesUrl } from './kafka-messages';
import { readSse } from './read-sse';

/** The browser keeps at most this many streamed messages; older ones drop off the end of a tail. */
export const STREAM_KEEP_MESSAGES = 5000;

export type StreamState = {
  running: boolean;
  messages: KafkaMessage[];
  progress: ScanProgress | null;
  done: ScanDone | null;
  error: string | null;
};

const idle: StreamState = { running: false, messages: [], progress: null, done: null, error: null };

/**
 * A filtered scan or live tail over server-sent events (read with fetch, so a 400 shows its message).
 * `stop` aborts the request, which cancels the work on the server; `start` with the last progress
 * cursor and `keep` resumes where it stopped (pause/resume).
 */
export function useMessageStream(conn: string, topic: string) {
  const [state, setState] = useState<StreamState>(idle);
  const abort = useRef<AbortController | null>(null);

  const close = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
  }, []);

  const start = useCallback(
    (query: URLSearchParams, opts: { keep?: boolean } = {}) => {
      close();
      const controller = new AbortController();
      abort.current = controller;
      setState((s) => ({ ...(opts.keep ? s : idle), running: true, done: null, error: null }));
      const finish = (patch: Partial<StreamState>) => {
        if (abort.current === controller) abort.current = null;
        setState((s) => ({ ...s, running: false, ...patch }));
      };
      void (async () => {
        try {
          const res = await fetch(`${messagesUrl(conn, topic, '/stream')}?${query}`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
          if (!res.ok) {
            const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
            finish({ error: body?.error?.message ?? `Request failed with ${res.status}` });
            return;
          }
          for await (const e of readSse(res, controller.signal)) {
            if (e.event === 'messages') {
              const batch = JSON.parse(e.data) as KafkaMessage[];
              setState((s) => ({ ...s, messages: [...s.messages, ...batch].slice(-STREAM_KEEP_MESSAGES) }));
            } else if (e.event === 'progress') {
              const progress = JSON.parse(e.data) as ScanProgress;
              setState((s) => ({ ...s, progress }));
            } else if (e.event === 'done') {
              const done = JSON.parse(e.data) as ScanDone;
              finish({ done, progress: done });
              return;
            } else if (e.event === 'error') {
              finish({ error: (JSON.parse(e.data) as { message?: string }).message ?? 'The stream failed' });
              return;
            }
          }
          finish({});
        } catch (err) {
          if (controller.signal.aborted) return;
          finish({ error: err instanceof Error ? err.message : 'The stream was interrupted' });
        }
      })();
    },
    [conn, topic, close],
  );

  const stop = useCallback(() => {
    close();
    setState((s) => ({ ...s, running: false }));
  }, [close]);

  const reset = useCallback(() => {
    close();
    setState(idle);
  }, [close]);

  useEffect(() => close, [close]);

  return { ...state, start, stop, reset };
}
