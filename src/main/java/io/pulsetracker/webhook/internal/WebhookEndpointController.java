package io.pulsetracker.webhook.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.geofence.GeofenceTransition;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.WebhookUrls;
import io.pulsetracker.webhook.WebhookProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
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
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/apps/{key}/webhooks}: an app's webhook endpoints. The secret is shown in full only in the
 * replies to creation and rotation.
 */
@RestController
@RequestMapping("/api/apps/{key}/webhooks")
class WebhookEndpointController {

    private static final Duration LONGEST_OVERLAP = Duration.ofDays(7);

    private final Apps apps;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookProperties properties;

    WebhookEndpointController(
            Apps apps, WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookProperties properties) {
        this.apps = apps;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<EndpointView> create(
            @AuthenticationPrincipal AccountUser user, @PathVariable String key, @RequestBody EndpointRequest request) {
        String url = WebhookUrls.of("url", request.url());
        List<String> types = eventTypes(request.eventTypes());
        boolean enabled = request.enabled() == null || request.enabled();
        return apps.visibleTo(user, key).flatMap(app -> reachable(url)
                .then(endpoints.create(app.id(), url, types, enabled))
                .map(endpoint -> EndpointView.of(app, endpoint, true)));
    }

    @GetMapping
    Flux<EndpointView> list(@AuthenticationPrincipal AccountUser user, @PathVariable String key) {
        return apps.visibleTo(user, key)
                .flatMapMany(app -> endpoints.ofApp(app.id()).map(endpoint -> EndpointView.of(app, endpoint, false)));
    }

    @GetMapping("/{id}")
    Mono<EndpointView> one(@AuthenticationPrincipal AccountUser user, @PathVariable String key, @PathVariable long id) {
        return owned(user, key, id).map(owned -> EndpointView.of(owned.app(), owned.endpoint(), false));
    }

    /** Changes the given fields; {@code "event_types": []} removes the filter. */
    @PatchMapping("/{id}")
    Mono<EndpointView> update(
            @AuthenticationPrincipal AccountUser user,
            @PathVariable String key,
            @PathVariable long id,
            @RequestBody EndpointRequest request) {
        String url = request.url() == null ? null : WebhookUrls.of("url", request.url());
        List<String> types = request.eventTypes() == null ? null : eventTypes(request.eventTypes());
        return owned(user, key, id).flatMap(owned -> {
            WebhookEndpoint old = owned.endpoint();
            WebhookEndpoint changed = new WebhookEndpoint(
                    old.id(),
                    old.appId(),
                    url == null ? old.url() : url,
                    request.eventTypes() == null ? old.eventTypes() : types,
                    request.enabled() == null ? old.enabled() : request.enabled(),
                    old.secret(),
                    old.previousSecret(),
                    old.previousSecretUntil(),
                    old.createdAt(),
                    old.updatedAt());
            Mono<Void> check = url == null ? Mono.empty() : reachable(url);
            return check.then(endpoints.update(changed)).map(stored -> EndpointView.of(owned.app(), stored, false));
        });
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal AccountUser user, @PathVariable String key, @PathVariable long id) {
        return owned(user, key, id).flatMap(owned -> endpoints.delete(owned.endpoint()));
    }

    /**
     * Replaces the secret; the old one keeps signing for {@code overlap_seconds} (default
     * {@code pulsetracker.webhook.secret-overlap}, at most 7 days; 0 ends it at once).
     */
    @PostMapping("/{id}/rotate-secret")
    Mono<EndpointView> rotateSecret(
            @AuthenticationPrincipal AccountUser user,
            @PathVariable String key,
            @PathVariable long id,
            @RequestBody(required = false) RotateSecret request) {
        Duration overlap = overlap(request);
        return owned(user, key, id).flatMap(owned -> endpoints
                .rotateSecret(owned.endpoint(), overlap)
                .map(endpoint -> EndpointView.of(owned.app(), endpoint, true)));
    }

    /** Sends a sample event to the endpoint, through the outbox like any other; answers with its delivery. */
    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WebhookDeliveries.Delivery> test(
            @AuthenticationPrincipal AccountUser user, @PathVariable String key, @PathVariable long id) {
        return owned(user, key, id)
                .flatMap(owned ->
                        deliveries.sendSample(owned.endpoint(), owned.app().key()));
    }

    private Mono<Owned> owned(AccountUser user, String key, long id) {
        return apps.visibleTo(user, key)
                .flatMap(app -> endpoints
                        .find(id)
                        .filter(endpoint -> endpoint.appId() == app.id())
                        .map(endpoint -> new Owned(app, endpoint)))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no webhook endpoint with id [" + id + "]")));
    }

    /** Refuses a URL that resolves to an internal address now, unless the operator allows those. */
    private Mono<Void> reachable(String url) {
        if (properties.allowPrivateAddresses()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> AddressGuard.refusal(URI.create(url)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> Mono.error(Problems.badRequest("url is refused: " + refusal)));
    }

    /** Null or empty means every type; otherwise each must be the wire name of a geofence transition. */
    static List<String> eventTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        List<String> known = Arrays.stream(GeofenceTransition.values())
                .map(GeofenceTransition::wireName)
                .toList();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i);
            if (!known.contains(type)) {
                throw Problems.badRequest("event_types[" + i + "] must be one of " + known + ", was ["
                        + (type == null ? "null" : "\"" + type + "\"") + "]");
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private Duration overlap(RotateSecret request) {
        if (request == null || request.overlapSeconds() == null) {
            return properties.secretOverlap();
        }
        long seconds = request.overlapSeconds();
        if (seconds < 0 || seconds > LONGEST_OVERLAP.toSeconds()) {
            throw Problems.badRequest(
                    "overlap_seconds must be within [0, " + LONGEST_OVERLAP.toSeconds() + "], was [" + seconds + "]");
        }
        return Duration.ofSeconds(seconds);
    }

    record Owned(App app, WebhookEndpoint endpoint) {}

    record EndpointRequest(String url, List<String> eventTypes, Boolean enabled) {}

    record RotateSecret(Long overlapSeconds) {}

    /**
     * An endpoint as the API shows it.
     *
     * @param eventTypes the types it receives; absent for all
     * @param secret in full only after creation and rotation, otherwise its first characters
     * @param previousSecretUntil while a rotation overlaps, until when the previous secret also signs
     */
    record EndpointView(
            long id,
            String appKey,
            String url,
            List<String> eventTypes,
            boolean enabled,
            String secret,
            Instant previousSecretUntil,
            Instant createdAt,
            Instant updatedAt) {

        static EndpointView of(App app, WebhookEndpoint endpoint, boolean withSecret) {
            String secret = withSecret ? endpoint.secret() : endpoint.secret().substring(0, 10) + "...";
            return new EndpointView(
                    endpoint.id(),
                    app.key(),
                    endpoint.url(),
                    endpoint.eventTypes(),
                    endpoint.enabled(),
                    secret,
                    endpoint.overlapping(Instant.now()) ? endpoint.previousSecretUntil() : null,
                    endpoint.createdAt(),
                    endpoint.updatedAt());
        }
    }
}
