package io.pulsetracker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTests {

    @Test
    void readsSmallNumbersAsEpochSecondsKeepingMilliseconds() {
        assertThat(Timestamps.fromEpoch(1710000000)).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
        assertThat(Timestamps.fromEpoch(1710000000.25)).isEqualTo(Instant.parse("2024-03-09T16:00:00.250Z"));
    }

    @Test
    void readsLargeNumbersAsEpochMilliseconds() {
        assertThat(Timestamps.fromEpoch(1710000000123d)).isEqualTo(Instant.parse("2024-03-09T16:00:00.123Z"));
        assertThat(Timestamps.fromEpoch(1710000000123.9)).isEqualTo(Instant.parse("2024-03-09T16:00:00.123Z"));
        assertThat(Timestamps.fromEpoch(1710000000.1239)).isEqualTo(Instant.parse("2024-03-09T16:00:00.123Z"));
    }

    @Test
    void readsIsoTextWithOffsetsAndZonelessTextAsUtc() {
        assertThat(Timestamps.fromText("2024-03-09T17:00:00+01:00")).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
        assertThat(Timestamps.fromText("2024-03-09T16:00:00")).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
        assertThat(Timestamps.fromText("2024-03-09 16:00:00.5")).isEqualTo(Instant.parse("2024-03-09T16:00:00.500Z"));
        assertThat(Timestamps.fromText("1710000000")).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
    }

    @Test
    void rejectsTextThatIsNoTimestamp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Timestamps.fromText("yesterday"))
                .withMessage("is neither epoch seconds, epoch milliseconds nor ISO-8601");
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.fromEpoch(Double.NaN));
    }
}
