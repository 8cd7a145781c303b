#!/usr/bin/env bash
# The benchmark, in one command: builds Release, starts every server on 127.0.0.1 (free ports), runs autocannon on
# `tools/call echo` against each target, one at a time, at each number of requests in flight, and prints a Markdown
# table with the two ratios the gateway is held to. Raw JSON goes to bench/results/<timestamp>/.
#
#   bench/run.sh [-d SECONDS] [-r ROUNDS] [-w SECONDS] [-W SECONDS] [-c "1 16"] [--only "bare gateway-echo ..."] [--gc server|workstation]
#                [--gateway-args "--Key value ..."] [--no-build]
#
#   -d   seconds measured per run (default 5, or $BENCH_DURATION)
#   -r   rounds (default 3, or $BENCH_ROUNDS): every target is measured once per round at each concurrency, the
#        targets taking turns; the table shows each one's median over the rounds
#   -W   seconds of warm-up load at 16 in flight on each target before its first measured run (default 15, or
#        $BENCH_SERVER_WARMUP): .NET servers keep getting faster for 20-30 s of load while tiered JIT recompiles
#        hot code, and a measurement before that compares start-up, not the steady state
#   -w   seconds of warm-up load before each measured run, on the same session (default 2, or $BENCH_WARMUP)
#   -c   numbers of requests in flight (default "1 16")
#   --only   targets to run (default all): bare gateway-echo gateway-echo-stateless supergateway-stdio gateway-stdio
#   --gc     force one GC mode on every .NET process (default: each as built; the bare server is an ASP.NET Core
#            app, so server GC; mcp-bridge is a console tool, so workstation GC)
#   --gateway-args  more configuration for `mcp-bridge serve` (after its `--`), for experiments, e.g.
#            "--Logging:LogLevel:Default Warning"
#   --no-build  use the binaries already built
#
# Needs: dotnet (SDK of global.json), node >= 20 with npm, curl. Nothing is reachable from outside the machine.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LOG_TAG=bench
. "$HERE/lib/harness.sh"
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-2}
SERVER_WARMUP=${BENCH_SERVER_WARMUP:-15}
CONCURRENCY="1 16"
ALL_TARGETS="bare gateway-echo gateway-echo-stateless supergateway-stdio gateway-stdio"
TARGETS=$ALL_TARGETS
GC_MODE=""
GATEWAY_ARGS=""
BUILD=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    -d) DURATION=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    -W) SERVER_WARMUP=$2; shift 2 ;;
    -c) CONCURRENCY=$2; shift 2 ;;
    --only) TARGETS=$2; shift 2 ;;
    --gc) GC_MODE=$2; shift 2 ;;
    --gateway-args) GATEWAY_ARGS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
check_targets
case "$GC_MODE" in
  "") ;;
  server) export DOTNET_gcServer=1 ;;
  workstation) export DOTNET_gcServer=0 ;;
  *) fail_usage "--gc is server or workstation" ;;
esac
require_tools dotnet node npm curl

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
open_run "$STAMP" mcp-bridge-bench

# --- build ---------------------------------------------------------------------------------------------------------
[[ -d "$HERE/node_modules" ]] || npm_ci "autocannon, supergateway"
if [[ $BUILD -eq 1 ]]; then
  build_release "$ROOT/src/McpBridge.Cli/McpBridge.Cli.csproj" "$HERE/BareServer/BareServer.csproj" "$HERE/EchoStdio/EchoStdio.csproj"
fi
GATEWAY_DLL="$ROOT/src/McpBridge.Cli/bin/Release/net10.0/mcp-bridge.dll"
BARE_DLL="$HERE/BareServer/bin/Release/net10.0/BareServer.dll"
ECHO_DLL="$HERE/EchoStdio/bin/Release/net10.0/EchoStdio.dll"
require_built "$GATEWAY_DLL" "$BARE_DLL" "$ECHO_DLL"

# --- servers -------------------------------------------------------------------------------------------------------
declare -A URL AUTH MODE SERVER_PID
if wants bare; then
  port=$(free_port)
  dotnet "$BARE_DLL" --urls "http://127.0.0.1:$port" >"$LOGS/bare.log" 2>&1 &
  track bare $!
  wait_http "http://127.0.0.1:$port/mcp" "$!" bare
  URL[bare]="http://127.0.0.1:$port/mcp"
  SERVER_PID[bare]=$!
fi

if wants gateway-echo || wants gateway-echo-stateless || wants gateway-stdio; then
  port=$(free_port)
  # A fresh data folder (its first account is an administrator); EchoStdio is an approved package `bench-echo`,
  # one process, like the one child supergateway runs per session. Built-in packages are left out: they would
  # need npx and the network.
  dotnet "$GATEWAY_DLL" serve --urls "http://127.0.0.1:$port" --data-dir "$WORK/gateway-data" -- \
    --SignupsPerHourPerAddress 1000 \
    --Packages:IncludeBuiltIns false \
    --Packages:Definitions:0:Id bench-echo \
    --Packages:Definitions:0:Description "EchoStdio, the benchmark's stdio echo server" \
    --Packages:Definitions:0:Command dotnet \
    --Packages:Definitions:0:Args:0 "$ECHO_DLL" \
    --Packages:Definitions:0:MaxProcesses 1 \
    $GATEWAY_ARGS \
    >"$LOGS/gateway.log" 2>&1 &
  track gateway $!
  wait_http "http://127.0.0.1:$port/healthz" "$!" gateway
  gateway_pid=$!
  setup=$(node "$HERE/setup-gateway.mjs" --base "http://127.0.0.1:$port" --server bench-echo-inproc=echo --server bench-echo-stdio=bench-echo)
  echo "$setup" >"$LOGS/gateway-setup.json"
  field() { node -e "const s=JSON.parse(process.argv[1]).servers[process.argv[2]];console.log(s[process.argv[3]])" "$setup" "$1" "$2"; }
  for t in gateway-echo gateway-echo-stateless; do
    URL[$t]=$(field bench-echo-inproc url)
    AUTH[$t]="Bearer $(field bench-echo-inproc key)"
  done
  URL[gateway-stdio]=$(field bench-echo-stdio url)
  AUTH[gateway-stdio]="Bearer $(field bench-echo-stdio key)"
  MODE[gateway-echo-stateless]=stateless
  for t in gateway-echo gateway-echo-stateless gateway-stdio; do SERVER_PID[$t]=$gateway_pid; done
fi

if wants supergateway-stdio; then
  port=$(free_port)
  # --stateful: one EchoStdio child per MCP session (the load uses one session), as the gateway runs one process.
  # Without it supergateway starts a new child for every request.
  (cd "$HERE" && exec node --require "$HERE/lib/listen-loopback.cjs" node_modules/supergateway/dist/index.js \
    --stdio "dotnet $ECHO_DLL" --outputTransport streamableHttp --stateful --port "$port" \
    --healthEndpoint /healthz --logLevel none) >"$LOGS/supergateway.log" 2>&1 &
  track supergateway $!
  wait_http "http://127.0.0.1:$port/healthz" "$!" supergateway
  URL[supergateway-stdio]="http://127.0.0.1:$port/mcp"
  SERVER_PID[supergateway-stdio]=$!
fi

# --- machine -------------------------------------------------------------------------------------------------------
describe_machine
node -e '
  const [date, cpu, cores, os, dotnet, duration, rounds, warmup, serverWarmup, loadavg, gc, gatewayArgs] = process.argv.slice(1);
  console.log(JSON.stringify({ date, cpu, cores: Number(cores), os, dotnet, node: process.versions.node,
    duration_s: Number(duration), rounds: Number(rounds), warmup_s: Number(warmup), server_warmup_s: Number(serverWarmup),
    loadavg_before: loadavg, gc: gc || "as built",
    gateway_args: gatewayArgs || null }));
' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$CPU" "$(nproc)" "$OS" "$(dotnet --version)" "$DURATION" "$ROUNDS" "$WARMUP" "$SERVER_WARMUP" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$GC_MODE" "$GATEWAY_ARGS" >"$RESULTS/machine.json"

# --- load, one target at a time ------------------------------------------------------------------------------------
# Each target keeps ONE session for all its runs (and so supergateway one stdio child), as a real client would.
# The targets take turns within each round, and the report takes each one's median over the rounds: whatever else
# the machine does then hits all of them alike instead of whichever target happened to run at that moment.
failed=0
clock_ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
declare -A SESSION
target_args() {
  local t=$1
  local a=(--label "$t" --url "${URL[$t]}" --mode "${MODE[$t]:-session}")
  [[ -n ${AUTH[$t]:-} ]] && a+=(--auth "${AUTH[$t]}")
  [[ -n ${SESSION[$t]:-} ]] && a+=(--session "${SESSION[$t]}")
  printf '%s\n' "${a[@]}"
}
for t in $ALL_TARGETS; do
  wants "$t" || continue
  if [[ ${MODE[$t]:-session} == session ]]; then
    mapfile -t a < <(target_args "$t")
    opened=$(node "$HERE/load.mjs" "${a[@]}" --open) || { log "$t: could not open a session: $opened"; exit 1; }
    SESSION[$t]=$(json_field "$opened" session)
  fi
  if [[ $SERVER_WARMUP != 0 ]]; then
    log "$t: ${SERVER_WARMUP} s warm-up at 16 in flight"
    mapfile -t a < <(target_args "$t")
    run_load "$LOGS/warmup-$t.json" "${a[@]}" -c 16 -d "$SERVER_WARMUP" \
      || log "$t warm-up had failures: $(cat "$LOGS/warmup-$t.json")"
  fi
done

for c in $CONCURRENCY; do
  for round in $(seq 1 "$ROUNDS"); do
    for t in $ALL_TARGETS; do
      wants "$t" || continue
      log "round $round/$ROUNDS, $c in flight, $t: ${WARMUP} s warm-up + ${DURATION} s"
      mapfile -t a < <(target_args "$t")
      out="$RESULTS/$t-c$c-r$round.json"
      if ! run_load "$out" "${a[@]}" -c "$c" -d "$DURATION" --warmup "$WARMUP" \
          --pid "${SERVER_PID[$t]}" --clock-ticks "$clock_ticks"; then
        failed=1
        log "$t at $c in flight had failures: $(cat "$out")"
      fi
      if ! kill -0 "${SERVER_PID[$t]}" 2>/dev/null; then
        # Not a slow server: its process is gone (crashed, or stopped by something else on the machine).
        log "the server of $t (pid ${SERVER_PID[$t]}) is no longer running; see $LOGS"
        failed=1
      fi
    done
  done
done

print_report report.mjs latest
exit "$failed"
