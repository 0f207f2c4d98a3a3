package io.pulsetracker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrackFormatTests {

    @Test
    void picksTheFormatFromTheFileExtension() {
        assertThat(TrackFormat.ofFileName(Path.of("tracks/ride.GPX"))).isEqualTo(TrackFormat.GPX);
        assertThat(TrackFormat.ofFileName(Path.of("backfilldate.nmea"))).isEqualTo(TrackFormat.NMEA);
        assertThat(TrackFormat.ofFileName(Path.of("telit-he910.log"))).isEqualTo(TrackFormat.NMEA);
        assertThat(TrackFormat.ofFileName(Path.of("bike_unicsv.csv"))).isEqualTo(TrackFormat.CSV);
    }

    @Test
    void namesTheFileWhoseExtensionItDoesNotKnow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrackFormat.ofFileName(Path.of("tracks/20070813_short.plt")))
                .withMessageStartingWith("cannot tell the format of [20070813_short.plt]");
    }
}
