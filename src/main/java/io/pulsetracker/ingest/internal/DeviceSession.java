package io.pulsetracker.ingest.internal;

import io.pulsetracker.account.Device;
import io.pulsetracker.shared.Problems.FieldError;
import io.pulsetracker.stream.StreamUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One device connection's conversation, the same on TCP, WebSocket and (one datagram at a time) UDP: an
 * optional auth message, then fixes, each answered by at most one {@link Reply}.
 *
 * <p>Replies: {@code {"ok":true,"seq":n}} once the fix is in Redis; {@code {"ok":false,"seq":n,"field",
 * "value","error"}} with the message HTTP gives for the same input; {@code {"ok":false,...,"retry_after":5}}
 * when Redis did not confirm the fix (if Redis hung, it may still be stored: resending is safe). A
 * connection whose bad frames reach {@code max-bad-frames} gets its last reply with a {@code close} reason.
 *
 * <p>Not thread-safe: a door hands it one frame at a time (concatMap), waiting for the reply.
 */
final class DeviceSession {

    private static final Logger log = LoggerFactory.getLogger(DeviceSession.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    /** Rejections that mean a wrong key: repeated, they are guessing, and count as abuse. */
    private static final Set<String> KEY_FIELDS = Set.of("key", "clientId", "appId", "auth");

    private final DeviceMessages shared;
    private final Door door;
    private final String connection;
    private final String address;
    private DoorCredentials credentials = DoorCredentials.NONE;
    private boolean acks;
    private long sequence;
    private int badFrames;

    DeviceSession(DeviceMessages shared, Door door, String connection, String address) {
        this.shared = shared;
        this.door = door;
        this.connection = connection;
        this.address = address;
        this.acks = door.acksAlways();
    }

    /** Takes credentials sent with the connection itself (a WebSocket query or header), before any frame. */
    Mono<Reply> authenticate(String key, String deviceIdentifier) {
        return credentialsFor(key, deviceIdentifier, false);
    }

    /** Answers one frame; empty when the door does not answer it. */
    Mono<Reply> answer(Frame frame) {
        sequence++;
        if (frame instanceof Frame.Unreadable unreadable) {
            return badFrame("frame", null, unreadable.problem(), false);
        }
        String text = ((Frame.Text) frame).text();
        if (text.isBlank()) {
            return badFrame("frame", null, "the " + door.frame() + " is blank: send one JSON fix", false);
        }
        JsonNode message;
        try {
            message = DeviceJson.read(text.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException malformed) {
            return badFrame("frame", null, DeviceJson.problem(malformed, door.frame()), false);
        }
        if (message.isObject() && message.has("auth")) {
            return carriesFix(message) ? authenticateThenFix(message) : authenticate(message);
        }
        return fix(message);
    }

    /**
     * An auth message that also carries a fix: the fix is taken with the new credentials and the line is
     * answered as that fix; when the auth fails, its error is the answer and the fix is not taken.
     */
    private Mono<Reply> authenticateThenFix(JsonNode message) {
        return authenticate(message)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(auth -> auth.isPresent() && !auth.get().ok() ? Mono.just(auth.get()) : fix(message));
    }

    private static boolean carriesFix(JsonNode message) {
        return message.has("lat") || message.has("lng") || message.has("data");
    }

    private Mono<Reply> authenticate(JsonNode message) {
        boolean asked = asksForAck(message);
        acks |= asked;
        JsonNode auth = message.get("auth");
        if (!auth.isString() || auth.stringValue().isBlank()) {
            return badFrame(
                    "auth",
                    FixReader.raw(auth),
                    "auth must be a device key or an app key, was [" + FixReader.shown(auth) + "]",
                    asked);
        }
        String deviceIdentifier;
        try {
            deviceIdentifier = FixReader.identifier(message.get("device_id"), "device_id");
        } catch (RejectedFix rejection) {
            return rejected(rejection.at(0), message, asked);
        }
        return credentialsFor(auth.stringValue().strip(), deviceIdentifier, asked);
    }

    private Mono<Reply> credentialsFor(String key, String deviceIdentifier, boolean asked) {
        return shared.intake()
                .authenticate(key, deviceIdentifier)
                .flatMap(proven -> {
                    credentials = proven;
                    if (!acks && !asked) {
                        return Mono.empty();
                    }
                    String kind = proven.device() != null ? "device" : "app";
                    return Mono.just(toReply(reply(true, null).put("auth", kind)));
                })
                .onErrorResume(RejectedFix.class, rejection -> rejected(rejection.at(0), null, asked));
    }

    private Mono<Reply> fix(JsonNode message) {
        boolean asked = acks || asksForAck(message);
        return shared.intake()
                .accept(List.of(message), credentials, door.protocol())
                .flatMap(result -> result.accepted() == 1
                        ? accepted(message, asked)
                        : rejected(result.rejected().get(0), message, asked))
                .onErrorResume(StreamUnavailableException.class, failure -> unavailable(failure, message, asked));
    }

    private Mono<Reply> accepted(JsonNode message, boolean asked) {
        if (log.isDebugEnabled()) {
            log.debug(
                    "{} fix {} from device {} on {} is in Redis",
                    door.protocol(),
                    sequence,
                    device(message),
                    connection);
        }
        return asked ? Mono.just(toReply(reply(true, message))) : Mono.empty();
    }

    private Mono<Reply> rejected(FieldError rejection, JsonNode message, boolean asked) {
        if (KEY_FIELDS.contains(rejection.field())) {
            return badFrame(rejection.field(), rejection.value(), rejection.message(), asked, message);
        }
        shared.badInput().warn(door, address, connection, device(message), rejection.message());
        return errorReply(rejection.field(), rejection.value(), rejection.message(), message, asked, null);
    }

    private Mono<Reply> unavailable(StreamUnavailableException failure, JsonNode message, boolean asked) {
        shared.badInput().unavailable(door, connection, device(message), failure.getMessage());
        // The cause (it names the Redis address) goes to the log only, never to a device.
        String error = "fixes cannot be stored right now (storage unavailable); this " + door.frame()
                + " was not acknowledged: send it again, duplicates are stored once";
        if (!door.connected() && !asked) {
            return Mono.empty();
        }
        ObjectNode reply = reply(false, message).put("error", error).put("retry_after", RETRY_AFTER_SECONDS);
        return Mono.just(toReply(reply));
    }

    private Mono<Reply> badFrame(String field, String value, String problem, boolean asked) {
        return badFrame(field, value, problem, asked, null);
    }

    /** A frame that is not a fix at all, or carries a wrong key: answered, logged, counted towards closing. */
    private Mono<Reply> badFrame(String field, String value, String problem, boolean asked, JsonNode message) {
        if (!"key".equals(field) && !"clientId".equals(field) && !"appId".equals(field)) {
            shared.meters().rejected(door, field);
        }
        shared.badInput().warn(door, address, connection, device(message), problem);
        badFrames++;
        String close = null;
        if (door.connected() && badFrames >= shared.properties().maxBadFrames()) {
            close = "too many bad " + door.frame() + "s (" + badFrames + "): closing the connection";
            shared.meters().closedBy(door, "abuse");
            shared.badInput().warn(door, address, connection, device(message), close);
        }
        return errorReply(field, value, problem, message, asked, close);
    }

    private Mono<Reply> errorReply(
            String field, String value, String problem, JsonNode message, boolean asked, String close) {
        if (!door.connected() && !asked) {
            return Mono.empty();
        }
        ObjectNode reply = reply(false, message);
        if (!field.isEmpty() && !"frame".equals(field)) {
            reply.put("field", field);
        }
        if (value != null) {
            reply.put("value", value);
        }
        reply.put("error", problem);
        if (close != null) {
            reply.put("close", close);
        }
        return Mono.just(new Reply(reply.toString(), false, close != null));
    }

    /** A reply numbered after the connection's frame, or for a datagram echoing the message's own seq. */
    private ObjectNode reply(boolean ok, JsonNode message) {
        ObjectNode reply = DeviceJson.reply(ok);
        if (door.connected()) {
            reply.put("seq", sequence);
        } else if (message != null && message.isObject() && message.has("seq")) {
            reply.set("seq", message.get("seq"));
        }
        return reply;
    }

    private Reply toReply(ObjectNode reply) {
        return new Reply(reply.toString(), reply.get("ok").booleanValue(), false);
    }

    private static boolean asksForAck(JsonNode message) {
        JsonNode ack = message.path("ack");
        return ack.isBoolean() && ack.booleanValue();
    }

    /**
     * The device for logs: the connection's, else the one the message names. Never a full key: a device
     * whose identifier is its key (registered without a {@code device_id}), and keys a message carries, are
     * masked.
     */
    private String device(JsonNode message) {
        Device device = credentials.device();
        if (device != null) {
            return device.identifier().equals(device.key()) ? KeyMask.mask(device.key()) : device.identifier();
        }
        if (message != null && message.isObject()) {
            JsonNode identifier = message.get("device_id");
            if (identifier != null && identifier.isValueNode()) {
                return FixReader.cut(identifier.asString());
            }
            for (String field : List.of("key", "clientId")) {
                JsonNode named = message.get(field);
                if (named != null && named.isValueNode()) {
                    return KeyMask.mask(named.asString());
                }
            }
        }
        return "unknown";
    }
}
