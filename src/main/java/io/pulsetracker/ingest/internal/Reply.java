package io.pulsetracker.ingest.internal;

/**
 * One answer to a device, a single line of JSON.
 *
 * @param json the answer, without line end
 * @param ok whether it acknowledges (as opposed to an error)
 * @param last whether the connection is closed after it
 */
record Reply(String json, boolean ok, boolean last) {

    /** The same answer, closing the connection. */
    Reply closing() {
        return new Reply(json, ok, true);
    }
}
