#!/usr/bin/env node
// Turns one run's results (the JSON lines load.mjs printed, one file per target, concurrency and round) into the
// Markdown table of bench/README.md, with the two ratios the issue sets as targets. Each figure is the median over
// the rounds; req/s also shows the lowest and highest round, so that a reader sees how much the machine wandered.
//
//   node report.mjs RESULTS_DIR        (reads RESULTS_DIR/*.json and RESULTS_DIR/machine.json; prints Markdown)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The order rows are printed in, and what each target is.
export const TARGETS = [
  { id: 'bare', name: 'bare C# MCP server (Core transport, `echo`)' },
  { id: 'gateway-echo', name: 'MCP Bridge gateway, in-process `echo`' },
  { id: 'gateway-echo-stateless', name: 'MCP Bridge gateway, in-process `echo`, stateless 2026-07-28' },
  { id: 'supergateway-stdio', name: 'supergateway 4.0.0 → stdio EchoStdio' },
  { id: 'gateway-stdio', name: 'MCP Bridge gateway → stdio EchoStdio (`bench-echo` package)' },
];

// Numerator, denominator, target: what the issue asks of the gateway, compared at the same number in flight.
export const RATIOS = [
  { over: 'gateway-echo', under: 'bare', target: 0.8, what: 'gateway `echo` / bare server' },
  { over: 'gateway-stdio', under: 'supergateway-stdio', target: 5, what: 'gateway stdio / supergateway stdio' },
];

export const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One row per target and concurrency: medians over its rounds, errors added up, the first failure kept. */
export function summarize(results) {
  const groups = new Map();
  for (const r of results) {
    const key = `${r.label}@${r.connections}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const rows = new Map();
  for (const [key, runs] of groups) {
    const ok = runs.filter((r) => !r.error);
    const rates = ok.map((r) => r.req_per_s);
    rows.set(key, {
      label: runs[0].label, connections: runs[0].connections, rounds: runs.length,
      error: ok.length === 0 ? runs[0].error : null,
      failed_rounds: runs.length - ok.length,
      req_per_s: median(rates), min_req_per_s: rates.length ? Math.min(...rates) : null, max_req_per_s: rates.length ? Math.max(...rates) : null,
      p50_ms: median(ok.map((r) => r.p50_ms)), p99_ms: median(ok.map((r) => r.p99_ms)),
      server_cpu_us_per_req: median(ok.map((r) => r.server_cpu_us_per_req)),
      errors: ok.reduce((n, r) => n + r.errors, 0),
      byRound: new Map(ok.filter((r) => r.round !== undefined).map((r) => [r.round, r.req_per_s])),
    });
  }
  return rows;
}

/** The errors cell of a row. A round that could not run at all counts as failed calls: the row must not look clean. */
export const errorsCell = (r) => r.errors + (r.failed_rounds ? ` (+${r.failed_rounds} failed round${r.failed_rounds > 1 ? 's' : ''})` : '');

/**
 * OVER's req/s over UNDER's (two summarized rows at the same number in flight): VALUE (null when either failed), the
 * RANGE over the rounds, and whether both sides are CLEAN (every call answered; a ratio bought with failed calls is no
 * ratio).
 */
export function ratioOf(over, under) {
  // Rounds pair the two targets measured minutes apart at most: the ratio is taken within each round, then the
  // median, so that a drift of the machine over the run cancels out. Without round numbers, the medians' ratio.
  const paired = [...over.byRound].filter(([round]) => under.byRound.get(round)).map(([round, rate]) => rate / under.byRound.get(round));
  const value = over.error || under.error || !under.req_per_s ? null : paired.length ? median(paired) : over.req_per_s / under.req_per_s;
  const range = paired.length > 1 ? `${fmt(Math.min(...paired))}–${fmt(Math.max(...paired))}` : '';
  const clean = (r) => r.errors === 0 && r.failed_rounds === 0;
  return { value, range, clean: clean(over) && clean(under) };
}

/** One load.mjs result file of DIR, with its round taken from its name (`...-r<N>.json`) when it has one. */
export function readRun(dir, file) {
  const round = Number(/-r(\d+)\.json$/.exec(file)?.[1] ?? NaN);
  return { ...JSON.parse(readFileSync(join(dir, file), 'utf8')), round: Number.isNaN(round) ? undefined : round };
}

export function render(results, machine) {
  const byKey = summarize(results);
  const concurrencies = [...new Set(results.map((r) => r.connections))].sort((a, b) => a - b);
  const lines = [];
  if (machine) {
    lines.push(`${machine.date} · ${machine.cpu} (${machine.cores} cores) · ${machine.os} · .NET ${machine.dotnet} · Node ${machine.node} · ` +
      `median of ${machine.rounds} rounds of ${machine.duration_s} s (after ${machine.server_warmup_s} s warm-up per target, ${machine.warmup_s} s per run) · ` +
      `GC: ${machine.gc}${machine.gateway_args ? ` · gateway args: \`${machine.gateway_args}\`` : ''} · load average before: ${machine.loadavg_before}`);
    lines.push('');
  }
  lines.push('| target | in flight | req/s | (lowest–highest round) | p50 ms | p99 ms | errors | server CPU µs/req |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of TARGETS) {
    for (const c of concurrencies) {
      const r = byKey.get(`${t.id}@${c}`);
      if (!r) continue;
      if (r.error) {
        lines.push(`| ${t.name} | ${c} | failed: ${r.error.replaceAll('|', '/')} | | | | | |`);
        continue;
      }
      lines.push(`| ${t.name} | ${c} | ${fmt(r.req_per_s, 0)} | ${fmt(r.min_req_per_s, 0)}–${fmt(r.max_req_per_s, 0)} | ` +
        `${fmt(r.p50_ms)} | ${fmt(r.p99_ms)} | ${errorsCell(r)} | ${fmt(r.server_cpu_us_per_req, 0)} |`);
    }
  }
  lines.push('');
  lines.push('| ratio (req/s) | in flight | value | (lowest–highest round) | target | |');
  lines.push('|---|---:|---:|---:|---:|---|');
  let allMet = true;
  for (const ratio of RATIOS) {
    for (const c of concurrencies) {
      const over = byKey.get(`${ratio.over}@${c}`);
      const under = byKey.get(`${ratio.under}@${c}`);
      if (!over || !under) continue;
      const { value, range, clean } = ratioOf(over, under);
      const met = value !== null && value >= ratio.target && clean;
      allMet &&= met;
      lines.push(`| ${ratio.what} | ${c} | ${value === null ? '–' : `${fmt(value)}×`} | ${range} | ≥ ${ratio.target}× | ${met ? 'met' : '**not met**'} |`);
    }
  }
  return { markdown: lines.join('\n'), allMet };
}

function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node report.mjs RESULTS_DIR');
  const results = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'machine.json').map((f) => readRun(dir, f));
  let machine = null;
  try {
    machine = JSON.parse(readFileSync(join(dir, 'machine.json'), 'utf8'));
  } catch {
    // A results folder from an interrupted run: the table is still worth printing.
  }
  const { markdown } = render(results, machine);
  console.log(markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
