package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH benchmark of the classifier (run with bench/classify/run.sh; figures in bench/CLASSIFY.md). SampleTime
 * mode so p50/p99 are reported. Not a unit test: surefire does not run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ClassifyBenchmark {
    static final String SHORT = "Can you summarise the main differences between optimistic and pessimistic locking "
            + "in PostgreSQL and tell me which one fits a ticket booking system with high contention?";

    private Classifier cheap;
    private Classifier semantic;
    private List<TextSegment> shortPrompt;
    private List<TextSegment> conversation;
    private List<TextSegment> history;
    private JsonNode conversationBody;
    private final AtomicLong turn = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        cheap = new Classifier(ClassifierSettings.defaults(List.of("NIGHTJAR", "Blue Heron", "Globex Corporation")));
        shortPrompt = List.of(new TextSegment("messages[0].content", SHORT));
        conversationBody = JsonMapper.builder().build().readTree(BenchData.conversationJson(4000));
        conversation = RequestText.ofChatCompletion(conversationBody);
        if (Boolean.getBoolean("bench.semantic")) {
            DetectorSettings topics = new DetectorSettings(
                    "topics",
                    DetectorKind.SEMANTIC,
                    io.sovereign.gateway.classify.Level.CONFIDENTIAL,
                    null,
                    0.6,
                    List.of("unannounced merger and acquisition terms", "layoffs planned for next quarter"),
                    null,
                    null,
                    8192,
                    60000,
                    System.getProperty("bench.model", "all-minilm-l6-v2"));
            semantic = new Classifier(ClassifierSettings.of(topics));
            history = RequestText.ofChatCompletion(
                    JsonMapper.builder().build().readTree(BenchData.conversationJson(1000)));
            semantic.classify(history, null); // fills the cache: the history is "resent" below
        }
    }

    @Benchmark
    public Classification cheapShortPrompt() {
        return cheap.classify(shortPrompt, null);
    }

    @Benchmark
    public Classification cheapConversation4kTokens() {
        return cheap.classify(conversation, null);
    }

    @Benchmark
    public List<TextSegment> extractConversation4kTokens() {
        return RequestText.ofChatCompletion(conversationBody);
    }

    /** Raw model throughput: one new ~64-token chunk per call (never cached). Run with -t 1 and -t 2. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] embedOneChunk64Tokens() {
        if (semantic == null) {
            throw new IllegalStateException("run with -Dbench.semantic=true");
        }
        return MiniLmEmbedder.shared(System.getProperty("bench.model", "all-minilm-l6-v2"))
                .embed(BenchData.newTurn(turn.incrementAndGet()));
    }

    /** Cached history plus one new turn of ~64 tokens (new text every call, so it is never a cache hit). */
    @Benchmark
    public Classification semanticNewTurnOnCachedHistory() {
        if (semantic == null) {
            throw new IllegalStateException("run with -Dbench.semantic=true");
        }
        List<TextSegment> req = new ArrayList<>(history);
        req.add(new TextSegment("messages[99].content", BenchData.newTurn(turn.incrementAndGet())));
        return semantic.classify(req, null);
    }
}
