package io.pulsetracker.ingest.internal;

import io.pulsetracker.ingest.IngestProperties;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The WebSocket door at {@code websocket-path} (default {@code /ws/track}) on the HTTP port. */
@Configuration
class WebSocketRoute implements WebSocketHandler {

    private final WebSocketDoor door;

    WebSocketRoute(WebSocketDoor door) {
        this.door = door;
    }

    /** Maps the path ahead of the annotated controllers; an empty path maps nothing. */
    @Bean
    HandlerMapping deviceWebSocketMapping(IngestProperties properties) {
        String path = properties.websocketPath();
        Map<String, WebSocketHandler> routes = path == null || path.isBlank() ? Map.of() : Map.of(path, this);
        return new SimpleUrlHandlerMapping(routes, -1);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        HandshakeInfo handshake = session.getHandshakeInfo();
        InetSocketAddress remote = handshake.getRemoteAddress();
        HttpHeaders headers = handshake.getHeaders();
        Flux<Frame> frames = session.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT
                        || message.getType() == WebSocketMessage.Type.BINARY)
                .map(message -> frame(message.getPayload()));
        CloseStatus close = new CloseStatus(WebSocketDoor.POLICY_VIOLATION, WebSocketDoor.CLOSE_REASON);
        Flux<WebSocketMessage> replies = door.converse(
                        remote,
                        "ws session " + session.getId() + " from " + remote,
                        handshake.getUri(),
                        headers.getFirst(HttpHeaders.AUTHORIZATION),
                        headers.getFirst(TrackController.APP_KEY_HEADER),
                        frames)
                .concatMap(reply -> {
                    Mono<WebSocketMessage> message = Mono.just(session.textMessage(reply.json()));
                    return reply.last()
                            ? message.concatWith(session.close(close).then(Mono.empty()))
                            : message;
                });
        return session.send(replies);
    }

    private Frame frame(DataBuffer payload) {
        int size = payload.readableByteCount();
        byte[] bytes = new byte[size];
        payload.read(bytes);
        return door.frame(java.nio.ByteBuffer.wrap(bytes), size);
    }
}
