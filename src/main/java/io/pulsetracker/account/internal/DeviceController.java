package io.pulsetracker.account.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.Apps;
import io.pulsetracker.account.Device;
import io.pulsetracker.account.Devices;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.RequiredText;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/devices}: register devices in an app and list them. */
@RestController
@RequestMapping("/api/devices")
class DeviceController {

    private final Apps apps;
    private final Devices devices;

    DeviceController(Apps apps, Devices devices) {
        this.apps = apps;
        this.devices = devices;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<DeviceView> create(@AuthenticationPrincipal AccountUser user, @RequestBody CreateDevice request) {
        String appKey = RequiredText.of("app_key", request.appKey(), 64);
        String name = request.name() == null ? null : RequiredText.of("name", request.name(), 200);
        String identifier = request.deviceId() == null ? null : RequiredText.of("device_id", request.deviceId(), 128);
        return apps.visibleTo(user, appKey)
                .flatMap(app -> devices.register(app, identifier, name))
                .onErrorMap(
                        DuplicateKeyException.class,
                        taken -> Problems.of(
                                HttpStatus.CONFLICT,
                                "device_id [" + identifier + "] is already registered in app [" + appKey + "]"))
                .map(DeviceView::of);
    }

    @GetMapping
    Flux<DeviceView> list(
            @AuthenticationPrincipal AccountUser user,
            @RequestParam(name = "app_key", required = false) String appKey) {
        String key = RequiredText.of("app_key", appKey, 64);
        return apps.visibleTo(user, key).flatMapMany(devices::ofApp).map(DeviceView::of);
    }

    record CreateDevice(String name, String appKey, String deviceId) {}

    record DeviceView(long id, String key, String deviceId, String name, String appKey, Instant createdAt) {

        static DeviceView of(Device device) {
            return new DeviceView(
                    device.id(), device.key(), device.identifier(), device.name(), device.appKey(), device.createdAt());
        }
    }
}
