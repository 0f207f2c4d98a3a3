package io.pulsetracker.ingest.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpResources;
import reactor.netty.tcp.TcpServer;

/**
 * The TCP door: newline-delimited JSON, one fix (or auth message) per line, each line answered in order
 * on the same connection by a {@link DeviceSession}. Lines are bounded ({@code max-line-length}), idle
 * connections closed ({@code idle-timeout}), connections per remote address capped.
 */
final class TcpDoor {

    private static final Logger log = LoggerFactory.getLogger(TcpDoor.class);

    private final DeviceMessages messages;
    private final AddressCap cap;

    TcpDoor(DeviceMessages messages) {
        this.messages = messages;
        this.cap = new AddressCap(messages.properties().maxConnectionsPerAddress());
    }

    /** Binds the port, blocking until it is bound. */
    DisposableServer bind(String host, int port) {
        int maxLine = (int) Math.min(
                Integer.MAX_VALUE, messages.properties().maxLineLength().toBytes());
        DisposableServer server = TcpServer.create()
                .host(host)
                .port(port)
                // a device that sends its lines and shuts its side (nc, socat) still gets every reply
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // Java NIO: with the native epoll transport a half-closed socket fails on the next read request
                .runOn(TcpResources.get(), false)
                .doOnConnection(connection -> connection
                        .addHandlerLast("pulsetracker.lines", new LineFramer(maxLine))
                        .addHandlerLast(
                                "pulsetracker.idle",
                                new IdleCloser(messages.properties().idleTimeout(), () -> messages.meters()
                                        .closedBy(Door.TCP, "idle"))))
                .handle(this::serve)
                .bindNow();
        log.info("TCP door listening on {} (newline-delimited JSON)", server.address());
        return server;
    }

    private Publisher<Void> serve(NettyInbound inbound, NettyOutbound outbound) {
        AtomicReference<Connection> held = new AtomicReference<>();
        inbound.withConnection(held::set);
        Connection connection = held.get();
        InetSocketAddress remote = (InetSocketAddress) connection.address();
        String label = connection.channel().toString();
        if (!cap.tryOpen(remote.getAddress())) {
            return refuse(outbound, remote, label);
        }
        messages.meters().opened(Door.TCP);
        connection.onDispose(() -> {
            cap.close(remote.getAddress());
            messages.meters().closed(Door.TCP);
            log.debug("tcp connection {} closed", label);
        });
        log.debug("tcp connection {} opened", label);

        DeviceSession session =
                messages.open(Door.TCP, label, remote.getAddress().getHostAddress());
        Flux<String> replies = inbound.receiveObject()
                .takeWhile(line -> line != LineFramer.END_OF_INPUT)
                .map(TcpDoor::frame)
                .concatMap(session::answer)
                .takeUntil(Reply::last)
                .map(reply -> reply.json() + "\n");
        return outbound.sendString(replies, StandardCharsets.UTF_8).then();
    }

    private Mono<Void> refuse(NettyOutbound outbound, InetSocketAddress remote, String label) {
        messages.meters().closedBy(Door.TCP, "address-cap");
        String problem = "more than " + cap.limit() + " open connections from "
                + remote.getAddress().getHostAddress();
        messages.badInput().warn(Door.TCP, remote.getAddress().getHostAddress(), label, "unknown", problem);
        String reply = DeviceJson.reply(false).put("error", problem).put("close", "connection cap") + "\n";
        return outbound.sendString(Mono.just(reply), StandardCharsets.UTF_8).then();
    }

    /** Reads a line while its buffer is still valid: Reactor Netty releases it once this returns. */
    private static Frame frame(Object line) {
        if (line instanceof Frame frame) {
            return frame;
        }
        ByteBuf bytes = (ByteBuf) line;
        int length = bytes.readableBytes();
        if (length > 0 && bytes.getByte(bytes.readerIndex() + length - 1) == '\r') {
            length--;
        }
        return Frame.of(bytes.nioBuffer(bytes.readerIndex(), length), Door.TCP);
    }
}
