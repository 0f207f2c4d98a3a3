package io.pulsetracker.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one device's fixes through one door and counts the answers that say the fix is in Redis. Each
 * driver keeps up to {@code window} fixes in flight (HTTP: one request at a time). Used by one thread.
 */
abstract class DoorDriver {

    final String deviceKey;
    final int window;
    final AtomicLong accepted;
    final AtomicLong refused;

    DoorDriver(String deviceKey, int window, AtomicLong accepted, AtomicLong refused) {
        this.deviceKey = deviceKey;
        this.window = window;
        this.accepted = accepted;
        this.refused = refused;
    }

    /** Sends fixes {@code 0 .. count-1}, recorded a millisecond apart from {@code firstMillis}. */
    abstract void drive(int count, long firstMillis) throws IOException, InterruptedException;

    static String fix(int index, long firstMillis) {
        double latitude = 36.0 + (index % 1000) / 1000.0;
        double longitude = 3.0 + (index % 777) / 1000.0;
        return "{\"lat\":" + latitude + ",\"lng\":" + longitude + ",\"timestamp\":" + (firstMillis + index) + "}";
    }

    void count(String reply) {
        if (reply.startsWith("{\"ok\":true")) {
            accepted.incrementAndGet();
        } else {
            refused.incrementAndGet();
        }
    }

    /** TCP: an auth line asking for acks, then windows of lines, each window's replies read before the next. */
    static final class Tcp extends DoorDriver {

        private final InetSocketAddress address;

        Tcp(InetSocketAddress address, String deviceKey, int window, AtomicLong accepted, AtomicLong refused) {
            super(deviceKey, window, accepted, refused);
            this.address = address;
        }

        @Override
        void drive(int count, long firstMillis) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(address, 5_000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out.write(("{\"auth\":\"" + deviceKey + "\",\"ack\":true}\n").getBytes(StandardCharsets.UTF_8));
                in.readLine();
                for (int start = 0; start < count; start += window) {
                    int end = Math.min(count, start + window);
                    StringBuilder lines = new StringBuilder();
                    for (int index = start; index < end; index++) {
                        lines.append(fix(index, firstMillis)).append('\n');
                    }
                    out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                    for (int index = start; index < end; index++) {
                        count(in.readLine());
                    }
                }
            }
        }
    }

    /** UDP: windows of datagrams asking for acks; a datagram not answered within 2 s counts as refused. */
    static final class Udp extends DoorDriver {

        private final InetSocketAddress address;

        Udp(InetSocketAddress address, String deviceKey, int window, AtomicLong accepted, AtomicLong refused) {
            super(deviceKey, window, accepted, refused);
            this.address = address;
        }

        @Override
        void drive(int count, long firstMillis) throws IOException {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                socket.setSoTimeout(2_000);
                socket.setReceiveBufferSize(1 << 20);
                byte[] buffer = new byte[2048];
                for (int start = 0; start < count; start += window) {
                    int end = Math.min(count, start + window);
                    for (int index = start; index < end; index++) {
                        String fix = fix(index, firstMillis);
                        String datagram = "{\"key\":\"" + deviceKey + "\",\"ack\":true," + fix.substring(1);
                        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(bytes, bytes.length, address));
                    }
                    for (int index = start; index < end; index++) {
                        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                        try {
                            socket.receive(reply);
                            count(new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8));
                        } catch (SocketTimeoutException lost) {
                            refused.addAndGet(end - index);
                            break;
                        }
                    }
                }
            }
        }
    }

    /** WebSocket: the key in the URL, then messages with at most {@code window} unanswered. */
    static final class Ws extends DoorDriver implements WebSocket.Listener {

        private final URI uri;
        private final Semaphore inFlight;
        private final StringBuilder partial = new StringBuilder();

        Ws(URI uri, String deviceKey, int window, AtomicLong accepted, AtomicLong refused) {
            super(deviceKey, window, accepted, refused);
            this.uri = URI.create(uri + "?key=" + deviceKey);
            this.inFlight = new Semaphore(window);
        }

        @Override
        void drive(int count, long firstMillis) throws InterruptedException {
            inFlight.acquire();
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(uri, this)
                    .join();
            inFlight.acquire();
            inFlight.release();
            for (int index = 0; index < count; index++) {
                inFlight.acquire();
                socket.sendText(fix(index, firstMillis), true).join();
            }
            if (!inFlight.tryAcquire(window, 60, TimeUnit.SECONDS)) {
                refused.addAndGet(window - inFlight.availablePermits());
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String reply = partial.toString();
                partial.setLength(0);
                if (!reply.contains("\"auth\"")) {
                    count(reply);
                }
                inFlight.release();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            inFlight.release(window);
            return null;
        }
    }

    /** HTTP: one fix per {@code POST /api/track}, one request at a time, as a simple device does. */
    static final class Http extends DoorDriver {

        private static final HttpClient CLIENT =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;

        Http(URI base, String deviceKey, AtomicLong accepted, AtomicLong refused) {
            super(deviceKey, 1, accepted, refused);
            this.uri = base.resolve("/api/track");
        }

        @Override
        void drive(int count, long firstMillis) throws IOException, InterruptedException {
            for (int index = 0; index < count; index++) {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + deviceKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(fix(index, firstMillis)))
                        .build();
                int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                (status == 202 ? accepted : refused).incrementAndGet();
            }
        }
    }
}
