package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Semantic topics: cosine similarity between chunk embeddings of the request text and the admin's example
 * phrases: every sentence chunk against every example, the best score counts (and is reported with the
 * example it matched). Chunks are cut per segment at sentence boundaries so a resent history yields the same
 * chunks, whose embeddings come from the content-hash cache. Work is bounded: at most {@code max_tokens} new tokens and
 * {@code timeout_ms} per request (the smallest over the topic detectors), on one model thread per JVM with a
 * bounded queue (ONNX Runtime itself uses both cores per call). Over budget, timed out (queue wait included),
 * rejected by the full queue, or failed, the result is "timed out", which the classifier turns into RESTRICTED.
 * Never throws.
 */
final class SemanticDetector {
    static final int CHUNK_WORDS = 48;
    /** One bounded pool for model work per JVM: ONNX Runtime already uses both cores per call. */
    private static final ExecutorService POOL =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "classify-embed");
                t.setDaemon(true);
                return t;
            });

    private final List<Topic> topics = new ArrayList<>();
    private final Embedder embedder;
    private final EmbeddingCache cache;
    private final int maxTokens;
    private final long timeoutNanos;

    private record Topic(DetectorSettings settings, float[][] examples) {}

    record Result(List<Finding> findings, boolean timedOut) {}

    /** A chunk of one segment: normalised text and its span in the original segment. */
    record Chunk(int segment, String text, int start, int end) {
        @Override
        public String toString() {
            return "Chunk[segment=" + segment + ", " + start + ".." + end + "]";
        }
    }

    SemanticDetector(List<DetectorSettings> settings, Embedder embedder) {
        // the shared cache holds only the bundled model's vectors; any other embedder gets its own
        this(
                settings,
                embedder,
                embedder instanceof MiniLmEmbedder m
                        ? EmbeddingCache.shared(m.name())
                        : new EmbeddingCache(EmbeddingCache.DEFAULT_MAX_ENTRIES));
    }

    SemanticDetector(List<DetectorSettings> settings, Embedder embedder, EmbeddingCache cache) {
        this.embedder = embedder;
        this.cache = cache;
        int tokens = Integer.MAX_VALUE;
        int timeout = Integer.MAX_VALUE;
        for (DetectorSettings d : settings) {
            float[][] ex = new float[d.examples().size()][];
            for (int i = 0; i < ex.length; i++) {
                ex[i] = embedder.embed(NormalizedText.of(d.examples().get(i)).text);
            }
            topics.add(new Topic(d, ex));
            tokens = Math.min(tokens, d.maxTokensOrDefault());
            timeout = Math.min(timeout, d.timeoutMsOrDefault());
        }
        this.maxTokens = tokens; // new (uncached) tokens per request
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeout);
    }

    Result scan(List<TextSegment> segments) {
        long deadline = System.nanoTime() + timeoutNanos;
        Future<Result> f = null;
        try {
            List<Chunk> chunks = chunks(segments);
            f = POOL.submit(() -> match(chunks));
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(List.of(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(List.of(), true);
        } catch (java.util.concurrent.ExecutionException | RuntimeException | Error e) {
            // includes RejectedExecutionException (pool queue full) and model failures: fail closed
            return new Result(List.of(), true);
        }
    }

    /**
     * Embeds uncached chunks until the token budget is used up. Over budget, the result is "timed out" (fail
     * closed), but the chunks embedded so far stay cached, so a resent long history is complete after a few
     * requests instead of being refused forever.
     */
    private Result match(List<Chunk> chunks) {
        List<Finding> out = new ArrayList<>();
        int budget = maxTokens;
        boolean complete = true;
        for (Chunk c : chunks) {
            if (Thread.currentThread().isInterrupted()) {
                return new Result(List.of(), true);
            }
            float[] v = cache.peek(c.text());
            if (v == null) {
                int cost = estimateTokens(c.text());
                if (cost > budget) {
                    complete = false;
                    continue;
                }
                budget -= cost;
                v = cache.get(c.text(), embedder);
            }
            for (Topic t : topics) {
                int best = bestExample(v, t.examples());
                double score = similarity(v, t.examples()[best]);
                if (score >= t.settings().thresholdOrDefault()) {
                    out.add(new Finding(
                            t.settings().id(),
                            "TOPIC",
                            t.settings().level(),
                            c.segment(),
                            c.start(),
                            c.end(),
                            score,
                            t.settings().examples().get(best)));
                }
            }
        }
        return complete ? new Result(out, false) : new Result(List.of(), true);
    }

    static double maxSimilarity(float[] v, float[][] examples) {
        return similarity(v, examples[bestExample(v, examples)]);
    }

    /** Index of the example most similar to v (every chunk is scored against every example; the best counts). */
    static int bestExample(float[] v, float[][] examples) {
        int best = 0;
        double bestScore = -2;
        for (int k = 0; k < examples.length; k++) {
            double dot = similarity(v, examples[k]);
            if (dot > bestScore) {
                bestScore = dot;
                best = k;
            }
        }
        return best;
    }

    /** Cosine similarity of two unit vectors. */
    static double similarity(float[] v, float[] e) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * e[i];
        }
        return dot;
    }

    /** ~4 chars per token for English text, rounded up, plus the [CLS]/[SEP] pair. */
    static int estimateTokens(String chunk) {
        return (chunk.length() + 3) / 4 + 2;
    }

    /**
     * Sentence chunks of each segment's normalised text (stable across requests, so resent history hits the
     * cache): a chunk ends after '.', '!', '?', '。', '！', '？' followed by a space, at a line break, or after
     * {@link #CHUNK_WORDS} words. Scoring sentences rather than long windows keeps one sensitive sentence from
     * being diluted by the text around it (issue 12: a paraphrase inside a longer message went out).
     */
    static List<Chunk> chunks(List<TextSegment> segments) {
        List<Chunk> out = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            NormalizedText nt = NormalizedText.of(segments.get(s).text());
            String x = nt.text;
            int i = 0;
            while (i < x.length()) {
                while (i < x.length() && Character.isWhitespace(x.charAt(i))) {
                    i++;
                }
                if (i >= x.length()) {
                    break;
                }
                int a = i;
                int words = 0;
                int e = i;
                while (i < x.length() && words < CHUNK_WORDS) {
                    boolean end = false;
                    while (i < x.length() && !Character.isWhitespace(x.charAt(i))) {
                        char c = x.charAt(i);
                        end = c == '.' || c == '!' || c == '?' || c == '\u3002' || c == '\uff01' || c == '\uff1f';
                        i++;
                    }
                    e = i;
                    words++;
                    boolean lineBreak = false;
                    while (i < x.length() && Character.isWhitespace(x.charAt(i))) {
                        lineBreak |= x.charAt(i) == '\n';
                        i++;
                    }
                    if (end || lineBreak) {
                        break;
                    }
                }
                String text = x.substring(a, e);
                if (text.codePoints().anyMatch(Character::isLetter)) {
                    out.add(new Chunk(s, text, nt.origStart(a), nt.origEnd(e)));
                }
            }
        }
        return out;
    }
}
