//! The one CSV writer for every export (bulk results, the guest list, deletion results): UTF-8 with a BOM so Excel
//! reads it as UTF-8, CRLF and quoting per RFC 4180, and formula-injection safe: a cell
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
    let mut out = String::from(BOM);
    record(&mut out, header);
    for row in rows {
        record(&mut out, &row);
    }
    out
}

/// One line, RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. Written
/// here rather than with the `csv` crate's writer, which also ships a float parser for a quoting style
/// (non-numeric) no export uses; the tests read every export back with the crate's reader.
fn record<C: AsRef<str>>(out: &mut String, cells: &[C]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let c = neutralise(c.as_ref());
        // A lone empty cell is quoted, or the line would be empty and readers would skip it.
        if c.contains([',', '"', '\r', '\n']) || (cells.len() == 1 && c.is_empty()) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
}

/// Builds the file and hands it to the browser as a download; the reason when the browser refuses.
pub fn download<R, C>(file_name: &str, header: &[&str], rows: R) -> Result<(), String>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    crate::web::browser::download_text(file_name, "text/csv;charset=utf-8", &write(header, rows))
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

    #[test]
    fn a_one_column_file_keeps_its_empty_rows() {
        let out = write(&["name"], vec![vec!["Ana"], vec![""], vec!["Bo \"B\""]]);
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<String> = r.records().map(|rec| rec.unwrap().iter().collect()).collect();
        assert_eq!(rows, vec!["Ana", "", "Bo \"B\""]);
    }
}
