#!/usr/bin/env node
// Turns one run of bench/tunnels.sh (the JSON lines load.mjs printed, one file per target, request kind, concurrency
// and round, plus memory-<N>.json) into Markdown: a throughput table, the ratios the issue sets as targets, and the
// relay's memory per idle agent. Each throughput figure is the median over the rounds.
//
//   node tunnel-report.mjs RESULTS_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorsCell, fmt, ratioOf, readRun, summarize } from './report.mjs';

export const TARGETS = [
  { id: 'direct', name: 'direct to the target' },
  { id: 'tunnel', name: 'MCP Bridge tunnel (`serve` + CloudConnector agent)' },
  { id: 'pipenet', name: 'pipenet 1.4.3 (server + client)' },
  { id: 'nginx', name: 'nginx `proxy_pass` (keepalive upstream)' },
];

export const KINDS = [
  { id: 'http', name: '`GET /hello` (20 B)' },
  { id: 'mcp', name: 'MCP `tools/call echo`' },
];

// Numerator, denominator, target (null: for reference only).
export const RATIOS = [
  { over: 'tunnel', under: 'direct', target: 0.5, what: 'tunnel / direct' },
  { over: 'tunnel', under: 'pipenet', target: 5, what: 'tunnel / pipenet' },
  { over: 'nginx', under: 'direct', target: null, what: 'nginx / direct (reference)' },
  { over: 'tunnel', under: 'nginx', target: null, what: 'tunnel / nginx (reference)' },
];

// The per-agent memory the issue allows the relay.
export const MEMORY_TARGET_KB = 20;

export function render(results, memory, machine) {
  const byKey = summarize(results);
  const concurrencies = [...new Set(results.map((r) => r.connections))].sort((a, b) => a - b);
  const lines = [];
  let allMet = true;
  if (machine) {
    lines.push(`${machine.date} · ${machine.cpu} (${machine.cores} cores) · ${machine.os} · .NET ${machine.dotnet} · Node ${machine.node}` +
      `${machine.nginx ? ` · nginx ${machine.nginx}` : ''} · median of ${machine.rounds} rounds of ${machine.duration_s} s ` +
      `(after ${machine.server_warmup_s} s warm-up per target, ${machine.warmup_s} s per run) · relay GC: ${machine.relay_gc} · ` +
      `load average before: ${machine.loadavg_before}`);
    lines.push('');
  }
  if (results.length) {
    lines.push('| path | request | in flight | req/s | (lowest–highest round) | p50 ms | p99 ms | errors | relay CPU µs/req |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const kind of KINDS) {
      for (const c of concurrencies) {
        for (const t of TARGETS) {
          const r = byKey.get(`${t.id}-${kind.id}@${c}`);
          if (!r) continue;
          if (r.error) {
            lines.push(`| ${t.name} | ${kind.name} | ${c} | failed: ${r.error.replaceAll('|', '/').slice(0, 200)} | | | | | |`);
            continue;
          }
          lines.push(`| ${t.name} | ${kind.name} | ${c} | ${fmt(r.req_per_s, 0)} | ${fmt(r.min_req_per_s, 0)}–${fmt(r.max_req_per_s, 0)} | ` +
            `${fmt(r.p50_ms)} | ${fmt(r.p99_ms)} | ${errorsCell(r)} | ${fmt(r.server_cpu_us_per_req, 0)} |`);
        }
      }
    }
    lines.push('');
    lines.push('| ratio (req/s) | request | in flight | value | (lowest–highest round) | target | |');
    lines.push('|---|---|---:|---:|---:|---:|---|');
    for (const ratio of RATIOS) {
      for (const kind of KINDS) {
        for (const c of concurrencies) {
          const over = byKey.get(`${ratio.over}-${kind.id}@${c}`);
          const under = byKey.get(`${ratio.under}-${kind.id}@${c}`);
          if (!over || !under) continue;
          const { value, range, clean } = ratioOf(over, under);
          let verdict = '';
          if (ratio.target !== null) {
            const met = value !== null && value >= ratio.target && clean;
            allMet &&= met;
            verdict = met ? 'met' : '**not met**';
          }
          lines.push(`| ${ratio.what} | ${kind.name} | ${c} | ${value === null ? '–' : `${fmt(value)}×`} | ${range} | ` +
            `${ratio.target === null ? '' : `≥ ${ratio.target}×`} | ${verdict} |`);
        }
      }
    }
  }
  if (memory.length) {
    if (results.length) lines.push('');
    lines.push('| idle agents | connected | connect time s | relay RSS before MB | relay RSS after MB | RSS per agent KB | target | | managed heap per agent KB (after a full GC) |');
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---|---:|');
    for (const m of [...memory].sort((a, b) => a.agents - b.agents)) {
      const met = m.connected === m.agents && m.per_agent_kb !== null && m.per_agent_kb <= MEMORY_TARGET_KB;
      allMet &&= met;
      lines.push(`| ${m.agents} | ${m.connected} | ${fmt(m.connect_s, 1)} | ${fmt(m.rss_before_kb / 1024, 1)} | ${fmt(m.rss_after_kb / 1024, 1)} | ` +
        `${fmt(m.per_agent_kb, 1)} | ≤ ${MEMORY_TARGET_KB} KB | ${met ? 'met' : '**not met**'} | ${fmt(m.managed_per_agent_kb, 1)} |`);
    }
  }
  return { markdown: lines.join('\n'), allMet };
}

function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node tunnel-report.mjs RESULTS_DIR');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'machine.json');
  const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const results = files.filter((f) => !f.startsWith('memory-')).map((f) => readRun(dir, f));
  const memory = files.filter((f) => f.startsWith('memory-')).map(read);
  let machine = null;
  try {
    machine = read('machine.json');
  } catch {
    // An interrupted run: the tables are still worth printing.
  }
  console.log(render(results, memory, machine).markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
