// static-server.mjs: a tiny static server for a built site on 127.0.0.1
// (a random free port), so pages load as they would from a web server:
// links to folders, relative paths, content types and fetch() all behave
// as published.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const TYPES = {
    '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml',
    '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
    '.gif': 'image/gif', '.webp': 'image/webp', '.pdf': 'application/pdf',
    '.xml': 'application/xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
    '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8',
    '.ics': 'text/calendar; charset=utf-8',
};

export function serve(root) {
    const server = createServer((req, res) => {
        let path;
        try {
            path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        } catch {
            res.writeHead(400).end();
            return;
        }
        let file = normalize(join(root, path));
        if (file !== root && !file.startsWith(root + sep)) {
            res.writeHead(403).end();
            return;
        }
        if (existsSync(file) && statSync(file).isDirectory()) {
            if (!path.endsWith('/')) {      // as web servers do: /a -> /a/
                res.writeHead(301, { Location: path + '/' }).end();
                return;
            }
            file = join(file, 'index.html');
        }
        if (!existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
            return;
        }
        res.writeHead(200, { 'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream' });
        createReadStream(file).pipe(res);
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
