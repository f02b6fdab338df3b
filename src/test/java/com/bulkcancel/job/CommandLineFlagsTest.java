package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.bulkcancel.launch.InvalidInvocationException;

class CommandLineFlagsTest {

    @Test
    void aBareFlagMeansTrue() {
        assertThat(CommandLineFlags.parse(new String[] {"--cancel.dry-run"}).dryRun())
                .isTrue();
    }

    @Test
    void explicitValuesAndRelaxedNames() {
        assertThat(CommandLineFlags.parse(new String[] {"--cancel.dry-run=false"})
                        .dryRun())
                .isFalse();
        assertThat(CommandLineFlags.parse(new String[] {"--cancel.newRun=true"}).newRun())
                .isTrue();
        assertThat(CommandLineFlags.parse(new String[] {"--cancel.abandon_unfinished"})
                        .abandonUnfinished())
                .isTrue();
    }

    @Test
    void flagsAreRemovedFromWhatSpringBinds() {
        assertThat(CommandLineFlags.withoutFlags(new String[] {"--cancel.dry-run", "--cancel.input=x.csv"}))
                .containsExactly("--cancel.input=x.csv");
    }

    @Test
    void aValueThatIsNotABooleanIsRefused() {
        assertThatThrownBy(() -> CommandLineFlags.parse(new String[] {"--cancel.new-run=maybe"}))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("true or false");
    }
}
