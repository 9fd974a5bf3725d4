import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ErrorEnvelope } from '@bazaar/shared';
import { COMMON_ERROR_RESPONSES, type ApiRegistry, type ResponseSpec } from './api-registry';

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function content(spec: ResponseSpec) {
  if (!spec.schema && !spec.contentType) return undefined;
  return { [spec.contentType ?? 'application/json']: spec.schema ? { schema: spec.schema } : {} };
}

/** OpenAPI 3.1 document generated from the routes' zod schemas: the contract is written once. */
export function buildOpenApiDocument(registry: ApiRegistry, version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of registry.routes) {
    const def = route.definition;
    const status = def.status ?? (def.method === 'post' ? 201 : 200);
    const responses: Record<number, ResponseSpec> = {
      [status]: { description: 'Success', schema: def.response },
      ...COMMON_ERROR_RESPONSES,
      ...def.responses,
    };
    if (route.auth === 'user') {
      responses[401] = { description: 'UNAUTHENTICATED', schema: ErrorEnvelope };
      responses[403] = {
        description: route.recentAuth
          ? 'FORBIDDEN, or REAUTH_REQUIRED (prove the password with POST /auth/reauth, then retry)'
          : 'FORBIDDEN',
        schema: ErrorEnvelope,
      };
    }
    const operation: ZodOpenApiOperationObject = {
      summary: def.summary,
      tags: def.tags,
      operationId: `${route.method}${route.fullPath.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(route.permission
        ? {
            description: `Requires permission \`${route.permission}\`: a staff session with it, or an API key that has it.`,
            security: [{ session: [] }, { apiKey: [] }],
          }
        : {}),
      requestParams: {
        ...(def.request?.params ? { path: def.request.params as never } : {}),
        ...(def.request?.query ? { query: def.request.query as never } : {}),
      },
      ...(def.request?.body ? { requestBody: { required: true, content: { 'application/json': { schema: def.request.body } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(responses).map(([code, spec]) => [code, { description: spec.description, content: content(spec) }]),
      ),
    };
    const key = toOpenApiPath(route.fullPath);
    paths[key] = { ...paths[key], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Bazaar API',
      version,
      description: 'Session-authenticated e-commerce API. Errors use one envelope: `{ error: { code, message, details, requestId } }`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'bazaar.sid',
          description: 'The session cookie; state-changing requests send X-CSRF-Token.',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`bzk_…`) made on /admin/api-keys: admin routes only, no cookie and no CSRF token.',
        },
      },
    },
    paths,
  });
}
