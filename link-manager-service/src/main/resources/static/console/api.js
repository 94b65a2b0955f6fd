// The link manager's API, called with the API key the user signed in with (X-API-Key).
// Errors are RFC 9457 problem details; they become an ApiError that the pages show as a message.

const KEY = 'clusterlink.console.apiKey';

export function apiKey() {
	return sessionStorage.getItem(KEY);
}

export function signIn(key) {
	sessionStorage.setItem(KEY, key.trim());
}

export function signOut() {
	sessionStorage.removeItem(KEY);
}

/** A failed call: the HTTP status and the problem the API answered (or one made up for it). */
export class ApiError extends Error {

	constructor(status, problem) {
		super(problem.detail || problem.title || ('HTTP ' + status));
		this.status = status;
		this.problem = problem;
	}

	/** One line for people: "409 Conflict (illegal-transition): the mirror is STOPPED". */
	get summary() {
		const p = this.problem;
		const code = p.errorCode || (typeof p.type === 'string' && p.type.startsWith('urn:clusterlink:problem:')
			? p.type.substring('urn:clusterlink:problem:'.length) : null);
		let text = (this.status ? this.status + ' ' : '') + (p.title || 'Error');
		if (code) {
			text += ' (' + code + ')';
		}
		if (p.detail) {
			text += ': ' + p.detail;
		}
		if (p.field) {
			text += ' [field ' + p.field + ']';
		}
		return text;
	}

}

/** Encodes one path segment. */
export const seg = encodeURIComponent;

/**
 * Calls the API under /api/v1 and returns the parsed JSON (null for an empty body).
 * @param {string} path e.g. '/links'
 * @param {{method?: string, query?: object, body?: object}} options
 */
export async function api(path, { method = 'GET', query, body } = {}) {
	const headers = { Accept: 'application/json, application/problem+json' };
	const key = apiKey();
	if (key) {
		headers['X-API-Key'] = key;
	}
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query || {})) {
		if (value !== null && value !== undefined && value !== '') {
			params.set(name, value);
		}
	}
	const url = '/api/v1' + path + (params.size > 0 ? '?' + params : '');
	let response;
	try {
		response = await fetch(url, {
			method, headers, body: body === undefined ? undefined : JSON.stringify(body),
			cache: 'no-store', credentials: 'omit', redirect: 'error',
		});
	}
	catch (failure) {
		throw new ApiError(0, { title: 'No answer', detail: 'the link manager could not be reached' });
	}
	const type = response.headers.get('Content-Type') || '';
	const data = type.includes('json') ? await response.json().catch(() => null) : null;
	if (!response.ok) {
		const problem = (data && typeof data === 'object') ? data : { title: response.statusText || 'Error' };
		if (response.status === 429 && response.headers.get('Retry-After')) {
			problem.detail = (problem.detail || 'too many requests') + '; retry in '
				+ response.headers.get('Retry-After') + ' s';
		}
		throw new ApiError(response.status, problem);
	}
	return data;
}

/** Every item of a paginated list (500 at a time). */
export async function all(path, query) {
	const items = [];
	for (let page = 0; ; page++) {
		const result = await api(path, { query: { ...query, page, size: 500 } });
		items.push(...result.items);
		if (page + 1 >= result.totalPages) {
			return items;
		}
	}
}
