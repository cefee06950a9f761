import 'server-only';
import pino from 'pino';

export const logger = pino({
  name: 'wharf',
  level: process.env.WHARF_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  redact: { paths: ['*.password', '*.sasl', 'password', 'authorization'], censor: '[secret]' },
});
