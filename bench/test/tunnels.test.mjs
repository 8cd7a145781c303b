// Checks the parts of the tunnel benchmark whose mistakes would not show in its tables: the Host header reaching the
// server (pipenet routes on it), how plain GET answers are judged, and how the ratios and the memory verdict are
// computed. Run: cd bench && npm test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { send } from '../load.mjs';
import { render } from '../tunnel-report.mjs';

const run = promisify(execFile);
const loadScript = fileURLToPath(new URL('../load.mjs', import.meta.url));

/** A local HTTP server answering GET /hello with BODY, recording the Host header of every request. */
async function helloServer(body) {
  const hosts = [];
  const server = createServer((req, res) => {
    hosts.push(req.headers.host);
    res.end(req.url === '/hello' ? body : 'not here');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, hosts, url: `http://127.0.0.1:${server.address().port}/hello` };
}

test('send puts the given Host header on the wire', async () => {
  const { server, hosts, url } = await helloServer('Hello from the bench');
  try {
    const r = await send(url, { headers: { host: 'benchtarget.localhost:1234' } });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'Hello from the bench');
    assert.deepEqual(hosts, ['benchtarget.localhost:1234']);
  } finally {
    server.close();
  }
});

test('load.mjs --mode http counts every answer and sends --host on each request', async () => {
  const { server, hosts, url } = await helloServer('Hello from the bench');
  try {
    const { stdout } = await run(process.execPath, [loadScript, '--mode', 'http', '--url', url, '--host', 'x.localhost', '-c', '2', '-d', '1']);
    const r = JSON.parse(stdout);
    assert.equal(r.errors, 0);
    assert.ok(r.requests > 0);
    assert.ok(hosts.length > r.requests - 1 && hosts.every((h) => h === 'x.localhost'));
  } finally {
    server.close();
  }
});

test('load.mjs --mode http fails a target whose body is not the expected one', async () => {
  const { server, url } = await helloServer('something else');
  try {
    const failed = await run(process.execPath, [loadScript, '--mode', 'http', '--url', url, '-c', '1', '-d', '1']).then(() => null, (e) => e);
    assert.ok(failed, 'load.mjs should exit non-zero');
    assert.match(JSON.parse(failed.stdout).error, /probe GET failed/);
  } finally {
    server.close();
  }
});

const row = (label, connections, rate, round, errors = 0) =>
  ({ label, connections, round, req_per_s: rate, p50_ms: 1, p99_ms: 2, errors, server_cpu_us_per_req: 50 });

test('render marks the tunnel against direct (0.5x) and pipenet (5x), per request kind and in-flight count', () => {
  const { markdown, allMet } = render([
    row('direct-http', 16, 1000, 1), row('tunnel-http', 16, 600, 1), row('pipenet-http', 16, 100, 1),
    row('direct-mcp', 16, 1000, 1), row('tunnel-mcp', 16, 400, 1), row('pipenet-mcp', 16, 100, 1),
  ], [], null);
  assert.match(markdown, /\| tunnel \/ direct \| `GET \/hello` \(20 B\) \| 16 \| 0\.60× \|[^|]*\| ≥ 0\.5× \| met \|/);
  assert.match(markdown, /\| tunnel \/ direct \| MCP `tools\/call echo` \| 16 \| 0\.40× \|[^|]*\| ≥ 0\.5× \| \*\*not met\*\* \|/);
  assert.match(markdown, /\| tunnel \/ pipenet \| `GET \/hello` \(20 B\) \| 16 \| 6\.00× \|[^|]*\| ≥ 5× \| met \|/);
  assert.equal(allMet, false);
});

test('render gives nginx ratios for reference only, without a verdict', () => {
  const { markdown, allMet } = render([row('direct-http', 1, 1000, 1), row('nginx-http', 1, 100, 1)], [], null);
  assert.match(markdown, /\| nginx \/ direct \(reference\) \| `GET \/hello` \(20 B\) \| 1 \| 0\.10× \| {2}\| {2}\| {2}\|$/m);
  assert.equal(allMet, true);
});

test('render takes each ratio within a round, then the median over the rounds', () => {
  const { markdown } = render([
    row('direct-http', 1, 1000, 1), row('tunnel-http', 1, 500, 1),
    row('direct-http', 1, 2000, 2), row('tunnel-http', 1, 1200, 2),
    row('direct-http', 1, 100, 3), row('tunnel-http', 1, 70, 3),
  ], [], null);
  assert.match(markdown, /\| tunnel \/ direct \| `GET \/hello` \(20 B\) \| 1 \| 0\.60× \| 0\.50–0\.70 \|/);
});

test('render does not count a ratio as met when a side had failed calls', () => {
  const { markdown } = render([row('direct-mcp', 1, 1000, 1), row('tunnel-mcp', 1, 900, 1, 2)], [], null);
  assert.match(markdown, /\| tunnel \/ direct \| MCP `tools\/call echo` \| 1 \| 0\.90× \|[^|]*\| ≥ 0\.5× \| \*\*not met\*\* \|/);
});

test('render judges memory per agent against 20 KB, and a run where agents went missing as not met', () => {
  const memory = (agents, connected, perAgent) =>
    ({ label: 'memory', agents, connected, connect_s: 1, rss_before_kb: 100 * 1024, rss_after_kb: 100 * 1024 + perAgent * connected, per_agent_kb: perAgent });
  const { markdown, allMet } = render([], [memory(10000, 10000, 25.5), memory(1000, 1000, 12)], null);
  const lines = markdown.split('\n');
  assert.match(lines.find((l) => l.startsWith('| 1000 ')), /\| 12\.0 \| ≤ 20 KB \| met \| – \|$/);
  assert.match(lines.find((l) => l.startsWith('| 10000 ')), /\| 25\.5 \| ≤ 20 KB \| \*\*not met\*\* \|/);
  assert.equal(allMet, false);
  assert.match(render([], [memory(1000, 990, 10)], null).markdown, /\| 1000 \| 990 \|.*\*\*not met\*\*/);
});
