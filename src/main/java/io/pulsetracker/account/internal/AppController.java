package io.pulsetracker.account.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.shared.RequiredText;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/apps}: the caller's apps. The webhook secret is shown in full only in the creation reply. */
@RestController
@RequestMapping("/api/apps")
class AppController {

    private final Apps apps;

    AppController(Apps apps) {
        this.apps = apps;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AppView> create(@AuthenticationPrincipal AccountUser user, @RequestBody CreateApp request) {
        String name = RequiredText.of("name", request.name(), 200);
        return apps.create(user, name).map(app -> AppView.of(app, true));
    }

    @GetMapping
    Flux<AppView> list(@AuthenticationPrincipal AccountUser user) {
        return apps.visibleTo(user).map(app -> AppView.of(app, false));
    }

    @GetMapping("/{key}")
    Mono<AppView> one(@AuthenticationPrincipal AccountUser user, @PathVariable String key) {
        return apps.visibleTo(user, key).map(app -> AppView.of(app, false));
    }

    @PatchMapping("/{key}")
    Mono<AppView> update(
            @AuthenticationPrincipal AccountUser user, @PathVariable String key, @RequestBody UpdateApp request) {
        String name = request.name() == null ? null : RequiredText.of("name", request.name(), 200);
        return apps.visibleTo(user, key)
                .flatMap(app -> apps.update(app, name, request.autoRegisterDevices()))
                .map(app -> AppView.of(app, false));
    }

    record CreateApp(String name) {}

    record UpdateApp(String name, Boolean autoRegisterDevices) {}

    record AppView(
            long id, String key, String name, String webhookSecret, boolean autoRegisterDevices, Instant createdAt) {

        static AppView of(App app, boolean withSecret) {
            String secret =
                    withSecret ? app.webhookSecret() : app.webhookSecret().substring(0, 10) + "...";
            return new AppView(app.id(), app.key(), app.name(), secret, app.autoRegisterDevices(), app.createdAt());
        }
    }
}
