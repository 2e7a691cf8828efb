package io.sovereign.inference;

import io.sovereign.inference.config.ServerOptions;
import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.runtime.ModelLoadException;
import java.net.BindException;

/** Entry point: {@code java -jar local-inference.jar --model-dir DIR --port 8000 ...}; exit code 2 on bad input. */
public final class LocalInferenceMain {
    private LocalInferenceMain() {}

    public static void main(String[] args) throws InterruptedException {
        // start-up loads ONNX Runtime, whose native initialisation can overflow the 1 MB default main stack
        Thread startup = new Thread(null, () -> start(args), "startup", GenerationEngine.NATIVE_STACK_BYTES);
        startup.start();
        startup.join();
    }

    private static void start(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (ServerOptions.UsageException e) {
            System.err.println("local-inference: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(ServerOptions.USAGE);
            return;
        }
        try {
            long start = System.nanoTime();
            LocalInferenceServer server = new LocalInferenceServer(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // the process is exiting
                }
            }));
            System.out.printf(
                    "local-inference: serving '%s' on http://%s:%d (%s, %s, ready in %d ms)%n",
                    server.servedName(),
                    options.host(),
                    server.port(),
                    options.device().name().toLowerCase(),
                    options.apiKey().isPresent() ? "API key required" : "no API key",
                    (System.nanoTime() - start) / 1_000_000);
            if (options.apiKey().isEmpty()
                    && !server.boundAddress().getAddress().isLoopbackAddress()) {
                System.err.println("local-inference: WARNING: listening on " + options.host() + " without an API key: "
                        + "anyone who reaches this port can use the model (set --api-key or "
                        + ServerOptions.API_KEY_ENV + ")");
            }
        } catch (ModelLoadException e) {
            System.err.println("local-inference: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                System.err.println("local-inference: cannot listen on " + options.host() + ":" + options.port() + ": "
                        + e.getMessage());
            } else {
                System.err.println("local-inference: failed to start: " + e);
            }
            System.exit(1);
        }
    }
}
