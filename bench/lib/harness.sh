# What bench/run.sh and bench/tunnels.sh share: their results and scratch folders, the processes they start and stop,
# waiting for servers, the build and the load runs. Sourced by both after they set HERE (bench/) and ROOT (the repo)
# and LOG_TAG (the prefix of their log lines); the functions read RESULTS, LOGS and WORK once open_run has set them.

SCRIPT=${BASH_SOURCE[1]}
SCRIPT_NAME=${SCRIPT##*/}

usage() { sed -n '2,/^[^#]/p' "$SCRIPT" | grep '^#' | sed 's/^# \{0,1\}//'; }
log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
fail_usage() { echo "$SCRIPT_NAME: $*" >&2; exit 2; }

# Fails unless every target of TARGETS is one of ALL_TARGETS.
check_targets() {
  local t
  for t in $TARGETS; do
    [[ " $ALL_TARGETS " == *" $t "* ]] || fail_usage "unknown target $t (known: $ALL_TARGETS)"
  done
}
wants() { [[ " $TARGETS " == *" $1 "* ]]; }

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail_usage "$tool is required"
  done
}

# Makes the results folder bench/results/NAME (RESULTS, with LOGS in it) and a scratch folder (WORK) removed at the
# end; from then on every tracked process, and everything it started, is stopped on any exit.
open_run() {
  RESULTS="$HERE/results/$1"
  LOGS="$RESULTS/logs"
  mkdir -p "$LOGS"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

PIDS=()
declare -A PNAME
# Remembers a background process to stop at the end, under a name for messages; disowned, so that stopping it prints
# no job notice.
track() {
  PIDS+=("$2")
  PNAME[$2]=$1
  disown "$2"
}
untrack() {
  local pid kept=()
  for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  PIDS=(${kept[@]+"${kept[@]}"})
}
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}
# Stops the processes PID... and their descendants: TERM, up to 5 s for a graceful stop (the gateway stops its stdio
# children itself), then KILL.
stop_tree() {
  local pid alive all=()
  for pid in "$@"; do
    all+=($(descendants "$pid") "$pid")
  done
  [[ ${#all[@]} -gt 0 ]] || return 0
  kill -TERM "${all[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive -eq 0 ]] && return 0
    sleep 0.1
  done
  kill -KILL "${all[@]}" 2>/dev/null || true
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n ${LOAD_PID:-} ]] && kill -TERM "$LOAD_PID" 2>/dev/null
  [[ ${#PIDS[@]} -gt 0 ]] && stop_tree "${PIDS[@]}"
  rm -rf "$WORK"
  exit "$status"
}

# Runs a load in the background and waits for it, so that Ctrl+C or a TERM stops the run at once rather than after
# the measurement under way (bash runs traps only between foreground commands).
LOAD_PID=""
run_load() {
  local out=$1 status=0
  shift
  node "$HERE/load.mjs" "$@" >"$out" &
  LOAD_PID=$!
  wait "$LOAD_PID" || status=$?
  LOAD_PID=""
  return "$status"
}

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits until URL answers HTTP at all (any status), or fails after 60 s or when PID is gone.
wait_http() {
  local url=$1 pid=$2 name=$3
  for _ in $(seq 1 600); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) != 000 ]]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { log "$name exited during start; its log:"; tail -n 30 "$LOGS/$name.log" >&2; return 1; }
    sleep 0.1
  done
  log "$name did not answer at $url within 60 s"; tail -n 30 "$LOGS/$name.log" >&2; return 1
}

json_field() { node -e 'const v=JSON.parse(process.argv[1])[process.argv[2]];console.log(v ?? "")' "$1" "$2"; }

npm_ci() {
  log "npm ci ($1)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2
}

# Builds each PROJECT in Release (its output in LOGS/build-NAME.log, shown when it fails).
build_release() {
  local project name
  for project in "$@"; do
    name=$(basename "$project" .csproj)
    log "dotnet build -c Release $name.csproj"
    dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >"$LOGS/build-$name.log" 2>&1 \
      || { cat "$LOGS/build-$name.log" >&2; exit 1; }
  done
}

require_built() {
  local f
  for f in "$@"; do
    [[ -f $f ]] || { echo "$SCRIPT_NAME: $f is missing (run without --no-build)" >&2; exit 1; }
  done
}

# Sets CPU and OS to describe the machine in machine.json.
describe_machine() {
  CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  CPU=${CPU:-unknown CPU}
  OS=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s)
}

# Renders the results with REPORT (a .mjs of bench/) into table.md, points bench/results/LATEST at them and prints
# the table.
print_report() {
  local table
  table=$(node "$HERE/$1" "$RESULTS")
  echo "$table" >"$RESULTS/table.md"
  ln -sfn "${RESULTS##*/}" "$HERE/results/$2"
  echo "$table"
  log "raw results: $RESULTS"
}
