package io.pulsetracker;

import io.pulsetracker.benchmark.WebhookLoadCommand;
import io.pulsetracker.load.LoadCommand;
import io.pulsetracker.replay.ReplayCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the PulseTracker server, or runs one of its command-line tools.
 *
 * <p>{@code java -jar pulsetracker.jar} starts the server. {@code java -jar pulsetracker.jar replay ...}
 * sends a recorded track to a running server and exits, without starting Spring; {@code load ...} measures
 * the device doors of a running server the same way, and {@code webhook-load ...} its webhook deliveries.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PulseTrackerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "replay".equals(args[0])) {
            System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && "load".equals(args[0])) {
            System.exit(LoadCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && "webhook-load".equals(args[0])) {
            System.exit(WebhookLoadCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(PulseTrackerApplication.class, args);
    }
}
