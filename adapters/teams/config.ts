import { z } from 'zod';
import { rate, webhookUrl } from '../../src/config/schema-parts.js';

/**
 * `platform: teams` — a Workflows webhook (`adaptive-card`, the default) or a legacy
 * Office 365 connector / a flow built to take MessageCards (`messagecard`).
 */
export const teamsChannelSchema = z.strictObject({
  platform: z.literal('teams'),
  webhook_url: webhookUrl,
  format: z.enum(['adaptive-card', 'messagecard']).default('adaptive-card'),
  rate: rate.optional(),
});

export type TeamsChannel = z.infer<typeof teamsChannelSchema>;
