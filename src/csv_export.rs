//! The one CSV writer for every export (bulk results, and later the guest list): UTF-8 with a BOM so Excel
//! reads it as UTF-8, CRLF and quoting per RFC 4180 (the `csv` crate), and formula-injection safe: a cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
//! shows it as text instead of running it (OWASP, "CSV Injection").

/// Excel's cue that the file is UTF-8.
const BOM: &str = "\u{feff}";

/// A cell as a spreadsheet may read it safely.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The whole file: the header row, then the rows.
pub fn write<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    // Writing to memory cannot fail; a failed row would only be missing, never a panic.
    let _ = w.write_record(header.iter().map(|h| neutralise(h).into_owned()));
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(c.as_ref()).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

/// Builds the file and hands it to the browser as a download; the reason when the browser refuses.
pub fn download<R, C>(file_name: &str, header: &[&str], rows: R) -> Result<(), String>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    crate::browser::download_text(file_name, "text/csv;charset=utf-8", &write(header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_quoting_follows_rfc_4180() {
        let out = write(
            &["email", "note"],
            vec![
                vec!["=HYPERLINK(\"http://evil.example\")", "plain"],
                vec!["+1", "-2"],
                vec!["@SUM(A1)", "\ttab"],
                vec!["a, b", "say \"hi\"\nnext line"],
                vec!["\rcr", ""],
            ],
        );
        let expected = "\u{feff}email,note\r\n\
            \"'=HYPERLINK(\"\"http://evil.example\"\")\",plain\r\n\
            '+1,'-2\r\n\
            '@SUM(A1),'\ttab\r\n\
            \"a, b\",\"say \"\"hi\"\"\nnext line\"\r\n\
            \"'\rcr\",\r\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn unicode_and_markup_survive_as_text() {
        let out = write(&["name"], vec![vec!["陳大文 <b>x</b>"]]);
        assert_eq!(out, "\u{feff}name\r\n陳大文 <b>x</b>\r\n");
    }

    #[test]
    fn an_export_reads_back_as_the_cells_written() {
        let cells = vec!["a@fabrikam.example", "=cmd", "line\nbreak", "comma, inside"];
        let out = write(&["c1", "c2", "c3", "c4"], vec![cells.clone()]);
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let row: Vec<String> = r.records().next().unwrap().unwrap().iter().map(String::from).collect();
        assert_eq!(row, vec!["a@fabrikam.example", "'=cmd", "line\nbreak", "comma, inside"]);
    }
}
