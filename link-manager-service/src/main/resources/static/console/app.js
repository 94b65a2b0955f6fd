// The clusterlink console: links, mirrors, consumer groups and the audit log, read from the API
// with the caller's key and refreshed every few seconds; lifecycle actions behind a dry run.

import { ApiError, all, api, apiKey, seg, signIn, signOut } from './api.js';
import { badge, facts, h, num, table, time } from './dom.js';
import { lagChart, sample } from './chart.js';

const POLL_MS = 2000;
const FAIL_CLOSED = ['DATA_LOSS', 'TOPIC_RESET', 'OFFSET_DIVERGED', 'FAILED'];

/** The caller (GET /me): name, role, roles, links. */
let caller = null;
let timer = null;
let generation = 0;
let lastDrawn = null;

const $ = (id) => document.getElementById(id);

function may(role) {
	return caller !== null && caller.roles.includes(role);
}

function link(href, text, attrs) {
	return h('a', { href, ...attrs }, text);
}

function problemBox(error) {
	const text = error instanceof ApiError ? error.summary : String(error);
	return h('div', { class: 'problem', role: 'alert' }, text);
}

function flash(message) {
	const box = $('flash');
	box.replaceChildren(message);
	box.hidden = false;
	clearTimeout(flash.timer);
	flash.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

// ---------------------------------------------------------------- sign-in

async function start() {
	$('login-form').addEventListener('submit', async (event) => {
		event.preventDefault();
		signIn($('login-key').value);
		$('login-key').value = '';
		await whoAmI();
	});
	$('sign-out').addEventListener('click', () => {
		signOut();
		showLogin();
	});
	$('confirm-cancel').addEventListener('click', () => $('confirm').close());
	window.addEventListener('hashchange', route);
	if (apiKey()) {
		await whoAmI();
	}
	else {
		showLogin();
	}
}

async function whoAmI() {
	try {
		caller = await api('/me');
	}
	catch (error) {
		signOut();
		showLogin(error);
		return;
	}
	$('login').hidden = true;
	$('nav').hidden = false;
	$('caller').hidden = false;
	$('view').hidden = false;
	$('caller-name').textContent = caller.name;
	$('caller-role').textContent = caller.role;
	if (!location.hash || location.hash === '#') {
		location.hash = '#/links';
	}
	else {
		route();
	}
}

function showLogin(error) {
	caller = null;
	clearTimeout(timer);
	generation++;
	$('login').hidden = false;
	$('nav').hidden = true;
	$('caller').hidden = true;
	$('view').hidden = true;
	$('view').replaceChildren();
	$('login-problem').replaceChildren(error ? problemBox(error) : '');
	$('login-key').focus();
}

// ---------------------------------------------------------------- routing and polling

const ROUTES = [
	[/^\/links$/, 'links', () => linksPage()],
	[/^\/links\/([^/]+)$/, 'links', (name) => linkPage(name)],
	[/^\/links\/([^/]+)\/mirrors\/([^/]+)$/, 'mirrors', (name, mirror, query) => mirrorPage(name, mirror, query)],
	[/^\/mirrors$/, 'mirrors', () => mirrorsPage()],
	[/^\/groups$/, 'groups', () => groupsPage()],
	[/^\/groups\/([^/]+)\/([^/]+)$/, 'groups', (name, group) => groupPage(name, group)],
	[/^\/audit$/, 'audit', (query) => auditPage(query)],
];

function route() {
	if (caller === null) {
		return;
	}
	const [path, search] = location.hash.replace(/^#/, '').split('?');
	const query = new URLSearchParams(search || '');
	for (const [pattern, nav, page] of ROUTES) {
		const match = pattern.exec(path);
		if (match) {
			for (const a of $('nav').querySelectorAll('a')) {
				a.classList.toggle('current', a.dataset.page === nav);
			}
			let args;
			try {
				args = match.slice(1).map(decodeURIComponent);
			} catch (malformed) {
				break; // a hand-edited address that is not valid percent-encoding: back to the links
			}
			show(page(...args, query));
			return;
		}
	}
	location.hash = '#/links';
}

/**
 * Shows a page: {load() -> data, draw(data) -> node}, loaded again every POLL_MS; the page is
 * drawn again only when its data changed (or always, for pages that say so).
 */
function show(page) {
	clearTimeout(timer);
	const mine = ++generation;
	lastDrawn = null;
	$('view').replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
	const tick = async () => {
		if ($('confirm').open) {
			timer = setTimeout(tick, POLL_MS);
			return;
		}
		let node;
		try {
			const data = await page.load();
			if (mine !== generation) {
				return;
			}
			const fingerprint = JSON.stringify(data);
			if (page.always || fingerprint !== lastDrawn) {
				lastDrawn = fingerprint;
				node = page.draw(data);
			}
		}
		catch (error) {
			if (mine !== generation) {
				return;
			}
			if (error instanceof ApiError && error.status === 401) {
				signOut();
				showLogin(error);
				return;
			}
			lastDrawn = null;
			node = h('div', {}, h('h1', {}, page.title), problemBox(error));
		}
		if (node) {
			$('view').replaceChildren(node);
		}
		if (page.poll !== false) {
			timer = setTimeout(tick, POLL_MS);
		}
	};
	tick();
}

// ---------------------------------------------------------------- links

function tasksCell(tasks) {
	return h('span', { class: 'tasks' }, tasks.map((task) =>
		h('span', { class: 'task', title: task.reason || '' }, task.task,
			task.direction === 'reverse' ? ' (reverse)' : '', ' ', badge(task.state))));
}

function linksPage() {
	return {
		title: 'Links',
		load: () => all('/links'),
		draw: (links) => h('div', {},
			h('h1', {}, 'Links'),
			table('links', ['Link', 'Source → destination', 'Mode', 'State', 'Reason', 'Mirrors', 'Tasks'],
				links.map((l) => [
					link('#/links/' + seg(l.name), l.name),
					l.sourceCluster + ' → ' + l.destinationCluster,
					l.mode,
					badge(l.state),
					l.stateReason || '',
					num(l.mirrorCount),
					tasksCell(l.tasks),
				]), (i) => ({ 'data-link': links[i].name }))),
	};
}

function linkPage(name) {
	return {
		title: 'Link ' + name,
		load: async () => ({
			link: await api('/links/' + seg(name)),
			mirrors: await all('/links/' + seg(name) + '/mirrors'),
		}),
		draw: ({ link: l, mirrors }) => {
			const changed = Object.entries(l.configs).filter(([, config]) => !config.isDefault);
			return h('div', {},
				h('p', { class: 'crumbs' }, link('#/links', 'Links'), ' / ', l.name),
				h('h1', {}, 'Link ', l.name, ' ', badge(l.state)),
				linkActions(l),
				facts([
					['Source → destination', l.sourceCluster + ' → ' + l.destinationCluster],
					['Mode', l.mode],
					['State', badge(l.state)],
					['Reason', l.stateReason],
					['Since', time(l.stateChangedAt)],
					['Created', time(l.createdAt)],
				]),
				h('h2', {}, 'Tasks'),
				table('tasks', ['Task', 'Direction', 'State', 'Reason', 'Last success', 'Updated'],
					l.tasks.map((task) => [task.task, task.direction, badge(task.state), task.reason || '',
						time(task.lastSuccessAt), time(task.updatedAt)])),
				h('h2', {}, 'Mirrors'),
				mirrorTable(mirrors, false),
				h('h2', {}, 'Configs that differ from the default'),
				table('configs', ['Config', 'Value'], changed.map(([key, config]) =>
					[h('code', {}, key), h('code', {}, typeof config.value === 'string' ? config.value
						: JSON.stringify(config.value))])));
		},
	};
}

function linkActions(l) {
	if (!may('operator')) {
		return null;
	}
	const act = (action, allowed) => h('button', {
		type: 'button', class: 'action', 'data-action': action, disabled: !allowed,
		onclick: () => confirmAction({
			title: action === 'pause' ? 'Pause link ' + l.name : 'Resume link ' + l.name,
			note: 'Link actions have no dry run. ' + (action === 'pause'
				? 'Every mirror and task of the link stops fetching within a poll; mirrors keep their state.'
				: 'The link\'s mirrors and tasks continue from where they stopped.'),
			run: () => api('/links/' + seg(l.name) + ':' + action, { method: 'POST' }),
			done: (result) => 'link ' + l.name + ': ' + result.state,
		}),
	}, action === 'pause' ? 'Pause link' : 'Resume link');
	return h('div', { class: 'actions' }, act('pause', l.state !== 'PAUSED'), act('resume', l.state === 'PAUSED'));
}

// ---------------------------------------------------------------- mirrors

function mirrorHref(m) {
	return '#/links/' + seg(m.link) + '/mirrors/' + seg(m.name) + '?direction=' + seg(m.direction);
}

function mirrorTable(mirrors, withLink) {
	return table('mirrors', [...(withLink ? ['Link'] : []), 'Mirror', 'Direction', 'Source topic', 'State',
		'Reason', 'Offset mode', 'Max lag', 'Since'],
	mirrors.map((m) => [
		...(withLink ? [link('#/links/' + seg(m.link), m.link)] : []),
		link(mirrorHref(m), m.name),
		m.direction,
		m.sourceTopic,
		badge(m.state),
		m.stateReason || '',
		m.offsetMode || '–',
		num(m.maxLag),
		time(m.stateChangedAt),
	]), (i) => ({ 'data-mirror': mirrors[i].name }));
}

function mirrorsPage() {
	return {
		title: 'Mirrors',
		load: () => all('/mirrors'),
		draw: (mirrors) => h('div', {}, h('h1', {}, 'Mirrors'), mirrorTable(mirrors, true)),
	};
}

function mirrorPage(name, mirror, query) {
	const direction = query.get('direction') || undefined;
	const path = '/links/' + seg(name) + '/mirrors/' + seg(mirror);
	const key = name + '/' + (direction || 'forward') + '/' + mirror;
	return {
		title: 'Mirror ' + mirror,
		always: true,
		load: async () => {
			const m = await api(path, { query: { direction } });
			return { m, series: sample(key, m.partitions).slice() };
		},
		draw: ({ m, series }) => h('div', {},
			h('p', { class: 'crumbs' }, link('#/links', 'Links'), ' / ', link('#/links/' + seg(m.link), m.link),
				' / ', m.name),
			h('h1', {}, 'Mirror ', m.name, ' ', h('span', { id: 'mirror-state' }, badge(m.state))),
			mirrorActions(m, path, direction),
			m.stateReason ? h('p', { class: 'reason', id: 'mirror-reason' }, m.stateReason) : null,
			m.warnings.length ? h('ul', { class: 'warnings' }, m.warnings.map((w) => h('li', {}, w))) : null,
			facts([
				['Link', link('#/links/' + seg(m.link), m.link)],
				['Direction', m.direction],
				['Source topic', m.sourceTopic],
				['State', badge(m.state)],
				['Stopped by', m.stoppedBy],
				['Since', time(m.stateChangedAt)],
				['Offset mode', m.offsetMode],
				['Max lag', m.maxLag == null ? null : m.maxLag.toLocaleString('en')],
				['Owner', m.owner ? m.owner.instanceId + ' (epoch ' + m.owner.epoch + ', '
					+ (m.owner.live ? 'live' : 'lease expired') + ')' : null],
				['Last verification', m.lastVerification ? m.lastVerification.state : null],
				['Stopped', time(m.stoppedAt)],
			]),
			h('h2', {}, 'Lag over time'),
			lagChart(series),
			h('h2', {}, 'Partitions'),
			table('partitions', ['Partition', 'State', 'Offset mode', 'Source start', 'Source end', 'Mirrored',
				'Lag', 'Destination end', 'Records lost', 'Last error', 'Updated'],
			m.partitions.map((p) => [num(p.partition), p.state ? badge(p.state) : '–', p.offsetMode || '–',
				num(p.sourceStartOffset), num(p.sourceEndOffset), num(p.mirroredOffset),
				h('td', { class: 'num lag' }, p.lag == null ? '–' : p.lag.toLocaleString('en')),
				num(p.destinationEndOffset), num(p.recordsLost), p.lastError || '', time(p.updatedAt)]),
			(i) => ({ 'data-partition': m.partitions[i].partition })),
			m.stopReport ? [h('h2', {}, 'Stop report'),
				h('pre', { class: 'json' }, JSON.stringify(m.stopReport, null, 2))] : null),
	};
}

/** Which actions the state allows (the API decides; this only greys out the pointless ones). */
function allowed(action, state) {
	switch (action) {
		case 'pause': return ['PENDING', 'ACTIVE', 'SOURCE_UNAVAILABLE'].includes(state);
		case 'resume': return state === 'PAUSED' || FAIL_CLOSED.includes(state);
		case 'promote': return state === 'ACTIVE';
		case 'failover': return state !== 'STOPPED';
		default: return false;
	}
}

const EXPLAIN = {
	pause: 'The worker stops fetching within a poll; the topic stays read-only.',
	resume: 'Mirroring continues from the destination end offset.',
	promote: 'The worker copies until every partition has lag 0, then stops: the topic becomes an ordinary '
		+ 'writable topic and the link no longer writes to it. This cannot be undone.',
	failover: 'The mirror stops at once, whatever the lag: records not mirrored yet stay behind on the source. '
		+ 'The topic becomes writable. This cannot be undone.',
};

function mirrorActions(m, path, direction) {
	if (!may('operator')) {
		return null;
	}
	return h('div', { class: 'actions' }, ['pause', 'resume', 'promote', 'failover'].map((action) => {
		const query = { direction };
		if (action === 'resume' && FAIL_CLOSED.includes(m.state)) {
			query.acknowledgeDataLoss = 'true';
		}
		const call = (dryRun) => api(path + ':' + action, { method: 'POST', query: { ...query, dryRun } });
		return h('button', {
			type: 'button', class: 'action' + (action === 'failover' ? ' danger' : ''), 'data-action': action,
			disabled: !allowed(action, m.state),
			onclick: () => confirmAction({
				title: action[0].toUpperCase() + action.slice(1) + ' mirror ' + m.name,
				note: EXPLAIN[action] + (query.acknowledgeDataLoss
					? ' The mirror is halted (' + m.state + '): resuming acknowledges what the halt reported, '
						+ 'and the audit log records it.' : ''),
				dryRun: () => call(true),
				describe: dryRunResult,
				run: () => call(undefined),
				done: (result) => result.action + ' ' + result.mirror + ': ' + result.fromState + ' → '
					+ result.toState + (result.changed ? '' : ' (no change)'),
			}),
		}, action[0].toUpperCase() + action.slice(1));
	}));
}

function dryRunResult(result) {
	return h('div', { class: 'dry-run', id: 'dry-run' },
		h('p', {}, h('strong', {}, 'Dry run: nothing has changed yet.'), ' ', result.description),
		facts([
			['State', h('span', {}, badge(result.fromState), ' → ', badge(result.toState))],
			['Stopped by', result.stoppedBy],
			['Changes anything', result.changed ? 'yes' : 'no (already so)'],
			['Max lag', result.maxLag == null ? null : result.maxLag.toLocaleString('en')],
		]),
		result.partitions.length ? table('partitions', ['Partition', 'Source end', 'Mirrored', 'Lag'],
			result.partitions.map((p) => [num(p.partition), num(p.sourceEndOffset), num(p.mirroredOffset),
				num(p.lag)])) : null);
}

// ---------------------------------------------------------------- the confirmation dialog

/**
 * Asks before an action: shows its dry run (when it has one), and runs it on Confirm.
 * @param {{title, note, dryRun?, describe?, run, done}} action
 */
async function confirmAction(action) {
	const dialog = $('confirm');
	const body = $('confirm-body');
	const ok = $('confirm-ok');
	$('confirm-title').textContent = action.title;
	const note = h('p', { class: 'note' }, action.note);
	ok.disabled = true;
	ok.onclick = null;
	body.replaceChildren(note, action.dryRun ? h('p', { class: 'loading' }, 'Running the dry run…') : null);
	dialog.showModal();
	if (action.dryRun) {
		try {
			const result = await action.dryRun();
			body.replaceChildren(note, action.describe(result));
		}
		catch (error) {
			body.replaceChildren(note, h('p', {}, 'The dry run was refused, so the action is not offered:'),
				problemBox(error));
			return;
		}
	}
	ok.disabled = false;
	ok.onclick = async () => {
		ok.disabled = true;
		try {
			const result = await action.run();
			dialog.close();
			flash(action.done(result));
			route();
		}
		catch (error) {
			body.replaceChildren(note, problemBox(error));
		}
	};
}

// ---------------------------------------------------------------- consumer groups

function groupsPage() {
	return {
		title: 'Consumer groups',
		load: async () => {
			const links = await all('/links');
			return Promise.all(links.map((l) => api('/links/' + seg(l.name) + '/consumer-groups',
				{ query: { size: 500 } })));
		},
		draw: (perLink) => h('div', {},
			h('h1', {}, 'Consumer groups'),
			h('p', { class: 'note' }, 'Groups whose offsets each link syncs to the destination. ',
				h('em', {}, 'Failover ready'), ': every partition of the group on the destination is at the '
				+ 'translated position of its source offset, so its consumers can move now.'),
			perLink.map((l) => h('section', { class: 'link-groups', 'data-link': l.link },
				h('h2', {}, 'Link ', link('#/links/' + seg(l.link), l.link)),
				h('p', { class: 'note' }, l.syncEnabled
					? 'Offset sync on, every ' + (l.syncIntervalMs / 1000) + ' s'
						+ (l.allowBackwards ? ', backwards allowed' : '') + '.'
					: 'Offset sync is off for this link.'),
				table('groups', ['Group', 'Failover ready', 'Trailing by', 'Members on destination',
					'Skipped because', 'Last in sync', 'Last round'],
				l.groups.items.map((g) => [
					link('#/groups/' + seg(l.link) + '/' + seg(g.group), g.group),
					h('td', { class: 'failover-ready' }, g.failoverReady
						? h('span', { class: 'badge ok' }, 'yes') : h('span', { class: 'badge warn' }, 'no')),
					num(g.trailingBy),
					num(g.destinationMembers),
					g.skipReason || '',
					time(g.lastSyncAt),
					time(g.lastRoundAt),
				]), (i) => ({ 'data-group': l.groups.items[i].group })))),
		),
	};
}

function groupPage(name, group) {
	return {
		title: 'Group ' + group,
		load: () => api('/links/' + seg(name) + '/consumer-groups/' + seg(group)),
		draw: (g) => h('div', {},
			h('p', { class: 'crumbs' }, link('#/groups', 'Consumer groups'), ' / ', g.link, ' / ', g.group),
			h('h1', {}, 'Group ', g.group, ' ', g.failoverReady
				? h('span', { class: 'badge ok' }, 'failover ready') : h('span', { class: 'badge warn' }, 'not ready')),
			facts([
				['Link', link('#/links/' + seg(g.link), g.link)],
				['Skipped because', g.skipReason],
				['Members on destination', String(g.destinationMembers)],
				['Trailing by', g.trailingBy == null ? null : g.trailingBy.toLocaleString('en')],
				['Last in sync', time(g.lastSyncAt)],
				['Last round', time(g.lastRoundAt)],
			]),
			table('group-partitions', ['Mirror topic', 'Partition', 'Offset mode', 'Source offset',
				'Translated', 'Clamped', 'Destination offset', 'Trailing by', 'Failover ready', 'Skipped because'],
			g.partitions.map((p) => [p.mirrorTopic, num(p.partition), p.offsetMode || '–', num(p.sourceOffset),
				num(p.translatedOffset), p.clampedToMirrored ? 'yes' : 'no', num(p.destinationOffset),
				num(p.trailingBy), p.failoverReady ? 'yes' : 'no', p.skipReason || ''])),
		),
	};
}

// ---------------------------------------------------------------- audit log

function auditPage(query) {
	const page = Math.max(0, Number(query.get('page') || 0));
	const entityType = query.get('entityType') || '';
	const entityName = query.get('entityName') || '';
	const go = (changes) => {
		const next = new URLSearchParams({ entityType, entityName, page, ...changes });
		for (const [name, value] of [...next]) {
			if (value === '' || (name === 'page' && value === '0')) {
				next.delete(name);
			}
		}
		location.hash = '#/audit' + (next.size ? '?' + next : '');
	};
	return {
		title: 'Audit log',
		load: () => api('/audit', { query: { entityType, entityName, page, size: 50 } }),
		draw: (result) => {
			const typeSelect = h('select', { id: 'audit-type', onchange: (e) => go({ entityType: e.target.value, page: 0 }) },
				['', 'cluster', 'link', 'mirror', 'api-key'].map((type) =>
					h('option', { value: type, selected: type === entityType }, type || 'any type')));
			const nameInput = h('input', { id: 'audit-name', value: entityName, placeholder: 'entity name',
				onchange: (e) => go({ entityName: e.target.value.trim(), page: 0 }) });
			return h('div', {},
				h('h1', {}, 'Audit log'),
				h('p', { class: 'filters' }, typeSelect, ' ', nameInput, ' ',
					h('span', { class: 'note' }, result.totalItems + ' entries, newest first')),
				table('audit', ['When', 'Actor', 'Action', 'Entity', 'Outcome', 'Details'],
					result.items.map((e) => [
						time(e.occurredAt),
						e.actor,
						h('code', {}, e.action),
						e.entityType + ' ' + e.entityName,
						h('span', { class: 'badge ' + (e.outcome === 'accepted' ? 'ok' : 'bad') }, e.outcome),
						h('code', { class: 'details' }, JSON.stringify(e.details)),
					])),
				h('p', { class: 'pager' },
					h('button', { type: 'button', class: 'quiet', disabled: page === 0,
						onclick: () => go({ page: page - 1 }) }, '← Newer'),
					' page ' + (page + 1) + ' of ' + Math.max(1, result.totalPages) + ' ',
					h('button', { type: 'button', class: 'quiet', disabled: page + 1 >= result.totalPages,
						onclick: () => go({ page: page + 1 }) }, 'Older →')));
		},
	};
}

start();
