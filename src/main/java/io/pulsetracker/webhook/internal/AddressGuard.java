package io.pulsetracker.webhook.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses webhook targets that resolve to addresses a SaaS must not be made to call (SSRF): loopback,
 * private (RFC 1918, IPv6 unique-local), link-local (including cloud metadata at 169.254.169.254),
 * carrier-grade NAT, multicast and the unspecified address. Every address the host resolves to must pass.
 *
 * <p><b>Limitations.</b> The name is resolved again when connecting, so a DNS answer that changes between
 * the check and the connection (DNS rebinding) is not caught.
 */
final class AddressGuard {

    private AddressGuard() {}

    /**
     * Returns null when {@code url} may be called, else the reason it may not. Blocks on DNS.
     */
    static String refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "the URL has no host";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isInternal(address)) {
                    return "host [" + host + "] resolves to the internal address " + address.getHostAddress()
                            + " (set pulsetracker.webhook.allow-private-addresses=true to allow it)";
                }
            }
            return null;
        } catch (UnknownHostException unknown) {
            return "host [" + host + "] does not resolve";
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        boolean carrierGradeNat = (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        return carrierGradeNat || (bytes[0] & 0xff) == 0;
    }
}
