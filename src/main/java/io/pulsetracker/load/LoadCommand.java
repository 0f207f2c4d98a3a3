package io.pulsetracker.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load [options]}: drives each device door of a running server with many devices at once and prints,
 * per door, how many fixes per second the server acknowledged, that is accepted into Redis. With
 * {@code --idle N} it opens N idle TCP connections instead and holds them, to measure their memory.
 *
 * <p>It creates an app and one device per connection through the REST API (it needs the admin token). Meant
 * for loopback: it is a measuring tool, not a test, and runs without Spring.
 */
@Command(
        name = "load",
        sortOptions = false,
        usageHelpWidth = 100,
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Drives the TCP, UDP, WebSocket and HTTP doors of a running server and prints the fixes per"
                + " second each accepted into Redis.")
public final class LoadCommand implements Callable<Integer> {

    private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.E]+)");

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "HTTP base URL.")
    private URI url;

    @Option(
            names = "--admin-token",
            defaultValue = "${env:PULSE_ADMIN_TOKEN}",
            description = "API token to create the app and devices; default $PULSE_ADMIN_TOKEN.")
    private String adminToken;

    @Option(names = "--tcp", defaultValue = "127.0.0.1:9000", description = "TCP door, host:port.")
    private String tcp;

    @Option(names = "--udp", defaultValue = "127.0.0.1:9505", description = "UDP door, host:port.")
    private String udp;

    @Option(names = "--ws", defaultValue = "ws://127.0.0.1:1215/", description = "WebSocket door URL.")
    private URI ws;

    @Option(
            names = "--doors",
            split = ",",
            defaultValue = "tcp,udp,websocket,http",
            description = "Doors to drive, one after the other.")
    private List<String> doors;

    @Option(names = "--connections", defaultValue = "50", description = "Devices sending at once per door.")
    private int connections;

    @Option(names = "--fixes", defaultValue = "2000", description = "Fixes each device sends.")
    private int fixes;

    @Option(names = "--window", defaultValue = "64", description = "Fixes in flight per TCP, UDP or WS device.")
    private int window;

    @Option(names = "--idle", defaultValue = "0", description = "Instead: open this many idle TCP connections.")
    private int idle;

    @Option(
            names = "--per-source-address",
            defaultValue = "100",
            description = "With --idle: connections per source address 127.0.0.2, .3, ... (the server's cap).")
    private int perSourceAddress;

    @Option(names = "--hold", defaultValue = "60", description = "With --idle: seconds to hold them open.")
    private int holdSeconds;

    /** Runs the command; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new LoadCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (idle > 0) {
            return holdIdleConnections();
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--admin-token (or PULSE_ADMIN_TOKEN) is required");
        }
        String appKey = create("/api/apps", "{\"name\":\"load " + System.currentTimeMillis() + "\"}");
        long firstMillis = System.currentTimeMillis() - 86_400_000L;
        for (String door : doors) {
            drive(door.strip().toLowerCase(Locale.ROOT), appKey, firstMillis);
        }
        return 0;
    }

    private void drive(String door, String appKey, long firstMillis) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<DoorDriver> drivers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String deviceKey =
                    create("/api/devices", "{\"name\":\"load " + door + " " + i + "\",\"app_key\":\"" + appKey + "\"}");
            drivers.add(driver(door, deviceKey, accepted, refused));
        }

        ExecutorService threads = Executors.newFixedThreadPool(connections);
        long countedBefore = serverCount(door);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (DoorDriver driver : drivers) {
            running.add(threads.submit(() -> {
                driver.drive(fixes, firstMillis);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        long counted = serverCount(door) - countedBefore;

        System.out.printf(
                Locale.ROOT,
                "%-9s %d devices x %d fixes in %.2f s: %d acknowledged (%.0f fixes/s), %d refused or unanswered;"
                        + " server counted %d accepted into Redis (%.0f fixes/s)%n",
                door,
                connections,
                fixes,
                seconds,
                accepted.get(),
                accepted.get() / seconds,
                refused.get(),
                counted,
                counted / seconds);
    }

    private DoorDriver driver(String door, String deviceKey, AtomicLong accepted, AtomicLong refused) {
        return switch (door) {
            case "tcp" -> new DoorDriver.Tcp(address(tcp), deviceKey, window, accepted, refused);
            case "udp" -> new DoorDriver.Udp(address(udp), deviceKey, window, accepted, refused);
            case "websocket" -> new DoorDriver.Ws(ws, deviceKey, window, accepted, refused);
            case "http" -> new DoorDriver.Http(url, deviceKey, accepted, refused);
            default -> throw new CommandLine.ParameterException(
                    new CommandLine(this), "unknown door [" + door + "]: use tcp, udp, websocket or http");
        };
    }

    /** Opens {@code --idle} TCP connections from 127.0.0.2 on, sends nothing, and holds them. */
    private int holdIdleConnections() throws IOException, InterruptedException {
        InetSocketAddress server = address(tcp);
        List<Socket> sockets = new ArrayList<>(idle);
        try {
            for (int i = 0; i < idle; i++) {
                Socket socket = new Socket();
                byte[] source = {127, 0, (byte) ((2 + i / perSourceAddress) >> 8), (byte) (2 + i / perSourceAddress)};
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(source), 0));
                socket.connect(server, 5_000);
                sockets.add(socket);
            }
            System.out.printf(
                    "%d idle TCP connections open to %s from %d source addresses; holding them %d s%n",
                    sockets.size(), server, (idle + perSourceAddress - 1) / perSourceAddress, holdSeconds);
            Thread.sleep(holdSeconds * 1000L);
            return 0;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** The server's {@code pulsetracker.ingest.accepted} count for the door, from the actuator. */
    private long serverCount(String door) throws IOException, InterruptedException {
        URI metric = url.resolve("/actuator/metrics/pulsetracker.ingest.accepted?tag=protocol:" + door);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(metric).build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = VALUE.matcher(response.body());
        return response.statusCode() == 200 && value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    private String create(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Matcher key = KEY.matcher(response.body());
        if (response.statusCode() != 201 || !key.find()) {
            throw new IllegalStateException(
                    "POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return key.group(1);
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
