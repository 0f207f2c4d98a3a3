package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsetracker.shared.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test vector of docs/webhooks.md. The expected signatures were computed with python3's hmac module,
 * independently of this code; both must agree.
 */
class WebhookSignatureTests {

    static final String SECRET = "whsec_UHVsc2VUcmFja2VyIHRlc3QgdmVjdG9yIHNlY3JldCE=";
    static final String ID = "0b6c7f0e-4b9b-3d6e-9a3c-5d0f2f3e1a77";
    static final long TIMESTAMP = 1733325301L;
    static final String BODY = "{\"id\":\"0b6c7f0e-4b9b-3d6e-9a3c-5d0f2f3e1a77\",\"event\":\"inside\","
            + "\"point\":{\"type\":\"Point\",\"coordinates\":[19.456,51.759]},"
            + "\"device_id\":\"\\u0141\\u00F3d\\u017A \\uD83D\\uDE9A\",\"device_key\":\"k3y\",\"app_key\":\"app1\","
            + "\"geofence_id\":3,\"geofence_name\":\"Depot\",\"location_recorded_at\":1733325300,"
            + "\"location_received_at\":1733325300,\"event_sent_at\":1733325301}";

    @Test
    void computesThePSignatureOfTheDocumentedTestVector() {
        assertThat(WebhookSignature.sign(SECRET, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5bf002f94a20834a985b660f2f463fbac7a67483ca28841bc39d0350983298ae");
    }

    @Test
    void computesTheStandardWebhooksSignatureOfTheDocumentedTestVector() {
        assertThat(WebhookSignature.standard(SECRET, ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,k4O4nPmbmfCnCrvdYnIpoLNrk60nD5zCCBeHOflX2WE=");
    }

    @Test
    void writesNonAsciiDeviceNamesAsTheEscapesOfTheTestVector() {
        String json = WireJson.MAPPER.writeValueAsString(Map.of("device_id", "Łódź 🚚"));

        assertThat(json).isEqualTo("{\"device_id\":\"\\u0141\\u00F3d\\u017A \\uD83D\\uDE9A\"}");
        assertThat(BODY).contains(json.substring(1, json.length() - 1));
    }

    @Test
    void makesFreshSecretsOfThirtyTwoRandomBytes() {
        String secret = WebhookSignature.newSecret();

        assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    }

    @Test
    void refusesAStandardSignatureWithASecretNotInTheWhsecForm() {
        assertThatThrownBy(() -> WebhookSignature.standard("plain", ID, TIMESTAMP, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_");
    }
}
