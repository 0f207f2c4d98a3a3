package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.shared.WireJson;
import io.pulsetracker.tracking.Fix;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The wire form of a geofence event, as webhooks and the events channel carry it. */
class GeofenceEventPayloadTests {

    @Test
    void keepsTheFieldsInSecondsAndAddsTheRecordedTimeInMilliseconds() {
        GeofenceEventPayload payload = payload("2024-12-04T15:15:00.250Z", "2024-12-04T15:15:01.900Z");

        String json = WireJson.MAPPER.writeValueAsString(payload);

        assertThat(json)
                .endsWith("\"location_recorded_at\":1733325300,\"location_received_at\":1733325301,"
                        + "\"location_recorded_at_ms\":1733325300250}");
    }

    @Test
    void ordersTwoEventsOfTheSameSecondByTheirMilliseconds() {
        long first = WireJson.MAPPER
                .readTree(
                        WireJson.MAPPER.writeValueAsString(payload("2024-12-04T15:15:00.100Z", "2024-12-04T15:15:01Z")))
                .get("location_recorded_at_ms")
                .asLong();
        long second = WireJson.MAPPER
                .readTree(
                        WireJson.MAPPER.writeValueAsString(payload("2024-12-04T15:15:00.900Z", "2024-12-04T15:15:01Z")))
                .get("location_recorded_at_ms")
                .asLong();

        assertThat(first).isLessThan(second);
        assertThat(first / 1000).isEqualTo(second / 1000);
    }

    private static GeofenceEventPayload payload(String recordedAt, String receivedAt) {
        Fix fix = new Fix(
                1,
                "app1",
                7,
                "k3y",
                "van-1",
                Instant.parse(recordedAt),
                Instant.parse(receivedAt),
                51.759,
                19.456,
                null,
                null,
                null,
                null,
                null,
                null,
                "http");
        return GeofenceEventPayload.of(new GeofenceEvent("e-1", GeofenceTransition.values()[0], 3, "Depot", null, fix));
    }
}
