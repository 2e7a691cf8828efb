package io.sovereign.inference.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The server's Prometheus metrics (prefix {@code local_inference_}), rendered in the text exposition format. */
public final class Metrics {
    private static final double[] LATENCY_BUCKETS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder generatedTokens = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder decodeSteps = new LongAdder();
    private final LongAdder decodeRows = new LongAdder();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final Histogram timeToFirstToken = new Histogram(LATENCY_BUCKETS);
    private final Histogram requestDuration = new Histogram(LATENCY_BUCKETS);
    private final RateWindow tokenRate = new RateWindow(10);
    private volatile IntSupplier queueDepth = () -> 0;
    private volatile IntSupplier activeSequences = () -> 0;

    public void bindGauges(IntSupplier queueDepth, IntSupplier activeSequences) {
        this.queueDepth = queueDepth;
        this.activeSequences = activeSequences;
    }

    public void request(String endpoint, int status, double seconds) {
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder())
                .increment();
        requestDuration.observe(seconds);
    }

    public void promptTokens(int n) {
        promptTokens.add(n);
    }

    public void generatedToken() {
        generatedTokens.increment();
        tokenRate.add(1);
    }

    public void firstToken(double seconds) {
        timeToFirstToken.observe(seconds);
    }

    public void rejected() {
        rejected.increment();
    }

    public void cancelled() {
        cancelled.increment();
    }

    public void decodeStep(int rows, long nanos) {
        decodeSteps.increment();
        decodeRows.add(rows);
        decodeNanos.addAndGet(nanos);
    }

    public long generatedTokens() {
        return generatedTokens.sum();
    }

    public long cancelledCount() {
        return cancelled.sum();
    }

    /** Mean sequences per decode step so far (1.0 = no batching happened). */
    public double meanDecodeBatch() {
        long steps = decodeSteps.sum();
        return steps == 0 ? 0 : (double) decodeRows.sum() / steps;
    }

    public String scrape() {
        StringBuilder b = new StringBuilder(4096);
        b.append("# HELP local_inference_requests_total Requests by endpoint and HTTP status.\n");
        b.append("# TYPE local_inference_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> {
            String[] parts = k.split("\u0000");
            b.append("local_inference_requests_total{endpoint=\"")
                    .append(parts[0])
                    .append("\",status=\"")
                    .append(parts[1])
                    .append("\"} ")
                    .append(v.sum())
                    .append('\n');
        });
        counter(b, "local_inference_generated_tokens_total", "Tokens generated.", generatedTokens.sum());
        counter(b, "local_inference_prompt_tokens_total", "Prompt tokens processed.", promptTokens.sum());
        counter(
                b,
                "local_inference_rejected_total",
                "Requests refused with 429 because the queue was full.",
                rejected.sum());
        counter(
                b,
                "local_inference_cancelled_total",
                "Generations stopped because the client went away.",
                cancelled.sum());
        counter(b, "local_inference_decode_steps_total", "Batched decode steps run.", decodeSteps.sum());
        counter(
                b,
                "local_inference_decode_rows_total",
                "Sequences advanced by decode steps (rows/steps = mean batch).",
                decodeRows.sum());
        counter(b, "local_inference_decode_seconds_total", "Time spent in decode steps.", decodeNanos.get() / 1e9);
        gauge(b, "local_inference_queue_depth", "Requests waiting for a sequence slot.", queueDepth.getAsInt());
        gauge(b, "local_inference_active_sequences", "Sequences being generated.", activeSequences.getAsInt());
        gauge(
                b,
                "local_inference_tokens_per_second",
                "Generated tokens per second over the last 10 s.",
                tokenRate.perSecond());
        timeToFirstToken.write(
                b, "local_inference_time_to_first_token_seconds", "Time from request to first generated token.");
        requestDuration.write(b, "local_inference_request_duration_seconds", "Request duration.");
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ")
                .append(name)
                .append(" counter\n")
                .append(name)
                .append(' ')
                .append(fmt(v))
                .append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append(' ')
                .append(fmt(v))
                .append('\n');
    }

    static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A fixed-bucket histogram. */
    static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final LongAdder count = new LongAdder();
        private final AtomicLong sumMicros = new AtomicLong();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
        }

        void observe(double seconds) {
            for (int i = 0; i < bounds.length; i++) {
                if (seconds <= bounds[i]) counts[i].increment();
            }
            count.increment();
            sumMicros.addAndGet((long) (seconds * 1e6));
        }

        void write(StringBuilder b, String name, String help) {
            b.append("# HELP ").append(name).append(' ').append(help).append('\n');
            b.append("# TYPE ").append(name).append(" histogram\n");
            for (int i = 0; i < bounds.length; i++) {
                b.append(name)
                        .append("_bucket{le=\"")
                        .append(bounds[i])
                        .append("\"} ")
                        .append(counts[i].sum())
                        .append('\n');
            }
            b.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            b.append(name).append("_sum ").append(sumMicros.get() / 1e6).append('\n');
            b.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }

    /** Events per second over a sliding window of whole seconds. */
    static final class RateWindow {
        private final long[] counts;
        private final long[] seconds;

        RateWindow(int windowSeconds) {
            counts = new long[windowSeconds];
            seconds = new long[windowSeconds];
        }

        synchronized void add(long n) {
            long now = System.nanoTime() / 1_000_000_000L;
            int i = (int) (now % counts.length);
            if (seconds[i] != now) {
                seconds[i] = now;
                counts[i] = 0;
            }
            counts[i] += n;
        }

        synchronized double perSecond() {
            long now = System.nanoTime() / 1_000_000_000L;
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                if (now - seconds[i] < counts.length) total += counts[i];
            }
            return (double) total / counts.length;
        }
    }
}
