//! CSV: a header naming the fields, then one readout per row; each row's fields as `record`
//! reads them.

use serde_json::{Map, Value};

use super::Records;
use super::record::record_source;

pub(super) fn read(text: &str, records: &mut Records) {
    let unclosed = unclosed_quote(text);
    let complete = unclosed.map_or(text, |u| &text[..u.record]);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(complete.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            records.bad(1, error.to_string());
            return;
        }
    };
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                records.bad(line, error.to_string());
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        if !records.fits(line, row.as_slice().len()) {
            continue;
        }
        let object: Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .map(|(k, v)| (k.trim().to_string(), Value::String(v.to_string())))
            .collect();
        match record_source(Value::Object(object)) {
            Ok(record) => records.record(Some(format!("line {line}")), line, record),
            Err(message) => records.bad(line, message),
        }
    }
    if let Some(unclosed) = unclosed {
        let message = "unclosed quote: the field that opens here runs to the end of the file, \
                       so nothing from here on was read";
        records.bad(unclosed.line, message.into());
    }
}

/// A quoted field that is never closed: the byte its record starts at, and the line of its
/// quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unclosed {
    record: usize,
    line: usize,
}

/// The quoted field left open at the end of `text`, if any. The csv reader takes such a field
/// to the end of the file without a word, so the rows after it would vanish into one field of
/// one row. Only the end tells: a newline inside quotes is data, so no row before the end can
/// be known to be wrong. The scan keeps the reader's own rules (the default dialect: `,`, `"`
/// doubled inside quotes, any newline ends a row), so it finds the very field the reader ran
/// on: a quote opens a field only as its first character, and a quote inside an unquoted
/// field (`5" screen`) is text.
fn unclosed_quote(text: &str) -> Option<Unclosed> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside quotes: the field's end, or the first of a doubled quote.
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let (mut line, mut record, mut opened) = (1, 0, 1);
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = line;
                State::Quoted
            }
            (_, b',') => State::FieldStart,
            (_, b'\n' | b'\r') => {
                record = i + 1;
                State::FieldStart
            }
            _ => State::Unquoted,
        };
        if byte == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(Unclosed {
        record,
        line: opened,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        let unclosed = |text| unclosed_quote(text).map(|u| (u.record, u.line));
        assert_eq!(unclosed("a,b\n1,\"x\n2,y\n"), Some((4, 2)));
        assert_eq!(unclosed("a,b\r\n1,2\r\n\"x,\"\"y\n"), Some((10, 3)));
        assert_eq!(unclosed("\"a,b\n1,2\n"), Some((0, 1)));
        assert_eq!(
            unclosed("a,b\n1,\"x\ny\"\n2,\"z\"\"\"\n"),
            None,
            "closed, doubled"
        );
        assert_eq!(
            unclosed("a,b\n1,5\" screen\n2,y\n"),
            None,
            "a quote inside is text"
        );
        assert_eq!(
            unclosed("a,b\n1,\"x\"y\"\n"),
            None,
            "text after a closed quote"
        );
    }
}
