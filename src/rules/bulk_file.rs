//! Reads a bulk-invitation file: the Entra admin center's template (columns recognised by their bracketed
//! name, whatever the label's language) or a plain header, from the files people really have: a UTF-8 BOM,
//! CRLF or LF, `;` from Excel in many European locales, quoted fields with commas, quotes and line breaks,
//! blank lines, extra columns, and headers with odd case or spacing. Parsing is the `csv` crate's.

use std::collections::BTreeMap;

/// The admin center's bulk-invite template, so a file made for it works here unchanged.
/// Its four columns come first; this app's extra columns follow, named as Graph names the fields (the admin
/// center ignores columns it does not know, so the file stays usable there too).
pub const ADMIN_CENTER_TEMPLATE: &str = "version:v1.0\r\nEmail address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],Groups: ids or exact names separated by ; (extra column) [groups],Sponsors: user principal names or emails separated by ; (extra column) [sponsors],First name (extra column) [givenName],Last name (extra column) [surname],Job title (extra column) [jobTitle],Company (extra column) [companyName],Department (extra column) [department],Usage location: ISO 3166 two-letter code (extra column) [usageLocation]\r\n";

/// The template's file name when downloaded.
pub const TEMPLATE_FILE_NAME: &str = "bulk-invite-template.csv";

/// A column this app reads; any other column is kept out of the invitation and listed as ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Email,
    DisplayName,
    RedirectUrl,
    SendEmail,
    Message,
    Language,
    Cc,
    UserType,
    /// Groups the guest joins: ids or exact display names, `;` between them.
    Groups,
    /// Sponsors: user principal names or mail addresses, `;` between them.
    Sponsors,
    GivenName,
    Surname,
    JobTitle,
    CompanyName,
    Department,
    UsageLocation,
}

impl Column {
    /// The admin center's bracketed names (`[inviteeEmail]`), which stay English in every UI language.
    fn from_bracketed(name: &str) -> Option<Column> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "inviteeemail" => Column::Email,
            "inviteename" => Column::DisplayName,
            "inviteredirecturl" => Column::RedirectUrl,
            "sendemail" => Column::SendEmail,
            "customizedmessagebody" => Column::Message,
            // This app's extra columns, bracketed in its template like the admin center's.
            other => return Column::from_plain(other),
        })
    }

    /// This app's plain header: `email,displayName,redirectUrl,sendEmail,message,language,cc,userType`,
    /// in any case and with any spacing.
    fn from_plain(name: &str) -> Option<Column> {
        let key: String = name.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_ascii_lowercase();
        Some(match key.as_str() {
            "email" | "emailaddress" => Column::Email,
            "displayname" | "name" => Column::DisplayName,
            "redirecturl" => Column::RedirectUrl,
            "sendemail" => Column::SendEmail,
            "message" => Column::Message,
            "language" => Column::Language,
            "cc" => Column::Cc,
            "usertype" => Column::UserType,
            "groups" => Column::Groups,
            "sponsors" => Column::Sponsors,
            "givenname" | "firstname" => Column::GivenName,
            "surname" | "lastname" => Column::Surname,
            "jobtitle" => Column::JobTitle,
            "companyname" | "company" => Column::CompanyName,
            "department" => Column::Department,
            "usagelocation" => Column::UsageLocation,
            _ => return None,
        })
    }

    fn from_header(cell: &str) -> Option<Column> {
        let bracketed = cell.rfind('[').and_then(|open| {
            let rest = &cell[open + 1..];
            rest.find(']').map(|close| &rest[..close])
        });
        match bracketed {
            Some(name) => Column::from_bracketed(name),
            None => Column::from_plain(cell),
        }
    }
}

/// One data row: its line in the file (as a spreadsheet numbers it) and the recognised columns' values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRow {
    pub line: u64,
    pub values: BTreeMap<Column, String>,
}

impl BulkRow {
    /// The trimmed value of a column, `None` when the column is missing or the cell empty.
    pub fn get(&self, c: Column) -> Option<&str> {
        self.values.get(&c).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// The field separator found in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Semicolon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkFile {
    pub delimiter: Delimiter,
    pub columns: Vec<Column>,
    /// Header cells this app does not read, as written.
    pub ignored_columns: Vec<String>,
    /// Whether the file started with the admin center's `version:v1.0` line.
    pub admin_center_format: bool,
    pub rows: Vec<BulkRow>,
}

/// Why a file cannot be read; each says what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    /// An Excel workbook (a zip archive), not a CSV export of it.
    Spreadsheet,
    /// UTF-16 text, as "Unicode Text" exports are.
    Utf16,
    /// Not UTF-8: the byte offset of the first invalid byte.
    NotUtf8 {
        at: usize,
    },
    /// Looks like binary data rather than text.
    NotText,
    /// A header without an email column: the header cells found (at most a few).
    NoEmailColumn {
        found: Vec<String>,
    },
    /// A header but no data rows.
    NoRows,
}

/// Reads the file's bytes.
pub fn read(bytes: &[u8]) -> Result<BulkFile, FileProblem> {
    let text = decode(bytes)?;
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(match delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        })
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut records = reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .map(|r| (lines.line_of(r.position().map_or(0, |p| p.byte())), r));
    let (_, mut first) = records.next().ok_or(FileProblem::Empty)?;
    let admin_center_format = first.get(0).is_some_and(|f| f.trim().to_ascii_lowercase().starts_with("version:"));
    if admin_center_format {
        first = records.next().ok_or(FileProblem::NoRows)?.1;
    }
    let header: Vec<Option<Column>> = first.iter().map(Column::from_header).collect();
    if !header.contains(&Some(Column::Email)) {
        let found = first.iter().take(6).map(|c| c.trim().chars().take(60).collect()).collect();
        return Err(FileProblem::NoEmailColumn { found });
    }
    let ignored_columns =
        first.iter().zip(&header).filter(|(_, c)| c.is_none()).map(|(cell, _)| cell.trim().to_string()).collect();
    let rows: Vec<BulkRow> = records
        .map(|(line, r)| BulkRow {
            line,
            values: header
                .iter()
                .zip(r.iter())
                .filter_map(|(c, v)| c.map(|c| (c, v.to_string())))
                // The first of two columns with one meaning wins.
                .fold(BTreeMap::new(), |mut m, (c, v)| {
                    m.entry(c).or_insert(v);
                    m
                }),
        })
        .collect();
    if rows.is_empty() {
        return Err(FileProblem::NoRows);
    }
    let columns = header.iter().flatten().copied().collect();
    Ok(BulkFile { delimiter, columns, ignored_columns, admin_center_format, rows })
}

/// Line numbers as a spreadsheet shows them. The csv reader's own positions point at the end of the previous
/// record's terminator and skip blank lines, so the line is counted from the record's first byte.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text: text.as_bytes(), at: 0, line: 1 }
    }

    /// The line of the record whose position is `byte` (records come in order).
    fn line_of(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while self.text.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        if start > self.at {
            self.line += self.text[self.at..start].iter().filter(|b| **b == b'\n').count() as u64;
            self.at = start;
        }
        self.line
    }
}

fn decode(bytes: &[u8]) -> Result<&str, FileProblem> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileProblem::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(FileProblem::Spreadsheet);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileProblem::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| FileProblem::NotUtf8 { at: e.valid_up_to() })?;
    if text.contains('\0') {
        return Err(FileProblem::NotText);
    }
    Ok(text)
}

/// `;` when the header line (after any `version:` line) has more semicolons than commas outside quotes.
fn sniff_delimiter(text: &str) -> Delimiter {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = match lines.next() {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("version:") => lines.next().unwrap_or(l),
        Some(l) => l,
        None => "",
    };
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        Delimiter::Semicolon
    } else {
        Delimiter::Comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(f: &BulkFile) -> Vec<&str> {
        f.rows.iter().map(|r| r.get(Column::Email).unwrap_or("")).collect()
    }

    #[test]
    fn the_admin_center_template_reads_back_with_its_columns() {
        let text =
            format!("{ADMIN_CENTER_TEMPLATE}kim@fabrikam.example,https://myapps.microsoft.com,true,\"Hello, Kim\"\r\n");
        let f = read(text.as_bytes()).unwrap();
        assert!(f.admin_center_format);
        assert_eq!(
            f.columns,
            vec![
                Column::Email,
                Column::RedirectUrl,
                Column::SendEmail,
                Column::Message,
                Column::Groups,
                Column::Sponsors,
                Column::GivenName,
                Column::Surname,
                Column::JobTitle,
                Column::CompanyName,
                Column::Department,
                Column::UsageLocation
            ]
        );
        assert!(f.ignored_columns.is_empty());
        assert_eq!(f.rows[0].get(Column::Message), Some("Hello, Kim"));
        assert_eq!(f.rows[0].line, 3);
    }

    #[test]
    fn excel_semicolons_bom_crlf_and_a_padded_version_line() {
        let text = "\u{feff}version:v1.0;;;\r\nE-Mail-Adresse [inviteeEmail] Erforderlich;Umleitungs-URL [inviteRedirectURL] Erforderlich;Einladung senden [sendEmail];Nachricht [customizedMessageBody]\r\nanna@fabrikam.example;https://myapps.microsoft.com;false;\"Hallo; Anna\"\r\n";
        let f = read(text.as_bytes()).unwrap();
        assert_eq!(f.delimiter, Delimiter::Semicolon);
        assert_eq!(emails(&f), vec!["anna@fabrikam.example"]);
        assert_eq!(f.rows[0].get(Column::SendEmail), Some("false"));
        assert_eq!(f.rows[0].get(Column::Message), Some("Hallo; Anna"));
    }

    #[test]
    fn quoted_line_breaks_quotes_blank_lines_extra_columns_and_odd_headers() {
        let text = "  EMAIL , Display Name,Cost centre,redirect_url\n\nkim@fabrikam.example,\"Kim \"\"KJ\"\" Jung\",Sales,\n\n\"lee@fabrikam.example\",\"Lee\nSecond line\",Ops,https://example.com\n";
        let f = read(text.as_bytes()).unwrap();
        assert_eq!(f.delimiter, Delimiter::Comma);
        assert_eq!(f.ignored_columns, vec!["Cost centre".to_string()]);
        assert_eq!(emails(&f), vec!["kim@fabrikam.example", "lee@fabrikam.example"]);
        assert_eq!(f.rows[0].get(Column::DisplayName), Some("Kim \"KJ\" Jung"));
        assert_eq!(f.rows[1].get(Column::DisplayName), Some("Lee\nSecond line"));
        assert_eq!(f.rows[1].get(Column::RedirectUrl), Some("https://example.com"));
        // Lines as a spreadsheet counts them: the quoted line break makes the second row start on line 5.
        assert_eq!((f.rows[0].line, f.rows[1].line), (3, 5));
        // A row shorter than the header simply lacks the missing cells.
        let short = read(b"email,displayName\nx@y.example\n").unwrap();
        assert_eq!(short.rows[0].get(Column::DisplayName), None);
    }

    #[test]
    fn what_is_not_a_usable_csv_is_named() {
        assert_eq!(read(b"").unwrap_err(), FileProblem::Empty);
        assert_eq!(read(b" \r\n\n").unwrap_err(), FileProblem::Empty);
        assert_eq!(read(b"PK\x03\x04\x14\x00rest of a workbook").unwrap_err(), FileProblem::Spreadsheet);
        assert_eq!(read(&[0xFF, 0xFE, b'e', 0]).unwrap_err(), FileProblem::Utf16);
        assert_eq!(read(b"email\nk\xE9m@fabrikam.example\n").unwrap_err(), FileProblem::NotUtf8 { at: 7 });
        assert_eq!(read(b"email\x00\x01").unwrap_err(), FileProblem::NotText);
        assert_eq!(
            read(b"name,company\nKim,Fabrikam\n").unwrap_err(),
            FileProblem::NoEmailColumn { found: vec!["name".into(), "company".into()] }
        );
        assert_eq!(read(b"email,displayName\n").unwrap_err(), FileProblem::NoRows);
        assert_eq!(read(ADMIN_CENTER_TEMPLATE.as_bytes()).unwrap_err(), FileProblem::NoRows);
    }

    #[test]
    fn an_unclosed_quote_does_not_lose_the_rows_before_it() {
        let f =
            read(b"email,message\na@fabrikam.example,ok\nb@fabrikam.example,\"never closed\nc@fabrikam.example,x\n")
                .unwrap();
        assert_eq!(emails(&f)[0], "a@fabrikam.example");
        assert_eq!(f.rows.len(), 2, "the rest of the file is one quoted field of row 2");
    }

    #[test]
    fn fifty_thousand_rows_read() {
        let mut text = String::from("email,displayName\n");
        for i in 0..50_000 {
            text.push_str(&format!("p{i}@fabrikam.example,Partner {i}\n"));
        }
        let f = read(text.as_bytes()).unwrap();
        assert_eq!(f.rows.len(), 50_000);
        assert_eq!(f.rows[49_999].get(Column::Email), Some("p49999@fabrikam.example"));
        assert_eq!(f.rows[49_999].line, 50_001);
    }
}
