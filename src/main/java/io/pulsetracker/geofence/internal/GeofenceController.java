package io.pulsetracker.geofence.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.geofence.FenceRules;
import io.pulsetracker.geofence.Geofence;
import io.pulsetracker.geofence.Geofences;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.RequiredText;
import java.time.Instant;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/geofences}: create, list, read, replace ({@code PUT}), change ({@code PATCH}) and delete an
 * app's fences. Every change moves the app's fence version in its own transaction, so it takes effect on
 * the next fix on every instance.
 */
@RestController
@RequestMapping("/api/geofences")
class GeofenceController {

    private final Apps apps;
    private final Geofences geofences;

    GeofenceController(Apps apps, Geofences geofences) {
        this.apps = apps;
        this.geofences = geofences;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<GeofenceView> create(@AuthenticationPrincipal AccountUser user, @RequestBody GeofenceRequest request) {
        Geofence.Definition definition = request.definition();
        return app(user, request)
                .flatMap(app -> geofences.create(app.id(), definition).map(fence -> GeofenceView.of(app, fence)));
    }

    @GetMapping
    Flux<GeofenceView> list(
            @AuthenticationPrincipal AccountUser user,
            @RequestParam(name = "app_key", required = false) String appKey) {
        return apps.visibleTo(user, RequiredText.of("app_key", appKey, 64))
                .flatMapMany(app -> geofences.ofApp(app.id()).map(fence -> GeofenceView.of(app, fence)));
    }

    @GetMapping("/{id}")
    Mono<GeofenceView> one(@AuthenticationPrincipal AccountUser user, @PathVariable long id) {
        return visible(user, id).map(owned -> GeofenceView.of(owned.app(), owned.fence()));
    }

    /** Replaces every field of the fence; fields left out take their defaults, as on creation. */
    @PutMapping("/{id}")
    Mono<GeofenceView> replace(
            @AuthenticationPrincipal AccountUser user, @PathVariable long id, @RequestBody GeofenceRequest request) {
        Geofence.Definition definition = request.definition();
        return visible(user, id)
                .doOnNext(owned -> requireSameApp(owned, request.appKey(), request.appId()))
                .flatMap(owned -> updated(owned.app(), id, stored -> definition));
    }

    /** Changes the fields given; {@code null} clears an optional field (webhook URL, a rule). */
    @PatchMapping("/{id}")
    Mono<GeofenceView> change(
            @AuthenticationPrincipal AccountUser user, @PathVariable long id, @RequestBody GeofenceChange change) {
        return visible(user, id).flatMap(owned -> updated(owned.app(), id, change::applyTo));
    }

    /** Applies {@code change} to the stored fence under a row lock; 404 when the fence is gone meanwhile. */
    private Mono<GeofenceView> updated(App app, long id, Function<Geofence.Definition, Geofence.Definition> change) {
        return geofences
                .update(id, change)
                .map(fence -> GeofenceView.of(app, fence))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal AccountUser user, @PathVariable long id) {
        return visible(user, id).flatMap(owned -> geofences.delete(owned.fence()));
    }

    private Mono<OwnedFence> visible(AccountUser user, long id) {
        return geofences
                .find(id)
                .flatMap(fence -> apps.visibleTo(user, fence.appId()).map(app -> new OwnedFence(app, fence)))
                .onErrorMap(org.springframework.web.ErrorResponseException.class, hidden -> notFound(id))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static void requireSameApp(OwnedFence owned, String appKey, Long appId) {
        boolean otherKey = appKey != null && !appKey.equals(owned.app().key());
        boolean otherId = appId != null && appId != owned.app().id();
        if (otherKey || otherId) {
            throw Problems.badRequest("a fence cannot move to another app: app_key and app_id must name app ["
                    + owned.app().key() + "] or be left out");
        }
    }

    private Mono<App> app(AccountUser user, GeofenceRequest request) {
        if (request.appKey() != null) {
            return apps.visibleTo(user, request.appKey())
                    .flatMap(app -> request.appId() == null || request.appId() == app.id()
                            ? Mono.just(app)
                            : Mono.error(Problems.badRequest("app_key [" + request.appKey() + "] and app_id ["
                                    + request.appId() + "] name different apps: send one of them")));
        }
        if (request.appId() != null) {
            return apps.visibleTo(user, request.appId());
        }
        return Mono.error(Problems.badRequest("app_key (or app_id) is required"));
    }

    private static org.springframework.web.ErrorResponseException notFound(long id) {
        return Problems.notFound("no geofence with id [" + id + "]");
    }

    record OwnedFence(App app, Geofence fence) {}

    /** A fence as the API shows it; unset rules are left out, {@code cross_events} is always there. */
    record GeofenceView(
            long id,
            long appId,
            String appKey,
            String name,
            String webhookUrl,
            JsonNode geometry,
            Double hysteresisM,
            Integer minDwellFixes,
            Integer minDwellSeconds,
            Double maxAccuracyM,
            boolean crossEvents,
            Instant createdAt,
            Instant updatedAt) {

        static GeofenceView of(App app, Geofence fence) {
            FenceRules rules = fence.rules();
            return new GeofenceView(
                    fence.id(),
                    app.id(),
                    app.key(),
                    fence.name(),
                    fence.webhookUrl(),
                    fence.shape().toGeoJson(),
                    rules.hysteresisMeters(),
                    rules.minDwellFixes(),
                    rules.minDwellSeconds(),
                    rules.maxAccuracyMeters(),
                    rules.crossEvents(),
                    fence.createdAt(),
                    fence.updatedAt());
        }
    }
}
