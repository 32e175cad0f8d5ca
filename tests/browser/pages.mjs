// Browser checks of pressroom's pages in Debian's headless Chromium, driven
// by playwright-core: the seed article, an Arabic transcript and its Russian
// twin, a list page, the 404 page and search pages, plus an accessibility
// smoke test of each. It starts no server and downloads no browser: run.sh starts
// `pressroom serve` on a database it loaded and passes the base URL.
//
// Usage: node tests/browser/pages.mjs BASE_URL [OUT_DIR]
//   BASE_URL  e.g. http://127.0.0.1:8080, with the examples and the seed
//   OUT_DIR   where screenshots go (OUT_DIR/tests/browser/*.png); default .
// Prints every failed check and a last line "N passed, N failed"; exits 1
// if any check failed, 2 on a bad command line.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.PRESSROOM_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];
const SEED = '2015-06-11-foreign-minister-sergey-lavrovs-statement-and-answers-to-media';
const OSTRA = '2021-06-17-joint-news-conference-ostra-consular-agreement';
const WIDE = { width: 1280, height: 720 };
const NARROW = { width: 360, height: 740 };

const [base, outArg] = process.argv.slice(2);
if (base === undefined || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
	console.error('usage: pages.mjs http://127.0.0.1:PORT [OUT_DIR]');
	process.exit(2);
}
const shots = join(outArg ?? '.', 'tests', 'browser');
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;

// check(ok, what[, detail]): counts one check; prints it if it failed.
function check(ok, what, detail) {
	if (ok) {
		passed++;
		return true;
	}
	failed++;
	const more = detail === undefined ? '' :
	    ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
	console.log(`FAIL: ${what}${more}`);
	return false;
}

function eq(got, want, what) {
	return check(got === want, what,
	    `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// Opens a page that records what went wrong while it was open: console
// errors, uncaught exceptions, requests that failed or got a status >= 400.
// The document itself may have the status `mainStatus`.
async function open(ctx, path, { viewport = WIDE, mainStatus = 200 } = {}) {
	const page = await ctx.newPage();
	await page.setViewportSize(viewport);
	const url = base + path;
	const problems = [];
	const isMain = (u) => u.split('#')[0] === url.split('#')[0];
	page.on('console', (m) => {
		if (m.type() !== 'error')
			return;
		// Chromium logs the document's own error status as a console
		// error; that status is checked below.
		const loc = m.location().url;
		if (mainStatus !== 200 && isMain(loc) &&
		    m.text().includes(`status of ${mainStatus}`))
			return;
		problems.push(`console error: ${m.text()} (${loc})`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) => problems.push(
	    `request failed: ${r.url()} ${r.failure()?.errorText}`));
	page.on('response', (r) => {
		if (r.status() >= 400 && !(isMain(r.url()) &&
		    r.status() === mainStatus))
			problems.push(`HTTP ${r.status()}: ${r.url()}`);
	});
	const resp = await page.goto(url, { waitUntil: 'load' });
	eq(resp?.status(), mainStatus, `${path}: status`);
	check(/^text\/html; charset=utf-8$/i.test(resp?.headers()['content-type']),
	    `${path}: content type`, resp?.headers()['content-type']);
	return { page, path, problems };
}

// Closes a page after the browser's own late requests (the favicon) had
// time to fail, and reports whatever went wrong while it was open.
async function close({ page, path, problems }) {
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(300);
	check(problems.length === 0, `${path}: no console errors, no failed requests`,
	    problems.join('; '));
	await page.close();
}

async function docAttrs(page) {
	return page.evaluate(() => ({
		lang: document.documentElement.lang,
		dir: document.documentElement.dir,
		h1: document.querySelectorAll('h1').length,
		bodyDir: getComputedStyle(document.body).direction,
	}));
}

// The page's stylesheet is ours and applies: a rule of style.css shows in
// a computed style of the element `sel`.
async function checkStyled(p, sel, prop) {
	const r = await p.page.evaluate(([sel, prop]) => {
		const el = document.querySelector(sel);
		return {
			sheets: [...document.styleSheets].map((s) => s.href),
			value: el === null ? null : getComputedStyle(el)[prop],
		};
	}, [sel, prop]);
	check(r.sheets.some((h) => /\/static\/style\.css(\?|$)/.test(h ?? '')),
	    `${p.path}: style.css linked`, r.sheets);
	check(r.value !== null && r.value !== 'rgba(0, 0, 0, 0)' &&
	    r.value !== 'transparent' && !/^0(px)?$/.test(r.value),
	    `${p.path}: style.css applies (${sel} ${prop})`, r.value);
}

// A full-page screenshot for a person to look at, without a focus ring.
async function shoot(page, name) {
	await page.evaluate(() => document.activeElement?.blur());
	await page.screenshot({ path: join(shots, name), fullPage: true });
}

// Nothing is wider than a phone's screen.
async function checkNarrow(p, shot) {
	await p.page.setViewportSize(NARROW);
	const r = await p.page.evaluate(() => {
		const w = innerWidth;
		const wide = [...document.body.querySelectorAll('*')]
		    .filter((e) => {
			    const b = e.getBoundingClientRect();
			    return b.width > 0 && (b.right > w + 0.5 || b.left < -0.5) &&
				getComputedStyle(e).position !== 'absolute';
		    })
		    .slice(0, 5)
		    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
		return { sw: document.scrollingElement.scrollWidth, w, wide };
	});
	check(r.sw <= r.w, `${p.path}: no horizontal overflow at 360px`,
	    `scrollWidth ${r.sw} > innerWidth ${r.w}; ${r.wide.join(', ')}`);
	if (shot)
		await shoot(p.page, shot);
	await p.page.setViewportSize(WIDE);
}

// Accessibility smoke test, on a page just loaded: images have alt text,
// links have text, one main landmark, and the first Tab stop is a visible
// skip link whose activation moves focus to #content.
async function checkA11y(p) {
	const { page, path } = p;
	const r = await page.evaluate(() => {
		const name = (a) => (a.getAttribute('aria-label') ?? '').trim() ||
		    (a.textContent ?? '').trim() ||
		    [...a.querySelectorAll('img[alt]')].map((i) => i.alt).join('').trim();
		return {
			noAlt: [...document.images].filter((i) => !i.hasAttribute('alt'))
			    .map((i) => i.src),
			noText: [...document.querySelectorAll('a[href]')]
			    .filter((a) => name(a) === '').map((a) => a.outerHTML),
			mains: document.querySelectorAll('main, [role="main"]').length,
			content: document.getElementById('content')?.tagName ?? null,
		};
	});
	check(r.noAlt.length === 0, `${path}: every img has alt`, r.noAlt);
	check(r.noText.length === 0, `${path}: every link has text`, r.noText);
	eq(r.mains, 1, `${path}: one main landmark`);
	eq(r.content, 'MAIN', `${path}: #content is the main element`);

	await page.keyboard.press('Tab');
	const skip = await page.evaluate(() => {
		const a = document.activeElement;
		const b = a.getBoundingClientRect();
		return {
			tag: a.tagName, href: a.getAttribute('href'),
			text: a.textContent.trim(),
			visible: b.width > 0 && b.height > 0 && b.left >= 0 &&
			    b.top >= 0 && b.right <= innerWidth && b.bottom <= innerHeight,
		};
	});
	check(skip.tag === 'A' && skip.href === '#content' && skip.text !== '',
	    `${path}: the first Tab stop is a skip link to #content`, skip);
	check(skip.visible, `${path}: the focused skip link is on screen`);
	await page.keyboard.press('Enter');
	const after = await page.evaluate(() => ({
		hash: location.hash,
		focus: document.activeElement?.id ?? '',
		inside: document.getElementById('content')
		    ?.contains(document.activeElement) ?? false,
	}));
	eq(after.hash, '#content', `${path}: skip link goes to #content`);
	check(after.focus === 'content' || after.inside,
	    `${path}: skip link moves focus to #content`,
	    `focus is on #${after.focus || '(none)'}`);
	await page.keyboard.press('Tab');
	const next = await page.evaluate(() => document.getElementById('content')
	    ?.contains(document.activeElement) ?? false);
	check(next, `${path}: Tab after the skip link stays in #content`);
}

// Where element `sel` is relative to the viewport, and whether it is the
// :target; "at top" allows for a page too short to scroll that far.
async function position(page, sel) {
	return page.evaluate((sel) => {
		const el = document.querySelector(sel);
		if (el === null)
			return null;
		const b = el.getBoundingClientRect();
		const se = document.scrollingElement;
		const bottomed = scrollY + innerHeight >= se.scrollHeight - 1;
		return {
			top: Math.round(b.top), bottom: Math.round(b.bottom),
			inView: b.top < innerHeight && b.bottom > 0,
			atTop: Math.abs(b.top) <= 2 || (bottomed && b.top >= 0),
			target: el.matches(':target'),
			hash: location.hash, scrollY: Math.round(scrollY),
		};
	}, sel);
}

// The language switcher: one current language, marked aria-current="page"
// and not a link; linked languages are exactly the page's translations
// (its hreflang alternates); untranslated ones are shown but not linked.
async function checkSwitcher(p, lang) {
	const r = await p.page.evaluate(() => {
		const nav = document.querySelector('nav.langs');
		if (nav === null)
			return null;
		const cur = [...nav.querySelectorAll('[aria-current="page"]')];
		return {
			current: cur.map((e) => e.getAttribute('lang')),
			currentLinked: cur.some((e) => e.closest('a') !== null ||
			    e.querySelector('a') !== null),
			linked: [...nav.querySelectorAll('a[href]')]
			    .map((a) => a.getAttribute('hreflang')).sort(),
			hrefs: [...nav.querySelectorAll('a[href]')]
			    .map((a) => a.getAttribute('href')),
			missing: [...nav.querySelectorAll('.langs__missing')]
			    .map((e) => e.getAttribute('lang')),
			missingLinked: [...nav.querySelectorAll('.langs__missing')]
			    .filter((e) => e.closest('li')?.querySelector('a') !== null)
			    .map((e) => e.getAttribute('lang')),
			alternates: [...document.querySelectorAll(
			    'link[rel="alternate"][hreflang]')]
			    .map((l) => l.getAttribute('hreflang'))
			    .filter((h) => h !== 'x-default' &&
				h !== document.documentElement.lang).sort(),
		};
	});
	if (!check(r !== null, `${p.path}: has a language switcher`))
		return null;
	eq(JSON.stringify(r.current), JSON.stringify([lang]),
	    `${p.path}: switcher marks ${lang} aria-current="page"`);
	check(!r.currentLinked, `${p.path}: the current language is not a link`);
	eq(JSON.stringify(r.linked), JSON.stringify(r.alternates),
	    `${p.path}: switcher links exactly the translations`);
	check(r.missingLinked.length === 0,
	    `${p.path}: untranslated languages are not linked`, r.missingLinked);
	check(r.missing.every((m) => !r.alternates.includes(m) && m !== lang),
	    `${p.path}: languages marked missing have no translation`, r.missing);
	for (const href of r.hrefs) {
		const resp = await p.page.request.get(base + href);
		eq(resp.status(), 200, `${p.path}: switcher link ${href}`);
	}
	return r;
}

// (a) The seed article, in English only, announced in other languages.
async function seedArticle(ctx) {
	const path = `/en-GB/${SEED}`;
	const p = await open(ctx, path);
	await checkA11y(p);
	const d = await docAttrs(p.page);
	eq(d.lang, 'en-GB', `${path}: html lang`);
	eq(d.dir, 'ltr', `${path}: html dir`);
	eq(d.h1, 1, `${path}: one h1`);
	const turns = await p.page.$$eval('section.turn', (s) => s.map((e) => ({
		id: e.id,
		href: e.querySelector('a.turn__anchor')?.getAttribute('href'),
	})));
	eq(JSON.stringify(turns.map((t) => t.id)),
	    JSON.stringify(['t1', 't2', 't3', 't4', 't5', 't6']),
	    `${path}: turn sections t1..t6`);
	check(turns.every((t) => t.href === '#' + t.id),
	    `${path}: every turn has an anchor to itself`, turns);
	await checkStyled(p, '.turn--question', 'backgroundColor');
	const sw = await checkSwitcher(p, 'en-GB');
	check(sw !== null && sw.missing.includes('ru-RU') && !sw.linked.includes('ru-RU'),
	    `${path}: announced but untranslated ru-RU shown as missing`, sw);
	await shoot(p.page, 'article-en-GB.png');

	// The anchor of t4: from the top of the page, clicking it puts t4 at
	// the top of the viewport.
	await p.page.evaluate(() => scrollTo(0, 0));
	const before = await position(p.page, '#t4');
	check(before !== null && !before.atTop, `${path}: t4 starts away from the top`,
	    before);
	await p.page.click('#t4 a.turn__anchor');
	await p.page.waitForFunction(() => location.hash === '#t4',
	    null, { timeout: 2000 }).catch(() => {});
	const at = await position(p.page, '#t4');
	eq(at?.hash, '#t4', `${path}: clicking t4's anchor sets the hash`);
	check(at?.inView && at?.atTop, `${path}: t4 is scrolled into view`, at);
	check(at?.target, `${path}: t4 is the :target`);

	await checkNarrow(p, 'article-en-GB-360.png');
	await close(p);
}

// (b) The Arabic transcript: right to left, mirrored borders, and the
// Russian link of its switcher keeps the block ids.
async function arabicTranscript(ctx) {
	const path = `/ar/${OSTRA}`;
	const p = await open(ctx, path);
	await checkA11y(p);
	const d = await docAttrs(p.page);
	eq(d.lang, 'ar', `${path}: html lang`);
	eq(d.dir, 'rtl', `${path}: html dir`);
	eq(d.bodyDir, 'rtl', `${path}: computed direction of body`);
	eq(d.h1, 1, `${path}: one h1`);
	const borders = await p.page.$$eval('.turn--answer', (s) => s.map((e) => {
		const cs = getComputedStyle(e);
		return { id: e.id, right: parseFloat(cs.borderRightWidth),
		    left: parseFloat(cs.borderLeftWidth) };
	}));
	check(borders.length > 0 && borders.every((b) => b.right > 0 && b.left === 0),
	    `${path}: .turn--answer border on the right (inline start) only`, borders);
	await checkStyled(p, '.turn--question', 'backgroundColor');
	await checkSwitcher(p, 'ar');
	const role4 = await p.page.$eval('#t4', (e) => e.className)
	    .catch(() => null);
	await shoot(p.page, 'article-ar.png');
	await checkNarrow(p, null);

	const ru = p.page.locator('nav.langs a[hreflang="ru-RU"]');
	eq(await ru.count(), 1, `${path}: switcher has one ru-RU link`);
	eq((await ru.first().textContent().catch(() => null))?.trim(), 'Русский',
	    `${path}: the ru-RU link reads Русский`);
	await Promise.all([
		p.page.waitForURL(`${base}/ru-RU/**`),
		ru.first().click(),
	]).catch((e) => check(false, `${path}: clicking Русский`, e.message));
	const landed = new URL(p.page.url()).pathname;
	eq(landed, `/ru-RU/${OSTRA}`, `${path}: Русский lands on the Russian page`);
	eq((await docAttrs(p.page)).lang, 'ru-RU', `/ru-RU/${OSTRA}: html lang`);
	await close(p);

	// The same block id works in the Russian translation, on a fresh load.
	const q = await open(ctx, `/ru-RU/${OSTRA}#t4`);
	await q.page.waitForTimeout(100);
	const at = await position(q.page, '#t4');
	check(at !== null, `${q.path}: t4 exists`);
	check(at?.target && at?.inView && at?.atTop,
	    `${q.path}: t4 is the target, scrolled to the top`, at);
	const ruRole = await q.page.$eval('#t4', (e) => e.className)
	    .catch(() => null);
	eq(ruRole, role4, `${q.path}: t4 is the same turn as in Arabic`);
	const ruTurns = await q.page.$$eval('section.turn', (s) => s.map((e) => e.id));
	check(ruTurns.length > 0, `${q.path}: has turns`);
	await close(q);
}

// (c) The Russian list page and two 404s.
async function listAndErrors(ctx) {
	const p = await open(ctx, '/ru-RU/');
	await checkA11y(p);
	const d = await docAttrs(p.page);
	eq(d.lang, 'ru-RU', '/ru-RU/: html lang');
	eq(d.h1, 1, '/ru-RU/: one h1');
	const items = await p.page.$$eval('ol.list li.item h2 a', (a) =>
	    a.map((e) => e.getAttribute('href')));
	check(items.length >= 8 && items.every((h) => h.startsWith('/ru-RU/')),
	    '/ru-RU/: lists the Russian items', items);
	await checkStyled(p, 'header.site', 'borderBottomWidth');
	await checkSwitcher(p, 'ru-RU');
	await checkNarrow(p, 'list-ru-RU-360.png');
	await close(p);

	for (const [path, lang] of [['/ru-RU/no-such-article', 'ru-RU'],
	    ['/nope/nothing', 'en-GB']]) {
		const e = await open(ctx, path, { mainStatus: 404 });
		await checkA11y(e);
		const d = await docAttrs(e.page);
		eq(d.lang, lang, `${path}: html lang`);
		eq(d.h1, 1, `${path}: one h1`);
		await checkStyled(e, 'header.site', 'borderBottomWidth');
		await checkNarrow(e, null);
		await close(e);
	}
}

// The search page: the form's controls are labelled, results link to the
// matching block, matches are marked, the query round-trips through the
// form, and the Arabic page is right-to-left.
async function searchPages(ctx) {
	const p = await open(ctx, '/en-GB/search?q=treaty&kind=statement');
	await checkA11y(p);
	const d = await docAttrs(p.page);
	eq(d.h1, 1, '/en-GB/search: one h1');
	const r = await p.page.evaluate(() => ({
		unlabelled: [...document.querySelectorAll('main input, main select')]
		    .filter((e) => e.labels.length === 0 &&
			!e.getAttribute('aria-label')).map((e) => e.outerHTML),
		searchLandmarks: document.querySelectorAll('[role="search"]').length,
		hits: [...document.querySelectorAll('ol.results h2 a')]
		    .map((a) => a.getAttribute('href')),
		marks: document.querySelectorAll('ol.results mark').length,
		status: document.querySelector('[role="status"]')?.textContent,
		kind: document.getElementById('search-kind')?.value,
	}));
	check(r.unlabelled.length === 0, '/en-GB/search: every control has a label',
	    r.unlabelled);
	eq(r.searchLandmarks, 1, '/en-GB/search: one search landmark');
	check(r.hits.length === 2 && r.hits.every((h) => h.startsWith('/en-GB/')),
	    '/en-GB/search: the two statements', r.hits);
	check(r.marks >= 2, '/en-GB/search: matches are marked', r.marks);
	eq(r.status, 'Results: 2', '/en-GB/search: the count is announced');
	eq(r.kind, 'statement', '/en-GB/search: the filter shows as set');
	await checkStyled(p, 'mark', 'backgroundColor');
	await checkNarrow(p, 'search-en-GB-360.png');
	/* the form sends the query back as typed */
	await p.page.fill('#search-q', 'Vessa "water treaty"');
	await Promise.all([p.page.waitForNavigation(),
	    p.page.click('form.search .search__box button')]);
	const again = await p.page.evaluate(() =>
	    document.getElementById('search-q').value);
	eq(again, 'Vessa "water treaty"', '/en-GB/search: the query round-trips');
	await close(p);

	const a = await open(ctx, '/ar/search?q=' +
	    encodeURIComponent('المعاهدة'));
	await checkA11y(a);
	const ad = await docAttrs(a.page);
	eq(ad.dir, 'rtl', '/ar/search: dir');
	eq(ad.bodyDir, 'rtl', '/ar/search: body direction');
	const marks = await a.page.$$eval('ol.results mark', (m) => m.length);
	check(marks > 0, '/ar/search: matches are marked', marks);
	await checkNarrow(a, 'search-ar-360.png');
	await close(a);
}

const profile = mkdtempSync(join(tmpdir(), 'pressroom-chromium-'));
let ctx = null;
try {
	ctx = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM, headless: true, args: ARGS,
		viewport: WIDE, locale: 'en-GB', reducedMotion: 'reduce',
		timeout: 30000,
	});
	ctx.setDefaultTimeout(10000);
	for (const c of ctx.pages())
		await c.close();
	for (const step of [seedArticle, arabicTranscript, listAndErrors,
	    searchPages]) {
		try {
			await step(ctx);
		} catch (e) {
			check(false, `${step.name}`, e.stack ?? String(e));
		}
	}
} catch (e) {
	check(false, 'start Chromium', e.stack ?? String(e));
} finally {
	await ctx?.close().catch(() => {});
	rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
