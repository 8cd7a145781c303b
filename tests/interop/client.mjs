#!/usr/bin/env node
// One-shot MCP client built on the official TypeScript SDK, for tests to drive.
// Connects over Streamable HTTP (--transport http) or legacy HTTP+SSE (--transport sse), lists tools,
// optionally calls one, and prints ONE JSON line on stdout:
//   {"transport","sessionId","serverInfo","protocolVersion","tools":[names],"call":<result>|null,"progress":[..],"logs":[..]}
// On failure: {"error":"...","code":<http status or JSON-RPC code>} and exit code 1.
//
// usage: node client.mjs --url http://127.0.0.1:5000/mcp [--transport http|sse] [--header "K: V"]...
//          [--tool NAME [--args '{"k":"v"}']] [--progress] [--log-level debug] [--timeout-ms 30000]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

function parseArgs(argv) {
  const o = { url: null, transport: 'http', headers: {}, tool: null, args: {}, progress: false, logLevel: null, timeoutMs: 30000 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = () => argv[++i];
    if (k === '--url') o.url = v();
    else if (k === '--transport') o.transport = v();
    else if (k === '--header') { const h = v(); const j = h.indexOf(':'); o.headers[h.slice(0, j).trim()] = h.slice(j + 1).trim(); }
    else if (k === '--tool') o.tool = v();
    else if (k === '--args') o.args = JSON.parse(v());
    else if (k === '--progress') o.progress = true;
    else if (k === '--log-level') o.logLevel = v();
    else if (k === '--timeout-ms') o.timeoutMs = +v();
    else throw new Error(`unknown argument ${k}`);
  }
  if (!o.url) throw new Error('--url is required');
  if (o.transport !== 'http' && o.transport !== 'sse') throw new Error('--transport must be http or sse');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const url = new URL(o.url);
  const opts = { requestInit: { headers: o.headers } };
  const transport = o.transport === 'http' ? new StreamableHTTPClientTransport(url, opts) : new SSEClientTransport(url, opts);
  const client = new Client({ name: 'mcp-bridge-interop-client', version: '1.0.0' });
  const logs = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
  await client.connect(transport, { timeout: o.timeoutMs });
  try {
    if (o.logLevel) await client.setLoggingLevel(o.logLevel, { timeout: o.timeoutMs });
    const { tools } = await client.listTools(undefined, { timeout: o.timeoutMs });
    let call = null;
    const progress = [];
    if (o.tool) {
      const options = { timeout: o.timeoutMs };
      if (o.progress) options.onprogress = (p) => progress.push(p);
      call = await client.callTool({ name: o.tool, arguments: o.args }, undefined, options);
    }
    console.log(JSON.stringify({
      transport: o.transport,
      sessionId: transport.sessionId ?? null,
      serverInfo: client.getServerVersion() ?? null,
      protocolVersion: transport.protocolVersion ?? null,
      tools: tools.map((t) => t.name),
      call,
      progress,
      logs,
    }));
  } finally {
    if (o.transport === 'http') { try { await transport.terminateSession(); } catch { /* the server may not support DELETE */ } }
    await client.close();
  }
}

main().catch((e) => {
  console.log(JSON.stringify({ error: String(e?.message ?? e), ...(e?.code !== undefined ? { code: e.code } : {}) }));
  process.exit(1);
});
