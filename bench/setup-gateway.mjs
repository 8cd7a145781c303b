#!/usr/bin/env node
// Prepares a fresh `mcp-bridge serve` for the benchmark through its REST API, the way a user would:
// sign up (the first account of a fresh data folder is an administrator), lift the plan limits (enterprise), then for
// each hosted server: create it, add its one tool, deploy, and create a server key.
//
//   node setup-gateway.mjs --base http://127.0.0.1:PORT --server NAME=CONNECTOR [--server NAME=CONNECTOR ...]
//
// Prints ONE JSON line: {"servers":{"NAME":{"url":".../s/SLUG/mcp","key":"mcpb_sk_..."}, ...}}.
const o = { base: null, servers: [], timeout: 30 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const k = argv[i];
  const v = () => {
    if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
    return argv[++i];
  };
  if (k === '--base') o.base = v().replace(/\/$/, '');
  else if (k === '--server') {
    const [name, connector] = v().split('=');
    if (!name || !connector) throw new Error('--server is NAME=CONNECTOR');
    o.servers.push({ name, connector });
  } else throw new Error(`unknown argument ${k}`);
}
if (!o.base || o.servers.length === 0) throw new Error('usage: --base URL --server NAME=CONNECTOR ...');

async function api(method, path, token, body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${o.base}/api/v1${path}`, { method, headers, body: JSON.stringify(body ?? {}), signal: AbortSignal.timeout(o.timeout * 1000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text.slice(0, 400)}`);
  return text.length ? JSON.parse(text) : null;
}

try {
  const { accountId, apiKey } = await api('POST', '/signup', null, {});
  // The Free plan allows 60 calls a minute: a load test would measure 429s, not the gateway.
  await api('PUT', `/admin/accounts/${accountId}/plan`, apiKey, { plan: 'enterprise' });

  const servers = {};
  for (const { name, connector } of o.servers) {
    const server = await api('POST', '/servers', apiKey, { name });
    await api('POST', `/servers/${server.id}/tools`, apiKey, { connector });
    const deployed = await api('POST', `/servers/${server.id}/deploy`, apiKey, {});
    const failed = (deployed.sources ?? []).filter((s) => s.status !== 'ready');
    if (failed.length) throw new Error(`deploy of ${name}: ${JSON.stringify(failed)}`);
    const { key } = await api('POST', `/servers/${server.id}/keys`, apiKey, {});
    // The path form on the address we listen on: the public URL's host may not resolve here.
    servers[name] = { url: `${o.base}/s/${server.slug}/mcp`, key };
  }
  console.log(JSON.stringify({ servers }));
} catch (e) {
  console.error(`setup-gateway: ${e.message}`);
  process.exitCode = 1;
}
