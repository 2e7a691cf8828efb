package io.sovereign.gateway.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code reload} on any change in a policy file's DIRECTORY (a Kubernetes ConfigMap update swaps a symlink,
 * which a watch on the file itself never sees), and every two seconds besides (network mounts deliver no events).
 * The live policy and the candidate in shadow are watched the same way.
 */
final class PolicyFileWatch implements AutoCloseable {

    private final WatchService watcher;
    private final Thread thread;
    private final Runnable reload;

    PolicyFileWatch(Path file, Runnable reload, String threadName) throws IOException {
        Path dir = file.getParent();
        this.reload = reload;
        this.watcher = dir.getFileSystem().newWatchService();
        dir.register(
                watcher,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.poll(2, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents(); // any event in the directory: re-read (symlink swaps rename other entries)
                    key.reset();
                    // editors write in several steps; let the file settle before reading
                    Thread.sleep(50);
                }
                reload.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        watcher.close();
    }
}
