/* The flags meow reads, and the help text of each command. Values are read as strings and checked by parse-options.ts, so every mistake gets a message naming its flag. */

export const flagDefinitions = {
	host: {type: 'string'},
	every: {type: 'string'},
	window: {type: 'string'},
	file: {type: 'string', isMultiple: true},
	dir: {type: 'string'},
	generate: {type: 'boolean'},
	tolerance: {type: 'string'},
	format: {type: 'string'},
	topBy: {type: 'string'},
	clock: {type: 'string'},
	now: {type: 'string'},
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	plain: {type: 'boolean'},
	limit: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	hosts: {type: 'string'},
	hostCount: {type: 'string'},
	rate: {type: 'string'},
	linesPerFile: {type: 'string'},
	maxFileAge: {type: 'string'},
	disorder: {type: 'string'},
	unit: {type: 'string'},
	seed: {type: 'string'},
	lines: {type: 'string'},
	fast: {type: 'boolean'},
	start: {type: 'string'},
	clickhouse: {type: 'string'},
	table: {type: 'string'},
	shipper: {type: 'string'},
	help: {type: 'boolean'},
	version: {type: 'boolean'},
} as const;

export type FlagName = keyof typeof flagDefinitions;

const generatorFlags: readonly FlagName[] = ['hosts', 'hostCount', 'rate', 'linesPerFile', 'maxFileAge', 'disorder', 'unit', 'seed'];

/** The flags each command accepts; any other is a usage error. */
export const commandFlags: Readonly<Record<Command, readonly FlagName[]>> = {
	live: ['host', 'every', 'window', 'file', 'dir', 'generate', 'format', 'tolerance', 'topBy', 'clock', 'now', 'once', 'json', 'plain', 'limit', ...generatorFlags, 'clickhouse', 'table', 'help', 'version'],
	query: ['host', 'from', 'to', 'json', 'format', 'tolerance', 'topBy', 'limit', 'clickhouse', 'table', 'help', 'version'],
	generate: ['dir', 'format', ...generatorFlags, 'lines', 'fast', 'start', 'help', 'version'],
	ship: ['clickhouse', 'table', 'file', 'dir', 'shipper', 'format', 'tolerance', 'help', 'version'],
};

export type Command = 'live' | 'query' | 'generate' | 'ship';

const times = `  Times take epoch seconds or milliseconds, or ISO 8601 (2019-08-13T08:00:00Z;
  no zone means UTC). Durations take seconds, or a number with ms, s, m or h.`;

export const helpTexts: Readonly<Record<Command, string>> = {
	live: `
  Live view of who is talking to a host, from connection logs: one line each
  <unix timestamp> <source> <destination>, or Zeek conn.log, AWS VPC Flow Logs
  or Suricata eve.json.

  Usage
    $ dashboard [--host H] [--every 10s] [--window D] [--file PATH... | --dir DIR | --generate]
    $ dashboard query FILE... --host H --from TIME --to TIME
    $ dashboard generate [--dir ./logs] ...
    $ dashboard ship --clickhouse URL (--file PATH... | --dir DIR)
    $ dashboard --clickhouse URL [--table conn] --host H ...

  Options
    --host H          Host to watch (default: the current top host)
    --every D         Refresh period (default 10s)
    --window D        Report on the last D (default: equal to --every)
    --file PATH       Follow a log file (repeatable)
    --dir DIR         Follow a directory of log files (*.txt, *.log), newest is current
    --generate        Run the generator inside, writing into --dir (default ./logs)
    --format F        auto (default: per file), native, zeek, vpc or eve
    --tolerance D     How far lines may be out of order (default 5m; zeek, eve 1h; vpc 20m)
    --top-by WHAT     Top hosts by 'source' (default) or 'involved'
    --clock WHICH     'wall' (default): now is the clock; 'log': now is the newest line
    --now TIME        Start the wall clock at TIME (with --once: report [TIME - window, TIME])
    --once            Print one report and exit
    --json            Print reports as JSON, one per line
    --plain           Print text reports even on a terminal
    --limit N         Rows per list in reports (top hosts: 10 unless given)
    --clickhouse URL  Count on a ClickHouse server (http://host:8123) instead of files
    --table NAME      The table there (default conn)
    With no --file, --dir or --generate it follows ./logs, where 'dashboard generate' writes.
    With --generate, the options of 'dashboard generate' apply too (--rate defaults to 40).

  Keys
    ↑/↓ select a row   Enter watch its host   Backspace back   tab next pane
    / pick host   ←/→ or [/] step hosts   l linear/log bars   t top by source/involved
    +/- window x2 or /2   r refresh   space/p pause   q quit   ? help

${times}

  Run 'dashboard query --help', 'dashboard generate --help' and 'dashboard ship --help' for the other commands.
`,
	query: `
  Answer once for a host and a time range, then exit.

  Usage
    $ dashboard query FILE... --host H --from TIME --to TIME
    $ dashboard query --clickhouse URL [--table conn] --host H --from TIME --to TIME

  Options
    --host H          The host to answer for
    --from TIME       Start of the window (included)
    --to TIME         End of the window (included)
    --json            Print one JSON object
    --format F        auto (default: per file), native, zeek, vpc or eve
    --tolerance D     How far lines may be out of order (default 5m; zeek, eve 1h; vpc 20m)
    --top-by WHAT     Top hosts by 'source' (default) or 'involved'
    --limit N         Rows per list (default: complete lists, top 10 hosts)
    --clickhouse URL  Count on a ClickHouse server instead of files
    --table NAME      The table there (default conn)

${times}

  Example
    $ dashboard query app.log --host Hannibal --from 2019-08-13T08:00:00Z --to 2019-08-13T09:00:00Z
`,
	generate: `
  Write realistic connection logs: log_1.txt, log_2.txt, ... in a directory.
  With --format zeek, vpc or eve, the same traffic as those writers log it:
  between addresses, each record as late as the format writes it.

  Usage
    $ dashboard generate [--dir ./logs] [options]

  Options
    --dir DIR             Where to write (default ./logs)
    --format F            native (default), zeek (conn.log TSV), vpc (Flow Logs v2)
                          or eve (Suricata eve.json)
    --hosts a,b,c         Host names (default Hannibal,Samatchi,Hanny,Steeve,Mustafa;
                          five addresses with --format zeek, vpc or eve)
    --host-count N        Generate N host names (or addresses) instead
    --rate N              Lines a second (with --fast: per synthetic second; default 1)
    --lines-per-file N    Finish a file after N lines (default 10000; zeek, vpc, eve:
                          N connections, headers and other records on top)
    --max-file-age D      Finish a file after D (with --fast: synthetic time; default 5m)
    --disorder D          Shift timestamps back by up to D (default 0s; native)
    --unit ms|s           Timestamps in milliseconds (default) or seconds (native)
    --seed N              Same seed, same output
    --lines N             Stop after N lines, or connections (default: until stopped)
    --fast                Write synthetic time as fast as possible (needs --start)
    --start TIME          Synthetic start time for --fast

${times}
`,
	ship: `
  Follow log files and ship their lines into a ClickHouse table, exactly once:
  a batch about every second, read positions kept in the table itself, so a
  restart (even after kill -9) goes on where the last batch ended. Malformed
  lines are counted, never shipped. While the server is away it holds one
  batch, reads nothing more, and retries with a growing wait.

  Usage
    $ dashboard ship --clickhouse URL [--table conn] (--file PATH... | --dir DIR) [--format F]

  Options
    --clickhouse URL  The server: http://[user:password@]host:8123[/database]
    --table NAME      Table to write (default conn; created when missing)
    --file PATH       Follow a log file (repeatable)
    --dir DIR         Follow a directory of log files (*.txt, *.log)
    --format F        auto (default: per file), native, zeek, vpc or eve
    --tolerance D     How far lines may be out of order (default 5m; zeek, eve 1h; vpc 20m)
    --shipper NAME    Who ships, for the read positions (default: this machine's name)

  Example
    $ dashboard ship --clickhouse http://db1:8123 --dir /var/log/conn
`,
};
