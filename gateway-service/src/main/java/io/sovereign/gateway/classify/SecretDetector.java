package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Secrets with a recognisable shape. Token formats (cloud keys, GitHub/GitLab/Slack/OpenAI/Anthropic/Stripe/npm/
 * PyPI/Hugging Face/SendGrid/Discord/Twilio/Shopify/Mailgun/Datadog tokens, Azure client secrets ...) are data:
 * {@link TokenRules} plus the policy's own {@code rules}. Structured ones are code here: PEM and PGP private
 * keys, JWTs (signed or unsigned), credentials in connection strings and URLs, GCP service-account JSON,
 * Azure connection strings and SAS tokens, an AWS secret key after its key id. Assignments and high-entropy
 * values next to key words are {@link CredentialAssignments}. Every rule starts from a literal found with
 * indexOf, so text without any trigger costs a few scans.
 */
final class SecretDetector implements Detector {
    private final CredentialAssignments assignments = new CredentialAssignments();
    private final List<TokenRule.Compiled> rules;

    SecretDetector() {
        this(List.of());
    }

    SecretDetector(List<TokenRule> own) {
        List<TokenRule.Compiled> all = new ArrayList<>(TokenRules.compiledShipped());
        own.forEach(r -> all.add(new TokenRule.Compiled(r)));
        this.rules = List.copyOf(all);
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        String s = t.text;
        Bigrams pairs = t.bigrams();
        for (TokenRule.Compiled r : rules) {
            r.scan(t, pairs, sink);
        }
        pem(s, sink);
        jwt(s, sink);
        urlCredentials(s, sink);
        gcpServiceAccount(t, sink);
        azure(t, sink);
        awsSecretAfterKeyId(s, sink);
        assignments.scan(t, sink);
    }

    enum Tok {
        UPPER_DIGIT,
        ALNUM,
        ALNUM_UNDERSCORE,
        ALNUM_DASH,
        URLSAFE,
        PATH,
        BASE64;

        boolean accepts(char c) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            return switch (this) {
                case UPPER_DIGIT -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                case ALNUM -> alnum;
                case ALNUM_UNDERSCORE -> alnum || c == '_';
                case ALNUM_DASH -> alnum || c == '-';
                case URLSAFE -> alnum || c == '-' || c == '_';
                case PATH -> alnum || c == '/';
                case BASE64 -> alnum || c == '+' || c == '/' || c == '=';
            };
        }
    }

    static int tokenEnd(String s, int from, Tok tok, int limit) {
        int e = from;
        while (e < s.length() && e - from < limit && tok.accepts(s.charAt(e))) {
            e++;
        }
        return e;
    }

    /** Real tokens mix letters and digits; "sk-this-is-not-a-key-at-all" does not. */
    static boolean mixed(String s, int from, int to) {
        boolean letter = false;
        boolean digit = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    private static void pem(String s, Sink sink) {
        int i = s.indexOf("-----BEGIN ");
        while (i >= 0) {
            int head = s.indexOf("-----", i + 11);
            if (head > 0 && head - i < 60 && s.substring(i + 11, head).contains("PRIVATE KEY")) {
                int body = head + 5;
                int b64 = 0;
                int k = body;
                while (k < s.length() && k - body < 400 && b64 < 64) {
                    char c = s.charAt(k);
                    if (Tok.BASE64.accepts(c)) {
                        b64++;
                    } else if (c == '-') {
                        break;
                    }
                    k++;
                }
                if (b64 >= 40) {
                    int end = s.indexOf("-----END ", k);
                    int stop = end < 0 ? k : Math.min(s.length(), s.indexOf("-----", end + 9) + 5);
                    sink.hit("PRIVATE_KEY", i, Math.max(stop, k));
                }
            }
            i = s.indexOf("-----BEGIN ", i + 11);
        }
    }

    private static void jwt(String s, Sink sink) {
        int i = s.indexOf("eyJ");
        while (i >= 0) {
            int e1 = tokenEnd(s, i, Tok.URLSAFE, 4096);
            if (e1 - i >= 10
                    && e1 < s.length()
                    && s.charAt(e1) == '.'
                    && (i == 0 || !Tok.URLSAFE.accepts(s.charAt(i - 1)))) {
                int e2 = tokenEnd(s, e1 + 1, Tok.URLSAFE, 16384);
                // "header.payload." with an empty signature is an unsigned (alg: none) JWT: still a credential
                boolean dot = e2 < s.length() && s.charAt(e2) == '.';
                // no signature at all ("header.payload", as detect-secrets' tests have it): the payload must
                // be a JSON object too
                boolean payloadJson =
                        s.startsWith("eyJ", e1 + 1) && (e2 >= s.length() || !Tok.URLSAFE.accepts(s.charAt(e2)));
                if (e2 - e1 - 1 >= 10 && (dot || payloadJson) && headerHasAlg(s, i, e1)) {
                    int e3 = dot ? tokenEnd(s, e2 + 1, Tok.URLSAFE, 4096) : e2;
                    sink.hit("JWT", i, e3);
                    i = s.indexOf("eyJ", e3);
                    continue;
                }
            }
            // an "eyJ" later in the same run shares its end, so it cannot start a JWT either
            i = s.indexOf("eyJ", Math.max(e1, i + 3));
        }
    }

    private static boolean headerHasAlg(String s, int from, int to) {
        try {
            byte[] b = Base64.getUrlDecoder().decode(stripPadding(s.substring(from, to)));
            String h = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            return h.contains("\"alg\"") || h.contains("\"typ\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripPadding(String x) {
        int n = x.length();
        while (n > 0 && x.charAt(n - 1) == '=') {
            n--;
        }
        return x.substring(0, n);
    }

    /** scheme://user:password@host, whatever the password (database URLs, JDBC, AMQP, Redis, MongoDB, HTTP ...). */
    private static void urlCredentials(String s, Sink sink) {
        int i = s.indexOf("://");
        while (i >= 0) {
            int a = i;
            while (a > 0
                    && i - a < 24
                    && (Character.isLetterOrDigit(s.charAt(a - 1))
                            || s.charAt(a - 1) == '+'
                            || s.charAt(a - 1) == ':'
                            || s.charAt(a - 1) == '.'
                            || s.charAt(a - 1) == '-')) {
                a--;
            }
            int u = i + 3;
            int k = u;
            int colon = -1;
            int at = -1;
            while (k < s.length() && k - u < 256) {
                char c = s.charAt(k);
                if (c == '@') {
                    at = k; // the last '@' before the host part wins (passwords may contain '@')
                } else if (c == ':' && colon < 0) {
                    colon = k;
                } else if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"' || c == '\'') {
                    break;
                }
                k++;
            }
            if (a < i && colon >= u && at > colon + 1) { // the user may be empty: redis://:pw@host
                String password = s.substring(colon + 1, at);
                // "password" and "secret" are real passwords in production strings: only templates are skipped
                if (!password.isEmpty() && !Placeholders.isTemplate(password)) {
                    sink.hit(isDatabase(s.substring(a, i)) ? "DATABASE_URL" : "URL_CREDENTIALS", a, at);
                }
            }
            i = s.indexOf("://", i + 3);
        }
    }

    private static boolean isDatabase(String scheme) {
        String x = scheme.toLowerCase(java.util.Locale.ROOT);
        return x.startsWith("jdbc")
                || x.startsWith("postgres")
                || x.startsWith("mysql")
                || x.startsWith("mariadb")
                || x.startsWith("mongodb")
                || x.startsWith("redis")
                || x.startsWith("mssql")
                || x.startsWith("sqlserver")
                || x.startsWith("oracle")
                || x.startsWith("cockroach")
                || x.startsWith("clickhouse")
                || x.startsWith("amqp")
                || x.startsWith("couchbase");
    }

    private static void gcpServiceAccount(NormalizedText t, Sink sink) {
        int i = t.lower.indexOf("service_account");
        if (i >= 0
                && (t.lower.contains("private_key") || t.lower.contains(".iam.gserviceaccount.com"))
                && (t.lower.contains("\"type\"") || t.lower.contains("type:") || t.lower.contains("'type'"))) {
            sink.hit("GCP_SERVICE_ACCOUNT", i, i + "service_account".length());
        }
    }

    private static void azure(NormalizedText t, Sink sink) {
        String l = t.lower;
        for (String key : new String[] {"accountkey=", "sharedaccesskey=", "primarykey=", "secondarykey="}) {
            int i = l.indexOf(key);
            while (i >= 0) {
                int v = i + key.length();
                int e = tokenEnd(t.text, v, Tok.BASE64, 512);
                if (e - v >= 20 && !Placeholders.isPlaceholder(t.text.substring(v, e))) {
                    sink.hit("AZURE_CONNECTION_STRING", i, e);
                }
                i = l.indexOf(key, i + 1);
            }
        }
        int sig = l.indexOf("sig=");
        while (sig >= 0) {
            if (sig > 0
                    && (l.charAt(sig - 1) == '&' || l.charAt(sig - 1) == '?' || l.charAt(sig - 1) == ';')
                    && (l.contains("sv=") || l.contains("sharedaccesssignature"))) {
                int e = sig + 4;
                while (e < l.length() && (Tok.BASE64.accepts(t.text.charAt(e)) || t.text.charAt(e) == '%')) {
                    e++;
                }
                if (e - sig - 4 >= 20) {
                    sink.hit("AZURE_SAS_TOKEN", sig, e);
                }
            }
            sig = l.indexOf("sig=", sig + 4);
        }
    }

    /** A 40-char secret access key within a few lines after an AWS access key id. */
    private static void awsSecretAfterKeyId(String s, Sink sink) {
        int i = s.indexOf("AKIA");
        while (i >= 0) {
            int end = Math.min(s.length(), i + 300);
            for (int k = i + 20; k < end; k++) {
                if (Tok.BASE64.accepts(s.charAt(k)) && !Tok.BASE64.accepts(s.charAt(k - 1))) {
                    int e = tokenEnd(s, k, Tok.BASE64, 41);
                    if (e - k == 40 && mixed(s, k, e) && Entropy.bitsPerChar(s, k, e) > 4.0) {
                        sink.hit("AWS_SECRET_KEY", k, e);
                    }
                    k = e;
                }
            }
            i = s.indexOf("AKIA", i + 4);
        }
    }
}
