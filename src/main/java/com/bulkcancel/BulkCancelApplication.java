package com.bulkcancel;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;

import com.bulkcancel.input.UnusableInputException;
import com.bulkcancel.job.BusyException;
import com.bulkcancel.job.CancelRunner;
import com.bulkcancel.job.CommandLineFlags;
import com.bulkcancel.job.DryRun;
import com.bulkcancel.job.ExitCode;
import com.bulkcancel.job.InvalidInvocationException;

/** Runs the cancel job once and exits with its exit code (see {@link ExitCode}). */
@SpringBootApplication
public class BulkCancelApplication {

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command; tests call it in-process with their own environment. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(HelpText.TEXT);
            return 0;
        }
        if (Arrays.stream(args).anyMatch(a -> a.toLowerCase().startsWith("--frontpayment.token="))) {
            return fail(err, ExitCode.INVALID, "the token is never taken from the command line (it would show in ps "
                    + "and shell history): set FRONTPAYMENT_TOKEN or give --frontpayment.token-file");
        }
        SpringApplication application = new SpringApplication(BulkCancelApplication.class);
        try {
            CommandLineFlags flags = CommandLineFlags.parse(args);
            application.addInitializers(context -> {
                context.getBeanFactory().registerSingleton("launchEnvironment",
                        new LaunchEnvironment(Map.copyOf(environment)));
                context.getBeanFactory().registerSingleton("commandLineFlags", flags);
                context.getBeanFactory().registerSingleton("commandOutput", new CommandOutput(out));
                if (flags.dryRun()) {
                    DryRun.useThrowAwayDatabase(context.getEnvironment());
                }
            });
        } catch (InvalidInvocationException e) {
            return fail(err, ExitCode.INVALID, e.getMessage());
        }
        try (ConfigurableApplicationContext context = application.run(CommandLineFlags.withoutFlags(args))) {
            return context.getBean(CancelRunner.class).run().code();
        } catch (Exception e) {
            return failure(e, err);
        }
    }

    private static int failure(Exception e, PrintStream err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInvocationException || t instanceof UnusableInputException) {
                return fail(err, ExitCode.INVALID, t.getMessage());
            }
            if (t instanceof BusyException) {
                return fail(err, ExitCode.BUSY, t.getMessage());
            }
            if (t instanceof BindException bind) {
                Throwable cause = bind.getCause();
                while (cause != null && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                return fail(err, ExitCode.INVALID, "invalid setting " + bind.getProperty().getName() + "="
                        + bind.getProperty().getValue() + ": " + (cause == null ? bind.getMessage() : cause.getMessage()));
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return fail(err, ExitCode.INTERRUPTED, "could not run: " + root.getMessage());
    }

    private static int fail(PrintStream err, ExitCode code, String message) {
        err.println("bulk-cancel: " + message + " (exit " + code.code() + ")");
        return code.code();
    }
}
