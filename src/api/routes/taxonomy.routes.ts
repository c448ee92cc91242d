import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CATEGORY_DEFINITIONS,
  CREDIBILITY_LABELS,
  RELIABILITY_LABELS,
  THEME_LABELS,
} from '../../core/taxonomy.js';
import { VERIFICATION_TRANSITIONS } from '../../core/verification.js';

/** The taxonomy as data, for API clients that do not share Haven's code. */
export const taxonomyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/taxonomy',
    {
      schema: {
        tags: ['reference'],
        summary: 'Themes, categories (with the themes each belongs to), source grades and verification transitions',
        response: {
          200: z.object({
            themes: z.record(z.string(), z.string()),
            categories: z.record(z.string(), z.object({ label: z.string(), themes: z.array(z.string()) })),
            reliability: z.record(z.string(), z.string()),
            credibility: z.record(z.string(), z.string()),
            verificationTransitions: z.record(z.string(), z.array(z.string())),
          }),
        },
      },
    },
    async () => ({
      themes: THEME_LABELS,
      categories: Object.fromEntries(Object.entries(CATEGORY_DEFINITIONS).map(([k, v]) => [k, { label: v.label, themes: [...v.themes] }])),
      reliability: RELIABILITY_LABELS,
      credibility: Object.fromEntries(Object.entries(CREDIBILITY_LABELS)),
      verificationTransitions: Object.fromEntries(Object.entries(VERIFICATION_TRANSITIONS).map(([k, v]) => [k, [...v]])),
    }),
  );
};
