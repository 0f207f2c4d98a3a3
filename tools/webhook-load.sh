#!/usr/bin/env bash
# Measures webhook delivery under load: starts a server of its own, drives ~1,000 geofence events per
# second through it into a receiver on loopback while a second endpoint is down, and prints delivered
# events per second and the event-to-receipt latency (see docs/webhooks.md, Measurements).
#
#   tools/webhook-load.sh [webhook-load options, e.g. --rate 1000 --seconds 30 --devices 100]
#
# Needs: the jar (./mvnw -B -q package -DskipTests), MariaDB and Redis as in the README. The server runs
# on PORT (18082) with the database DATABASE (pt_webhook_load, dropped and created again) and the Redis key
# prefix PREFIX (pt-webhook-load, its keys deleted first); the receiver listens on RECEIVER_PORT (18101) and
# nothing may listen on DOWN_PORT (18102, the endpoint that is down). SERVER_ARGS are added to the server's
# command line (e.g. "--pulsetracker.ingest.tcp-port=0" to keep its device ports closed). The server is
# stopped at the end, and its log kept in target/webhook-load-server.log.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18082}
TOKEN=webhook-load-admin
DATABASE=${DATABASE:-pt_webhook_load}
PREFIX=${PREFIX:-pt-webhook-load}
RECEIVER_PORT=${RECEIVER_PORT:-18101}
DOWN_PORT=${DOWN_PORT:-18102}

redis-cli -h 127.0.0.1 --scan --pattern "$PREFIX:*" | xargs -r redis-cli -h 127.0.0.1 del > /dev/null
mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DATABASE; CREATE DATABASE $DATABASE CHARACTER SET utf8mb4"
java -jar target/pulsetracker.jar --server.port="$PORT" --pulsetracker.admin-token=$TOKEN \
     --spring.r2dbc.url="r2dbc:mariadb://127.0.0.1:3306/$DATABASE" \
     --spring.flyway.url="jdbc:mariadb://127.0.0.1:3306/$DATABASE" \
     --pulsetracker.redis.key-prefix="$PREFIX" \
     --pulsetracker.webhook.allow-private-addresses=true ${SERVER_ARGS:-} > target/webhook-load-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null; do
    kill -0 $SERVER 2>/dev/null || { echo "the server did not start; see target/webhook-load-server.log"; exit 1; }
    sleep 1
done
java -jar target/pulsetracker.jar webhook-load --url "http://127.0.0.1:$PORT" --token $TOKEN \
     --receiver-port "$RECEIVER_PORT" --down-port "$DOWN_PORT" "$@"
