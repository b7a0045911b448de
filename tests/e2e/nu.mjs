// nu.mjs: the W3C Nu HTML Checker (vnu.jar from npm) on every page of a
// built site, run with the machine's Java.  One test per page: it passes
// when the checker reports no errors for that page.
//
//   node nu.mjs SITE_DIR RESULTS_FILE
//
// Stylesheets are checked too (--also-check-css), one test per file.
// Each result is appended to RESULTS_FILE as "pass nu PATH" or
// "fail nu PATH", which run.sh counts.

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const [siteDir, resultsFile] = process.argv.slice(2);
if (!siteDir || !resultsFile) {
    console.error('usage: node nu.mjs SITE_DIR RESULTS_FILE');
    process.exit(2);
}

// The jar inside the npm package (its postinstall script, which would
// download a JDK, is never run: run.sh installs with --ignore-scripts).
const require = createRequire(import.meta.url);
const jar = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
if (!existsSync(jar)) {
    console.error(`nu: ${jar} is missing; run npm ci in tests/e2e`);
    process.exit(2);
}

function filesUnder(dir, extensions) {
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory())
            out.push(...filesUnder(path, extensions));
        else if (extensions.some((ext) => entry.name.endsWith(ext)))
            out.push(path);
    }
    return out.sort();
}

const files = filesUnder(siteDir, ['.html', '.css']);
if (files.length === 0) {
    console.error(`nu: no pages under ${siteDir}`);
    appendFileSync(resultsFile, `fail nu ${siteDir}\n`);
    process.exit(0);
}

// One Java process for all pages: the checker takes seconds to start and
// milliseconds per page.  It writes its JSON report to stderr.
const run = spawnSync('java', ['-Xss8m', '-jar', jar, '--errors-only', '--also-check-css',
                               '--format', 'json', ...files],
                      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
let report;
try {
    report = JSON.parse(run.stderr);
} catch {
    console.error(`nu: the checker did not run (exit ${run.status}):\n${run.stderr || run.error}`);
    for (const f of files)
        appendFileSync(resultsFile, `fail nu ${relative(siteDir, f)}\n`);
    process.exit(0);
}

const errorsByFile = new Map();
for (const m of report.messages) {
    // Files are named by file: URLs; messages without one are about the run.
    const file = m.url ? fileURLToPath(m.url) : '(checker)';
    if (!errorsByFile.has(file))
        errorsByFile.set(file, []);
    errorsByFile.get(file).push(m);
}

let failed = 0;
for (const f of files) {
    const page = relative(siteDir, f);
    const errors = errorsByFile.get(f) || [];
    errorsByFile.delete(f);
    if (errors.length === 0) {
        appendFileSync(resultsFile, `pass nu ${page}\n`);
        continue;
    }
    failed++;
    appendFileSync(resultsFile, `fail nu ${page}\n`);
    for (const e of errors)
        console.log(`nu: ${page}:${e.lastLine ?? 0}:${e.firstColumn ?? e.lastColumn ?? 0}: ${e.message}` +
                    (e.extract ? `\n      ${e.extract.replace(/\n/g, ' ')}` : ''));
}
// Anything left is about a file not asked for or about the run itself.
for (const [file, errors] of errorsByFile) {
    failed++;
    appendFileSync(resultsFile, `fail nu ${file}\n`);
    for (const e of errors)
        console.log(`nu: ${file}: ${e.type}: ${e.message}`);
}
console.log(`nu: ${files.length - failed} of ${files.length} files without errors`);
