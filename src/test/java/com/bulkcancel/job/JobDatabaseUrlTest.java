package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JobDatabaseUrlTest {

    @Test
    void anH2FileUrlIsMadeDurableWhoeverGaveIt() {
        assertThat(JobDatabaseUrl.durable("jdbc:h2:file:/var/lib/bulk-cancel/jobs"))
                .isEqualTo("jdbc:h2:file:/var/lib/bulk-cancel/jobs;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JobDatabaseUrl.durable("jdbc:h2:file:/x;write_delay=500;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/x;WRITE_DELAY=0;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void theShortH2FileFormsAreFileUrlsToo() {
        assertThat(JobDatabaseUrl.durable("jdbc:h2:~/jobs"))
                .isEqualTo("jdbc:h2:~/jobs;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JobDatabaseUrl.durable("jdbc:h2:/var/jobs")).endsWith(";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JobDatabaseUrl.h2File("jdbc:h2:/var/jobs;MODE=PostgreSQL").toString())
                .isEqualTo("/var/jobs.mv.db");
        assertThat(JobDatabaseUrl.h2File("jdbc:h2:file:/var/jobs").toString()).isEqualTo("/var/jobs.mv.db");
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        assertThat(JobDatabaseUrl.durable("jdbc:postgresql://db/jobs")).isEqualTo("jdbc:postgresql://db/jobs");
        assertThat(JobDatabaseUrl.durable("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(JobDatabaseUrl.durable("jdbc:h2:tcp://db/jobs")).isEqualTo("jdbc:h2:tcp://db/jobs");
    }

    @Test
    void aPostgresqlUrlGetsASocketTimeoutUnlessItSetsOne() {
        Duration twoMinutes = Duration.ofMinutes(2);
        assertThat(JobDatabaseUrl.bounded("jdbc:postgresql://db/jobs", twoMinutes))
                .isEqualTo("jdbc:postgresql://db/jobs?socketTimeout=120");
        assertThat(JobDatabaseUrl.bounded("jdbc:postgresql://db/jobs?currentSchema=x", twoMinutes))
                .isEqualTo("jdbc:postgresql://db/jobs?currentSchema=x&socketTimeout=120");
        assertThat(JobDatabaseUrl.bounded("jdbc:postgresql://db/jobs?SocketTimeout=5", twoMinutes))
                .isEqualTo("jdbc:postgresql://db/jobs?SocketTimeout=5");
        assertThat(JobDatabaseUrl.bounded("jdbc:h2:file:/x;WRITE_DELAY=0", twoMinutes))
                .isEqualTo("jdbc:h2:file:/x;WRITE_DELAY=0");
    }

    @Test
    void anH2FileUrlGetsABoundedPageCacheUnlessItSetsOne() {
        assertThat(JobDatabaseUrl.cacheBounded("jdbc:h2:file:/x;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:/x;WRITE_DELAY=0;CACHE_SIZE=8192");
        assertThat(JobDatabaseUrl.cacheBounded("jdbc:h2:file:/x;cache_size=65536"))
                .isEqualTo("jdbc:h2:file:/x;cache_size=65536");
        assertThat(JobDatabaseUrl.cacheBounded("jdbc:postgresql://db/jobs")).isEqualTo("jdbc:postgresql://db/jobs");
    }
}
