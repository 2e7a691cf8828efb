package io.sovereign.gateway.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by its SHA-1, loaded again with EVAL when Redis answers NOSCRIPT (after a restart
 * the script cache is empty, and the gateway must recover by itself).
 */
public final class LuaScript {
    private final String name;
    private final String body;
    private final String sha;

    public LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    /** Loads {@code resourcePath} from the classpath, e.g. {@code budget/reserve.lua}. */
    public static LuaScript fromResource(String resourcePath) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resourcePath)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script on the classpath: " + resourcePath);
            }
            return new LuaScript(resourcePath, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Lua script " + resourcePath, e);
        }
    }

    /** The script made of a shared head (e.g. budget/purge.lua) followed by its own body. */
    public static LuaScript fromResources(String headPath, String bodyPath) {
        LuaScript head = fromResource(headPath);
        LuaScript body = fromResource(bodyPath);
        return new LuaScript(bodyPath, head.body + "\n" + body.body);
    }

    /** Runs the script; the reply is a flat list of integers (Lua tables of numbers). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<Object>> run(
            RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<List<Object>> first = redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture();
        return first.handle((reply, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    if (unwrap(error) instanceof RedisNoScriptException) {
                        return redis.<List<Object>>eval(body, ScriptOutputType.MULTI, keys, args)
                                .toCompletableFuture();
                    }
                    return CompletableFuture.<List<Object>>failedFuture(error);
                })
                .thenCompose(f -> f);
    }

    public String name() {
        return name;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
