package io.pulsetracker.ingest.internal;

import io.pulsetracker.shared.Problems.FieldError;
import java.util.List;

/**
 * The outcome of one intake: how many fixes are now in Redis, and each rejected one with its reason.
 *
 * @param accepted fixes handed to the stream and acknowledged by Redis
 * @param rejected rejected fixes, by index in the request, in request order
 */
record IntakeResult(int accepted, List<FieldError> rejected) {}
