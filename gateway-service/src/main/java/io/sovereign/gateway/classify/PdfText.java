package io.sovereign.gateway.classify;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF with Apache PDFBox, page by page within the request's character budget and deadline: page
 * text, form field values, annotation contents and the document information (title, author, subject,
 * keywords), because a card number typed into a form field or a comment leaves with the file just as well.
 * What PDFBox cannot read (a password, a broken file), pages that are only pictures (a scan) and embedded
 * files are reported as uninspectable.
 */
final class PdfText {

    /** Scratch memory PDFBox may use per document; beyond it loading fails (a decompression bomb). */
    private static final long MAX_SCRATCH_BYTES = 64L * 1024 * 1024;

    /** {@code text} null when nothing could be read; {@code opaque} names what could not be inspected. */
    record Result(String text, String opaque, boolean overBudget) {}

    private PdfText() {}

    static Result extract(byte[] bytes, Attachments.Budget budget) {
        try (PDDocument doc = Loader.loadPDF(
                bytes, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(MAX_SCRATCH_BYTES).streamCache)) {
            StringBuilder out = new StringBuilder();
            String opaque = null;
            boolean over = false;
            PDFTextStripper stripper = new PDFTextStripper();
            int pages = doc.getNumberOfPages();
            for (int p = 1; p <= pages && !over; p++) {
                if (budget.late()) {
                    over = true;
                    break;
                }
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String page = stripper.getText(doc);
                if (page.isBlank() && hasPictures(doc.getPage(p - 1))) {
                    opaque = "pdf-scanned-page";
                }
                over = append(out, page, budget);
                for (PDAnnotation a : doc.getPage(p - 1).getAnnotations()) {
                    over |= append(out, a.getContents(), budget);
                }
            }
            PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
            if (form != null) {
                for (PDField f : form.getFieldTree()) {
                    over |= append(out, f.getValueAsString(), budget);
                }
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            for (String s : new String[] {
                info.getTitle(), info.getAuthor(), info.getSubject(), info.getKeywords(), info.getCreator()
            }) {
                over |= append(out, s, budget);
            }
            var names = doc.getDocumentCatalog().getNames();
            if (names != null && names.getEmbeddedFiles() != null) {
                opaque = "pdf-embedded-file";
            }
            return new Result(out.toString(), opaque, over);
        } catch (InvalidPasswordException e) {
            return new Result(null, "pdf-encrypted", false);
        } catch (IOException | RuntimeException e) {
            return new Result(null, "undecodable", false);
        }
    }

    /** Appends within the budget; true when the budget ran out. */
    private static boolean append(StringBuilder out, String s, Attachments.Budget budget) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.length() > budget.chars) {
            out.append(s, 0, Math.max(0, budget.chars)).append('\n');
            budget.chars = 0;
            return true;
        }
        out.append(s).append('\n');
        budget.chars -= s.length();
        return false;
    }

    private static boolean hasPictures(PDPage page) throws IOException {
        PDResources r = page.getResources();
        if (r == null) {
            return false;
        }
        for (var name : r.getXObjectNames()) {
            if (r.isImageXObject(name)) {
                return true;
            }
        }
        return false;
    }
}
