// reflow.mjs: every page of a built site, at phone widths and at every text
// size and spacing the theme's settings panel offers, must not scroll
// sideways (WCAG 1.4.10 Reflow).  Also: on a phone the page's title is on
// the first screen, and on a desktop the format buttons sit in one row.
//
//   node reflow.mjs SITE_DIR RESULTS_FILE [ARTIFACTS_DIR]
//
// One test per page per width: "pass reflow PATH at 320px" or "fail ...".
// The settings are read from the page itself (every radio button in the
// settings form), so a theme that offers another size is checked at it too.
// A table, code block or anything else wider than the screen passes only
// when it scrolls inside its own box that a keyboard can reach (tabindex)
// and a screen reader can name (a role and a label): WCAG allows data
// tables to scroll in two directions, not the page.
//
// With ARTIFACTS_DIR, each page at the largest text size on a 390px phone
// is saved there as a screenshot for a person to look at.

import { appendFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium, onlyFrom, pagesUnder, serve, urlPath } from './site.mjs';

const [siteDir, resultsFile, artifactsDir] = process.argv.slice(2);
if (!siteDir || !resultsFile) {
    console.error('usage: node reflow.mjs SITE_DIR RESULTS_FILE [ARTIFACTS_DIR]');
    process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WIDTHS = [320, 390];
const PHONE_HEIGHT = 844;
const TITLE_WIDTH = 390;

const { root, origin, server } = await serve(siteDir);
const pages = pagesUnder(root);
const browser = await launchChromium(CHROMIUM);

async function newPage(viewport) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1,
                                               isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
    await onlyFrom(context, origin);
    return context.newPage();
}

// Every combination of the settings that change size or spacing (colours
// do not change the layout), as lists of radio ids to check.
async function settingCombinations(page) {
    const groups = await page.evaluate(() => {
        const byName = {};
        for (const input of document.querySelectorAll('.settings input[type=radio]')) {
            if (input.name === 'colours')
                continue;
            (byName[input.name] ||= []).push(input.id);
        }
        return Object.values(byName);
    });
    let combos = [[]];
    for (const ids of groups)
        combos = combos.flatMap((c) => ids.map((id) => [...c, id]));
    return combos;
}

// What sticks out past the right edge of the screen, and is not inside a
// box that scrolls on its own and can be reached and named.
function findOverflow(limit) {
    const problems = [];
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > limit + 1)
        problems.push(`the page is ${pageWidth}px wide`);
    const scrollsOnItsOwn = (el) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (/(auto|scroll)/.test(style.overflowX) && box.scrollWidth > box.clientWidth)
                return box;
        }
        return null;
    };
    const describe = (el) => `<${el.localName}${el.className ? ` class="${el.className}"` : ''}>` +
        ` "${(el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    // Hidden from sight: the page's own hidden classes, a closed details,
    // or inside a box clipped away (visually hidden by another name: it
    // cannot make the page scroll, as the page-width check above shows).
    const unseen = (el) => {
        if (el.closest('.visually-hidden, .skip-link, details:not([open]) > :not(summary)'))
            return true;
        for (let a = el; a && a !== document.body; a = a.parentElement) {
            const cs = getComputedStyle(a);
            if (cs.position === 'absolute' && cs.clip !== 'auto')
                return true;
        }
        return false;
    };
    const seenBoxes = new Set();
    for (const el of document.querySelectorAll('body *')) {
        if (unseen(el))
            continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= limit + 1)
            continue;
        const leaf = el.children.length === 0 && ((el.textContent || '').trim() || el.localName === 'img');
        if (!leaf)
            continue;
        const box = scrollsOnItsOwn(el);
        if (!box) {
            problems.push(`${describe(el)} runs past the right edge (to ${Math.round(r.right)}px)`);
            break;
        }
        if (seenBoxes.has(box))
            continue;
        seenBoxes.add(box);
        const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
        if (box.tabIndex < 0 || !box.getAttribute('role') || !named)
            problems.push(`${describe(box)} scrolls sideways but a keyboard cannot reach it or it has no role and label`);
    }
    // Text can spill out of a box that stays inside the screen (a long word
    // in a flex item): look at the text itself too.
    if (!problems.some((p) => p.includes('runs past'))) {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el || unseen(el))
                continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            const over = [...range.getClientRects()].find((r) => r.width > 0 && r.right > limit + 1);
            if (over && !scrollsOnItsOwn(n)) {
                problems.push(`the text "${n.textContent.trim().slice(0, 40)}" in ${describe(el)} runs past the right edge (to ${Math.round(over.right)}px)`);
                break;
            }
        }
    }
    return problems;
}

let failed = 0;
const shots = [];
if (artifactsDir)
    mkdirSync(artifactsDir, { recursive: true });
for (const width of WIDTHS) {
    const page = await newPage({ width, height: PHONE_HEIGHT });
    for (const file of pages) {
        const name = relative(root, file);
        const problems = [];
        try {
            await page.goto(origin + urlPath(root, file), { waitUntil: 'load', timeout: 30000 });
            // On a phone (390 by 844) the title's first line must be on the
            // first screen, with no settings changed.
            if (width === TITLE_WIDTH) {
                const title = await page.evaluate(() => {
                    const h1 = document.querySelector('h1');
                    if (!h1)
                        return null;
                    const line = parseFloat(getComputedStyle(h1).lineHeight) || h1.getBoundingClientRect().height;
                    return { top: h1.getBoundingClientRect().top, line };
                });
                if (!title)
                    problems.push('there is no <h1>');
                else if (title.top + title.line > PHONE_HEIGHT)
                    problems.push(`the title starts ${Math.round(title.top)}px down, below the first screen (${PHONE_HEIGHT}px)`);
            }
            for (const combo of await settingCombinations(page)) {
                await page.evaluate((ids) => {
                    for (const id of ids)
                        document.getElementById(id).checked = true;
                }, combo);
                const found = await page.evaluate(findOverflow, width);
                for (const p of found)
                    problems.push(`with ${combo.map((id) => id.replace(/^[a-z]+-[a-z]+-/, '')).join(' + ') || 'no settings'}: ${p}`);
                const largest = combo.some((id) => /largest/.test(id)) && combo.every((id) => !/wide/.test(id));
                if (artifactsDir && width === 390 && largest) {
                    const out = join(artifactsDir, `largest-390-${name.replace(/\/?index\.html$/, '').replace(/\//g, '_') || 'hub'}.png`);
                    await page.screenshot({ path: out, fullPage: true });
                    shots.push(out);
                }
            }
        } catch (e) {
            problems.push(`the page did not load: ${e.message.split('\n')[0]}`);
        }
        const label = `${name} at ${width}px`;
        if (problems.length) {
            failed++;
            appendFileSync(resultsFile, `fail reflow ${label}\n`);
            for (const p of [...new Set(problems)])
                console.log(`reflow: ${label}: ${p}`);
        } else {
            appendFileSync(resultsFile, `pass reflow ${label}\n`);
        }
    }
    await page.context().close();
}

// On a desktop the format buttons sit side by side, in one row.
{
    const page = await newPage({ width: 1280, height: 900 });
    for (const file of pages) {
        const name = relative(root, file);
        await page.goto(origin + urlPath(root, file), { waitUntil: 'load', timeout: 30000 });
        const tops = await page.evaluate(() =>
            [...document.querySelectorAll('.formats li')].map((li) => Math.round(li.getBoundingClientRect().top)));
        if (tops.length < 2)
            continue;
        if (new Set(tops).size > 1) {
            failed++;
            appendFileSync(resultsFile, `fail format-row ${name} at 1280px\n`);
            console.log(`reflow: ${name} at 1280px: the ${tops.length} format buttons wrap onto ${new Set(tops).size} rows`);
        } else {
            appendFileSync(resultsFile, `pass format-row ${name} at 1280px\n`);
        }
    }
    await page.context().close();
}

console.log(`reflow: ${pages.length * WIDTHS.length} page widths checked, ${failed} failed` +
            (shots.length ? `; ${shots.length} screenshots at Largest in ${artifactsDir}` : ''));
await browser.close();
server.close();
