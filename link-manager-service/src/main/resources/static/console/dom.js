// Builds DOM nodes without innerHTML: every value from the API becomes a text node or an attribute.

const SVG = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
	for (const [name, value] of Object.entries(attrs || {})) {
		if (value === null || value === undefined || value === false) {
			continue;
		}
		if (name.startsWith('on') && typeof value === 'function') {
			element.addEventListener(name.slice(2), value);
		}
		else {
			element.setAttribute(name, value === true ? '' : String(value));
		}
	}
	for (const child of children.flat(Infinity)) {
		if (child === null || child === undefined || child === false) {
			continue;
		}
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return element;
}

/** An HTML element: h('td', {class: 'num'}, 42). */
export function h(tag, attrs, ...children) {
	return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
	return build(document.createElementNS(SVG, tag), attrs, children);
}

/** A table from column headings and rows of cells (nodes or values). */
export function table(className, headings, rows, rowAttrs) {
	return h('table', { class: className },
		h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
		h('tbody', {}, rows.length === 0
			? h('tr', {}, h('td', { colspan: headings.length, class: 'empty' }, 'none'))
			: rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(i) : {},
				cells.map((cell) => (cell instanceof Node && cell.nodeName === 'TD') ? cell : h('td', {}, cell))))));
}

/** A number cell, right-aligned; '–' when unknown. */
export function num(value) {
	return h('td', { class: 'num' }, (value === null || value === undefined) ? '–' : Number(value).toLocaleString('en'));
}

/** A timestamp as local time, the ISO value as tooltip. */
export function time(value) {
	if (!value) {
		return '–';
	}
	const date = new Date(value);
	return h('time', { datetime: value, title: value }, date.toLocaleString('en-GB', { hour12: false }));
}

/** A state badge, coloured by the kind of state. */
export function badge(state) {
	if (!state) {
		return '–';
	}
	return h('span', { class: 'badge ' + stateClass(state), 'data-state': state }, state);
}

function stateClass(state) {
	switch (state) {
		case 'ACTIVE': return 'ok';
		case 'PENDING': case 'PENDING_STOPPED': return 'busy';
		case 'PAUSED': case 'SOURCE_UNAVAILABLE': case 'UNAVAILABLE': return 'warn';
		case 'STOPPED': case 'NOT_CONFIGURED': return 'off';
		default: return 'bad';
	}
}

/** A definition list from [term, value] pairs; pairs with an empty value are left out. */
export function facts(pairs) {
	return h('dl', { class: 'facts' }, pairs
		.filter(([, value]) => value !== null && value !== undefined && value !== '')
		.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}
