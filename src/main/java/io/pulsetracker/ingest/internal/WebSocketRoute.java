package io.pulsetracker.ingest.internal;

import io.pulsetracker.ingest.IngestProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The WebSocket door at {@code websocket-path} (default {@code /ws/track}) on the HTTP port, served by a
 * Reactor Netty route ahead of WebFlux, so that it behaves exactly as the door's own port.
 *
 * <p>Why not a WebFlux {@code WebSocketHandler}: behind WebFlux's upgrade, a message sent the moment the
 * {@code 101} arrived was sometimes lost (neither answered nor stored) when many devices connected at once.
 * The route runs the door's own upgrade on the event loop that reads the connection, which does not lose
 * it. The path is not behind the API security chain; it never was protected by it (devices bring keys).
 */
@Configuration
class WebSocketRoute {

    /** Adds the route; an empty path adds none, and WebFlux then answers the path with 404. */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> deviceWebSocketRoute(
            IngestProperties properties, WebSocketDoor door) {
        String path = properties.websocketPath();
        return factory -> {
            if (path != null && !path.isBlank()) {
                factory.addRouteProviders(
                        routes -> routes.get(path, (request, response) -> door.upgrade(request, response, false)));
            }
        };
    }
}
