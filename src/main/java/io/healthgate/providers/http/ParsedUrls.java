package io.healthgate.providers.http;

import io.vertx.core.http.RequestOptions;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream URLs parsed once. A call's URL is one of a few per offer (base URL and path from the
 * configuration), yet {@code RequestOptions.setAbsoluteURI(String)} parsed it into a
 * {@link URL} on every request (about 3% of the gateway's CPU at saturation). {@link URL} is
 * immutable, so one parse serves every call; the cache is bounded so URLs that do vary (an
 * environment variable in a base URL that changes) cannot grow it without limit.
 */
final class ParsedUrls {
    private static final int MAX = 1024;
    private static final ConcurrentHashMap<String, URL> PARSED = new ConcurrentHashMap<>();

    private ParsedUrls() {
    }

    /**
     * Sets {@code url} on {@code options} as {@code setAbsoluteURI(String)} does, from the cached
     * parse. A URL that does not parse is not cached: Vert.x parses it again and fails as before.
     */
    static RequestOptions setAbsolute(RequestOptions options, String url) {
        URL u = PARSED.get(url);
        if (u == null) {
            u = parse(url);
            if (u == null) {
                return options.setAbsoluteURI(url);
            }
            if (PARSED.size() >= MAX) {
                PARSED.clear();
            }
            PARSED.put(url, u);
        }
        return options.setAbsoluteURI(u);
    }

    @SuppressWarnings("deprecation") // the very constructor RequestOptions.setAbsoluteURI(String) uses
    private static URL parse(String url) {
        try {
            return new URL(url);
        } catch (MalformedURLException e) {
            return null;
        }
    }
}
