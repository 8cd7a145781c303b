#!/usr/bin/env bash
# Makes sure a local PostgreSQL accepts the test suite's default connection string:
#   Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres
# Installs PostgreSQL from Debian packages when missing (root only), creates and starts a cluster, waits until it
# accepts connections and sets the postgres user's password. Idempotent and quick when everything is in place.
# Prints one line: the connection string. Diagnostics go to stderr.
#
# On a machine that already has PostgreSQL it uses the existing cluster (an online one first) and may change it:
#   - starts it if it is down;
#   - if listen_addresses is not loopback only (e.g. '*' or '' for socket only), sets it to '127.0.0.1' with
#     ALTER SYSTEM (postgresql.auto.conf) and restarts the cluster: the test password is no secret;
#   - if a password login as postgres over TCP fails, sets the postgres user's password to 'postgres'.
# Each change is announced on stderr. Set MCPB_TEST_POSTGRES instead to run the tests against another server.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
readonly PASSWORD=postgres
readonly WAIT_SECONDS=${MCPB_POSTGRES_WAIT_SECONDS:-60}

log() { echo "ensure-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

# Run a command as the postgres OS user: peer authentication over the Unix socket needs no password,
# which is how the password gets set in the first place.
as_postgres() {
  if [[ $(id -un) == postgres ]]; then
    "$@"
  elif [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n -u postgres -- "$@"
  else
    die "need root, passwordless sudo or the postgres user to run: $*"
  fi
}

can_be_root() {
  [[ $EUID -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif can_be_root; then
    sudo -n -- "$@"
  else
    die "need root or passwordless sudo to run: $*"
  fi
}

server_installed() {
  command -v pg_lsclusters >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

if ! server_installed; then
  can_be_root || die "PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql"
  log "installing PostgreSQL from Debian packages"
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq postgresql >&2
fi

# Use the cluster that is already there (an online one first); create "main" of the newest version if there is none.
find_cluster() {
  pg_lsclusters -h 2>/dev/null | awk '$4 ~ /^online/ { print; found = 1; exit } NR == 1 { first = $0 } END { if (!found && first != "") print first }'
}

line=$(find_cluster)
if [[ -z $line ]]; then
  newest=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n 1)
  [[ -n $newest ]] || die "no PostgreSQL server under /usr/lib/postgresql"
  log "creating cluster $newest/main"
  as_root pg_createcluster "$newest" main >&2
  line=$(find_cluster)
fi
read -r version cluster port status _ <<<"$line"

if [[ $status != online* ]]; then
  log "starting cluster $version/$cluster"
  # Without systemd (containers, CI) pg_ctlcluster starts the server directly.
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi

# wait_ready WHERE [pg_isready options]: waits until the server accepts connections there.
wait_ready() {
  local where=$1 deadline=$((SECONDS + WAIT_SECONDS))
  shift
  until pg_isready -q -p "$port" "$@"; do
    ((SECONDS < deadline)) || die "PostgreSQL $version/$cluster did not accept connections on $where within ${WAIT_SECONDS}s (see /var/log/postgresql/postgresql-$version-$cluster.log)"
    sleep 1
  done
}

# The Unix socket first: that is how listen_addresses gets checked, and a cluster may listen on nothing else yet.
wait_ready "its Unix socket"

psql_admin() { as_postgres psql -X -q -t -A -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"; }

# Only loopback: the test password is no secret. Debian's default ('localhost') already is.
listen=$(psql_admin -c 'SHOW listen_addresses')
case $listen in
  localhost | 127.0.0.1 | '127.0.0.1,::1' | '::1,127.0.0.1') ;;
  *)
    log "listen_addresses was '$listen'; restricting to 127.0.0.1"
    psql_admin -c "ALTER SYSTEM SET listen_addresses = '127.0.0.1'" >/dev/null
    as_root pg_ctlcluster "$version" "$cluster" restart >&2
    wait_ready "its Unix socket"
    ;;
esac
wait_ready "127.0.0.1:$port" -h 127.0.0.1

# Skip the ALTER when a TCP password login already works (the common, fast case).
if ! PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c 'SELECT 1' >/dev/null 2>&1; then
  log "setting the postgres user's password"
  psql_admin -c "ALTER USER postgres PASSWORD '$PASSWORD'" >/dev/null
  PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c 'SELECT 1' >/dev/null || die "password login as postgres over TCP still fails; check pg_hba.conf of $version/$cluster"
fi

echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$PASSWORD"
