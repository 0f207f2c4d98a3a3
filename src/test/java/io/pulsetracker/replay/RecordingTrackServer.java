package io.pulsetracker.replay;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 and a free port standing in for {@code POST /api/track}. It
 * records every request and answers from a script; once the script is used up it accepts every fix
 * (202 with {@code accepted} = the number of fixes in the body), unless told to repeat one answer
 * for ever.
 */
final class RecordingTrackServer implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, Headers headers, String body, long receivedAtNanos) {

        JsonNode json() {
            return MAPPER.readTree(body);
        }
    }

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer unavailable(String retryAfterSeconds) {
            return new Answer(503, Map.of("Retry-After", retryAfterSeconds), "");
        }

        static Answer problem(int status, String title, String detail) {
            String body = "{\"type\":\"about:blank\",\"status\":" + status + ",\"title\":\"" + title
                    + "\",\"detail\":\"" + detail + "\"}";
            return new Answer(status, Map.of("Content-Type", "application/problem+json"), body);
        }

        static Answer accepted(String body) {
            return new Answer(202, Map.of("Content-Type", "application/json"), body);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer answerForEver;

    private RecordingTrackServer(HttpServer server) {
        this.server = server;
    }

    static RecordingTrackServer start() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        RecordingTrackServer recording = new RecordingTrackServer(HttpServer.create(loopback, 0));
        recording.server.createContext("/", recording::handle);
        recording.server.start();
        return recording;
    }

    /** The base URL to give the sender, without {@code /api/track}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers for the next requests, in order. */
    RecordingTrackServer thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Gives this answer to every request once the script is used up. */
    RecordingTrackServer alwaysAnswer(Answer answer) {
        answerForEver = answer;
        return this;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(),
                body,
                System.nanoTime()));

        Answer answer = nextAnswer(body);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Answer nextAnswer(String body) {
        Answer scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        if (answerForEver != null) {
            return answerForEver;
        }
        return Answer.accepted("{\"accepted\":" + MAPPER.readTree(body).size() + ",\"rejected\":[]}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
