package com.bulkcancel;

/** The --help text: every option with its default and meaning. Keep it in step with the README. */
final class HelpText {

    private HelpText() {}

    static final String TEXT = """
            bulk-cancel: cancels Frontpayment reservations listed in a CSV file, resumably.

            Usage:
              FRONTPAYMENT_TOKEN=... java -jar bulk-cancel.jar --cancel.input=FILE --frontpayment.base-url=URL [options]

            Options (Spring Boot properties: also CANCEL_INPUT-style environment variables or application.yml):
              --cancel.input=FILE                 CSV with reservation_uuid and note columns (required)
              --cancel.output=FILE                results CSV (default: next to the input, <name>.results.csv);
                                                  its directory must exist and be writable; never the input
              --frontpayment.base-url=URL         e.g. https://demo-api.frontpayment.no (required, no default)
              --frontpayment.token-file=FILE      read the token from a file readable only by its owner
                                                  (default: the FRONTPAYMENT_TOKEN environment variable)
              --frontpayment.connect-timeout=5s   TCP connect timeout
              --frontpayment.response-timeout=15s longest wait for the next bytes of an answer (idle timeout)
              --frontpayment.call-timeout=20s     longest attempt in all: connect, status line and body; then it
                                                  is aborted (no status line yet: retried, may have reached them)
              --frontpayment.allow-insecure-http=false  allow plain http to a host other than localhost
              --frontpayment.proxy=URL            http://host:port proxy for the calls, or none (default: the JVM's
                                                  -Dhttps.proxyHost/-Dhttps.proxyPort, else HTTPS_PROXY unless
                                                  NO_PROXY lists the host; HTTP_PROXY for an http base URL);
                                                  never with user:password@ (refused, exit 2)
              --frontpayment.proxy-credentials-file=FILE  the proxy's user:password, readable only by its owner
                                                  (default: the user info of HTTPS_PROXY's URL)
              --frontpayment.ssl-bundle=NAME      trust the provider through the Spring Boot SSL bundle NAME, e.g.
                                                  --spring.ssl.bundle.pem.NAME.truststore.certificate=ca.pem
                                                  (default: the JVM's trust store, -Djavax.net.ssl.trustStore)
              --cancel.rate-per-second=10         most cancel calls started per second (retries count)
              --cancel.max-in-flight=16           most calls in flight at once
              --cancel.chunk-size=N               rows per committed chunk (default: 10 s of calls, >= max-in-flight)
              --cancel.max-attempts=5             attempts per row on 5xx, 429, timeouts and resets
              --cancel.backoff.initial=500ms      first retry wait (doubles each attempt, with jitter)
              --cancel.backoff.max=30s            longest retry wait
              --cancel.max-retry-after=60s        cap on a provider's Retry-After
              --cancel.outage-threshold=20        stop (exit 1) after this many consecutive FAILED rows
              --cancel.max-runs-per-row=3         a rerun sends a row FAILED for a transient reason again, until
                                                  it has ended FAILED in this many runs
              --cancel.sanity-window=50           stop if the first N answers are all NOT_FOUND (wrong
                                                  environment?): exit 2 if nothing was cancelled; 0: off
              --cancel.shutdown-grace=25s         on SIGTERM/Ctrl-C, wait this long for calls in flight
                                                  (at least call-timeout + 5s)
              --cancel.stall-timeout=5m           stop (exit 1) if no call starts or finishes and no outcome is
                                                  recorded for this long (at least 1s)
              --cancel.default-note=TEXT          note for rows whose note is blank (default: none, blank is invalid)
              --cancel.max-note-length=1000       longer notes are INVALID_INPUT
              --cancel.csv.delimiter=C            , ; or a tab (default: detected from the header)
              --cancel.csv.encoding=UTF-8         input encoding (Excel's Norwegian CSV export is windows-1252)
              --cancel.csv.max-record-lines=50    most physical lines one quoted record may span
              --cancel.progress-interval=10s      how often the progress line (done/total, calls/s, ETA) is logged
              --spring.datasource.url=URL         job database (default: H2 file ~/.bulk-cancel/jobs);
                                                  e.g. jdbc:postgresql://db/bulkcancel with spring.datasource.username
                                                  and spring.datasource.password (or SPRING_DATASOURCE_* variables)
              --cancel.database-timeout=60s       longest job-database statement or commit; a run that cannot
                                                  record an outcome in time stops (exit 1)
              --cancel.retention=90d              at each live run's start, delete finished runs that ended longer
                                                  ago (each keeps a tombstone: a rerun still says "completed on");
                                                  default: keep everything (docs/deploying.md, Retention)
              --logging.structured.format.console=ecs  JSON log lines for log collectors (also gelf, logstash):
                                                  stdout holds only them; the summary table goes to stderr
              --management.prometheus.metrics.export.pushgateway.address=HOST:PORT
                                                  push the run's metrics to this Pushgateway at the end of every
                                                  run (default: no push; .format=text, .job, .grouping-key.NAME,
                                                  .username/.password or .token: Spring Boot's settings)
              --management.otlp.metrics.export.url=URL  push them to this OTLP endpoint, e.g.
                                                  http://collector:4318/v1/metrics (default: no push; .headers.NAME)

            Command-line-only switches (never read from the environment or application.yml; bare = true):
              --cancel.history                    list the last 20 runs from the job database (input, status,
                                                  counts per outcome, results path); sends nothing, needs no token
              --cancel.report                     write the results and summary of the input's latest run again
                                                  from the job database, PENDING for lines without a final outcome
                                                  (an unfinished run: exit 1); sends nothing, needs the base URL but
                                                  no token; works on PostgreSQL while the run goes on
              --cancel.dry-run                    validate the whole file and write <name>.dry-run.csv (or
                                                  --cancel.output with .dry-run before its .csv: r.results.csv
                                                  gives r.results.dry-run.csv) with WOULD_CANCEL/INVALID_INPUT/
                                                  DUPLICATE; sends nothing, needs no token, leaves no run behind,
                                                  never touches a live run's results, retry or summary file
              --cancel.new-run                    after a COMPLETED run, start a fresh run (new generation) of the
                                                  same file, sending every row again (default: report the old one)
              --cancel.abandon-unfinished         the input was replaced while a run of it was unfinished: abandon
                                                  that run and start the new file (default: refuse, exit 2)
              --help, -h                          this text
              --version                           the version of this build

            Anything else on the command line is refused (exit 2): an unknown --cancel.* or --frontpayment.* option,
            an argument without --, a -Dname=value after -jar, or a duration without a unit (write 500ms or 15s).
            So is an unknown name in application.yml or a CANCEL_*/FRONTPAYMENT_* variable, and a value out of range
            (a frontpayment timeout under 100ms, a rate <= 0, in-flight outside 1..1024, attempts < 1, ...).

            Files written next to the results file (reservations.results.csv):
              reservations.results.retry.csv      the FAILED rows, verbatim in the input's format: rerun them with
                                                  --cancel.input=reservations.results.retry.csv (absent: none FAILED)
              reservations.results.summary.json   counts per outcome, calls sent, exit code; written last

            Exit codes: 0 completed, no row FAILED; 1 stopped or failed mid-run: rerun to resume;
              2 fix the command or the input; 3 completed, some rows FAILED; 4 token refused: fix it, rerun;
              5 another run holds the job database or this input: try later.
            """;
}
