// A real ClickHouse server for tests and benchmarks: started on loopback with a temporary
// config (free ports, data in a temporary directory, Iceberg's documented users) and stopped
// after. Debian's clickhouse-server (18.16) is installed by tests/ensure-test-deps.mjs; set
// CLICKHOUSE_SERVER to run another build (a current `clickhouse` binary takes the same flags).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CENTRE_DOCS = path.join(ROOT, 'docs/centre');

export interface ClickHouseUser {
  user: string;
  key: string;
}

export interface ClickHouseServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  tcpPort: number;
  /** Full rights (the server's default user), for set-up and checks. */
  admin: ClickHouseUser;
  /** docs/centre/clickhouse-users.xml's insert user and read-only user. */
  agent: ClickHouseUser;
  report: ClickHouseUser;
  version: string;
  /** Runs one statement as `as` (admin by default); throws with ClickHouse's message on failure. */
  query(sql: string, options?: { as?: ClickHouseUser; body?: string }): Promise<string>;
  /** Runs every statement of a .sql file of docs/centre/ (split on ";" at line ends). */
  runFile(relativePath: string): Promise<void>;
  /** The server's own log, for failure messages. */
  log(): string;
  /** Kills the server as a crash or power cut would; `restart` brings it back with its data. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function clickHouseBinary(): string | null {
  const candidates = [process.env.CLICKHOUSE_SERVER, '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The documented report queries, read from docs/centre/queries (what storage/pages/centre-queries.ts bundles). */
export function centreQueriesFromDocs(): { reportRows: string; reportBreakdowns: string; reportChoices: string } {
  const read = (name: string) => readFileSync(path.join(CENTRE_DOCS, 'queries', name), 'utf8');
  return { reportRows: read('report-rows.sql'), reportBreakdowns: read('report-breakdowns.sql'), reportChoices: read('report-choices.sql') };
}

/** Statements of a .sql file: split at ";" ending a line, comments and blank statements dropped. */
export function sqlStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean);
}

function serverConfig(dir: string, httpPort: number, tcpPort: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/data/tmp/</tmp_path>
  <user_files_path>${dir}/data/user_files/</user_files_path>
  <format_schema_path>${dir}/data/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>1073741824</mark_cache_size>
  <max_concurrent_queries>200</max_concurrent_queries>
  <keep_alive_timeout>60</keep_alive_timeout>
</yandex>
`;
}

/** The administrator only; Iceberg's users come from docs/centre/clickhouse-users.xml in users.d/. */
const BASE_USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>8000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function waitUntilReady(url: string, child: ChildProcess, logOf: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`clickhouse-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logOf()}`);
    }
    try {
      const response = await fetch(`${url}ping`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`clickhouse-server was not ready after ${timeoutMs} ms:\n${logOf()}`);
}

export async function startClickHouse(options: { readyTimeoutMs?: number } = {}): Promise<ClickHouseServer> {
  const binary = clickHouseBinary();
  if (!binary) throw new Error('clickhouse-server not found: run `node tests/ensure-test-deps.mjs` (installs Debian\'s clickhouse-server) or set CLICKHOUSE_SERVER');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iceberg-clickhouse-'));
  mkdirSync(path.join(dir, 'users.d'));
  writeFileSync(path.join(dir, 'users.xml'), BASE_USERS);
  writeFileSync(path.join(dir, 'users.d/iceberg.xml'), readFileSync(path.join(CENTRE_DOCS, 'clickhouse-users.xml')));
  const agent = { user: 'iceberg_agent', key: `agent-${Math.random().toString(36).slice(2)}` };
  const report = { user: 'iceberg_report', key: `report-${Math.random().toString(36).slice(2)}` };
  const admin = { user: 'default', key: '' };

  const logOf = () =>
    ['server.err.log', 'console.log']
      .map((name) => path.join(dir, name))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8').slice(-4000))
      .join('\n');

  let ports = { http: 0, tcp: 0 };
  let child: ChildProcess;
  const launch = async () => {
    const out = openSync(path.join(dir, 'console.log'), 'a');
    child = spawn(binary, [`--config-file=${path.join(dir, 'config.xml')}`], {
      cwd: dir,
      stdio: ['ignore', out, out],
      env: { ...process.env, ICEBERG_AGENT_PASSWORD: agent.key, ICEBERG_REPORT_PASSWORD: report.key },
    });
    closeSync(out);
    running.add(child);
    try {
      await waitUntilReady(`http://127.0.0.1:${ports.http}/`, child, logOf, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      child.kill('SIGKILL');
      running.delete(child);
      throw error;
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      // The data is thrown away at the end: no need to wait for ClickHouse to drain idle keep-alive connections.
      const timer = setTimeout(() => child.kill('SIGKILL'), 500);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };

  // A port taken between choosing and binding shows as an early exit: try again with new ports.
  for (let attempt = 1; ; attempt += 1) {
    ports = { http: await freePort(), tcp: await freePort() };
    writeFileSync(path.join(dir, 'config.xml'), serverConfig(dir, ports.http, ports.tcp));
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt < 3 && child!.exitCode !== null) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const url = `http://127.0.0.1:${ports.http}/`;

  const query: ClickHouseServer['query'] = async (sql, { as = admin, body } = {}) => {
    const target = body === undefined ? url : `${url}?query=${encodeURIComponent(sql)}`;
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': as.user, 'X-ClickHouse-Key': as.key },
      body: body ?? sql,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${text.trim()}\n${sql}`);
    return text;
  };
  const version = (await query('SELECT version()')).trim();

  return {
    url,
    tcpPort: ports.tcp,
    admin,
    agent,
    report,
    version,
    query,
    async runFile(relativePath) {
      for (const statement of sqlStatements(readFileSync(path.join(CENTRE_DOCS, relativePath), 'utf8'))) await query(statement);
    },
    log: logOf,
    async kill() {
      await halt('SIGKILL');
    },
    async restart() {
      await halt('SIGTERM');
      await launch();
    },
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
