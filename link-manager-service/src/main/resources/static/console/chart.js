// The lag-over-time chart of a mirror: one line per partition, drawn as SVG from samples this
// browser took while polling the mirror (the API reports the current lag only).

import { h, s } from './dom.js';

const WIDTH = 720;
const HEIGHT = 200;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;
const MAX_SAMPLES = 180;
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const samples = new Map();

/** Records the lag of every partition of a mirror now; returns the mirror's samples. */
export function sample(key, partitions) {
	let series = samples.get(key);
	if (!series) {
		series = [];
		samples.set(key, series);
	}
	const lags = {};
	for (const partition of partitions) {
		if (partition.lag !== null && partition.lag !== undefined) {
			lags[partition.partition] = partition.lag;
		}
	}
	series.push({ t: Date.now(), lags });
	if (series.length > MAX_SAMPLES) {
		series.splice(0, series.length - MAX_SAMPLES);
	}
	return series;
}

/** Rounds up to 1, 2 or 5 times a power of ten. */
function niceCeiling(value) {
	if (value <= 1) {
		return 1;
	}
	const power = Math.pow(10, Math.floor(Math.log10(value)));
	for (const step of [1, 2, 5, 10]) {
		if (step * power >= value) {
			return step * power;
		}
	}
	return 10 * power;
}

function seconds(ms) {
	const total = Math.round(ms / 1000);
	return total >= 60 ? Math.floor(total / 60) + ' min ' + (total % 60) + ' s' : total + ' s';
}

/** The chart of a mirror's samples, with a legend. */
export function lagChart(series) {
	const partitions = [...new Set(series.flatMap((point) => Object.keys(point.lags)))]
		.map(Number).sort((a, b) => a - b);
	const end = series.length ? series[series.length - 1].t : Date.now();
	const start = Math.min(series.length ? series[0].t : end, end - 60_000);
	const top = niceCeiling(Math.max(0, ...series.flatMap((point) => Object.values(point.lags))));
	const x = (t) => LEFT + (t - start) / (end - start) * (WIDTH - LEFT - RIGHT);
	const y = (lag) => TOP + (1 - lag / top) * (HEIGHT - TOP - BOTTOM);

	const grid = [0, top / 2, top].map((value) => [
		s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value), class: 'grid' }),
		s('text', { x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end' }, value.toLocaleString('en')),
	]);
	const axis = [
		s('text', { x: LEFT, y: HEIGHT - 8 }, '−' + seconds(end - start)),
		s('text', { x: WIDTH - RIGHT, y: HEIGHT - 8, 'text-anchor': 'end' }, 'now'),
	];
	const lines = partitions.map((partition, i) => {
		const points = series.filter((point) => partition in point.lags)
			.map((point) => x(point.t).toFixed(1) + ',' + y(point.lags[partition]).toFixed(1));
		const colour = COLOURS[i % COLOURS.length];
		return points.length === 1
			? s('circle', { cx: points[0].split(',')[0], cy: points[0].split(',')[1], r: 3, fill: colour })
			: s('polyline', { points: points.join(' '), stroke: colour, fill: 'none', 'stroke-width': 2,
				'data-partition': partition });
	});
	const svg = s('svg', { class: 'lag-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
		'aria-label': 'lag per partition over time' }, grid, axis, lines);
	const legend = h('ul', { class: 'legend' }, partitions.map((partition, i) =>
		h('li', {}, s('svg', { width: 12, height: 12 }, s('rect', { width: 12, height: 12,
			fill: COLOURS[i % COLOURS.length] })), ' partition ' + partition)));
	return h('figure', { class: 'chart' }, svg, legend,
		h('figcaption', {}, `Lag (records) per partition, sampled every poll by this browser since the page was `
			+ `opened (${series.length} sample${series.length === 1 ? '' : 's'}).`));
}
