package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The Dockerfile as its instructions (no container daemon on these machines can build it): built with the wrapper
 * on a JDK, run on a JRE as a non-root user from the jar's extracted layers, each its own image layer, with a heap
 * that follows the container's memory limit.
 */
class DockerfileTest {

    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    private final List<String> instructions = Recipes.logicalLines(Recipes.DOCKERFILE);

    @Test
    void buildsWithTheWrapperOnAJdkAndRunsOnAJre() {
        List<String> from = withKeyword("FROM");
        assertThat(from).as("multi-stage: a build stage and a runtime stage").hasSize(2);
        assertThat(from.get(0)).contains("17-jdk").containsIgnoringCase(" AS build");
        assertThat(from.get(1)).contains("17-jre");
        assertThat(withKeyword("RUN"))
                .anySatisfy(run -> assertThat(run).contains("./mvnw -B").contains("package"));
        assertThat(withKeyword("RUN"))
                .anySatisfy(run -> assertThat(run)
                        .contains("java -Djarmode=tools -jar target/bulk-cancel.jar extract --layers --launcher"));
    }

    @Test
    void copiesEachOfTheJarsLayersAsItsOwnImageLayerInTheOrderTheyChange() {
        List<String> copies = runtimeStage().stream()
                .filter(i -> i.startsWith("COPY --from=build"))
                .toList();
        assertThat(copies).hasSize(LAYERS.size());
        for (int i = 0; i < LAYERS.size(); i++) {
            assertThat(copies.get(i)).contains("/extracted/" + LAYERS.get(i) + "/");
        }
    }

    @Test
    void runsAsANonRootUserWithTheHeapFollowingTheMemoryLimitAndTheJobDatabaseOnTheVolume() {
        List<String> users =
                runtimeStage().stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        String user = users.get(0).substring("USER ".length()).split(":")[0].strip();
        assertThat(user).isNotIn("root", "0");

        List<String> entrypoint = withKeyword("ENTRYPOINT");
        assertThat(entrypoint).hasSize(1);
        assertThat(entrypoint.get(0))
                .as("exec form, so the options after the image name reach the job")
                .startsWith("ENTRYPOINT [\"java\"")
                .contains("\"-XX:MaxRAMPercentage=75\"")
                .contains("org.springframework.boot.loader.launch.JarLauncher")
                .doesNotContain("ExitOnOutOfMemoryError") // its exit code 3 would read as "some rows FAILED"
                .contains("\"-Duser.home=/data\"");
        assertThat(runtimeStage()).contains("VOLUME /data");
    }

    @Test
    void theBuildContextHoldsWhatTheBuildStageCopies() {
        List<String> ignore = Recipes.logicalLines(Recipes.DOCKERIGNORE);
        assertThat(ignore).contains("*", "!mvnw", "!pom.xml", "!.mvn/", "!src/");
    }

    private List<String> withKeyword(String keyword) {
        return instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    }

    private List<String> runtimeStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }
}
