package io.pulsetracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.pulsetracker.replay.DeviceCredentials;
import io.pulsetracker.replay.ReplaySettings;
import io.pulsetracker.replay.ReplaySummary;
import io.pulsetracker.replay.TrackFormat;
import io.pulsetracker.replay.TrackPoint;
import io.pulsetracker.replay.TrackSender;
import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.SharedData;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import io.pulsetracker.webhook.WebhookSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * The whole data path on real input: a real GPS track (Holux M-241, Freiburg) goes in over HTTP through
 * the replay tool, against fences made of Freiburg's real districts, and comes out stored, fenced,
 * published on Redis and posted as signed webhooks to a real HTTP receiver.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=replay-admin-token")
class TrackReplayIntegrationTests {

    static final String ADMIN = "replay-admin-token";
    static final GeometryFactory GEOMETRY = new GeometryFactory();
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, TrackReplayIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient database;

    @Value("${spring.data.redis.host}")
    String redisHost;

    @Value("${spring.data.redis.port}")
    int redisPort;

    @Value("${pulsetracker.redis.key-prefix}")
    String prefix;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void replaysARealTrackIntoStoredFixesEventsWebhooksAndPubSubMessages() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode app =
                api.post("/api/apps", ADMIN, Map.of("name", "Freiburg replay")).body();
        String appKey = app.get("key").asString();
        String secret = app.get("webhook_secret").asString();
        String deviceKey = api.post("/api/devices", ADMIN, Map.of("name", "Holux M-241", "app_key", appKey))
                .body()
                .get("key")
                .asString();
        Map<Long, Geometry> districts = createDistrictFences(api, appKey);
        List<String> locationMessages = new CopyOnWriteArrayList<>();
        List<String> eventMessages = new CopyOnWriteArrayList<>();
        Disposable subscription = subscribe(appKey, locationMessages, eventMessages);

        List<TrackPoint> points = TrackFormat.GPX
                .reader(java.time.ZoneOffset.UTC)
                .read(SharedData.file("tracks/gpsbabel/mtk_logger_m241_multiple_tracks.gpx"))
                .points();
        ReplaySummary summary = new TrackSender(new ReplaySettings(
                        URI.create("http://127.0.0.1:" + port), new DeviceCredentials.DeviceKey(deviceKey), 500, 0))
                .send(points);
        System.out.printf(
                "Replayed %d fixes in %d ms: %.0f fixes/s accepted into Redis%n",
                summary.accepted(),
                summary.elapsed().toMillis(),
                summary.accepted() * 1000.0 / summary.elapsed().toMillis());

        assertThat(points).hasSize(14_263);
        assertThat(summary.accepted()).isEqualTo(points.size());
        await().atMost(Duration.ofMinutes(3)).until(() -> count("SELECT COUNT(*) AS n FROM fixes") == points.size());
        assertThat(count("SELECT COUNT(DISTINCT device_id, recorded_at) AS n FROM fixes"))
                .isEqualTo(points.size());

        List<String> expected = expectedEvents(points, districts);
        assertThat(expected).hasSizeGreaterThan(20);
        await().atMost(Duration.ofMinutes(1)).until(() -> storedEvents().size() >= expected.size());
        assertThat(storedEvents()).containsExactlyElementsOf(expected);

        await().atMost(Duration.ofMinutes(1)).until(() -> RECEIVER.calls().size() >= expected.size());
        assertWebhooksSignedAndOnePerEvent(secret, expected.size());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(locationMessages).hasSizeGreaterThanOrEqualTo(points.size()));
        assertThat(locationMessages).hasSize(points.size());
        assertThat(eventMessages).hasSize(expected.size());
        subscription.dispose();
    }

    private Map<Long, Geometry> createDistrictFences(ApiClient api, String appKey) throws Exception {
        JsonNode features = ApiClient.JSON
                .readTree(SharedData.file("polygons/click_that_hood/freiburg.geojson")
                        .toFile())
                .get("features");
        Map<Long, Geometry> districts = new LinkedHashMap<>();
        for (JsonNode feature : features) {
            Response created = api.post(
                    "/api/geofences",
                    ADMIN,
                    Map.of(
                            "name", feature.get("properties").get("name").asString(),
                            "app_key", appKey,
                            "webhook_url", RECEIVER.url("/hooks"),
                            "geometry", feature.get("geometry")));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            districts.put(created.body().get("id").asLong(), geometry(feature.get("geometry")));
        }
        assertThat(districts).hasSize(28);
        return districts;
    }

    /** The oracle: plain JTS {@code covers} on the same fixes in time order, first fix inside is an entry. */
    private static List<String> expectedEvents(List<TrackPoint> points, Map<Long, Geometry> districts) {
        List<TrackPoint> ordered = points.stream()
                .sorted(Comparator.comparing(TrackPoint::recordedAt))
                .toList();
        List<String> events = new ArrayList<>();
        Set<Long> inside = new TreeSet<>();
        for (TrackPoint point : ordered) {
            Geometry location = GEOMETRY.createPoint(new Coordinate(point.longitude(), point.latitude()));
            Set<Long> now = districts.entrySet().stream()
                    .filter(district -> district.getValue().covers(location))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            long millis = point.recordedAt().toEpochMilli();
            now.stream().filter(id -> !inside.contains(id)).forEach(id -> events.add(millis + " " + id + " inside"));
            inside.stream().filter(id -> !now.contains(id)).forEach(id -> events.add(millis + " " + id + " outside"));
            inside.clear();
            inside.addAll(now);
        }
        return events.stream().sorted().toList();
    }

    private List<String> storedEvents() {
        return database
                .sql("SELECT recorded_at, geofence_id, event FROM geofence_events")
                .map(row -> row.get("recorded_at", java.time.LocalDateTime.class)
                                .toInstant(java.time.ZoneOffset.UTC)
                                .toEpochMilli()
                        + " " + row.get("geofence_id", Long.class) + " " + row.get("event", String.class))
                .all()
                .collectList()
                .block()
                .stream()
                .sorted()
                .toList();
    }

    private void assertWebhooksSignedAndOnePerEvent(String secret, int events) {
        Set<String> ids = new TreeSet<>();
        for (WebhookReceiver.Call call : RECEIVER.calls()) {
            assertThat(call.headers().get("p-signature")).isEqualTo(WebhookSignature.sign(secret, call.body()));
            assertThat(hmacHex(secret, call.body())).isEqualTo(call.headers().get("p-signature"));
            JsonNode body = ApiClient.JSON.readTree(new String(call.body(), StandardCharsets.UTF_8));
            assertThat(body.get("point").get("type").asString()).isEqualTo("Point");
            assertThat(body.has("device_id") && body.has("device_key") && body.has("geofence_id"))
                    .isTrue();
            assertThat(body.has("location_recorded_at")
                            && body.has("location_received_at")
                            && body.has("event_sent_at"))
                    .isTrue();
            ids.add(body.get("id").asString());
        }
        assertThat(ids).hasSize(events);
        assertThat(RECEIVER.calls()).hasSize(events);
    }

    /** An independent HMAC, as a receiver computes it over the raw body. */
    private static String hmacHex(String secret, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(body)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Subscribes with a plain Lettuce client, as a user's own service would. */
    private Disposable subscribe(String appKey, List<String> locations, List<String> events) {
        String locationsChannel = prefix + ":" + appKey + ":locations";
        RedisClient client = RedisClient.create(RedisURI.create(redisHost, redisPort));
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        Disposable observed = connection
                .reactive()
                .observeChannels()
                .subscribe(message ->
                        (message.getChannel().equals(locationsChannel) ? locations : events).add(message.getMessage()));
        connection.sync().subscribe(locationsChannel, prefix + ":" + appKey + ":events");
        return () -> {
            observed.dispose();
            connection.close();
            client.shutdown();
        };
    }

    private long count(String sql) {
        return database.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }

    private static Geometry geometry(JsonNode geoJson) {
        JsonNode coordinates = geoJson.get("coordinates");
        if ("Polygon".equals(geoJson.get("type").asString())) {
            return polygon(coordinates);
        }
        List<Polygon> parts = new ArrayList<>();
        coordinates.forEach(part -> parts.add(polygon(part)));
        return GEOMETRY.createMultiPolygon(parts.toArray(new Polygon[0]));
    }

    private static Polygon polygon(JsonNode rings) {
        List<LinearRing> linear = new ArrayList<>();
        rings.forEach(ring -> {
            List<Coordinate> positions = new ArrayList<>();
            ring.forEach(position -> positions.add(
                    new Coordinate(position.get(0).asDouble(), position.get(1).asDouble())));
            linear.add(GEOMETRY.createLinearRing(positions.toArray(new Coordinate[0])));
        });
        return GEOMETRY.createPolygon(
                linear.get(0), linear.subList(1, linear.size()).toArray(new LinearRing[0]));
    }
}
