package com.bulkcancel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code cancel.*} and {@code frontpayment.*} options this build knows: the settings Boot's configuration
 * processor found at compile time ({@code META-INF/spring-configuration-metadata.json}), plus the
 * command-line-only switches. Names compare as Spring's relaxed binding compares them ({@code rate-per-second},
 * {@code ratePerSecond} and {@code rate_per_second} are one option).
 */
final class KnownOptions {

    static final String METADATA = "META-INF/spring-configuration-metadata.json";
    static final List<String> SWITCHES =
            List.of("cancel.dry-run", "cancel.new-run", "cancel.abandon-unfinished", "cancel.history", "cancel.report");

    /** Canonical name → the option as documented, with its type ("java.time.Duration", ...; null for a switch). */
    private final Map<String, Option> byCanonical;

    record Option(String name, String type) {
        boolean isDuration() {
            return "java.time.Duration".equals(type);
        }
    }

    private KnownOptions(Map<String, Option> byCanonical) {
        this.byCanonical = byCanonical;
    }

    static KnownOptions load() {
        Map<String, Option> options = new LinkedHashMap<>();
        try (InputStream in = KnownOptions.class.getClassLoader().getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException(METADATA + " is missing from the build");
            }
            JsonNode properties = JsonMapper.builder().build().readTree(in).path("properties");
            for (JsonNode property : properties) {
                String name = property.path("name").asString();
                if (isOurs(name)) {
                    options.put(
                            canonical(name),
                            new Option(name, property.path("type").asString(null)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : SWITCHES) {
            options.put(canonical(name), new Option(name, null));
        }
        return new KnownOptions(Collections.unmodifiableMap(options));
    }

    /** Whether a property name belongs to this tool's own prefixes (and so must be a known option). */
    static boolean isOurs(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("cancel.") || n.startsWith("frontpayment.");
    }

    Optional<Option> find(String name) {
        return Optional.ofNullable(byCanonical.get(canonical(name)));
    }

    List<Option> all() {
        return new ArrayList<>(byCanonical.values());
    }

    /**
     * The known option an unknown name most likely meant: one whose name ends with it ({@code dry-run} →
     * {@code cancel.dry-run}), else the nearest by edit distance.
     */
    Option closest(String name) {
        String given = canonical(name);
        Option best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, Option> known : byCanonical.entrySet()) {
            if (known.getKey().endsWith("." + given)) {
                return known.getValue();
            }
            int distance = distance(given, known.getKey());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = known.getValue();
            }
        }
        return best;
    }

    /** Lower case, without the dashes and underscores that relaxed binding ignores. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
