package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes CronJob runs as written: the image's entrypoint (and its memory setting) is kept, the results
 * directory exists on the volume before the run, and node disruptions are not counted as the job's failures.
 */
class KubernetesRecipeTest {

    @Test
    void isACronJobThatKeepsTheImagesEntrypointAndPassesOptionsAsArgs() {
        Map<String, Object> cronJob = cronJob();
        assertThat(cronJob.get("kind")).isEqualTo("CronJob");
        Map<String, Object> container = container(podSpec(cronJob), "bulk-cancel");

        assertThat(container)
                .as("a command replaces the image's entrypoint and its -XX:MaxRAMPercentage")
                .doesNotContainKey("command");
        List<String> args = strings(container.get("args"));
        assertThat(args)
                .isNotEmpty()
                .allSatisfy(arg -> assertThat(arg).as("args are options only").startsWith("--"));
        assertThat(args).noneMatch(arg -> arg.equals("java") || arg.equals("-jar") || arg.endsWith(".jar"));
        assertThat(String.valueOf(container.get("image"))).contains("bulk-cancel");
        assertThat(args).noneMatch(arg -> arg.startsWith("--frontpayment.token="));
    }

    @Test
    void keepsServiceLinksOffAndGivesTheShutdownGraceTime() {
        Map<String, Object> pod = podSpec(cronJob());
        assertThat(pod.get("enableServiceLinks")).isEqualTo(false);
        assertThat(pod.get("restartPolicy"))
                .as("pod failure policies need restartPolicy Never")
                .isEqualTo("Never");
        assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
                .as("longer than cancel.shutdown-grace (25 s)")
                .isGreaterThan(25);
    }

    @Test
    void ignoresNodeDisruptionsInItsPodFailurePolicy() {
        List<Map<String, Object>> rules = PodFailurePolicy.rules(cronJob());
        assertThat(rules).as("a rule ignoring DisruptionTarget").anySatisfy(rule -> {
            assertThat(rule.get("action")).isEqualTo("Ignore");
            assertThat(maps(rule.get("onPodConditions")))
                    .anySatisfy(condition -> assertThat(condition.get("type")).isEqualTo("DisruptionTarget"));
        });
        assertThat(rules.get(0).get("action"))
                .as("disruptions first: a drained pod exits 1, which is counted later")
                .isEqualTo("Ignore");
    }

    @Test
    void theResultsDirectoryIsOnAVolumeAndCreatedBeforeTheRun() {
        Map<String, Object> pod = podSpec(cronJob());
        Map<String, Object> container = container(pod, "bulk-cancel");
        String output = strings(container.get("args")).stream()
                .filter(a -> a.startsWith("--cancel.output="))
                .map(a -> a.substring("--cancel.output=".length()))
                .findFirst()
                .orElseThrow();
        String directory = Path.of(output).getParent().toString();

        List<Map<String, Object>> mounts = maps(container.get("volumeMounts"));
        Map<String, Object> mount = mounts.stream()
                .filter(m -> directory.startsWith(String.valueOf(m.get("mountPath"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted above the results directory " + directory));
        assertThat(maps(pod.get("volumes"))).anySatisfy(volume -> {
            assertThat(volume.get("name")).isEqualTo(mount.get("name"));
            assertThat(volume).containsKey("persistentVolumeClaim");
        });
        assertThat(maps(pod.get("initContainers")))
                .as("an init container creates %s on the volume", directory)
                .anySatisfy(init -> {
                    assertThat(strings(init.get("command"))).contains("mkdir", directory);
                    assertThat(maps(init.get("volumeMounts")))
                            .anySatisfy(m -> assertThat(m.get("name")).isEqualTo(mount.get("name")));
                });
    }

    static Map<String, Object> cronJob() {
        return new Yaml().load(Recipes.read(Recipes.KUBERNETES));
    }

    static Map<String, Object> jobSpec(Map<String, Object> cronJob) {
        return map(map(map(cronJob.get("spec")).get("jobTemplate")).get("spec"));
    }

    static Map<String, Object> podSpec(Map<String, Object> cronJob) {
        return map(map(jobSpec(cronJob).get("template")).get("spec"));
    }

    static Map<String, Object> container(Map<String, Object> podSpec, String name) {
        return maps(podSpec.get("containers")).stream()
                .filter(c -> name.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Map<String, Object>>) node;
    }

    static List<String> strings(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return ((List<?>) node).stream().map(String::valueOf).toList();
    }
}
