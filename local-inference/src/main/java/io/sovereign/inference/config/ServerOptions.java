package io.sovereign.inference.config;

import io.sovereign.inference.runtime.DecoderModel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's command-line settings, checked. {@code maxContext} 0 means "the model's own limit". The API key comes
 * from {@code --api-key} or, when that is absent, the {@code LOCAL_INFERENCE_API_KEY} environment variable (a flag's
 * value shows in the process list; the variable does not); {@link #toString} never prints it.
 */
public record ServerOptions(
        Path modelDir,
        String host,
        int port,
        Optional<String> servedModelName,
        Optional<Path> embeddingModelDir,
        String embeddingModelName,
        DecoderModel.Device device,
        int threads,
        int maxConcurrentSequences,
        int maxQueue,
        int maxContext,
        Optional<String> apiKey,
        int defaultMaxTokens,
        int readTimeoutSeconds,
        int idleTimeoutSeconds) {
    public static final String API_KEY_ENV = "LOCAL_INFERENCE_API_KEY";

    public static final String USAGE = """
            usage: java -jar local-inference.jar --model-dir DIR [options]
              --model-dir DIR                 ONNX causal-LM export (model.onnx or onnx/model*.onnx, config.json,
                                              tokenizer.json, tokenizer_config.json, generation_config.json)
              --port N                        listen port (default 8000)
              --host ADDR                     listen address (default 127.0.0.1, loopback only; 0.0.0.0 for all)
              --api-key KEY                   require "Authorization: Bearer KEY" on /v1/* and /metrics
                                              (default: $LOCAL_INFERENCE_API_KEY; unset = no key)
              --default-max-tokens N          output cap when a request sets no max_tokens (default 4096)
              --read-timeout-seconds N        time a client has to send a whole request once it starts (default 30)
              --idle-timeout-seconds N        an idle keep-alive connection is closed after it (default 60)
              --served-model-name NAME        model name clients use (default: the model dir's name)
              --embedding-model-dir DIR       sentence-embedding ONNX model + tokenizer.json for /v1/embeddings
              --embedding-model-name NAME     its name (default all-minilm-l6-v2)
              --device cpu|cuda               execution provider (default cpu; cuda needs the -Pcuda build)
              --threads N                     ONNX Runtime intra-op threads (default: all cores)
              --max-concurrent-sequences N    sequences decoded together in one batch (default 8)
              --max-queue N                   requests that may wait for a slot; beyond it 429 (default 64)
              --max-context N                 context limit in tokens (default: the model's max_position_embeddings)
              --help                          this text
            """;

    private static final java.util.Set<String> FLAGS = java.util.Set.of(
            "--model-dir",
            "--host",
            "--port",
            "--served-model-name",
            "--embedding-model-dir",
            "--embedding-model-name",
            "--device",
            "--threads",
            "--max-concurrent-sequences",
            "--max-queue",
            "--max-context",
            "--api-key",
            "--default-max-tokens",
            "--read-timeout-seconds",
            "--idle-timeout-seconds");

    public ServerOptions {
        if (port < 0 || port > 65535) throw new UsageException("--port must be 0..65535");
        if (threads < 0) throw new UsageException("--threads must be >= 0");
        if (maxConcurrentSequences < 1) throw new UsageException("--max-concurrent-sequences must be >= 1");
        if (maxQueue < 1) throw new UsageException("--max-queue must be >= 1");
        if (maxContext < 0) throw new UsageException("--max-context must be >= 1");
        if (apiKey.isPresent() && apiKey.get().isBlank()) {
            throw new UsageException("--api-key (or " + API_KEY_ENV + ") must not be empty");
        }
        if (defaultMaxTokens < 1) throw new UsageException("--default-max-tokens must be >= 1");
        if (readTimeoutSeconds < 1) throw new UsageException("--read-timeout-seconds must be >= 1");
        if (idleTimeoutSeconds < 1) throw new UsageException("--idle-timeout-seconds must be >= 1");
    }

    @Override
    public String toString() {
        return "ServerOptions[modelDir=" + modelDir + ", host=" + host + ", port=" + port + ", apiKey="
                + (apiKey.isPresent() ? "(set)" : "(none)") + ", defaultMaxTokens=" + defaultMaxTokens + "]";
    }

    /** Parses the arguments; {@code null} means --help was asked for. */
    public static ServerOptions parse(String... args) {
        return parse(System.getenv(), args);
    }

    /** Parses with the given environment (for {@value #API_KEY_ENV}). */
    public static ServerOptions parse(java.util.Map<String, String> env, String... args) {
        Path modelDir = null;
        String host = "127.0.0.1";
        String apiKey = env.get(API_KEY_ENV);
        int defaultMaxTokens = 4096;
        int readTimeout = 30;
        int idleTimeout = 60;
        int port = 8000;
        String served = null;
        Path embeddingDir = null;
        String embeddingName = "all-minilm-l6-v2";
        DecoderModel.Device device = DecoderModel.Device.CPU;
        int threads = 0;
        int maxSeqs = 8;
        int maxQueue = 64;
        int maxContext = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown option '" + flag + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) throw new UsageException(flag + " needs a value");
                value = args[++i];
            }
            switch (flag) {
                case "--model-dir" -> modelDir = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = integer(flag, value);
                case "--served-model-name" -> served = value;
                case "--embedding-model-dir" -> embeddingDir = Path.of(value);
                case "--embedding-model-name" -> embeddingName = value;
                case "--device" ->
                    device = switch (value) {
                        case "cpu" -> DecoderModel.Device.CPU;
                        case "cuda" -> DecoderModel.Device.CUDA;
                        default -> throw new UsageException("--device must be cpu or cuda, not '" + value + "'");
                    };
                case "--threads" -> threads = integer(flag, value);
                case "--max-concurrent-sequences" -> maxSeqs = integer(flag, value);
                case "--max-queue" -> maxQueue = integer(flag, value);
                case "--max-context" -> maxContext = integer(flag, value);
                case "--api-key" -> apiKey = value;
                case "--default-max-tokens" -> defaultMaxTokens = integer(flag, value);
                case "--read-timeout-seconds" -> readTimeout = integer(flag, value);
                case "--idle-timeout-seconds" -> idleTimeout = integer(flag, value);
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (modelDir == null) throw new UsageException("--model-dir is required");
        return new ServerOptions(
                modelDir,
                host,
                port,
                Optional.ofNullable(served),
                Optional.ofNullable(embeddingDir),
                embeddingName,
                device,
                threads,
                maxSeqs,
                maxQueue,
                maxContext,
                Optional.ofNullable(apiKey),
                defaultMaxTokens,
                readTimeout,
                idleTimeout);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be an integer, not '" + value + "'");
        }
    }

    /** A bad command line; the message is printed as one line and the process exits with code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
