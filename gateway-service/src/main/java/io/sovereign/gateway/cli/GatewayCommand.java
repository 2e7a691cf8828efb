package io.sovereign.gateway.cli;

import io.sovereign.gateway.auth.ApiKeyStore;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyException;
import io.sovereign.gateway.policy.PolicyParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Admin commands that need no running gateway:
 * {@code policy check FILE}, {@code policy test FILE CASES_DIR}, {@code policy diff --audit AUDIT CANDIDATE},
 * {@code apikey new --id ID --user U --team T [--roles a,b]}.
 * Exit code 0 on success, 1 on a failed check, 2 on usage errors.
 */
public final class GatewayCommand {

    private GatewayCommand() {}

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("policy") || args[0].equals("apikey"));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args[0].equals("policy") && args.length == 3 && args[1].equals("check")) {
                return check(Path.of(args[2]), out, err);
            }
            if (args[0].equals("policy") && args.length == 4 && args[1].equals("test")) {
                return PolicyTestRunner.run(Path.of(args[2]), Path.of(args[3]), out, err);
            }
            if (args[0].equals("policy") && args.length == 5 && args[1].equals("diff") && args[2].equals("--audit")) {
                return PolicyDiff.run(Path.of(args[3]), Path.of(args[4]), out, err);
            }
            if (args[0].equals("apikey") && args.length >= 2 && args[1].equals("new")) {
                return newKey(Arrays.copyOfRange(args, 2, args.length), out, err);
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        err.println("""
                usage:
                  java -jar gateway-service.jar policy check FILE
                  java -jar gateway-service.jar policy test FILE CASES_DIR
                  java -jar gateway-service.jar policy diff --audit logs/audit.jsonl CANDIDATE.yaml
                  java -jar gateway-service.jar apikey new --id ID --user USER --team TEAM [--roles gateway-user,...]""");
        return 2;
    }

    static int check(Path file, PrintStream out, PrintStream err) throws IOException {
        if (!Files.isRegularFile(file)) {
            err.println("error: " + file + " does not exist");
            return 2;
        }
        try {
            Policy p = new PolicyParser(System::getenv).parse(Files.readAllBytes(file));
            out.println("OK " + file + " (revision " + p.revision() + "): "
                    + p.targets().size() + " target(s), " + p.rules().size() + " rule(s), "
                    + p.detectors().size() + " detector(s)");
            return 0;
        } catch (PolicyException e) {
            err.println("INVALID " + file + ": " + e.getMessage());
            return 1;
        }
    }

    static int newKey(String[] opts, PrintStream out, PrintStream err) {
        String id = null;
        String user = null;
        String team = null;
        String roles = "gateway-user";
        for (int i = 0; i + 1 < opts.length; i += 2) {
            switch (opts[i]) {
                case "--id" -> id = opts[i + 1];
                case "--user" -> user = opts[i + 1];
                case "--team" -> team = opts[i + 1];
                case "--roles" -> roles = opts[i + 1];
                default -> {
                    err.println("unknown option " + opts[i]);
                    return 2;
                }
            }
        }
        if (id == null || user == null || team == null || opts.length % 2 != 0) {
            err.println("apikey new needs --id, --user and --team");
            return 2;
        }
        String key = ApiKeyStore.newKey();
        out.println("# Give this key to the service owner; it is not stored anywhere and cannot be shown again:");
        out.println("#   " + key);
        out.println("# Add this entry under 'keys:' in the API keys file (gateway.auth.api-keys-file):");
        out.println("  - { id: " + id + ", sha256: " + ApiKeyStore.sha256(key) + ", user: " + user + ", team: " + team
                + ", roles: [" + String.join(", ", roles.split(",")) + "] }");
        return 0;
    }
}
