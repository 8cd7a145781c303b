// Checks the parts of the benchmark whose mistakes would not show in a table: how answers are judged, how the table
// and its ratios are computed, and that supergateway is kept on loopback. Run: cd bench && npm test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { failureOf, messagesOf } from '../load.mjs';
import { render } from '../report.mjs';

const ok = (id) => JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'Echo: hello' }] } });

test('messagesOf reads a plain JSON answer and every SSE data event', () => {
  assert.deepEqual(messagesOf(ok(1)), [JSON.parse(ok(1))]);
  const sse = `event: message\r\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\r\n\r\nevent: message\ndata: ${ok(2)}\n\n`;
  const messages = messagesOf(sse);
  assert.equal(messages.length, 2);
  assert.equal(messages[1].id, 2);
});

test('failureOf accepts an echo and names every kind of failure', () => {
  assert.equal(failureOf(`event: message\ndata: ${ok(3)}\n\n`, 'hello'), null);
  assert.match(failureOf(JSON.stringify({ jsonrpc: '2.0', id: 4, error: { code: -32602, message: 'Unknown tool' } }), 'hello'), /JSON-RPC error -32602/);
  assert.match(failureOf(JSON.stringify({ jsonrpc: '2.0', id: 5, result: { isError: true, content: [] } }), 'hello'), /tool error/);
  assert.match(failureOf(JSON.stringify({ jsonrpc: '2.0', id: 6, result: { content: [{ type: 'text', text: 'Echo: other' }] } }), 'hello'), /unexpected result/);
  assert.equal(failureOf('event: message\ndata: {"jsonrpc":"2.0","method":"x"}\n\n', 'hello'), 'no JSON-RPC answer');
  assert.equal(failureOf('<html>oops</html>', 'hello'), 'unparseable answer');
});

const row = (label, connections, reqPerSecond, errors = 0) =>
  ({ label, connections, req_per_s: reqPerSecond, p50_ms: 1, p99_ms: 2, errors, server_cpu_us_per_req: 50 });

test('render computes each ratio at the same number in flight and marks it against its target', () => {
  const { markdown, allMet } = render([
    row('bare', 16, 1000), row('gateway-echo', 16, 850),
    row('supergateway-stdio', 16, 100), row('gateway-stdio', 16, 400),
  ], null);
  assert.match(markdown, /\| gateway `echo` \/ bare server \| 16 \| 0\.85× \|[^|]*\| ≥ 0\.8× \| met \|/);
  assert.match(markdown, /\| gateway stdio \/ supergateway stdio \| 16 \| 4\.00× \|[^|]*\| ≥ 5× \| \*\*not met\*\* \|/);
  assert.equal(allMet, false);
});

test('render does not count a ratio as met when either side had failed calls', () => {
  const { markdown, allMet } = render([row('bare', 1, 1000, 3), row('gateway-echo', 1, 900)], null);
  assert.match(markdown, /\| 0\.90× \|[^|]*\| ≥ 0\.8× \| \*\*not met\*\* \|/);
  assert.equal(allMet, false);
});

test('listen-loopback pins a server that listens without a host to 127.0.0.1', () => {
  const preload = fileURLToPath(new URL('../lib/listen-loopback.cjs', import.meta.url));
  const script = "const s=require('node:http').createServer();s.listen(0,()=>{console.log(s.address().address);s.close()})";
  assert.equal(execFileSync(process.execPath, ['--require', preload, '-e', script], { encoding: 'utf8' }).trim(), '127.0.0.1');
  const objectForm = "const s=require('node:net').createServer();s.listen({port:0,host:'0.0.0.0'},()=>{console.log(s.address().address);s.close()})";
  assert.equal(execFileSync(process.execPath, ['--require', preload, '-e', objectForm], { encoding: 'utf8' }).trim(), '127.0.0.1');
});

test('render takes the median of the rounds and shows their range', () => {
  const { markdown } = render([
    row('bare', 16, 900), row('bare', 16, 1000), row('bare', 16, 5000),
    row('gateway-echo', 16, 700), row('gateway-echo', 16, 800), row('gateway-echo', 16, 100),
  ], null);
  assert.match(markdown, /\| bare C# MCP server[^|]*\| 16 \| 1000 \| 900–5000 \|/);
  assert.match(markdown, /\| gateway `echo` \/ bare server \| 16 \| 0\.70× \|/);
});

test('a round that failed outright keeps the row and its ratio from looking clean', () => {
  const { markdown, allMet } = render([
    row('bare', 1, 1000), row('gateway-echo', 1, 900),
    { label: 'gateway-echo', connections: 1, error: 'fetch failed' },
  ], null);
  assert.match(markdown, /\| 0 \(\+1 failed round\) \|/);
  assert.match(markdown, /\| 0\.90× \|[^|]*\| ≥ 0\.8× \| \*\*not met\*\* \|/);
  assert.equal(allMet, false);
});

test('render takes each ratio within a round, then the median over the rounds', () => {
  const r = (label, round, rate) => ({ ...row('x', 16, rate), label, round });
  // Round 3 ran while the machine was busy: both targets were slow, their ratio was not.
  const { markdown } = render([
    r('bare', 1, 1000), r('gateway-echo', 1, 900),
    r('bare', 2, 1000), r('gateway-echo', 2, 700),
    r('bare', 3, 200), r('gateway-echo', 3, 170),
  ], null);
  assert.match(markdown, /\| gateway `echo` \/ bare server \| 16 \| 0\.85× \| 0\.70–0\.90 \| ≥ 0\.8× \| met \|/);
});
