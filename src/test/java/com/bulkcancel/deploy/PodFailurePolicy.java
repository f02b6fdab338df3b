package com.bulkcancel.deploy;

import static com.bulkcancel.deploy.KubernetesRecipeTest.jobSpec;
import static com.bulkcancel.deploy.KubernetesRecipeTest.map;
import static com.bulkcancel.deploy.KubernetesRecipeTest.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kubernetes recipe's pod failure policy: which action it takes for which of the container's exit codes. */
final class PodFailurePolicy {

    private PodFailurePolicy() {}

    static List<Map<String, Object>> rules(Map<String, Object> cronJob) {
        return maps(map(jobSpec(cronJob).get("podFailurePolicy")).get("rules"));
    }

    /** The exit codes an {@code In} rule with this action names (for the bulk-cancel container). */
    static List<Integer> exitCodes(Map<String, Object> cronJob, String action) {
        List<Integer> codes = new ArrayList<>();
        for (Map<String, Object> rule : rules(cronJob)) {
            if (action.equals(rule.get("action")) && rule.get("onExitCodes") != null) {
                Map<String, Object> exitCodes = map(rule.get("onExitCodes"));
                if ("In".equals(exitCodes.get("operator"))
                        && "bulk-cancel".equals(exitCodes.getOrDefault("containerName", "bulk-cancel"))) {
                    for (Object value : (List<?>) exitCodes.get("values")) {
                        codes.add((Integer) value);
                    }
                }
            }
        }
        return codes;
    }
}
