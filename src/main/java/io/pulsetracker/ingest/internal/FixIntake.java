package io.pulsetracker.ingest.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.account.Device;
import io.pulsetracker.account.Devices;
import io.pulsetracker.ingest.IngestProperties;
import io.pulsetracker.shared.Problems.FieldError;
import io.pulsetracker.stream.FixStream;
import io.pulsetracker.tracking.Fix;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The path every door shares: read, authenticate, hand to the stream.
 *
 * <p>Each message is judged alone: a bad one is reported by its index and the others still go through.
 * The returned publisher completes only after Redis has accepted every good fix, and fails with
 * {@link io.pulsetracker.stream.StreamUnavailableException} when it could not; the door must then not
 * acknowledge anything.
 *
 * <p>The accepted fixes of one message list are appended in recorded-time order (a stable sort, so of two
 * fixes with the same recorded time the first sent stays first), whatever order the client sent them in:
 * the geofence evaluator takes everything recorded at or before a device's newest evaluated fix as late, so
 * a list sent newest first must not reach the stream newest first. Rejections keep the index the message
 * had in the list.
 */
@Service
class FixIntake {

    private final FixReader reader;
    private final Apps apps;
    private final Devices devices;
    private final FixStream stream;
    private final MeterRegistry meters;

    FixIntake(IngestProperties properties, Apps apps, Devices devices, FixStream stream, MeterRegistry meters) {
        this.reader = new FixReader(properties.maxFutureSkew());
        this.apps = apps;
        this.devices = devices;
        this.stream = stream;
        this.meters = meters;
    }

    /** Takes the messages of one request or frame, received through {@code protocol}. */
    Mono<IntakeResult> accept(List<JsonNode> messages, DoorCredentials credentials, String protocol) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<Integer, FieldError> rejected = new TreeMap<>();
        return Flux.range(0, messages.size())
                .concatMap(index -> toFix(messages.get(index), index, credentials, protocol, receivedAt)
                        .onErrorResume(RejectedFix.class, rejection -> {
                            rejected.put(index, rejection.at(index));
                            return Mono.empty();
                        }))
                .collectList()
                .map(FixIntake::inRecordedOrder)
                .flatMap(fixes -> stream.append(fixes).thenReturn(fixes.size()))
                .map(accepted -> new IntakeResult(accepted, List.copyOf(rejected.values())))
                .doOnNext(result -> count(result, protocol));
    }

    private static List<Fix> inRecordedOrder(List<Fix> fixes) {
        List<Fix> ordered = new ArrayList<>(fixes);
        ordered.sort(Comparator.comparing(Fix::recordedAt));
        return ordered;
    }

    private Mono<Fix> toFix(
            JsonNode message, int index, DoorCredentials credentials, String protocol, Instant receivedAt) {
        FixReport report;
        try {
            report = reader.read(message, receivedAt);
        } catch (RejectedFix rejection) {
            return Mono.error(rejection);
        }
        return device(report, credentials).map(device -> fix(report, device, protocol, receivedAt));
    }

    private Mono<Device> device(FixReport report, DoorCredentials credentials) {
        if (report.deviceKey() != null) {
            return byOwnKey(report);
        }
        if (credentials.device() != null) {
            return Mono.just(credentials.device());
        }
        if (credentials.app() != null) {
            return byIdentifier(credentials.app(), report.deviceIdentifier());
        }
        return Mono.error(new RejectedFix(
                "key",
                null,
                "no device credentials: send Authorization: Bearer <device key>,"
                        + " X-App-Key with device_id in each fix, or a packet with appId and clientId"));
    }

    private Mono<Device> byOwnKey(FixReport report) {
        String field = report.appKey() != null ? "clientId" : "key";
        return devices.findByKey(report.deviceKey())
                .switchIfEmpty(byAppKeyAndIdentifier(field, report))
                .switchIfEmpty(Mono.error(() -> new RejectedFix(
                        field,
                        KeyMask.mask(report.deviceKey()),
                        field + " is not a known device key, was [\"" + KeyMask.mask(report.deviceKey()) + "\"]")))
                .flatMap(device -> report.appKey() == null || report.appKey().equals(device.appKey())
                        ? Mono.just(device)
                        : Mono.error(new RejectedFix(
                                "appId",
                                KeyMask.mask(report.appKey()),
                                "appId [\"" + KeyMask.mask(report.appKey()) + "\"] is not the app of device key [\""
                                        + KeyMask.mask(report.deviceKey()) + "\"]")));
    }

    /** A fix's {@code key} may be an app key when a {@code device_id} sits next to it. */
    private Mono<Device> byAppKeyAndIdentifier(String field, FixReport report) {
        if (!"key".equals(field) || report.deviceIdentifier() == null) {
            return Mono.empty();
        }
        return apps.findByKey(report.deviceKey()).flatMap(app -> byIdentifier(app, report.deviceIdentifier()));
    }

    private Mono<Device> byIdentifier(App app, String identifier) {
        if (identifier == null) {
            return Mono.error(new RejectedFix("device_id", null, "device_id is missing (required with X-App-Key)"));
        }
        return devices.findOrRegister(app, identifier)
                .switchIfEmpty(Mono.error(() -> new RejectedFix(
                        "device_id",
                        identifier,
                        "device_id [\"" + identifier
                                + "\"] is not registered in this app, and the app does not register devices"
                                + " on first sight")));
    }

    private static Fix fix(FixReport report, Device device, String protocol, Instant receivedAt) {
        Instant recordedAt = report.recordedAt() == null ? receivedAt : report.recordedAt();
        return new Fix(
                device.appId(),
                device.appKey(),
                device.id(),
                device.key(),
                device.identifier(),
                recordedAt.truncatedTo(ChronoUnit.MILLIS),
                receivedAt,
                report.latitude(),
                report.longitude(),
                report.altitude(),
                report.speed(),
                report.heading(),
                report.accuracy(),
                report.battery(),
                report.attributes(),
                protocol);
    }

    /** {@code pulsetracker.ingest.accepted{protocol}} and {@code pulsetracker.ingest.rejected{protocol,field}}. */
    private void count(IntakeResult result, String protocol) {
        meters.counter("pulsetracker.ingest.accepted", "protocol", protocol).increment(result.accepted());
        for (FieldError rejection : result.rejected()) {
            // a message that is no JSON object names no field: it is a bad frame, as unreadable input is
            String field = rejection.field().isEmpty() ? "frame" : rejection.field();
            meters.counter("pulsetracker.ingest.rejected", "protocol", protocol, "field", field)
                    .increment();
        }
    }

    /**
     * Resolves a key sent once for a whole connection: a device key, or an app key, which then names the
     * device with {@code deviceIdentifier} (registered on first sight when the app allows it) or, when that
     * is null, leaves each fix to name its own {@code device_id}. Fails with {@link RejectedFix} on the field
     * {@code auth} or {@code device_id}.
     */
    Mono<DoorCredentials> authenticate(String key, String deviceIdentifier) {
        Mono<DoorCredentials> byApp = apps.findByKey(key)
                .flatMap(app -> deviceIdentifier == null
                        ? Mono.just(DoorCredentials.of(app))
                        : byIdentifier(app, deviceIdentifier).map(DoorCredentials::of));
        return devices.findByKey(key)
                .map(DoorCredentials::of)
                .switchIfEmpty(byApp)
                .switchIfEmpty(Mono.error(() -> new RejectedFix(
                        "auth",
                        KeyMask.mask(key),
                        "auth is not a known device key or app key, was [\"" + KeyMask.mask(key) + "\"]")));
    }

    /** Resolves an app key sent once for a whole request or connection. */
    Mono<App> app(String key) {
        return apps.findByKey(key);
    }

    /** Resolves a device key sent once for a whole request or connection. */
    Mono<Device> deviceByKey(String key) {
        return devices.findByKey(key);
    }
}
