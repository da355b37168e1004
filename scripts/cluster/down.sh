#!/usr/bin/env bash
# npm run cluster:down [-- --clean] — stops what `npm run cluster:up` started (nginx, the API
# processes, HAProxy, Patroni and its PostgreSQL nodes, etcd), by their pid files, in that order.
# --clean then removes the data folder ($CLUSTER_DIR, default data/cluster).
set -uo pipefail
# shellcheck source=scripts/cluster/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

clean=false
for a in "$@"; do
  case "$a" in
    --clean) clean=true ;;
    *) echo "usage: npm run cluster:down [-- --clean]" >&2; exit 2 ;;
  esac
done

# stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 20).
stop() {
  local name="$1" seconds="${2:-20}" f="$CLUSTER_RUN/$1.pid"
  [ -f "$f" ] || return 0
  local pid
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    local deadline=$((SECONDS + seconds))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "  $name did not stop in ${seconds}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "  $name stopped (pid $pid)"
  fi
  rm -f "$f"
}

if [ -d "$CLUSTER_RUN" ]; then
  stop nginx
  for f in "$CLUSTER_RUN"/api-*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)"; done
  stop haproxy
  # Replicas first, the leader last, so that no failover starts while stopping.
  leader=""
  for p in "${CLUSTER_REST_PORTS[@]}"; do
    leader="$(curl -fs "http://$CLUSTER_HOST:$p/cluster" 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const m = JSON.parse(s).members.find((m) => m.role === "leader"); process.stdout.write(m ? m.name : "");
      });' 2>/dev/null)" && [ -n "$leader" ] && break
  done
  for f in "$CLUSTER_RUN"/patroni-*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    [ "$name" = "patroni-$leader" ] || stop "$name" 60
  done
  [ -n "$leader" ] && stop "patroni-$leader" 60
  for f in "$CLUSTER_RUN"/patroni-*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)" 60; done
  # A PostgreSQL whose Patroni died without stopping it (kill -9) is stopped by its data folder.
  for i in 1 2 3; do
    data="$CLUSTER_DIR/pg$i/data"
    if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
      as_cluster_user "$CLUSTER_PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null && echo "  postgres pg$i stopped"
    fi
  done
  stop etcd
fi

if $clean; then
  if [ -d "$CLUSTER_DIR" ]; then
    if [ ! -e "$CLUSTER_DIR/.timebank-cluster" ]; then
      echo "$CLUSTER_DIR is not a cluster folder made by cluster:up (no .timebank-cluster): not removed" >&2
      exit 1
    fi
    rm -rf "$CLUSTER_DIR"
    echo "  removed $CLUSTER_DIR"
  fi
fi
echo "cluster down"
