package com.bulkcancel.job;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.bulkcancel.outcomes.RecordSettings;

/** Makes an H2 file database safe for the job, whoever gave its URL, and a PostgreSQL one bounded in time. */
@Configuration(proxyBeanMethods = false)
public class JobDatabaseConfiguration {

    /** On PostgreSQL, twice the statement timeout: past it a read from the server's socket fails. */
    @Bean
    static BeanPostProcessor durableH2Url(Environment environment) {
        Duration socketTimeout = Binder.get(environment)
                .bind("cancel.database-timeout", Duration.class)
                .orElse(RecordSettings.defaults().databaseTimeout())
                .multipliedBy(2);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
                    properties.setUrl(JobDatabaseUrl.bounded(
                            JobDatabaseUrl.cacheBounded(JobDatabaseUrl.durable(properties.getUrl())), socketTimeout));
                }
                return bean;
            }
        };
    }
}
