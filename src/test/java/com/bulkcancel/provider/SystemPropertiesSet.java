package com.bulkcancel.provider;

import java.util.HashMap;
import java.util.Map;

/** JVM system properties set for one test and restored after it, as if given with -D before -jar. */
final class SystemPropertiesSet implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    SystemPropertiesSet set(String name, String value) {
        previous.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
        return this;
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
