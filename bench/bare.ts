/** The baseline: a bare Koa app answering a small JSON body, in its own process like the API. */
import http from 'node:http';
import Koa from 'koa';

const app = new Koa();
app.use((ctx) => {
  ctx.body = { ok: true };
});
const server = http.createServer(app.callback());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as { port: number }).port, dbVersion: '' });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: u.user + u.system });
  }
  if (m.type === 'exit') {
    server.closeAllConnections();
    server.close();
    process.exit(0);
  }
});
