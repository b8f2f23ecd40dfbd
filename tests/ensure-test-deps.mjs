// Installs what `npm test` needs on a fresh machine: npm packages, WXT's generated types,
// Debian's Chromium for the end-to-end tests and Debian's ClickHouse server for the centre tests. Uses only Node built-ins, so it runs before
// `npm ci` has. npm 11 skips install scripts, so `wxt prepare` is run here explicitly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  if (result.status !== 0) {
    throw new Error(`"${command} ${args.join(' ')}" failed with exit code ${result.status}`);
  }
}

function chromiumFound() {
  return [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].some(
    (candidate) => candidate && existsSync(candidate),
  );
}

function clickHouseFound() {
  return [process.env.CLICKHOUSE_SERVER, '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'].some(
    (candidate) => candidate && existsSync(candidate),
  );
}

if (!existsSync(path.join(root, 'node_modules', '.bin', 'wxt'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run('npx', ['wxt', 'prepare']);

const missing = [];
if (!chromiumFound()) missing.push('chromium');
if (!clickHouseFound()) missing.push('clickhouse-server', 'clickhouse-client');
if (missing.length > 0) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `${missing.join(', ')} needed for the tests: install them, or set CHROME_PATH / CLICKHOUSE_SERVER`,
    );
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (...args) => (asRoot ? run('apt-get', args, { env }) : run('sudo', ['apt-get', ...args], { env }));
  aptGet('update');
  // The ClickHouse package tries to start its system service; the tests run their own server.
  aptGet('install', '-y', '--no-install-recommends', ...missing);
}
console.log('Test dependencies are ready.');
