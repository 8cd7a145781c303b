#!/usr/bin/env bash
# The tunnel benchmark, in one command: builds Release, starts a target (BareServer: GET /hello and an MCP `echo` on
# /mcp) and three ways to reach it on 127.0.0.1 — our relay (`mcp-bridge serve` + a CloudConnector agent), pipenet's
# relay (server + client) and nginx `proxy_pass` — then loads each with autocannon, small HTTP and MCP `tools/call`,
# at each number of requests in flight. Then the relay's memory per idle connected agent, with 1,000 and 10,000
# agents. Prints Markdown tables with the issue's ratios; raw JSON goes to bench/results/tunnels-<timestamp>/.
#
#   bench/tunnels.sh [-d SECONDS] [-r ROUNDS] [-w SECONDS] [-W SECONDS] [-c "1 16"] [--only "direct tunnel pipenet nginx"]
#                    [--agents "1000 10000"] [--quiet-period SECONDS] [--tunnel-env "NAME=VALUE ..."] [--no-throughput]
#                    [--no-memory] [--no-build]
#
#   -d   seconds measured per run (default 4, or $BENCH_DURATION)
#   -r   rounds (default 3, or $BENCH_ROUNDS); the table shows each figure's median over the rounds
#   -W   seconds of warm-up load at 16 in flight per target and request kind before the rounds (default 8, or
#        $BENCH_SERVER_WARMUP): the .NET processes get faster for a while as tiered JIT recompiles hot code
#   -w   seconds of warm-up load before each measured run (default 1, or $BENCH_WARMUP)
#   -c   numbers of requests in flight (default "1 16")
#   --only      throughput targets (default all): direct tunnel pipenet nginx
#   --agents    idle agent counts for the memory part (default "1000 10000"; a fresh relay for each)
#   --quiet-period  seconds to wait after the last agent connected before reading the relay's memory (default 20: the
#               agents' 5 s pings go on, and any agent that dropped would have been swept by then)
#   --tunnel-env  environment for our relay and agent only, for experiments (e.g. "DOTNET_gcServer=1")
#   --no-throughput / --no-memory   skip a part
#   --no-build  use the binaries already built
#
# Needs: dotnet (SDK of global.json), node >= 20 with npm, curl, nginx (installed with apt-get when missing and run as
# root; otherwise the nginx target is skipped with a message). Nothing listens beyond 127.0.0.1.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LOG_TAG=tunnels
. "$HERE/lib/harness.sh"
DURATION=${BENCH_DURATION:-4}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-1}
SERVER_WARMUP=${BENCH_SERVER_WARMUP:-8}
CONCURRENCY="1 16"
ALL_TARGETS="direct tunnel pipenet nginx"
TARGETS=$ALL_TARGETS
AGENTS="1000 10000"
QUIET=20
THROUGHPUT=1
MEMORY=1
BUILD=1
KINDS="http mcp"
TUNNEL_ENV=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -d) DURATION=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    -W) SERVER_WARMUP=$2; shift 2 ;;
    -c) CONCURRENCY=$2; shift 2 ;;
    --only) TARGETS=$2; shift 2 ;;
    --agents) AGENTS=$2; shift 2 ;;
    --quiet-period) QUIET=$2; shift 2 ;;
    --tunnel-env) read -r -a TUNNEL_ENV <<<"$2"; shift 2 ;;
    --no-throughput) THROUGHPUT=0; shift ;;
    --no-memory) MEMORY=0; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "tunnels.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
check_targets
require_tools dotnet node npm curl

# Thousands of agents are thousands of sockets in the relay and in the agents' process: both inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT=$(ulimit -n)

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
open_run "tunnels-$STAMP" mcp-bridge-tunnels

# Waits until FILE has a line matching PATTERN (printing it), or fails after SECONDS or when PID is gone.
wait_line() {
  local file=$1 pattern=$2 seconds=$3 pid=$4 name=$5 line
  for _ in $(seq 1 $((seconds * 10))); do
    line=$(grep -m 1 -- "$pattern" "$file" 2>/dev/null || true)
    if [[ -n $line ]]; then echo "$line"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { log "$name exited; its output:"; tail -n 30 "$file" "$LOGS/$name.err" >&2 2>/dev/null; return 1; }
    sleep 0.1
  done
  log "$name printed no '$pattern' within $seconds s"; tail -n 30 "$file" >&2; return 1
}

# Asks the relay's heap probe (HeapProbe, a startup hook) for a full GC and its managed heap figures; prints its JSON.
heap_probe() {
  local dir=$1 pid=$2
  rm -f "$dir/answer.json"
  touch "$dir/request"
  for _ in $(seq 1 300); do
    [[ -f "$dir/answer.json" ]] && { cat "$dir/answer.json"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo '{}'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# --- install and build ---------------------------------------------------------------------------------------------
if [[ ! -d "$HERE/node_modules/pipenet" || ! -d "$HERE/node_modules/autocannon" ]]; then
  npm_ci "autocannon, supergateway, pipenet"
fi
NGINX=""
if [[ $THROUGHPUT -eq 1 ]] && wants nginx; then
  NGINX=$(command -v nginx || true)
  [[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
  if [[ -z $NGINX ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "apt-get install -y nginx (the nginx target needs it; the script starts its own instance, not the service)"
      # The package's service is not started in containers without an init; the script never uses it either way.
      { apt-get install -y nginx || { apt-get update && apt-get install -y nginx; }; } >"$LOGS/apt-nginx.log" 2>&1 || true
      NGINX=$(command -v nginx || true)
      [[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
    fi
    if [[ -z $NGINX ]]; then
      log "nginx is not installed, and this script installs it only when run as root with apt-get:" \
        "run 'sudo apt-get install -y nginx' for the nginx row. Going on without it."
      TARGETS=${TARGETS//nginx/}
    fi
  fi
fi

CLI_DLL="$ROOT/src/McpBridge.Cli/bin/Release/net10.0/mcp-bridge.dll"
BARE_DLL="$HERE/BareServer/bin/Release/net10.0/BareServer.dll"
AGENT_DLL="$HERE/TunnelAgent/bin/Release/net10.0/TunnelAgent.dll"
PROBE_DLL="$HERE/HeapProbe/bin/Release/net10.0/HeapProbe.dll"
if [[ $BUILD -eq 1 ]]; then
  build_release "$ROOT/src/McpBridge.Cli/McpBridge.Cli.csproj" "$HERE/BareServer/BareServer.csproj" \
    "$HERE/TunnelAgent/TunnelAgent.csproj" "$HERE/HeapProbe/HeapProbe.csproj"
fi
require_built "$CLI_DLL" "$BARE_DLL" "$AGENT_DLL" "$PROBE_DLL"

# The relay as a user starts it, with a fresh data folder each time. The agents connect with an account key on the
# Enterprise plan (no limit on temporary tunnels or their requests): anonymous temporary tunnels are limited per
# source address (2 at once, 10 an hour, 1,000 requests each), and every agent here comes from 127.0.0.1.
RELAY_ENV=()
start_relay() {
  local name=$1 port=$2
  env ${TUNNEL_ENV[@]+"${TUNNEL_ENV[@]}"} ${RELAY_ENV[@]+"${RELAY_ENV[@]}"} dotnet "$CLI_DLL" serve --urls "http://127.0.0.1:$port" --public-url "http://127.0.0.1:$port" \
    --data-dir "$WORK/$name-data" >"$LOGS/$name.log" 2>&1 &
  RELAY_PID=$!
  track "$name" $RELAY_PID
  wait_http "http://127.0.0.1:$port/healthz" "$RELAY_PID" "$name"
  RELAY_KEY=$(json_field "$(node "$HERE/setup-tunnel-account.mjs" --base "http://127.0.0.1:$port")" apiKey)
}

# Starts TunnelAgent with COUNT tunnels to TARGET through the relay on PORT; sets AGENT_PID and AGENT_OUT.
start_agents() {
  local name=$1 port=$2 target=$3 count=$4
  AGENT_OUT="$LOGS/$name.out"
  env ${TUNNEL_ENV[@]+"${TUNNEL_ENV[@]}"} dotnet "$AGENT_DLL" --server "http://127.0.0.1:$port" --target "$target" --api-key "$RELAY_KEY" --count "$count" \
    >"$AGENT_OUT" 2>"$LOGS/$name.err" &
  AGENT_PID=$!
  track "$name" $AGENT_PID
}

describe_machine
relay_gc=$(node -e '
  const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runtimeOptions?.configProperties ?? {};
  const env = process.env.DOTNET_gcServer ?? process.env.COMPlus_gcServer;
  const server = env !== undefined ? env === "1" : c["System.GC.Server"] === true;
  const concurrent = c["System.GC.Concurrent"] !== false;
  console.log(`${server ? "server" : "workstation"}${concurrent ? ", concurrent" : ""}`);
' "${CLI_DLL%.dll}.runtimeconfig.json")
node -e '
  const [date, cpu, cores, os, dotnet, nginx, duration, rounds, warmup, serverWarmup, loadavg, relayGc, fdLimit, quiet] = process.argv.slice(1);
  console.log(JSON.stringify({ date, cpu, cores: Number(cores), os, dotnet, node: process.versions.node, nginx: nginx || null,
    duration_s: Number(duration), rounds: Number(rounds), warmup_s: Number(warmup), server_warmup_s: Number(serverWarmup),
    loadavg_before: loadavg, relay_gc: relayGc, fd_limit: Number(fdLimit), quiet_period_s: Number(quiet) }));
' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$CPU" "$(nproc)" "$OS" "$(dotnet --version)" \
  "$([[ -n $NGINX ]] && "$NGINX" -v 2>&1 | sed 's/^nginx version: //')" "$DURATION" "$ROUNDS" "$WARMUP" "$SERVER_WARMUP" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$relay_gc" "$FD_LIMIT" "$QUIET" >"$RESULTS/machine.json"

failed=0

# --- throughput ----------------------------------------------------------------------------------------------------
if [[ $THROUGHPUT -eq 1 ]]; then
  declare -A BASE HOST_HEADER CPU_PIDS
  target_port=$(free_port)
  dotnet "$BARE_DLL" --urls "http://127.0.0.1:$target_port" >"$LOGS/target.log" 2>&1 &
  target_pid=$!
  track target $target_pid
  wait_http "http://127.0.0.1:$target_port/hello" "$target_pid" target
  TARGET="http://127.0.0.1:$target_port"
  BASE[direct]=$TARGET
  CPU_PIDS[direct]=$target_pid

  if wants tunnel; then
    relay_port=$(free_port)
    start_relay relay "$relay_port"
    relay_pid=$RELAY_PID
    start_agents agent "$relay_port" "$TARGET" 1
    ready=$(wait_line "$AGENT_OUT" '"event":"ready"' 60 "$AGENT_PID" agent)
    url=$(json_field "$ready" url)
    [[ -n $url && $(json_field "$ready" connected) == 1 ]] || { log "the agent did not connect: $ready"; exit 1; }
    log "our tunnel: $url"
    BASE[tunnel]=${url%/}
    # The relay and the agent are the tunnel's cost; the target's own CPU is in the direct row.
    CPU_PIDS[tunnel]="$relay_pid,$AGENT_PID"
  fi

  if wants pipenet; then
    pipenet_port=$(free_port)
    # pipenet's server opens a TCP port per client without naming a host: lib/listen-loopback.cjs pins it to 127.0.0.1.
    (cd "$HERE" && exec node --require "$HERE/lib/listen-loopback.cjs" node_modules/pipenet/dist/cli.js server \
      --port "$pipenet_port" --address 127.0.0.1 --domain localhost) >"$LOGS/pipenet-server.log" 2>&1 &
    pipenet_server_pid=$!
    track pipenet-server $pipenet_server_pid
    wait_http "http://127.0.0.1:$pipenet_port/api/status" "$pipenet_server_pid" pipenet-server
    # pipenet routes by subdomain: the requests go to its port with the tunnel's Host.
    BASE[pipenet]="http://127.0.0.1:$pipenet_port"
    HOST_HEADER[pipenet]="benchtarget.localhost:$pipenet_port"
    PIPENET_RESTARTS=0
    start_pipenet_client() {
      (cd "$HERE" && exec node node_modules/pipenet/dist/cli.js client --port "$target_port" --local-host 127.0.0.1 \
        --host "http://127.0.0.1:$pipenet_port" --subdomain benchtarget) >>"$LOGS/pipenet-client.log" 2>&1 &
      pipenet_client_pid=$!
      track pipenet-client $pipenet_client_pid
      CPU_PIDS[pipenet]="$pipenet_server_pid,$pipenet_client_pid"
      for _ in $(seq 1 100); do
        [[ $(curl -s --max-time 2 -H "Host: ${HOST_HEADER[pipenet]}" "${BASE[pipenet]}/hello" || true) == "Hello from the bench" ]] && return 0
        sleep 0.1
      done
      log "pipenet's client did not open its tunnel within 10 s"; return 1
    }
    # Before each pipenet run: a client whose tunnel is gone (see the keep-alive below) is started again, and counted.
    ensure_pipenet() {
      [[ $(curl -s --max-time 5 -H "Host: ${HOST_HEADER[pipenet]}" "${BASE[pipenet]}/hello" || true) == "Hello from the bench" ]] && return 0
      PIPENET_RESTARTS=$((PIPENET_RESTARTS + 1))
      log "pipenet's tunnel is gone (its client: $(tail -n 1 "$LOGS/pipenet-client.log")); starting its client again"
      stop_tree "$pipenet_client_pid"
      untrack "$pipenet_client_pid"
      sleep 1.5 # the server forgets the old client after 1 s; until then the name is taken
      start_pipenet_client || true # a failure shows in the measurement that follows
    }
    start_pipenet_client
    # pipenet 1.4.3 drops a tunnel whose sockets all sat idle for 30 s (each of its 10 sockets has a 30 s idle timeout;
    # when the last one closes, the server forgets the client within 1 s and the client exits), which happens between
    # its turns here. The server hands out its sockets in turn, so one request a second keeps all 10 busy enough, as
    # live traffic would; it is noise next to the thousands per second being measured.
    (set +e; while sleep 1; do curl -s -o /dev/null --max-time 2 -H "Host: ${HOST_HEADER[pipenet]}" "${BASE[pipenet]}/hello"; done) \
      >/dev/null 2>&1 &
    track pipenet-keepalive $!
  fi

  if wants nginx; then
    nginx_port=$(free_port)
    mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
    # One plain proxy hop as it is usually configured in front of an app server: HTTP/1.1 to a keepalive upstream,
    # no buffering (so SSE streams), access log off like the other relays (none of them logs each request here).
    cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  # nginx closes a client connection after 1,000 requests by default, which a load generator sees as errors.
  keepalive_requests 1000000;
  upstream target { server 127.0.0.1:$target_port; keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
EOF
    "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$LOGS/nginx.log" 2>&1 &
    nginx_pid=$!
    track nginx $nginx_pid
    wait_http "http://127.0.0.1:$nginx_port/hello" "$nginx_pid" nginx
    BASE[nginx]="http://127.0.0.1:$nginx_port"
    CPU_PIDS[nginx]=$nginx_pid
  fi

  # One MCP session per target for all its runs, as a real client holds one.
  declare -A SESSION
  target_args() {
    local t=$1 kind=$2
    local a=(--label "$t-$kind")
    if [[ $kind == http ]]; then
      a+=(--mode http --url "${BASE[$t]}/hello")
    else
      a+=(--mode session --url "${BASE[$t]}/mcp")
      [[ -n ${SESSION[$t]:-} ]] && a+=(--session "${SESSION[$t]}")
    fi
    [[ -n ${HOST_HEADER[$t]:-} ]] && a+=(--host "${HOST_HEADER[$t]}")
    printf '%s\n' "${a[@]}"
  }
  for t in $ALL_TARGETS; do
    wants "$t" || continue
    mapfile -t a < <(target_args "$t" mcp)
    opened=$(node "$HERE/load.mjs" "${a[@]}" --open) || { log "$t: could not open an MCP session: $opened"; exit 1; }
    SESSION[$t]=$(json_field "$opened" session)
    if [[ $SERVER_WARMUP != 0 ]]; then
      for kind in $KINDS; do
        log "$t $kind: ${SERVER_WARMUP} s warm-up at 16 in flight"
        mapfile -t a < <(target_args "$t" "$kind")
        run_load "$LOGS/warmup-$t-$kind.json" "${a[@]}" -c 16 -d "$SERVER_WARMUP" \
          || log "$t $kind warm-up had failures: $(cat "$LOGS/warmup-$t-$kind.json")"
      done
    fi
  done

  clock_ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
  for c in $CONCURRENCY; do
    for round in $(seq 1 "$ROUNDS"); do
      for t in $ALL_TARGETS; do
        wants "$t" || continue
        for kind in $KINDS; do
          log "round $round/$ROUNDS, $c in flight, $t $kind: ${WARMUP} s warm-up + ${DURATION} s"
          [[ $t == pipenet ]] && ensure_pipenet
          mapfile -t a < <(target_args "$t" "$kind")
          out="$RESULTS/$t-$kind-c$c-r$round.json"
          if ! run_load "$out" "${a[@]}" -c "$c" -d "$DURATION" --warmup "$WARMUP" \
              --pid "${CPU_PIDS[$t]}" --clock-ticks "$clock_ticks"; then
            failed=1
            log "$t $kind at $c in flight had failures: $(cat "$out")"
          fi
        done
      done
    done
  done
  [[ ${PIPENET_RESTARTS:-0} -gt 0 ]] && log "pipenet's client was started again $PIPENET_RESTARTS times (its tunnel had gone)"
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    kill -0 "$pid" 2>/dev/null || { log "${PNAME[$pid]} (pid $pid) stopped during the run; see $LOGS"; failed=1; }
  done
  stop_tree "${PIDS[@]}"
  PIDS=()
fi

# --- relay memory per idle agent -----------------------------------------------------------------------------------
if [[ $MEMORY -eq 1 ]]; then
  # The agents need a target URL but never send a request; nothing has to listen there.
  idle_target="http://127.0.0.1:9/"
  for n in $AGENTS; do
    if (( n + 200 > FD_LIMIT )); then
      log "skipping $n agents: the open-file limit is $FD_LIMIT (raise the hard limit: ulimit -Hn)"
      failed=1
      continue
    fi
    relay_port=$(free_port)
    probe_dir="$WORK/probe-$n"
    mkdir -p "$probe_dir"
    RELAY_ENV=("DOTNET_STARTUP_HOOKS=$PROBE_DLL" "MCPB_HEAP_PROBE_DIR=$probe_dir")
    start_relay "relay-mem-$n" "$relay_port"
    RELAY_ENV=()
    relay_pid=$RELAY_PID
    # Warm the relay's code paths first with a few agents that then leave, so that the figure is per agent, not the
    # JIT compiling the connect path once.
    start_agents "warm-$n" "$relay_port" "$idle_target" 50
    wait_line "$AGENT_OUT" '"event":"ready"' 60 "$AGENT_PID" "warm-$n" >/dev/null
    stop_tree "$AGENT_PID"
    sleep 5
    before=$(rss_kb "$relay_pid")
    threads_before=$(threads_of "$relay_pid")
    # After RSS: the probe's forced GC must not shape the figure a user would see.
    heap_before=$(heap_probe "$probe_dir" "$relay_pid")
    log "relay for $n agents: RSS before $((before / 1024)) MB; connecting $n idle agents"
    start_agents "agents-$n" "$relay_port" "$idle_target" "$n"
    agents_pid=$AGENT_PID
    ready=$(wait_line "$AGENT_OUT" '"event":"ready"' 150 "$agents_pid" "agents-$n")
    log "$(json_field "$ready" connected) of $n connected in $(json_field "$ready" connect_s) s; ${QUIET} s quiet period"
    sleep "$QUIET"
    samples=()
    for _ in 1 2 3; do samples+=("$(rss_kb "$relay_pid")"); sleep 1; done
    threads_after=$(threads_of "$relay_pid")
    status=$(grep '"event":"status"' "$AGENT_OUT" | tail -n 1)
    heap_after=$(heap_probe "$probe_dir" "$relay_pid")
    rss_after_gc=$(rss_kb "$relay_pid")
    node -e '
      const [n, before, samples, ready, status, agentRss, heapBefore, heapAfter, rssAfterGc, threadsBefore, threadsAfter] = process.argv.slice(1);
      const s = samples.split(" ").map(Number).sort((a, b) => a - b);
      const after = s[1];
      const r = JSON.parse(ready), st = status ? JSON.parse(status) : {};
      const connected = st.connected ?? r.connected;
      console.log(JSON.stringify({ label: "memory", agents: Number(n), connected, failed: r.failed, disconnects: st.disconnects ?? 0,
        connect_s: r.connect_s, rss_before_kb: Number(before), rss_after_kb: after, rss_samples_kb: s,
        per_agent_kb: connected > 0 ? Number(((after - Number(before)) / connected).toFixed(2)) : null,
        agent_process_rss_kb: Number(agentRss), ...managed(JSON.parse(heapBefore), JSON.parse(heapAfter), connected),
        rss_after_full_gc_kb: Number(rssAfterGc), relay_threads_before: Number(threadsBefore), relay_threads_after: Number(threadsAfter) }));
      function managed(b, a, count) {
        // What a full GC leaves: the live managed objects of the agents, without garbage or the GC budget.
        if (b.managed_live_bytes === undefined || a.managed_live_bytes === undefined || !count) return { managed_per_agent_kb: null };
        return { managed_before_kb: Math.round(b.managed_live_bytes / 1024), managed_after_kb: Math.round(a.managed_live_bytes / 1024),
          gc_committed_before_kb: Math.round(b.committed_bytes / 1024), gc_committed_after_kb: Math.round(a.committed_bytes / 1024),
          managed_per_agent_kb: Number(((a.managed_live_bytes - b.managed_live_bytes) / 1024 / count).toFixed(2)) };
      }
    ' "$n" "$before" "${samples[*]}" "$ready" "$status" "$(rss_kb "$agents_pid")" "$heap_before" "$heap_after" "$rss_after_gc" \
      "$threads_before" "$threads_after" >"$RESULTS/memory-$n.json"
    log "memory with $n agents: $(cat "$RESULTS/memory-$n.json")"
    [[ $(json_field "$(cat "$RESULTS/memory-$n.json")" connected) == "$n" ]] || failed=1
    stop_tree "$agents_pid" "$relay_pid"
    PIDS=()
  done
fi

print_report tunnel-report.mjs tunnels-latest
exit "$failed"
