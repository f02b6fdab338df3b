package com.bulkcancel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkcancel.job.ExitCode;

/**
 * The recipes handle the exit codes the job really has: each code the Kubernetes policy names is an ExitCode,
 * every non-zero one is handled there (FailJob: retrying cannot help; Count: another pod resumes), and the
 * deployment guide's table explains every code.
 */
class RecipeExitCodesTest {

    @Test
    void thePodFailurePolicyHandlesEveryNonZeroExitCodeAndOnlyRealOnes() {
        Map<String, Object> cronJob = KubernetesRecipeTest.cronJob();
        List<Integer> failJob = PodFailurePolicy.exitCodes(cronJob, "FailJob");
        List<Integer> count = PodFailurePolicy.exitCodes(cronJob, "Count");
        List<Integer> real =
                Arrays.stream(ExitCode.values()).map(ExitCode::code).toList();

        List<Integer> handled = new ArrayList<>(failJob);
        handled.addAll(count);
        assertThat(real)
                .as("the codes the policy names are the job's exit codes")
                .containsAll(handled);
        assertThat(handled).as("no code handled twice").doesNotHaveDuplicates();
        for (ExitCode code : ExitCode.values()) {
            if (code != ExitCode.COMPLETED) {
                assertThat(handled)
                        .as("exit %d (%s) handled by the pod failure policy", code.code(), code.meaning())
                        .contains(code.code());
            }
        }
        // A retry cannot help these: wrong command or input, a refused token, a run that completed (FAILED rows
        // are reported by failing the Job, not by sending the run again).
        assertThat(failJob)
                .contains(
                        ExitCode.INVALID.code(),
                        ExitCode.TOKEN_REFUSED.code(),
                        ExitCode.COMPLETED_WITH_FAILURES.code());
        assertThat(count).contains(ExitCode.INTERRUPTED.code(), ExitCode.BUSY.code());
    }

    @Test
    void theDeploymentGuideExplainsEveryExitCode() {
        String guide = Recipes.read(Recipes.DEPLOYING);
        for (ExitCode code : ExitCode.values()) {
            assertThat(guide)
                    .as("docs/deploying.md has a table row for exit %d", code.code())
                    .containsPattern("(?m)^\\| " + code.code() + " \\|");
        }
    }

    @Test
    void theSystemdAndCronRecipesExplainEveryNonZeroExitCode() {
        for (var recipe : List.of(Recipes.SYSTEMD_SERVICE, Recipes.CRONTAB)) {
            String text = Recipes.read(recipe);
            for (ExitCode code : ExitCode.values()) {
                if (code != ExitCode.COMPLETED) {
                    assertThat(text)
                            .as("%s explains exit %d", recipe, code.code())
                            .containsPattern("\\b" + code.code() + " \\(?[a-z]");
                }
            }
        }
    }
}
