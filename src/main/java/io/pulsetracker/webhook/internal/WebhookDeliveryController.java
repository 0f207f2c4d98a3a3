package io.pulsetracker.webhook.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.account.Apps;
import io.pulsetracker.shared.Problems;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/apps/{key}/webhooks/deliveries}: the delivery log of an app (fence URLs and endpoints),
 * one delivery with every attempt, and redelivery.
 */
@RestController
@RequestMapping("/api/apps/{key}/webhooks/deliveries")
class WebhookDeliveryController {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead");

    private final Apps apps;
    private final WebhookDeliveries deliveries;

    WebhookDeliveryController(Apps apps, WebhookDeliveries deliveries) {
        this.apps = apps;
        this.deliveries = deliveries;
    }

    /** Newest first; {@code before_id} pages back (pass the last id of the previous page). */
    @GetMapping
    Flux<WebhookDeliveries.Delivery> list(
            @AuthenticationPrincipal AccountUser user,
            @PathVariable String key,
            @RequestParam(required = false) String status,
            @RequestParam(name = "endpoint_id", required = false) Long endpointId,
            @RequestParam(name = "before_id", required = false) Long beforeId,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw Problems.badRequest("status must be one of [dead, delivered, pending], was [" + status + "]");
        }
        if (limit < 1 || limit > 1000) {
            throw Problems.badRequest("limit must be within [1, 1000], was [" + limit + "]");
        }
        var filter = new WebhookDeliveries.Filter(status, endpointId, beforeId, limit);
        return apps.visibleTo(user, key).flatMapMany(app -> deliveries.of(app.id(), filter));
    }

    @GetMapping("/{id}")
    Mono<DeliveryWithAttempts> one(
            @AuthenticationPrincipal AccountUser user, @PathVariable String key, @PathVariable long id) {
        return visible(user, key, id).flatMap(delivery -> deliveries
                .attempts(delivery.id())
                .collectList()
                .map(attempts -> new DeliveryWithAttempts(delivery, attempts)));
    }

    /** Queues a delivered or dead delivery again with the same event id; 409 when it is still pending. */
    @PostMapping("/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WebhookDeliveries.Delivery> redeliver(
            @AuthenticationPrincipal AccountUser user, @PathVariable String key, @PathVariable long id) {
        return visible(user, key, id).flatMap(delivery -> deliveries
                .redeliver(delivery)
                .flatMap(queued -> queued
                        ? deliveries.find(delivery.appId(), id)
                        : Mono.error(Problems.of(
                                HttpStatus.CONFLICT, "delivery [" + id + "] is still pending: it will be retried"))));
    }

    private Mono<WebhookDeliveries.Delivery> visible(AccountUser user, String key, long id) {
        return apps.visibleTo(user, key)
                .flatMap(app -> deliveries.find(app.id(), id))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no webhook delivery with id [" + id + "]")));
    }

    /**
     * A delivery and its attempts, oldest first.
     *
     * @param delivery the delivery, with its stored payload
     * @param attempts every attempt made
     */
    record DeliveryWithAttempts(WebhookDeliveries.Delivery delivery, List<WebhookDeliveries.Attempt> attempts) {}
}
