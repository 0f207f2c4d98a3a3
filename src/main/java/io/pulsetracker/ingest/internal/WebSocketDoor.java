package io.pulsetracker.ingest.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The WebSocket door, served twice: on a port of its own (any path) and at {@code websocket-path} on the
 * HTTP port ({@link WebSocketRoute}); both share one per-address connection cap.
 *
 * <p>A connection authenticates with {@code ?key=<device key>} (or an app key, with {@code &device_id=}), an
 * {@code Authorization: Bearer <device key>} or {@code X-App-Key} header, or a first {@code {"auth":...}}
 * message; an unknown key in the URL or headers is answered and the connection closed. Each text (or
 * binary, UTF-8) message is one fix, answered by one message. Ping frames are answered with pongs by the
 * server; they do not count as activity for the idle timeout. Messages over 64 KiB (or
 * {@code max-message-size}, if larger) close the connection with status 1009; smaller ones over
 * {@code max-message-size} are answered as errors.
 */
@Component
class WebSocketDoor {

    private static final Logger log = LoggerFactory.getLogger(WebSocketDoor.class);
    /** The WebSocket frame limit of Reactor Netty and WebFlux; larger messages close the connection. */
    static final int FRAME_LIMIT = 65_536;

    static final int POLICY_VIOLATION = 1008;
    static final String CLOSE_REASON = "closed by the server";

    private final DeviceMessages messages;
    private final AddressCap cap;

    WebSocketDoor(DeviceMessages messages) {
        this.messages = messages;
        this.cap = new AddressCap(messages.properties().maxConnectionsPerAddress());
    }

    /** Binds the WebSocket port of its own, blocking until it is bound. */
    DisposableServer bind(String host, int port) {
        DisposableServer server = HttpServer.create()
                .host(host)
                .port(port)
                .doOnChannelInit((observer, channel, remote) ->
                        channel.pipeline().addFirst(WebSocketAdmission.NAME, new WebSocketAdmission(cap, messages)))
                .handle((request, response) -> upgrade(request, response, true))
                .bindNow();
        log.info("WebSocket door listening on {} (JSON text messages)", server.address());
        return server;
    }

    /**
     * Upgrades a request to the door; {@code admitted} when the connection was already counted in the cap
     * and gauge as it was accepted (the door's own port), false on the HTTP port.
     */
    Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response, boolean admitted) {
        if (!"websocket".equalsIgnoreCase(request.requestHeaders().get(HttpHeaderNames.UPGRADE))) {
            return response.status(HttpResponseStatus.UPGRADE_REQUIRED)
                    .header(HttpHeaderNames.UPGRADE, "websocket")
                    .sendString(Mono.just("this port speaks WebSocket only: connect with ws://\n"))
                    .then();
        }
        WebsocketServerSpec spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(frameLimit())
                .build();
        return response.sendWebsocket((inbound, outbound) -> serve(request, inbound, outbound, admitted), spec);
    }

    private Publisher<Void> serve(
            HttpServerRequest request, WebsocketInbound inbound, WebsocketOutbound outbound, boolean admitted) {
        AtomicReference<String> label = new AtomicReference<>();
        inbound.withConnection(connection -> {
            label.set("ws " + connection.channel());
            if (connection.channel().pipeline().get(WebSocketAdmission.NAME) != null) {
                connection.channel().pipeline().remove(WebSocketAdmission.NAME);
            }
        });
        Flux<Frame> frames = inbound.aggregateFrames(frameLimit())
                .receiveFrames()
                .filter(frame -> frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                .map(this::frame);
        Flux<WebSocketFrame> replies = converse(
                        request.remoteAddress(),
                        label.get(),
                        URI.create(request.uri()),
                        request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION),
                        request.requestHeaders().get(TrackController.APP_KEY_HEADER),
                        frames,
                        admitted)
                .concatMapIterable(reply -> reply.last()
                        ? List.of(
                                new TextWebSocketFrame(reply.json()),
                                new CloseWebSocketFrame(POLICY_VIOLATION, CLOSE_REASON))
                        : List.of(new TextWebSocketFrame(reply.json())));
        return outbound.sendObject(replies).then();
    }

    private Frame frame(WebSocketFrame message) {
        ByteBuf content = message.content();
        return frame(content.nioBuffer(), content.readableBytes());
    }

    /** A message as a frame, read while its buffer is valid. */
    Frame frame(ByteBuffer payload, int size) {
        long limit = messages.properties().maxMessageSize().toBytes();
        return size > limit ? Frame.tooLong(Door.WEBSOCKET, limit) : Frame.of(payload, Door.WEBSOCKET);
    }

    int frameLimit() {
        return (int)
                Math.max(FRAME_LIMIT, messages.properties().maxMessageSize().toBytes());
    }

    /**
     * The replies to one WebSocket connection, whichever server accepted it. The caller closes the connection
     * (1008) after the reply marked {@link Reply#last()}; frames after it are ignored. The device's frames are
     * never cancelled from here, since Reactor Netty would then drop the connection before the last reply is
     * written: the publisher completes when the device's side does, after the close handshake. Unless
     * {@code admitted} (counted as it was accepted), the connection is counted in the cap and gauge here.
     */
    Flux<Reply> converse(
            InetSocketAddress remote,
            String label,
            URI uri,
            String authorization,
            String appKey,
            Flux<Frame> frames,
            boolean admitted) {
        String address = remote.getAddress().getHostAddress();
        if (!admitted && !cap.tryOpen(remote.getAddress())) {
            return Flux.just(refusal(address, label));
        }
        if (!admitted) {
            messages.meters().opened(Door.WEBSOCKET);
        }
        log.debug("websocket connection {} opened at {}", label, uri.getPath());
        DeviceSession session = messages.open(Door.WEBSOCKET, label, address);
        AtomicBoolean ended = new AtomicBoolean();
        Sinks.Many<Frame> activity = Sinks.many().multicast().directBestEffort();
        Flux<Reply> answers = frames.filter(frame -> !ended.get())
                .doOnNext(activity::tryEmitNext)
                .doFinally(signal -> activity.tryEmitComplete())
                .concatMap(session::answer);
        Duration idle = messages.properties().idleTimeout();
        Mono<Reply> idleClose = activity.asFlux()
                .timeout(idle)
                .then(Mono.<Reply>empty())
                .onErrorResume(TimeoutException.class, timeout -> Mono.just(idle(label, idle)));
        return greeting(session, uri, authorization, appKey)
                .concatWith(Flux.merge(answers, idleClose))
                .filter(reply -> !ended.get())
                .doOnNext(reply -> ended.compareAndSet(false, reply.last()))
                .doFinally(signal -> {
                    if (!admitted) {
                        cap.close(remote.getAddress());
                        messages.meters().closed(Door.WEBSOCKET);
                    }
                    log.debug("websocket connection {} closed ({})", label, signal);
                });
    }

    /** Authenticates with the key of the URL or headers, if any; an unknown one closes the connection. */
    private static Mono<Reply> greeting(DeviceSession session, URI uri, String authorization, String appKey) {
        QueryStringDecoder query = new QueryStringDecoder(uri);
        String deviceIdentifier = first(query.parameters().get("device_id"));
        String key = first(query.parameters().get("key"));
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        } else if (key == null && appKey != null) {
            key = appKey.strip();
        }
        if (key == null) {
            return Mono.empty();
        }
        return session.authenticate(key, deviceIdentifier).map(reply -> reply.ok() ? reply : reply.closing());
    }

    private Reply refusal(String address, String label) {
        messages.meters().closedBy(Door.WEBSOCKET, "address-cap");
        String problem = "more than " + cap.limit() + " open connections from " + address;
        messages.badInput().warn(Door.WEBSOCKET, address, label, "unknown", problem);
        return new Reply(
                DeviceJson.reply(false)
                        .put("error", problem)
                        .put("close", "connection cap")
                        .toString(),
                false,
                true);
    }

    private Reply idle(String label, Duration idle) {
        log.debug("websocket connection {} sent no message for {}: closing", label, idle);
        messages.meters().closedBy(Door.WEBSOCKET, "idle");
        String json = DeviceJson.reply(false)
                .put("error", "no message for " + idle.toMillis() + " ms")
                .put("close", "idle timeout")
                .toString();
        return new Reply(json, false, true);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
