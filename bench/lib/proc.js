// Running the real programs: wall time around the whole process, and what the kernel says the process did.
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/*
The probe is preloaded into a Node child with `--import`: when the process exits it reads its own /proc/self/io (rchar: bytes the process got from read(2) and friends, all threads, worker threads included, whatever they were reading), /proc/self/status (VmHWM: peak resident set) and /proc/self/stat (user and system CPU), and writes them on stderr. The numbers come from the kernel, not from the program; rchar includes what Node reads to start (its own modules), which the benchmark measures on an empty file and subtracts.
*/
const probeSource = `import {readFileSync, writeSync} from 'node:fs';
process.on('exit', () => {
	try {
		const rchar = Number(/rchar: (\\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
		const hwmKiB = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
		const stat = readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		writeSync(2, 'BENCHPROBE ' + JSON.stringify({rchar, hwmKiB, cpuTicks: Number(fields[11]) + Number(fields[12])}) + '\\n');
	} catch {}
});
`;

export function writeProbe(directory) {
	const path = join(directory, 'probe.mjs');
	writeFileSync(path, probeSource);
	return path;
}

/** Run a command to its end; seconds of wall time, its stdout, and the probe's numbers when it printed them. */
export function runTimed(name, command, {stdout = false} = {}) {
	const started = process.hrtime.bigint();
	const result = spawnSync(command[0], command.slice(1), {stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 28});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.status !== 0) {
		throw new Error(`${name} failed (${result.status ?? result.signal}): ${String(result.stderr).slice(0, 2000)}`);
	}

	const match = /BENCHPROBE (.*)/.exec(String(result.stderr));
	return {seconds, stdout: stdout ? String(result.stdout) : undefined, probe: match ? JSON.parse(match[1]) : undefined};
}

/** utime + stime of a running process, in clock ticks (100 a second on Linux). */
export function cpuTicks(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** Resident set of a running process in KiB (VmRSS), and its peak (VmHWM). */
export function memoryOf(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return {rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]), hwmKiB: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1])};
}

export const ticksPerSecond = 100; // USER_HZ on Linux.
