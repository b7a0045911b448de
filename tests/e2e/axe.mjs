// axe.mjs: every page of a built site in headless Chromium, checked by
// axe-core against WCAG 2.0, 2.1 and 2.2 A and AA, and screenshots of one
// consultation pack in each format for a person to look at.
//
//   node axe.mjs SITE_DIR RESULTS_FILE ARTIFACTS_DIR
//
// The site is served from a tiny static server on 127.0.0.1 (a random free
// port), so pages load as they would from a web server: links to folders,
// relative paths and content types all behave as published.  The browser is
// Debian's /usr/bin/chromium; nothing is downloaded, and every request that
// is not to the local server is refused.
//
// One test per page: it passes when axe finds no violations and nothing
// the page asks for from the site (a stylesheet, a picture) is missing.
// Results are appended to RESULTS_FILE as "pass axe PATH" / "fail axe PATH".

import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { launchChromium, onlyFrom, pagesUnder, serve, urlPath } from './site.mjs';

const [siteDir, resultsFile, artifactsDir] = process.argv.slice(2);
if (!siteDir || !resultsFile || !artifactsDir) {
    console.error('usage: node axe.mjs SITE_DIR RESULTS_FILE ARTIFACTS_DIR');
    process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = require.resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// ---- Checks ------------------------------------------------------------

const { root, origin, server } = await serve(siteDir);
const pages = pagesUnder(root);
const browser = await launchChromium(CHROMIUM, ['--disable-quic']);

async function newPage(viewport) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1,
                                               isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
    // Only the local site: a page that reaches out to the internet is a
    // privacy problem for residents, and this run must not use the network.
    await onlyFrom(context, origin, (url) => console.log(`axe: refused a request to ${url}`));
    return context.newPage();
}

let failed = 0;
const page = await newPage({ width: 1280, height: 900 });
const missing = [];
page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(origin))
        missing.push(`${r.status()} ${r.url().slice(origin.length)}`);
});
page.on('pageerror', (e) => missing.push(`script error: ${e.message}`));

for (const file of pages) {
    const path = urlPath(root, file);
    const name = relative(root, file);
    missing.length = 0;
    let problems = [];
    try {
        await page.goto(origin + path, { waitUntil: 'load', timeout: 30000 });
        await page.addScriptTag({ path: axeSource });
        const result = await page.evaluate(async (tags) => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                              targets: v.nodes.map((n) => n.target.join(' ')) }));
        }, WCAG_TAGS);
        for (const v of result)
            problems.push(`${v.id} (${v.impact}): ${v.help}\n      at ${v.targets.join(', ')}\n      ${v.helpUrl}`);
        for (const m of missing)
            problems.push(`could not load ${m}`);
    } catch (e) {
        problems = [`the page did not load or axe did not run: ${e.message.split('\n')[0]}`];
    }
    if (problems.length) {
        failed++;
        appendFileSync(resultsFile, `fail axe ${name}\n`);
        for (const p of problems)
            console.log(`axe: ${name}: ${p}`);
    } else {
        appendFileSync(resultsFile, `pass axe ${name}\n`);
    }
}
console.log(`axe: ${pages.length - failed} of ${pages.length} pages without violations`);
await page.context().close();

// ---- Screenshots of one pack -------------------------------------------

// The first pack with all three formats; the plain page is its index.html.
const consultations = join(root, 'consultations');
const pack = existsSync(consultations)
    ? readdirSync(consultations).sort().find((slug) =>
        ['index.html', 'easy-read/index.html', 'large-print/index.html']
            .every((f) => existsSync(join(consultations, slug, f))))
    : undefined;
if (!pack) {
    console.log('screenshots: no pack with plain, easy-read and large-print pages');
    appendFileSync(resultsFile, 'fail screenshots consultations/*\n');
} else {
    mkdirSync(artifactsDir, { recursive: true });
    const formats = { plain: '', 'easy-read': 'easy-read/', 'large-print': 'large-print/' };
    const shots = [];
    for (const [width, height, label] of [[1280, 900, 'desktop'], [390, 844, 'phone']]) {
        const shotPage = await newPage({ width, height });
        for (const [format, sub] of Object.entries(formats)) {
            const out = join(artifactsDir, `${pack}-${format}-${width}.png`);
            await shotPage.goto(`${origin}/consultations/${pack}/${sub}`, { waitUntil: 'load' });
            await shotPage.screenshot({ path: out, fullPage: true });
            shots.push(`${relative(process.cwd(), out)} (${label})`);
        }
        // A phone page should not scroll sideways (WCAG 1.4.10 Reflow).
        // axe cannot see this, so it is checked here and counted
        // (E2E_REFLOW=warn reports it without failing).
        if (width < 600) {
            for (const [format, sub] of Object.entries(formats)) {
                await shotPage.goto(`${origin}/consultations/${pack}/${sub}`, { waitUntil: 'load' });
                // Text that runs past the right edge is either scrolled to
                // sideways or, inside a box that hides overflow, cut off.
                const wide = await shotPage.evaluate((limit) => {
                    const w = document.documentElement.scrollWidth;
                    let culprit = '';
                    for (const el of document.querySelectorAll('body *')) {
                        const r = el.getBoundingClientRect();
                        if (r.width > 0 && r.right > limit + 1 && el.children.length === 0 &&
                            (el.textContent || '').trim()) {
                            culprit = `<${el.localName}> "${el.textContent.trim().slice(0, 40)}"`;
                            break;
                        }
                    }
                    return { w, culprit };
                }, width);
                const name = `consultations/${pack}/${sub}index.html at ${width}px`;
                if (wide.w > width + 1 || wide.culprit) {
                    const counted = process.env.E2E_REFLOW !== 'warn';
                    appendFileSync(resultsFile, `${counted ? 'fail' : 'warn'} reflow ${name}\n`);
                    console.log(`reflow: ${counted ? '' : 'warning: '}${name}: ` +
                                (wide.w > width + 1 ? `the page is ${wide.w}px wide, so people on phones must scroll sideways; `
                                                    : 'text is cut off at the right edge; ') +
                                `it sticks out at ${wide.culprit || 'an element'}`);
                } else if (process.env.E2E_REFLOW !== 'warn') {
                    appendFileSync(resultsFile, `pass reflow ${name}\n`);
                }
            }
        }
        await shotPage.context().close();
    }
    console.log(`screenshots: ${shots.length} of pack "${pack}" in ${relative(process.cwd(), artifactsDir) || '.'}`);
}

await browser.close();
server.close();
