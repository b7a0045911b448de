// search.mjs: the hub's search box, used as a resident would, in headless
// Chromium against a built site served on 127.0.0.1.
//
//   node search.mjs SITE_DIR RESULTS_FILE
//
// Each query is typed into the box; the test waits for the live region to
// announce the count and reads the results in order.  It checks that a
// pack is found by a word of its title, of its body (plain and easy
// read), by topic and by area; that title matches rank first; that an
// unknown word says so; and it reports the bytes each query fetched from
// the index.  Without JavaScript the box must stay hidden and the A to Z
// link must lead to a page listing every consultation.
// Results are appended as "pass search NAME" / "fail search NAME".

import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './site.mjs';

const [siteDir, resultsFile] = process.argv.slice(2);
if (!siteDir || !resultsFile) {
    console.error('usage: node search.mjs SITE_DIR RESULTS_FILE');
    process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const { server, origin } = await serve(siteDir);
const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

function record(ok, name, why) {
    appendFileSync(resultsFile, `${ok ? 'pass' : 'fail'} search ${name}\n`);
    if (!ok)
        console.log(`search: ${name}: ${why}`);
}

async function newPage(javaScriptEnabled) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
    await context.route('**/*', (route) =>
        route.request().url().startsWith(origin + '/') ? route.continue() : route.abort());
    return context.newPage();
}

const page = await newPage(true);
let fetched = 0;
page.on('response', async (r) => {
    if (r.url().includes('/search/')) {
        const body = await r.body().catch(() => Buffer.alloc(0));
        fetched += body.length;
    }
});
await page.goto(origin + '/');

// Ask a question, wait for the announcement (anything but "Searching…",
// in the page's language), return the titles shown.
async function ask(query, on = page) {
    fetched = 0;
    await on.fill('#search-words', '');
    await on.fill('#search-words', query);
    await on.press('#search-words', 'Enter');
    await on.waitForFunction(() => {
        const s = document.querySelector('.search-status');
        const f = document.querySelector('form.search-form');
        return s && s.textContent && s.textContent !== f.getAttribute('data-msg-searching');
    }, null, { timeout: 10000 });
    const status = await on.textContent('.search-status');
    const titles = await on.$$eval('.search-results h3 a', (as) => as.map((a) => a.textContent));
    const links = await on.$$eval('.search-results h3 a', (as) => as.map((a) => a.href));
    return { status, titles, links, bytes: fetched };
}

const visible = await page.isVisible('form.search-form');
record(visible, 'box-shown-with-javascript', 'the search form is hidden although JavaScript runs');
const live = await page.getAttribute('.search-status', 'role');
record(live === 'status', 'live-region', `the result count is not in a live region (role=${live})`);

// Ask what the example site holds (content/): a title word, a body word, a
// topic, an area, an easy-read-only word, and a word nobody used.
const titles = JSON.parse(await (await fetch(origin + '/consultations.json')).text())
    .consultations.map((c) => c.title);
const cases = [
    ['title-word', 'buses', (r) => r.titles[0] === 'Changes to evening bus services'],
    ['title-first', 'library', (r) => r.titles[0] === 'Library opening hours'],
    ['prefix', 'libr', (r) => r.titles.includes('Library opening hours')],
    ['topic', 'adult social care', (r) => r.titles.length === 1 && /Harbour Day Centre/.test(r.titles[0])],
    ['area', 'Riverside', (r) => r.titles.includes('Changes to evening bus services')],
    ['every-word', 'sensory buses', (r) => r.titles.length === 0 && /No consultations/.test(r.status)],
    ['nothing', 'zzqxj', (r) => r.titles.length === 0 && /No consultations found/.test(r.status)],
    ['count-said', 'buses', (r) => new RegExp(`^${r.titles.length} consultations? found`).test(r.status)],
    ['links-work', 'buses', (r) => r.links.every((l) => l.startsWith(origin + '/consultations/'))],
];
for (const [name, query, ok] of cases) {
    const r = await ask(query);
    record(ok(r), name, `"${query}" gave ${JSON.stringify(r.titles)} and said "${r.status}"`);
    console.log(`search: "${query}": ${r.titles.length} found, ${r.bytes} bytes fetched`);
}
// Words that are in no title, summary, topic or area: of a pack's body,
// and of an event's access notes.
const bodyWord = await ask('sensory');
record(bodyWord.titles.length === 1 && /Harbour Day Centre/.test(bodyWord.titles[0]), 'body-word',
       `"sensory" (a word of a pack's body) found ${JSON.stringify(bodyWord.titles)}`);
const accessWord = await ask('interpreter');
record(accessWord.titles.includes('Changes to evening bus services'), 'event-access-word',
       `"interpreter" (an event's access note) found ${JSON.stringify(accessWord.titles)}`);

// Without JavaScript: no box, and A to Z lists every consultation.
const plain = await newPage(false);
await plain.goto(origin + '/');
record(!(await plain.isVisible('form.search-form')), 'box-hidden-without-javascript',
       'a search box that cannot work is shown');
await plain.click('text=See every consultation from A to Z');
const listed = await plain.$$eval('.a-to-z-list a', (as) => as.map((a) => a.textContent));
const want = [...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
record(JSON.stringify(listed) === JSON.stringify(want), 'a-to-z',
       `A to Z lists ${JSON.stringify(listed)}, expected ${JSON.stringify(want)}`);
const packs = readdirSync(join(siteDir, 'consultations')).length;
record(listed.length === packs, 'a-to-z-complete', `${listed.length} listed of ${packs}`);

// A Welsh reader searches the Welsh index, in Welsh words, and is told
// what was found in Welsh; the A to Z is in Welsh too.
const welshTitle = "Newidiadau i wasanaethau bws gyda'r nos";
const cy = await newPage(true);
await cy.goto(origin + '/cy/');
const bysiau = await ask('bysiau', cy);
record(bysiau.titles[0] === welshTitle && /^Cafwyd 1 ymgynghoriad/.test(bysiau.status), 'welsh-word',
       `"bysiau" on the Welsh hub gave ${JSON.stringify(bysiau.titles)} and said "${bysiau.status}"`);
record(bysiau.links.every((l) => l.startsWith(origin + '/consultations/evening-buses/cy/')), 'welsh-links',
       `the Welsh result leads to ${JSON.stringify(bysiau.links)}`);
const dim = await ask('zzqxj', cy);
record(dim.titles.length === 0 && /^Ni chafwyd/.test(dim.status), 'welsh-nothing',
       `"zzqxj" on the Welsh hub said "${dim.status}"`);
const cyPlain = await newPage(false);
await cyPlain.goto(origin + '/cy/');
await cyPlain.click('a[href$="cy/a-z/"]');
const cyListed = await cyPlain.$$eval('.a-to-z-list a', (as) => as.map((a) => a.textContent));
record(cyListed.includes(welshTitle) && cyListed.length === packs && /\/cy\/a-z\/$/.test(cyPlain.url()),
       'welsh-a-to-z', `the Welsh A to Z at ${cyPlain.url()} lists ${JSON.stringify(cyListed)}`);

await browser.close();
server.close();
