import { createServer } from 'node:http';
import { listProducts } from './routes/products.js';

const port = Number(process.env.PORT ?? 3000);

createServer(async (request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (request.url === '/products') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await listProducts()));
    return;
  }
  response.writeHead(404).end();
}).listen(port);
