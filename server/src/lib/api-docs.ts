import express, { Router } from 'express';
import helmet from 'helmet';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bazaar API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/**
 * The human API page at /api/docs: Swagger UI served from the installed package (no CDN, works
 * offline). Swagger UI sets inline styles, so this page alone allows them.
 */
export function apiDocsRouter(): Router {
  const router = Router();
  router.use(
    helmet.contentSecurityPolicy({
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
    }),
  );
  router.use('/assets', express.static(getAbsoluteFSPath(), { index: false, redirect: false, maxAge: '1d' }));
  router.get('/init.js', (_req, res) => void res.type('application/javascript').send(INIT));
  router.get('/', (_req, res) => void res.type('html').send(PAGE));
  return router;
}
