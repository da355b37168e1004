#!/usr/bin/env bash
# npm run cluster:up — the production layout of docs/deploy.md on one machine, from Debian's packages:
#   etcd (1 member) · 3 × PostgreSQL 15 under Patroni (synchronous_mode) · HAProxy (writes → leader,
#   reads → replicas, by Patroni's REST health checks) · 2 API processes · nginx (API upstream + H5 app).
# Everything listens on 127.0.0.1; all state (data, configs, logs, pid files) is under $CLUSTER_DIR
# (default data/cluster). No systemd: the daemons run in the background with pid files.
# Again on a running cluster it starts whatever is not running. Stop with `npm run cluster:down`
# (`-- --clean` also removes the data folder).
#
# Environment: CLUSTER_DIR, CLUSTER_DEMO=false (no demo community), CLUSTER_SKIP_BUILD=true.
set -euo pipefail
# shellcheck source=scripts/cluster/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------- packages
step "packages"
missing=()
command -v patroni >/dev/null || missing+=(patroni)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v nginx >/dev/null || missing+=(nginx)
[ -x "$CLUSTER_PG_BIN/postgres" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  # The packages' own services must not start (nginx would listen on every address, port 80):
  # this cluster starts its daemons itself. policy-rc.d is how Debian says so to maintainer scripts.
  made_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
    made_policy=true
  fi
  echo "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  # As root there is no sudo (nor its -E, which keeps DEBIAN_FRONTEND through sudo).
  as_root_env=()
  [ ${#sudo[@]} -eq 0 ] || as_root_env=(sudo -E)
  DEBIAN_FRONTEND=noninteractive "${as_root_env[@]}" apt-get install -y -q "${missing[@]}"
  if $made_policy; then "${sudo[@]}" rm -f /usr/sbin/policy-rc.d; fi
fi
# Debian's packages may have started their own daemons on a machine with systemd: ours use other
# ports, so they are left alone.
echo "patroni $(patroni --version | awk '{print $2}') · etcd $(etcd --version | awk 'NR==1{print $3}') ·" \
  "haproxy $(haproxy -v | awk 'NR==1{print $3}') · nginx $(nginx -v 2>&1 | sed 's|.*/||') ·" \
  "postgres $("$CLUSTER_PG_BIN/postgres" --version | awk '{print $3}')"

if [ "$(id -u)" = 0 ] && ! id "$CLUSTER_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$CLUSTER_DIR" --shell /usr/sbin/nologin "$CLUSTER_USER"
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh" # again, for the new user's ids
fi

# ---------------------------------------------------------------------------------------------- builds
step "builds"
H5_DIR="$CLUSTER_ROOT/miniapp/dist/h5"
if [ "${CLUSTER_SKIP_BUILD:-false}" != true ]; then
  (cd "$CLUSTER_ROOT" && node scripts/build-server.mjs && node scripts/ensure-h5.mjs)
fi
[ -f "$CLUSTER_ROOT/server/dist/main.mjs" ] || { echo "server/dist/main.mjs missing (npm run build:server)" >&2; exit 1; }
[ -f "$H5_DIR/index.html" ] || echo "warning: $H5_DIR/index.html missing: nginx will serve the API only" >&2

# ---------------------------------------------------------------------------------------------- folders, keys
step "folders and keys in $CLUSTER_DIR"
mkdir -p "$CLUSTER_DIR" "$CLUSTER_RUN" "$CLUSTER_LOG" "$CLUSTER_ETC" "$CLUSTER_DIR/etcd" \
  "$CLUSTER_DIR/nginx/tmp" "$CLUSTER_DIR/haproxy"
touch "$CLUSTER_DIR/.timebank-cluster" # down.sh --clean removes only a folder with this marker
for i in 1 2 3; do mkdir -p "$CLUSTER_DIR/pg$i"; done
if [ ! -f "$CLUSTER_ETC/jwt-private.pem" ]; then
  # The API's session key (ES256): production config requires one; every API process shares it.
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$CLUSTER_ETC/jwt-private.pem"
  openssl ec -in "$CLUSTER_ETC/jwt-private.pem" -pubout -out "$CLUSTER_ETC/jwt-public.pem" 2>/dev/null
  openssl rand -hex 16 >"$CLUSTER_ETC/wechat-secret"
  openssl rand -hex 12 >"$CLUSTER_ETC/replication-password"
fi
# The photo links' HMAC key (production requires one, shared by every API process).
[ -f "$CLUSTER_ETC/photo-url-secret" ] || openssl rand -hex 32 >"$CLUSTER_ETC/photo-url-secret"
chmod 600 "$CLUSTER_ETC"/jwt-private.pem "$CLUSTER_ETC/wechat-secret" "$CLUSTER_ETC/replication-password" \
  "$CLUSTER_ETC/photo-url-secret"
# The daemons run as $CLUSTER_USER and own the folder; the keys stay readable by this user only when
# it is root (the API processes get them through the environment).
if [ "$(id -u)" = 0 ]; then
  chown -R "$CLUSTER_USER:" "$CLUSTER_DIR"
  chown root: "$CLUSTER_ETC/jwt-private.pem" "$CLUSTER_ETC/wechat-secret" "$CLUSTER_ETC/photo-url-secret"
fi

# ---------------------------------------------------------------------------------------------- configs
step "configs in $CLUSTER_ETC"
REPL_PASSWORD="$(cat "$CLUSTER_ETC/replication-password")"
for i in 1 2 3; do
  pg_port=${CLUSTER_PG_PORTS[$((i - 1))]}
  rest_port=${CLUSTER_REST_PORTS[$((i - 1))]}
  cat >"$CLUSTER_ETC/patroni-pg$i.yml" <<EOF
# Patroni node pg$i — generated by scripts/cluster/up.sh
scope: timebank
namespace: /service/
name: pg$i
log:
  level: INFO
restapi:
  listen: $CLUSTER_HOST:$rest_port
  connect_address: $CLUSTER_HOST:$rest_port
etcd3:
  hosts: $CLUSTER_HOST:$CLUSTER_ETCD_CLIENT_PORT
bootstrap:
  # Written to etcd by the first node; later changes go through patronictl edit-config.
  dcs:
    ttl: 20
    loop_wait: 5
    retry_timeout: 5
    # A crashed leader is not restarted in place first: fail over at once to the synchronous standby.
    primary_start_timeout: 0
    # Every commit is acknowledged only once the synchronous standby has it; Patroni promotes only
    # that standby, so a failover loses no acknowledged commit.
    synchronous_mode: true
    synchronous_node_count: 1
    maximum_lag_on_failover: 1048576
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        synchronous_commit: "on"
        wal_log_hints: "on"
        max_connections: 100
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        shared_buffers: 128MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: $CLUSTER_HOST:$pg_port
  connect_address: $CLUSTER_HOST:$pg_port
  data_dir: $CLUSTER_DIR/pg$i/data
  bin_dir: $CLUSTER_PG_BIN
  pgpass: $CLUSTER_DIR/pg$i/pgpass
  # Loopback only, trusted (the drill's DATABASE_URL has no password). On real machines:
  # scram-sha-256 with passwords, see docs/deploy.md.
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
  authentication:
    superuser:
      username: postgres
    replication:
      username: replicator
      password: $REPL_PASSWORD
    rewind:
      username: postgres
  parameters:
    unix_socket_directories: $CLUSTER_DIR/pg$i
    logging_collector: "off"
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
EOF
done

servers() { # servers CHECK_PATH: one HAProxy server line per node, checked on its Patroni REST port
  for i in 1 2 3; do
    echo "    server pg$i $CLUSTER_HOST:${CLUSTER_PG_PORTS[$((i - 1))]} maxconn 100 check port ${CLUSTER_REST_PORTS[$((i - 1))]}"
  done
}
cat >"$CLUSTER_ETC/haproxy.cfg" <<EOF
# generated by scripts/cluster/up.sh
global
    maxconn 400

defaults
    mode tcp
    log global
    retries 2
    timeout connect 2s
    timeout client 30m
    timeout server 30m
    timeout check 2s

listen stats
    mode http
    bind $CLUSTER_HOST:$CLUSTER_HAPROXY_STATS_PORT
    stats enable
    stats uri /

# Writes: only the node whose Patroni answers 200 on /primary (the leader). When it stops answering,
# its sessions are cut so that clients reconnect to the new leader instead of hanging.
listen primary
    bind $CLUSTER_HOST:$CLUSTER_HAPROXY_WRITE_PORT
    option httpchk OPTIONS /primary
    http-check expect status 200
    default-server inter 1s fastinter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
$(servers)

# Reads: the running replicas (200 on /replica), round robin.
listen replicas
    bind $CLUSTER_HOST:$CLUSTER_HAPROXY_READ_PORT
    balance roundrobin
    option httpchk OPTIONS /replica
    http-check expect status 200
    default-server inter 1s fastinter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
$(servers)
EOF

upstreams() { for p in "${CLUSTER_API_PORTS[@]}"; do echo "        server $CLUSTER_HOST:$p max_fails=1 fail_timeout=5s;"; done; }
cat >"$CLUSTER_ETC/nginx.conf" <<EOF
# generated by scripts/cluster/up.sh
worker_processes 1;
daemon off;
pid $CLUSTER_RUN/nginx-self.pid;
error_log $CLUSTER_LOG/nginx-error.log warn;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $CLUSTER_LOG/nginx-access.log combined buffer=64k flush=5s;
    client_body_temp_path $CLUSTER_DIR/nginx/tmp/body;
    proxy_temp_path $CLUSTER_DIR/nginx/tmp/proxy;
    fastcgi_temp_path $CLUSTER_DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $CLUSTER_DIR/nginx/tmp/uwsgi;
    scgi_temp_path $CLUSTER_DIR/nginx/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    keepalive_timeout 60s;

    gzip on;
    gzip_vary on;
    gzip_proxied any;
    gzip_comp_level 5;
    gzip_min_length 512;
    gzip_types text/plain text/css text/csv application/javascript application/json
               application/xml image/svg+xml;

    upstream api {
$(upstreams)
        # Idle keep-alive connections to the API processes (they keep theirs open 65 s).
        keepalive 16;
    }

    server {
        listen $CLUSTER_HOST:$CLUSTER_NGINX_PORT;
        root $H5_DIR;
        client_max_body_size 2m;

        location ~ ^/(api/|docs|openapi\.json$|health$|ready$) {
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            # To the other API process when one is down or restarting — for idempotent requests only
            # (nginx never resends a POST unless told to with non_idempotent, and it is not).
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 10s;
        }

        # Hashed names (app.6409f558.css, 1246.3ed599be.js) never change: cached for a year.
        location ~ "^/(js|css|static|assets)/.+\.[0-9a-f]{8,}\.[a-z0-9]+$" {
            add_header Cache-Control "public, max-age=31536000, immutable";
            try_files \$uri =404;
        }

        # index.html and any other unhashed file: revalidated on every visit.
        location / {
            add_header Cache-Control "no-cache";
            try_files \$uri \$uri/ /index.html;
        }
    }
}
EOF
if [ "$(id -u)" = 0 ]; then chown -R "$CLUSTER_USER:" "$CLUSTER_ETC"/*.yml "$CLUSTER_ETC"/*.cfg "$CLUSTER_ETC"/*.conf; fi

# ---------------------------------------------------------------------------------------------- etcd
step "etcd on $CLUSTER_HOST:$CLUSTER_ETCD_CLIENT_PORT"
start_daemon etcd etcd --name etcd1 --data-dir "$CLUSTER_DIR/etcd" \
  --listen-client-urls "http://$CLUSTER_HOST:$CLUSTER_ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://$CLUSTER_HOST:$CLUSTER_ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://$CLUSTER_HOST:$CLUSTER_ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://$CLUSTER_HOST:$CLUSTER_ETCD_PEER_PORT" \
  --initial-cluster "etcd1=http://$CLUSTER_HOST:$CLUSTER_ETCD_PEER_PORT" \
  --initial-cluster-token timebank-local --initial-cluster-state new
wait_for 30 "etcd" curl -fsS "http://$CLUSTER_HOST:$CLUSTER_ETCD_CLIENT_PORT/health"

# ---------------------------------------------------------------------------------------------- patroni
step "Patroni + PostgreSQL nodes on ports ${CLUSTER_PG_PORTS[*]}"
for i in 1 2 3; do
  start_daemon "patroni-pg$i" patroni "$CLUSTER_ETC/patroni-pg$i.yml"
  # The first node bootstraps (initdb) alone; the others then clone it with pg_basebackup.
  if [ "$i" = 1 ]; then
    wait_for 90 "a leader" bash -c "for p in ${CLUSTER_REST_PORTS[*]}; do curl -fs -o /dev/null http://$CLUSTER_HOST:\$p/primary && exit 0; done; exit 1"
  fi
done
for i in 1 2 3; do
  rest=${CLUSTER_REST_PORTS[$((i - 1))]}
  wait_for 120 "pg$i running" bash -c "curl -fs -o /dev/null http://$CLUSTER_HOST:$rest/primary || curl -fs -o /dev/null http://$CLUSTER_HOST:$rest/replica"
done
wait_for 60 "a synchronous standby" bash -c "curl -fs http://$CLUSTER_HOST:${CLUSTER_REST_PORTS[0]}/cluster | grep -q sync_standby"

# ---------------------------------------------------------------------------------------------- haproxy
step "HAProxy: writes $CLUSTER_HOST:$CLUSTER_HAPROXY_WRITE_PORT, reads :$CLUSTER_HAPROXY_READ_PORT, stats :$CLUSTER_HAPROXY_STATS_PORT"
haproxy -c -q -f "$CLUSTER_ETC/haproxy.cfg"
start_daemon haproxy haproxy -db -f "$CLUSTER_ETC/haproxy.cfg"
PSQL=("$CLUSTER_PG_BIN/psql" -h "$CLUSTER_HOST" -U postgres -v ON_ERROR_STOP=1 -qtA)
in_recovery() { [ "$("${PSQL[@]}" -p "$1" -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = "$2" ]; }
wait_for 30 "writes through HAProxy (the leader)" in_recovery "$CLUSTER_HAPROXY_WRITE_PORT" f
wait_for 30 "reads through HAProxy (a replica)" in_recovery "$CLUSTER_HAPROXY_READ_PORT" t
if [ -z "$("${PSQL[@]}" -p "$CLUSTER_HAPROXY_WRITE_PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$CLUSTER_DB'")" ]; then
  "${PSQL[@]}" -p "$CLUSTER_HAPROXY_WRITE_PORT" -d postgres -c "CREATE DATABASE $CLUSTER_DB"
  echo "  database $CLUSTER_DB created"
fi

# ---------------------------------------------------------------------------------------------- API
DATABASE_URL="postgres://postgres@$CLUSTER_HOST:$CLUSTER_HAPROXY_WRITE_PORT/$CLUSTER_DB"
api_env=(
  env -i "PATH=$PATH" "HOME=$CLUSTER_DIR"
  "DATABASE_URL=$DATABASE_URL"
  # Reads that may be a moment old (directory, activity lists, dashboards, exports, board): replicas.
  "DATABASE_READ_URL=postgres://postgres@$CLUSTER_HOST:$CLUSTER_HAPROXY_READ_PORT/$CLUSTER_DB"
  "JWT_PRIVATE_KEY=$(cat "$CLUSTER_ETC/jwt-private.pem")"
  "JWT_PUBLIC_KEY=$(cat "$CLUSTER_ETC/jwt-public.pem")"
  "WECHAT_APP_ID=wx-timebank-cluster"
  "WECHAT_APP_SECRET=$(cat "$CLUSTER_ETC/wechat-secret")"
  "PHOTO_URL_SECRET=$(cat "$CLUSTER_ETC/photo-url-secret")"
  # Where people reach the cluster: nginx.
  "PUBLIC_BASE_URL=http://$CLUSTER_HOST:$CLUSTER_NGINX_PORT"
  # No WeChat here: a loopback port where nothing listens, so a sign-in by WeChat fails fast and
  # nothing ever leaves the machine.
  "WECHAT_API_BASE_URL=http://$CLUSTER_HOST:9"
  "WEB_DIR=$H5_DIR"
  "TRUST_PROXY=true"
  "LOG_LEVEL=${CLUSTER_API_LOG_LEVEL:-warn}"
)

if [ "${CLUSTER_DEMO:-true}" = true ] && [ ! -f "$CLUSTER_DIR/demo-seeded" ]; then
  step "demo community (once, by a development-mode run of the server)"
  # Production refuses to seed demo accounts: one short development-mode run migrates the database
  # and seeds it, then stops. The fake WeChat it starts is its own, on a loopback port.
  seed_log="$CLUSTER_LOG/demo-seed.log"
  (cd "$CLUSTER_DIR" && exec "${CLUSTER_AS[@]}" "${api_env[@]}" NODE_ENV=development SEED_DEMO=true WECHAT_FAKE=true \
    REMINDERS_ENABLED=false PORT=0 DATA_DIR="$CLUSTER_DIR/seed-data" \
    node --enable-source-maps "$CLUSTER_ROOT/server/dist/main.mjs") >"$seed_log" 2>&1 &
  seed_pid=$!
  if wait_for 180 "the demo seed" grep -q "is ready" "$seed_log"; then
    kill -TERM "$seed_pid" 2>/dev/null || true
    wait "$seed_pid" 2>/dev/null || true
    grep -E "Demo|officer|volunteer" "$seed_log" | sed 's/^/  /' || true
    touch "$CLUSTER_DIR/demo-seeded"
  else
    kill -TERM "$seed_pid" 2>/dev/null || true
    tail -20 "$seed_log" >&2
    exit 1
  fi
fi

step "API processes on ports ${CLUSTER_API_PORTS[*]} (NODE_ENV=production, DATABASE_URL → HAProxy write port, DATABASE_READ_URL → read port)"
n=0
for port in "${CLUSTER_API_PORTS[@]}"; do
  n=$((n + 1))
  start_daemon "api-$n" "${api_env[@]}" NODE_ENV=production HOST="$CLUSTER_HOST" PORT="$port" \
    DATA_DIR="$CLUSTER_DIR/api-$n" node --enable-source-maps "$CLUSTER_ROOT/server/dist/main.mjs"
done
for port in "${CLUSTER_API_PORTS[@]}"; do
  wait_for 120 "the API on $port" curl -fsS "http://$CLUSTER_HOST:$port/ready"
done

# ---------------------------------------------------------------------------------------------- nginx
step "nginx on $CLUSTER_HOST:$CLUSTER_NGINX_PORT"
as_cluster_user nginx -t -q -p "$CLUSTER_DIR/nginx" -e "$CLUSTER_LOG/nginx-error.log" -c "$CLUSTER_ETC/nginx.conf"
start_daemon nginx nginx -p "$CLUSTER_DIR/nginx" -e "$CLUSTER_LOG/nginx-error.log" -c "$CLUSTER_ETC/nginx.conf"
wait_for 30 "nginx" curl -fsS "http://$CLUSTER_HOST:$CLUSTER_NGINX_PORT/ready"

step "cluster up"
patronictl -c "$CLUSTER_ETC/patroni-pg1.yml" list 2>/dev/null || true
cat <<EOF
  App (H5) and API  http://$CLUSTER_HOST:$CLUSTER_NGINX_PORT/   (API: /api/v1, docs: /docs)
  Writes            postgres://postgres@$CLUSTER_HOST:$CLUSTER_HAPROXY_WRITE_PORT/$CLUSTER_DB  (leader)
  Reads             postgres://postgres@$CLUSTER_HOST:$CLUSTER_HAPROXY_READ_PORT/$CLUSTER_DB  (replicas)
  HAProxy stats     http://$CLUSTER_HOST:$CLUSTER_HAPROXY_STATS_PORT/
  Data and logs     $CLUSTER_DIR  (logs in log/, pid files in run/)
  Failover drill    npm run drill:failover
  Stop              npm run cluster:down   (-- --clean removes $CLUSTER_DIR)
EOF
