package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures the bundled all-MiniLM-L6-v2 on a paraphrase / non-paraphrase set (one topic example phrase, a
 * message that says the same thing in other words, everyday unrelated requests, and a generic question on the
 * same subject), prints the curve (threshold -> paraphrases caught, unrelated and same-subject fired), and checks
 * that the
 * threshold the shipped policy suggests ({@link DetectorSettings#SUGGESTED_THRESHOLD}) is the curve's best
 * point (most paraphrases caught while at most 1% of unrelated requests fire) within 0.05 and routes issue 12's layoffs paraphrase on-prem. Curve written to bench/CLASSIFY.md.
 */
class SemanticCalibrationTest {
    /** {example, paraphrase, non-paraphrase on a neighbouring subject}. */
    static final String[][] SET = {
        {
            "unannounced layoffs",
            "Next month we are cutting jobs and the staff don't know about it yet.",
            "We are hiring two engineers for the platform team next month."
        },
        {
            "unannounced merger and acquisition terms",
            "Draft the term sheet for buying Initech before we tell the press.",
            "Summarise the history of mergers in the airline industry."
        },
        {
            "the purchase price for acquiring the other company",
            "How much are we paying to take over Globex?",
            "What is the price of a company car lease?"
        },
        {
            "employee salary details",
            "List what each person in the sales team earns per year.",
            "What is the average salary of a software engineer in Germany?"
        },
        {
            "a patient's medical diagnosis",
            "She was diagnosed with type 2 diabetes last week, how do I tell HR?",
            "Explain how type 2 diabetes is diagnosed in general."
        },
        {
            "quarterly earnings before they are published",
            "Our Q3 revenue came in 12% under plan; the results go out on Friday.",
            "How do public companies publish quarterly earnings?"
        },
        {
            "a customer's home address",
            "Ship the replacement to Maria at 14 Elm Street, Springfield.",
            "What is the best way to format addresses in a database?"
        },
        {
            "confidential legal dispute with a supplier",
            "We are about to sue our packaging vendor over the broken contract, keep it quiet.",
            "What is the difference between a lawsuit and arbitration?"
        },
        {
            "performance review of an employee",
            "Write up why Tom's work this year was below expectations for his review.",
            "Give me a template for a performance review form."
        },
        {
            "source code of our proprietary trading algorithm",
            "Here is the core of our in-house trading strategy, please optimise it.",
            "Explain how algorithmic trading works."
        },
        {
            "unreleased product launch plans",
            "The new X200 phone ships in March, nobody outside the team knows yet.",
            "What makes a product launch successful?"
        },
        {
            "security vulnerability in our production system",
            "Our login service has an unpatched hole that lets anyone reset passwords.",
            "What is the OWASP top ten?"
        },
        {
            "a employee's disciplinary action",
            "HR is issuing a final written warning to Anna for misconduct.",
            "What does a disciplinary policy usually contain?"
        },
        {
            "plans to close a factory",
            "We will shut the Leeds plant in the autumn, the workers have not been told.",
            "How many factories are there in the UK?"
        },
        {
            "the board's discussion about replacing the CEO",
            "The directors want to push the chief executive out before the AGM.",
            "What are the duties of a board of directors?"
        },
        {
            "customer credit card complaints",
            "A client says we charged her card twice and wants a refund.",
            "How do credit cards work?"
        },
    };

    /** Everyday requests a gateway sees, on no sensitive subject: scored against every example above. */
    static final String[] UNRELATED = {
        "How do I configure connection pooling for a Spring Boot service that talks to PostgreSQL?",
        "Write a SQL query that returns the top 10 customers by revenue, grouped by region.",
        "Explain the difference between a B-tree and an LSM tree.",
        "Translate this paragraph about our office opening hours into French.",
        "Why does my Python script raise KeyError when the dictionary is empty?",
        "Suggest a name for an internal wiki page about coding conventions.",
        "Summarise this article about electric cars in three bullet points.",
        "What is a good recipe for banana bread?",
        "Convert this CSV of product names to JSON.",
        "Help me write a polite reminder that the team lunch is on Thursday.",
        "What are the main features of Java 21 records and sealed classes?",
        "How do I centre a div with CSS grid?",
        "Give me ten ideas for a team offsite activity.",
        "Fix the grammar in this sentence: the report were sent yesterday.",
        "What does HTTP status 429 mean and how should a client retry?",
        "Draft an agenda for a 30 minute sprint retrospective.",
    };

    private static final MiniLmEmbedder MODEL = MiniLmEmbedder.shared();

    private static double score(String example, String text) {
        float[] e = MODEL.embed(NormalizedText.of(example).text);
        double best = -1;
        for (SemanticDetector.Chunk c : SemanticDetector.chunks(List.of(new TextSegment("m", text)))) {
            best = Math.max(best, SemanticDetector.similarity(MODEL.embed(c.text()), e));
        }
        return best;
    }

    @Test
    void curveAndSuggestedThreshold() {
        int n = SET.length;
        double[] pos = new double[n];
        double[] near = new double[n];
        double[] neg = new double[n * UNRELATED.length];
        for (int i = 0; i < n; i++) {
            pos[i] = score(SET[i][0], SET[i][1]);
            near[i] = score(SET[i][0], SET[i][2]);
            for (int u = 0; u < UNRELATED.length; u++) {
                neg[i * UNRELATED.length + u] = score(SET[i][0], UNRELATED[u]);
            }
        }
        StringBuilder b = new StringBuilder(
                "\nsemantic calibration (all-MiniLM-L6-v2, best sentence chunk vs example): "
                        + n + " paraphrases, " + neg.length + " unrelated (example x everyday request), " + n
                        + " same-subject generic questions\nthreshold | paraphrases caught | unrelated fired | same-subject generic fired\n");
        double bestT = 0;
        double bestJ = -1;
        for (int k = 20; k <= 80; k += 5) {
            double t = k / 100.0;
            int tp = count(pos, t);
            int fp = count(neg, t);
            int nf = count(near, t);
            // the most paraphrases caught while at most 1% of unrelated requests fire; ties go to the higher threshold
            if (fp * 100 <= neg.length && tp >= bestJ) {
                bestJ = tp;
                bestT = t;
            }
            b.append(String.format(
                    "  %.2f | %2d/%d (%3.0f%%) | %3d/%d (%4.1f%%) | %2d/%d (%3.0f%%)%n",
                    t, tp, n, 100.0 * tp / n, fp, neg.length, 100.0 * fp / neg.length, nf, n, 100.0 * nf / n));
        }
        for (int i = 0; i < SET.length; i++) {
            b.append(String.format(
                    "  pair %2d: paraphrase %.3f  same-subject %.3f  (%s)%n", i, pos[i], near[i], SET[i][0]));
        }
        b.append(String.format(
                "suggested threshold (most paraphrases caught with <= 1%% of unrelated fired): %.2f "
                        + "(%d/%d caught); shipped suggestion %.2f%n",
                bestT, (int) bestJ, n, DetectorSettings.SUGGESTED_THRESHOLD));
        System.out.println(b);
        assertTrue(
                Math.abs(bestT - DetectorSettings.SUGGESTED_THRESHOLD) <= 0.05 + 1e-9,
                "the suggested threshold should be the measured best: " + bestT);
    }

    private static int count(double[] scores, double t) {
        int c = 0;
        for (double x : scores) {
            c += x >= t ? 1 : 0;
        }
        return c;
    }

    @Test
    void layoffsParaphraseStaysHomeAtTheSuggestedThreshold() {
        DetectorSettings topic = DetectorSettings.semantic(
                "topics", Level.CONFIDENTIAL, DetectorSettings.SUGGESTED_THRESHOLD, List.of("unannounced layoffs"));
        Classification c = new Classifier(ClassifierSettings.of(topic))
                .classify(
                        List.of(new TextSegment(
                                "messages[0].content",
                                "Can you help me word an email? Next month we are cutting jobs and the "
                                        + "staff don't know about it yet. It should sound calm.")),
                        null);
        assertEquals(Level.CONFIDENTIAL, c.level());
        Finding f = c.findings().get(0);
        assertEquals("unannounced layoffs", f.example());
        assertTrue(f.score() >= DetectorSettings.SUGGESTED_THRESHOLD, "score " + f.score());
    }
}
