import { z } from 'zod';

/** `platform: console` — prints a plain-text rendering to stdout (the default config's channel). */
export const consoleChannelSchema = z.strictObject({
  platform: z.literal('console'),
});

export type ConsoleChannel = z.infer<typeof consoleChannelSchema>;
