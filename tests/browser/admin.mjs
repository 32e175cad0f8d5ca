// The editorial workflow end to end in Debian's headless Chromium, driven by
// playwright-core: sign in, create a transcript with two turns, pick a
// speaker, add a Russian translation, schedule it a few seconds ahead, see
// it absent from every public surface, see it appear on all of them at the
// second it is due, then edit an English turn and see the Russian turn
// marked outdated with the source's diff. Also checks the session cookie's
// flags, the admin pages' headers, that no script runs and no dialog opens.
// It starts no server: admin.sh does, with an editor account.
//
// Usage: node tests/browser/admin.mjs BASE_URL USER PASSWORD [OUT_DIR]
// Prints every failed check and "N passed, N failed"; exits 1 on failure.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = process.env.PRESSROOM_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];
const MARK = 'zyxmarker';	// a word no fixture has: search finds only ours

const [base, user, password, outArg] = process.argv.slice(2);
if (base === undefined || password === undefined ||
    !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
	console.error('usage: admin.mjs http://127.0.0.1:PORT USER PASSWORD [OUT_DIR]');
	process.exit(2);
}
const shots = join(outArg ?? '.', 'tests', 'browser');
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
	if (ok) {
		passed++;
		return true;
	}
	failed++;
	console.log(`FAIL: ${what}` + (detail === undefined ? '' :
	    ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))));
	return false;
}
function eq(got, want, what) {
	return check(got === want, what,
	    `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// "2026-11-29T19:05:07" in UTC, t in ms; without ":00" seconds, as
// Chromium writes a datetime-local value.
function utcLocal(t) {
	return new Date(t).toISOString().slice(0, 19).replace(/:00$/, '');
}

// Every public surface that could show the asset, fetched by an anonymous
// client (no cookie). Returns [what, status, holds the marker] per surface.
async function surfaces(api, slug, id) {
	const paths = [`/en-GB/${slug}`, `/ru-RU/${slug}`, '/en-GB/', '/ru-RU/',
		`/en-GB/search?q=${MARK}`, `/ru-RU/search?q=${MARK}`,
		`/api/v1/search?q=${MARK}`, `/api/v1/assets/${id}`,
		'/en-GB/feed.atom', '/ru-RU/feed.atom', '/sitemap.xml'];
	const out = [];
	for (const p of paths) {
		const r = await api.get(base + p, { maxRedirects: 0 });
		const body = await r.text();
		// a search page repeats the query: only a link to the item counts
		out.push([p, r.status(), body.includes(slug) ||
		    (!p.includes('search') && body.includes(MARK))]);
		// the sitemap index points at its parts: those too
		if (p === '/sitemap.xml')
			for (const m of body.matchAll(/<loc>([^<]+)<\/loc>/g)) {
				const part = await api.get(m[1].replace(/^https?:\/\/[^/]+/, base));
				out.push([m[1], part.status(),
				    (await part.text()).includes(slug)]);
			}
	}
	// a HEAD and a conditional GET of the page tell nothing either
	const head = await api.fetch(`${base}/en-GB/${slug}`, { method: 'HEAD' });
	out.push([`HEAD /en-GB/${slug}`, head.status(), false]);
	return out;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const ctx = await browser.newContext();
const page = await ctx.newPage();
const problems = [];
page.on('dialog', async (d) => {
	problems.push(`dialog: ${d.message()}`);
	await d.dismiss();
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
	if (m.type() === 'error')
		problems.push(`console: ${m.text()}`);
});

try {
	// --- sign in ------------------------------------------------------
	let resp = await page.goto(base + '/admin/');
	check(page.url().startsWith(base + '/admin/login'), 'anonymous /admin/ goes to the sign-in page', page.url());
	const csp = resp.headers()['content-security-policy'] ?? '';
	check(csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-inline'),
	    'admin CSP: no unsafe-inline, frame-ancestors none', csp);
	await page.fill('#name', user);
	await page.fill('#password', 'wrong password!!');
	await page.click('button[type=submit]');
	check((await page.textContent('.msg--err') ?? '').includes('wrong name or password'),
	    'a wrong password is refused');
	await page.fill('#name', user);
	await page.fill('#password', password);
	await Promise.all([page.waitForURL(base + '/admin/'), page.click('main button[type=submit]')]);
	eq(await page.textContent('h1'), 'Assets', 'signed in: the asset list');
	const cookies = await ctx.cookies();
	const sess = cookies.find((c) => c.name === '__Host-pressroom');
	check(sess !== undefined && sess.httpOnly && sess.secure &&
	    sess.sameSite === 'Strict' && sess.path === '/' && sess.expires === -1,
	    'session cookie: __Host-, HttpOnly, Secure, SameSite=Strict, session-only', sess);
	resp = await page.goto(base + '/admin/');
	eq(resp.headers()['cache-control'], 'private, no-store', 'admin pages are private');
	check((resp.headers()['vary'] ?? '').includes('Cookie'), 'admin pages vary by Cookie');

	// --- create a transcript with two turns --------------------------
	await page.click('nav a:text-is("New asset")');
	await page.selectOption('#kind', 'transcript');
	await page.fill('#event_at', '2026-11-20T15:30');
	await page.fill('#event_offset', '+01:00');
	await page.fill('#place', 'Geneva');
	await page.fill('#source_locale', 'en-GB');
	await page.fill('#locales', 'en-GB ru-RU');
	await page.fill('#tags', `water, ${MARK}`);
	await page.fill('input[name=speaker_name_0]', 'Anna Zyxmarker');
	await page.fill('input[name=speaker_title_0]', 'Spokesperson');
	await page.fill('#title', `Briefing on the ${MARK} river`);
	await page.selectOption('select[name=block_role_0]', 'question');
	await page.fill('textarea[name=block_text_0]', `What about the ${MARK} river?`);
	await page.selectOption('select[name=block_role_1]', 'answer');
	await page.fill('textarea[name=block_text_1]', 'We meet regularly.');
	await Promise.all([page.waitForURL(/\/admin\/assets\/\d+\?done=created$/),
	    page.click('button:text-is("Create the draft")')]);
	const id = Number(/\/admin\/assets\/(\d+)/.exec(page.url())[1]);
	check(id > 0, 'created', page.url());
	eq(await page.textContent('.msg--ok'), 'Created as a draft.', 'creation notice');
	const slug = await page.inputValue('#slug');
	check(/^2026-11-20-briefing-on-the-zyxmarker-river$/.test(slug), 'slug made from date and title', slug);
	// the answer's speaker, now that the speaker exists
	await page.selectOption('select[name=block_speaker_1]', { label: 'Anna Zyxmarker' });
	await Promise.all([page.waitForURL(/done=saved$/), page.click('button:text-is("Save")')]);
	eq(await page.$$eval('.block textarea', (t) => t.filter((x) => x.value !== '').length), 2,
	    'two turns');

	// --- the Russian translation --------------------------------------
	await page.fill('#add_locale', 'ru-RU');
	await Promise.all([page.waitForURL(new RegExp(`/admin/assets/${id}/t/ru-RU$`)),
	    page.click('button:text-is("Translate")')]);
	eq(await page.$$eval('tr.is-missing', (r) => r.length), 2, 'both turns missing in Russian');
	await page.fill('#title', `Брифинг о реке ${MARK}`);
	await page.fill('textarea[name=text_t1]', `А как же река ${MARK}?`);
	await page.fill('textarea[name=text_t2]', 'Мы регулярно встречаемся.');
	await Promise.all([page.waitForURL(/done=translated$/), page.click('button:text-is("Save the ru-RU translation")')]);
	eq(await page.$$eval('tr.is-missing, tr.is-outdated', (r) => r.length), 0,
	    'the Russian translation is complete and current');

	// --- schedule a few seconds ahead ----------------------------------
	await page.goto(`${base}/admin/assets/${id}`);
	const due = (Math.floor(Date.now() / 1000) + 8) * 1000;
	await page.fill('#publish_at', utcLocal(due));
	await page.fill('#publish_offset', '+00:00');
	await Promise.all([page.waitForURL(/done=scheduled$/), page.click('button:text-is("Schedule")')]);
	check((await page.textContent('.meta')).includes('scheduled for'), 'shown as scheduled');

	const anon = await browser.newContext();
	const api = anon.request;
	const before = await surfaces(api, slug, id);
	const early = Date.now();
	check(early < due - 1000, 'checked before it is due', { early, due });
	for (const [what, status, has] of before)
		check(!has && status !== 500, `before T: ${what} reveals nothing`, { status, has });
	eq(before.find(([w]) => w === `/en-GB/${slug}`)[1], 404, 'before T: the page is 404');
	eq(before.find(([w]) => w === `/api/v1/assets/${id}`)[1], 404, 'before T: the API is 404');

	// --- at T, everywhere at once --------------------------------------
	await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 300));
	const after = await surfaces(api, slug, id);
	const want = new Set([`/en-GB/${slug}`, `/ru-RU/${slug}`, '/en-GB/', '/ru-RU/',
		`/en-GB/search?q=${MARK}`, `/ru-RU/search?q=${MARK}`, `/api/v1/search?q=${MARK}`,
		`/api/v1/assets/${id}`, '/en-GB/feed.atom', '/ru-RU/feed.atom']);
	for (const [what, status, has] of after)
		if (want.has(what))
			check(has && status === 200, `after T: ${what} shows it`, { status, has });
	check(after.some(([w, s, has]) => /sitemap-.*\.xml/.test(w) && has),
	    'after T: a sitemap lists it', after.filter(([w]) => /sitemap/.test(w)));
	const pub = await anon.newPage();
	await pub.goto(`${base}/ru-RU/${slug}`);
	check((await pub.textContent('h1')).includes(MARK), 'the Russian page is public');
	eq(await pub.locator('#t2').count(), 1, 'turn #t2 has its anchor');
	await anon.close();

	// --- edit an English turn: the Russian one goes stale --------------
	await page.goto(`${base}/admin/assets/${id}`);
	await page.fill('textarea[name=block_text_1]', 'We meet regularly, every month, in Geneva.');
	await page.fill('#note', 'answer made precise');
	await page.fill('#update_note', 'The answer now gives the frequency and place of the meetings.');
	await Promise.all([page.waitForURL(/done=saved$/), page.click('button:text-is("Save")')]);
	// the public pages: a dated update note in English, and the Russian
	// reader is told that turn 2's original changed
	{
		const anon2 = await browser.newContext();
		const p2 = await anon2.newPage();
		await p2.goto(`${base}/en-GB/${slug}`);
		check((await p2.textContent('.notice--updated')).includes('frequency and place'),
		    'the English page shows the update note');
		await p2.goto(`${base}/ru-RU/${slug}`);
		eq(await p2.locator('#t2 .outdated').count(), 1, 'the Russian page marks turn 2 as older than its original');
		eq(await p2.locator('#t1 .outdated').count(), 0, 'and only turn 2');
		const feed = await (await anon2.request.get(`${base}/en-GB/feed.atom`)).text();
		check(feed.includes('frequency and place'), 'the English feed carries the update note');
		await anon2.close();
	}
	const pill = page.locator('li:has(a:text-is("ru-RU")) span.loc');
	eq(await pill.getAttribute('class'), 'loc loc--outdated', 'the ru-RU translation is marked outdated');
	await page.goto(`${base}/admin/assets/${id}/t/ru-RU`);
	eq(await page.$$eval('tr.is-outdated', (r) => r.map((x) => x.id)).then((x) => x.join()), 't2',
	    'exactly the edited turn is outdated in Russian');
	check((await page.textContent('#t2 .diff ins')).includes('every month'),
	    'the translator sees what changed in the source');
	await page.screenshot({ path: join(shots, 'admin-translate.png'), fullPage: true });
	// the history has the change, with a per-block diff
	await page.goto(`${base}/admin/assets/${id}/history`);
	await page.click('a:text-is("changes") >> nth=0');
	check((await page.textContent('.change__where')).includes('en-GB #t2'), 'history: the diff names the block');

	// --- sign out: the session is gone ---------------------------------
	await Promise.all([page.waitForURL(/\/admin\/login\?done=out$/), page.click('button:text-is("Sign out")')]);
	resp = await page.goto(base + '/admin/');
	check(page.url().startsWith(base + '/admin/login'), 'signed out: /admin/ asks to sign in again');
	check(problems.length === 0, 'no dialog, no script error, no console error', problems);
} catch (e) {
	check(false, 'the walk-through ran to the end', e.stack);
} finally {
	await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
