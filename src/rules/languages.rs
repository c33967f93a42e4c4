//! Languages of the invitation email (`messageLanguage`), as Microsoft's invitation email supports them.

/// The codes; the empty one means "let Microsoft decide" (en-US by default). `text::ui::language_name` names them.
pub const LANGUAGES: &[&str] = &[
    "",
    "ar-SA",
    "bg-BG",
    "ca-ES",
    "cs-CZ",
    "da-DK",
    "de-DE",
    "el-GR",
    "en-GB",
    "en-US",
    "es-ES",
    "et-EE",
    "eu-ES",
    "fi-FI",
    "fr-FR",
    "gl-ES",
    "he-IL",
    "hi-IN",
    "hr-HR",
    "hu-HU",
    "id-ID",
    "it-IT",
    "ja-JP",
    "kk-KZ",
    "ko-KR",
    "lt-LT",
    "lv-LV",
    "ms-MY",
    "nb-NO",
    "nl-NL",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ro-RO",
    "ru-RU",
    "sk-SK",
    "sl-SI",
    "sr-Latn-RS",
    "sv-SE",
    "th-TH",
    "tr-TR",
    "uk-UA",
    "vi-VN",
    "zh-CN",
    "zh-TW",
];

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = LANGUAGES.to_vec();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), LANGUAGES.len());
        assert!(is_supported("de-DE") && is_supported("") && !is_supported("xx-XX"));
    }
}
