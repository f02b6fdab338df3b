package com.bulkcancel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import com.bulkcancel.input.TemporaryFilesException;
import com.bulkcancel.input.UnusableInputException;
import com.bulkcancel.job.BusyException;
import com.bulkcancel.job.CancelRunner;
import com.bulkcancel.job.CommandLineFlags;
import com.bulkcancel.job.DryRun;
import com.bulkcancel.job.ExitCode;
import com.bulkcancel.job.JavaHeap;
import com.bulkcancel.job.ShutdownSettings;
import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.launch.LaunchEnvironment;
import com.bulkcancel.metrics.MetricsTargets;
import com.bulkcancel.provider.ProxyRoute;
import com.bulkcancel.provider.RootCause;
import com.bulkcancel.provider.StopSignal;

/** Runs the cancel job once and exits with its exit code (see {@link ExitCode}). */
@SpringBootApplication
public class BulkCancelApplication {

    public static void main(String[] args) {
        // A thread of the run that dies of a full heap says so in one line, not with a stack trace.
        Thread.UncaughtExceptionHandler printing = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                System.err.println(
                        "bulk-cancel: " + JavaHeap.ranOut(Runtime.getRuntime().maxMemory()));
            } else if (printing != null) {
                printing.uncaughtException(thread, e);
            } else {
                e.printStackTrace();
            }
        });
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command; tests call it in-process with their own environment. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        GracefulShutdown shutdown = GracefulShutdown.install();
        try {
            return run(args, environment, out, err, shutdown);
        } finally {
            shutdown.close();
        }
    }

    /** The command under a shutdown hook of the caller's (a test's, with its own halt). */
    static int run(
            String[] args,
            Map<String, String> environment,
            PrintStream out,
            PrintStream err,
            GracefulShutdown shutdown) {
        int code = ExitCode.INTERRUPTED.code();
        try {
            code = command(args, environment, out, err, shutdown);
        } finally {
            shutdown.finished(code);
        }
        return code;
    }

    private static int command(
            String[] args,
            Map<String, String> environment,
            PrintStream out,
            PrintStream err,
            GracefulShutdown shutdown) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(HelpText.TEXT);
            return 0;
        }
        if (Arrays.asList(args).contains("--version")) {
            out.println("bulk-cancel " + version());
            return 0;
        }
        if (Arrays.stream(args).anyMatch(a -> a.toLowerCase().startsWith("--frontpayment.token="))) {
            return fail(
                    err,
                    ExitCode.INVALID,
                    "the token is never taken from the command line (it would show in ps "
                            + "and shell history): set FRONTPAYMENT_TOKEN or give --frontpayment.token-file");
        }
        if (Arrays.stream(args).anyMatch(BulkCancelApplication::isProxyWithCredentials)) {
            return fail(err, ExitCode.INVALID, ProxyRoute.CREDENTIALS_NOT_IN_SETTING);
        }
        String heapTooSmall = JavaHeap.belowFloor(Runtime.getRuntime().maxMemory());
        if (heapTooSmall != null) {
            return fail(err, ExitCode.INVALID, heapTooSmall);
        }
        SpringApplication application = new SpringApplication(BulkCancelApplication.class);
        try {
            CommandLineCheck check = new CommandLineCheck(KnownOptions.load());
            check.checkArguments(args);
            check.checkEnvironment(environment);
            CommandLineFlags flags = CommandLineFlags.parse(args);
            application.addInitializers(context -> {
                check.checkPropertySources(context.getEnvironment());
                context.getBeanFactory()
                        .registerSingleton("launchEnvironment", new LaunchEnvironment(Map.copyOf(environment)));
                context.getBeanFactory().registerSingleton("commandLineFlags", flags);
                // Structured logs own standard output (one JSON object a line): the human table goes to stderr.
                context.getBeanFactory()
                        .registerSingleton(
                                "commandOutput",
                                new CommandOutput(structuredLogs(context.getEnvironment()) ? err : out));
                MetricsTargets.enableConfigured(context.getEnvironment());
                if (flags.dryRun()) {
                    DryRun.useThrowAwayDatabase(context.getEnvironment());
                }
            });
        } catch (InvalidInvocationException e) {
            return fail(err, ExitCode.INVALID, e.getMessage());
        }
        return runJob(application, args, shutdown, err);
    }

    /** --frontpayment.proxy=http://user:password@host:port: refused without echoing it, like a token. */
    private static boolean isProxyWithCredentials(String arg) {
        if (!arg.toLowerCase(Locale.ROOT).startsWith("--frontpayment.proxy=")) {
            return false;
        }
        String url = arg.substring(arg.indexOf('=') + 1);
        String rest = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        int end = rest.indexOf('/');
        return (end < 0 ? rest : rest.substring(0, end)).contains("@");
    }

    /** Whether the console logs are JSON ({@code logging.structured.format.console}: ecs, gelf, logstash). */
    static boolean structuredLogs(Environment environment) {
        String format = environment.getProperty("logging.structured.format.console");
        return format != null && !format.isBlank();
    }

    /** This build's version, as Maven built it (META-INF/build-info.properties). */
    static String version() {
        Properties build = new Properties();
        try (InputStream in =
                BulkCancelApplication.class.getClassLoader().getResourceAsStream("META-INF/build-info.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // an unreadable build-info file leaves the version unknown
        }
        return build.getProperty("build.version", "(version unknown)");
    }

    /** Starts the context, runs the command and closes the context, all under the graceful shutdown hook. */
    private static int runJob(
            SpringApplication application, String[] args, GracefulShutdown shutdown, PrintStream err) {
        try (ConfigurableApplicationContext context = application.run(CommandLineFlags.withoutFlags(args))) {
            CancelRunner runner = context.getBean(CancelRunner.class);
            shutdown.watch(
                    context.getBean(StopSignal.class),
                    context.getBean(ShutdownSettings.class).shutdownGrace(),
                    runner::reportCutOff);
            return runner.run().code();
        } catch (Exception e) {
            return failure(e, err);
        } catch (OutOfMemoryError e) {
            // One line, no stack trace; what the heap held is garbage now, so this line can be written.
            return fail(
                    err,
                    ExitCode.INTERRUPTED,
                    JavaHeap.ranOut(Runtime.getRuntime().maxMemory()));
        }
    }

    /** One line on stderr; the exit code from the one mapping, {@link ExitCode#of(Throwable)}. */
    private static int failure(Exception e, PrintStream err) {
        return fail(err, ExitCode.of(e), message(e));
    }

    /** The message of the exception that decided the exit code, or the root cause's for a failure mid-way. */
    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInvocationException
                    || t instanceof UnusableInputException
                    || t instanceof BusyException
                    || t instanceof TemporaryFilesException) {
                return t.getMessage();
            }
            if (t instanceof SQLException sql && ExitCode.H2_DATABASE_IN_USE.equals(sql.getSQLState())) {
                return "the job database " + inUseFile(sql.getMessage()) + "is in use by another run (an H2 file "
                        + "opens in one process at a time): try later. To run different files at the same time, use "
                        + "a PostgreSQL job database (--spring.datasource.url)";
            }
            if (t instanceof BindException bind) {
                return describe(bind);
            }
        }
        return "could not run: " + RootCause.of(e).getMessage();
    }

    /**
     * A value that does not convert names the property; so does a value out of range (the first constraint it
     * breaks) and a name no setting has (with the option it likely meant); a rule a settings record enforces in
     * code names itself.
     */
    private static String describe(BindException bind) {
        Throwable root = RootCause.of(bind);
        if (root instanceof BindValidationException invalid) {
            return describe(invalid.getValidationErrors());
        }
        if (root instanceof UnboundConfigurationPropertiesException unknown
                && !unknown.getUnboundProperties().isEmpty()) {
            return describe(unknown.getUnboundProperties().iterator().next());
        }
        if (bind.getProperty() == null) {
            return "invalid setting: " + root.getMessage();
        }
        return "invalid setting " + bind.getProperty().getName() + "="
                + bind.getProperty().getValue() + ": " + root.getMessage();
    }

    /** "invalid setting cancel.rate-per-second=0: must be greater than 0", the value as the operator gave it. */
    private static String describe(ValidationErrors errors) {
        ObjectError error = errors.getAllErrors().get(0);
        if (!(error instanceof FieldError field)) {
            return "invalid setting " + errors.getName() + ": " + error.getDefaultMessage();
        }
        ConfigurationPropertyName name = errors.getName();
        for (String part : field.getField().split("\\.")) {
            name = name.append(DataObjectPropertyName.toDashedForm(part));
        }
        Object value = field.getRejectedValue();
        for (ConfigurationProperty bound : errors.getBoundProperties()) {
            if (bound.getName().equals(name)) {
                value = bound.getValue();
            }
        }
        return "invalid setting " + name + "=" + value + ": " + field.getDefaultMessage();
    }

    /** A name under cancel. or frontpayment. that no setting has; its value is not echoed (it may be a secret). */
    private static String describe(ConfigurationProperty unknown) {
        String name = unknown.getName().toString();
        KnownOptions.Option closest = KnownOptions.load().closest(name);
        return "unknown setting " + name + (unknown.getOrigin() == null ? "" : " in " + unknown.getOrigin())
                + (closest == null ? "" : " (did you mean " + closest.name() + "?)") + "; --help lists every option";
    }

    /** The file named in H2's "Database may be already in use: "/path/jobs.mv.db". ..." message. */
    private static String inUseFile(String message) {
        Matcher file = Pattern.compile("\"([^\"]+)\"").matcher(message == null ? "" : message);
        return file.find() ? file.group(1) + " " : "";
    }

    private static int fail(PrintStream err, ExitCode code, String message) {
        err.println("bulk-cancel: " + message + " (exit " + code.code() + ")");
        return code.code();
    }
}
