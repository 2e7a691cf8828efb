package io.sovereign.gateway.classify;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each detector alone (including the shared normalisation and digit-run scan it needs; "baseline" is that
 * shared part alone), and the whole classifier with the default detectors, on 4 MB inputs built to hit
 * their triggers as often as possible (issue 12's goal: <= 200 ms each). Run with bench/classify/run.sh
 * 'DetectorAdversarialBenchmark'; figures in bench/CLASSIFY.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DetectorAdversarialBenchmark {
    static final int SIZE = 4 * 1024 * 1024;

    @Param({
        "payment-card",
        "national-id",
        "secret",
        "iban",
        "email",
        "phone",
        "bank-account",
        "crypto-wallet",
        "network-address",
        "codenames",
        "baseline",
        "all"
    })
    public String detector;

    @Param({
        "digit-groups",
        "random-digit-groups",
        "repeated-separators",
        "long-base64",
        "deep-json",
        "many-keys",
        "mixed-ids"
    })
    public String input;

    private String text;
    private Detector single;
    private Classifier all;

    @Setup
    public void setUp() {
        text = input(input);
        ClassifierSettings defaults = ClassifierSettings.defaults(List.of("NIGHTJAR", "Blue Heron"));
        if (detector.equals("all")) {
            all = new Classifier(defaults);
        } else if (detector.equals("baseline")) {
            single = (t, sink) -> sink.hit("DIGIT_RUNS", 0, t.digitRuns().nDigits); // shared normalisation + digit runs
        } else {
            DetectorSettings d = defaults.detectors().get(detector);
            single = switch (d.kind()) {
                case PAYMENT_CARD -> new PaymentCardDetector(d);
                case NATIONAL_ID -> new NationalIdDetector(d);
                case SECRET -> new SecretDetector();
                case IBAN -> new IbanDetector(d);
                case EMAIL -> new EmailDetector(d);
                case PHONE -> new PhoneDetector(d);
                case BANK_ACCOUNT -> new BankAccountDetector(d);
                case CRYPTO_WALLET -> new CryptoWalletDetector();
                case NETWORK_ADDRESS -> new NetworkAddressDetector();
                case DICTIONARY -> new DictionaryDetector(d);
                case SEMANTIC -> throw new IllegalArgumentException(detector);
            };
        }
    }

    static String input(String kind) {
        Random r = new Random(12);
        StringBuilder b = new StringBuilder(SIZE + 64);
        String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int k = 0;
        while (b.length() < SIZE) {
            switch (kind) {
                case "digit-groups" -> b.append("0012 ");
                case "random-digit-groups" -> b.append(String.format("%04d ", r.nextInt(10000)));
                case "repeated-separators" -> b.append("4 - . / ( ) ");
                case "long-base64" -> b.append(b64.charAt(r.nextInt(64)));
                case "deep-json" -> b.append("{\"a\":[");
                case "many-keys" ->
                    b.append("\"key")
                            .append(k++)
                            .append("\": \"v")
                            .append(r.nextInt(1000))
                            .append("\", ");
                case "mixed-ids" ->
                    b.append("AB12 ")
                            .append(r.nextInt(1_000_000))
                            .append(" x@")
                            .append(k++ % 97)
                            .append(".io +")
                            .append(r.nextInt(100))
                            .append(" 1.2.3.")
                            .append(r.nextInt(256))
                            .append(" ");
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return b.toString();
    }

    @Benchmark
    public void scan(Blackhole bh) {
        if (all != null) {
            bh.consume(all.classify(List.of(new TextSegment("messages[0].content", text)), null));
        } else {
            NormalizedText t = NormalizedText.of(text);
            single.scan(t, (kind, a, e) -> bh.consume(a));
        }
    }
}
