#!/usr/bin/env node
// Opens pages of a built site in Debian's Chromium and judges them.
//
//   node check.js layout SITE KIND=PATH...
//   node check.js axe SITE KIND=PATH...
//
// SITE is a built site folder, served here over HTTP on 127.0.0.1 (a
// missing file gets 404.html with status 404, as a web server would).
// Each KIND=PATH is one page kind and the address of one page of it
// (`compound=/c/heping-xincun/`), so new kinds are one more argument;
// `@SELECTOR` after the path names a table whose header must stay in
// view as the page scrolls (layout).
//
// layout: the phone of an older resident, 360 CSS px wide with the
//   browser's text size at 200 % (and 150 %): nothing scrolls sideways, no element
//   sticks out of the screen, nothing a page loads is missing (4xx),
//   the page has a description and an icon, every <time> a datetime,
//   and a table named after @ keeps its header in view.
// axe: axe-core (tests/browser/node_modules) finds no violation.
//
// Prints `ok - …` / `not ok - …` lines.  Chromium is driven through its
// DevTools protocol over a pipe (--remote-debugging-pipe), so nothing
// but node and, for axe, axe-core is needed.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const [mode, site, ...pages] = process.argv.slice(2);
if (!['layout', 'axe'].includes(mode) || !site || pages.length === 0) {
	console.error('usage: node check.js layout|axe SITE KIND=PATH...');
	process.exit(2);
}
const chromium = process.env.CHROMIUM || 'chromium';
const group = mode === 'axe' ? 'a11y' : 'layout';
const WIDTH = 360, HEIGHT = 780;
let failures = 0;

function ok(msg) { console.log(`ok - ${group}: ${msg}`); }
function notok(msg, lines) {
	failures++;
	console.log(`not ok - ${group}: ${msg}`);
	for (const l of lines || []) console.log(`    ${l}`);
}

const types = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css',
	'.js': 'text/javascript', '.json': 'application/json',
	'.svg': 'image/svg+xml', '.xml': 'application/xml',
	'.png': 'image/png', '.csv': 'text/csv', '.pdf': 'application/pdf',
};

function serve(root) {
	const server = http.createServer((req, res) => {
		let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		if (p.includes('..')) { res.writeHead(400); res.end(); return; }
		let f = path.join(root, p);
		if (p.endsWith('/')) f = path.join(f, 'index.html');
		fs.readFile(f, (err, body) => {
			if (err) {
				res.writeHead(404, { 'content-type': types['.html'] });
				res.end(fs.readFileSync(path.join(root, '404.html')));
				return;
			}
			res.writeHead(200, {
				'content-type': types[path.extname(f)] ||
				    'application/octet-stream' });
			res.end(body);
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1',
	    () => resolve(server)));
}

// A DevTools protocol client over Chromium's pipe: messages are JSON
// ended by a NUL byte, Chromium reads fd 3 and writes fd 4.
class Browser {
	constructor() {
		this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongshi-cdp-'));
		this.proc = spawn(chromium, ['--headless', '--no-sandbox',
		    '--disable-gpu', '--no-first-run', '--disable-sync',
		    '--disable-background-networking', '--disable-extensions',
		    '--disable-component-update', '--hide-scrollbars',
		    '--remote-debugging-pipe', `--user-data-dir=${this.profile}`,
		    'about:blank'],
		    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
		this.proc.stderr.resume();
		this.id = 0;
		this.waiting = new Map();
		this.listeners = [];
		let pending = '';
		this.proc.stdio[4].on('data', (chunk) => {
			pending += chunk.toString('utf8');
			let i;
			while ((i = pending.indexOf('\0')) >= 0) {
				this.dispatch(JSON.parse(pending.slice(0, i)));
				pending = pending.slice(i + 1);
			}
		});
	}
	dispatch(msg) {
		if (msg.id && this.waiting.has(msg.id)) {
			const { resolve, reject } = this.waiting.get(msg.id);
			this.waiting.delete(msg.id);
			if (msg.error) reject(new Error(JSON.stringify(msg.error)));
			else resolve(msg.result);
			return;
		}
		for (const l of this.listeners) l(msg);
	}
	send(method, params, sessionId) {
		const id = ++this.id;
		const msg = { id, method, params: params || {} };
		if (sessionId) msg.sessionId = sessionId;
		this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
		return new Promise((resolve, reject) =>
		    this.waiting.set(id, { resolve, reject }));
	}
	once(sessionId, method, timeoutMs) {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(
			    `${method} did not come in ${timeoutMs} ms`)), timeoutMs);
			const l = (msg) => {
				if (msg.sessionId !== sessionId || msg.method !== method)
					return;
				clearTimeout(timer);
				this.listeners = this.listeners.filter((x) => x !== l);
				resolve(msg.params);
			};
			this.listeners.push(l);
		});
	}
	async close() {
		// Browser.close gets no answer: the pipe closes as it exits.
		const exited = new Promise((resolve) => this.proc.once('exit', resolve));
		this.send('Browser.close').catch(() => {});
		const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
		fs.rmSync(this.profile, { recursive: true, force: true,
		    maxRetries: 3 });
	}
}

// Opens url in a fresh tab; returns its session and the failed loads.
async function open(browser, url) {
	const { targetId } = await browser.send('Target.createTarget',
	    { url: 'about:blank' });
	const { sessionId } = await browser.send('Target.attachToTarget',
	    { targetId, flatten: true });
	const s = (m, p) => browser.send(m, p, sessionId);
	const failed = [];
	browser.listeners.push((msg) => {
		if (msg.sessionId !== sessionId) return;
		if (msg.method === 'Network.responseReceived' &&
		    msg.params.response.status >= 400 &&
		    msg.params.type !== 'Document')
			failed.push(`${msg.params.response.status} ${msg.params.response.url}`);
		if (msg.method === 'Network.loadingFailed' && !msg.params.canceled)
			failed.push(`${msg.params.errorText} (${msg.params.type})`);
	});
	await s('Page.enable');
	await s('Network.enable');
	if (mode === 'layout') {
		await s('Emulation.setDeviceMetricsOverride', { width: WIDTH,
		    height: HEIGHT, deviceScaleFactor: 2, mobile: true });
		// The browser's text size at 200 %: its default font sizes
		// doubled, as a reader's setting does; the page's rem and em
		// sizes follow them.
		await s('Page.setFontSizes', { fontSizes: { standard: 32,
		    fixed: 26 } });
	}
	const loaded = browser.once(sessionId, 'Page.loadEventFired', 30000);
	await s('Page.navigate', { url });
	await loaded;
	return { sessionId, s, failed, targetId };
}

async function evaluate(s, expr) {
	const r = await s('Runtime.evaluate', { expression: expr,
	    awaitPromise: true, returnByValue: true });
	if (r.exceptionDetails)
		throw new Error(r.exceptionDetails.exception ?
		    r.exceptionDetails.exception.description :
		    r.exceptionDetails.text);
	return r.result.value;
}

// Runs in the page: what sticks out at 360 px.
const layoutProbe = `(() => {
	const W = ${WIDTH}, out = [];	// the screen, whatever the page's viewport
	const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
	const name = (e) => e.tagName.toLowerCase() +
	    (e.id ? '#' + e.id : '') +
	    (e.classList.length ? '.' + [...e.classList].join('.') : '');
	for (const e of document.body.querySelectorAll('*')) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.right <= 0) continue;	// parked off screen (skip link)
		if (r.right > W + 0.5 || r.left < -0.5)
			out.push(name(e) + ' [' + Math.round(r.left) + ', ' +
			    Math.round(r.right) + '] ' +
			    JSON.stringify((e.textContent || '').trim().slice(0, 30)));
	}
	return { root, W, scrollWidth: document.scrollingElement.scrollWidth,
	    out: out.slice(0, 12), count: out.length };
})()`;

// Runs in the page: scrolls into the middle of the table `sel` names
// and tells where its header is.
const stickyProbe = (sel) => `(async () => {
	const t = document.querySelector(${JSON.stringify(sel)});
	if (!t || !t.tHead) return null;
	const r = t.getBoundingClientRect();
	const y = window.scrollY + r.top + r.height / 2;
	window.scrollTo({ left: 0, top: y, behavior: 'instant' });
	await new Promise((res) => requestAnimationFrame(() => res()));
	const h = t.tHead.rows[0].cells[0].getBoundingClientRect();
	return { top: h.top, bottom: h.bottom, tableTop: t.getBoundingClientRect().top,
	    rows: t.tBodies[0].rows.length };
})()`;

function judgeWidth(kind, url, v, size) {
	if (v.scrollWidth <= v.W)
		ok(`${kind}: nothing scrolls sideways at 360 px, ${size} text`);
	else
		notok(`${kind}: nothing scrolls sideways at 360 px, ${size} text`,
		    [`${url}: page is ${v.scrollWidth} px wide`]);
	if (v.count === 0)
		ok(`${kind}: no element sticks out of a 360 px screen at ${size} text`);
	else
		notok(`${kind}: no element sticks out of a 360 px screen at ${size} text`,
		    [`${url}: ${v.count} elements, e.g.`, ...v.out]);
}

async function checkLayout(browser, kind, url, page, sticky) {
	const v = await evaluate(page.s, layoutProbe);
	if (process.env.SHOTS) {	// SHOTS=DIR keeps pictures of each page
		const h = await evaluate(page.s,
		    'document.scrollingElement.scrollHeight');
		for (let y = 0, i = 1; y < h && i <= 8; y += HEIGHT, i++) {
			const shot = await page.s('Page.captureScreenshot',
			    { format: 'png', captureBeyondViewport: true,
			    clip: { x: 0, y, width: WIDTH, height: HEIGHT,
			    scale: 1 } });
			fs.writeFileSync(path.join(process.env.SHOTS,
			    `${kind}-${i}.png`), Buffer.from(shot.data, 'base64'));
		}
	}
	if (v.root < 31.5) {	// 200 % of the 16 px default, at least
		notok(`${kind}: the text is at 200 % (root font ${v.root} px)`);
		return;
	}
	judgeWidth(kind, url, v, '200 %');
	// And at 150 %, where other things may just fail to fit.
	await page.s('Page.setFontSizes', { fontSizes: { standard: 24,
	    fixed: 20 } });
	const v150 = await evaluate(page.s, layoutProbe);
	if (v150.root >= 23.5 && v150.root < 31.5)
		judgeWidth(kind, url, v150, '150 %');
	else
		notok(`${kind}: the text is at 150 % (root font ${v150.root} px)`);
	await page.s('Page.setFontSizes', { fontSizes: { standard: 32,
	    fixed: 26 } });
	const meta = await evaluate(page.s, `(() => {
		const d = document.querySelector('meta[name=description]');
		const bad = [...document.querySelectorAll('time')].filter((t) =>
		    !/^\\d{4}-\\d{2}-\\d{2}/.test(t.getAttribute('datetime') || ''))
		    .map((t) => t.outerHTML);
		return { description: d ? d.content : '', bad,
		    icon: !!document.querySelector('link[rel=icon]') };
	})()`);
	if (meta.description.length >= 10 && meta.bad.length === 0 && meta.icon)
		ok(`${kind}: a description, an icon, and every <time> has a datetime`);
	else
		notok(`${kind}: a description, an icon, and every <time> has a datetime`,
		    [url, `description: ${JSON.stringify(meta.description)}`,
		    `icon link: ${meta.icon}`, ...meta.bad.slice(0, 5)]);
	if (page.failed.length === 0)
		ok(`${kind}: everything the page loads is there`);
	else
		notok(`${kind}: everything the page loads is there`,
		    [url, ...page.failed]);
	if (!sticky) return;
	const st = await evaluate(page.s, stickyProbe(sticky));
	if (st === null) {
		notok(`${kind}: the page has the table ${sticky}`, [url]);
		return;
	}
	if (process.env.SHOTS) {
		const shot = await page.s('Page.captureScreenshot', { format: 'png' });
		fs.writeFileSync(path.join(process.env.SHOTS, `${kind}-sticky.png`),
		    Buffer.from(shot.data, 'base64'));
	}
	if (st.tableTop < 0 && st.top >= -0.5 && st.bottom <= HEIGHT / 2)
		ok(`${kind}: the table header stays in view while scrolling its ${st.rows} rows`);
	else
		notok(`${kind}: the table header stays in view while scrolling its ${st.rows} rows`,
		    [`${url}: table top ${st.tableTop}, header at ${st.top}..${st.bottom}`]);
}

async function checkAxe(browser, kind, url, page, axeSource) {
	await evaluate(page.s, axeSource + ';0');
	const res = await evaluate(page.s, `axe.run(document, {
	    resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
	    ({ id: v.id, impact: v.impact, help: v.help,
	       nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
	       count: v.nodes.length })))`);
	if (res.length === 0) {
		ok(`${kind}: axe-core finds no violation`);
		return;
	}
	const lines = [url];
	for (const v of res)
		lines.push(`${v.id} (${v.impact}, ${v.count}): ${v.help}: ` +
		    v.nodes.join(' | '));
	notok(`${kind}: axe-core finds no violation`, lines);
}

async function main() {
	let axeSource = null;
	if (mode === 'axe')
		axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'),
		    'utf8');
	const server = await serve(path.resolve(site));
	const base = `http://127.0.0.1:${server.address().port}`;
	const browser = new Browser();
	try {
		for (const arg of pages) {
			// KIND=PATH, or KIND=PATH@SELECTOR: the table whose
			// header must stay in view.
			const m = /^([^=]+)=([^@]+)(?:@(.+))?$/.exec(arg);
			if (!m) throw new Error(`not KIND=PATH[@TABLE]: ${arg}`);
			const [, kind, rel, sticky] = m, url = base + rel;
			let page;
			try {
				page = await open(browser, url);
				if (mode === 'layout')
					await checkLayout(browser, kind, url, page, sticky);
				else
					await checkAxe(browser, kind, url, page, axeSource);
			} catch (e) {
				notok(`${kind}: the page opens and can be judged`,
				    [url, String(e.message || e)]);
			}
			if (page)
				await browser.send('Target.closeTarget',
				    { targetId: page.targetId }).catch(() => {});
		}
	} finally {
		await browser.close();
		server.close();
	}
}

main().catch((e) => { notok('the browser runs', [String(e.stack || e)]);
    process.exitCode = 1; });
