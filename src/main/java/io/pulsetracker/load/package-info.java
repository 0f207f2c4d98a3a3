/**
 * The {@code load} command-line tool: drives every device door of a running server on loopback and prints
 * the rate at which each accepted fixes into Redis. A client only; it talks to the server over its ports.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Load")
package io.pulsetracker.load;
