import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Router from '@koa/router';
import type { Database } from '../../db/client';
import { AppError } from '../../http/errors';

const require = createRequire(import.meta.url);

function docsPage(specUrl: string) {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>TimeBank Alliance API · 接口文档</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js" data-spec="${specUrl}"></script>
</body></html>`;
}

const INIT_JS = `window.ui = SwaggerUIBundle({ url: document.currentScript.dataset.spec, dom_id: '#ui', persistAuthorization: true });`;

/** Health, readiness, the OpenAPI document and a browsable docs page (Swagger UI, served locally). */
export function systemRoutes(
  router: Router,
  deps: {
    database: Database;
    openapi: () => unknown;
    ready: () => boolean;
    /** SIGTERM received: in-flight requests finish, the load balancer should send no more. */
    draining?: () => boolean;
  },
) {
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    // Listening comes before the demo seed: a curl walk started at once must wait for it.
    if (deps.draining?.()) throw new AppError('server.draining');
    if (!deps.ready()) throw new AppError('server.starting');
    try {
      await deps.database.ping();
    } catch {
      throw new AppError('server.not_ready');
    }
    ctx.body = { status: 'ready', database: deps.database.kind };
  });
  router.get(['/openapi.json', '/api/v1/openapi.json'], (ctx) => {
    // The same for everyone: any cache may keep it, revalidated by its ETag (conditional.ts).
    ctx.set('Cache-Control', 'public, no-cache');
    ctx.body = deps.openapi();
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = docsPage('/openapi.json');
  });
  const uiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, [string, string]> = {
    'swagger-ui.css': ['text/css', 'swagger-ui.css'],
    'swagger-ui-bundle.js': ['application/javascript', 'swagger-ui-bundle.js'],
  };
  router.get('/docs/assets/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    if (file === 'init.js') {
      ctx.type = 'application/javascript';
      ctx.body = INIT_JS;
      return;
    }
    const asset = assets[file];
    if (!asset) throw new AppError('request.not_found');
    ctx.type = asset[0];
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = fs.createReadStream(path.join(uiDir, asset[1]));
  });
}
