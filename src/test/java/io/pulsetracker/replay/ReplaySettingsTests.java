package io.pulsetracker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ReplaySettingsTests {

    private static final DeviceCredentials KEY = new DeviceCredentials.DeviceKey("k");

    @Test
    void appendsTheTrackPathToTheServerUrl() {
        assertThat(settings("http://127.0.0.1:8080").trackEndpoint())
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/track"));
        assertThat(settings("http://127.0.0.1:8080/pulse/").trackEndpoint())
                .isEqualTo(URI.create("http://127.0.0.1:8080/pulse/api/track"));
    }

    @Test
    void refusesAUrlThatIsNotHttp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings("ftp://127.0.0.1/"))
                .withMessage("server URL must be http(s)://host[:port], was [ftp://127.0.0.1/]");
    }

    @Test
    void refusesAnEmptyBatchAndANegativeRate() {
        URI url = URI.create("http://127.0.0.1:8080");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReplaySettings(url, KEY, 0, 0))
                .withMessageContaining("batch size must be at least 1, was [0]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReplaySettings(url, KEY, 10, -1))
                .withMessage("rate must be 0 or more, was [-1.0]");
    }

    @Test
    void hidesKeysWhenPrinted() {
        assertThat(new DeviceCredentials.DeviceKey("secret-1")).hasToString("DeviceKey[key=***]");
        assertThat(new DeviceCredentials.AppKey("secret-2", "abc123").toString())
                .doesNotContain("secret-2")
                .contains("abc123");
    }

    private static ReplaySettings settings(String url) {
        return new ReplaySettings(URI.create(url), KEY, 100, 0);
    }
}
