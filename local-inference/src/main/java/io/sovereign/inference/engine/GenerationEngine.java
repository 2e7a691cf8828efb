package io.sovereign.inference.engine;

import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.runtime.KvCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs every generation on one engine thread that owns the model: admits queued requests up to
 * {@code maxSequences} (prefill: together in one right-padded run where the graph's rows are prefix-aligned, else
 * one at a time; a prompt longer than one prefill chunk alone, chunk by chunk), then advances all active sequences
 * together in batched decode steps (continuous batching). The wait queue is bounded: when it is full, {@link #submit} refuses at once.
 */
public final class GenerationEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GenerationEngine.class.getName());
    /** Stack for threads that call into ONNX Runtime. */
    public static final long NATIVE_STACK_BYTES = 16L << 20;

    private final DecoderModel model;
    private final TextTokenizer tokenizer;
    private final Set<Long> eos;
    private final int maxSequences;
    private final int maxContext;
    private final Metrics metrics;
    private final BlockingQueue<Sequence> queue;
    private final List<Sequence> active = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int activeCount;
    private KvCache batch;
    private List<Sequence> batchRows = List.of();

    public GenerationEngine(
            DecoderModel model,
            TextTokenizer tokenizer,
            Set<Long> eos,
            int maxSequences,
            int maxQueue,
            int maxContext,
            Metrics metrics) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.eos = Set.copyOf(eos);
        this.maxSequences = model.supportsBatching() ? maxSequences : 1;
        this.maxContext = maxContext;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, maxQueue));
        metrics.bindGauges(queue::size, () -> activeCount);
        // ONNX Runtime's native code needs more stack than Java's 1 MB default (it crashed with SIGSEGV here)
        this.thread = new Thread(null, this::loop, "generation-engine", NATIVE_STACK_BYTES);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public int maxContext() {
        return maxContext;
    }

    /** Queues a generation or refuses it at once when the queue is full (never an unbounded backlog). */
    public GenerationHandle submit(GenerationRequest request, GenerationListener listener) throws QueueFullException {
        Sequence s = new Sequence(request, listener, tokenizer, eos, maxContext);
        if (!queue.offer(s)) {
            metrics.rejected();
            throw new QueueFullException(queue.size(), 1);
        }
        return s;
    }

    private void loop() {
        while (running) {
            try {
                List<Sequence> admitted = new ArrayList<>();
                if (active.isEmpty()) {
                    Sequence s = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (s == null) {
                        continue;
                    }
                    admitted.add(s);
                }
                Sequence waiting;
                while (active.size() + admitted.size() < maxSequences && (waiting = queue.poll()) != null) {
                    admitted.add(waiting);
                }
                admit(admitted);
                dropCancelled();
                if (!active.isEmpty()) {
                    decodeStep();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | OutOfMemoryError e) {
                LOG.log(Level.SEVERE, "generation step failed", e);
                Exception error = e instanceof Exception ex ? ex : new IllegalStateException(e);
                for (Sequence s : active) {
                    s.listener.onError(error);
                }
                active.clear();
                batch = null;
                batchRows = List.of();
            }
            activeCount = active.size();
        }
    }

    /** Prefills newly admitted sequences: short prompts together where the graph allows it, the rest alone. */
    private void admit(List<Sequence> admitted) {
        List<Sequence> group = new ArrayList<>();
        int chunk = model.prefillChunkTokens();
        int longest = 0;
        for (Sequence s : admitted) {
            if (s.cancelled()) {
                metrics.cancelled();
                continue;
            }
            int n = s.request.promptIds().length;
            metrics.promptTokens(n);
            if (!model.batchesPrefill() || n > chunk) {
                prefillAlone(s);
                continue;
            }
            // one run's logits stay within the chunk budget: rows x longest prompt positions
            if ((group.size() + 1) * Math.max(longest, n) > chunk) {
                prefillTogether(group, longest);
                group = new ArrayList<>();
                longest = 0;
            }
            group.add(s);
            longest = Math.max(longest, n);
        }
        if (!group.isEmpty()) {
            prefillTogether(group, longest);
        }
        activeCount = active.size();
    }

    private void prefillAlone(Sequence s) {
        try {
            started(s, prefill(s.request.promptIds(), s)[0]);
        } catch (Exception | OutOfMemoryError e) {
            LOG.log(Level.SEVERE, "prefill failed", e);
            s.listener.onError(e instanceof Exception ex ? ex : new IllegalStateException(e));
        }
    }

    /** One right-padded run for prompts that all fit one chunk; each row's logits are read at its own last token. */
    private void prefillTogether(List<Sequence> group, int longest) {
        if (group.size() == 1) {
            prefillAlone(group.get(0));
            return;
        }
        int rows = group.size();
        long[] ids = new long[rows * longest];
        int[] real = new int[rows];
        int reserve = 0;
        for (int r = 0; r < rows; r++) {
            long[] prompt = group.get(r).request.promptIds();
            System.arraycopy(prompt, 0, ids, r * longest, prompt.length);
            real[r] = prompt.length;
            reserve = Math.max(reserve, Math.min(32, group.get(r).request.maxTokens()));
        }
        float[][] logits;
        KvCache cache = model.newCache(rows, longest + reserve);
        try {
            logits = model.forward(cache, ids, longest, real);
        } catch (Exception | OutOfMemoryError e) {
            LOG.log(Level.SEVERE, "batched prefill failed", e);
            for (Sequence s : group) {
                s.listener.onError(e instanceof Exception ex ? ex : new IllegalStateException(e));
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            Sequence s = group.get(r);
            s.cache = cache;
            s.row = r;
            started(s, logits[r]);
        }
    }

    private void started(Sequence s, float[] logits) {
        metrics.generatedToken();
        if (s.accept(s.sampler.next(logits))) {
            complete(s);
        } else {
            active.add(s);
        }
        metrics.firstToken(s.timeToFirstToken());
    }

    /**
     * Runs the prompt through the model in chunks, so the logits of a long prompt never need one huge buffer
     * (a 200k vocabulary makes 800 KB of logits per prompt token).
     */
    private float[][] prefill(long[] prompt, Sequence s) throws Exception {
        KvCache cache = model.newCache(Math.min(maxContext, prompt.length + s.request.maxTokens()));
        int chunk = model.prefillChunkTokens();
        float[][] logits = null;
        for (int from = 0; from < prompt.length; from += chunk) {
            int n = Math.min(chunk, prompt.length - from);
            logits = model.forward(cache, java.util.Arrays.copyOfRange(prompt, from, from + n), n);
        }
        s.cache = cache;
        s.row = 0;
        return logits;
    }

    private void dropCancelled() {
        active.removeIf(s -> {
            if (s.cancelled()) {
                metrics.cancelled();
                return true;
            }
            return false;
        });
    }

    private void decodeStep() throws Exception {
        long start = System.nanoTime();
        KvCache cache = cacheFor(active);
        long[] ids = new long[active.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = active.get(i).lastToken;
        }
        float[][] logits = model.forward(cache, ids, 1);
        metrics.decodeStep(ids.length, System.nanoTime() - start);
        List<Sequence> done = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Sequence s = active.get(i);
            metrics.generatedToken();
            if (s.accept(s.sampler.next(logits[i]))) {
                done.add(s);
            }
        }
        for (Sequence s : done) {
            active.remove(s);
            complete(s);
        }
    }

    /** The batch cache for these sequences: reused while membership is unchanged, re-packed when it changes. */
    private KvCache cacheFor(List<Sequence> rows) {
        if (batch != null && batchRows.equals(rows)) {
            return batch;
        }
        if (rows.size() == 1 && rows.get(0).cache.rows() == 1) {
            batch = rows.get(0).cache;
        } else {
            List<KvCache.Row> sources = new ArrayList<>();
            for (Sequence s : rows) {
                sources.add(new KvCache.Row(s.cache, s.row));
            }
            batch = model.batch(sources, 32);
            for (int r = 0; r < rows.size(); r++) {
                rows.get(r).cache = batch;
                rows.get(r).row = r;
            }
        }
        batchRows = List.copyOf(rows);
        return batch;
    }

    private void complete(Sequence s) {
        GenerationResult result = s.result();
        try {
            s.listener.onComplete(result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed", e);
        }
    }

    public int queueDepth() {
        return queue.size();
    }

    public int activeSequences() {
        return activeCount;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
