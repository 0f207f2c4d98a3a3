package io.pulsetracker.ingest.internal;

import io.pulsetracker.ingest.DevicePorts;
import io.pulsetracker.ingest.IngestProperties;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.netty.DisposableChannel;

/**
 * Opens the TCP, UDP and WebSocket ports when the application starts and closes them when it stops. A port
 * of 0 leaves its door closed; -1 takes any free port. Thread-safe.
 */
@Component
class DeviceDoors implements SmartLifecycle, DevicePorts {

    private static final Logger log = LoggerFactory.getLogger(DeviceDoors.class);

    private final IngestProperties properties;
    private final DeviceMessages messages;
    private final WebSocketDoor webSocket;
    private final List<DisposableChannel> open = new ArrayList<>();
    private volatile int tcpPort;
    private volatile int udpPort;
    private volatile int websocketPort;

    DeviceDoors(IngestProperties properties, DeviceMessages messages, WebSocketDoor webSocket) {
        this.properties = properties;
        this.messages = messages;
        this.webSocket = webSocket;
    }

    @Override
    public synchronized void start() {
        String host = properties.bindAddress();
        tcpPort = open(properties.tcpPort(), "TCP", port -> new TcpDoor(messages).bind(host, port));
        udpPort = open(properties.udpPort(), "UDP", port -> new UdpDoor(messages).bind(host, port));
        websocketPort = open(properties.websocketPort(), "WebSocket", port -> webSocket.bind(host, port));
    }

    private int open(int configured, String door, IntFunction<DisposableChannel> binder) {
        if (configured == 0) {
            log.info("{} door disabled (port 0)", door);
            return 0;
        }
        DisposableChannel channel = binder.apply(configured < 0 ? 0 : configured);
        open.add(channel);
        return ((InetSocketAddress) channel.address()).getPort();
    }

    @Override
    public synchronized void stop() {
        open.forEach(Disposable::dispose);
        open.forEach(channel -> channel.onDispose().block(java.time.Duration.ofSeconds(10)));
        open.clear();
        tcpPort = 0;
        udpPort = 0;
        websocketPort = 0;
    }

    @Override
    public synchronized boolean isRunning() {
        return !open.isEmpty();
    }

    @Override
    public int tcpPort() {
        return tcpPort;
    }

    @Override
    public int udpPort() {
        return udpPort;
    }

    @Override
    public int websocketPort() {
        return websocketPort;
    }
}
