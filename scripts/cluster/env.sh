# Shared by up.sh, down.sh and the drill: where the local cluster lives and which ports it uses.
# Everything listens on 127.0.0.1 only. Override any of these in the environment.
# shellcheck shell=bash

CLUSTER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$CLUSTER_ROOT/data/cluster}"
CLUSTER_HOST=127.0.0.1

CLUSTER_ETCD_CLIENT_PORT="${CLUSTER_ETCD_CLIENT_PORT:-23790}"
CLUSTER_ETCD_PEER_PORT="${CLUSTER_ETCD_PEER_PORT:-23800}"
# PostgreSQL nodes pg1..pg3 and their Patroni REST APIs, in the same order.
CLUSTER_PG_PORTS=(55431 55432 55433)
CLUSTER_REST_PORTS=(8009 8010 8011)
CLUSTER_HAPROXY_WRITE_PORT="${CLUSTER_HAPROXY_WRITE_PORT:-55400}"
CLUSTER_HAPROXY_READ_PORT="${CLUSTER_HAPROXY_READ_PORT:-55401}"
CLUSTER_HAPROXY_STATS_PORT="${CLUSTER_HAPROXY_STATS_PORT:-55402}"
CLUSTER_API_PORTS=(3101 3102)
CLUSTER_NGINX_PORT="${CLUSTER_NGINX_PORT:-8088}"

CLUSTER_PG_BIN="${CLUSTER_PG_BIN:-/usr/lib/postgresql/15/bin}"
CLUSTER_DB=timebank

CLUSTER_RUN="$CLUSTER_DIR/run"
CLUSTER_LOG="$CLUSTER_DIR/log"
CLUSTER_ETC="$CLUSTER_DIR/etc"

# PostgreSQL refuses to run as root: as root, the daemons run as the `postgres` system user.
if [ "$(id -u)" = 0 ]; then
  CLUSTER_USER="${CLUSTER_USER:-postgres}"
else
  CLUSTER_USER="$(id -un)"
fi

# The prefix that runs a command as the cluster user (empty when that is who we are); it execs, so
# the command keeps the pid.
CLUSTER_AS=()
if [ "$(id -un)" != "$CLUSTER_USER" ]; then
  CLUSTER_AS=(setpriv --reuid="$CLUSTER_USER" --regid="$(id -g "$CLUSTER_USER" 2>/dev/null || echo 0)" --init-groups --)
fi
as_cluster_user() { "${CLUSTER_AS[@]}" "$@"; }

# start_daemon NAME CMD...: starts CMD in the background in its own session as the cluster user,
# output to log/NAME.log, pid to run/NAME.pid. The daemons stay in the foreground (no fork), so the
# pid is theirs.
start_daemon() {
  local name="$1"
  shift
  if daemon_running "$name"; then
    echo "  $name already running (pid $(cat "$CLUSTER_RUN/$name.pid"))"
    return 0
  fi
  set -- "${CLUSTER_AS[@]}" "$@"
  # In a non-interactive shell the background subshell leads no process group, so setsid does not
  # fork and $! is the daemon's own pid.
  (cd "$CLUSTER_DIR" && export HOME="$CLUSTER_DIR" && exec setsid "$@") >>"$CLUSTER_LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_RUN/$name.pid"
  echo "  $name started (pid $(cat "$CLUSTER_RUN/$name.pid"), log $CLUSTER_LOG/$name.log)"
}

daemon_running() {
  local f="$CLUSTER_RUN/$1.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# wait_for SECONDS DESCRIPTION CMD...: polls CMD every 0.5 s until it succeeds.
wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
}
