package com.bulkcancel.provider;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Keeps the bearer token out of the log whatever the logging levels: HttpClient's wire and header loggers print
 * every request header, Authorization included, when set to DEBUG ({@code --logging.level.root=DEBUG} is enough).
 * This logback turbo filter denies those loggers before any level check, so they are silent at every level and
 * with any logging configuration (Boot's default, a user's logging.config). It is installed right after Boot
 * initialises logging (listed in META-INF/spring.factories) and re-installs itself when logback is reset later
 * (a configuration file reloaded by scan).
 */
public final class WireLogGuard extends TurboFilter implements LoggerContextListener {

    /** HttpClient 5's loggers that print raw request bytes or headers (classic, async and HTTP/2). */
    static final List<String> DENIED = List.of(
            "org.apache.hc.client5.http.wire",
            "org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http2",
            "org.apache.hc.core5.http2.frame");

    private static final String NAME = "bulk-cancel-wire-log-guard";

    private final LoggerContext context;

    private WireLogGuard(LoggerContext context) {
        this.context = context;
        setName(NAME);
        setContext(context);
    }

    /** Installs the guard on the logback context in use (once); without logback there is nothing to guard. */
    public static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        if (context.getCopyOfListenerList().stream().noneMatch(WireLogGuard.class::isInstance)) {
            WireLogGuard guard = new WireLogGuard(context);
            context.addListener(guard);
            guard.addFilter();
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        String name = logger.getName();
        for (String denied : DENIED) {
            if (name.startsWith(denied)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    private void addFilter() {
        if (context.getTurboFilterList().stream().noneMatch(WireLogGuard.class::isInstance)) {
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void onReset(LoggerContext resetContext) {
        addFilter(); // reset() has just cleared the turbo filters
    }

    @Override
    public void onStart(LoggerContext startedContext) {}

    @Override
    public void onStop(LoggerContext stoppedContext) {}

    @Override
    public void onLevelChange(Logger changed, Level level) {}

    /**
     * Installs the guard right after Boot has initialised logging (Boot stops and resets logback there, which
     * drops every turbo filter and listener), before any bean, let alone an HTTP client, exists.
     */
    public static final class Installer implements SmartApplicationListener {
        @Override
        public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
            return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER + 1;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            install();
        }
    }
}
