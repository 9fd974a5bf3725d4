import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { ErrorEnvelope, type Permission } from '@bazaar/shared';
import { SerializedJson } from './http-cache/serialized-json';
import { validate, type RequestSchemas } from './validate';

export const API_PREFIX = '/api/v1';

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives: the validated request parts, typed from the route's schemas. */
export interface RouteInput<S extends RequestSchemas> {
  params: Infer<S['params']>;
  query: Infer<S['query']>;
  body: Infer<S['body']>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Content type when not JSON (e.g. text/csv). */
  contentType?: string;
}

export interface RouteDefinition<S extends RequestSchemas> {
  method: HttpMethod;
  /** Express-style path below /api/v1 (or from the root with `root: true`), e.g. `/products/:slug`. */
  path: string;
  summary: string;
  tags: string[];
  request?: S;
  /** The success status and its body; error responses are documented for every route. */
  status?: number;
  responses?: Record<number, ResponseSpec>;
  response?: z.ZodType;
  /** Extra guards (rate limits) that run first, before CSRF and authentication. */
  guards?: RequestHandler[];
  /** Body parsers that run after CSRF and authentication (multipart uploads), before validation. */
  parsers?: RequestHandler[];
  /** `user`: a fully signed-in user is required; `optional`: req.user is set when there is one. */
  auth?: 'user' | 'optional';
  /** Permission required (implies a signed-in user); recorded for docs and the route-walking tests. */
  permission?: Permission;
  /** A sensitive action: the session must have proved the password recently and not have changed origin (403 REAUTH_REQUIRED). */
  recentAuth?: boolean;
  /** Mounted at the app root rather than under /api/v1 (health checks). */
  root?: boolean;
  /** Exempt from CSRF (only the Stripe webhook). */
  csrfExempt?: boolean;
  /**
   * A public GET whose answer for a visitor without a session is built from cached data (the
   * catalog's lists and details, suggestions): such requests are answered by the guest router
   * (`lib/http-cache`) before sessions, body parsers and the API router, and the route's answers go
   * out serialised once per answer object (`SerializedJson.of`). Only for routes without guards or
   * required sign-in.
   */
  guestFastPath?: boolean;
  /**
   * The handler. Whatever it returns (if it has not answered itself) is sent as JSON with `status`.
   * Handlers are thin: call one service method; Express 5 forwards thrown errors.
   */
  handler: (input: RouteInput<S>, req: Request, res: Response) => unknown;
}

export interface RouteRecord {
  method: HttpMethod;
  path: string;
  fullPath: string;
  summary: string;
  tags: string[];
  auth?: 'user' | 'optional';
  permission?: Permission;
  recentAuth: boolean;
  csrfExempt: boolean;
  definition: RouteDefinition<RequestSchemas>;
}

/**
 * The API surface: each module declares its routes here once, and the same declaration
 * mounts the Express handler, feeds the OpenAPI document and lets tests walk the route table.
 */
export interface RouteGuards {
  csrf: RequestHandler;
  requireUser: RequestHandler;
  optionalUser: RequestHandler;
  requirePermission: (permission: Permission) => RequestHandler;
  /** Refuses API-key requests: put on every route not declared with a permission (keys are for the admin API). */
  refuseApiKey?: RequestHandler;
  /** Runs after the user guard on `recentAuth` routes. */
  requireRecentAuth?: RequestHandler;
}

const UNSAFE_METHODS = new Set<HttpMethod>(['post', 'put', 'patch', 'delete']);

export class ApiRegistry {
  readonly apiRouter = Router();
  readonly rootRouter = Router();
  readonly routes: RouteRecord[] = [];

  constructor(private readonly guards?: RouteGuards) {}

  /**
   * CSRF for every state-changing route but the exempt ones, then authentication, in that order;
   * an API key is refused first on any route that is not the admin API's.
   */
  private securityChain(def: RouteDefinition<RequestSchemas>): RequestHandler[] {
    const g = this.guards;
    if (!g) return [];
    const chain: RequestHandler[] = [];
    if (!def.permission && g.refuseApiKey) chain.push(g.refuseApiKey);
    if (UNSAFE_METHODS.has(def.method) && !def.csrfExempt && !def.root) chain.push(g.csrf);
    if (def.permission) chain.push(g.requirePermission(def.permission));
    else if (def.auth === 'user') chain.push(g.requireUser);
    else if (def.auth === 'optional') chain.push(g.optionalUser);
    if (def.recentAuth) {
      if (!g.requireRecentAuth || (!def.permission && def.auth !== 'user'))
        throw new Error(`${def.path}: recentAuth needs a signed-in route and the guard`);
      chain.push(g.requireRecentAuth);
    }
    return chain;
  }

  route<S extends RequestSchemas>(def: RouteDefinition<S>): void {
    if (
      def.guestFastPath &&
      (def.method !== 'get' || def.root || def.guards?.length || def.parsers?.length || def.permission || def.auth === 'user')
    ) {
      throw new Error(`${def.method.toUpperCase()} ${def.path}: the guest fast path is only for public GETs without guards or parsers`);
    }
    const router = def.root ? this.rootRouter : this.apiRouter;
    const status = def.status ?? (def.method === 'post' ? 201 : 200);
    const handler: RequestHandler = async (req, res) => {
      const result = await def.handler(req.validated as RouteInput<S>, req, res);
      if (res.headersSent) return;
      if (result === undefined) res.status(status === 200 ? 204 : status).end();
      else if (def.guestFastPath) await SerializedJson.of(result).send(req, res, status);
      else res.status(status).json(result);
    };
    router[def.method](
      def.path,
      ...(def.guards ?? []),
      ...this.securityChain(def as unknown as RouteDefinition<RequestSchemas>),
      ...(def.parsers ?? []),
      validate(def.request ?? {}),
      handler,
    );
    this.routes.push({
      method: def.method,
      path: def.path,
      fullPath: def.root ? def.path : `${API_PREFIX}${def.path}`,
      summary: def.summary,
      tags: def.tags,
      auth: def.permission ? 'user' : def.auth,
      permission: def.permission,
      recentAuth: def.recentAuth ?? false,
      csrfExempt: def.csrfExempt ?? false,
      definition: def as unknown as RouteDefinition<RequestSchemas>,
    });
  }
}

/** Error responses every route can give, documented once. */
export const COMMON_ERROR_RESPONSES: Record<number, ResponseSpec> = {
  400: { description: 'VALIDATION_FAILED or BAD_REQUEST', schema: ErrorEnvelope },
  500: { description: 'INTERNAL: an unexpected error (no internals are exposed)', schema: ErrorEnvelope },
};
