import { z } from 'zod';

/** How to show a key, value or header: auto picks JSON, then UTF-8 text, then binary (hex + base64). */
export const decodeModeSchema = z.enum(['auto', 'json', 'text', 'hex', 'base64']);
export type DecodeMode = z.infer<typeof decodeModeSchema>;

export const decodedFieldSchema = z.object({
  /** null: the field is absent (null key, tombstone value). */
  encoding: z.enum(['null', 'json', 'text', 'binary']),
  /** What to display: pretty JSON, text, or hex for binary; possibly truncated. Null when encoding is null. */
  display: z.string().nullable(),
  /** The exact bytes, base64; omitted when the field is truncated (fetch the full message for them). */
  base64: z.string().nullable(),
  size: z.number().int(),
  truncated: z.boolean(),
});
export type DecodedField = z.infer<typeof decodedFieldSchema>;
