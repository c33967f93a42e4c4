//! Languages of the invitation email (`messageLanguage`), as Microsoft's invitation email supports them.

/// (code, name). The empty code means "let Microsoft decide" (en-US by default).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("", "Default (English, United States)"),
    ("ar-SA", "Arabic"),
    ("bg-BG", "Bulgarian"),
    ("ca-ES", "Catalan"),
    ("cs-CZ", "Czech"),
    ("da-DK", "Danish"),
    ("de-DE", "German"),
    ("el-GR", "Greek"),
    ("en-GB", "English (United Kingdom)"),
    ("en-US", "English (United States)"),
    ("es-ES", "Spanish"),
    ("et-EE", "Estonian"),
    ("eu-ES", "Basque"),
    ("fi-FI", "Finnish"),
    ("fr-FR", "French"),
    ("gl-ES", "Galician"),
    ("he-IL", "Hebrew"),
    ("hi-IN", "Hindi"),
    ("hr-HR", "Croatian"),
    ("hu-HU", "Hungarian"),
    ("id-ID", "Indonesian"),
    ("it-IT", "Italian"),
    ("ja-JP", "Japanese"),
    ("kk-KZ", "Kazakh"),
    ("ko-KR", "Korean"),
    ("lt-LT", "Lithuanian"),
    ("lv-LV", "Latvian"),
    ("ms-MY", "Malay"),
    ("nb-NO", "Norwegian (Bokmål)"),
    ("nl-NL", "Dutch"),
    ("pl-PL", "Polish"),
    ("pt-BR", "Portuguese (Brazil)"),
    ("pt-PT", "Portuguese (Portugal)"),
    ("ro-RO", "Romanian"),
    ("ru-RU", "Russian"),
    ("sk-SK", "Slovak"),
    ("sl-SI", "Slovenian"),
    ("sr-Latn-RS", "Serbian (Latin)"),
    ("sv-SE", "Swedish"),
    ("th-TH", "Thai"),
    ("tr-TR", "Turkish"),
    ("uk-UA", "Ukrainian"),
    ("vi-VN", "Vietnamese"),
    ("zh-CN", "Chinese (Simplified)"),
    ("zh-TW", "Chinese (Traditional)"),
];

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = LANGUAGES.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), LANGUAGES.len());
        assert!(is_supported("de-DE") && is_supported("") && !is_supported("xx-XX"));
    }
}
