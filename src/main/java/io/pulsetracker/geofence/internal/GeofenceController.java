package io.pulsetracker.geofence.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.geofence.FenceShape;
import io.pulsetracker.geofence.Geofence;
import io.pulsetracker.geofence.Geofences;
import io.pulsetracker.geofence.InvalidFenceShapeException;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.Problems.FieldError;
import io.pulsetracker.shared.RequiredText;
import io.pulsetracker.shared.WebhookUrls;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/geofences}: create, list, read and delete an app's fences. */
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
    Mono<GeofenceView> create(@AuthenticationPrincipal AccountUser user, @RequestBody CreateGeofence request) {
        String name = RequiredText.of("name", request.name(), 200);
        String webhookUrl = webhookUrl(request.webhookUrl());
        FenceShape shape = shape(request.geometry());
        return app(user, request)
                .flatMap(app ->
                        geofences.create(app.id(), name, webhookUrl, shape).map(fence -> GeofenceView.of(app, fence)));
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

    private Mono<App> app(AccountUser user, CreateGeofence request) {
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

    private static FenceShape shape(JsonNode geometry) {
        if (geometry == null || geometry.isNull()) {
            throw Problems.badRequest("geometry is required");
        }
        try {
            return FenceShape.fromGeoJson(geometry);
        } catch (InvalidFenceShapeException invalid) {
            String message = "geometry is invalid: " + invalid.getMessage();
            throw Problems.badRequest(message, List.of(new FieldError(null, "geometry", null, message)));
        }
    }

    private static String webhookUrl(String value) {
        return value == null || value.isBlank() ? null : WebhookUrls.of("webhook_url", value);
    }

    private static org.springframework.web.ErrorResponseException notFound(long id) {
        return Problems.notFound("no geofence with id [" + id + "]");
    }

    record OwnedFence(App app, Geofence fence) {}

    record CreateGeofence(String name, String appKey, Long appId, String webhookUrl, JsonNode geometry) {}

    record GeofenceView(
            long id, long appId, String appKey, String name, String webhookUrl, JsonNode geometry, Instant createdAt) {

        static GeofenceView of(App app, Geofence fence) {
            return new GeofenceView(
                    fence.id(),
                    app.id(),
                    app.key(),
                    fence.name(),
                    fence.webhookUrl(),
                    fence.shape().toGeoJson(),
                    fence.createdAt());
        }
    }
}
