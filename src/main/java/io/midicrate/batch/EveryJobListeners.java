package io.midicrate.batch;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/** Attaches every {@link EveryJobListener} bean to every job bean as it is created. */
@Component
class EveryJobListeners implements BeanPostProcessor {

    private final ObjectProvider<EveryJobListener> listeners;

    EveryJobListeners(ObjectProvider<EveryJobListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractJob job) {
            listeners.orderedStream().forEach(job::registerJobExecutionListener);
        }
        return bean;
    }
}
