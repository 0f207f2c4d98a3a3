package io.pulsetracker.replay;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay [options] FILE}: reads a recorded track and sends it to a running server's {@code
 * POST /api/track}, printing a progress line on stderr and a summary line on stdout.
 *
 * <p>The reading is done by a {@link TrackReader} chosen with {@link TrackFormat}, the sending by a
 * {@link TrackSender}; this class only turns options into their settings and results into output
 * and an exit code (see the constants). It runs without Spring.
 */
@Command(
        name = "replay",
        sortOptions = false,
        usageHelpWidth = 100,
        exitCodeOnInvalidInput = ReplayCommand.EXIT_USAGE,
        description = "Sends a recorded GPS track (GPX, NMEA or CSV) to a running PulseTracker server, in file"
                + " order, in batches of fixes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every fix was accepted",
            "1:the server rejected some fixes",
            "2:the server refused a batch (400, 401, 413, ...) or stayed unavailable (503)",
            "3:the file could not be read or the server could not be reached",
            "64:invalid options",
            "70:internal error"
        })
public final class ReplayCommand implements Callable<Integer> {

    /** Every fix was accepted. */
    public static final int EXIT_ACCEPTED = 0;

    /** The server accepted the batches but rejected some fixes in them. */
    public static final int EXIT_REJECTED = 1;

    /**
     * The server refused a batch as a whole, or answered 503 {@value TrackSender#MAX_TRIES} times.
     */
    public static final int EXIT_REFUSED = 2;

    /**
     * The track file could not be read or held no usable point, or the server could not be reached.
     */
    public static final int EXIT_UNAVAILABLE = 3;

    /** The options were invalid; the message says which and points to {@code --help}. */
    public static final int EXIT_USAGE = 64;

    /** An unexpected failure, a bug. */
    public static final int EXIT_INTERNAL_ERROR = 70;

    private static final int REJECTIONS_SHOWN = 10;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The track file: .gpx, .nmea or .log (NMEA), .csv.")
    private Path file;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "Base URL of the server, ${DEFAULT-VALUE} by default; /api/track is appended.")
    private URI url;

    @Option(names = "--device-key", paramLabel = "KEY", description = "Device key, sent as a Bearer token.")
    private String deviceKey;

    @Option(names = "--app-key", paramLabel = "KEY", description = "App key, sent as X-App-Key; needs --device-id.")
    private String appKey;

    @Option(names = "--device-id", paramLabel = "ID", description = "Device id written into every fix (--app-key).")
    private String deviceId;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Fixes per request. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(
            names = "--rate",
            paramLabel = "FIXES_PER_S",
            defaultValue = "0",
            description = "Highest average rate in fixes per second; 0 sends as fast as the server answers.")
    private double rate;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Send only the first N points of the file; 0 only reads it.")
    private Integer limit;

    @Option(
            names = "--utc-offset",
            paramLabel = "OFFSET",
            defaultValue = "Z",
            converter = UtcOffsetConverter.class,
            description = "Offset from UTC of zone-less times in the file (unicsv, GPX): -05:00 means the"
                    + " file's clock is 5 h behind UTC. Default: ${DEFAULT-VALUE}.")
    private ZoneOffset utcOffset;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "File format, one of ${COMPLETION-CANDIDATES}; default: from the file extension.")
    private TrackFormat format;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    private ReplayCommand() {}

    /** Runs the command with the given arguments on stdout and stderr and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command writing to the given streams; returns its exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ReplayCommand())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((exception, arguments) -> {
                    exception.getCommandLine().getErr().println(exception.getMessage());
                    exception.getCommandLine().getErr().println("Try 'replay --help' for the options.");
                    return EXIT_USAGE;
                })
                .setExecutionExceptionHandler((exception, failed, parseResult) -> {
                    failed.getErr().println("replay failed unexpectedly: " + exception);
                    return EXIT_INTERNAL_ERROR;
                });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    @Override
    public Integer call() {
        ReplaySettings settings = settings();
        TrackFormat trackFormat = trackFormat();

        TrackReading reading;
        try {
            reading = read(trackFormat);
        } catch (IOException e) {
            err().println("cannot read " + file + ": " + e.getMessage());
            return EXIT_UNAVAILABLE;
        }
        reportSkips(reading);

        if (reading.points().isEmpty()) {
            err().println("nothing to send: " + file + " holds no usable point");
            return EXIT_UNAVAILABLE;
        }

        List<TrackPoint> points = limit == null
                ? reading.points()
                : reading.points().subList(0, Math.min(limit, reading.points().size()));
        return replay(settings, reading, points);
    }

    private ReplaySettings settings() {
        if (limit != null && limit < 0) {
            throw usageError("--limit must be 0 or more, was [" + limit + "]");
        }
        try {
            return new ReplaySettings(url, credentials(), batchSize, rate);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private DeviceCredentials credentials() {
        if (deviceKey != null && (appKey != null || deviceId != null)) {
            throw usageError("give either --device-key, or --app-key with --device-id, not both");
        }
        if (deviceKey != null) {
            return new DeviceCredentials.DeviceKey(deviceKey);
        }
        if (appKey != null && deviceId != null) {
            return new DeviceCredentials.AppKey(appKey, deviceId);
        }
        if (appKey != null) {
            throw usageError("--app-key needs --device-id: with an app key every fix must name its device");
        }
        if (deviceId != null) {
            throw usageError("--device-id needs --app-key; with --device-key the key itself names the device");
        }
        throw usageError("missing credentials: give --device-key KEY (the device's own key),"
                + " or --app-key KEY together with --device-id ID");
    }

    private TrackFormat trackFormat() {
        if (format != null) {
            return format;
        }
        try {
            return TrackFormat.ofFileName(file);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private TrackReading read(TrackFormat trackFormat) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        return trackFormat.reader(utcOffset).read(file);
    }

    private void reportSkips(TrackReading reading) {
        if (reading.skipped() == 0) {
            return;
        }
        err().println("skipped " + reading.skipped() + " records while reading " + file + ":");
        reading.skipNotes().forEach(note -> err().println("  " + note));
        if (reading.skipped() > reading.skipNotes().size()) {
            err().println("  ... and "
                    + (reading.skipped() - reading.skipNotes().size()) + " more");
        }
    }

    private int replay(ReplaySettings settings, TrackReading reading, List<TrackPoint> points) {
        ProgressLine progressLine = new ProgressLine(err());
        try {
            ReplaySummary summary = new TrackSender(settings).send(points, progressLine::show);
            progressLine.end();

            reportRejections(summary);
            out().println(summaryLine(reading, summary));
            return summary.allAccepted() ? EXIT_ACCEPTED : EXIT_REJECTED;
        } catch (ReplayAbortedException e) {
            progressLine.end();
            reportAbort(e);
            return e.status() == 0 ? EXIT_UNAVAILABLE : EXIT_REFUSED;
        }
    }

    private void reportRejections(ReplaySummary summary) {
        int shownCount = Math.min(REJECTIONS_SHOWN, summary.rejected());
        List<RejectedFix> shown = summary.rejections().subList(0, shownCount);
        for (RejectedFix rejected : shown) {
            err().println(describe(rejected));
        }
        if (summary.rejected() > shown.size()) {
            err().println("... and " + (summary.rejected() - shown.size()) + " more rejected fixes");
        }
    }

    private static String describe(RejectedFix rejected) {
        String when = rejected.point() == null
                ? ""
                : " (" + TrackApiJson.TIMESTAMP.format(rejected.point().recordedAt()) + ")";
        String field = rejected.field() == null ? "" : " " + rejected.field() + " [" + rejected.value() + "]";
        String reason = rejected.message() == null ? "" : ": " + rejected.message();
        return "rejected point " + rejected.pointIndex() + when + field + reason;
    }

    private void reportAbort(ReplayAbortedException e) {
        err().println("replay stopped: " + e.getMessage());
        e.problemErrors().forEach(error -> err().println("  " + error));
        err().println("fixes accepted before the stop: " + e.acceptedBefore());
    }

    private static String summaryLine(TrackReading reading, ReplaySummary summary) {
        return String.format(
                Locale.ROOT,
                "read %d points (%d skipped while reading), sent %d, accepted %d, rejected %d in %.1f s, %.0f fixes/s",
                reading.points().size(),
                reading.skipped(),
                summary.sent(),
                summary.accepted(),
                summary.rejected(),
                summary.elapsed().toNanos() / 1e9,
                summary.fixesPerSecond());
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Reads {@code Z}, {@code -05:00}, {@code +0530}, {@code +2} as a UTC offset. */
    static final class UtcOffsetConverter implements CommandLine.ITypeConverter<ZoneOffset> {

        @Override
        public ZoneOffset convert(String value) {
            return ZoneOffset.of(value);
        }
    }
}
