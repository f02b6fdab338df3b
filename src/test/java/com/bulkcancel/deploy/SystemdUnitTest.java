package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit: private files, a failure notice for every non-zero exit (3 included: FAILED rows need a
 * person), and a sandbox systemd itself rates below 5. systemd-analyze checks the files where it is installed.
 */
class SystemdUnitTest {

    private static final String ANALYZE = "systemd-analyze";
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");

    @Test
    void writesPrivateFilesAndAlertsOnEveryFailureIncludingFailedRows() {
        Map<String, List<String>> service = section(Recipes.SYSTEMD_SERVICE, "Service");
        Map<String, List<String>> unit = section(Recipes.SYSTEMD_SERVICE, "Unit");

        assertThat(service.get("UMask"))
                .as("UMask=0077: the job database and results private to the user")
                .containsExactly("0077");
        assertThat(service)
                .as("exit 3 (some rows FAILED) must fail the unit so OnFailure alerts")
                .doesNotContainKey("SuccessExitStatus");
        assertThat(service.get("Type")).containsExactly("oneshot");
        assertThat(String.join(" ", service.get("ExecStart")))
                .contains("--frontpayment.token-file=")
                .doesNotContain("--frontpayment.token=");
        assertThat(service.getOrDefault("MemoryDenyWriteExecute", List.of()))
                .as("MemoryDenyWriteExecute breaks the JVM's JIT")
                .noneMatch(v -> v.equals("true") || v.equals("yes"));

        assertThat(unit.get("OnFailure")).as("an OnFailure= notice").hasSize(1);
        String notice = unit.get("OnFailure").get(0).replace("%n", "bulk-cancel.service");
        String template = notice.replaceAll("@.*\\.service$", "@.service");
        assertThat(Recipes.SYSTEMD_SERVICE.resolveSibling(template))
                .as("the OnFailure unit ships with the sample")
                .exists();
        assertThat(section(Recipes.SYSTEMD_FAILURE, "Service")).containsKey("ExecStart");
        assertThat(section(Recipes.SYSTEMD_TIMER, "Timer")).containsKey("OnCalendar");
    }

    @Test
    void systemdAcceptsTheUnits(@TempDir Path dir) throws Exception {
        assumeTrue(Recipes.onPath(ANALYZE), ANALYZE + " is not installed here: the units were not verified by systemd");
        // The sample runs /usr/bin/java; where that is missing, verify checks the same unit with this test's JVM.
        Path java = Path.of("/usr/bin/java");
        String javaHere =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(ANALYZE, "verify"));
        for (Path unit : List.of(Recipes.SYSTEMD_SERVICE, Recipes.SYSTEMD_TIMER, Recipes.SYSTEMD_FAILURE)) {
            String text = Recipes.read(unit);
            Path copy = dir.resolve(unit.getFileName());
            Files.writeString(copy, Files.isExecutable(java) ? text : text.replace(java.toString(), javaHere));
            command.add(copy.getFileName().toString());
        }

        Recipes.Result verify = Recipes.run(command, dir);

        assertThat(verify.exit())
                .as("systemd-analyze verify:\n%s", verify.output())
                .isZero();
        assertThat(verify.output()).as("no unknown keys or other warnings").isBlank();
    }

    @Test
    void theSandboxRatesBelowFive() throws IOException, InterruptedException {
        assumeTrue(Recipes.onPath(ANALYZE), ANALYZE + " is not installed here: the sandbox was not rated");

        Recipes.Result security = Recipes.run(
                List.of(ANALYZE, "security", "--offline=yes", "--no-pager", Recipes.SYSTEMD_SERVICE.toString()), null);

        Matcher level = EXPOSURE.matcher(security.output());
        assertThat(level.find())
                .as("an overall exposure level in:\n%s", security.output())
                .isTrue();
        assertThat(Double.parseDouble(level.group(1)))
                .as("overall exposure:\n%s", security.output())
                .isLessThan(5.0);
    }

    /** One section of a unit file: each key with its values in order (keys may repeat); continuations joined. */
    static Map<String, List<String>> section(Path unit, String name) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : Recipes.logicalLines(unit)) {
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
            } else if (name.equals(current) && line.contains("=")) {
                int eq = line.indexOf('=');
                keys.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        assertThat(keys).as("[%s] in %s", name, unit).isNotEmpty();
        return keys;
    }
}
