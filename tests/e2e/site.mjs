// site.mjs: a built site served on 127.0.0.1 for the browser checks, and
// the list of its pages.  The server behaves as a web server would (folders
// redirect to "/", content types by extension), so relative links and
// stylesheets load as they do when published.

import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
    '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml',
    '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
    '.gif': 'image/gif', '.webp': 'image/webp', '.pdf': 'application/pdf',
    '.xml': 'application/xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
    '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8',
    '.ics': 'text/calendar; charset=utf-8',
};

// Serves SITE_DIR on a free port; resolves to { root, origin, server }.
export async function serve(siteDir) {
    const root = normalize(siteDir).replace(/\/$/, '');
    const { origin, server } = await serveFolders({ '': root });
    return { root, origin, server };
}

// Serves each folder of FOLDERS ({ name: dir }) under /name/ (the folder
// named '' at /) on a free port; resolves to { origin, server }.
export function serveFolders(folders) {
    const server = createServer((req, res) => {
        let path;
        try {
            path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        } catch {
            res.writeHead(400).end();
            return;
        }
        const [, first, ...rest] = path.split('/');
        const name = '' in folders ? '' : first;
        const root = folders[name] && normalize(folders[name]).replace(/\/$/, '');
        let file = root && normalize(join(root, name === '' ? path : rest.join('/')));
        if (!root || (file !== root && !file.startsWith(root + sep))) {
            res.writeHead(root ? 403 : 404).end();
            return;
        }
        if (existsSync(file) && statSync(file).isDirectory()) {
            if (!path.endsWith('/')) {
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
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
        resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

// Every .html file under DIR, sorted.
export function pagesUnder(dir) {
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory())
            out.push(...pagesUnder(path));
        else if (entry.name.endsWith('.html'))
            out.push(path);
    }
    return out.sort();
}

// A page's address: folders end in "/", as the site links to them.
export function urlPath(root, file) {
    const rel = relative(root, file).split(sep).join('/');
    return '/' + (rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
}

// Debian's Chromium, headless, with nothing of its own on the network;
// extraArgs are added to the usual switches.
export function launchChromium(executablePath, extraArgs = []) {
    return chromium.launch({
        executablePath,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', ...extraArgs, '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

// Lets the pages of a browser context load only from origin (and data:
// addresses); onRefused(url), if given, hears of every other request.
export function onlyFrom(context, origin, onRefused) {
    return context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin + '/') || url.startsWith('data:'))
            route.continue();
        else {
            if (onRefused)
                onRefused(url);
            route.abort();
        }
    });
}
