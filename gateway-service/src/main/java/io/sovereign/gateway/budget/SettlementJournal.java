package io.sovereign.gateway.budget;

import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.openai.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settlements Redis did not take, on local disk, so a crash (kill -9, OOM, power loss after the fsync) does not
 * lose spend that happened. Append-only JSON lines, each fsynced before the caller is told DEFERRED: a
 * {@code defer} line per settlement and a {@code done} line once Redis took it (or it was dropped over the
 * bound). At start the lines are replayed: every deferred settlement without its done line is pending again.
 * When nothing is pending the file is truncated. A torn last line (a crash mid-write) is skipped. One process
 * per file: it is locked, and a second gateway on the same file refuses to start.
 */
final class SettlementJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SettlementJournal.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    SettlementJournal(Path file) {
        this.file = file;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                channel.close();
                throw new IllegalStateException(
                        "settlement journal " + file.toAbsolutePath() + " is in use by another gateway;"
                                + " give each replica its own gateway.store.settlement-journal");
            }
            lock = l;
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the settlement journal " + file.toAbsolutePath()
                            + " (gateway.store.settlement-journal)",
                    e);
        }
    }

    /** The settlements still pending in the file, oldest first. */
    synchronized List<RedisBudgetStore.PendingSettlement> replay() {
        Map<String, RedisBudgetStore.PendingSettlement> pending = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = RequestParser.JSON.readTree(line);
                    if ("done".equals(n.path("op").asString())) {
                        pending.remove(n.path("id").asString());
                    } else {
                        RedisBudgetStore.PendingSettlement p = fromJson(n);
                        pending.put(p.reservation().id(), p);
                    }
                } catch (RuntimeException torn) {
                    log.warn("settlement journal {}: skipped an unreadable line (a write cut short by a crash?)", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settlement journal " + file.toAbsolutePath(), e);
        }
        return new ArrayList<>(pending.values());
    }

    synchronized void deferred(RedisBudgetStore.PendingSettlement p) {
        append(toJson(p).toString());
    }

    synchronized void done(String reservationId) {
        ObjectNode n = RequestParser.JSON.createObjectNode();
        n.put("op", "done");
        n.put("id", reservationId);
        append(n.toString());
    }

    /** Nothing pending any more: start the file afresh. */
    synchronized void clear() {
        try {
            channel.truncate(0);
            channel.position(0);
            channel.force(true);
        } catch (IOException e) {
            log.warn("settlement journal {}: truncation failed (replay stays correct, the file just grows)", file, e);
        }
    }

    private void append(String line) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the settlement journal " + file.toAbsolutePath(), e);
        }
    }

    private static ObjectNode toJson(RedisBudgetStore.PendingSettlement p) {
        Reservation r = p.reservation();
        SettledUsage u = p.usage();
        ObjectNode n = RequestParser.JSON.createObjectNode();
        n.put("op", "defer");
        n.put("id", r.id());
        n.put("month", r.month().toString());
        n.put("team", r.team());
        n.put("user", r.user());
        n.put("amount", r.amountMicros());
        n.put("enforced", r.enforced());
        n.put("target", u.target());
        n.put("model", u.model());
        n.put("in", u.inputTokens());
        n.put("cin", u.cachedInputTokens());
        n.put("out", u.outputTokens());
        price(n.putArray("price"), u.price());
        if (u.alternativePrice() != null) {
            price(n.putArray("alt_price"), u.alternativePrice());
        }
        n.put("cost", p.costMicros());
        n.put("alt_cost", p.alternativeCostMicros());
        return n;
    }

    private static void price(tools.jackson.databind.node.ArrayNode a, Price p) {
        a.add(p.inputMicrosPerMillion()).add(p.cachedInputMicrosPerMillion()).add(p.outputMicrosPerMillion());
    }

    private static Price price(JsonNode a) {
        return a == null || a.isNull() || a.isMissingNode()
                ? null
                : new Price(a.get(0).longValue(), a.get(1).longValue(), a.get(2).longValue());
    }

    private static RedisBudgetStore.PendingSettlement fromJson(JsonNode n) {
        Reservation r = new Reservation(
                n.get("id").asString(),
                YearMonth.parse(n.get("month").asString()),
                n.get("team").asString(),
                n.get("user").asString(),
                n.get("amount").longValue(),
                n.get("enforced").booleanValue());
        SettledUsage u = new SettledUsage(
                n.get("target").asString(),
                n.get("model").asString(),
                n.get("in").longValue(),
                n.get("cin").longValue(),
                n.get("out").longValue(),
                price(n.get("price")),
                price(n.get("alt_price")));
        return new RedisBudgetStore.PendingSettlement(
                r, u, n.get("cost").longValue(), n.get("alt_cost").longValue());
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.debug("settlement journal {}: close failed", file, e);
        }
    }
}
