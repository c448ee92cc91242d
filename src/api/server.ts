import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../application/app-context.js';
import type { BasemapArchive } from '../core/basemap.schema.js';
import { ClusterService } from '../application/cluster.service.js';
import { failInterruptedImportJobs } from '../application/import-job.service.js';
import { healthOf } from '../application/health.service.js';
import { ImportJobRunner } from '../interchange/import-job-runner.js';
import { interchangeRoutes, UPLOAD_CONTENT_TYPES } from './routes/interchange.routes.js';
import { frameworkErrorHandler, installErrorHandler } from './error-handler.js';
import { auditRoutes } from './routes/audit.routes.js';
import { basemapRoutes } from './routes/basemap.routes.js';
import { mapRoutes } from './routes/map.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { caseRoutes } from './routes/cases.routes.js';
import { detectionRoutes } from './routes/detections.routes.js';
import { EVIDENCE_UPLOAD_CONTENT_TYPES, evidenceRoutes } from './routes/evidence.routes.js';
import { forceRoutes } from './routes/force.routes.js';
import { gazetteerRoutes } from './routes/gazetteer.routes.js';
import { incidentRoutes } from './routes/incidents.routes.js';
import { PLACE_FILE_CONTENT_TYPES, placeRoutes } from './routes/places.routes.js';
import { monitoringRoutes } from './routes/monitoring.routes.js';
import { spendingRoutes } from './routes/spending.routes.js';
import { capabilityRoutes } from './routes/capability.routes.js';
import { postureRoutes } from './routes/posture.routes.js';
import { coursesOfActionRoutes } from './routes/courses-of-action.routes.js';
import { exerciseRoutes } from './routes/exercises.routes.js';
import { taxonomyRoutes } from './routes/taxonomy.routes.js';
import { restrictionRoutes } from './routes/restriction.routes.js';
import { reportRoutes } from './routes/reports.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { installSessionAuth } from './session-auth.js';
import { installCachePolicy } from './cache-policy.js';
import { installCsrfGuard } from './csrf-guard.js';
import { installNulGuard } from './nul-guard.js';
import { installGlyphRoute } from './glyph-route.js';
import { signInSecurityRoutes } from './routes/sign-in-security.routes.js';
import { syncRoutes } from './routes/sync.routes.js';

export interface ServerOptions {
  /** The built web app (Vite output); the API works without it. */
  webRoot?: string;
  /** The address users reach Haven at, for links in exports (default: the address of the request). */
  publicUrl?: string;
  /** Mark cookies Secure: on whenever Haven is served over HTTPS (directly or behind a proxy). */
  secureCookies?: boolean;
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** The operator's own basemap extract (HAVEN_BASEMAP), already opened and checked; closed with the server. */
  basemap?: BasemapArchive;
  /** The largest sync bundle a push may carry (default DEFAULT_MAX_SYNC_BUNDLE_BYTES; HAVEN_SYNC_MAX_BUNDLE_BYTES). */
  maxSyncBundleBytes?: number;
}

export const API_PREFIX = '/api/v1';

/**
 * Never written to a log: authentication secrets and the sensitive details of people (names, contacts, sources),
 * wherever a handler or plugin might log a request, a body or an incident.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'totp',
  'sensitive',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.totp',
  '*.secret',
  '*.sensitive',
  '*.victims',
  '*.witnesses',
  '*.sourceIdentities',
  '*.*.sensitive',
];

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { ...(typeof options.logger === 'object' ? options.logger : {}), redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } } : false,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => ctx.newId(),
    // Fastify's default ajv would otherwise coerce before zod sees the value; zod is the one validator.
    ajv: { customOptions: { coerceTypes: false } },
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Helmet's headers, built once: @fastify/helmet builds the middleware (and parses the policy) on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // MapLibre runs its tile workers from blob URLs.
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)));
  await app.register(fastifyCookie);
  installCachePolicy(app);
  installErrorHandler(app);
  installCsrfGuard(app);
  installNulGuard(app);
  installSessionAuth(app, ctx, [...UPLOAD_CONTENT_TYPES, ...EVIDENCE_UPLOAD_CONTENT_TYPES, ...PLACE_FILE_CONTENT_TYPES]);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Haven API',
        version: '1',
        description: 'The harm register of Haven, a human security operations platform. Log in at /auth/login; the session cookie authenticates every other call.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'haven_session' }, apiToken: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { hide: true } }, async () => healthOf(ctx));

  const clusters = new ClusterService(ctx);
  const imports = new ImportJobRunner(ctx);
  await failInterruptedImportJobs(ctx);
  app.addHook('onClose', () => imports.idle());
  const basemap = options.basemap;
  if (basemap) app.addHook('onClose', () => basemap.close());
  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx, { secureCookies: options.secureCookies ?? false }));
      await api.register(incidentRoutes(ctx, clusters));
      await api.register(userRoutes(ctx));
      await api.register(restrictionRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(signInSecurityRoutes(ctx));
      await api.register(taxonomyRoutes);
      await api.register(gazetteerRoutes);
      await api.register(forceRoutes(ctx));
      await api.register(coursesOfActionRoutes(ctx));
      await api.register(exerciseRoutes(ctx));
      await api.register(caseRoutes(ctx));
      await api.register(detectionRoutes(ctx));
      await api.register(evidenceRoutes(ctx));
      await api.register(placeRoutes(ctx));
      await api.register(monitoringRoutes(ctx));
      await api.register(spendingRoutes(ctx));
      await api.register(capabilityRoutes(ctx));
      await api.register(postureRoutes(ctx));
      await api.register(reportRoutes(ctx));
      await api.register(basemapRoutes(basemap, API_PREFIX));
      await api.register(mapRoutes(ctx));
      await api.register(syncRoutes(ctx, { maxBundleBytes: options.maxSyncBundleBytes }));
      await api.register(interchangeRoutes(ctx, imports, { ...(options.publicUrl && { publicUrl: options.publicUrl }) }));
    },
    { prefix: API_PREFIX },
  );

  if (options.webRoot && existsSync(options.webRoot)) {
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, maxAge: '1h', preCompressed: true });
    installGlyphRoute(app, options.webRoot);
    // The web app routes in the browser: any other page path gets its shell.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}
