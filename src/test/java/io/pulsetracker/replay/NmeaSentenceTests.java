package io.pulsetracker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class NmeaSentenceTests {

    private static final String RMC = "$GNRMC,003956.00,A,4552.65403,S,17030.00668,E,0.025,,120419,,,A,V*07";

    @Test
    void splitsTheAddressIntoTalkerAndType() {
        NmeaSentence sentence = NmeaSentence.parse(RMC);

        assertThat(sentence.talker()).isEqualTo("GN");
        assertThat(sentence.type()).isEqualTo("RMC");
        assertThat(sentence.field(2)).isEqualTo("A");
        assertThat(sentence.field(99)).isEmpty();
    }

    @Test
    void readsTimeDateAndSignedCoordinates() {
        NmeaSentence sentence = NmeaSentence.parse(RMC);

        assertThat(sentence.timeOfDay(1)).isEqualTo(LocalTime.of(0, 39, 56));
        assertThat(sentence.dayMonthYear(9)).isEqualTo(LocalDate.of(2019, 4, 12));
        assertThat(sentence.coordinate(3, "NS")).isCloseTo(-(45 + 52.65403 / 60), within(1e-12));
        assertThat(sentence.coordinate(5, "EW")).isCloseTo(170 + 30.00668 / 60, within(1e-12));
        assertThat(sentence.optionalNumber(8)).isNull();
    }

    @Test
    void keepsTheFractionOfASecond() {
        NmeaSentence sentence =
                NmeaSentence.parse("$GPGGA,105153.71,5050.4122,N,00420.8266,E,1,04,2.25,109.44,M,,M,,*77");

        assertThat(sentence.timeOfDay(1)).isEqualTo(LocalTime.of(10, 51, 53, 710_000_000));
    }

    @Test
    void refusesASentenceWhoseChecksumDoesNotMatch() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NmeaSentence.parse(RMC.replace("*07", "*08")))
                .withMessage("checksum mismatch: sentence says 08, content gives 07");
    }

    @Test
    void refusesLinesWithoutChecksumOrDollar() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NmeaSentence.parse(RMC.substring(0, RMC.length() - 3)))
                .withMessageStartingWith("sentence has no checksum");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NmeaSentence.parse("garbage"))
                .withMessage("not an NMEA sentence: [garbage]");
    }

    @Test
    void refusesAHemisphereThatDoesNotBelongToTheCoordinate() {
        NmeaSentence sentence = NmeaSentence.parse(RMC);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> sentence.coordinate(5, "NS"))
                .withMessage("RMC hemisphere must be one of [NS], was [E]");
    }
}
