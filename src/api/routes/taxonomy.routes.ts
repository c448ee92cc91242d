import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CATEGORY_DEFINITIONS,
  CREDIBILITY_LABELS,
  RELIABILITY_LABELS,
  taxonomyReferenceSchema,
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
          200: taxonomyReferenceSchema,
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
