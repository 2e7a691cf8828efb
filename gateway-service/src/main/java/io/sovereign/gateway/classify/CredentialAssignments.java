package io.sovereign.gateway.classify;

/**
 * Credentials given as assignments or in prose: {@code password=...}, {@code passwd: ...},
 * {@code "password": "..."}, "my password is ...", and high-entropy values right after words like key,
 * secret, token or bearer. Values that are code references, types or placeholders do not fire.
 */
final class CredentialAssignments {
    private static final java.util.regex.Pattern DOTTED =
            java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+");
    /** Words that introduce a password; long ones may follow a letter (PGPASSWORD), short ones may not. */
    private static final String[] PASSWORD_WORDS = {
        "password", "passwd", "passphrase", "pwd", "pass", "secret", "_secure", "apikey", "api_key", "api-key"
    };

    private static final String[] KEY_WORDS = {"key", "secret", "token", "bearer", "credential", "apikey", "auth"};

    void scan(NormalizedText t, Detector.Sink sink) {
        String l = t.lower;
        Bigrams pairs = t.bigrams(); // most texts lack most words: no indexOf for those
        for (String w : PASSWORD_WORDS) {
            int i = pairs.mayContain(w) ? l.indexOf(w) : -1;
            while (i >= 0) {
                password(t, i, w, sink);
                i = l.indexOf(w, i + w.length());
            }
        }
        if (t.text.indexOf(" -u ") >= 0 || t.text.indexOf(" --user") >= 0) {
            userOption(t, sink);
        }
        if (l.indexOf("authorization:") >= 0 || l.indexOf("-h ") >= 0 || l.indexOf("--header") >= 0) {
            HeaderCredentials.scan(t, sink);
        }
        for (String w : KEY_WORDS) {
            int i = pairs.mayContain(w) ? l.indexOf(w) : -1;
            while (i >= 0) {
                entropy(t, i, w, sink);
                i = l.indexOf(w, i + w.length());
            }
        }
    }

    private static void password(NormalizedText t, int i, String w, Detector.Sink sink) {
        String l = t.lower;
        boolean letterBefore = i > 0 && Character.isLetter(l.charAt(i - 1));
        if (letterBefore && (w.length() < 6)) {
            return; // "bypass", "compass", "cwd" ...
        }
        int k = i + w.length();
        if (w.equals("pass") && k < l.length() && Character.isLetter(l.charAt(k))) {
            return; // "password" is handled by its own word; "passage", "passing"
        }
        int idEnd = k;
        while (idEnd < l.length()
                && idEnd - k < 12
                && (Character.isLetterOrDigit(l.charAt(idEnd)) || l.charAt(idEnd) == '_' || l.charAt(idEnd) == '-')) {
            idEnd++;
        }
        String suffix = l.substring(k, idEnd);
        if (!(suffix.isEmpty()
                || suffix.equals("s")
                || suffix.equals("word")
                || suffix.startsWith("_")
                || suffix.equals("phrase")
                || suffix.equals("key")
                || suffix.equals("-key"))) {
            return; // "passwordless", "secretary", "secretly"
        }
        int v = separator(l, idEnd);
        if (v < 0) {
            v = xmlValue(l, idEnd);
        }
        if (v < 0 && l.startsWith(" for ", idEnd)) {
            v = forUserIs(l, idEnd);
        }
        if (v >= 0) {
            value(t, i, v, true, sink);
        } else if (idEnd == k && idEnd + 1 < l.length() && l.charAt(idEnd) == ' ') {
            spaceSeparated(t, i, idEnd + 1, sink); // .netrc: "login bob password hunter2x9"
        }
    }

    /** .NET config: {@code <add key="SmtpPassword" value="..."/>}; returns where the quoted value starts, or -1. */
    private static int xmlValue(String l, int k) {
        int j = k;
        if (j < l.length() && (l.charAt(j) == '"' || l.charAt(j) == '\'')) {
            j++;
        }
        int ws = j;
        while (j < l.length() && j - ws < 4 && (l.charAt(j) == ' ' || l.charAt(j) == '\t')) {
            j++;
        }
        if (j == ws || !l.startsWith("value", j)) {
            return -1;
        }
        j += 5;
        while (j < l.length() && l.charAt(j) == ' ') {
            j++;
        }
        if (j + 1 >= l.length() || l.charAt(j) != '=') {
            return -1;
        }
        j++;
        while (j < l.length() && l.charAt(j) == ' ') {
            j++;
        }
        return j < l.length() && (l.charAt(j) == '"' || l.charAt(j) == '\'') ? j : -1;
    }

    /** "the password for user 'postgres' is 'admin'": the quoted value after " is " on the same line, or -1. */
    private static int forUserIs(String l, int k) {
        int lim = Math.min(l.length(), k + 60);
        int is = l.indexOf(" is ", k);
        int nl = l.indexOf('\n', k);
        if (is < 0
                || is >= lim
                || (nl >= 0 && nl < is)
                || !l.startsWith("user", k + 5) && !l.startsWith("the user", k + 5)) {
            return -1;
        }
        int v = is + 4;
        return v < l.length() && (l.charAt(v) == '\'' || l.charAt(v) == '"') ? v : -1;
    }

    /** "password VALUE" without '=' or ':' fires only for a value that mixes letters and digits (6+ chars). */
    private static void spaceSeparated(NormalizedText t, int keyStart, int v, Detector.Sink sink) {
        String s = t.text;
        int e = v;
        while (e < s.length() && e - v < 100 && !Character.isWhitespace(s.charAt(e))) {
            e++;
        }
        String val = s.substring(v, e);
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < val.length(); i++) {
            letter |= Character.isLetter(val.charAt(i));
            digit |= Character.isDigit(val.charAt(i));
        }
        if (val.length() >= 6 && letter && digit && literalLooking(val) && !Placeholders.isPlaceholder(val)) {
            sink.hit("PASSWORD", keyStart, e);
        }
    }

    /**
     * curl -u user:password / --user user:password, each half quoted or not ({@code "id":"secret"},
     * {@code kevin:'pw'}), and an empty user or password ({@code -u ":pw"}, {@code -u "api_key:"}: an API key
     * sent as the user name).
     */
    private static void userOption(NormalizedText t, Detector.Sink sink) {
        String s = t.text;
        for (String opt : new String[] {" -u ", " --user ", " --user="}) {
            int i = s.indexOf(opt);
            while (i >= 0) {
                int v = i + opt.length();
                while (v < s.length() && v - i < opt.length() + 4 && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
                    v++;
                }
                int e = v;
                while (e < s.length() && e - v < 200 && !Character.isWhitespace(s.charAt(e))) {
                    e++;
                }
                String pair = s.substring(v, e).replace("\"", "").replace("'", "");
                int colon = pair.indexOf(':');
                if (colon >= 0) {
                    String user = pair.substring(0, colon);
                    String pw = pair.substring(colon + 1);
                    String secret = !pw.isEmpty() ? pw : user; // "key:" sends the key as the user name
                    boolean lone = pw.isEmpty() || user.isEmpty();
                    if (!secret.isEmpty()
                            && (!lone || secret.length() >= 8)
                            && !Placeholders.isPlaceholder(secret)
                            && literalLooking(secret)) {
                        sink.hit("PASSWORD", i + 1, e);
                    }
                }
                i = s.indexOf(opt, i + 1);
            }
        }
    }

    /** Returns where the value starts after "=", ":", ":=", "=>", " is ", or -1. */
    private static int separator(String l, int k) {
        int j = k;
        if (j < l.length() && (l.charAt(j) == '"' || l.charAt(j) == '\'')) {
            j++;
        }
        int spaces = 0;
        while (j < l.length() && l.charAt(j) == ' ' && spaces < 4) {
            j++;
            spaces++;
        }
        if (j >= l.length()) {
            return -1;
        }
        char c = l.charAt(j);
        if (c == '=' || c == ':') {
            j++;
            if (j < l.length() && (l.charAt(j) == '=' || l.charAt(j) == '>')) {
                j++;
            }
        } else if (l.startsWith("is ", j) || l.startsWith("was ", j)) {
            j += l.charAt(j) == 'i' ? 3 : 4;
        } else {
            return -1;
        }
        while (j < l.length() && (l.charAt(j) == ' ' || l.charAt(j) == '\t')) {
            j++;
        }
        return j < l.length() ? j : -1;
    }

    /** A password-like value at v; fires PASSWORD when it is a literal, not a reference or placeholder. */
    private static void value(NormalizedText t, int keyStart, int v, boolean strict, Detector.Sink sink) {
        String s = t.text;
        char q = s.charAt(v);
        boolean quoted = q == '"' || q == '\'' || q == '`';
        int a = quoted ? v + 1 : v;
        int e = a;
        if (quoted) {
            while (e < s.length() && s.charAt(e) != q && s.charAt(e) != '\n' && e - a < 200) {
                e++;
            }
            if (e >= s.length() || s.charAt(e) != q) {
                return;
            }
        } else {
            while (e < s.length()
                    && e - a < 200
                    && !Character.isWhitespace(s.charAt(e))
                    && ",;&)}]\"'<>".indexOf(s.charAt(e)) < 0) {
                e++;
            }
            while (e > a
                    && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == '!' || s.charAt(e - 1) == '?')
                    && e - a > 1
                    && !strongSymbols(s, a, e - 1)) {
                e--; // sentence punctuation
            }
        }
        String val = s.substring(a, e);
        if (val.length() < 4 || Placeholders.isPlaceholder(val) && !Placeholders.literalAroundTemplate(val)) {
            return;
        }
        if (quoted && notAValue(val)) {
            return;
        }
        if (!quoted && !literalLooking(Placeholders.withoutTemplates(val)) && !pairedWithUser(t.lower, keyStart, val)) {
            return;
        }
        sink.hit("PASSWORD", keyStart, e);
    }

    /**
     * What sits between two quotes after "password:" but is no password: the rest of an expression whose quote
     * closed a label ({@code "Password: " + getPassword() + ","}, {@code 'password = '.$p['pw']}), a variable
     * ({@code '$DB_PASSWORD'}), a path, or a name that repeats the key word ({@code "#add-password"},
     * {@code "arn:aws:iam::aws:policy/IAMUserChangePassword"}, {@code "Password:"}).
     */
    static boolean notAValue(String val) {
        String x = val.strip();
        if (x.isEmpty() || ".+,;".indexOf(x.charAt(0)) >= 0 || ".+".indexOf(x.charAt(x.length() - 1)) >= 0) {
            return true;
        }
        String inner = x;
        while (inner.length() > 2
                && "'\"`".indexOf(inner.charAt(0)) >= 0
                && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
            inner = inner.substring(1, inner.length() - 1);
        }
        if (inner.startsWith("$")
                && inner.length() > 1
                && (Character.isLetter(inner.charAt(1)) || inner.charAt(1) == '{')) {
            return true;
        }
        if (inner.startsWith("/") && inner.indexOf('/', 1) > 0 && inner.indexOf(' ') < 0) {
            return true; // a URL path or file path
        }
        String lower = inner.toLowerCase(java.util.Locale.ROOT);
        if (!(lower.contains("password") || lower.contains("passwd"))) {
            return false;
        }
        boolean structure = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (!(Character.isLetter(c) || "_-:/#.".indexOf(c) >= 0)) {
                return false; // "Password123!" is a (bad) password
            }
            structure |= !Character.isLetter(c);
        }
        return structure; // "thisismypassword" is one too; "#add-password" and "Password:" are names
    }

    /**
     * An unquoted word after "password =" is usually a variable; it counts as a literal when a user name is
     * assigned on the line before ("user = Aladdin" / "password = open_sesame"), as in config files.
     */
    private static boolean pairedWithUser(String l, int keyStart, String val) {
        if (val.length() < 5 || !val.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            return false;
        }
        int lineStart = l.lastIndexOf('\n', keyStart - 1);
        if (lineStart < 1) {
            return false;
        }
        int prevStart = l.lastIndexOf('\n', lineStart - 1) + 1;
        String prev = l.substring(prevStart, lineStart).strip();
        for (String u : new String[] {"user", "username", "login"}) {
            if (prev.startsWith(u)) {
                String rest = prev.substring(u.length()).stripLeading();
                if (rest.startsWith("=") || rest.startsWith(":")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean strongSymbols(String s, int a, int e) {
        for (int i = a; i < e; i++) {
            if ("!@#$%^&*+~?".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** An unquoted value that is a literal secret, not a variable, call, type or word. */
    static boolean literalLooking(String v) {
        String x = v.toLowerCase(java.util.Locale.ROOT);
        if (v.indexOf('(') >= 0
                || v.indexOf('[') >= 0
                || x.contains("pass")
                || x.contains("pwd")
                || x.contains("secret")
                || x.contains("config")
                || x.contains("param")
                || x.contains("args")) {
            return false;
        }
        if (DOTTED.matcher(x).matches()) {
            return false; // self.password, settings.db.pw
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        boolean symbol = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            digit |= Character.isDigit(c);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
            symbol |= "!@#$%^&*+~?/=-.".indexOf(c) >= 0;
        }
        return digit || symbol || (upper && lower && v.length() >= 8);
    }

    private static void entropy(NormalizedText t, int i, String w, Detector.Sink sink) {
        String l = t.lower;
        if (i > 0 && Character.isLetter(l.charAt(i - 1)) && !afterCompound(l, i)) {
            return; // monkey, turkey
        }
        if (i >= 7 && l.startsWith("public", i - 7) || i >= 6 && l.startsWith("public", i - 6)) {
            return; // public keys are not secrets
        }
        int k = i + w.length();
        int lim = Math.min(l.length(), k + 24);
        while (k < lim && (Character.isLetterOrDigit(l.charAt(k)) || l.charAt(k) == '_' || l.charAt(k) == '-')) {
            k++;
        }
        int sepEnd = Math.min(l.length(), k + 8);
        while (k < sepEnd && " \t\"':=>".indexOf(l.charAt(k)) >= 0) {
            k++;
        }
        if (l.startsWith("is ", k)) {
            k += 3;
        }
        int e = SecretDetector.tokenEnd(t.text, k, SecretDetector.Tok.BASE64, 1024);
        while (e < t.text.length() && e - k < 1024) {
            char c = t.text.charAt(e);
            int close = -1;
            if (t.text.startsWith("${", e) || t.text.startsWith("{{", e)) { // a template inside the value
                close = t.text.indexOf('}', e + 2);
                close = close > 0 && close - e <= 64 ? close + (t.text.startsWith("}}", close) ? 2 : 1) : -1;
            }
            if (close > 0) {
                e = SecretDetector.tokenEnd(t.text, close, SecretDetector.Tok.BASE64, 1024);
            } else if ("-_.~".indexOf(c) >= 0) {
                e = SecretDetector.tokenEnd(t.text, e + 1, SecretDetector.Tok.BASE64, 1024);
            } else {
                break;
            }
        }
        if (e - k < 20 || (e < t.text.length() && Character.isLetterOrDigit(t.text.charAt(e)))) {
            return;
        }
        if (highEntropy(t.text, k, e)) {
            sink.hit("HIGH_ENTROPY_SECRET", i, e);
        }
    }

    private static boolean afterCompound(String l, int i) {
        for (String p : new String[] {
            "api",
            "access",
            "secret",
            "private",
            "auth",
            "master",
            "client",
            "signing",
            "encryption",
            "session",
            "refresh",
            "bearer",
            "app",
            "service"
        }) {
            if (i >= p.length() && l.startsWith(p, i - p.length())) {
                return true;
            }
        }
        return false;
    }

    static boolean highEntropy(String s, int a, int e) {
        String v = s.substring(a, e);
        if (Placeholders.literalAroundTemplate(v)) {
            String rest = Placeholders.withoutTemplates(v);
            return rest.length() >= 16 && highEntropy(rest, 0, rest.length());
        }
        if (Placeholders.isPlaceholder(v) || v.startsWith("AAAA") || uuid(v)) {
            return false;
        }
        if (Entropy.hex(s, a, e)) {
            return e - a >= 32 && Entropy.bitsPerChar(s, a, e) >= 3.0;
        }
        return Entropy.letterDigitSwitches(s, a, e) >= 3 && Entropy.bitsPerChar(s, a, e) >= 3.5;
    }

    private static boolean uuid(String v) {
        return v.length() == 36
                && v.charAt(8) == '-'
                && v.charAt(13) == '-'
                && v.charAt(18) == '-'
                && v.charAt(23) == '-';
    }
}
