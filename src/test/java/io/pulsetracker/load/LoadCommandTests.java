package io.pulsetracker.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadCommandTests {

    @Test
    void printsItsUsageWithTheDefaultsAndSucceedsWhenAskedForHelp() {
        PrintStream standardOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exitCode = LoadCommand.run("--help");
        } finally {
            System.setOut(standardOut);
        }

        assertThat(exitCode).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Usage: load")
                .contains("Default: 127.0.0.1:9000")
                .contains("Default: 2000");
    }
}
