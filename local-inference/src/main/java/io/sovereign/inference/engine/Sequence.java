package io.sovereign.inference.engine;

import io.sovereign.inference.model.IncrementalDetokenizer;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.KvCache;
import io.sovereign.inference.sampling.Sampler;
import io.sovereign.inference.sampling.StopMatcher;
import io.sovereign.inference.template.HarmonyParser;
import java.util.Arrays;
import java.util.Set;

/** One sequence's state while it is generated: its cache row, sampler and the text pipeline to the caller. */
final class Sequence implements GenerationHandle {
    final GenerationRequest request;
    final GenerationListener listener;
    final Sampler sampler;
    private final IncrementalDetokenizer detokenizer;
    private final StopMatcher stops;
    private final HarmonyParser harmony;
    private final Set<Long> eos;
    private final int maxContext;
    private long[] output = new long[32];
    private int generated;
    private double timeToFirstToken = -1;
    private volatile boolean cancelled;
    KvCache cache;
    int row;
    long lastToken;
    GenerationResult.FinishReason finished;

    Sequence(
            GenerationRequest request,
            GenerationListener listener,
            TextTokenizer tokenizer,
            Set<Long> eos,
            int maxContext) {
        this.request = request;
        this.listener = listener;
        this.sampler = new Sampler(request.sampling());
        this.detokenizer = new IncrementalDetokenizer(tokenizer, !request.harmony());
        this.stops = new StopMatcher(request.stop());
        this.harmony = request.harmony() ? new HarmonyParser() : null;
        this.eos = eos;
        this.maxContext = maxContext;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Takes the model's next token; returns true when the sequence is finished. */
    boolean accept(int token) {
        if (timeToFirstToken < 0) {
            timeToFirstToken = (System.nanoTime() - request.receivedNanos()) / 1e9;
        }
        if (generated == output.length) {
            output = Arrays.copyOf(output, generated * 2);
        }
        output[generated++] = token;
        lastToken = token;
        if (eos.contains((long) token)) {
            return finish(GenerationResult.FinishReason.STOP);
        }
        emit(detokenizer.add(token));
        if (stops.stopped()) {
            return finish(GenerationResult.FinishReason.STOP);
        }
        if (generated >= request.maxTokens() || request.promptIds().length + generated >= maxContext) {
            return finish(GenerationResult.FinishReason.LENGTH);
        }
        return false;
    }

    private void emit(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (harmony == null) {
            deliver(stops.accept(text), "");
            return;
        }
        for (HarmonyParser.Part part : harmony.accept(text)) {
            deliverPart(part);
        }
    }

    private void deliverPart(HarmonyParser.Part part) {
        switch (part.kind()) {
            case CONTENT -> deliver(stops.accept(part.text()), "");
            case REASONING -> {
                if (!stops.stopped()) deliver("", part.text());
            }
            case TOOL_CALL -> listener.onToolCall(part.index(), part.name());
            case TOOL_ARGUMENTS -> listener.onToolArguments(part.index(), part.text());
        }
    }

    private void deliver(String content, String reasoning) {
        if (!content.isEmpty() || !reasoning.isEmpty()) {
            listener.onDelta(content, reasoning);
        }
    }

    private boolean finish(GenerationResult.FinishReason reason) {
        if (!stops.stopped()) {
            emit(detokenizer.flush());
            if (harmony != null) {
                harmony.finish().forEach(this::deliverPart);
            }
        }
        deliver(stops.flush(), "");
        finished = stops.stopped()
                ? GenerationResult.FinishReason.STOP
                : harmony != null && harmony.toolCalls() > 0 && reason == GenerationResult.FinishReason.STOP
                        ? GenerationResult.FinishReason.TOOL_CALLS
                        : reason;
        return true;
    }

    GenerationResult result() {
        return new GenerationResult(
                finished, request.promptIds().length, generated, Arrays.copyOf(output, generated), timeToFirstToken);
    }

    int generated() {
        return generated;
    }

    double timeToFirstToken() {
        return timeToFirstToken;
    }
}
