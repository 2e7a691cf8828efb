package io.sovereign.inference.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes gpt-oss's tokenizer (o200k_harmony, 201,088 ids) as a Hugging Face {@code tokenizer.json}, offline: the
 * byte-pair ranks come from {@code o200k_base.tiktoken} inside jtokkit's jar (the file tiktoken downloads, checked by
 * its SHA-256), the merges are recovered from the ranks the way transformers' tiktoken converter does, and the
 * harmony special tokens are added at tiktoken's ids (id 200018 is {@code <|endofprompt|>}: tiktoken's table also
 * names it {@code <|reserved_200018|>}, and listing both would shift every later id by one).
 * Run: {@code java -Dloader.main=io.sovereign.inference.model.HarmonyTokenizerFile -jar local-inference.jar DIR}.
 */
public final class HarmonyTokenizerFile {
    public static final int VOCAB_SIZE = 201_088;
    static final String RANKS_RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";
    static final String RANKS_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d";
    /** tiktoken's o200k pattern, as the Split pre-tokenizer of the published gpt-oss tokenizer.json has it. */
    static final String PATTERN = String.join(
            "|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+");

    private HarmonyTokenizerFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HarmonyTokenizerFile OUT_DIR (writes tokenizer.json and tokenizer_config.json)");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    /** The harmony special tokens by id, 199998..201087. */
    public static Map<Integer, String> specialTokens() {
        Map<Integer, String> specials = new TreeMap<>();
        for (int id = 200_000; id < VOCAB_SIZE; id++) {
            specials.put(id, "<|reserved_" + id + "|>");
        }
        specials.put(199_998, "<|startoftext|>");
        specials.put(199_999, "<|endoftext|>");
        specials.put(200_002, "<|return|>");
        specials.put(200_003, "<|constrain|>");
        specials.put(200_005, "<|channel|>");
        specials.put(200_006, "<|start|>");
        specials.put(200_007, "<|end|>");
        specials.put(200_008, "<|message|>");
        specials.put(200_012, "<|call|>");
        specials.put(200_018, "<|endofprompt|>");
        return specials;
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (created if missing). */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Integer> ranks = readRanks();
        String[] byRank = new String[ranks.size()];
        ranks.forEach((token, rank) -> byRank[rank] = token);
        char[] byteChars = byteLevelAlphabet();
        Path tmp = dir.resolve("tokenizer.json.tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[");
            boolean first = true;
            for (Map.Entry<Integer, String> special : specialTokens().entrySet()) {
                out.write(
                        (first ? "" : ",") + "{\"id\":" + special.getKey() + ",\"content\":" + quote(special.getValue())
                                + ",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
                first = false;
            }
            out.write(
                    "],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":["
                            + "{\"type\":\"Split\",\"pattern\":{\"Regex\":" + quote(PATTERN)
                            + "},\"behavior\":\"Isolated\",\"invert\":false},"
                            + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}]},"
                            + "\"post_processor\":null,"
                            + "\"decoder\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true},"
                            + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"continuing_subword_prefix\":null,"
                            + "\"end_of_word_suffix\":null,\"fuse_unk\":false,\"byte_fallback\":false,\"ignore_merges\":false,\"vocab\":{");
            for (int rank = 0; rank < byRank.length; rank++) {
                out.write((rank == 0 ? "" : ",") + quote(byteLevel(byRank[rank], byteChars)) + ":" + rank);
            }
            out.write("},\"merges\":[");
            first = true;
            for (int rank = 0; rank < byRank.length; rank++) {
                for (String[] merge : merges(byRank[rank], ranks)) {
                    out.write((first ? "" : ",") + "[" + quote(byteLevel(merge[0], byteChars)) + ","
                            + quote(byteLevel(merge[1], byteChars)) + "]");
                    first = false;
                }
            }
            out.write("]}}");
        }
        Files.move(tmp, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<|startoftext|>", "eos_token": "<|return|>",
                 "pad_token": "<|endoftext|>", "model_max_length": 131072, "clean_up_tokenization_spaces": false}
                """);
    }

    /**
     * Every split of a token into two tokens that both rank below it (transformers' converter keeps them all, ordered
     * by the parts' ranks): with merges listed by the merged token's rank, BPE then merges exactly as tiktoken does.
     */
    static List<String[]> merges(String token, Map<String, Integer> ranks) {
        List<String[]> local = new ArrayList<>();
        if (token.length() < 2) {
            return local;
        }
        for (int i = 1; i < token.length(); i++) {
            String left = token.substring(0, i);
            String right = token.substring(i);
            if (ranks.containsKey(left) && ranks.containsKey(right)) {
                local.add(new String[] {left, right});
            }
        }
        local.sort((a, b) -> ranks.get(a[0]).equals(ranks.get(b[0]))
                ? Integer.compare(ranks.get(a[1]), ranks.get(b[1]))
                : Integer.compare(ranks.get(a[0]), ranks.get(b[0])));
        return local;
    }

    /** Token bytes (held as ISO-8859-1 chars, one per byte) to rank, checked against tiktoken's SHA-256. */
    static Map<String, Integer> readRanks() throws IOException {
        byte[] file;
        try (InputStream in = HarmonyTokenizerFile.class.getResourceAsStream(RANKS_RESOURCE)) {
            if (in == null) {
                throw new IOException(RANKS_RESOURCE + " is not on the class path (it ships in com.knuddels:jtokkit)");
            }
            file = in.readAllBytes();
        }
        try {
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(file));
            if (!sha.equals(RANKS_SHA256)) {
                throw new IOException(RANKS_RESOURCE + " has SHA-256 " + sha + ", not tiktoken's " + RANKS_SHA256);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Integer> ranks = new HashMap<>(400_000);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new java.io.ByteArrayInputStream(file), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) continue;
                int space = line.indexOf(' ');
                byte[] bytes = Base64.getDecoder().decode(line.substring(0, space));
                ranks.put(new String(bytes, StandardCharsets.ISO_8859_1), Integer.parseInt(line.substring(space + 1)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return ranks;
    }

    /** GPT-2's byte-to-character table that byte-level BPE vocabularies are written in. */
    static char[] byteLevelAlphabet() {
        char[] table = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return table;
    }

    private static String byteLevel(String bytes, char[] table) {
        StringBuilder b = new StringBuilder(bytes.length());
        for (int i = 0; i < bytes.length(); i++) {
            b.append(table[bytes.charAt(i) & 0xFF]);
        }
        return b.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
