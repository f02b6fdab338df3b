package com.bulkcancel.outcomes;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Extra sources for the real command ({@code --spring.main.sources=<class name>}) that replace the outcome store by
 * one whose group commits fail the way a sick JVM or database does. Not annotated: component scanning never picks
 * them up for other tests.
 */
final class SabotagedStore {

    private SabotagedStore() {}

    /** Every group commit throws an Error (as OutOfMemoryError does). */
    static class ThrowsError {
        @Bean
        static BeanPostProcessor sabotage(BeanFactory beans) {
            return replace(beans, (jdbc, tm, settings) -> new OutcomeStore(jdbc, tm, settings) {
                @Override
                public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                    throw new OutOfMemoryError("simulated: Java heap space");
                }
            });
        }
    }

    /** Every group commit blocks forever (a database call that never returns). */
    static class NeverReturns {
        @Bean
        static BeanPostProcessor sabotage(BeanFactory beans) {
            return replace(beans, (jdbc, tm, settings) -> new OutcomeStore(jdbc, tm, settings) {
                @Override
                public void record(long jobInstanceId, List<RowOutcome> inserts, List<RowOutcome> updates) {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
    }

    private interface Factory {
        OutcomeStore create(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, RecordSettings settings);
    }

    private static BeanPostProcessor replace(BeanFactory beans, Factory factory) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof OutcomeStore) {
                    return factory.create(
                            beans.getBean(JdbcTemplate.class),
                            beans.getBean(PlatformTransactionManager.class),
                            beans.getBean(RecordSettings.class));
                }
                return bean;
            }
        };
    }
}
