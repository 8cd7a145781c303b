#!/usr/bin/env node
// Load on one MCP Streamable HTTP endpoint with autocannon: `tools/call` as fast as C connections allow, for D seconds.
//
//   node load.mjs --url http://127.0.0.1:PORT/mcp [--auth "Bearer KEY"] [-c 16] [-d 10] [--warmup 3]
//                 [--tool echo] [--args '{"message":"hello"}'] [--mode session|stateless] [--label NAME] [--pid PID]
//                 [--session ID | --open] [--host HOST]
//   node load.mjs --mode http --url http://127.0.0.1:PORT/hello [--expect TEXT] [--host HOST] [-c 16] [-d 10] ...
//
// session (default): one 2025-06-18 session (initialize + notifications/initialized, Mcp-Session-Id kept) shared by
//   every connection, as a client with several calls in flight does; it is deleted at the end. `--open` only opens a
//   session and prints {"session":ID}; `--session ID` loads an open session and leaves it open, so that several runs
//   share one session (and supergateway one stdio child, which then warms up like the gateway's).
// stateless: 2026-07-28 requests (no session; MCP-Protocol-Version, Mcp-Method, Mcp-Name headers and _meta in the body).
// http: plain GET requests (no MCP); an answer counts as a success when it is 2xx and its body is --expect exactly
//   (default "Hello from the bench", what BareServer's /hello answers).
// --host sends that Host header on every request (relays that route by subdomain, such as pipenet).
//
// Every call has a unique JSON-RPC id. Each answer (JSON or SSE) is parsed: a JSON-RPC error, an isError result, an
// answer that does not echo the message, a non-2xx status, a socket error or a timeout counts as an error.
// Latency is taken per response in fractional milliseconds (autocannon's own histogram keeps whole milliseconds, too
// coarse at one request in flight). With --pid (one or several, comma-separated), the CPU time the server process and
// its descendants (stdio children) used during the measured run is reported per request: on a shared 2-core machine it varies far less than req/s.
// Prints ONE JSON line; exit code 1 when any call failed.
import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

const PROTOCOL_2025 = '2025-06-18';
const PROTOCOL_2026 = '2026-07-28';

function parseArgs(argv) {
  const o = { url: null, auth: process.env.MCP_AUTH ?? null, c: 16, d: 10, warmup: 0, tool: 'echo', args: null, mode: 'session', label: null, timeout: 10, pid: null, clockTicks: 100, session: null, open: false, host: null, expect: 'Hello from the bench' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    switch (k) {
      case '--url': o.url = v(); break;
      case '--auth': o.auth = v(); break;
      case '-c': case '--connections': o.c = Number(v()); break;
      case '-d': case '--duration': o.d = Number(v()); break;
      case '--warmup': o.warmup = Number(v()); break;
      case '--tool': o.tool = v(); break;
      case '--args': o.args = JSON.parse(v()); break;
      case '--mode': o.mode = v(); break;
      case '--label': o.label = v(); break;
      case '--timeout': o.timeout = Number(v()); break;
      case '--pid': o.pid = v().split(',').map(Number); break;
      case '--clock-ticks': o.clockTicks = Number(v()); break;
      case '--session': o.session = v(); break;
      case '--open': o.open = true; break;
      case '--host': o.host = v(); break;
      case '--expect': o.expect = v(); break;
      default: throw new Error(`unknown argument ${k}`);
    }
  }
  if (!o.url) throw new Error('--url is required');
  if (!['session', 'stateless', 'http'].includes(o.mode)) throw new Error('--mode is session, stateless or http');
  if ((o.session || o.open) && o.mode !== 'session') throw new Error('--session and --open need --mode session');
  if (!(o.c >= 1) || !(o.d > 0) || !(o.warmup >= 0)) throw new Error('-c must be >= 1, -d > 0, --warmup >= 0');
  o.args ??= o.tool === 'echo' ? { message: 'hello' } : {};
  return o;
}

/** The JSON-RPC messages of an answer: a plain JSON body, or the `data:` lines of an SSE body. */
export function messagesOf(body) {
  const text = body.trimStart();
  if (text.startsWith('{')) return [JSON.parse(text)];
  const messages = [];
  let data = [];
  for (const line of text.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.startsWith('data:')) data.push(l.slice(l.startsWith('data: ') ? 6 : 5));
    else if (l === '' && data.length) { messages.push(JSON.parse(data.join('\n'))); data = []; }
  }
  if (data.length) messages.push(JSON.parse(data.join('\n')));
  if (messages.length === 0 && text.length > 0 && !/^(event|data|id|retry)?:/m.test(text)) throw new Error('neither JSON nor SSE');
  return messages;
}

/** Why an answer to tools/call is not a success, or null when it is one. */
export function failureOf(body, expectedText) {
  let messages;
  try {
    messages = messagesOf(body);
  } catch {
    return 'unparseable answer';
  }
  const answer = messages.find((m) => 'result' in m || 'error' in m);
  if (!answer) return 'no JSON-RPC answer';
  if (answer.error) return `JSON-RPC error ${answer.error.code}: ${answer.error.message}`;
  if (answer.result?.isError) return `tool error: ${JSON.stringify(answer.result.content ?? null).slice(0, 200)}`;
  if (expectedText !== null) {
    const text = (answer.result?.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
    if (!text.includes(expectedText)) return `unexpected result: ${text.slice(0, 200)}`;
  }
  return null;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const round = (x, digits = 3) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * One HTTP/1.1 request with node:http (fetch cannot send a Host header of its own); resolves with the status, a
 * header getter and the body as text.
 */
export function send(url, { method = 'GET', headers = {}, body = null, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const sized = body === null ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
    const req = httpRequest(url, { method, headers: sized, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: { get: (name) => res.headers[name.toLowerCase()] ?? null }, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** utime + stime of every live process in the tree under `root` (Linux /proc), in clock ticks. */
function treeCpuTicks(root) {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields are counted after its closing one.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop();
    total += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) pending.push(child);
  }
  return total;
}

class Target {
  constructor(o) {
    this.o = o;
    this.headers = o.mode === 'http' ? {} : { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (o.host) this.headers.host = o.host;
    if (o.auth) this.headers.authorization = o.auth;
    // Runs that share a session must not reuse ids that earlier runs sent on it.
    this.nextId = Date.now() * 1000;
    this.ownsSession = true;
  }

  async post(body) {
    const r = await send(this.o.url, { method: 'POST', headers: this.headers, body: JSON.stringify(body), timeoutMs: this.o.timeout * 1000 });
    const text = r.text;
    if (r.status >= 400) throw new Error(`${body.method}: HTTP ${r.status} ${text.slice(0, 300)}`);
    return { r, text };
  }

  async open() {
    if (this.o.mode === 'http') return;
    if (this.o.mode === 'stateless') {
      this.headers['mcp-protocol-version'] = PROTOCOL_2026;
      this.headers['mcp-method'] = 'tools/call';
      this.headers['mcp-name'] = this.o.tool;
      return;
    }
    if (this.o.session) {
      this.headers['mcp-session-id'] = this.o.session;
      this.headers['mcp-protocol-version'] = PROTOCOL_2025;
      this.ownsSession = false;
      return;
    }
    const { r } = await this.post({ jsonrpc: '2.0', id: 0, method: 'initialize',
      params: { protocolVersion: PROTOCOL_2025, capabilities: {}, clientInfo: { name: 'mcp-bridge-bench', version: '1.0.0' } } });
    const session = r.headers.get('mcp-session-id');
    if (session) this.headers['mcp-session-id'] = session;
    this.headers['mcp-protocol-version'] = PROTOCOL_2025;
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  callBody() {
    const params = { name: this.o.tool, arguments: this.o.args };
    if (this.o.mode === 'stateless') {
      params._meta = { 'io.modelcontextprotocol/protocolVersion': PROTOCOL_2026, 'io.modelcontextprotocol/clientCapabilities': {} };
    }
    return { jsonrpc: '2.0', id: this.nextId++, method: 'tools/call', params };
  }

  async close() {
    if (this.ownsSession && this.headers['mcp-session-id']) {
      await send(this.o.url, { method: 'DELETE', headers: this.headers, timeoutMs: this.o.timeout * 1000 }).catch(() => {});
    }
  }

  /** One autocannon run; returns its counts and every latency it saw. */
  async run(connections, seconds) {
    const http = this.o.mode === 'http';
    const expected = this.o.tool === 'echo' && typeof this.o.args.message === 'string' ? this.o.args.message : null;
    const latencies = [];
    const failures = new Map();
    let rpcErrors = 0;
    const started = process.hrtime.bigint();
    const instance = autocannon({
      url: this.o.url,
      connections,
      duration: seconds,
      timeout: this.o.timeout,
      method: http ? 'GET' : 'POST',
      headers: this.headers,
      requests: [{
        ...(http ? {} : { setupRequest: (req) => ({ ...req, body: JSON.stringify(this.callBody()) }) }),
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return; // counted as non2xx by autocannon
          const why = http ? (body === this.o.expect ? null : `unexpected body: ${String(body).slice(0, 100)}`) : failureOf(body, expected);
          if (why) {
            rpcErrors++;
            failures.set(why, (failures.get(why) ?? 0) + 1);
          }
        },
      }],
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    const result = await instance;
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return { result, latencies, rpcErrors, failures, elapsed };
  }
}

async function main(o) {
  const target = new Target(o);
  await target.open();
  if (o.open) {
    console.log(JSON.stringify({ session: target.headers['mcp-session-id'] ?? null }));
    return;
  }
  try {
    if (o.mode === 'http') {
      const probe = await send(o.url, { headers: target.headers, timeoutMs: o.timeout * 1000 });
      if (probe.status !== 200 || probe.text !== o.expect) throw new Error(`probe GET failed: HTTP ${probe.status} ${probe.text.slice(0, 200)}`);
    } else {
      const probe = await target.post(target.callBody());
      const why = failureOf(probe.text, o.tool === 'echo' ? o.args.message : null);
      if (why) throw new Error(`probe call failed: ${why}`);
    }

    if (o.warmup > 0) await target.run(o.c, o.warmup);
    // Several processes (a relay and its agent) are added up: --pid 123,456.
    const cpuTicks = () => o.pid.reduce((sum, pid) => sum + treeCpuTicks(pid), 0);
    const cpuBefore = o.pid ? cpuTicks() : null;
    const { result, latencies, rpcErrors, failures, elapsed } = await target.run(o.c, o.d);
    const cpuSeconds = o.pid ? (cpuTicks() - cpuBefore) / o.clockTicks : null;

    const sorted = Float64Array.from(latencies).sort();
    const completed = result.requests.total;
    const errors = rpcErrors + result.non2xx + result.errors + result.timeouts;
    const summary = {
      label: o.label, url: o.url, mode: o.mode, tool: o.tool, connections: o.c, duration_s: o.d,
      requests: completed, errors, rpc_errors: rpcErrors, non2xx: result.non2xx, socket_errors: result.errors, timeouts: result.timeouts,
      req_per_s: round(completed / elapsed, 1),
      p50_ms: round(percentile(sorted, 50)), p90_ms: round(percentile(sorted, 90)), p99_ms: round(percentile(sorted, 99)),
      max_ms: round(sorted.length ? sorted[sorted.length - 1] : null),
      mean_ms: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
      server_cpu_s: cpuSeconds === null ? null : round(cpuSeconds, 2),
      server_cpu_us_per_req: cpuSeconds === null || completed === 0 ? null : round((cpuSeconds * 1e6) / completed, 1),
      status_codes: result.statusCodeStats,
    };
    if (failures.size) summary.first_errors = Object.fromEntries([...failures].slice(0, 3));
    console.log(JSON.stringify(summary));
    process.exitCode = errors > 0 ? 1 : 0;
  } finally {
    await target.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parseArgs(process.argv.slice(2));
  main(o).catch((e) => {
    // Still one JSON line, so that the report shows which target failed and why.
    console.log(JSON.stringify({ label: o.label, url: o.url, mode: o.mode, connections: o.c, error: String(e?.message ?? e) }));
    process.exitCode = 2;
  });
}
