#!/usr/bin/env bash
# Measures ingest and end-to-end throughput on a running server with a real track.
#
#   tools/replay-benchmark.sh [track file] [batch size]
#   FENCES=../shared/data/polygons/click_that_hood/freiburg.geojson tools/replay-benchmark.sh
#
# It reads the pipeline counter of the instance at URL only: run it against a single instance (with
# several, the fixes may be processed by another one and the wait never ends).
#
# With FENCES set to a GeoJSON FeatureCollection, every feature becomes a fence of the app first, so the
# run includes geofence evaluation and event recording.
#
# Needs: the jar (./mvnw -B -q package -DskipTests), a server started as in the README, and
# PULSE_ADMIN_TOKEN set to its admin token. URL defaults to http://127.0.0.1:8080.
# It creates a fresh app and device, replays the track with the replay command (which prints the rate
# at which the server accepted fixes into Redis), then watches the pipeline counter until every fix has
# been stored, evaluated and published, and prints the end-to-end rate.
set -euo pipefail
cd "$(dirname "$0")/.."
TRACK=${1:-../shared/data/tracks/gpsbabel/mtk_logger_m241_multiple_tracks.gpx}
BATCH=${2:-500}
URL=${URL:-http://127.0.0.1:8080}
: "${PULSE_ADMIN_TOKEN:?set PULSE_ADMIN_TOKEN to the admin token of the server}"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { curl -sf -X POST "$URL$1" -H "Authorization: Bearer $PULSE_ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$2"; }

APP=$(api /api/apps '{"name":"replay benchmark"}' | json '["key"]')
DEVICE=$(api /api/devices "{\"name\":\"benchmark\",\"app_key\":\"$APP\"}" | json '["key"]')
if [ -n "${FENCES:-}" ]; then
  python3 - "$FENCES" "$APP" <<'PY' | while read -r fence; do api /api/geofences "$fence" >/dev/null; done
import json, sys
features = json.load(open(sys.argv[1]))["features"]
for number, feature in enumerate(features):
    name = feature.get("properties", {}).get("name") or "fence %d" % number
    print(json.dumps({"name": name, "app_key": sys.argv[2], "geometry": feature["geometry"]}))
PY
  echo "created $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['features']))" "$FENCES") fences from $FENCES"
fi

processed() {
  curl -s "$URL/actuator/metrics/pulsetracker.pipeline.fixes" \
    | python3 -c "import json,sys; print(int(json.load(sys.stdin)['measurements'][0]['value']))" 2>/dev/null || echo 0
}
before=$(processed)
points=$(java -jar target/pulsetracker.jar replay --url "$URL" --device-key "$DEVICE" --limit 0 "$TRACK" 2>/dev/null \
  | sed -n 's/^read \([0-9]*\) points.*/\1/p')

start=$(date +%s%N)
java -jar target/pulsetracker.jar replay --url "$URL" --device-key "$DEVICE" --batch-size "$BATCH" "$TRACK" 2>/dev/null
sent=$(date +%s%N)
# pulsetracker.pipeline.fixes counts fixes that went through the whole pipeline (stored, fenced, published).
for _ in $(seq 1 2400); do
  [ $(( $(processed) - before )) -ge "$points" ] && break
  sleep 0.05
done
finished=$(date +%s%N)
elapsed=$(( (finished - start) / 1000000 ))
echo "pipeline: $points fixes through store, geofences, events and Pub/Sub in $elapsed ms" \
     "($(( points * 1000 / elapsed )) fixes/s end to end; sending took $(( (sent - start) / 1000000 )) ms)"
