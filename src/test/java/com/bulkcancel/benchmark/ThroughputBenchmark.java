package com.bulkcancel.benchmark;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;

import com.bulkcancel.BulkCancelApplication;
import com.bulkcancel.provider.StartWindows;
import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * {@code ./mvnw -B -q -Pbenchmark spring-boot:test-run}: the real job against {@link LoadProvider} (127.0.0.1),
 * in three parts (a fourth on request); figures come from the simulator's arrival times (server side). Arguments (optional):
 * {@code parts=1,2,3 memoryRows=1000000 warmUps=4 rounds=3 overheadRows=20000 flatRows=1000000,3000000}
 * (overheadRows: the rows of parts 2 and 4; more than the 20,000 show the steady state past the JIT's
 * warm-up; flatRows: the file sizes of part 5, the first one the reference, e.g. add 10000000; flatModes=dry,live:
 * which runs of part 5, e.g. only the dry runs of 10,000,000 rows, since a live one takes the better part of an
 * hour on 2 shared cores). The JVM runs with the full
 * JIT, as {@code java -jar} does (the profile turns off the plugin's C1-only launch).
 * <ol>
 * <li>rate: 3,000 rows, 200 ms latency, rate 100/s, in-flight 32, default chunk size: achieved calls/s and the
 * most calls started in any one-second window;</li>
 * <li>overhead: 20,000 rows, no latency, rate 1,000,000/s, in-flight 64: the job's rows/s beside a bare
 * HttpClient 5 loop with 64 threads against the same simulator, after warm-up rounds of both, in alternating
 * rounds (this machine's noise is larger than one round can show): each round's ratio and their median;</li>
 * <li>memory: 1,000,000 rows in a child JVM at -Xmx256m, no latency: peak heap and RSS;</li>
 * <li>(only when asked for, {@code parts=4}) part 2 with each side in a fresh child JVM, as {@code java -jar} runs
 * the job once: no JIT warm-up beyond the run itself, no profiles shared between job and bare loop;</li>
 * <li>(only when asked for, {@code parts=5}) flat memory: a dry run and a live run (no latency, no effective rate
 * limit) of each of {@code flatRows} in a child JVM at -Xmx256m: the peak heap after a full collection of each,
 * against the first size's (target: within 20 %), and the temporary disk per row.</li>
 * </ol>
 */
public final class ThroughputBenchmark {

    private static final PrintStream out = System.out;

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String parts = "1,2,3";
        int memoryRows = 1_000_000;
        int warmUps = 4;
        int rounds = 3;
        int overheadRows = 20_000;
        List<Integer> flatRows = List.of(1_000_000, 3_000_000);
        List<String> flatModes = List.of("dry", "live");
        for (String arg : args) {
            if (arg.startsWith("parts=")) {
                parts = arg.substring(6);
            } else if (arg.startsWith("memoryRows=")) {
                memoryRows = Integer.parseInt(arg.substring(11));
            } else if (arg.startsWith("warmUps=")) {
                warmUps = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("overheadRows=")) {
                overheadRows = Integer.parseInt(arg.substring(13));
            } else if (arg.startsWith("flatRows=")) {
                flatRows = java.util.Arrays.stream(arg.substring(9).split(","))
                        .map(Integer::valueOf)
                        .toList();
            } else if (arg.startsWith("flatModes=")) {
                flatModes = List.of(arg.substring(10).split(","));
            }
        }
        Path work = Files.createTempDirectory("bulk-cancel-benchmark");
        List<String> report = new ArrayList<>();
        report.add(String.format(
                "machine: %d cores (Runtime.availableProcessors), Java %s, %s %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch")));
        if (parts.contains("1")) {
            report.addAll(rate(work));
        }
        if (parts.contains("2")) {
            report.addAll(overhead(work, overheadRows, warmUps, rounds));
        }
        if (parts.contains("3")) {
            report.addAll(memory(work, memoryRows));
        }
        if (parts.contains("4")) {
            report.addAll(overheadFreshJvms(work, overheadRows, rounds));
        }
        if (parts.contains("5")) {
            report.addAll(flatMemory(work, flatRows, flatModes));
        }
        out.println();
        out.println("==== bulk-cancel benchmark ====");
        report.forEach(out::println);
        System.exit(0);
    }

    static List<String> rate(Path work) throws Exception {
        try (LoadProvider provider = new LoadProvider(Duration.ofMillis(200));
                CallStarts client = new CallStarts()) {
            Path input = BenchmarkInput.write(work, "rate.csv", 3000, 1);
            long started = System.nanoTime();
            int exit = runJob(
                    work.resolve("rate-db"),
                    input,
                    provider,
                    "--cancel.rate-per-second=100",
                    "--cancel.max-in-flight=32");
            double wall = seconds(System.nanoTime() - started);
            long[] arrivals = provider.arrivals();
            long[] starts = client.starts();
            double achieved = perSecond(arrivals);
            long second = TimeUnit.SECONDS.toNanos(1);
            return List.of(
                    "(1) rate: 3,000 rows, latency 200 ms, rate 100/s, in-flight 32, default chunk size (1,000)",
                    String.format(
                            "    exit %d, %d calls; achieved %.1f calls/s = %.1f%% of configured (target >= 97%%);"
                                    + " most call starts in any 1 s window: %d as the client wrote them, %d as the"
                                    + " simulator received them (target <= 101); most in flight: %d; whole command"
                                    + " %.1f s",
                            exit,
                            arrivals.length,
                            achieved,
                            achieved,
                            StartWindows.maxInAnyWindow(starts, second),
                            StartWindows.maxInAnyWindow(arrivals, second),
                            provider.maxInFlight(),
                            wall),
                    String.format(
                            "    simulator's arrival minus client's start, matched in order: %s",
                            delays(starts, arrivals)));
        }
    }

    /** Median, 99th percentile and maximum of arrival - start (the k-th start against the k-th arrival). */
    private static String delays(long[] starts, long[] arrivals) {
        int n = Math.min(starts.length, arrivals.length);
        if (n == 0) {
            return "no calls";
        }
        long[] delay = new long[n];
        for (int i = 0; i < n; i++) {
            delay[i] = arrivals[i] - starts[i];
        }
        java.util.Arrays.sort(delay);
        return String.format(
                "median %.2f ms, p99 %.2f ms, max %.2f ms",
                delay[n / 2] / 1e6, delay[(int) (n * 0.99)] / 1e6, delay[n - 1] / 1e6);
    }

    /** One measured side of part 2: calls per second while calls came, CPU per call, connections used. */
    private record Side(int calls, double perSecond, double cpuMicrosPerCall, int connections) {
        static Side of(LoadProvider provider) {
            long[] arrivals = provider.arrivals();
            return new Side(
                    arrivals.length,
                    ThroughputBenchmark.perSecond(arrivals),
                    provider.cpuMicrosPerCall(),
                    provider.connections());
        }
    }

    static List<String> overhead(Path work, int rows, int warmUps, int rounds) throws Exception {
        int inFlight = 64;
        String[] options = {"--cancel.rate-per-second=1000000", "--cancel.max-in-flight=" + inFlight};
        List<String> report = new ArrayList<>();
        report.add(String.format(
                "(2) overhead: %,d rows, no latency, rate 1,000,000/s, in-flight 64, default chunk"
                        + " size (10,000); %d rounds of job then bare loop after %d warm-up rounds",
                rows, rounds, warmUps));
        List<Double> ratios = new ArrayList<>();
        try (LoadProvider provider = new LoadProvider(Duration.ZERO)) {
            // Warm-up, the same for both sides, so the JIT has compiled the hot paths of the simulator, the HTTP
            // stack and the job (a long run's steady state; on 2 busy cores the compiler needs a while).
            for (int round = 0; round < warmUps; round++) {
                bareLoop(provider.baseUrl(), 10_000, inFlight, 99 + round);
                runJob(
                        work.resolve("warm-up-db-" + round),
                        BenchmarkInput.write(work, "warm-up-" + round + ".csv", 10_000, 90 + round),
                        provider,
                        options);
            }
            for (int round = 1; round <= rounds; round++) {
                provider.reset();
                Path input = BenchmarkInput.write(work, "overhead-" + round + ".csv", rows, 2 + round);
                long started = System.nanoTime();
                int exit = runJob(work.resolve("overhead-db-" + round), input, provider, options);
                double wall = seconds(System.nanoTime() - started);
                Side job = Side.of(provider);
                provider.reset();
                bareLoop(provider.baseUrl(), rows, inFlight, 3 + round);
                Side bare = Side.of(provider);
                double ratio = job.perSecond() / bare.perSecond();
                ratios.add(ratio);
                report.add(String.format(
                        "    round %d: job exit %d, %d calls, %.0f rows/s (whole command incl. start-up"
                                + " and report %.1f s); bare loop (64 threads) %d calls, %.0f calls/s; job/bare = %.0f%%;"
                                + " CPU of this JVM per call: job %.0f us, bare %.0f us; connections: job %d, bare %d",
                        round,
                        exit,
                        job.calls(),
                        job.perSecond(),
                        wall,
                        bare.calls(),
                        bare.perSecond(),
                        100 * ratio,
                        job.cpuMicrosPerCall(),
                        bare.cpuMicrosPerCall(),
                        job.connections(),
                        bare.connections()));
            }
        }
        report.add(ratioSummary(ratios));
        return report;
    }

    static List<String> overheadFreshJvms(Path work, int rows, int rounds) throws Exception {
        List<String> report = new ArrayList<>();
        report.add(String.format(
                "(4) overhead, each side in a fresh JVM (as java -jar runs the job): %,d rows, no"
                        + " latency, rate 1,000,000/s, in-flight 64; %d rounds of job then bare loop",
                rows, rounds));
        List<Double> ratios = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        try (LoadProvider provider = new LoadProvider(Duration.ZERO)) {
            for (int round = 1; round <= rounds; round++) {
                provider.reset();
                Path input = BenchmarkInput.write(work, "fresh-" + round + ".csv", rows, 20 + round);
                List<String> job = new ArrayList<>(List.of(java, "-cp", classPath, MemoryProbe.class.getName()));
                job.addAll(jobArgs(
                        work.resolve("fresh-db-" + round),
                        input,
                        provider,
                        "--cancel.rate-per-second=1000000",
                        "--cancel.max-in-flight=64"));
                int exit = new ProcessBuilder(job)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("fresh-" + round + ".log").toFile())
                        .start()
                        .waitFor();
                Side jobSide = Side.of(provider);
                provider.reset();
                new ProcessBuilder(
                                java,
                                "-cp",
                                classPath,
                                BareLoop.class.getName(),
                                provider.baseUrl(),
                                String.valueOf(rows),
                                "64",
                                String.valueOf(30 + round))
                        .inheritIO()
                        .start()
                        .waitFor();
                Side bare = Side.of(provider);
                double ratio = jobSide.perSecond() / bare.perSecond();
                ratios.add(ratio);
                report.add(String.format(
                        "    round %d: job exit %d, %d calls, %.0f rows/s; bare loop %d calls, %.0f calls/s;"
                                + " job/bare = %.0f%%; CPU of the simulator's JVM per call: job %.0f us, bare %.0f us",
                        round,
                        exit,
                        jobSide.calls(),
                        jobSide.perSecond(),
                        bare.calls(),
                        bare.perSecond(),
                        100 * ratio,
                        jobSide.cpuMicrosPerCall(),
                        bare.cpuMicrosPerCall()));
            }
        }
        report.add(ratioSummary(ratios));
        return report;
    }

    /** The rounds' job/bare ratios and their median. */
    private static String ratioSummary(List<Double> ratios) {
        List<Double> sorted = ratios.stream().sorted().toList();
        return String.format(
                "    job/bare: median %.0f%% (rounds: %s; target >= 80%%)",
                100 * sorted.get(sorted.size() / 2),
                String.join(
                        ", ",
                        ratios.stream()
                                .map(r -> String.format("%.0f%%", 100 * r))
                                .toList()));
    }

    static List<String> memory(Path work, int rows) throws Exception {
        try (LoadProvider provider = new LoadProvider(Duration.ZERO)) {
            Path input = BenchmarkInput.write(work, "memory.csv", rows, 3);
            Path log = work.resolve("memory-run.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    MemoryProbe.class.getName()));
            command.addAll(jobArgs(
                    work.resolve("memory-db"),
                    input,
                    provider,
                    "--cancel.rate-per-second=1000000",
                    "--cancel.max-in-flight=64"));
            out.printf("(3) running %,d rows in a child JVM at -Xmx256m; its log: %s%n", rows, log);
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int exit = child.waitFor();
            String probe = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("probe:"))
                    .findFirst()
                    .orElse("probe: no figures (the child JVM exited " + exit + "; see its log)");
            long[] arrivals = provider.arrivals();
            long results = Files.lines(work.resolve("memory.results.csv")).count() - 1;
            return List.of(
                    String.format(
                            "(3) memory: %,d rows, no latency, rate 1,000,000/s, in-flight 64, -Xmx256m (child JVM)",
                            rows),
                    String.format(
                            "    %s; %,d calls at %.0f rows/s; results file rows: %,d",
                            probe.substring(7), arrivals.length, perSecond(arrivals), results));
        }
    }

    /** One child run of part 5: what its probe printed. */
    private record Probe(int exit, double seconds, double liveHeapMiB, long tempBytes, String line) {
        static Probe of(int exit, Path log) throws Exception {
            String line = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("probe:"))
                    .findFirst()
                    .orElse(null);
            if (line == null) {
                return new Probe(
                        exit, 0, Double.NaN, 0, "no figures (the child JVM exited " + exit + "; see " + log + ")");
            }
            return new Probe(
                    exit,
                    Double.parseDouble(field(line, "seconds")),
                    Double.parseDouble(field(line, "peakHeapAfterFullGcMiB")),
                    Long.parseLong(field(line, "peakTempBytes")),
                    line.substring(7));
        }

        private static String field(String line, String name) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile(name + "=([\\d.]+)").matcher(line);
            return m.find() ? m.group(1) : "NaN";
        }
    }

    /**
     * Part 5: a dry run and a live run of each size, each in its own child JVM at -Xmx256m with a temporary
     * directory of its own; the peak heap after a full collection of each beside the first size's.
     */
    static List<String> flatMemory(Path work, List<Integer> sizes, List<String> modes) throws Exception {
        List<String> report = new ArrayList<>();
        report.add("(5) flat memory: dry run and live run (no latency, rate 1,000,000/s, in-flight 64) per file size,"
                + " each in a child JVM at -Xmx256m; peak heap after a full GC (forced every 2 s); target: exit 0 and"
                + " within 20 % of the " + String.format("%,d", sizes.get(0)) + "-row figure");
        Map<String, Double> reference = new java.util.HashMap<>();
        for (int rows : sizes) {
            Path input = BenchmarkInput.write(work, "flat-" + rows + ".csv", rows, 5);
            long bytes = Files.size(input);
            for (String mode : modes) {
                Path temp = Files.createDirectories(work.resolve("flat-tmp-" + mode + "-" + rows));
                Path log = work.resolve("flat-" + mode + "-" + rows + ".log");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Djava.io.tmpdir=" + temp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryProbe.class.getName()));
                out.printf("(5) %s run of %,d rows in a child JVM at -Xmx256m; its log: %s%n", mode, rows, log);
                Probe probe;
                if (mode.equals("dry")) {
                    command.addAll(List.of("--cancel.input=" + input, "--cancel.dry-run=true"));
                    probe = Probe.of(
                            new ProcessBuilder(command)
                                    .redirectErrorStream(true)
                                    .redirectOutput(log.toFile())
                                    .start()
                                    .waitFor(),
                            log);
                } else {
                    try (LoadProvider provider = new LoadProvider(Duration.ZERO)) {
                        command.addAll(jobArgs(
                                work.resolve("flat-db-" + rows),
                                input,
                                provider,
                                "--cancel.rate-per-second=1000000",
                                "--cancel.max-in-flight=64"));
                        probe = Probe.of(
                                new ProcessBuilder(command)
                                        .redirectErrorStream(true)
                                        .redirectOutput(log.toFile())
                                        .start()
                                        .waitFor(),
                                log);
                    }
                }
                reference.putIfAbsent(mode, probe.liveHeapMiB());
                double ratio = probe.liveHeapMiB() / reference.get(mode);
                boolean met = probe.exit() == 0 && ratio <= 1.2;
                report.add(String.format(
                        "    %-4s %,11d rows (%,d bytes): exit %d, %.0f s, peak heap after GC %.1f MiB;"
                                + " target exit 0, <= %.1f MiB (1.2 x %.1f): %s; temp disk at most %,d bytes = %.1f"
                                + " bytes/row",
                        mode,
                        rows,
                        bytes,
                        probe.exit(),
                        probe.seconds(),
                        probe.liveHeapMiB(),
                        1.2 * reference.get(mode),
                        reference.get(mode),
                        met ? "met" : "MISSED",
                        probe.tempBytes(),
                        (double) probe.tempBytes() / rows));
                report.add("         " + probe.line());
            }
            Files.deleteIfExists(input);
        }
        return report;
    }

    static int runJob(Path database, Path input, LoadProvider provider, String... extra) {
        List<String> args = jobArgs(database, input, provider, extra);
        return BulkCancelApplication.run(
                args.toArray(String[]::new),
                Map.of("FRONTPAYMENT_TOKEN", SimulatedFrontpayment.TOKEN),
                out,
                System.err);
    }

    static List<String> jobArgs(Path database, Path input, LoadProvider provider, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--cancel.input=" + input,
                "--spring.datasource.url=jdbc:h2:file:" + database.resolve("jobs"),
                "--frontpayment.base-url=" + provider.baseUrl()));
        args.addAll(List.of(extra));
        return args;
    }

    /** The same calls without the job: pooled HttpClient 5 like the job's, {@code threads} loops, no limiter. */
    static void bareLoop(String baseUrl, int calls, int threads, long seed) throws Exception {
        List<String> uuids = new ArrayList<>(calls);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < calls; i++) {
            uuids.add(BenchmarkInput.uuid(random).toString());
        }
        String body = "{\"note\":\"Event cancelled by the organiser\"}";
        try (CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(threads)
                        .setMaxConnPerRoute(threads)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .build()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < calls) {
                        HttpGet get = new HttpGet(baseUrl + SimulatedFrontpayment.PATH + uuids.get(i));
                        get.setHeader("Authorization", "Bearer " + SimulatedFrontpayment.TOKEN);
                        get.setHeader("Accept", "application/json");
                        get.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                        try {
                            http.execute(get, response -> EntityUtils.toString(response.getEntity()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
    }

    private static double perSecond(long[] arrivals) {
        return arrivals.length < 2 ? 0 : (arrivals.length - 1) / seconds(arrivals[arrivals.length - 1] - arrivals[0]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
