package com.bulkcancel.job;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes an H2 file database safe for the job, whoever gave its URL. */
@Configuration(proxyBeanMethods = false)
public class JobDatabaseConfiguration {

    @Bean
    static BeanPostProcessor durableH2Url() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
                    properties.setUrl(JobDatabaseUrl.durable(properties.getUrl()));
                }
                return bean;
            }
        };
    }
}
