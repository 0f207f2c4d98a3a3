package io.pulsetracker.tracking.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.Apps;
import io.pulsetracker.account.Device;
import io.pulsetracker.account.Devices;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.Timestamps;
import io.pulsetracker.tracking.FixStore;
import io.pulsetracker.tracking.StoredFix;
import java.time.Instant;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/devices/{key}/locations} and {@code /position}: a device's stored history, newest first,
 * and its latest position by recorded time.
 */
@RestController
@RequestMapping("/api/devices/{key}")
class LocationController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final Apps apps;
    private final Devices devices;
    private final FixStore fixes;

    LocationController(Apps apps, Devices devices, FixStore fixes) {
        this.apps = apps;
        this.devices = devices;
        this.fixes = fixes;
    }

    @GetMapping("/locations")
    Flux<StoredFix> locations(
            @AuthenticationPrincipal AccountUser user,
            @PathVariable String key,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        Instant start = from == null ? Instant.EPOCH : instant("from", from);
        Instant end = to == null ? Instant.parse("9999-12-31T00:00:00Z") : instant("to", to);
        int rows = limit == null ? DEFAULT_LIMIT : limit(limit);
        return visibleDevice(user, key).flatMapMany(device -> fixes.history(device.id(), start, end, rows));
    }

    @GetMapping("/position")
    Mono<StoredFix> position(@AuthenticationPrincipal AccountUser user, @PathVariable String key) {
        return visibleDevice(user, key)
                .flatMap(device -> fixes.latest(device.id()))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("device [" + key + "] has no position yet")));
    }

    private Mono<Device> visibleDevice(AccountUser user, String key) {
        return devices.findByKey(key)
                .filterWhen(device ->
                        apps.visibleTo(user, device.appKey()).hasElement().onErrorReturn(false))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no device with key [" + key + "]")));
    }

    private static Instant instant(String field, String value) {
        try {
            return Timestamps.fromText(value);
        } catch (IllegalArgumentException bad) {
            throw Problems.badRequest(field + " " + bad.getMessage() + ", was [" + value + "]");
        }
    }

    private static int limit(String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the same message as an out-of-range number
        }
        throw Problems.badRequest("limit must be a whole number within [1, " + MAX_LIMIT + "], was [" + value + "]");
    }
}
