package io.pulsetracker.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks the webhook URLs of REST requests (a fence's {@code webhook_url}, an endpoint's {@code url}). */
public final class WebhookUrls {

    private WebhookUrls() {}

    /**
     * Returns {@code value} stripped, when it is an absolute http or https URL with a host, a valid port
     * and no credentials.
     *
     * @throws org.springframework.web.ErrorResponseException a 400 naming {@code field} and quoting the URL
     */
    public static String of(String field, String value) {
        String url = RequiredText.of(field, value, 2048);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getRawUserInfo() != null) {
                throw Problems.badRequest(field + " must not carry credentials (user:password@), was a URL with them");
            }
            if (uri.getPort() > 65_535) {
                throw Problems.badRequest(field + " has no valid port (1-65535), was [" + url + "]");
            }
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw Problems.badRequest(field + " must be an absolute http or https URL, was [" + url + "]");
    }
}
