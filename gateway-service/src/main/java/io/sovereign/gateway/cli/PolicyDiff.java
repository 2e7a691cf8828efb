package io.sovereign.gateway.cli;

import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyException;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.shadow.Replay;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code policy diff --audit AUDIT.jsonl CANDIDATE.yaml}: replays an audit log's decision facts against a candidate
 * policy and prints the report {@code GET /admin/policy/shadow} answers (plus a {@code replay} object saying which
 * lines were used), the live side being what each line recorded. Exit 0 when the report is printed (with a warning on
 * stderr for skipped lines), 1 for an invalid candidate or a log with no usable line, 2 for a missing file.
 */
final class PolicyDiff {

    private PolicyDiff() {}

    static int run(Path audit, Path candidateFile, PrintStream out, PrintStream err) throws IOException {
        if (!Files.isRegularFile(candidateFile)) {
            err.println("error: candidate policy " + candidateFile + " does not exist");
            return 2;
        }
        if (!Files.isRegularFile(audit)) {
            err.println("error: audit log " + audit + " does not exist (the gateway writes it to gateway.audit.file,"
                    + " logs/audit.jsonl by default)");
            return 2;
        }
        Policy candidate;
        try {
            candidate = new PolicyParser(System::getenv).parse(Files.readAllBytes(candidateFile));
        } catch (PolicyException e) {
            err.println("INVALID " + candidateFile + ": " + e.getMessage());
            return 1;
        }
        Replay.Result r;
        try (BufferedReader in = Files.newBufferedReader(audit, StandardCharsets.UTF_8)) {
            r = Replay.run(in, candidate);
        } catch (CharacterCodingException e) {
            err.println("error: " + audit + " is not UTF-8 text (an audit log is JSON lines)");
            return 1;
        }
        ObjectNode report = r.report().toJson(null);
        ObjectNode replay = report.putObject("replay");
        replay.put("audit_file", audit.toString());
        replay.put("lines_replayed", r.replayed());
        replay.put("lines_without_decision", r.notDecisions());
        replay.put("lines_malformed", r.malformed());
        replay.put("approximated", r.approximated());
        out.println(report.toPrettyString());
        err.println("replayed " + r.replayed() + " decision(s) from " + audit + " against candidate revision "
                + candidate.revision() + ": " + r.report().differing() + " differ");
        if (r.notDecisions() > 0) {
            err.println("  " + r.notDecisions() + " line(s) carry no decision (admin calls, model lists, requests"
                    + " refused before classification) and were left out");
        }
        if (r.malformed() > 0) {
            err.println("  warning: " + r.malformed() + " malformed line(s) skipped:");
            r.problems().forEach(p -> err.println("    " + p));
            if (r.malformed() > r.problems().size()) {
                err.println("    ... and " + (r.malformed() - r.problems().size()) + " more");
            }
        }
        if (r.approximated() > 0) {
            err.println("  note: " + r.approximated() + " decision(s) are approximate: the candidate's detectors (or"
                    + " a redact rule) would need the prompt text, which the audit log never holds; the recorded"
                    + " classification was used");
        }
        if (r.replayed() == 0) {
            err.println("error: no line of " + audit + " could be replayed");
            return 1;
        }
        return 0;
    }
}
