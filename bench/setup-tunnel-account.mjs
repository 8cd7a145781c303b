#!/usr/bin/env node
// Prepares a fresh `mcp-bridge serve` for the tunnel benchmark: signs up (the first account of a fresh data folder is
// an administrator) and moves the account to the Enterprise plan, which has no limit on temporary tunnels or tunnel
// requests. Prints {"accountId","apiKey"}.
//
//   node setup-tunnel-account.mjs --base http://127.0.0.1:PORT
const args = process.argv.slice(2);
const base = args[0] === '--base' ? args[1] : null;
if (!base) throw new Error('usage: node setup-tunnel-account.mjs --base URL');

async function api(method, path, token, body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${base}/api/v1${path}`, { method, headers, body: JSON.stringify(body ?? {}), signal: AbortSignal.timeout(30000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text.slice(0, 400)}`);
  return text.length ? JSON.parse(text) : null;
}

const { accountId, apiKey } = await api('POST', '/signup', null, {});
await api('PUT', `/admin/accounts/${accountId}/plan`, apiKey, { plan: 'enterprise' });
console.log(JSON.stringify({ accountId, apiKey }));
