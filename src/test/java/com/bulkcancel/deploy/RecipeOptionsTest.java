package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.bulkcancel.provider.TokenSource;

/**
 * Every {@code --cancel.*} and {@code --frontpayment.*} option and every {@code CANCEL_*}/{@code FRONTPAYMENT_*}
 * variable the recipes use is one this build knows: a misspelt option stops the job with exit 2 on its first
 * scheduled night, long after the recipe was copied.
 */
class RecipeOptionsTest {

    /** Options only the command line knows (com.bulkcancel.KnownOptions.SWITCHES): not in the metadata. */
    private static final Set<String> SWITCHES =
            Set.of("cancel.dry-run", "cancel.new-run", "cancel.abandon-unfinished", "cancel.history");

    private static final Pattern OPTION = Pattern.compile("--((?:cancel|frontpayment)\\.[A-Za-z0-9.\\-_]*[A-Za-z0-9])");
    private static final Pattern VARIABLE = Pattern.compile("\\b((?:CANCEL|FRONTPAYMENT)_[A-Z0-9_]+)\\b");

    @Test
    void everyOptionAndVariableTheRecipesUseExists() throws IOException {
        Set<String> known = knownOptions();
        assertThat(known).contains(canonical("cancel.input"), canonical("frontpayment.token-file")); // metadata read

        Map<String, Path> used = new LinkedHashMap<>();
        for (Path recipe : Recipes.ALL) {
            Matcher option = OPTION.matcher(Recipes.read(recipe));
            while (option.find()) {
                used.put(option.group(1), recipe);
            }
            Matcher variable = VARIABLE.matcher(Recipes.read(recipe));
            while (variable.find()) {
                used.put(variable.group(1), recipe);
            }
        }
        assertThat(used.keySet())
                .contains(
                        "cancel.input",
                        "frontpayment.base-url",
                        "frontpayment.token-file",
                        "FRONTPAYMENT_TOKEN"); // the scan itself works

        for (Map.Entry<String, Path> use : used.entrySet()) {
            assertThat(known)
                    .as("%s uses %s, which this build does not know", use.getValue(), use.getKey())
                    .contains(canonical(use.getKey()));
        }
    }

    /** The options from Boot's configuration metadata (target/classes) plus the command-line-only switches. */
    private static Set<String> knownOptions() throws IOException {
        Set<String> known = new HashSet<>();
        String metadata = "META-INF/spring-configuration-metadata.json";
        try (InputStream in = RecipeOptionsTest.class.getClassLoader().getResourceAsStream(metadata)) {
            assertThat(in).as(metadata + " on the classpath").isNotNull();
            for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
                known.add(canonical(property.path("name").asString()));
            }
        }
        SWITCHES.forEach(s -> known.add(canonical(s)));
        known.add(canonical(TokenSource.VARIABLE)); // the token's variable, read by the command itself
        return known;
    }

    /**
     * A name as relaxed binding compares it: case, dashes and underscores ignored; an environment variable's
     * underscores also stand for the dots ({@code FRONTPAYMENT_TOKEN_FILE} is {@code frontpayment.token-file}).
     */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }
}
