package com.bulkcancel.launch;

import java.util.Map;

/** The process environment the run was launched with (tests pass their own), read for the token only. */
public record LaunchEnvironment(Map<String, String> variables) {

    @Override
    public String toString() {
        return "LaunchEnvironment[" + variables.size() + " variables]"; // never print values: one is the token
    }
}
