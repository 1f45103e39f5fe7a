// Small helpers shared by the benchmark modules: arguments, sizes, statistics, formatting, the machine's description.
import {readFileSync, statfsSync} from 'node:fs';
import os from 'node:os';

export function parseArgs(list) {
	const parsed = {};
	for (let i = 0; i < list.length; i++) {
		const [key, inline] = list[i].replace(/^--/, '').split('=', 2);
		if (inline !== undefined) {
			parsed[key] = inline;
		} else if (list[i + 1] !== undefined && !list[i + 1].startsWith('--')) {
			parsed[key] = list[++i];
		} else {
			parsed[key] = true;
		}
	}

	return parsed;
}

/** '100MB', '1GB', '5g', '500000' (bytes, decimal units). */
export function parseSize(text) {
	const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(String(text));
	if (!match) {
		throw new Error(`size '${text}': give a size such as 100MB or 1GB`);
	}

	return Math.round(Number(match[1]) * {'': 1, k: 1e3, m: 1e6, g: 1e9}[match[2].toLowerCase()]);
}

export function median(list) {
	const sorted = [...list].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(list, digits, scale = 1) {
	return `${fmt(Math.min(...list) * scale, digits)}–${fmt(Math.max(...list) * scale, digits)}`;
}

export function fmt(value, digits) {
	return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function formatBytes(bytes) {
	if (bytes >= 1e9) {
		return `${fmt(bytes / 1e9, 2)} GB`;
	}

	return bytes >= 1e6 ? `${fmt(bytes / 1e6, 1)} MB` : `${fmt(bytes / 1e3, 0)} kB`;
}

/** Rows of cells into aligned plain text (first column left, the others right). */
export function textTable(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => String(row[column]).length)));
	return rows.map(row => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ')).join('\n');
}

/** Rows of cells into a markdown table, the first row as header. */
export function markdownTable(rows) {
	const line = row => `| ${row.map(cell => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
	return [line(rows[0]), `| ${rows[0].map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

export function machine(directory) {
	let cpu = 'unknown CPU';
	try {
		cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
	} catch {}

	let disk = '';
	try {
		const stats = statfsSync(directory);
		disk = `, ${formatBytes(stats.bavail * stats.bsize)} free where the data goes`;
	} catch {}

	const load = os.loadavg().map(value => fmt(value, 2)).join(' ');
	return {
		text: `${cpu}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}${disk}; load average at start ${load}`,
		load: os.loadavg(),
		cores: os.cpus().length,
	};
}

export function sleep(milliseconds) {
	return new Promise(resolve => {
		setTimeout(resolve, milliseconds);
	});
}
