//! PDFs: the text layer, read by pdf-extract on a thread of its own, so that a malformed file
//! that makes the parser panic or loop costs that file, never the run. A PDF without a text
//! layer (a scan) is named, not indexed empty.

use std::sync::mpsc;
use std::time::Duration;

use super::{Records, html};
use crate::readout::Given;

/// How long one PDF may take to read before it is given up.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Reads a PDF's text as one readout, or says why there is none.
pub(super) fn read(bytes: Vec<u8>, records: &mut Records) {
    if !bytes.starts_with(b"%PDF-") {
        return records.bad(0, "not a PDF: it does not start with %PDF-".into());
    }
    let (sender, receiver) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("pdf".into())
        .spawn(move || {
            let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes));
            // The run may have given up on this file already: nobody to tell.
            let _ = sender.send(text);
        });
    if reader.is_err() {
        return records.bad(0, "no thread could be started to read the PDF".into());
    }
    let text = match receiver.recv_timeout(TIME_LIMIT) {
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(error))) => return records.bad(0, format!("a PDF that cannot be read: {error}")),
        Ok(Err(_)) => return records.bad(0, "a PDF that cannot be read: its parser failed".into()),
        Err(_) => {
            let seconds = TIME_LIMIT.as_secs();
            return records.bad(0, format!("reading the PDF took over {seconds} s: skipped"));
        }
    };
    // Lines trimmed, runs of blank lines made one; a page break is whitespace too.
    let text = html::tidy(&text);
    if text.is_empty() {
        return records.not_a_readout("no text (scanned?): the PDF has no text layer".into());
    }
    if records.fits(0, text.len()) {
        records.readout(None, 0, text, Given::default());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ingest::read_file;

    fn fixture(name: &str) -> crate::ingest::FileRead {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        read_file(&root.join("tests/fixtures/pdf").join(name), 1 << 20).unwrap()
    }

    fn problems(read: &crate::ingest::FileRead) -> Vec<String> {
        read.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_pdf_s_text_layer_is_a_readout() {
        let read = fixture("readout.pdf");
        assert!(read.problems.is_empty(), "{:?}", problems(&read));
        let text = &read.sources[0].text;
        assert!(
            text.contains("Secretary Blinken met Azerbaijani Foreign Minister Bayramov"),
            "{text}"
        );
        assert!(text.contains("energy security"), "{text}");
    }

    #[test]
    fn a_scan_is_named_and_a_broken_pdf_is_an_error_not_a_crash() {
        let scan = fixture("scan.pdf");
        assert!(scan.sources.is_empty());
        assert!(
            problems(&scan)
                .iter()
                .any(|p| p.contains("no text (scanned?)")),
            "{:?}",
            problems(&scan)
        );
        let broken = fixture("broken.pdf");
        assert!(broken.sources.is_empty());
        assert!(
            problems(&broken)
                .iter()
                .any(|p| p.contains("cannot be read")),
            "{:?}",
            problems(&broken)
        );
    }
}
